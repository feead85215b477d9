"""The corpus sweep: `apigen generate` over every spec of ../shared/corpus, then import and type-check.

    python -m tests.corpus.sweep --all --out docs/corpus-report.md     # make corpus
    python -m tests.corpus.sweep --groups tiny,small                   # make corpus-ci
    python -m tests.corpus.sweep --specs oai-petstore,xero-finance --keep /tmp/sweep

Each spec is generated in a subprocess of its own (the CLI, through tests/corpus/_generate.py, which
only adds a file of counts), with a timeout, a fresh format cache shared by the run, and a folder
without a pyproject.toml as its working directory (so apigen's own [tool.apigen] settings do not
apply). The parent records the exit code, stderr, wall time and the child's peak RSS (os.wait4).
A package that was generated is then imported, every module of it, in a fresh interpreter (which
also checks that it does not import `generator`), and the tiny ones are type-checked with
`mypy --strict`.

Results:
- ok                the spec generated (exit 0) and the package imports;
- located-error     exit 2 and at least one `FILE:LINE:COL: error:` line on stderr;
- unlocated-error   exit 2 without a located error line (a message that does not point at the spec);
- import-failed     exit 0 but the generated package does not import (an apigen bug);
- bug               exit 3, any other exit code, a signal, or a traceback anywhere (an apigen bug);
- timeout           the generation did not finish within --timeout seconds.

Peer fixtures: only the files that are whole documents (a mapping with `openapi` or `swagger`, and
`paths` or `webhooks`) are run; fragments (component-only files, referenced pieces) are counted.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO.parent / "shared" / "corpus"
MAIN_GROUPS = ("tiny", "small", "medium", "large")
PEER_GROUP = "peer-fixture"
LOCATED = re.compile(r"^(?P<file>\S[^\n]*?):(?P<line>\d+):(?P<col>\d+): error: ", re.MULTILINE)
ERROR_LINE = re.compile(r"^[^\n]*: error: [^\n]*$", re.MULTILINE)
TRACEBACK = "Traceback (most recent call last)"
# Exit-2 findings that are apigen's own fault, not the spec's: generated code that does not parse or
# fails the safety check, a formatter that chokes on it. Counted as bugs.
INTERNAL_CODES = ("unsafe-output", "format-failed")
BUG_RESULTS = ("bug", "import-failed", "timeout")


@dataclass
class Spec:
    name: str
    group: str
    file: Path
    version: str
    operations: int | None
    schemas: int | None
    full_document: bool = True

    @property
    def package(self) -> str:
        slug = re.sub(r"[^0-9a-zA-Z]+", "_", self.name).strip("_").lower()
        return f"corpus_{slug}"[:80]


@dataclass
class Result:
    spec: str
    group: str
    version: str
    operations_total: int | None
    schemas_total: int | None
    result: str = "not-run"
    exit_code: int | None = None
    wall_s: float = 0.0
    peak_rss_mb: float = 0.0
    operations: int | None = None
    schemas: int | None = None
    models: int | None = None
    warnings: int | None = None
    # warnings by effect on the code: "none" | "degraded" | "code" | "other" (not about validity)
    warnings_by_effect: dict[str, int] = field(default_factory=dict)
    degraded: int | None = None  # parts of the spec generated with a fallback (issue 17)
    skipped: dict[str, int] = field(default_factory=dict)
    message: str = ""  # the first error line, the internal error, or the import error
    stderr_tail: str = ""
    imported: str = ""  # "yes" | "no" | "" (not attempted)
    package: str = ""  # the package folder apigen wrote (differs from --package: a defect, noted)
    notes: list[str] = field(default_factory=list)
    import_s: float = 0.0
    mypy: str = ""  # "pass" | "N errors" | "" (not run)
    mypy_output: str = ""
    spec_validator: str = (
        ""  # openapi-spec-validator's verdict on the input: "valid" | "invalid: ..." | ""
    )

    @property
    def is_bug(self) -> bool:
        return self.result in BUG_RESULTS


# ---- the corpus -----------------------------------------------------------------------------------
def _int(text: str) -> int | None:
    try:
        return int(text)
    except (TypeError, ValueError):
        return None


def _is_full_document(path: Path) -> bool:
    import yaml

    try:
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        data = yaml.load(path.read_text(encoding="utf-8-sig"), Loader=loader)
    except (yaml.YAMLError, OSError, UnicodeDecodeError, ValueError, RecursionError):
        return False
    return (
        isinstance(data, dict)
        and ("openapi" in data or "swagger" in data)
        and ("paths" in data or "webhooks" in data)
    )


def read_manifest(corpus: Path = CORPUS) -> list[Spec]:
    specs = []
    with (corpus / "MANIFEST.tsv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            path = corpus / row["file"]
            spec = Spec(
                name=row["name"],
                group=row["group"],
                file=path,
                version=row["openapi_version"].replace("swagger ", "") or "?",
                operations=_int(row["operations"]),
                schemas=_int(row["schemas"]),
            )
            if spec.group == PEER_GROUP:
                spec.full_document = _is_full_document(path)
            specs.append(spec)
    return specs


def select(
    specs: Sequence[Spec], groups: Iterable[str] = (), names: Iterable[str] = ()
) -> list[Spec]:
    groups, names = set(groups), set(names)
    chosen = [s for s in specs if (s.group in groups or s.name in names or s.file.name in names)]
    unknown = names - {s.name for s in specs} - {s.file.name for s in specs}
    if unknown:
        raise SystemExit(f"unknown spec(s): {', '.join(sorted(unknown))}")
    return chosen


# ---- running one spec -----------------------------------------------------------------------------
def _run_measured(
    cmd: Sequence[str], *, cwd: Path, env: dict[str, str], timeout: float, log: Path
) -> tuple[int | None, float, float, str, str, bool]:
    """Run `cmd`; -> (exit code or None, wall s, peak RSS MB, stdout, stderr, timed out).

    Peak RSS comes from os.wait4 on the child: the largest resident set of the child or of any of
    its own children it waited for (black's worker processes, for instance)."""
    out_path, err_path = log.with_suffix(".out"), log.with_suffix(".err")
    with out_path.open("wb") as out, err_path.open("wb") as err:
        started = time.perf_counter()
        proc = subprocess.Popen(
            cmd,
            cwd=cwd,
            env=env,
            stdout=out,
            stderr=err,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        timed_out = False
        deadline = started + timeout
        status = 0
        usage = None
        delay = 0.005
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                timed_out = True
                try:
                    os.killpg(proc.pid, signal.SIGKILL)  # the process group this call started
                except ProcessLookupError:
                    pass
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(delay)
            delay = min(delay * 1.5, 0.1)
        wall = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(
            status
        )  # so Popen does not try to reap it again
    rss_mb = (
        (usage.ru_maxrss / 1024.0) if usage is not None else 0.0
    )  # ru_maxrss is in KiB on Linux
    code = None if timed_out else proc.returncode
    return (
        code,
        wall,
        rss_mb,
        out_path.read_text(encoding="utf-8", errors="replace"),
        err_path.read_text(encoding="utf-8", errors="replace"),
        timed_out,
    )


_IMPORT_SCRIPT = textwrap.dedent("""
    import importlib, pkgutil, sys, time
    name = sys.argv[1]
    started = time.perf_counter()
    pkg = importlib.import_module(name)
    for info in sorted(pkgutil.walk_packages(pkg.__path__, name + "."), key=lambda i: i.name):
        importlib.import_module(info.name)
    elapsed = time.perf_counter() - started
    leaked = sorted(m for m in sys.modules if m == "generator" or m.startswith("generator."))
    if leaked:
        raise SystemExit(f"the generated package imports apigen's own modules: {leaked[:3]}")
    print(f"{elapsed:.3f}")
    """)


def _import_check(
    out_dir: Path, package: str, env: dict[str, str], timeout: float
) -> tuple[bool, float, str]:
    child_env = dict(env, PYTHONPATH=str(out_dir))
    try:
        proc = subprocess.run(
            [sys.executable, "-c", _IMPORT_SCRIPT, package],
            cwd=out_dir,
            env=child_env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return False, timeout, f"import did not finish within {timeout:.0f}s"
    if proc.returncode != 0:
        lines = [ln for ln in proc.stderr.strip().splitlines() if ln.strip()]
        return (
            False,
            0.0,
            (lines[-1] if lines else f"exit {proc.returncode}") + _last_frame(proc.stderr),
        )
    try:
        return True, float(proc.stdout.strip().splitlines()[-1]), ""
    except (ValueError, IndexError):
        return True, 0.0, ""


def _last_frame(stderr: str) -> str:
    frames = re.findall(r'File "([^"]+)", line (\d+)', stderr)
    return f" (at {Path(frames[-1][0]).name}:{frames[-1][1]})" if frames else ""


def _mypy(
    out_dir: Path, package: str, env: dict[str, str], cache: Path, timeout: float
) -> tuple[str, str]:
    cmd = [
        sys.executable,
        "-m",
        "mypy",
        "--strict",
        "--python-version=3.11",
        f"--cache-dir={cache}",
        "-p",
        package,
    ]
    try:
        proc = subprocess.run(
            cmd,
            cwd=out_dir,
            env=dict(env, MYPYPATH=str(out_dir)),
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return f"timeout ({timeout:.0f}s)", ""
    if proc.returncode == 0:
        return "pass", ""
    found = re.search(r"Found (\d+) errors?", proc.stdout)
    verdict = f"{found.group(1)} errors" if found else f"exit {proc.returncode}"
    return verdict, (proc.stdout + proc.stderr).strip()


_VALIDITY_SCRIPT = textwrap.dedent("""
    import sys
    from openapi_spec_validator import validate
    from openapi_spec_validator.readers import read_from_filename
    try:
        spec, base_uri = read_from_filename(sys.argv[1])
        validate(spec, base_uri=base_uri)
    except Exception as exc:
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        print(f"invalid: {type(exc).__name__}: {first[:160]}")
    else:
        print("valid")
    """)


def _spec_validity(path: Path, env: dict[str, str], timeout: float) -> str:
    try:
        proc = subprocess.run(
            [sys.executable, "-c", _VALIDITY_SCRIPT, str(path)],
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return "unknown (validator timeout)"
    out = proc.stdout.strip().splitlines()
    return out[-1] if out else f"unknown (validator exit {proc.returncode})"


@dataclass
class Options:
    work: Path
    cache: Path
    timeout: float = 900.0
    import_timeout: float = 300.0
    mypy_groups: tuple[str, ...] = ("tiny",)
    mypy_timeout: float = 600.0
    spec_validity: bool = True
    keep: bool = False


def _env(options: Options) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("APIGEN_", "PYTHON"))}
    env.update(
        PYTHONPATH=str(REPO),
        PYTHONHASHSEED="0",
        PYTHONDONTWRITEBYTECODE="1",
        APIGEN_CACHE_DIR=str(options.cache),
    )
    return env


def run_one(spec: Spec, options: Options) -> Result:
    result = Result(spec.name, spec.group, spec.version, spec.operations, spec.schemas)
    folder = options.work / spec.package
    shutil.rmtree(folder, ignore_errors=True)
    out_dir = folder / "out"
    out_dir.mkdir(parents=True)
    env = _env(options)
    stats_file = folder / "stats.json"
    env["APIGEN_SWEEP_STATS"] = str(stats_file)
    cmd = [
        sys.executable,
        "-m",
        "tests.corpus._generate",
        "generate",
        str(spec.file),
        "--output",
        str(out_dir),
        "--package",
        spec.package,
    ]
    code, wall, rss, stdout, stderr, timed_out = _run_measured(
        cmd, cwd=folder, env=env, timeout=options.timeout, log=folder / "generate"
    )
    result.exit_code, result.wall_s, result.peak_rss_mb = code, wall, rss
    result.stderr_tail = "\n".join(stderr.strip().splitlines()[-20:])
    if stats_file.is_file():
        try:
            stats = json.loads(stats_file.read_text(encoding="utf-8"))
        except ValueError:
            stats = {}
        result.operations = stats.get("operations")
        result.schemas = stats.get("schemas_generated")
        result.models = stats.get("models")
        result.warnings = stats.get("warnings")
        result.warnings_by_effect = stats.get("warnings_by_effect") or {}
        result.degraded = stats.get("degraded")
        result.skipped = stats.get("skipped") or {}
    if result.warnings is None:
        result.warnings = len(re.findall(r": warning: ", stderr))

    located = LOCATED.search(stderr)
    errors = ERROR_LINE.findall(stderr)
    internal = next((ln for ln in stderr.splitlines() if "internal error" in ln), "")
    if timed_out:
        result.result = "timeout"
        result.message = f"no result within {options.timeout:.0f}s"
    elif TRACEBACK in stderr or TRACEBACK in stdout:
        result.result = "bug"
        result.message = "traceback: " + (stderr.strip().splitlines() or [""])[-1]
    elif code == 2 and any(f"[{c}]" in stderr for c in INTERNAL_CODES):
        result.result = "bug"
        first = next(
            ln for ln in stderr.splitlines() if any(f"[{c}]" in ln for c in INTERNAL_CODES)
        )
        result.message = "exit 2 on apigen's own output: " + first
    elif code == 0:
        result.result = "ok"
    elif code == 2 and located:
        result.result = "located-error"
        result.message = located.group(0) + stderr[located.end() :].split("\n", 1)[0]
    elif code == 2:
        result.result = "unlocated-error"
        result.message = errors[0] if errors else (stderr.strip().splitlines() or [""])[0]
    else:
        result.result = "bug"
        result.message = internal or f"exit {code}: " + (stderr.strip().splitlines() or [""])[-1]

    package = spec.package
    if code == 0 and result.result == "ok" and not (out_dir / package).is_dir():
        written = sorted(p.name for p in out_dir.iterdir() if p.is_dir())
        if len(written) == 1:
            package = written[0]
            result.notes.append(f"--package {spec.package} was written as {package}")
    result.package = package
    if code == 0 and result.result == "ok":
        ok, import_s, message = _import_check(out_dir, package, env, options.import_timeout)
        result.imported = "yes" if ok else "no"
        result.import_s = import_s
        if not ok:
            result.result = "import-failed"
            result.message = message
        elif spec.group in options.mypy_groups:
            result.mypy, result.mypy_output = _mypy(
                out_dir,
                package,
                env,
                options.cache.parent / "mypy-cache",
                options.mypy_timeout,
            )
    if options.spec_validity:
        result.spec_validator = _spec_validity(spec.file, env, min(options.timeout, 300.0))
    if not options.keep and result.result in ("ok", "located-error", "unlocated-error"):
        shutil.rmtree(out_dir, ignore_errors=True)
    return result


def run(
    specs: Sequence[Spec], options: Options, jobs: int = 1, progress: bool = False
) -> list[Result]:
    options.work.mkdir(parents=True, exist_ok=True)
    options.cache.mkdir(parents=True, exist_ok=True)
    lock = threading.Lock()
    done = [0]

    def one(spec: Spec) -> Result:
        result = run_one(spec, options)
        if progress:
            with lock:
                done[0] += 1
                ops = (
                    f"{result.operations}/{spec.operations}"
                    if result.operations is not None
                    else "-"
                )
                extra = f" mypy={result.mypy}" if result.mypy else ""
                print(
                    f"[{done[0]:>3}/{len(specs)}] {result.result:<15} {spec.name:<48} ops {ops:<10} "
                    f"{result.wall_s:6.1f}s {result.peak_rss_mb:7.0f} MB{extra} {result.message[:120]}",
                    file=sys.stderr,
                    flush=True,
                )
        return result

    if jobs <= 1:
        return [one(s) for s in specs]
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        return list(pool.map(one, specs))


# ---- the report -----------------------------------------------------------------------------------
def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _by_effect(result: Result) -> str:
    """Warnings about the spec's validity by effect on the code: "none / degraded / code"."""
    if result.warnings is None or (not result.warnings_by_effect and result.exit_code != 0):
        return "–"
    counts = result.warnings_by_effect
    return " / ".join(str(counts.get(effect, 0)) for effect in ("none", "degraded", "code"))


def _frac(got: int | None, total: int | None) -> str:
    if got is None:
        return f"– / {total}" if total is not None else "–"
    return f"{got} / {total}" if total is not None else str(got)


def _machine() -> str:
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=REPO,
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=REPO,
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()
    except OSError:
        commit, dirty = "?", ""
    return (
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}; "
        f"apigen at {commit or '?'}{' + uncommitted changes' if dirty else ''}"
    )


def summary_counts(results: Sequence[Result]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for r in results:
        counts[r.result] = counts.get(r.result, 0) + 1
    return dict(sorted(counts.items()))


def render_report(
    results: Sequence[Result],
    *,
    fragments: int,
    peers_total: int,
    jobs: int,
    elapsed: float,
    command: str,
) -> str:
    main = [r for r in results if r.group != PEER_GROUP]
    peers = [r for r in results if r.group == PEER_GROUP]
    lines = [
        "# Corpus report",
        "",
        f"Written by `{command}` (`tests/corpus/sweep.py`); regenerate with `make corpus`.",
        f"Machine: {_machine()}. Jobs: {jobs}; sweep wall time {elapsed / 60:.1f} min.",
        "",
        "Each spec is generated by the CLI in its own process (cold format cache shared by the run, no",
        "pyproject, default config), its package imported module by module in a fresh interpreter, and",
        "the tiny ones type-checked with `mypy --strict`. *Wall* and *peak RSS* are those of the",
        "`apigen generate` process (RSS: the largest process of its tree). *Ops* and *schemas* are",
        "generated / in the spec (schemas: component schemas that became a model class; Swagger 2.0:",
        "definitions). *Validator* is openapi-spec-validator 0.9.0's verdict on the input, for context.",
        "*Warnings* are split by what each can change in the generated code (issue 17): *no effect*",
        "(examples, descriptions, unread keywords), *degraded* (generated with a fallback: an invalid",
        "default dropped, an invalid constraint ignored), *changes code* (a warning by config);",
        "*degraded items* counts the parts of the spec generated with a fallback.",
        "",
        "## Summary",
        "",
        "| set | specs | ok | located-error | unlocated-error | import-failed | bug | timeout |",
        "|---|---:|" + "---:|" * 6,
    ]
    for label, rows in (
        ("main corpus", main),
        ("peer fixtures (full documents)", peers),
        ("all", list(results)),
    ):
        if not rows:
            continue
        counts = summary_counts(rows)
        cells = " | ".join(
            str(counts.get(k, 0))
            for k in ("ok", "located-error", "unlocated-error", "import-failed", "bug", "timeout")
        )
        lines.append(f"| {label} | {len(rows)} | {cells} |")
    if peers_total:
        lines += [
            "",
            f"Peer fixtures: {peers_total} files, {peers_total - fragments} full documents run, {fragments} fragments skipped.",
        ]
    typed = [r for r in results if r.mypy]
    if typed:
        passed = sum(1 for r in typed if r.mypy == "pass")
        lines += ["", f"`mypy --strict`: {passed} of {len(typed)} type-checked packages pass."]
    if main:
        by_effect = {
            effect: sum(r.warnings_by_effect.get(effect, 0) for r in main)
            for effect in ("none", "degraded", "code")
        }
        degraded = sum(r.degraded or 0 for r in main)
        lines += [
            "",
            f"Main corpus warnings by effect: {by_effect['none']} cannot change the code, "
            f"{by_effect['degraded']} degraded, {by_effect['code']} change it; "
            f"{degraded} part(s) of specs generated with a fallback.",
        ]
    valid_refused = [r for r in results if r.spec_validator == "valid" and r.result != "ok"]
    if valid_refused:
        lines += [
            "",
            f"Specs openapi-spec-validator accepts that did not generate: {len(valid_refused)} ({', '.join(r.spec for r in valid_refused[:20])}{' ...' if len(valid_refused) > 20 else ''}).",
        ]

    def table(rows: Sequence[Result]) -> list[str]:
        out = [
            "| spec | group | version | ops | schemas | warnings | no effect / degraded / changes code | degraded items | wall s | peak RSS MB | import | mypy | validator | result |",
            "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---|---|---|---|",
        ]
        for r in rows:
            validator = (
                "valid"
                if r.spec_validator == "valid"
                else ("invalid" if r.spec_validator.startswith("invalid") else r.spec_validator)
            )
            out.append(
                "| "
                + " | ".join(
                    _cell(x)
                    for x in (
                        r.spec,
                        r.group,
                        r.version,
                        _frac(r.operations, r.operations_total),
                        _frac(r.schemas, r.schemas_total),
                        r.warnings if r.warnings is not None else "–",
                        _by_effect(r),
                        r.degraded if r.degraded is not None else "–",
                        f"{r.wall_s:.1f}",
                        f"{r.peak_rss_mb:.0f}",
                        r.imported or "–",
                        r.mypy or "–",
                        validator or "–",
                        r.result,
                    )
                )
                + " |"
            )
        return out

    if main:
        lines += ["", "## Main corpus", ""] + table(main)
    if peers:
        lines += ["", "## Peer fixtures (full documents)", ""] + table(peers)

    bugs = [r for r in results if r.is_bug]
    lines += ["", "## Bugs (tracebacks, exit 3, import failures, timeouts)", ""]
    lines += [f"- `{r.spec}` ({r.result}): {_cell(r.message)}" for r in bugs] or ["None."]
    noted = [r for r in results if r.notes]
    if noted:
        lines += ["", "## Other defects", ""]
        lines += [f"- `{r.spec}`: " + "; ".join(_cell(n) for n in r.notes) for r in noted]
    unlocated = [r for r in results if r.result == "unlocated-error"]
    lines += ["", "## Errors without a FILE:LINE:COL", ""]
    lines += [f"- `{r.spec}`: {_cell(r.message)}" for r in unlocated] or ["None."]
    mypy_failed = [r for r in typed if r.mypy != "pass"]
    if mypy_failed:
        lines += ["", "## mypy --strict failures", ""]
        for r in mypy_failed:
            first = [ln for ln in r.mypy_output.splitlines() if ": error:" in ln][:3]
            lines.append(f"- `{r.spec}` ({r.mypy}): " + "; ".join(_cell(ln) for ln in first))
    located = [r for r in results if r.result == "located-error"]
    if located:
        lines += ["", "## Located errors (refused specs, first error each)", ""]
        lines += [
            f"- `{r.spec}`: {_cell(_short(r.message))}"
            + (" — *openapi-spec-validator: valid*" if r.spec_validator == "valid" else "")
            for r in located
        ]
    skipped = [(r.spec, r.skipped) for r in results if r.skipped]
    if skipped:
        lines += ["", "## Skipped during generation (per kind)", ""]
        lines += [
            f"- `{name}`: " + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items()))
            for name, kinds in skipped
        ]
    return "\n".join(lines) + "\n"


def _short(message: str) -> str:
    """A located message with the corpus folder prefix dropped."""
    return message.replace(str(CORPUS) + "/", "")[:300]


# ---- the command ----------------------------------------------------------------------------------
def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tests.corpus.sweep", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument(
        "--all",
        action="store_true",
        help="every main-corpus spec and every full-document peer fixture",
    )
    parser.add_argument(
        "--groups", default="", help="comma-separated: tiny,small,medium,large,peer-fixture"
    )
    parser.add_argument(
        "--specs", default="", help="comma-separated spec names (MANIFEST `name`) or file names"
    )
    parser.add_argument("--out", help="write the Markdown report here")
    parser.add_argument("--json", help="write the raw results here")
    parser.add_argument(
        "--jobs",
        "-j",
        type=int,
        default=1,
        help="specs run at once (default 1: clean wall/RSS figures)",
    )
    parser.add_argument(
        "--timeout", type=float, default=900.0, help="seconds per generation (default 900)"
    )
    parser.add_argument(
        "--mypy-groups", default="tiny", help="groups type-checked with mypy --strict ('' for none)"
    )
    parser.add_argument(
        "--no-spec-validity",
        action="store_true",
        help="skip openapi-spec-validator's verdict column",
    )
    parser.add_argument(
        "--keep", metavar="DIR", help="work in DIR and keep every generated package"
    )
    args = parser.parse_args(argv)

    if not CORPUS.is_dir():
        print(f"sweep: the shared corpus is not at {CORPUS}", file=sys.stderr)
        return 2
    every = read_manifest()
    groups = [g for g in args.groups.split(",") if g]
    if args.all:
        groups = [*MAIN_GROUPS, PEER_GROUP]
    names = [n for n in args.specs.split(",") if n]
    if not groups and not names:
        groups = list(MAIN_GROUPS)
    chosen = select(every, groups, names)
    peers_all = [s for s in chosen if s.group == PEER_GROUP]
    fragments = sum(1 for s in peers_all if not s.full_document)
    chosen = [s for s in chosen if s.full_document]
    print(
        f"sweep: {len(chosen)} specs ({fragments} peer-fixture fragments skipped), jobs={args.jobs}, timeout={args.timeout:.0f}s",
        file=sys.stderr,
    )

    temp = None
    if args.keep:
        work = Path(args.keep).resolve()
    else:
        temp = tempfile.mkdtemp(prefix="apigen-sweep-")
        work = Path(temp)
    options = Options(
        work=work / "specs",
        cache=work / "format-cache",
        timeout=args.timeout,
        mypy_groups=tuple(g for g in args.mypy_groups.split(",") if g),
        spec_validity=not args.no_spec_validity,
        keep=bool(args.keep),
    )
    started = time.perf_counter()
    try:
        results = run(chosen, options, jobs=args.jobs, progress=True)
    finally:
        if temp:
            shutil.rmtree(temp, ignore_errors=True)
    elapsed = time.perf_counter() - started

    command = "python -m tests.corpus.sweep " + " ".join(argv if argv is not None else sys.argv[1:])
    report = render_report(
        results,
        fragments=fragments,
        peers_total=len(peers_all),
        jobs=args.jobs,
        elapsed=elapsed,
        command=command.strip(),
    )
    if args.out:
        Path(args.out).write_text(report, encoding="utf-8")
        print(f"sweep: wrote {args.out}", file=sys.stderr)
    if args.json:
        Path(args.json).write_text(
            json.dumps([asdict(r) for r in results], indent=1), encoding="utf-8"
        )
    counts = summary_counts(results)
    print("sweep: " + ", ".join(f"{k} {v}" for k, v in counts.items()), file=sys.stderr)
    bugs = [r for r in results if r.is_bug]
    for r in bugs:
        print(f"BUG {r.spec}: {r.result}: {r.message}", file=sys.stderr)
    return 1 if bugs else 0


if __name__ == "__main__":
    raise SystemExit(main())
