"""openapi-spec-validator 0.9.0, run so that every error carries a pointer into the document.

The library reports two families of errors:
- errors of the OpenAPI JSON Schema over the whole document: `absolute_path` is the pointer;
- errors of its keyword validators (schema meta-checks, defaults, duplicate parameters...),
  raised while walking the spec with `jsonschema_path.SchemaPath` and created *without* a path.
  We subclass each keyword validator so the SchemaPath it was called with is stamped on every
  error it yields (the innermost call stamps first), then map that path, which follows `$ref`s
  as it goes, to the node's real pointer in the document.

Speed-ups that keep a 3 MB spec at a few seconds (they change no result):
- the document schema's registry is crawled once; without that, `referencing` re-crawls the
  whole OpenAPI schema on every `$dynamicRef` (~2,400 times for openai-3.1.yaml: 3 s -> 0.6 s);
- schema meta-checks reuse one validator per dialect and keep seen-ids in sets, not lists;
- pathable's step into a dict or list skips its runtime-checkable Protocol check (below);
- the whole-document check and the schema meta-checks ask jsonschema-rs first and run python's
  validator only when it does not say "valid" (fast_document.py, fast_meta.py);
- meta-checks that passed are remembered, within the run and on disk (meta_cache.py).

Unlike the library, every meta-schema error of a schema is reported, in a stable order.

This module leans on the library's internals (keyword classes, `_get_schema_checker`); the
version is pinned, and tests run the corpus through it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any, cast

from jsonschema import FormatChecker
from jsonschema.exceptions import ValidationError
from jsonschema.protocols import Validator
from jsonschema.validators import validator_for
from jsonschema_path import SchemaPath
from openapi_schema_validator._specifications import REGISTRY as OPENAPI_REGISTRY
from openapi_schema_validator.validators import OAS30Validator
from openapi_spec_validator import (
    OpenAPIV30SpecValidator,
    OpenAPIV31SpecValidator,
    OpenAPIV32SpecValidator,
)
from openapi_spec_validator.schemas import schema_v30, schema_v31, schema_v32
from openapi_spec_validator.validation import keywords
from openapi_spec_validator.validation.exceptions import ExtraParametersError
from openapi_spec_validator.validation.validators import SpecValidator
from pathable.accessors import SubscriptableAccessor
from pathable.protocols import Subscriptable
from referencing.jsonschema import specification_with

from ..load import pointer as jp
from . import fast_meta
from .fast_document import document_is_valid
from .formats import safe
from .meta_cache import MetaMemo

_STAMP = "apigen_parts"  # attribute set on library errors: SchemaPath parts where it was raised
_DEFAULT = "apigen_default"  # set when the error is about a schema's `default` value
_MORE = "apigen_more"  # on a schema validator: meta-schema errors beyond the first, to report
_MEMO = "apigen_memo"  # on a spec validator's keyword registry: the run's MetaMemo
_STOP = "\0"  # in stamped parts: SchemaPath steps (which follow $refs) end here; raw steps follow


def _get_subnode(cls: type, node: Any, part: Any) -> Any:
    """pathable's SubscriptableAccessor._get_subnode, with dicts and lists (the only containers
    a loaded spec has) let through before `isinstance(node, Subscriptable)`: a runtime-checkable
    Protocol check costs ~20 us in Python 3.11, and the spec walk makes one per step (~1 s of
    github-api-3.0.json's validation). Same verdict: a dict and a list are Subscriptable."""
    if not isinstance(node, (dict, list)) and not isinstance(node, Subscriptable):
        raise KeyError(part)
    try:
        return node[part]
    except (KeyError, IndexError, TypeError) as exc:
        raise KeyError(part) from exc


SubscriptableAccessor._get_subnode = classmethod(_get_subnode)  # type: ignore[method-assign,assignment]


@dataclass(frozen=True)
class LibraryError:
    error: ValidationError
    pointer: str  # where in the document
    from_default: bool  # raised while checking a schema's `default` against the schema


# -- the document schema ---------------------------------------------------------------------


@cache
def _document_validator(family: str) -> Validator:
    schema = dict({"3.0": schema_v30, "3.1": schema_v31, "3.2": schema_v32}[family])
    resource = specification_with(schema["$schema"]).create_resource(schema)
    registry = OPENAPI_REGISTRY.with_resource(resource.id() or "", resource).crawl()
    validator: Validator = validator_for(schema)(schema, registry=registry)
    return validator


# -- keyword validators that stamp their errors ----------------------------------------------


class _IdSet(list[int]):
    """The library's seen-schema registries are lists searched with `in`: O(n) each. Same API, O(1)."""

    def __init__(self) -> None:
        super().__init__()
        self._ids: set[int] = set()

    def append(self, item: int) -> None:
        self._ids.add(item)

    def __contains__(self, item: object) -> bool:
        return item in self._ids


@cache
def _meta_validator(validator_cls: type[Validator], format_checker: FormatChecker) -> Validator:
    meta_schema = validator_cls.META_SCHEMA
    meta_cls = validator_for(meta_schema, default=validator_cls)
    validator: Validator = meta_cls(
        meta_schema, format_checker=safe(format_checker), registry=OPENAPI_REGISTRY
    )
    return validator


def error_order(err: ValidationError) -> tuple[tuple[str, ...], str, str]:
    return (tuple(str(part) for part in err.absolute_path), err.message, str(err.validator))


def _all_errors_checker(
    validator: Validator,
    more: list[ValidationError],
    memo: MetaMemo | None = None,
    dialect: str = "",
) -> Callable[[Any], None]:
    """The library raises the first meta-schema error of a schema and moves on. Which one is
    "first" depends on set order inside jsonschema (so on PYTHONHASHSEED): sort them, raise the
    first, and leave the rest in `more` for the stamping wrapper to report too.

    With a memo, a schema known to pass (see meta_cache) is not checked again; a schema
    jsonschema-rs says passes (see fast_meta) is not checked by python."""

    def check(value: Any) -> None:
        if memo is not None and memo.passed(dialect, value):
            return
        if fast_meta.passes(validator, value):  # jsonschema-rs: "passes" in microseconds
            if memo is not None:
                memo.record_pass(dialect, value)
            return
        errors = sorted(validator.iter_errors(value), key=error_order)
        if errors:
            more[:] = errors[1:]
            raise errors[0]
        if memo is not None:
            memo.record_pass(dialect, value)

    return check


def _stamp(err: ValidationError, parts: tuple[Any, ...], *, default: bool) -> None:
    if getattr(err, _STAMP, None) is None:
        setattr(err, _STAMP, parts)
        setattr(err, _DEFAULT, default)


def _stamping(cls: type[keywords.KeywordValidator]) -> type[keywords.KeywordValidator]:
    """A subclass whose errors carry the SchemaPath parts (plus the error's own relative path)."""
    original = cast(Callable[..., Iterator[ValidationError]], cls.__call__)

    def __call__(
        self: keywords.KeywordValidator, *args: Any, **kwargs: Any
    ) -> Iterator[ValidationError]:
        where = next((arg for arg in args if isinstance(arg, SchemaPath)), None)
        is_default = isinstance(self, keywords.ValueValidator)
        for err in original(self, *args, **kwargs):
            # Taken on receipt: this (innermost) call's meta-check left them, not an outer one's.
            extras = _take_more(self)
            for item in (err, *extras):
                if where is not None:
                    _stamp(
                        item, _error_parts(self, where, item), default=is_default and item is err
                    )
                yield item

    members: dict[str, Any] = {"__call__": __call__}
    if issubclass(cls, keywords.ValueValidator):  # defaults are checked with a crash-proof checker
        members["value_validator_format_checker"] = safe(cls.value_validator_format_checker)
    return cast(type[keywords.KeywordValidator], type(f"Stamping{cls.__name__}", (cls,), members))


def _take_more(validator: keywords.KeywordValidator) -> list[ValidationError]:
    more: list[ValidationError] | None = getattr(validator, _MORE, None)
    if not more:
        return []
    taken = list(more)
    more.clear()
    return taken


def _error_parts(
    validator: keywords.KeywordValidator, where: SchemaPath, err: ValidationError
) -> tuple[Any, ...]:
    base = tuple(where.parts)
    if isinstance(validator, keywords.ValueValidator):
        return (*base, _STOP, "default", *err.path)
    if isinstance(err, ExtraParametersError):
        return (*base, _STOP, "required")
    return (*base, _STOP, *err.path)


def _fast_schema_validator(
    cls: type[keywords.SchemaValidator], *, oas30: bool
) -> type[keywords.KeywordValidator]:
    def __init__(self: keywords.SchemaValidator, registry: Any) -> None:
        cls.__init__(self, registry)
        self.visited_schema_ids = _IdSet()
        self.meta_checked_schema_ids = _IdSet()
        setattr(self, _MORE, [])

    def _get_schema_checker(
        self: Any, schema: SchemaPath, schema_value: Any
    ) -> Callable[[Any], None]:
        memo: MetaMemo | None = getattr(self.registry, _MEMO, None)
        if oas30:
            return _all_errors_checker(
                _meta_validator(OAS30Validator, OAS30Validator.FORMAT_CHECKER),
                getattr(self, _MORE),
                memo,
                "oas30",
            )
        dialect = self._get_schema_dialect_id(schema, schema_value)
        validator_cls = self._get_validator_class_for_dialect(dialect)
        if validator_cls is None:
            raise ValueError(f"Unknown JSON Schema dialect: {dialect!r}")
        format_checker = self.schema_validator_format_checker
        meta = _meta_validator(validator_cls, format_checker)
        # The verdict depends on the meta-schema (the dialect) and on the format checker.
        key = f"{dialect}\0{validator_cls.__name__}\0{sorted(format_checker.checkers)}"
        return _all_errors_checker(meta, getattr(self, _MORE), memo, key)

    fast = type(
        f"Fast{cls.__name__}",
        (cls,),
        {"__init__": __init__, "_get_schema_checker": _get_schema_checker},
    )
    return _stamping(cast(type[keywords.KeywordValidator], fast))


@cache
def _spec_validator_class(family: str) -> type[SpecValidator]:
    base: type[SpecValidator] = {
        "3.0": OpenAPIV30SpecValidator,
        "3.1": OpenAPIV31SpecValidator,
        "3.2": OpenAPIV32SpecValidator,
    }[family]
    registry: dict[str, type[keywords.KeywordValidator]] = {}
    for name, keyword_cls in base.keyword_validators.items():
        if issubclass(keyword_cls, keywords.SchemaValidator):
            registry[name] = _fast_schema_validator(keyword_cls, oas30=family == "3.0")
        else:
            registry[name] = _stamping(keyword_cls)
    return cast(
        type[SpecValidator],
        type(f"Apigen{base.__name__}", (base,), {"keyword_validators": registry}),
    )


# -- running ----------------------------------------------------------------------------------


def iter_library_errors(
    document: dict[str, Any], family: str, *, walk_refs: bool = True
) -> Iterator[LibraryError]:
    """Every error openapi-spec-validator finds (not just the first), each with its pointer.

    The walk of the keyword validators follows `$ref`s; pass walk_refs=True only when all local
    refs resolve and none is part of a cycle (the loader and the ref checks make sure of that).
    """
    if document_is_valid(document, family) is not True:  # jsonschema-rs: "no error" in ms
        for err in _document_validator(family).iter_errors(document):
            yield LibraryError(err, jp.join(str(part) for part in err.absolute_path), False)
    if not walk_refs:
        return
    spec_validator = _spec_validator_class(family)(document)
    memo = MetaMemo()
    setattr(spec_validator.keyword_validators_registry, _MEMO, memo)
    try:
        for err in spec_validator.root_validator(spec_validator.schema_path):
            parts = getattr(err, _STAMP, None) or ()
            yield LibraryError(
                err, real_pointer(document, parts), bool(getattr(err, _DEFAULT, False))
            )
    finally:
        memo.flush()


def real_pointer(document: Any, parts: tuple[Any, ...]) -> str:
    """Pointer of the node a SchemaPath reached: it follows `$ref`s at every step up to _STOP."""
    node, at = _follow(document, document, [])
    following = True
    for part in parts:
        if part == _STOP:
            following = False
            continue
        key = str(part)
        try:
            node = jp.step(node, key)
        except LookupError:
            at.append(key)  # keep the rest of the path; locate() falls back to the nearest node
            node = None
            continue
        at.append(key)
        if following:
            node, at = _follow(document, node, at)
    if following:
        node, at = _follow(document, node, at)
    return jp.join(at)


def _follow(document: Any, node: Any, at: list[str]) -> tuple[Any, list[str]]:
    seen: set[str] = set()
    while (
        isinstance(node, dict)
        and isinstance(node.get("$ref"), str)
        and node["$ref"].startswith("#")
    ):
        ref = node["$ref"]
        if ref in seen:
            break
        seen.add(ref)
        try:
            parts = jp.split(ref[1:])
            node = jp.resolve(document, parts)
        except (LookupError, ValueError):
            break
        at = list(parts)
    return node, at
