"""The format stage: black (default) or ruff's Black-compatible formatter.

Formatting dominates generation time on big specs (black needs ~1 ms a line), so:
- a big module is cut into *units* at boundaries where black's output is known not to depend on
  the neighbours (between two top-level classes or functions with only blank lines between them:
  black always puts exactly two blank lines there), each unit is formatted on its own and the
  results are joined with those two blank lines; `tests/unit/test_format_units.py` shows that this
  is byte-identical to formatting the module whole;
- units of all modules are spread over the machine's cores;
- every formatted unit is cached on disk by the hash of (formatter, its version, line length,
  unformatted text), so a render is never formatted twice, and a one-line spec change formats
  again only the units whose text changed. The cache is not trusted: a cached unit is used only
  when it is the same code as the unit (same AST, docstring indentation aside, and no encoding
  declaration), so a writable cache cannot put code into the output.
"""

from __future__ import annotations

import ast
import functools
import gc
import hashlib
import itertools
import multiprocessing
import multiprocessing.context
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

from . import cache
from .findings import ApigenError, error
from .gc_tuning import tune_gc

UNIT_LINES = (
    400  # a unit grows to at least this many lines before a cut (fewer, larger black calls)
)
_POOL_MIN_LINES = 2500  # below this much unformatted text, a process pool costs more than it saves
# Comments that change how black formats what follows them: a module holding one is formatted whole.
_FORMAT_DIRECTIVE = re.compile(r"#\s*(fmt|yapf)\s*:")
_DEFINITIONS = (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)


@functools.cache
def formatter_version(formatter: str) -> str:
    """The formatter's name and version, read once per process: every module's cache record names
    it (`pipeline._module_record`), and reading it costs ~1 ms (black's package metadata, parsed
    by `email`) or a subprocess (`ruff --version`); per module that was seconds on Stripe."""
    if formatter == "ruff":
        return subprocess.run(
            [_ruff_binary(), "--version"], capture_output=True, text=True, check=True
        ).stdout.strip()
    from importlib.metadata import version

    return f"black {version('black')}"


def _ruff_binary() -> str:
    try:
        from ruff.__main__ import find_ruff_bin

        return str(find_ruff_bin())
    except Exception:  # ruff not importable: fall back to PATH
        found = shutil.which("ruff")
        if not found:
            raise ApigenError(
                error(
                    "formatter-missing",
                    "ruff is not installed",
                    hint="pip install ruff, or use --formatter black",
                )
            ) from None
        return found


# ---- units ----------------------------------------------------------------------------------------
def split_units(source: str, unit_lines: int = UNIT_LINES) -> list[str]:
    """`source` cut into pieces that black formats independently; one piece when no cut is safe.

    A cut goes just before a top-level class or function (its decorators included) whose previous
    top-level statement is also a class or function, when one or more blank lines and nothing else
    lie between them. Black then puts exactly two blank lines at the cut whatever the input had,
    and nothing on one side changes how it formats the other. (With no blank line, black keeps
    consecutive one-line stubs such as `@overload` defs together, so no cut there.)"""
    if source.count("\n") < 2 * unit_lines or "\r" in source or _FORMAT_DIRECTIVE.search(source):
        return [source]
    try:
        body = ast.parse(source).body
    except SyntaxError:
        return [source]  # black reports it
    lines = source.split("\n")  # no "\r" (checked above): these are the parser's lines
    cuts = [0]
    for previous, statement in itertools.pairwise(body):
        start = (
            min([statement.lineno, *(d.lineno for d in getattr(statement, "decorator_list", []))])
            - 1
        )
        end = (
            previous.end_lineno or previous.lineno
        )  # 1-based, inclusive: lines[end:start] lie between
        if (
            isinstance(previous, _DEFINITIONS)
            and isinstance(statement, _DEFINITIONS)
            and start > end  # at least one blank line: with none, black keeps stub defs together
            and all(not line.strip() for line in lines[end:start])
            and start - cuts[-1] >= unit_lines
        ):
            cuts.append(start)
    if len(cuts) == 1:
        return [source]
    bounds = [*cuts, len(lines)]
    units = ["\n".join(lines[a:b]).rstrip("\n") + "\n" for a, b in itertools.pairwise(bounds)]
    return units


def join_units(formatted: list[str]) -> str:
    """The formatted units as one module: two blank lines at each cut, as black puts them."""
    return "\n\n".join(formatted)


# ---- trusting the cache -----------------------------------------------------------------------------
_CODING = re.compile(r"^[ \t\f]*#.*?coding[:=]", re.MULTILINE)


def _code_of(text: str) -> str:
    """The AST of `text` as black keeps it: docstrings compared without their indentation."""
    tree = ast.parse(text)
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Expr)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
        ):
            lines = node.value.value.expandtabs().splitlines()
            node.value.value = "\n".join(line.strip() for line in lines).strip()
    return ast.dump(tree)


def same_code(source: str, formatted: str) -> bool:
    """`formatted` is `source` formatted: same code, and no encoding declaration the source lacks
    (one would change how the written bytes are read)."""
    head = "\n".join(formatted.split("\n", 2)[:2])
    if _CODING.search(head) and head not in source:
        return False
    try:
        return _code_of(source) == _code_of(formatted)
    except (SyntaxError, ValueError, RecursionError):
        return False


# ---- formatting ---------------------------------------------------------------------------------
def _format_black(source: str, line_length: int) -> str:
    import black

    mode = black.Mode(line_length=line_length, target_versions={black.TargetVersion.PY311})
    try:
        return black.format_str(source, mode=mode)
    except black.InvalidInput as exc:  # a template produced invalid Python: an apigen bug
        raise ApigenError(error("format-failed", f"generated code does not parse: {exc}")) from None


def _format_ruff_many(sources: list[str], line_length: int) -> list[str]:
    """One `ruff format` run over all of them (ruff spreads files over the cores itself)."""
    with tempfile.TemporaryDirectory(prefix="apigen-ruff-") as folder:
        paths = [Path(folder) / f"m{index}.py" for index in range(len(sources))]
        for path, source in zip(paths, sources):
            path.write_text(source, encoding="utf-8")
        proc = subprocess.run(
            [
                _ruff_binary(),
                "format",
                "--no-cache",
                "--isolated",
                "--line-length",
                str(line_length),
                "--target-version",
                "py311",
                folder,
            ],
            capture_output=True,
            text=True,
        )
        if proc.returncode != 0:
            raise ApigenError(
                error("format-failed", f"ruff format failed: {proc.stderr.strip()[:300]}")
            )
        return [path.read_text(encoding="utf-8") for path in paths]


def format_source(source: str, formatter: str, line_length: int) -> str:
    """One piece of source, formatted (black in-process; ruff through its binary)."""
    if formatter == "ruff":
        return _format_ruff_many([source], line_length)[0]
    return _format_black(source, line_length)


# From this much memory of its own, this process does not fork black's workers itself: a fork
# carries the spec, the IR and every render into each worker (~250 MB on kubernetes-swagger2.json),
# on top of what black needs for a unit. They are forked from a small server process with black
# imported instead, which costs ~0.3 s to start: worth it only for a big process.
FORKSERVER_MIN_RSS = 150 * 2**20


def _worker_context() -> tuple[multiprocessing.context.BaseContext, Callable[[], None]]:
    if _own_rss() >= FORKSERVER_MIN_RSS:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["black", "generator.format"])
        return context, tune_gc
    return multiprocessing.get_context("fork"), _forked_worker_init


def _forked_worker_init() -> None:
    # gc.freeze(): the worker's collections leave alone the objects it inherits, which black's
    # allocations would otherwise make it walk again and again, copying pages as it goes.
    gc.freeze()
    tune_gc()


def _own_rss() -> int:
    try:
        with open("/proc/self/statm", "rb") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0  # not Linux: fork (or the platform's default) as before


def _job(args: tuple[str, str, int]) -> str:
    return format_source(*args)


def _cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def _format_all(texts: list[str], formatter: str, line_length: int) -> list[str]:
    if formatter == "ruff":
        return _format_ruff_many(texts, line_length)
    workers = min(len(texts), _cpus())
    if workers > 1 and sum(text.count("\n") for text in texts) >= _POOL_MIN_LINES:
        # Largest first, so a long unit starts at once and the short ones fill the other cores.
        order = sorted(range(len(texts)), key=lambda index: -len(texts[index]))
        context, initializer = _worker_context()
        try:
            with ProcessPoolExecutor(
                max_workers=workers, mp_context=context, initializer=initializer
            ) as pool:
                outputs = list(
                    pool.map(_job, [(texts[index], formatter, line_length) for index in order])
                )
        except BrokenProcessPool:
            # A worker could not start (a forkserver child re-imports `__main__`, which fails for
            # a program read from stdin, say): the same work, here, one unit after the other.
            outputs = [format_source(texts[index], formatter, line_length) for index in order]
        result = [""] * len(texts)
        for index, output in zip(order, outputs):
            result[index] = output
        return result
    return [format_source(text, formatter, line_length) for text in texts]


@dataclass
class _Unit:
    text: str
    cached: Path
    formatted: str | None = None


def format_modules(
    sources: dict[str, str],
    formatter: str = "black",
    line_length: int = 100,
    use_cache: bool = True,
) -> dict[str, str]:
    """Path -> formatted source, for every module in `sources`; cached unit by unit."""
    version = formatter_version(formatter)
    modules: dict[str, list[_Unit]] = {}
    for path, source in sorted(sources.items()):
        pieces = split_units(source) if formatter == "black" else [source]
        units = []
        for text in pieces:
            key = hashlib.sha256(f"{version}\0{line_length}\0{text}".encode()).hexdigest()
            unit = _Unit(text, cache.entry("format", key))
            if use_cache and unit.cached.is_file():
                cached = cache.read_text(unit.cached)
                if cached is not None and same_code(text, cached):
                    unit.formatted = cached
            units.append(unit)
        modules[path] = units
    pending = [unit for units in modules.values() for unit in units if unit.formatted is None]
    distinct = list(dict.fromkeys(unit.text for unit in pending))  # a text twice is formatted once
    if distinct:
        done = dict(zip(distinct, _format_all(distinct, formatter, line_length)))
        for unit in pending:
            unit.formatted = done[unit.text]
            if use_cache:
                cache.store_text(unit.cached, unit.formatted)
    return {
        path: join_units([unit.formatted or "" for unit in units])
        for path, units in modules.items()
    }


if __name__ == "__main__":  # pragma: no cover - manual use: python -m generator.format FILE
    print(format_source(Path(sys.argv[1]).read_text(), "black", 100), end="")
