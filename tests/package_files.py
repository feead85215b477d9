"""Reading a generated package in tests: its models live in a package of one module per model."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any


def models_text(package: Path) -> str:
    """Every module of the package's models (`models/*.py`, or a single `models.py`), joined."""
    single = package / "models.py"
    if single.is_file():
        return single.read_text(encoding="utf-8")
    return "".join(p.read_text(encoding="utf-8") for p in sorted((package / "models").glob("*.py")))


def resource_of(client: Any, dotted: str) -> Any:
    """A generated client's resource by its accessor chain (`Resource.dotted`: `store.order`)."""
    return functools.reduce(getattr, dotted.split("."), client)
