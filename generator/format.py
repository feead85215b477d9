"""The format stage: black (default) or ruff's Black-compatible formatter, in-process where possible.

Formatting dominates generation time on big specs, so a module is formatted once per distinct render:
results are cached on disk by the hash of (formatter, its version, line length, unformatted source).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from .findings import ApigenError, error

_PARALLEL_MIN_LINES = 4000


def cache_dir(kind: str = "format") -> Path:
    """Where apigen keeps results keyed by the hash of their input (`APIGEN_CACHE_DIR` overrides)."""
    base = os.environ.get("APIGEN_CACHE_DIR") or os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "apigen" / kind


def formatter_version(formatter: str) -> str:
    if formatter == "ruff":
        import ruff  # noqa: F401  (version via the binary)

        return subprocess.run([_ruff_binary(), "--version"], capture_output=True, text=True, check=True).stdout.strip()
    from importlib.metadata import version

    return f"black {version('black')}"


def _ruff_binary() -> str:
    try:
        from ruff.__main__ import find_ruff_bin

        return str(find_ruff_bin())
    except Exception:  # ruff not importable: fall back to PATH
        found = shutil.which("ruff")
        if not found:
            raise ApigenError(error("formatter-missing", "ruff is not installed", hint="pip install ruff, or use --formatter black"))
        return found


def _format_black(source: str, line_length: int) -> str:
    import black

    mode = black.Mode(line_length=line_length, target_versions={black.TargetVersion.PY311})
    try:
        return black.format_str(source, mode=mode)
    except black.InvalidInput as exc:  # a template produced invalid Python: an apigen bug
        raise ApigenError(error("format-failed", f"generated code does not parse: {exc}")) from None


def _format_ruff(source: str, line_length: int) -> str:
    proc = subprocess.run(
        [_ruff_binary(), "format", "--line-length", str(line_length), "--target-version", "py311", "-"],
        input=source,
        capture_output=True,
        text=True,
    )
    if proc.returncode != 0:
        raise ApigenError(error("format-failed", f"ruff format failed: {proc.stderr.strip()[:300]}"))
    return proc.stdout


def format_source(source: str, formatter: str, line_length: int) -> str:
    return _format_ruff(source, line_length) if formatter == "ruff" else _format_black(source, line_length)


def _job(args: tuple[str, str, int]) -> str:
    return format_source(*args)


def format_modules(sources: dict[str, str], formatter: str = "black", line_length: int = 100, use_cache: bool = True) -> dict[str, str]:
    """Path -> formatted source, for every `.py` in `sources`; cached by render hash."""
    version = formatter_version(formatter)
    folder = cache_dir()
    result: dict[str, str] = {}
    todo: dict[str, tuple[str, Path]] = {}
    for path, source in sorted(sources.items()):
        key = hashlib.sha256(f"{version}\0{line_length}\0{source}".encode()).hexdigest()
        cached = folder / key[:2] / key
        if use_cache and cached.is_file():
            result[path] = cached.read_text(encoding="utf-8")
        else:
            todo[path] = (source, cached)
    if todo:
        big = [p for p, (s, _) in todo.items() if s.count("\n") >= _PARALLEL_MIN_LINES]
        workers = min(len(todo), os.cpu_count() or 1)
        if formatter == "black" and workers > 1 and big and len(todo) > 1:
            with ProcessPoolExecutor(max_workers=workers) as pool:
                # Largest first, so the long module starts at once and the rest fill the other core.
                order = sorted(todo, key=lambda p: -len(todo[p][0]))
                outputs = pool.map(_job, [(todo[p][0], formatter, line_length) for p in order])
                formatted = dict(zip(order, outputs))
        else:
            formatted = {p: format_source(s, formatter, line_length) for p, (s, _) in todo.items()}
        for path, text in formatted.items():
            result[path] = text
            if use_cache:
                store_text(todo[path][1], text)
    return dict(sorted(result.items()))


def store_text(target: Path, text: str) -> None:
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, target)
    except OSError:  # a cache we cannot write is only slower, never wrong
        pass


if __name__ == "__main__":  # pragma: no cover - manual use: python -m generator.format FILE
    print(format_source(Path(sys.argv[1]).read_text(), "black", 100), end="")
