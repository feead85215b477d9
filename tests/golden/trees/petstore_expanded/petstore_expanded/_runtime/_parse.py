"""Turning response bodies into typed values, and typed arguments into request bodies.

By default (lenient) a body is built like Stainless' ``construct``: models are created without
building their validators (``model_construct``), field by field and recursively along the value,
so the first call of a big API builds the validators of the few scalar fields it reads and never
the schema of every model its answer could reach (Stripe's ``Customer`` reaches ~900). Every
field that is not a model is validated with a cached ``pydantic.TypeAdapter`` per type: a value
that validates is the value validation gives (dates, enums, numbers), one that does not (an enum
value or union member added to the API after the SDK was generated, a wrong type deep inside)
keeps its raw JSON value, unknown fields are kept as extra attributes. A model whose fields all
validate (and whose own checks across fields pass: presence alternatives, "a or b must be
present") is the model validation gives (extra keys dropped unless its config allows them). With
``strict=True`` the whole body is validated by pydantic and its error raised instead. Lenient parsing never changes what kind of
value a method returns: a body that cannot be the declared type at all (a string where an object is
declared) raises the validation error in both modes.

Request bodies that do not match their model raise ``RequestValidationError`` (an ``APIError``
and a ``ValueError``) before anything is sent.

Union members (``A | B``) are chosen in this order:
1. a member is ruled out when a field it declares as a constant (`Literal`: a discriminator, or a
   marker such as ``deleted: Literal[True]``) holds another value, or is absent while required
   (such a member could not validate either);
2. of the others, members that validate the value as they are win, the one that sets the most
   fields first (pydantic's smart-mode union: the best fit wins);
3. when none does, the one whose required fields are all present and that shares the most keys
   with the value wins; ties go to the member declared first. With ``strict=True`` nothing is guessed: the error is
   raised, and so is a value that several members of a union of models validate as equally well
   (the same number of fields set: pydantic would take the first).
"""

from __future__ import annotations

import collections.abc
import datetime
import enum
import json
import sys
import threading
import types
import typing
from collections.abc import Mapping
from typing import Any, Literal, Union

import pydantic
from pydantic import BaseModel, TypeAdapter, ValidationError

from ._exceptions import RequestValidationError
from ._logging import logger
from ._types import Omit, omit

__all__ = [
    "body_part",
    "construct_type",
    "decode_json",
    "encode_body",
    "fits_type",
    "json_dumps",
    "parse_data",
    "parse_error",
    "strip_omit",
    "to_jsonable",
    "type_adapter",
    "validate_type",
]

_adapters: dict[Any, TypeAdapter[Any]] = {}
_lock = threading.Lock()


def type_adapter(tp: Any) -> TypeAdapter[Any]:
    """The ``TypeAdapter`` for ``tp``, created once per type."""
    try:
        adapter = _adapters.get(tp)
    except TypeError:  # unhashable type expression
        return TypeAdapter(tp)
    if adapter is None:
        adapter = TypeAdapter(tp)
        with _lock:
            _adapters[tp] = adapter
    return adapter


def validate_type(tp: Any, data: object) -> Any:
    """Validate ``data`` as ``tp`` (raises ``pydantic.ValidationError``)."""
    return type_adapter(tp).validate_python(data)


def parse_data(tp: Any, data: object, *, strict: bool) -> Any:
    """``data`` as ``tp``: validated by pydantic (strict, raising its error) or built leniently
    (see the module docstring); a lenient value that cannot be the declared kind at all raises."""
    if tp is None or tp is Any or tp is object:
        return data
    if strict:
        value = _prefer_models(tp, data, validate_type(tp, data))
        _refuse_ambiguity(tp, data, value)
        return value
    built, valid = _build(tp, data)
    if valid:
        return built
    logger.debug("response did not validate as %s; built it leniently", _type_name(tp))
    if not fits_type(tp, built):
        # not even the declared kind of value: a typed error, never a silent `str`
        return validate_type(tp, data)
    return built


def _prefer_models(tp: Any, data: object, value: object) -> object:
    """A model member that validates the value beats a plain ``dict`` member: pydantic's smart
    union takes ``dict[str, Any]`` (an exact match) over a model whose fields need converting
    (datetimes, enums), so GitHub's ``InteractionLimitResponse | dict[str, Any]`` came back as a
    dict."""
    tp = _strip_annotated(tp)
    if isinstance(value, BaseModel) or not isinstance(data, Mapping):
        return value
    if typing.get_origin(tp) not in (Union, types.UnionType):
        return value
    models = [m for m in typing.get_args(tp) if isinstance(m, type) and issubclass(m, BaseModel)]
    if not models:
        return value
    either: Any = models[0]
    for model in models[1:]:
        either = either | model
    try:
        return validate_type(either, data)
    except ValidationError:
        return value


def _refuse_ambiguity(tp: Any, data: object, value: object) -> None:
    """Strict mode does not guess: a value that two members of a union of models validate as
    equally well (the same number of fields set) raises instead of taking the first."""
    tp = _strip_annotated(tp)
    if typing.get_origin(tp) not in (Union, types.UnionType) or not isinstance(data, Mapping):
        return
    models = [m for m in typing.get_args(tp) if isinstance(m, type) and issubclass(m, BaseModel)]
    if len(models) < 2 or not isinstance(value, BaseModel):
        return
    best = _declared_fields_set(value)
    tied = []
    for model in models:
        try:
            other = model.model_validate(data)
        except ValidationError:
            continue
        if _declared_fields_set(other) == best:
            tied.append(model.__name__)
    if len(tied) > 1:
        problem = f"the value matches several union members equally well: {', '.join(tied)}"
        raise ValidationError.from_exception_data(
            _type_name(tp),
            [
                {
                    "type": "value_error",
                    "loc": (),
                    "input": data,
                    "ctx": {"error": ValueError(problem)},
                }
            ],
        )


def _declared_fields_set(value: BaseModel) -> int:
    """How many of the fields its class declares `value` has: keys a model keeps as extras
    (``extra="allow"``) are in ``model_fields_set`` too, and would tie a poorer member with a
    richer one (GitHub's ``PublicUser`` with ``PrivateUser``)."""
    return len(value.model_fields_set & type(value).model_fields.keys())


def parse_error(tp: Any, data: object, *, strict: bool) -> Any:
    """An error body as its documented type, parsed like a success body (leniently unless
    ``strict``); None when leniency would keep none of the documented fields (another error
    shape entirely: the raw body stays in the exception's ``body``)."""
    if strict:
        try:
            return validate_type(tp, data)
        except ValidationError:
            return None
    value, valid = _build(tp, data)
    if valid:
        return value
    if isinstance(value, BaseModel):
        return value if value.model_fields_set else None
    return value if fits_type(tp, value) and value is not data else None


def fits_type(tp: Any, value: object) -> bool:
    """Whether ``value`` can be what a method declared as ``tp`` returns: a model (or a union of
    models) is an instance of one of them, or None when the type allows it. Other types accept any
    raw value: lenient parsing keeps enum values and scalars the API added after generation."""
    tp = _strip_annotated(tp)
    origin = typing.get_origin(tp)
    if origin is Union or origin is types.UnionType:
        return any(fits_type(member, value) for member in typing.get_args(tp))
    if tp is type(None):
        return value is None
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return isinstance(value, tp)
    return True


def construct_type(tp: Any, value: object, *, _validated: bool = False) -> Any:
    """Build ``value`` as ``tp`` as far as it goes, never raising (the lenient parse: every part
    that validates is validated, models are built with ``model_construct``, union members are
    chosen by their constant fields, validation and field overlap, the rest keeps its raw value).
    """
    try:
        return _build(tp, value)[0]
    except Exception:  # noqa: BLE001  # pragma: no cover - defensive: never raises
        logger.debug("lenient construction of %s failed; keeping the raw value", _type_name(tp))
        return value


# ------------------------------------------------------------------ building without validators

_NONE = type(None)
_SEQUENCES = (list, collections.abc.Sequence)
_MAPPINGS = (dict, collections.abc.Mapping, collections.abc.MutableMapping)
_has_model_cache: dict[Any, bool] = {}
_field_types: dict[tuple[type[BaseModel], str], Any] = {}


def _build(tp: Any, value: object) -> tuple[Any, bool]:
    """``value`` built as ``tp``, and whether it is what validation would have given. Types that
    name no model are validated (a cached adapter each); models, unions of models and containers
    of them are walked along the value, so only the models the value holds are ever touched."""
    if tp is Any or tp is object or tp is None:
        return value, True
    if not _has_model(tp):
        try:
            return validate_type(tp, value), True
        except ValidationError:
            return construct_type_parts(tp, value), False
        except Exception:  # noqa: BLE001 (a type pydantic cannot validate: kept raw)
            return value, False
    tp = _strip_annotated(tp)
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin is Union or origin is types.UnionType:
        return _build_union(args, value)
    if value is None:
        return None, False
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        if issubclass(tp, pydantic.RootModel):
            root, valid = _build_field(tp, "root", value)
            return tp.model_construct(root), valid
        if isinstance(value, Mapping):
            return _build_model(tp, value)
        return value, False
    if origin in _SEQUENCES or origin in (tuple, set, frozenset, collections.abc.Set):
        if not isinstance(value, list):
            return value, False
        if origin is tuple and not (len(args) == 2 and args[1] is Ellipsis):
            if len(args) != len(value):
                return value, False
            pairs = [_build(a, item) for a, item in zip(args, value)]
        else:
            item_type = args[0] if args else Any
            pairs = [_build(item_type, item) for item in value]
        items = [item for item, _ in pairs]
        valid = all(ok for _, ok in pairs)
        if origin is tuple and valid:
            return tuple(items), True
        return items, valid and origin in _SEQUENCES
    if origin in _MAPPINGS:
        if not isinstance(value, Mapping):
            return value, False
        value_type = args[1] if len(args) == 2 else Any
        built = {k: _build(value_type, v) for k, v in value.items()}
        return {k: v for k, (v, _) in built.items()}, all(ok for _, ok in built.values())
    # a type this walk does not know (an alias, a generic): pydantic's own validation
    try:
        return validate_type(tp, value), True
    except Exception:  # noqa: BLE001 (a type pydantic cannot validate: kept raw)
        return construct_type_parts(tp, value), False


def _has_model(tp: Any) -> bool:
    """Whether ``tp`` names a model anywhere (or something this module cannot see into)."""
    try:
        known = _has_model_cache.get(tp)
    except TypeError:  # unhashable type expression
        return True
    if known is not None:
        return known
    if isinstance(tp, type):
        found = issubclass(tp, BaseModel)
    elif isinstance(tp, (str, typing.ForwardRef)):
        found = True
    elif typing.get_origin(tp) is typing.Annotated:
        found = _has_model(typing.get_args(tp)[0])
    elif typing.get_origin(tp) is Literal:
        found = False
    else:
        aliased = getattr(tp, "__value__", None)  # typing.TypeAliasType
        parts = typing.get_args(tp) if aliased is None else (aliased,)
        found = any(_has_model(part) for part in parts if part is not Ellipsis)
    with _lock:
        _has_model_cache[tp] = found
    return found


def _build_model(cls: type[BaseModel], data: Mapping[Any, Any]) -> tuple[BaseModel, bool]:
    values: dict[str, Any] = {}
    used: set[Any] = set()
    valid = True
    for name, field in cls.model_fields.items():
        for key in _field_keys(name, field):
            if key in data:
                used.add(key)
                values[name], field_valid = _build_field(cls, name, data[key])
                valid = valid and field_valid
                break
        else:
            if field.is_required():
                valid = False
    extra = {str(k): v for k, v in data.items() if k not in used}
    if extra and valid:
        policy = cls.model_config.get("extra")
        if policy == "forbid":
            valid = False  # validation would refuse it: keep the keys
        elif policy != "allow":
            extra = {}  # validation drops them
    if valid and cls.__pydantic_decorators__.model_validators:
        # checks across fields (presence alternatives: "a or b must be present") run only in
        # validation: the value is what validation gives only if they pass
        try:
            cls.model_validate(data)
        except ValidationError:
            valid = False
    instance = cls.model_construct(_fields_set=set(values), **values)
    if extra:
        current = instance.__pydantic_extra__
        if isinstance(current, dict):
            current.update(extra)
        else:
            object.__setattr__(instance, "__pydantic_extra__", extra)
    return instance, valid


def _build_field(cls: type[BaseModel], name: str, value: object) -> tuple[Any, bool]:
    """One field's value: validated when its type names no model, else built along the value."""
    return _build(_field_type(cls, name), value)


def _build_union(args: tuple[Any, ...], value: object) -> tuple[Any, bool]:
    if value is None:
        return None, _NONE in args
    members = [a for a in args if a is not _NONE]
    models = [m for m in members if _is_model(m)]
    others = [m for m in members if not _is_model(m)]
    if isinstance(value, Mapping) and models:
        ranked = [(m, r) for m in models if (r := _union_rank(_strip_annotated(m), value))]
        if len(ranked) == 1 and not others:
            built, valid = _build(ranked[0][0], value)
            return (built, valid) if valid or ranked[0][1][1] else (value, False)
        candidates = [(m, r, *_build(m, value)) for m, r in ranked]
        fits = [(m, built) for m, _, built, valid in candidates if valid]
        if fits:  # the member that validates and sets the most fields; ties: the first
            best_fit = max(fits, key=lambda pair: len(pair[1].model_fields_set))
            return best_fit[1], True
    else:
        candidates = []
    for member in others:  # scalars, lists, maps: validated in order, the first fit wins
        built, valid = _build(member, value)
        if valid:
            return built, True
    best: Any = value
    best_rank = (False, 0)
    for _, rank, built, _ in candidates:
        if rank[1] and rank > best_rank:  # strictly better: ties go to the first
            best, best_rank = built, rank
    if best is value and isinstance(value, list):
        for member in others:
            if typing.get_origin(_strip_annotated(member)) in (*_SEQUENCES, set, frozenset, tuple):
                return _build(member, value)[0], False
    return best, False


def _is_model(tp: Any) -> bool:
    model = _strip_annotated(tp)
    return isinstance(model, type) and issubclass(model, BaseModel)


def construct_type_parts(tp: Any, value: object) -> Any:
    """``value`` as ``tp`` (a type that names no model) after validation refused it: every part
    that validates is validated, the rest keeps its raw value."""
    try:
        return _construct(tp, value, True)
    except Exception:  # noqa: BLE001  # pragma: no cover - defensive: never raises
        return value


def _construct(tp: Any, value: object, validated: bool) -> Any:
    tp = _strip_annotated(tp)
    if tp is Any or tp is object or tp is None:
        return value
    if not validated:
        try:
            return validate_type(tp, value)
        except ValidationError:
            pass
        except Exception:  # noqa: BLE001 (a type pydantic cannot validate: kept raw)
            return value
    if value is None:
        return None
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin is Union or origin is types.UnionType:
        return _build_union(args, value)[0]
    if origin in (list, set, frozenset, collections.abc.Sequence, collections.abc.Set):
        if isinstance(value, list):
            item_type = args[0] if args else Any
            return [_construct(item_type, item, False) for item in value]
        return value
    if origin is tuple:
        if isinstance(value, list):
            if len(args) == 2 and args[1] is Ellipsis:
                return [_construct(args[0], item, False) for item in value]
            if len(args) == len(value):
                return [_construct(a, item, False) for a, item in zip(args, value)]
        return value
    if origin in _MAPPINGS:
        if isinstance(value, Mapping):
            value_type = args[1] if len(args) == 2 else Any
            return {k: _construct(value_type, v, False) for k, v in value.items()}
        return value
    # enums, literals, scalars, dates...: an unknown value keeps its raw form
    return value


def _strip_annotated(tp: Any) -> Any:
    while typing.get_origin(tp) is typing.Annotated:
        tp = typing.get_args(tp)[0]
    return tp


def _field_keys(name: str, field: Any) -> list[str]:
    keys: list[str] = []
    for key in (getattr(field, "validation_alias", None), getattr(field, "alias", None), name):
        if isinstance(key, str) and key not in keys:
            keys.append(key)
    return keys


def _field_type(cls: type[BaseModel], name: str) -> Any:
    """The field's annotation with its validation metadata (constraints, discriminator) but
    without model-only settings such as aliases. A model that is not built yet may hold a
    forward reference (a name defined after it in its module): read in the module, as pydantic
    reads it when it builds the model."""
    key = (cls, name)
    found = _field_types.get(key)
    if found is not None:
        return found
    field = cls.model_fields[name]
    annotation = field.annotation
    if isinstance(annotation, (str, typing.ForwardRef)):
        source = annotation if isinstance(annotation, str) else annotation.__forward_arg__
        module = sys.modules.get(cls.__module__)
        namespace = vars(module) if module is not None else {}
        try:
            # the SDK's own annotation, read as pydantic reads it (a generated model module imports
            # the models it names when they are first read: see _lazy.lazy_references)
            annotation = eval(source, namespace, dict(vars(cls)))
        except Exception:  # noqa: BLE001 (an annotation that does not evaluate: kept raw)
            annotation = Any  # unknown: kept as the raw value
    metadata: list[Any] = list(getattr(field, "metadata", ()))
    discriminator = getattr(field, "discriminator", None)
    if discriminator is not None:
        metadata.append(pydantic.Field(discriminator=discriminator))
    found = typing.Annotated[(annotation, *metadata)] if metadata else annotation
    with _lock:
        _field_types[key] = found
    return found


def _literal_values(tp: Any) -> tuple[object, ...] | None:
    tp = _strip_annotated(tp)
    if typing.get_origin(tp) is Literal:
        return typing.get_args(tp)
    return None


def _union_rank(model: type[BaseModel], value: Mapping[Any, Any]) -> tuple[bool, int] | None:
    """How well ``value`` matches ``model``: (all required fields present, keys shared); None when
    a constant field of the model (discriminator, marker) rules it out."""
    shared = 0
    complete = True
    for name, field in model.model_fields.items():
        present = next((key for key in _field_keys(name, field) if key in value), None)
        literal = _literal_values(_field_type(model, name))
        if present is None:
            if field.is_required():
                complete = False
                if literal is not None:
                    return None  # a required marker (`deleted: Literal[True]`) is missing
            continue
        if literal is not None and value[present] not in literal:
            return None  # a discriminator naming another variant
        shared += 1
    return (complete, shared)


def _type_name(tp: Any) -> str:
    return getattr(tp, "__qualname__", None) or repr(tp)


def _first_error(exc: ValidationError) -> str:
    errors = exc.errors(include_url=False, include_input=False)
    if not errors:
        return "?"
    first = errors[0]
    loc = ".".join(str(part) for part in first.get("loc", ()))
    return f"{loc or '<root>'}: {first.get('msg', '')}"


def decode_json(content: bytes) -> Any:
    """Decode a JSON body (raises ``ValueError`` when it is not JSON)."""
    return json.loads(content)


# ---------------------------------------------------------------------------- request bodies


def strip_omit(value: object) -> Any:
    """``value`` with every ``omit`` dropped from dicts and lists, recursively."""
    if isinstance(value, Mapping):
        return {k: strip_omit(v) for k, v in value.items() if not isinstance(v, Omit)}
    if isinstance(value, (list, tuple)):
        return [strip_omit(v) for v in value if not isinstance(v, Omit)]
    return value


_ANY_ADAPTER: TypeAdapter[Any] = TypeAdapter(Any)


def to_jsonable(value: object) -> Any:
    """A JSON-able copy of ``value``: omit dropped, models dumped by alias (set fields only),
    enums by value, datetimes as ISO 8601."""
    value = strip_omit(value)
    if value is None or isinstance(value, (str, int, float, bool)):
        return value.value if isinstance(value, enum.Enum) else value
    return _ANY_ADAPTER.dump_python(value, mode="json", by_alias=True, exclude_unset=True)


def encode_body(model_type: Any, fields: Mapping[str, object]) -> object:
    """The JSON body for ``fields`` (argument name -> value), ``omit`` values dropped.

    With a pydantic model type the kept fields are validated by that model (by field name
    or alias) and dumped by alias with ``exclude_unset``: exactly the given keys go on the
    wire and an explicit None is sent as null. Keys the model does not know are sent as given.
    """
    kept = {k: strip_omit(v) for k, v in fields.items() if not isinstance(v, Omit)}
    if model_type is None:
        return to_jsonable(kept)
    model = _strip_annotated(model_type)
    if isinstance(model, type) and issubclass(model, BaseModel):
        known_keys: set[str] = set()
        for name, field in model.model_fields.items():
            known_keys.update(_field_keys(name, field))
        known = {k: v for k, v in kept.items() if k in known_keys}
        unknown = {k: v for k, v in kept.items() if k not in known_keys}
        try:
            instance = _validate_model(model, known)
        except ValidationError as exc:
            raise _request_error(model, exc) from exc
        body: dict[str, Any] = instance.model_dump(mode="json", by_alias=True, exclude_unset=True)
        if unknown:
            body.update(to_jsonable(unknown))
        return body
    adapter = type_adapter(model_type)
    try:
        validated = adapter.validate_python(kept)
    except ValidationError as exc:
        raise _request_error(model_type, exc) from exc
    return adapter.dump_python(validated, mode="json", by_alias=True, exclude_unset=True)


def _request_error(tp: Any, exc: ValidationError) -> RequestValidationError:
    errors = exc.errors(include_url=False, include_input=False)
    return RequestValidationError(
        f"the request body does not match {_type_name(tp)} ({exc.error_count()} error(s), "
        f"first: {_first_error(exc)}); nothing was sent",
        errors=list(errors),
    )


def body_part(
    part: str, media: str, model_type: Any, fields: Mapping[str, object], *, required: bool = True
) -> Any:
    """One of the request arguments of an operation that takes the same fields as JSON or as a
    form, for the media type the call chose: `part` "json" gives the JSON body (``omit`` when
    the form is chosen, or when no field of an optional body is given), "form" the form fields
    (None for JSON) and "files" the fields sent as multipart file parts (None unless multipart)."""
    base = media.split(";")[0].strip().lower()
    is_json = base == "application/json" or base.endswith("+json")
    if part == "json":
        if not is_json:
            return omit
        body = encode_body(model_type, fields)
        return body if body or required else omit
    if part == "form":
        return None if is_json else dict(fields)
    return dict(fields) if base == "multipart/form-data" else None


def _validate_model(model: type[BaseModel], data: dict[str, Any]) -> BaseModel:
    try:
        return model.model_validate(data, by_alias=True, by_name=True)
    except TypeError:  # pydantic < 2.11: no by_alias / by_name arguments
        return model.model_validate(data)


def json_dumps(value: object) -> bytes:
    """UTF-8 JSON in the standard `json.dumps` spelling (`{"a": 1}`), the bytes the API's own docs
    and SDK examples show; NaN and infinities rejected."""
    return json.dumps(value, ensure_ascii=False, allow_nan=False, default=_json_default).encode(
        "utf-8"
    )


def _json_default(value: object) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, pydantic.BaseModel):
        return value.model_dump(mode="json", by_alias=True, exclude_unset=True)
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")
