"""Turning response bodies into typed values, and typed arguments into request bodies.

Parsing validates with a cached ``pydantic.TypeAdapter`` per type. A body that does not
validate (an enum value or union member added to the API after the SDK was generated, a
wrong type deep inside) does not crash by default: the value is built leniently instead,
like Stainless' ``construct``: models are created without validation, field by field and
recursively, every part that does validate is kept validated, unknown fields are kept as
extra attributes and anything that cannot be typed keeps its raw JSON value. With
``strict=True`` the validation error is raised instead. Lenient parsing never changes what kind of
value a method returns: a body that cannot be the declared type at all (a string where an object is
declared) raises the validation error in both modes.

Request bodies that do not match their model raise ``RequestValidationError`` (an ``APIError``
and a ``ValueError``) before anything is sent.

Union members (``A | B`` without a discriminator the models enforce) are chosen in this order:
1. members that validate the value as they are (pydantic's smart-mode union: the best fit wins);
2. when none does, a member is ruled out when a field it declares as a constant (`Literal`: a
   discriminator, or a marker such as ``deleted: Literal[True]``) holds another value, or is absent
   while required; of the others, the one whose required fields are all present and that shares the
   most keys with the value wins;
3. ties go to the member declared first. With ``strict=True`` nothing is guessed: the error is
   raised, and so is a value that several members of a union of models validate as equally well
   (the same number of fields set: pydantic would take the first).
"""

from __future__ import annotations

import collections.abc
import datetime
import enum
import json
import threading
import types
import typing
from typing import Any, Literal, Mapping, Union

import pydantic
from pydantic import BaseModel, TypeAdapter, ValidationError


from ._exceptions import RequestValidationError
from ._logging import logger
from ._types import Omit, omit

__all__ = [
    "type_adapter",
    "validate_type",
    "construct_type",
    "parse_data",
    "decode_json",
    "strip_omit",
    "to_jsonable",
    "encode_body",
    "json_dumps",
    "fits_type",
    "parse_error",
    "body_part",
]

_adapters: dict[Any, TypeAdapter[Any]] = {}
_field_adapters: dict[tuple[type[BaseModel], str], TypeAdapter[Any]] = {}
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
    """Validate ``data`` as ``tp``; if that fails, raise (strict) or construct leniently."""
    if tp is None or tp is Any or tp is object:
        return data
    try:
        value = _prefer_models(tp, data, validate_type(tp, data))
        if strict:
            _refuse_ambiguity(tp, data, value)
        return value
    except ValidationError as exc:
        if strict:
            raise
        logger.debug(
            "response did not validate as %s (%d error(s), first: %s); constructing it leniently",
            _type_name(tp),
            exc.error_count(),
            _first_error(exc),
        )
        built = construct_type(tp, data, _validated=True)
        if not fits_type(tp, built):
            raise  # not even the declared kind of value: a typed error, never a silent `str`
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
    try:
        return validate_type(Union[tuple(models)], data)
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
    try:
        return validate_type(tp, data)
    except ValidationError:
        if strict:
            return None
    value = construct_type(tp, data, _validated=True)
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
    """Build ``value`` as ``tp`` as far as it goes, never raising.

    Every part that validates is validated; models whose data does not validate are
    created with ``model_construct`` (unknown keys kept as extra attributes); union members
    are chosen by their literal discriminator or by field overlap; everything else keeps
    its raw value.
    """
    try:
        return _construct(tp, value, _validated)
    except Exception:  # pragma: no cover - defensive: lenient parsing must never crash
        logger.debug("lenient construction of %s failed; keeping the raw value", _type_name(tp))
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
        except Exception:
            return value
    if value is None:
        return None
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin is Union or origin is types.UnionType:
        return _construct_union(args, value)
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        if isinstance(value, Mapping):
            return _construct_model(tp, value)
        return value
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
    if origin in (dict, collections.abc.Mapping, collections.abc.MutableMapping):
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


def _construct_model(cls: type[BaseModel], data: Mapping[Any, Any]) -> BaseModel:
    values: dict[str, Any] = {}
    used: set[Any] = set()
    for name, field in cls.model_fields.items():
        for key in _field_keys(name, field):
            if key in data:
                used.add(key)
                values[name] = _construct_field(cls, name, field, data[key])
                break
    extra = {str(k): v for k, v in data.items() if k not in used}
    instance = cls.model_construct(_fields_set=set(values), **values)
    if extra:
        current = instance.__pydantic_extra__
        if isinstance(current, dict):
            current.update(extra)
        else:
            object.__setattr__(instance, "__pydantic_extra__", extra)
    return instance


def _construct_field(cls: type[BaseModel], name: str, field: Any, value: object) -> Any:
    key = (cls, name)
    adapter = _field_adapters.get(key)
    try:
        if adapter is None:
            adapter = TypeAdapter(_field_type(field))
            with _lock:
                _field_adapters[key] = adapter
        return adapter.validate_python(value)
    except ValidationError:
        pass
    except Exception:
        return value
    return _construct(field.annotation, value, True)


def _field_type(field: Any) -> Any:
    """The field's annotation with its validation metadata (constraints, discriminator) but
    without model-only settings such as aliases."""
    metadata: list[Any] = list(getattr(field, "metadata", ()))
    discriminator = getattr(field, "discriminator", None)
    if discriminator is not None:
        metadata.append(pydantic.Field(discriminator=discriminator))
    if not metadata:
        return field.annotation
    params = (field.annotation, *metadata)
    return typing.Annotated[params]


def _literal_values(tp: Any) -> tuple[object, ...] | None:
    tp = _strip_annotated(tp)
    if typing.get_origin(tp) is Literal:
        return typing.get_args(tp)
    return None


def _construct_union(args: tuple[Any, ...], value: object) -> Any:
    members = [a for a in args if a is not type(None)]
    for member in members:  # a member that validates on its own wins
        try:
            return validate_type(member, value)
        except Exception:
            continue
    if isinstance(value, Mapping):
        best: Any = None
        best_rank = (False, 0)
        for member in members:
            model = _strip_annotated(member)
            if not (isinstance(model, type) and issubclass(model, BaseModel)):
                continue
            rank = _union_rank(model, value)
            if rank is not None and rank > best_rank:  # strictly better: ties go to the first
                best, best_rank = model, rank
        if best is not None:
            return _construct_model(best, value)
        return value
    if isinstance(value, list):
        for member in members:
            origin = typing.get_origin(_strip_annotated(member))
            if origin in (list, collections.abc.Sequence, set, frozenset, tuple):
                return _construct(member, value, True)
    return value


def _union_rank(model: type[BaseModel], value: Mapping[Any, Any]) -> tuple[bool, int] | None:
    """How well ``value`` matches ``model``: (all required fields present, keys shared); None when
    a constant field of the model (discriminator, marker) rules it out."""
    shared = 0
    complete = True
    for name, field in model.model_fields.items():
        present = next((key for key in _field_keys(name, field) if key in value), None)
        literal = _literal_values(field.annotation)
        if present is None:
            if field.is_required():
                complete = False
                if literal is not None:
                    return None  # a required marker (`deleted: Literal[True]`) is missing
            continue
        if literal is not None and value[present] not in literal:
            return None  # a discriminator naming another variant
        shared += 1
    if shared == 0:
        return None
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
