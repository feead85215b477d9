"""The coverage report: what the spec holds, what was generated, and for everything else, why.

The spec side is counted from the document itself (every path x method, webhooks and callbacks,
component schemas, the parameters of each operation); the generated side is the IR. An item of the
spec that the IR lacks is explained by a `Skipped` entry (kind, JSON pointer, reason) or by a rule
of this module (webhooks and callbacks are not generated); anything else was dropped silently, which
is an apigen bug, and the report lists it as such ("unaccounted") instead of hiding it.

    report = coverage(gen.api, gen.spec.document, models_source=gen.models_source)
    report.percent          # generated / counted, over operations + schemas + parameters + typed
                            # (typed: responses and bodies with a schema that got a real type)
    report.summary_lines()  # what the CLI prints after every run
    report.to_json()        # what `--report FILE.json` writes

This module never prints; the CLI does.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from .findings import Finding
from .ir.model import Api, NameDecision, Operation
from .load import pointer as jp
from .load.structure import HTTP_METHODS

# The methods of a path item (3.2 also has `additionalOperations`): the one list of apigen.
PATH_ITEM_METHODS = HTTP_METHODS
WEBHOOK_REASON = "webhooks are not generated: a webhook is a request the API sends to you, not one the client makes"
CALLBACK_REASON = "callbacks are not generated: a callback is a request the API sends to you, not one the client makes"
UNACCOUNTED_REASON = (
    "absent from the generated code with no recorded reason (an apigen bug: please report it)"
)
NO_CLASS_NOTE = "no class of its own: fields using it are typed with its underlying type"
RECEIVED_NOTE = "received, not sent: its payload is parsed by client.webhooks.unwrap"


@dataclass(frozen=True)
class Item:
    """One counted thing of the spec: an operation, a schema or a parameter."""

    kind: str  # "operation" | "webhook" | "callback" | "schema" | "parameter"
    pointer: str  # JSON pointer into the spec document
    label: str  # human-readable: "GET /chargers", "Charger", "query limit of GET /chargers"
    generated: bool
    reason: str = ""  # why it was not generated (or a note about how it was)

    def to_dict(self) -> dict[str, object]:
        data: dict[str, object] = {
            "kind": self.kind,
            "pointer": self.pointer,
            "label": self.label,
            "generated": self.generated,
        }
        if self.reason:
            data["reason"] = self.reason
        return data


@dataclass(frozen=True)
class Tally:
    name: str
    items: tuple[Item, ...]

    @property
    def total(self) -> int:
        return len(self.items)

    @property
    def generated(self) -> int:
        return sum(1 for item in self.items if item.generated)

    @property
    def missing(self) -> tuple[Item, ...]:
        return tuple(item for item in self.items if not item.generated)

    @property
    def percent(self) -> float:
        return 100.0 if not self.items else round(100.0 * self.generated / self.total, 2)

    def to_dict(self) -> dict[str, object]:
        return {
            "total": self.total,
            "generated": self.generated,
            "percent": self.percent,
            "not_generated": [item.to_dict() for item in self.missing],
            "notes": [item.to_dict() for item in self.items if item.generated and item.reason],
        }


@dataclass(frozen=True)
class CoverageReport:
    title: str
    operations: Tally  # paths x methods, webhooks and callbacks
    schemas: Tally  # components.schemas
    parameters: Tally  # the parameters of the generated operations
    skipped: tuple[tuple[str, str, str], ...]  # every IR `Skipped` entry: (kind, pointer, reason)
    unaccounted: tuple[Item, ...] = field(default=())  # dropped without a reason: apigen bugs
    # Invalid parts of the spec apigen generated with a fallback instead of refusing (issue 17):
    # (pointer, what was done, the finding's message, its code). They lower `percent`: the item
    # (operation, schema, parameter) holding one counts as not fully generated.
    spec_degraded: tuple[tuple[str, str, str, str], ...] = field(default=())
    # Each list operation: its pagination style ("none" when it does not page) and why.
    pagination: tuple[dict[str, str], ...] = field(default=())
    # Every response and body schema of the generated operations: typed, or typed as dict and why.
    typed: Tally = field(default_factory=lambda: Tally("typed", ()))
    # Every resource, method and class name with the rule or override that produced it.
    names: tuple[NameDecision, ...] = field(default=())

    @property
    def tallies(self) -> tuple[Tally, ...]:
        return (self.operations, self.schemas, self.parameters, self.typed)

    @property
    def total(self) -> int:
        return sum(t.total for t in self.tallies)

    @property
    def generated(self) -> int:
        return sum(t.generated for t in self.tallies)

    @property
    def spec_degraded_items(self) -> tuple[Item, ...]:
        """The generated items holding a degraded part of the spec (each once, the innermost)."""
        found: dict[str, Item] = {}
        for pointer, *_ in self.spec_degraded:
            holders = [
                item
                for tally in self.tallies
                for item in tally.items
                if item.generated
                and (pointer == item.pointer or pointer.startswith(item.pointer + "/"))
            ]
            if holders:
                holder = max(holders, key=lambda item: len(item.pointer))
                found.setdefault(holder.pointer, holder)
        return tuple(found.values())

    @property
    def percent(self) -> float:
        """Generated / counted over operations, schemas and parameters (100.0 for an empty spec);
        an item generated with a degraded part does not count as generated."""
        generated = self.generated - len(self.spec_degraded_items)
        return 100.0 if not self.total else round(100.0 * generated / self.total, 2)

    @property
    def complete(self) -> bool:
        return self.generated == self.total and not self.skipped and not self.spec_degraded

    def to_dict(self) -> dict[str, object]:
        return {
            "title": self.title,
            "percent": self.percent,
            "total": self.total,
            "generated": self.generated,
            "operations": self.operations.to_dict(),
            "schemas": self.schemas.to_dict(),
            "parameters": self.parameters.to_dict(),
            "typed": self.typed.to_dict(),
            "skipped": [{"kind": k, "pointer": p, "reason": r} for k, p, r in self.skipped],
            "unaccounted": [item.to_dict() for item in self.unaccounted],
            "spec_degraded": [
                {"pointer": p, "fallback": f, "message": m, "code": c}
                for p, f, m, c in self.spec_degraded
            ],
            "pagination": list(self.pagination),
            "names": [
                {"kind": d.kind, "name": d.name, "rule": d.rule, "source": d.source}
                for d in self.names
            ],
        }

    def naming_summary(self) -> str:
        """`names: 12 resources, 57 methods (40 rest: ..., 17 operationId)`: how names were made."""
        counts: dict[str, int] = {}
        for d in self.names:
            if d.kind == "method":
                rule = d.rule.split(" (")[0].split(":")[0]
                counts[rule] = counts.get(rule, 0) + 1
        resources = sum(1 for d in self.names if d.kind == "resource")
        methods = sum(counts.values())
        by_rule = ", ".join(
            f"{n} {rule}" for rule, n in sorted(counts.items(), key=lambda kv: -kv[1])
        )
        return f"names: {resources} resources, {methods} methods ({by_rule}); --report lists each"

    def to_json(self) -> str:
        # ASCII only: spec strings may hold anything, the report file must always be writable.
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=True) + "\n"

    def summary_lines(self) -> list[str]:
        counts = ", ".join(f"{t.name} {t.generated}/{t.total}" for t in self.tallies)
        if self.spec_degraded:
            counts += f"; {len(self.spec_degraded_items)} with a degraded part"
        lines = [f"coverage: {self.percent:.1f}% generated ({counts})"]
        if self.names:
            lines.append(self.naming_summary())
        listed: set[str] = set()
        for tally in self.tallies:
            for item in tally.missing:
                what = "typed as dict" if tally is self.typed else "not generated"
                lines.append(
                    f"  {what}: {item.kind} {item.label} [at {item.pointer or '/'}]: {item.reason}"
                )
                listed.add(item.pointer)
        for kind, pointer, reason in self.skipped:
            if pointer not in listed:
                lines.append(f"  skipped: {kind} [at {pointer or '/'}]: {reason}")
        for pointer, fallback, message, code in self.spec_degraded:
            lines.append(f"  degraded: [at {pointer or '/'}]: {fallback} ({message}) [{code}]")
        if self.unaccounted:
            lines.append(
                f"  {len(self.unaccounted)} item(s) were dropped without a reason: this is an apigen bug, please report it"
            )
        return [_one_line(line) for line in lines]


def _one_line(text: str) -> str:
    """Spec strings in a terminal line: no control characters, no line breaks."""
    return "".join(ch if ch.isprintable() else " " for ch in text)


# ---- reading the spec document -----------------------------------------------------------------------
def _local(document: Any, node: Any) -> Any:
    """Follow document-local `$ref`s (`#/...`); anything else resolves to {}."""
    for _ in range(32):
        if not isinstance(node, dict) or "$ref" not in node:
            return node
        ref = node["$ref"]
        if not isinstance(ref, str) or not ref.startswith("#/"):
            return {}
        try:
            node = jp.resolve(document, jp.split(ref[1:]))
        except (LookupError, ValueError):
            return {}
    return {}


def _ref_pointer(node: Any) -> str:
    ref = node.get("$ref") if isinstance(node, dict) else None
    return ref[1:] if isinstance(ref, str) and ref.startswith("#/") else ""


def _methods(document: Any, item: Any) -> Iterator[tuple[str, dict[str, Any]]]:
    item = _local(document, item)
    if not isinstance(item, dict):
        return
    for method in PATH_ITEM_METHODS:
        op = item.get(method)
        if isinstance(op, dict):
            yield method, op
    extra = item.get("additionalOperations")  # OpenAPI 3.2
    if isinstance(extra, dict):
        for method, op in extra.items():
            if isinstance(op, dict):
                yield str(method), op


def _spec_paths(
    document: dict[str, Any],
) -> Iterator[tuple[str, str, dict[str, Any], dict[str, Any], str]]:
    """(path, method, path item, operation, pointer) for every operation under `paths`."""
    paths = document.get("paths")
    if not isinstance(paths, dict):
        return
    for path, raw_item in paths.items():
        if str(path).startswith("x-"):
            continue
        item = _local(document, raw_item)
        if not isinstance(item, dict):
            continue
        for method, op in _methods(document, item):
            base = f"/paths/{jp.escape(path)}"
            pointer = (
                f"{base}/{method}"
                if method in PATH_ITEM_METHODS
                else f"{base}/additionalOperations/{jp.escape(method)}"
            )
            yield str(path), method, item, op, pointer


def _callbacks(
    document: dict[str, Any], op: dict[str, Any], op_pointer: str, received: frozenset[str]
) -> Iterator[Item]:
    callbacks = op.get("callbacks")
    if not isinstance(callbacks, dict):
        return
    for name, raw in callbacks.items():
        callback = _local(document, raw)
        if not isinstance(callback, dict):
            continue
        for expression, item in callback.items():
            if str(expression).startswith("x-"):
                continue
            for method, _ in _methods(document, item):
                pointer = (
                    f"{op_pointer}/callbacks/{jp.escape(name)}/{jp.escape(expression)}/{method}"
                )
                yield Item(
                    "callback",
                    pointer,
                    f"{method.upper()} {expression} (callback {name})",
                    pointer in received,
                    RECEIVED_NOTE if pointer in received else CALLBACK_REASON,
                )


def _spec_parameters(
    document: dict[str, Any], item: dict[str, Any], op: dict[str, Any], path: str, op_pointer: str
) -> list[tuple[str, str, str]]:
    """(location, name, pointer) of an operation's parameters, path-level ones overridden by the
    operation's own (same name and location), as the IR builder merges them."""
    merged: dict[tuple[str, str], str] = {}
    for level, level_pointer in ((item, f"/paths/{jp.escape(path)}"), (op, op_pointer)):
        raw_params = level.get("parameters")
        if not isinstance(raw_params, list):
            continue
        for index, raw in enumerate(raw_params):
            param = _local(document, raw)
            if not isinstance(param, dict) or "name" not in param:
                continue  # not a parameter at all: the validator reports it
            merged[(str(param.get("in")), str(param["name"]))] = (
                _ref_pointer(raw) or f"{level_pointer}/parameters/{index}"
            )
    return [(location, name, pointer) for (location, name), pointer in merged.items()]


# ---- the report ---------------------------------------------------------------------------------
def _classes(models_source: str | None) -> frozenset[str] | None:
    from .models import class_names

    if models_source is None:
        return None
    try:
        return class_names(models_source)
    except SyntaxError:
        return None


def coverage(
    api: Api,
    spec_document: dict[str, Any],
    models_source: str | None = None,
    degraded: Iterable[Finding] = (),
) -> CoverageReport:
    """Compare the spec document with the IR built from it. `models_source` (the rendered
    models.py) lets the report say which schemas produced no class of their own; `degraded` are
    the validation findings whose fallback was applied (`Generation.degraded`)."""
    document = spec_document if isinstance(spec_document, dict) else {}
    skipped = tuple((s.kind, s.pointer, s.reason) for s in api.skipped)
    skip_reason: dict[tuple[str, str], str] = {}
    for kind, pointer, reason in skipped:
        skip_reason.setdefault((kind, pointer), reason)
    unaccounted: list[Item] = []

    def missing(kind: str, pointer: str, label: str, *, skip_kind: str) -> Item:
        reason = skip_reason.get((skip_kind, pointer))
        if reason is None:
            item = Item(kind, pointer, label, False, UNACCOUNTED_REASON)
            unaccounted.append(item)
            return item
        return Item(kind, pointer, label, False, reason)

    # Operations: paths x methods, then webhooks and callbacks.
    built: dict[str, Operation] = {op.pointer: op for op in api.operations}
    received = frozenset(w.pointer for w in api.webhooks)
    operations: list[Item] = []
    parameters: list[Item] = []
    for path, method, item, op, pointer in _spec_paths(document):
        label = f"{method.upper()} {path}"
        ir_op = built.get(pointer)
        if ir_op is None:
            operations.append(missing("operation", pointer, label, skip_kind="operation"))
        else:
            operations.append(Item("operation", pointer, label, True))
            parameters.extend(
                _parameter_items(document, item, op, path, pointer, label, ir_op, missing)
            )
        operations.extend(_callbacks(document, op, pointer, received))
    webhooks = document.get("webhooks")
    if isinstance(webhooks, dict):
        for name, raw_item in webhooks.items():
            for method, op in _methods(document, raw_item):
                pointer = f"/webhooks/{jp.escape(name)}/{method}"
                operations.append(
                    Item(
                        "webhook",
                        pointer,
                        f"{method.upper()} {name} (webhook)",
                        pointer in received,
                        RECEIVED_NOTE if pointer in received else WEBHOOK_REASON,
                    )
                )
                operations.extend(_callbacks(document, op, pointer, received))

    # Schemas: every key of components.schemas.
    components = document.get("components")
    spec_schemas = components.get("schemas") if isinstance(components, dict) else None
    if not isinstance(spec_schemas, dict):
        spec_schemas = {}
    by_key = {str(m.schema_name): m for m in api.models if not m.hoisted}
    classes = _classes(models_source)
    schemas: list[Item] = []
    for key in spec_schemas:
        pointer = f"/components/schemas/{jp.escape(key)}"
        info = by_key.get(str(key))
        if info is None:
            schemas.append(missing("schema", pointer, str(key), skip_kind="schema"))
        elif classes is not None and info.class_name not in classes:
            schemas.append(Item("schema", pointer, str(key), True, NO_CLASS_NOTE))
        else:
            schemas.append(Item("schema", pointer, str(key), True))

    typed = tuple(Item(t.kind, t.pointer, t.label, not t.reason, t.reason) for t in api.typing)
    return CoverageReport(
        title=str(api.title),
        operations=Tally("operations", tuple(operations)),
        schemas=Tally("schemas", tuple(schemas)),
        parameters=Tally("parameters", tuple(parameters)),
        skipped=skipped,
        unaccounted=tuple(unaccounted),
        spec_degraded=tuple(  # one entry per part dropped (several findings can share one)
            sorted({f.drop: (f.drop, f.fallback, f.message, f.code) for f in degraded}.values())
        ),
        pagination=pagination_listing(api),
        typed=Tally("typed", typed),
        names=(*api.naming, *_class_decisions(api)),
    )


def pagination_listing(api: Api) -> tuple[dict[str, str], ...]:
    """Every operation that pages (style and why) or returns a list without paging (why not)."""
    rows = []
    for op in api.operations:
        label = f"{op.http_method.upper()} {op.path}"
        if op.pagination is not None:
            rows.append(
                {
                    "operation": label,
                    "pointer": op.pointer,
                    "style": op.pagination.style,
                    "reason": op.pagination.reason,
                }
            )
        elif op.pagination_note:
            rows.append(
                {
                    "operation": label,
                    "pointer": op.pointer,
                    "style": "none",
                    "reason": op.pagination_note,
                }
            )
    return tuple(rows)


def _class_decisions(api: Api) -> Iterator[NameDecision]:
    for info in api.models:
        if info.alias_of:
            rule = f"lifted inline schema equal to {info.alias_of}'s: an alias of it, named from where it is used"
        elif info.hoisted:
            rule = "lifted inline schema, named from where it is used"
        elif str(info.class_name) == str(info.schema_name):
            rule = "component schema key"
        else:
            rule = f"component schema key {str(info.schema_name)!r}, made a valid unique class name"
        yield NameDecision("class", str(info.class_name), rule, info.pointer)


def _parameter_items(
    document: dict[str, Any],
    item: dict[str, Any],
    op: dict[str, Any],
    path: str,
    op_pointer: str,
    op_label: str,
    ir_op: Operation,
    missing: Callable[..., Item],
) -> Iterator[Item]:
    present = {(str(p.location), str(p.wire_name)) for p in ir_op.parameters}
    handled = {str(wire).lower(): why for wire, why in ir_op.client_handled}
    for location, name, pointer in _spec_parameters(document, item, op, path, op_pointer):
        label = f"{location} {name!r} of {op_label}"
        if (location, name) in present:
            yield Item("parameter", pointer, label, True)
        elif location == "header" and name.lower() in handled:
            yield Item(
                "parameter", pointer, label, True, f"handled by the client: {handled[name.lower()]}"
            )
        else:
            yield missing("parameter", pointer, label, skip_kind="parameter")
