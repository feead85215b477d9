"""The pipeline, top-down: load -> validate -> IR -> render -> verify -> format -> (write | compare).

`generate` calls the stages in that order, one call each; each stage lives in its own module (see
CONTRIBUTING.md), and what runs beside them (validation in a forked child, datamodel-code-generator's
process) is scheduler.py's. This module wires them together and builds the manifest.
Output is a function of (spec bytes, config, apigen's own code and templates, pinned formatter and
datamodel-code-generator versions). The manifest records the spec's and the config's hashes; what
this toolchain produced for them is recorded in apigen's cache (cache.py), so `check` can tell
without regenerating whether the committed output is still what generation would give, and the
committed output does not change with every edit to apigen.
"""

from __future__ import annotations

import difflib
import hashlib
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

from . import __version__
from .cache import Record, read_record, record, write_record
from .cache import flush as flush_cache
from .config import Config
from .findings import ApigenError, Effect, Finding, Findings, Location, Severity, error
from .format import Formatting, Group, formatter_version
from .ir.build import build_api
from .ir.model import Api
from .load import LoadedSpec, load_spec
from .load.spec import files_sha256
from .module_tree import forget as forget_module_tree
from .module_tree import forget_tree
from .scheduler import Schedule
from .write import MANIFEST, manifest_bytes, read_manifest, read_tree, sha256, write_package

T = TypeVar("T")

# validate (jsonschema), models (datamodel-code-generator) and render (jinja2) are imported where
# they are used: `apigen check` on an unchanged spec needs none of them and stays well under 1 s.


@dataclass
class Generation:
    spec: LoadedSpec
    api: Api
    findings: Findings
    renders: dict[str, str]  # unformatted text of every generated file
    files: dict[str, bytes] = field(default_factory=dict)  # final bytes, manifest included
    timings: dict[str, float] = field(default_factory=dict)  # stage -> seconds (`--timings`)
    models_source: str | None = None  # datamodel-code-generator's models.py, before the split
    degraded: list[Finding] = field(default_factory=list)  # fallbacks applied (Effect.DEGRADED)
    # pyproject.toml, README.md, api.md: written into the output folder, beside the package
    meta: dict[str, str] = field(default_factory=dict)


class Stopwatch:
    """Seconds spent per stage, for `apigen generate --timings` and the benchmark."""

    def __init__(self, laps: dict[str, float] | None = None) -> None:
        self.laps: dict[str, float] = {} if laps is None else laps
        self._last = time.perf_counter()

    def restart(self) -> None:
        self._last = time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.laps[stage] = self.laps.get(stage, 0.0) + now - self._last
        self._last = now


# ---- the pipeline --------------------------------------------------------------------------------
def generate(spec_path: Path, config: Config, *, reuse: bool = True) -> Generation:
    """load -> validate -> IR -> render -> verify -> format: the package's files, which `write`
    writes. Validation runs in a forked child beside IR, render and verify, and models.py is built
    beside render, verify and format: the `Schedule` (scheduler.py) runs that overlap and stops it
    when a stage fails. With `reuse`, a module of the current output whose render has not changed
    is taken as it is on disk (see `reusable_modules`), not formatted again."""
    watch = Stopwatch()
    with Schedule(spec_path) as schedule:
        spec = load(spec_path, config)
        watch.lap("load")
        schedule.validate(lambda: _timed_validation(spec, config))  # validate, in a forked child
        gen = _build_while_validating(spec, config, schedule, watch)  # IR -> render -> verify
        return finish(gen, config, _reusable(gen, config) if reuse else {}, schedule)  # format


def load(spec_path: Path, config: Config) -> LoadedSpec:
    """The spec as OpenAPI 3: Swagger 2.0 is converted in-process (findings still point into the
    2.0 file)."""
    from .convert.loaded import as_openapi3

    return as_openapi3(
        load_spec(
            spec_path,
            allow_remote_refs=config.allow_remote_refs,
            allow_refs_outside=config.ref_roots(),
        )
    )


def validate(spec: LoadedSpec, config: Config) -> Findings:
    """Every finding of the spec; ApigenError when one is an error."""
    from .validate import validate_spec

    findings = validate_spec(spec, config.validation, strict=config.strict)
    if spec.converted_from:
        findings.add(
            Finding(
                Severity.INFO,
                "converted-swagger2",
                "Swagger 2.0 document converted to OpenAPI 3.0 before generation",
                location=spec.locate(""),
            )
        )
    if findings.has_errors:
        raise ApigenError(findings)
    return findings


def load_and_validate(spec_path: Path, config: Config) -> tuple[LoadedSpec, Findings]:
    spec = load(spec_path, config)
    return spec, validate(spec, config)


def _timed_validation(spec: LoadedSpec, config: Config) -> tuple[Findings, float]:
    started = time.perf_counter()
    findings = validate(spec, config)
    return findings, time.perf_counter() - started


def _build_while_validating(
    spec: LoadedSpec, config: Config, schedule: Schedule, watch: Stopwatch
) -> Generation:
    """`build` while validation runs, then validation's verdict: its errors are raised, even when
    `build` failed too (they explain it). What was built meanwhile read the document as written:
    when validation degrades it (drops an invalid default, a bad constraint), it is built again."""
    gen, (findings, seconds) = schedule.ahead_of_validation(
        lambda: build(spec, config, schedule, watch),
        redo=lambda verdict: bool(fallbacks(verdict[0])),
    )
    watch.laps["validate"] = seconds
    watch.restart()  # the time since is the wait for validation's child, counted in its laps
    degraded = fallbacks(findings)
    if degraded:
        # Those with effect NONE drop a field no stage reads (an invalid description): not a
        # degradation of the code, but the models stage would still choke on it.
        apply_fallbacks(spec.document, degraded)
        gen = build(spec, config, schedule, watch)
        gen.degraded = [f for f in degraded if f.effect is Effect.DEGRADED]
    assert gen is not None
    gen.findings.extend(findings)
    return gen


def build(
    spec: LoadedSpec,
    config: Config,
    schedule: Schedule | None = None,
    watch: Stopwatch | None = None,
) -> Generation:
    """IR -> render -> verify, with models.py begun beside them in `schedule`: it may still be on
    its way when this returns (`finish` takes it). Without a schedule, models.py is waited for."""
    from .verify import verify_modules

    if schedule is None:
        with Schedule() as own:
            gen = build(spec, config, own, watch)
            if own.models_pending:
                take_models(gen, own)
            return gen
    watch = watch or Stopwatch()
    findings = Findings()
    api = build_ir(spec, config, findings)
    watch.lap("ir")
    schedule.start_models(api, findings, spec.locate)  # a big spec's in a subprocess, meanwhile
    watch.lap("models (datamodel-code-generator)")
    renders = render(api, config)
    watch.lap("render (jinja)")
    verify_modules(renders)
    watch.lap("verify (ast)")
    gen = Generation(spec, api, findings, renders, timings=watch.laps)
    if schedule.models_ready:
        take_models(gen, schedule)
    return gen


def build_ir(spec: LoadedSpec, config: Config, findings: Findings) -> Api:
    """The IR of an OpenAPI 3 document (generator/ir/)."""
    if not spec.version.startswith("3."):
        raise ApigenError(
            error(
                "version-unsupported",
                f"OpenAPI/Swagger version {spec.version!r} is not supported",
                location=spec.locate(""),
                hint="convert the document to OpenAPI 3.x",
            )
        )
    return build_api(spec.document, config, spec.locate, findings)


def render(api: Api, config: Config) -> dict[str, str]:
    """The templates (generator/render/, templates/): path -> unformatted text of each module of
    the client (and the server stubs). models.py is datamodel-code-generator's (`take_models`)."""
    from .render.client import render_client

    renders = render_client(
        api, config.templates, config.line_length, aliases=config.exception_aliases
    )
    if config.server:
        from .render.server import render_server

        renders.update(render_server(api, config.templates, config.line_length))
    renders["py.typed"] = ""
    return renders


def take_models(gen: Generation, schedule: Schedule) -> None:
    """models.py into the renders, verified: waits for datamodel-code-generator if it still works.
    (`finish` cuts it into the models package once it is formatted.)"""
    from .verify import verify_modules

    watch = Stopwatch(gen.timings)
    source = schedule.models()
    gen.models_source = source
    watch.lap("models (datamodel-code-generator)")
    verify_modules({"models.py": source})
    watch.lap("verify (ast)")
    gen.renders["models.py"] = source


def fallbacks(findings: Findings) -> list[Finding]:
    """The findings whose fallback is applied: a key to drop, not errors, not taken as written."""
    return [f for f in findings if f.effect is not None and f.drop and f.severity < Severity.ERROR]


def apply_fallbacks(document: dict[str, object], degraded: list[Finding]) -> None:
    """Remove the key each fallback names (an invalid `default`, an invalid constraint keyword)."""
    from .load import pointer as jp

    for finding in degraded:
        parts = jp.split(finding.drop)
        try:
            owner = jp.resolve(document, parts[:-1])
        except (LookupError, ValueError):
            continue
        if isinstance(owner, dict):
            owner.pop(parts[-1], None)


def finish(
    gen: Generation,
    config: Config,
    reuse: dict[str, tuple[str, bytes]] | None = None,
    schedule: Schedule | None = None,
) -> Generation:
    """Format the renders and assemble the package's files. `reuse` maps path -> (render hash,
    committed bytes): a module whose render is unchanged is taken as committed, not formatted again.
    When models.py is still being built (in `schedule`), the other modules are formatted meanwhile,
    and models.py goes ahead of what is left of them once it comes (see `ModelsPackage`). The
    models' cut and the README/api.md are made in a thread while the workers format (`Beside`).
    """
    from .render.runtime import runtime_files

    reuse = reuse or {}
    files: dict[str, bytes] = {}
    started = time.perf_counter()
    others = {path: text for path, text in gen.renders.items() if path != "models.py"}
    to_format = _take_reused(others, files, reuse)
    with Formatting(config.formatter, config.line_length) as formatting:
        group = formatting.add(to_format)
        # The workers are forked before `ModelsPackage` starts its thread; while models.py is
        # still being built (the critical path), it keeps a core.
        formatting.start(reserve=schedule is not None and schedule.models_generating)
        with ModelsPackage(gen, config, reuse, schedule) as models, Beside(formatting) as beside:
            meta: Future[dict[str, str]] | None = None
            while not models.advance(formatting, files, beside) or not group.done:
                if meta is None and models.taken:  # README and api.md name models.py's classes
                    meta = beside.run(_render_meta, gen, config)
                formatting.step(also=models.awaited, reserve=models.reserve)
            for path, text in formatting.result(group).items():
                files[path] = text.encode()
                write_record(
                    _module_record(config, path, sha256(to_format[path].encode())),
                    sha256(files[path]),
                )
            formatted = len(to_format) + models.formatted
            gen.timings[f"format ({config.formatter}, {formatted} modules)"] = (
                time.perf_counter() - started
            )
            watch = Stopwatch(gen.timings)
            gen.meta = (meta or beside.run(_render_meta, gen, config)).result()
            watch.lap("render (jinja)")  # what was left of it to wait for
    forget_module_tree()  # every module is cut and checked: no tree or lines kept past the stage
    for path, text in runtime_files(waiter=gen.api.has_waiter).items():
        files[path] = text.encode()
    files = dict(sorted(files.items()))
    files[MANIFEST] = manifest_bytes(manifest(gen, config, files))
    write_record(_tree_record(config, gen.spec.sha256, str(gen.api.package)), files_sha256(files))
    flush_cache()  # the records, in one transaction
    watch.lap("manifest")
    gen.files = files
    return gen


def _render_meta(gen: Generation, config: Config) -> dict[str, str]:
    from .render.meta import render_meta

    return render_meta(
        gen.api,
        config,
        gen.findings,
        gen.spec.locate,
        models_source=gen.models_source or "",
    )


class Beside:
    """A thread for the format stage's own work (the models' cut, README and api.md), so that the
    work runs while the pool's workers format instead of after them: the loop that hands the
    workers their units goes on meanwhile. The thread starts only once the pool's workers are
    forked (a child would inherit it half-way); until then, and without a pool (one core, ruff),
    the work runs at once."""

    def __init__(self, formatting: Formatting) -> None:
        self._formatting = formatting
        self._thread: ThreadPoolExecutor | None = None

    def __enter__(self) -> Beside:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._thread is not None:
            self._thread.shutdown(wait=exc[0] is None, cancel_futures=True)

    def run(self, call: Callable[..., T], *args: object) -> Future[T]:
        if self._thread is None and self._formatting.pooled:
            self._thread = ThreadPoolExecutor(1, thread_name_prefix="apigen-beside")
        if self._thread is not None:
            return self._thread.submit(call, *args)
        done: Future[T] = Future()
        done.set_result(call(*args))
        return done


def _take_reused(
    renders: dict[str, str], files: dict[str, bytes], reuse: dict[str, tuple[str, bytes]]
) -> dict[str, str]:
    """The renders still to format; the others go into `files` (as committed when reusable)."""
    to_format: dict[str, str] = {}
    for path, text in renders.items():
        committed = reuse.get(path)
        if committed and committed[0] == sha256(text.encode()):
            files[path] = committed[1]
        elif path.endswith(".py"):
            to_format[path] = text
        else:
            files[path] = text.encode()
    return to_format


MODELS_INIT = "models/__init__.py"


class ModelsPackage:
    """models.py on its way to the models package, beside the formatting of the other modules:
    taken from datamodel-code-generator in a thread (waiting for its process, then checking its
    output), formatted ahead of the modules still queued, then cut into one module per model (or
    per cycle of models; models/split.py) beside the formatting (`Beside`). The modules are
    pieces of black's output laid out as black lays them out, so they are not formatted again;
    the new code (the package's `__init__`) is verified. Every module of the package has models.py's render hash, and one record says
    what the package was formatted to: when the render is unchanged and the committed package is
    that, it is taken as committed."""

    def __init__(
        self,
        gen: Generation,
        config: Config,
        reuse: dict[str, tuple[str, bytes]],
        schedule: Schedule | None,
    ) -> None:
        self._gen, self._config, self._reuse, self._schedule = gen, config, reuse, schedule
        self._group: Group | None = None
        self._cut: Future[dict[str, bytes]] | None = None  # the package, once models.py is cut
        self._render_hash = ""  # models.py's render, once it is taken
        self._done = False
        self.formatted = 0  # modules formatted: models.py, when it was
        self._thread: ThreadPoolExecutor | None = None
        if schedule is not None and schedule.models_pending:
            self._thread = ThreadPoolExecutor(1, thread_name_prefix="apigen-models")
            self._taken: Future[None] = self._thread.submit(take_models, gen, schedule)
        else:
            self._taken = Future()
            self._taken.set_result(None)

    def __enter__(self) -> ModelsPackage:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._thread is not None:  # on an error, the schedule's cancel stops its process
            self._thread.shutdown(wait=False, cancel_futures=True)

    @property
    def taken(self) -> bool:
        """models.py is in the renders (and `gen.models_source`), or there is none to take."""
        return self._taken.done() and self._taken.exception() is None

    @property
    def awaited(self) -> Future[Any] | None:
        """What to wait for besides the formatting: models.py until it is taken, then its cut."""
        if not self._taken.done():
            return self._taken
        return self._cut if self._cut is not None and not self._cut.done() else None

    @property
    def reserve(self) -> bool:
        """A core is worth keeping: datamodel-code-generator still builds models.py."""
        return self._schedule is not None and self._schedule.models_generating

    def advance(self, formatting: Formatting, files: dict[str, bytes], beside: Beside) -> bool:
        """Move on as far as can be done now; True once the package's files are in `files`."""
        if self._done or not self._taken.done():
            return self._done
        self._taken.result()  # the models stage's error, if it failed
        if self._thread is not None:  # joined before the pool may fork its workers
            self._thread.shutdown(wait=True)
            self._thread = None
        render = self._gen.renders.get("models.py")
        if render is None:
            self._done = True
        elif self._group is None:
            self._render_hash = sha256(render.encode())
            previous = self._reusable()
            if previous is not None:
                files.update(previous)
                self._done = True
            else:
                self._group = formatting.add({"models.py": render}, first=True, models=True)
                forget_tree()  # read by the checks, verify and the cut: not again (its lines are
                # kept: README and api.md list its classes)
                formatting.start()
        elif self._cut is None:
            if self._group.done:
                self._cut = beside.run(self._split, formatting.result(self._group)["models.py"])
        elif self._cut.done():
            package = self._cut.result()
            files.update(package)
            write_record(_models_record(self._config, self._render_hash), files_sha256(package))
            self.formatted = 1
            self._done = True
        return self._done

    def _reusable(self) -> dict[str, bytes] | None:
        from .models.split import module_paths

        previous = {p: data for p, (h, data) in self._reuse.items() if h == self._render_hash}
        if MODELS_INIT in previous and module_paths(previous[MODELS_INIT]) <= set(previous):
            return previous
        return None

    def _split(self, formatted: str) -> dict[str, bytes]:
        from .models import HEADER
        from .models.split import split_models
        from .verify import verify_modules

        modules = split_models(formatted, HEADER, self._config.line_length)
        if not modules:
            modules = {"models.py": formatted}  # a shape the split does not know: as dmcg wrote it
        verify_modules({path: text for path, text in modules.items() if path == MODELS_INIT})
        return {path: text.encode("utf-8") for path, text in modules.items()}


def _render_hashes(gen: Generation, files: dict[str, bytes]) -> dict[str, str]:
    """Path -> sha256 of the render each file was formatted from (the models package's modules:
    models.py's)."""
    hashes = {path: sha256(text.encode()) for path, text in gen.renders.items()}
    models = hashes.pop("models.py", None)
    if models is not None:
        hashes.update((path, models) for path in files if is_models_path(path))
    return hashes


def is_models_path(path: str) -> bool:
    return path == "models.py" or path.startswith("models/")


# ---- write ---------------------------------------------------------------------------------------
def package_dir(config: Config, api_package: str) -> Path:
    return Path(config.output) / api_package


def write(gen: Generation, config: Config, *, force: bool = False) -> Path:
    from .meta_write import check_meta_targets, write_meta

    target = package_dir(config, gen.api.package)
    if not force:
        refuse_foreign_output(target, gen)
    check_meta_targets(Path(config.output), str(gen.api.package), sorted(gen.meta))
    write_package(target, gen.files)
    write_meta(Path(config.output), {name: text.encode() for name, text in gen.meta.items()})
    return target


def refuse_foreign_output(target: Path, gen: Generation) -> None:
    """ApigenError when `target` holds the package of another API (another spec file *and* another
    title: a new version of the same spec in a new file is not another API), or another package:
    a run must not silently replace another API's output (`--force` does it on purpose)."""
    data = read_manifest(target)
    if data is None:
        return
    names = data.get("spec_files")
    recorded = [str(n) for n in names] if isinstance(names, list) else []
    entry = gen.spec.path.name  # files are keyed relative to the entry's folder
    title, package = data.get("title"), data.get("package")
    other_spec = (
        bool(recorded)
        and entry not in recorded
        and isinstance(title, str)
        and title != str(gen.api.title)
    )
    other_package = isinstance(package, str) and package != str(gen.api.package)
    if not (other_spec or other_package):
        return
    was = f"{recorded[0] if recorded else 'an unknown spec'} ({title!r}, package {package})"
    now = f"{entry} ({str(gen.api.title)!r}, package {gen.api.package})"
    raise ApigenError(
        error(
            "output-foreign",
            f"{target} holds the package generated from {was}; this run generates {now}",
            location=Location(str(target / MANIFEST)),
            hint="choose another --output or --package, or pass --force to replace it",
        )
    )


# ---- the manifest, and the records of what this toolchain produced ------------------------------
SOURCE_ROOT = Path(__file__).resolve().parent


@lru_cache(maxsize=1)
def toolchain_fingerprint() -> str:
    """apigen's code, templates and pinned tool versions: anything that changes the output."""
    from importlib.metadata import version

    from .render.env import builtin_templates

    # Metadata, not an import: `check` must stay fast, and importing dmcg costs half a second.
    digest = hashlib.sha256(
        f"apigen {__version__}\0dmcg {version('datamodel-code-generator')}\0".encode()
    )
    for root in (SOURCE_ROOT, builtin_templates()):
        for path in sorted(root.rglob("*")):
            if (
                path.is_file()
                and "__pycache__" not in path.parts
                and path.suffix in (".py", ".jinja", ".typed")
            ):
                digest.update(
                    path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0"
                )
    return digest.hexdigest()


def _templates_fingerprint(config: Config) -> str:
    """The user's template folder, when there is one: its files change the output too."""
    if not config.templates:
        return ""
    digest = hashlib.sha256()
    root = Path(config.templates)
    for path in sorted(root.rglob("*")) if root.is_dir() else ():
        if path.is_file():
            digest.update(path.relative_to(root).as_posix().encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def _module_record(config: Config, path: str, render_hash: str) -> Record:
    """Where the sha256 of the bytes a render of `path` was formatted to is recorded."""
    return record(
        "module",
        toolchain_fingerprint(),
        formatter_version(config.formatter),
        str(config.line_length),
        path,
        render_hash,
    )


def _models_record(config: Config, render_hash: str) -> Record:
    """Where the hash of the models package formatted from the models.py render is recorded."""
    return _module_record(config, "models/", render_hash)


def _tree_record(config: Config, spec_sha256: str, package: str) -> Record:
    """Where the hash of the whole tree generated for (spec, config, toolchain) is recorded."""
    return record(
        "tree",
        toolchain_fingerprint(),
        config.fingerprint(),
        formatter_version(config.formatter),
        _templates_fingerprint(config),
        spec_sha256,
        package,
    )


def manifest(gen: Generation, config: Config, files: dict[str, bytes]) -> dict[str, object]:
    renders = _render_hashes(gen, files)
    return {
        "apigen_version": __version__,
        "formatter": formatter_version(config.formatter),
        "config_sha256": config.fingerprint(),
        "spec_sha256": gen.spec.sha256,
        "spec_files": sorted(gen.spec.files),
        "package": str(gen.api.package),
        "title": str(gen.api.title),  # which API: `write` refuses to replace another one's output
        "files": {
            path: {
                "sha256": sha256(data),
                "render_sha256": renders.get(path),
            }
            for path, data in sorted(files.items())
        },
        **(
            {"meta_files": {name: sha256(text.encode()) for name, text in sorted(gen.meta.items())}}
            if gen.meta
            else {}
        ),
    }


def _reusable(gen: Generation, config: Config) -> dict[str, tuple[str, bytes]]:
    folder = package_dir(config, gen.api.package)
    return reusable_modules(read_tree(folder), read_manifest(folder) or {}, config)


def _meta_unchanged(data: dict[str, object], output: Path) -> bool:
    """The distribution files beside the package are what the manifest recorded."""
    from .meta_write import read_meta

    recorded = data.get("meta_files") or {}
    if not isinstance(recorded, dict):
        return False
    on_disk = read_meta(output, sorted(recorded))
    return set(on_disk) == set(recorded) and all(
        sha256(on_disk[name]) == recorded[name] for name in recorded
    )


def _meta_diffs(gen: Generation, output: Path, label: str) -> list[str]:
    from .meta_write import read_meta

    if not gen.meta:
        return []
    committed = read_meta(output, sorted(gen.meta))
    return diff_trees(committed, {n: t.encode() for n, t in gen.meta.items()}, label)


# ---- check ----------------------------------------------------------------------------------------
@dataclass
class CheckResult:
    package: Path
    diffs: list[str]  # unified diffs, one per changed file
    regenerated: bool  # False when the manifest proved the output current without regenerating

    @property
    def drift(self) -> bool:
        return bool(self.diffs)


# The spec files a manifest lists are read to hash them: regular files only, this much in all.
MAX_SPEC_BYTES = 256 * 1024 * 1024


def _spec_sha256(spec_path: Path, data: dict[str, object]) -> str | None:
    """The hash of the spec files the manifest lists, read as bytes (no parsing); None when one
    cannot be read. A listed device (`/dev/zero`) or FIFO is refused, not read."""
    from .load.local_files import UnreadableFile, read_file

    names = data.get("spec_files")
    if not isinstance(names, list) or not names or not all(isinstance(n, str) for n in names):
        return None
    base = spec_path.parent
    files: dict[str, bytes] = {}
    total = 0
    for name in names:
        try:
            files[name] = read_file(base / name)
        except (UnreadableFile, ValueError):
            return None
        total += len(files[name])
        if total > MAX_SPEC_BYTES:
            return None
    return files_sha256(files) if spec_path.name in files else None


def _spec_unchanged(spec_path: Path, data: dict[str, object]) -> bool:
    """The spec's files hash as the manifest recorded."""
    found = _spec_sha256(spec_path, data)
    return found is not None and found == data.get("spec_sha256")


def _unchanged_by_manifest(
    committed: dict[str, bytes], data: dict[str, object], spec_path: Path, config: Config
) -> bool:
    files = data.get("files")
    if not isinstance(files, dict):
        return False
    if not _spec_unchanged(spec_path, data) or not _made_the_same_way(data, config):
        return False
    on_disk = {p for p in committed if p != MANIFEST}
    if on_disk != set(files) or not all(
        isinstance(files[p], dict) and files[p].get("sha256") == sha256(committed[p])
        for p in on_disk
    ):
        return False
    # The manifest agrees with itself; whether the tree is what apigen generates is only known from
    # apigen's own record (made outside the output tree when it generated it), never the manifest.
    spec_sha = _spec_sha256(spec_path, data)
    package = data.get("package")
    if spec_sha is None or not isinstance(package, str):
        return False
    return read_record(_tree_record(config, spec_sha, package)) == files_sha256(committed)


def _made_the_same_way(data: dict[str, object], config: Config) -> bool:
    """The manifest's output was made with this formatter and config. (Whether this toolchain, i.e.
    apigen's own code, made it is not in the manifest, which must not change with every edit to
    apigen: the records in the cache are keyed by the toolchain and say it.)"""
    return data.get("config_sha256") == config.fingerprint() and data.get(
        "formatter"
    ) == formatter_version(config.formatter)


def reusable_modules(
    on_disk: dict[str, bytes], data: dict[str, object], config: Config
) -> dict[str, tuple[str, bytes]]:
    """Path -> (render hash, bytes) for `finish`: the files of an output folder that its manifest
    (`data`) says were formatted from a render by the same toolchain, formatter and config, and
    whose bytes are those this toolchain recorded (outside the output tree) when it formatted that
    render: a file edited together with its manifest entry is never reused. The models package is
    reused whole or not at all (one record for all its modules).
    """
    recorded = data.get("files")
    if not isinstance(recorded, dict) or not _made_the_same_way(data, config):
        return {}
    reuse: dict[str, tuple[str, bytes]] = {}
    for path, entry in recorded.items():
        if (
            isinstance(entry, dict)
            and path in on_disk
            and entry.get("sha256") == sha256(on_disk[path])
            and isinstance(entry.get("render_sha256"), str)
        ):
            reuse[path] = (entry["render_sha256"], on_disk[path])
    models = {path: reuse.pop(path) for path in list(reuse) if is_models_path(path)}
    for path, (render_hash, data_) in list(reuse.items()):
        if read_record(_module_record(config, path, render_hash)) != sha256(data_):
            del reuse[path]
    hashes = {render_hash for render_hash, _ in models.values()}
    if len(hashes) == 1:
        package = {path: data_ for path, (_, data_) in models.items()}
        if read_record(_models_record(config, hashes.pop())) == files_sha256(package):
            reuse.update(models)
    return reuse


def check(spec_path: Path, config: Config, *, full: bool = False, package: str = "") -> CheckResult:
    pkg = package or config.package
    if not full and pkg:
        folder = Path(config.output) / pkg
        committed = read_tree(folder)
        data = read_manifest(folder)
        if (
            data is not None
            and _unchanged_by_manifest(committed, data, spec_path, config)
            and _meta_unchanged(data, Path(config.output))
        ):
            return CheckResult(folder, [], regenerated=False)
    gen = generate(spec_path, config, reuse=not full)
    folder = package_dir(config, gen.api.package)
    committed = read_tree(folder)
    diffs = diff_trees(committed, gen.files, str(folder))
    diffs += _meta_diffs(gen, Path(config.output), str(config.output))
    return CheckResult(folder, diffs, regenerated=True)


def diff_trees(old: dict[str, bytes], new: dict[str, bytes], label: str) -> list[str]:
    diffs = []
    for path in sorted(set(old) | set(new)):
        a, b = old.get(path), new.get(path)
        if a == b:
            continue
        a_lines = (a or b"").decode("utf-8", "replace").splitlines(keepends=True)
        b_lines = (b or b"").decode("utf-8", "replace").splitlines(keepends=True)
        name = f"{label}/{path}"
        text = "".join(
            difflib.unified_diff(
                a_lines,
                b_lines,
                fromfile=name if a is not None else "/dev/null",
                tofile=name if b is not None else "/dev/null",
            )
        )
        diffs.append(text or f"--- {name}\n+++ {name}\n(binary or whitespace-only change)\n")
    return diffs
