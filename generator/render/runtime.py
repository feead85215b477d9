"""The runtime is copied, not rendered: the same files in every generated package (`_runtime/`)."""

from __future__ import annotations

from .env import builtin_templates

# Runtime modules copied only into the SDKs that use them (see `runtime_files`).
OPTIONAL_MODULES = {"waiter.py": "waiter"}


def runtime_files(*, waiter: bool = True) -> dict[str, str]:
    """Relative path (inside the package) -> source, for every file of templates/runtime/;
    `waiter.py` (the 202 + status_url waiter) only with `waiter`."""
    root = builtin_templates() / "runtime"
    wanted = {"waiter": waiter}
    return {
        f"_runtime/{path.relative_to(root).as_posix()}": path.read_text(encoding="utf-8")
        for path in sorted(root.rglob("*.py"))
        if "__pycache__" not in path.parts
        and wanted.get(OPTIONAL_MODULES.get(path.relative_to(root).as_posix(), ""), True)
    }
