"""Import a module on first attribute access.

Generated resource modules use it so that importing the SDK does not import its (possibly
huge) models module until a model is actually needed::

    from typing import TYPE_CHECKING
    from .._runtime import lazy_module

    if TYPE_CHECKING:
        from .. import models
    else:
        models = lazy_module("..models", __package__)

The generated ``models`` package uses it too: its ``__getattr__`` imports a model's module on first
use (``lazy_attributes``), and a model module imports the models its annotations name only under
``TYPE_CHECKING``; ``lazy_references`` lets pydantic (and the lenient parse, and
``typing.get_type_hints``) find them when they first read an annotation: imported then.
"""

from __future__ import annotations

import builtins
import importlib
import importlib.util
import sys
import threading
import types
from collections.abc import Callable
from typing import Any

__all__ = ["LazyModule", "lazy_attributes", "lazy_module", "lazy_references"]

_lock = threading.Lock()


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


class _ModelNames(dict[str, Any]):
    """The ``__builtins__`` of a generated model module once its classes exist: the builtins, then
    the models of its package (the ``_MODULES`` table of the package ``__init__``), each imported
    the first time a name is missing from the module. Annotations are read in the module's
    globals (by pydantic when it builds a model, by ``typing.get_type_hints``), so the models
    they name are imported then, not when the module is."""

    def __init__(self, package: str) -> None:
        super().__init__(vars(builtins))
        self._package = package

    def __missing__(self, name: str) -> Any:
        table = getattr(sys.modules.get(self._package), "_MODULES", None)
        where = table.get(name) if isinstance(table, dict) else None
        if where is None:
            raise KeyError(name)
        module = importlib.import_module(f".{where}", self._package)
        try:
            return getattr(module, name)
        except AttributeError:
            # its module is being imported (a subclass being created there reads its base's
            # annotations, which name it): not defined yet, as for any forward reference
            raise KeyError(name) from None


_model_names: dict[str, _ModelNames] = {}


def lazy_references(module: str) -> None:
    """Called at the end of a model module whose annotations name other modules' models (imported
    under ``TYPE_CHECKING`` only): from now on, a name missing from the module is looked up in its
    package's models, imported on first read. Called after the classes are created, so creating
    them imports nothing."""
    package = module.rpartition(".")[0]
    with _lock:
        names = _model_names.get(package)
        if names is None:
            names = _model_names[package] = _ModelNames(package)
    vars(sys.modules[module])["__builtins__"] = names
