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
``TYPE_CHECKING``; ``lazy_references`` lets pydantic find them when it first builds a model, and
``model_names`` lets the lenient parse read one field's type by importing just what it names.
"""

from __future__ import annotations

import importlib
import importlib.util
import re
import sys
import threading
import types
import typing
from collections.abc import Callable, Iterator, Mapping
from typing import Any

__all__ = ["LazyModule", "lazy_attributes", "lazy_module", "lazy_references", "model_names"]


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


_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


class _ModelNames(Mapping[str, Any]):
    """The names a model module's annotations read: the module's own globals, then the models of
    its package (the ``_MODULES`` table of the package ``__init__``), imported on first read."""

    def __init__(self, module: str) -> None:
        self._module = module
        self._package = module.rpartition(".")[0]

    def __getitem__(self, name: str) -> Any:
        module = sys.modules.get(self._module)
        if module is not None and name in vars(module):
            return vars(module)[name]
        table = getattr(sys.modules.get(self._package), "_MODULES", None)
        where = table.get(name) if isinstance(table, dict) else None
        if where is None:
            raise KeyError(name)
        return getattr(importlib.import_module(f".{where}", self._package), name)

    def __contains__(self, name: object) -> bool:
        try:
            self[str(name)]
        except (KeyError, AttributeError, ImportError):
            return False
        return True

    def __iter__(self) -> Iterator[str]:
        module = sys.modules.get(self._module)
        return iter(vars(module) if module is not None else ())

    def __len__(self) -> int:
        module = sys.modules.get(self._module)
        return len(vars(module)) if module is not None else 0


def model_names(module: str) -> Mapping[str, Any]:
    """The namespace a model of ``module`` reads its annotations in: its module's names, and the
    models of its package, each imported the first time it is read."""
    return _ModelNames(module)


class _BuildNamespace(dict):  # type: ignore[type-arg]
    """A model's ``__pydantic_parent_namespace__``: empty until pydantic first builds the model
    (``model_rebuild``, called on first validation, reads it through ``items()``); then every model
    the model's annotations reach, imported, by name."""

    def __init__(self, model: type) -> None:
        super().__init__()
        self._model = model
        self._filled = False

    def items(self) -> Any:
        if not self._filled:
            self.update(_reached(self._model))
            self._filled = True
        return super().items()


def _forward_names(annotation: Any, found: list[str], models: list[type]) -> None:
    """The names in the forward references of ``annotation`` and the model classes it holds."""
    if isinstance(annotation, str):
        found.extend(_IDENTIFIER.findall(annotation))
    elif isinstance(annotation, typing.ForwardRef):
        found.extend(_IDENTIFIER.findall(annotation.__forward_arg__))
    elif isinstance(annotation, type):
        if hasattr(annotation, "__pydantic_fields__"):
            models.append(annotation)
    else:
        for part in typing.get_args(annotation):
            _forward_names(part, found, models)


def _reached(root: type) -> dict[str, Any]:
    """Every model ``root``'s annotations reach, through the forward references of each model on
    the way (imported: the modules of a cycle are imported here, on first build, not on import)."""
    reached: dict[str, Any] = {}
    seen: set[type] = set()
    work = [root]
    while work:
        model = work.pop()
        if model in seen:
            continue
        seen.add(model)
        names = _ModelNames(model.__module__)
        found: list[str] = []
        models: list[type] = []
        fields: dict[str, Any] = getattr(model, "__pydantic_fields__", {})
        for field in fields.values():
            _forward_names(getattr(field, "annotation", None), found, models)
        for base in model.__mro__[1:]:
            if hasattr(base, "__pydantic_fields__") and base.__module__ == model.__module__:
                models.append(base)
        for name in dict.fromkeys(found):
            if name in reached:
                continue
            try:
                value = names[name]
            except (KeyError, AttributeError, ImportError):
                continue  # a typing name, a builtin: the module's own globals have it
            reached[name] = value
            if isinstance(value, type) and hasattr(value, "__pydantic_fields__"):
                models.append(value)
        work.extend(models)
    return reached


def lazy_references(module: str) -> None:
    """Called at the end of a model module whose annotations name other modules' models: each of
    its models finds them when pydantic first builds it (they are imported then)."""
    for value in list(vars(sys.modules[module]).values()):
        if (
            isinstance(value, type)
            and value.__module__ == module
            and hasattr(value, "__pydantic_fields__")
        ):
            value.__pydantic_parent_namespace__ = _BuildNamespace(value)  # type: ignore[attr-defined]
