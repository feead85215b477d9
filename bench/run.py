"""apigen vs openapi-python-client vs datamodel-code-generator (models only), side by side.

    python bench/run.py                       # make bench: 3 rounds, the four specs
    python bench/run.py --rounds 1 --specs openai,ocpplab
    python bench/run.py --quick               # 1 round, ocpplab and openai only

The peers live in bench/.venv, created here from bench/requirements.txt, so they never touch the
project's .venv. Every figure is measured in a subprocess of its own; tools alternate within a round
(the order rotates from round to round) and the table shows medians over the rounds:

- cold:      generation from scratch to formatted output. apigen with APIGEN_CACHE_DIR pointing at an
             empty folder; openapi-python-client's `generate` (its own post-hooks off: `post_hooks: []`)
             plus `black` on its output, with an empty black cache; datamodel-code-generator, which
             formats with black (and isort) in-process;
- unchanged: the same generation again over the existing output (apigen: format cache warm);
- one-line:  generation after a one-line change to the spec (a word added to one description);
- check:     `apigen check` after generation (manifest fast path), and `apigen check --full` (re-render
             and compare, formatting only what changed); the peers have no equivalent;
- import:    importing every module of the generated package in a fresh interpreter (in-process time);
- peak RSS:  of the cold generation (the largest process of the tree; for openapi-python-client, the
             larger of generate and black).

Writes docs/benchmarks.md with the latest table and the machine it ran on. Not a CI test.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BENCH = REPO / "bench"
CORPUS = REPO.parent / "shared" / "corpus"
PEER_VENV = BENCH / ".venv"
PROJECT_PY = Path(sys.executable)

SPECS = {
    "openai": CORPUS / "openai-3.1.yaml",
    "stripe": CORPUS / "stripe-spec3.yaml",
    "github": CORPUS / "github-api-3.0.json",
    "ocpplab": REPO / "spec" / "ocpplab-gateway.yaml",
}
TOOLS = ("apigen", "opc", "dmcg")
TOOL_LABEL = {
    "apigen": "apigen",
    "opc": "openapi-python-client",
    "dmcg": "datamodel-code-generator",
}
FIGURES = (
    "cold",
    "cold (ruff)",
    "cold, unformatted",
    "unchanged",
    "one-line",
    "check",
    "check --full",
    "import",
    "peak RSS",
    "peak memory, all processes (PSS)",
)
RSS_FIGURES = ("peak RSS", "peak memory, all processes (PSS)")


# ---- the peers' venv ------------------------------------------------------------------------------
def peer_python() -> Path:
    return PEER_VENV / "bin" / "python"


def ensure_peer_venv() -> None:
    requirements = BENCH / "requirements.txt"
    digest = hashlib.sha256(requirements.read_bytes()).hexdigest()
    stamp = PEER_VENV / ".requirements.sha256"
    if stamp.is_file() and stamp.read_text().strip() == digest and peer_python().exists():
        return
    if not peer_python().exists():
        print(f"bench: creating {PEER_VENV}", file=sys.stderr)
        base = getattr(sys, "_base_executable", sys.executable)
        subprocess.run([base, "-m", "venv", str(PEER_VENV)], check=True)
    print("bench: installing bench/requirements.txt into bench/.venv", file=sys.stderr)
    subprocess.run(
        [
            str(peer_python()),
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "-r",
            str(requirements),
        ],
        check=True,
    )
    stamp.write_text(digest + "\n")


def _version(python: Path, module: str) -> str:
    code = f"import importlib.metadata as m; print(m.version({module!r}))"
    proc = subprocess.run([str(python), "-c", code], capture_output=True, text=True, check=False)
    return proc.stdout.strip() or "?"


# ---- failures ---------------------------------------------------------------------------------------
CURRENT = {"step": ""}  # "spec tool", set by the main loop
FAILURES: dict[str, str] = (
    {}
)  # "spec tool what" -> the last line that says why (first occurrence kept)


def _failed(what: str, stderr: str) -> None:
    lines = [ln.strip() for ln in stderr.strip().splitlines() if ln.strip() and "Warning" not in ln]
    reason = lines[-1][:240] if lines else "?"
    print(f"bench: {CURRENT['step']} {what} failed: {stderr.strip()[-400:]}", file=sys.stderr)
    FAILURES.setdefault(f"{CURRENT['step']} {what}", reason)


# ---- measuring ------------------------------------------------------------------------------------
@dataclass
class Run:
    wall: float
    rss_mb: float  # the largest process of the tree
    code: int | None
    stderr: str = ""
    tree_rss_mb: float = 0.0  # all processes of the tree at once, at the highest sample

    @property
    def ok(self) -> bool:
        return self.code == 0


def measure(
    cmd: Sequence[str], *, cwd: Path, env: dict[str, str] | None = None, timeout: float = 1800
) -> Run:
    """Wall time, peak RSS (os.wait4: the child or the largest of the children it waited for), the
    peak of all the tree's processes together (sampled from /proc every 5-50 ms), exit."""
    with tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen(
            list(cmd),
            cwd=cwd,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=err,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        deadline = started + timeout
        delay = 0.005
        tree_peak, sampled = 0, 0.0
        while True:
            if (
                time.perf_counter() - sampled >= _SAMPLE_EVERY
            ):  # /proc is read sparingly: it costs CPU
                tree_peak, sampled = max(tree_peak, _group_pss(proc.pid)), time.perf_counter()
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                code: int | None = os.waitstatus_to_exitcode(status)
                break
            if time.perf_counter() > deadline:
                os.killpg(proc.pid, signal.SIGKILL)  # the process group this call started
                _, status, usage = os.wait4(proc.pid, 0)
                code = None
                break
            time.sleep(delay)
            delay = min(delay * 1.5, 0.05)
        wall = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        text = err.read().decode("utf-8", "replace")
    return Run(wall, usage.ru_maxrss / 1024.0, code, text, tree_peak / 2**20)


_SAMPLE_EVERY = 0.2  # seconds between two readings of the process tree's memory


def _group_pss(group: int) -> int:
    """Bytes of memory of all processes of a process group, each counted once: the sum of their
    PSS (a page shared by n processes, as after fork, counts 1/n in each). Linux only; 0 elsewhere.
    """
    total = 0
    try:
        entries = os.listdir("/proc")
    except OSError:
        return 0
    for entry in entries:
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as stat:
                fields = stat.read().rsplit(b")", 1)[1].split()
            if int(fields[2]) != group:  # field 5, pgrp (after pid, comm, state, ppid)
                continue
            with open(f"/proc/{entry}/smaps_rollup", "rb") as rollup:
                for line in rollup:
                    if line.startswith(b"Pss:"):
                        total += int(line.split()[1]) * 1024
                        break
        except (OSError, ValueError, IndexError):
            continue
    return total


def combine(*runs: Run) -> Run:
    """Steps run one after the other: wall adds up, RSS is the largest, the first failure wins."""
    code = next((r.code for r in runs if r.code != 0), 0)
    return Run(
        sum(r.wall for r in runs),
        max(r.rss_mb for r in runs),
        code,
        "".join(r.stderr for r in runs),
        max(r.tree_rss_mb for r in runs),
    )


_IMPORT = textwrap.dedent("""
    import importlib, pkgutil, sys, time
    name = sys.argv[1]
    started = time.perf_counter()
    pkg = importlib.import_module(name)
    if hasattr(pkg, "__path__"):
        for info in sorted(pkgutil.walk_packages(pkg.__path__, name + "."), key=lambda i: i.name):
            if not info.name.startswith(name + ".server"):  # apigen's FastAPI stubs: not a client
                importlib.import_module(info.name)
    print(time.perf_counter() - started)
    """)


def import_time(folder: Path, module: str) -> float | None:
    """Seconds to import every module of the package (the server stubs aside), bytecode warm.

    Every tool's output is imported by the same interpreter, bench/.venv's, whose pydantic, httpx
    and attrs are pinned to the project's versions: a first run compiles (into a private pycache),
    the second is timed."""
    env = dict(
        os.environ, PYTHONPATH=str(folder), PYTHONPYCACHEPREFIX=str(folder.parent / ".pycache")
    )
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    cmd = [str(peer_python()), "-c", _IMPORT, module]
    for _ in range(2):
        proc = subprocess.run(cmd, cwd=folder, env=env, capture_output=True, text=True, check=False)
        if proc.returncode != 0:
            _failed("import", proc.stderr)
            return None
    return float(proc.stdout.strip().splitlines()[-1])


# ---- the one-line change --------------------------------------------------------------------------
def one_line_change(path: Path, target: Path) -> None:
    """Copy `path` to `target` with one word added to the first operation-level description.

    JSON: after the first `"paths"`, the first `"description": "` gets `Changed. ` after its quote.
    YAML: after the top-level `paths:` line, the first single-line `description:` value likewise.
    Either way exactly one line of the file changes."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".json":
        match = re.compile(r'"description"\s*:\s*"').search(text, text.index('"paths"'))
    else:
        paths = re.search(r"^paths:", text, re.MULTILINE)
        assert paths, f"{path}: no top-level paths:"
        match = re.compile(r"""^[ \t]+description:[ \t]+(?=[^|>\s])['"]?""", re.MULTILINE).search(
            text, paths.end()
        )
    assert match, f"{path}: no description to change"
    changed = text[: match.end()] + "Changed. " + text[match.end() :]
    target.write_text(changed, encoding="utf-8")
    assert sum(1 for a, b in zip(text.splitlines(), changed.splitlines()) if a != b) == 1


# ---- the tools --------------------------------------------------------------------------------------
@dataclass
class Workspace:
    root: Path
    spec_name: str
    spec: Path
    changed: Path

    def folder(self, tool: str) -> Path:
        return self.root / tool

    @property
    def package(self) -> str:
        return f"bench_{self.spec_name}"


def _apigen_cmd(ws: Workspace, command: str, spec: Path, *extra: str) -> list[str]:
    cmd = [
        str(PROJECT_PY),
        "-m",
        "generator",
        command,
        str(spec),
        "--output",
        str(ws.folder("apigen") / "out"),
        "--package",
        ws.package,
    ]
    if ws.spec_name == "ocpplab":  # the default spec: with the project's own [tool.apigen] settings
        cmd += ["--config", str(REPO / "pyproject.toml")]
    elif ws.spec_name in APIGEN_CONFIGS:
        config = ws.root / "apigen-pyproject.toml"
        config.write_text(APIGEN_CONFIGS[ws.spec_name], encoding="utf-8")
        cmd += ["--config", str(config)]
    return cmd + list(extra)


# openai-3.1.yaml fails strict validation (duplicate `required` entries, `default: null` on
# non-nullable schemas, ...): the way a user proceeds is to downgrade that finding, as here.
APIGEN_CONFIGS = {
    "openai": textwrap.dedent("""
        [tool.apigen]
        [[tool.apigen.validation]]
        code = "spec-invalid"
        severity = "warning"
        reason = "openai-3.1.yaml is invalid under openapi-spec-validator; generate anyway"
        """),
}


def _apigen_env(cache: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("APIGEN_")}
    env.update(APIGEN_CACHE_DIR=str(cache), PYTHONPATH=str(REPO), PYTHONHASHSEED="0")
    return env


def run_apigen(ws: Workspace) -> dict[str, float | None]:
    base = ws.folder("apigen")
    shutil.rmtree(base, ignore_errors=True)
    base.mkdir(parents=True)
    cache = base / "cache"
    env = _apigen_env(cache)
    results: dict[str, float | None] = {}
    cold = measure(_apigen_cmd(ws, "generate", ws.spec), cwd=base, env=env)
    if not cold.ok:
        _failed("generate", cold.stderr)
        return {"cold": None}
    results["cold"], results["peak RSS"] = cold.wall, cold.rss_mb
    results["peak memory, all processes (PSS)"] = cold.tree_rss_mb
    for figure, command, spec, extra in (
        ("unchanged", "generate", ws.spec, ()),
        ("one-line", "generate", ws.changed, ()),
        ("check", "check", ws.changed, ()),
        ("check --full", "check", ws.changed, ("--full",)),
    ):
        run = measure(_apigen_cmd(ws, command, spec, *extra), cwd=base, env=env)
        results[figure] = _wall(run, figure)
    results["import"] = import_time(base / "out", ws.package)
    # The same cold generation with ruff's formatter, into a folder and a cache of its own.
    ruff_cmd = _apigen_cmd(ws, "generate", ws.spec, "--formatter", "ruff")
    ruff_cmd[ruff_cmd.index("--output") + 1] = str(base / "out-ruff")
    results["cold (ruff)"] = _wall(
        measure(ruff_cmd, cwd=base, env=_apigen_env(base / "cache-ruff")), "cold (ruff)"
    )
    return results


def _opc_config(base: Path) -> Path:
    config = base / "opc-config.yaml"
    # literal_enums: without it 0.29.1 stops on GitHub's and Stripe's enums ("Duplicate key ... in
    # enum; consider setting literal_enums in your config").
    config.write_text("post_hooks: []\nliteral_enums: true\n", encoding="utf-8")
    return config


def run_opc(ws: Workspace) -> dict[str, float | None]:
    base = ws.folder("opc")
    shutil.rmtree(base, ignore_errors=True)
    base.mkdir(parents=True)
    config = _opc_config(base)
    out = base / "out"
    bin_dir = PEER_VENV / "bin"
    env = dict(os.environ, BLACK_CACHE_DIR=str(base / "black-cache"), PYTHONHASHSEED="0")

    def once(spec: Path, unformatted: list[float] | None = None) -> Run:
        generate = measure(
            [
                str(bin_dir / "openapi-python-client"),
                "generate",
                "--path",
                str(spec),
                "--output-path",
                str(out),
                "--config",
                str(config),
                "--meta",
                "none",
                "--overwrite",
            ],
            cwd=base,
            env=env,
        )
        if not generate.ok or not out.is_dir():
            return Run(generate.wall, generate.rss_mb, generate.code or 1, generate.stderr)
        if unformatted is not None:
            unformatted.append(generate.wall)
        return combine(
            generate,
            measure(
                [str(bin_dir / "black"), "-q", "--line-length", "100", str(out)], cwd=base, env=env
            ),
        )

    unformatted: list[float] = []
    cold = once(ws.spec, unformatted)
    if not cold.ok:
        _failed("generate", cold.stderr)
        return {"cold": None}
    results: dict[str, float | None] = {"cold": cold.wall, "peak RSS": cold.rss_mb}
    results["cold, unformatted"] = unformatted[0]
    results["peak memory, all processes (PSS)"] = cold.tree_rss_mb
    results["unchanged"] = _wall(once(ws.spec), "unchanged")
    results["one-line"] = _wall(once(ws.changed), "one-line")
    # --meta none writes the package itself into the output folder: import it from its parent.
    results["import"] = import_time(out.parent, out.name)
    return results


def run_dmcg(ws: Workspace) -> dict[str, float | None]:
    base = ws.folder("dmcg")
    shutil.rmtree(base, ignore_errors=True)
    (base / "out").mkdir(parents=True)
    env = dict(os.environ, PYTHONHASHSEED="0")
    # One module, unless the schema names have dots (Stripe's `issuing.card`): then dmcg insists on a
    # package ("Modular references require an output directory, not a file").
    target = base / "out" / f"{ws.package}_models.py"

    def once(spec: Path) -> Run:
        return measure(
            [
                str(PEER_VENV / "bin" / "datamodel-codegen"),
                "--input",
                str(spec),
                "--input-file-type",
                "openapi",
                "--output",
                str(target),
                "--output-model-type",
                "pydantic_v2.BaseModel",
                "--target-python-version",
                "3.11",
                "--disable-timestamp",
            ],
            cwd=base,
            env=env,
        )

    cold = once(ws.spec)
    if not cold.ok and "require an output directory" in cold.stderr:
        target = base / "out" / f"{ws.package}_models"
        cold = once(ws.spec)
    if not cold.ok:
        _failed("generate", cold.stderr)
        return {"cold": None}
    results: dict[str, float | None] = {"cold": cold.wall, "peak RSS": cold.rss_mb}
    results["peak memory, all processes (PSS)"] = cold.tree_rss_mb
    results["unchanged"] = _wall(once(ws.spec), "unchanged")
    results["one-line"] = _wall(once(ws.changed), "one-line")
    results["import"] = import_time(target.parent, target.stem) if target.exists() else None
    return results


def _wall(run: Run, what: str = "a later step") -> float | None:
    if not run.ok:
        _failed(f"{what} (exit {run.code})", run.stderr)
        return None
    return run.wall


RUNNERS: dict[str, Callable[[Workspace], dict[str, float | None]]] = {
    "apigen": run_apigen,
    "opc": run_opc,
    "dmcg": run_dmcg,
}


# ---- numbered class names ---------------------------------------------------------------------------
def numbered_names(work: Path) -> dict[str, object]:
    """datamodel-code-generator's `Type1`... names on openai-3.1.yaml, plainly run, vs apigen's models.py."""
    sys.path.insert(0, str(REPO))
    from generator.models import numbered_class_names

    spec = SPECS["openai"]
    plain = work / "dmcg-plain.py"
    proc = subprocess.run(
        [
            str(PEER_VENV / "bin" / "datamodel-codegen"),
            "--input",
            str(spec),
            "--input-file-type",
            "openapi",
            "--output",
            str(plain),
            "--output-model-type",
            "pydantic_v2.BaseModel",
            "--disable-timestamp",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    result: dict[str, object] = {}
    if proc.returncode == 0 and plain.is_file():
        names = numbered_class_names(plain.read_text(encoding="utf-8"))
        result["dmcg"] = {
            "numbered": len(names),
            "classes": _class_count(plain),
            "examples": names[:8],
        }
    ours = work / "openai" / "apigen" / "out" / "bench_openai" / "models.py"
    if not ours.is_file():
        folder = work / "numbered-apigen"
        subprocess.run(
            [
                str(PROJECT_PY),
                "-m",
                "generator",
                "generate",
                str(spec),
                "--output",
                str(folder),
                "--package",
                "bench_openai",
            ],
            cwd=work,
            env=_apigen_env(work / "numbered-cache"),
            capture_output=True,
            check=False,
        )
        ours = folder / "bench_openai" / "models.py"
    if ours.is_file():
        names = numbered_class_names(ours.read_text(encoding="utf-8"))
        result["apigen"] = {
            "numbered": len(names),
            "classes": _class_count(ours),
            "examples": names[:8],
        }
    return result


def _class_count(path: Path) -> int:
    import ast

    return sum(
        isinstance(n, ast.ClassDef) for n in ast.parse(path.read_text(encoding="utf-8")).body
    )


# ---- the report ---------------------------------------------------------------------------------------
@dataclass
class Table:
    samples: dict[tuple[str, str, str], list[float]] = field(
        default_factory=dict
    )  # (spec, tool, figure)

    def add(self, spec: str, tool: str, results: dict[str, float | None]) -> None:
        for figure, value in results.items():
            if value is not None:
                self.samples.setdefault((spec, tool, figure), []).append(value)

    def median(self, spec: str, tool: str, figure: str) -> float | None:
        values = self.samples.get((spec, tool, figure))
        return statistics.median(values) if values else None


def _fmt(figure: str, value: float | None) -> str:
    if value is None:
        return "–"
    if figure in RSS_FIGURES:
        return f"{value:.0f} MB"
    return f"{value:.2f} s" if value < 10 else f"{value:.1f} s"


def _ratio(a: float | None, b: float | None) -> str:
    if a is None or b is None or b == 0:
        return "–"
    return f"{a / b:.2f}×"


# The five targets, each a (figure, peer figure or None, bound) on every spec measured.
TARGETS = (
    ("1. cold generation with black", "cold", ("opc", "cold"), 0.5),
    (
        "2. cold generation with `--formatter ruff`",
        "cold (ruff)",
        ("opc", "cold, unformatted"),
        0.5,
    ),
    ("3. `apigen check`", "check", None, 1.0),
    ("4. regeneration after a one-line change", "one-line", None, 3.0),
    ("5. peak RSS, largest process", "peak RSS", None, 400.0),
    (
        "5. peak memory, all processes at once (PSS)",
        "peak memory, all processes (PSS)",
        None,
        400.0,
    ),
)


def targets(table: Table, specs: Sequence[str]) -> list[str]:
    lines = [
        "### The targets",
        "",
        "| target | spec | apigen | bound | met |",
        "|---|---|---:|---:|:---:|",
    ]
    for label, figure, peer, bound in TARGETS:
        for spec in specs:
            value = table.median(spec, "apigen", figure)
            if value is None:
                continue
            if peer is not None:
                other = table.median(spec, peer[0], peer[1])
                if other is None:
                    continue
                ratio = value / other
                shown, limit = f"{_fmt(figure, value)} = {ratio:.2f}× opc {peer[1]}", f"≤ {bound}×"
                met = ratio <= bound
            else:
                shown, limit = _fmt(figure, value), f"< {_fmt(figure, bound)}"
                met = value < bound
            lines.append(f"| {label} | {spec} | {shown} | {limit} | {'yes' if met else '**no**'} |")
    return [*lines, ""]


def render(
    table: Table, specs: Sequence[str], rounds: int, machine: str, numbered: dict[str, object]
) -> str:
    lines = targets(table, specs)
    for spec in specs:
        lines += [
            f"### {spec} (`{SPECS[spec].name}`)",
            "",
            "| figure | apigen | openapi-python-client | datamodel-code-generator | apigen / opc | apigen / dmcg |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        for figure in FIGURES:
            a, o, d = (table.median(spec, tool, figure) for tool in TOOLS)
            if a is None and o is None and d is None:
                continue
            lines.append(
                f"| {figure} | {_fmt(figure, a)} | {_fmt(figure, o)} | {_fmt(figure, d)} | {_ratio(a, o)} | {_ratio(a, d)} |"
            )
        lines.append("")
    if numbered:
        lines += ["### Numbered class names on `openai-3.1.yaml`", ""]
        lines += [
            "| models.py from | classes | numbered (`Type1`, ...) | examples |",
            "|---|---:|---:|---|",
        ]
        for tool, label in (
            (
                "dmcg",
                "datamodel-code-generator, plain (`--output-model-type pydantic_v2.BaseModel`)",
            ),
            ("apigen", "apigen (`generated/<pkg>/models.py`)"),
        ):
            info = numbered.get(tool)
            if isinstance(info, dict):
                examples = ", ".join(f"`{n}`" for n in info["examples"]) or "–"
                lines.append(f"| {label} | {info['classes']} | {info['numbered']} | {examples} |")
        lines.append("")
    if FAILURES:
        lines += ["### Failures in this run", ""]
        lines += [
            f"- {what}: `{why.replace('`', chr(39))}`" for what, why in sorted(FAILURES.items())
        ]
        lines.append("")
    header = [
        "# Benchmarks",
        "",
        "Written by `make bench` (`python bench/run.py`); the latest run replaces this file.",
        f"Machine: {machine}. Rounds: {_rounds_text(table, specs, rounds)} (medians; tools alternate, order rotating per round).",
        "",
        "- **cold**: generation from scratch to formatted output (apigen: empty format cache;",
        "  openapi-python-client: `generate` with `post_hooks: []`, then `black` on its output, empty",
        "  black cache; datamodel-code-generator: models only, black + isort in-process).",
        "- **cold (ruff)**: apigen's cold generation with `--formatter ruff`; **cold, unformatted**:",
        "  openapi-python-client's `generate` alone (the first step of its cold figure).",
        "- **unchanged** / **one-line**: generate again over the existing output, with the spec unchanged /",
        "  after one word added to one operation's description (apigen: format cache warm; black's own",
        "  cache warm for openapi-python-client).",
        "- **check**: `apigen check` (manifest fast path); **check --full**: re-render and compare.",
        "- **import**: every module of the generated package, fresh interpreter, in-process time.",
        "- **peak RSS**: of the cold generation, the largest process of the tree (`os.wait4`); **peak",
        "  memory, all processes (PSS)**: the highest sum of PSS over the tree's processes running at",
        "  once (apigen's datamodel-code-generator and formatting workers; black's workers for opc),",
        "  read from /proc every 0.2 s; PSS counts a page shared after fork once, not once a process.",
        "- Ratios are apigen / peer: below 1× apigen is faster or smaller.",
        "",
    ]
    return "\n".join(header + lines)


def _rounds_text(table: Table, specs: Sequence[str], rounds: int) -> str:
    counts = {
        spec: max((len(v) for (s, _, _), v in table.samples.items() if s == spec), default=0)
        for spec in specs
    }
    if len(set(counts.values())) <= 1:
        return str(rounds)
    return ", ".join(f"{spec} {count}" for spec, count in counts.items())


def machine_line(versions: dict[str, str]) -> str:
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=REPO,
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()
    except OSError:
        commit = "?"
    tools = ", ".join(f"{k} {v}" for k, v in versions.items())
    load = "/".join(f"{x:.1f}" for x in os.getloadavg())
    return (
        f"{platform.system()} {platform.machine()}, nproc {os.cpu_count()}, Python {platform.python_version()}, "
        f"load average {load} at the end; apigen at {commit}; {tools}"
    )


def _sdk_section(text: str) -> str:
    """The first-call section `make bench-sdk` writes (bench/sdk_first_call.py), kept as it is."""
    begin, end = "<!-- sdk-first-call:begin -->", "<!-- sdk-first-call:end -->"
    if begin not in text or end not in text:
        return ""
    return "\n\n" + begin + text.split(begin, 1)[1].split(end, 1)[0] + end


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python bench/run.py", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--specs", default=",".join(SPECS), help=f"comma-separated, of: {', '.join(SPECS)}"
    )
    parser.add_argument(
        "--tools", default=",".join(TOOLS), help="comma-separated, of: apigen, opc, dmcg"
    )
    parser.add_argument("--quick", action="store_true", help="1 round on ocpplab and openai")
    parser.add_argument(
        "--out",
        default=str(REPO / "docs" / "benchmarks.md"),
        help="the Markdown report ('' for none)",
    )
    parser.add_argument("--json", help="also write every sample here")
    parser.add_argument(
        "--merge",
        nargs="*",
        default=[],
        metavar="FILE.json",
        help="add the samples of earlier runs (their --json files) before taking medians",
    )
    parser.add_argument("--work", help="keep the generated output in this folder")
    args = parser.parse_args(argv)
    specs = ["ocpplab", "openai"] if args.quick else [s for s in args.specs.split(",") if s]
    rounds = 1 if args.quick else args.rounds
    tools = [t for t in args.tools.split(",") if t]
    unknown = [s for s in specs if s not in SPECS] + [t for t in tools if t not in TOOLS]
    if unknown:
        parser.error(f"unknown: {', '.join(unknown)}")
    if rounds < 1 and not args.merge:
        parser.error("--rounds 0 only renders the samples of --merge files")
    missing = [str(SPECS[s]) for s in specs if not SPECS[s].is_file()]
    if missing:
        print(f"bench: missing specs: {', '.join(missing)}", file=sys.stderr)
        return 2
    if set(tools) - {"apigen"} and rounds > 0:
        ensure_peer_venv()
    versions = {
        "black": _version(PROJECT_PY, "black"),
        "datamodel-code-generator (apigen)": _version(PROJECT_PY, "datamodel-code-generator"),
    }
    if set(tools) - {"apigen"} and peer_python().exists():
        versions["openapi-python-client"] = _version(peer_python(), "openapi-python-client")
        versions["datamodel-code-generator (peer)"] = _version(
            peer_python(), "datamodel-code-generator"
        )

    work = (
        Path(args.work).resolve() if args.work else Path(tempfile.mkdtemp(prefix="apigen-bench-"))
    )
    work.mkdir(parents=True, exist_ok=True)
    table = Table()
    try:
        workspaces = {}
        for name in specs:
            root = work / name
            root.mkdir(parents=True, exist_ok=True)
            changed = root / f"changed{SPECS[name].suffix}"
            one_line_change(SPECS[name], changed)
            workspaces[name] = Workspace(root, name, SPECS[name], changed)
        for r in range(rounds):
            for i, name in enumerate(specs):
                shift = (r + i) % len(tools)
                for tool in tools[shift:] + tools[:shift]:
                    started = time.perf_counter()
                    CURRENT["step"] = f"{name} {TOOL_LABEL[tool]}"
                    results = RUNNERS[tool](workspaces[name])
                    table.add(name, tool, results)
                    shown = ", ".join(f"{k} {_fmt(k, v)}" for k, v in results.items())
                    print(
                        f"bench: round {r + 1}/{rounds} {name:<8} {tool:<6} ({time.perf_counter() - started:.0f}s): {shown}",
                        file=sys.stderr,
                        flush=True,
                    )
        numbered = (
            numbered_names(work) if "openai" in specs and "dmcg" in tools and rounds > 0 else {}
        )
    finally:
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)

    for earlier in args.merge:
        for key, values in json.loads(Path(earlier).read_text(encoding="utf-8")).items():
            spec, tool, figure = key.split("|")
            table.samples.setdefault((spec, tool, figure), []).extend(values)
    if (
        args.merge
    ):  # every spec with samples, in the usual order; rounds: the most samples of one figure
        measured = {spec for spec, _, _ in table.samples}
        specs = [spec for spec in SPECS if spec in measured]
        rounds = max(len(v) for v in table.samples.values())
    report = render(table, specs, rounds, machine_line(versions), numbered)
    print(report)
    if args.out:
        out = Path(args.out)
        kept = _sdk_section(out.read_text(encoding="utf-8")) if out.is_file() else ""
        Path(args.out).write_text(report.rstrip("\n") + kept + "\n", encoding="utf-8")
        print(f"bench: wrote {args.out}", file=sys.stderr)
    if args.json:
        Path(args.json).write_text(
            json.dumps({"|".join(k): v for k, v in table.samples.items()}, indent=1),
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
