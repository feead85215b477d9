"""Import a module on first attribute access.

Generated resource modules use it so that importing the SDK does not import its (possibly
huge) models module until a model is actually needed::

    from typing import TYPE_CHECKING
    from .._runtime import lazy_module

    if TYPE_CHECKING:
        from .. import models
    else:
        models = lazy_module("..models", __package__)
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import threading
import types
from collections.abc import Callable
from typing import Any

__all__ = ["lazy_module", "lazy_attributes", "LazyModule"]


class LazyModule(types.ModuleType):
    """A stand-in for a module that is imported the first time one of its attributes is read."""

    def __init__(self, relative_name: str, package: str | None) -> None:
        resolved = importlib.util.resolve_name(relative_name, package)
        super().__init__(resolved)
        object.__setattr__(self, "_lazy_target", None)
        object.__setattr__(self, "_lazy_package", package)
        object.__setattr__(self, "_lazy_relative", relative_name)
        object.__setattr__(self, "_lazy_lock", threading.Lock())

    def _lazy_load(self) -> types.ModuleType:
        target: types.ModuleType | None = object.__getattribute__(self, "_lazy_target")
        if target is None:
            with object.__getattribute__(self, "_lazy_lock"):
                target = object.__getattribute__(self, "_lazy_target")
                if target is None:
                    target = importlib.import_module(
                        object.__getattribute__(self, "_lazy_relative"),
                        object.__getattribute__(self, "_lazy_package"),
                    )
                    object.__setattr__(self, "_lazy_target", target)
        return target

    def __getattr__(self, name: str) -> Any:
        # Only called for attributes not found normally, i.e. everything the real module has.
        if name.startswith("_lazy_"):
            raise AttributeError(name)
        return getattr(self._lazy_load(), name)

    def __setattr__(self, name: str, value: Any) -> None:
        setattr(self._lazy_load(), name, value)

    def __dir__(self) -> list[str]:
        return dir(self._lazy_load())

    def __repr__(self) -> str:
        loaded = object.__getattribute__(self, "_lazy_target") is not None
        return f"<lazy module {self.__name__!r} ({'loaded' if loaded else 'not loaded'})>"


def lazy_module(relative_name: str, package: str | None) -> types.ModuleType:
    """A proxy for ``importlib.import_module(relative_name, package)`` that imports on first use."""
    return LazyModule(relative_name, package)


def lazy_attributes(package: str, modules: dict[str, str]) -> Callable[[str], Any]:
    """A package's PEP 562 ``__getattr__`` for names defined in its submodules: ``modules`` maps a
    name to the submodule defining it, imported the first time the name is read (the generated
    ``models`` package: ``models.Customer`` imports ``models/customer.py`` and what it needs)."""
    namespace = sys.modules[package].__dict__

    def __getattr__(name: str) -> Any:
        module = modules.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f".{module}", package), name)
        namespace[name] = value  # read once: later reads are plain attribute lookups
        return value

    return __getattr__
