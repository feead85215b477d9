"""The runtime is copied, not rendered: the same files in every generated package (`_runtime/`)."""

from __future__ import annotations

from .env import builtin_templates


def runtime_files() -> dict[str, str]:
    """Relative path (inside the package) -> source, for every file of templates/runtime/."""
    root = builtin_templates() / "runtime"
    return {
        f"_runtime/{path.relative_to(root).as_posix()}": path.read_text(encoding="utf-8")
        for path in sorted(root.rglob("*.py"))
        if "__pycache__" not in path.parts
    }
