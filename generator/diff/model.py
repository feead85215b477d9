"""What a diff finds (`Change`), and the state the checkers share while they compare two IRs."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from ..findings import Location
from ..ir.model import Api, ModelInfo, Operation
from ..ir.schemas import SCHEMAS_PREFIX as SCHEMAS_PREFIX
from ..load.pointer import escape, resolve, split, step, unescape
from .rules import RULES, SEVERITY_RANK, Rule

_PLACEHOLDER = re.compile(r"\{[^}/]*\}")


@dataclass(frozen=True)
class Change:
    rule: str  # a RULES id
    message: str  # one line, says what changed
    operation: str = ""  # "GET /pets/{id}" when the change belongs to one operation
    subject: str = ""  # what changed: "param limit", "Pet.name", "client.pets.list"
    pointer: str = ""  # JSON pointer into the NEW spec the annotation points at
    old: str = ""
    new: str = ""
    # Operations that reach a changed model (model-level changes are reported once, not per use).
    operations: tuple[str, ...] = ()
    location: Location | None = None  # resolved from `pointer` on the new spec
    ignored: str = ""  # the config's reason when the change is silenced
    # Why a Python-API break happened when the wire did not change (a name derived from something
    # that changed): "the inline schema at /paths/... is now named from its title 'X'".
    reason: str = ""

    @property
    def info(self) -> Rule:
        return RULES[self.rule]

    @property
    def severity(self) -> str:
        return RULES[self.rule].severity

    @property
    def level(self) -> str:
        return RULES[self.rule].level

    @property
    def where(self) -> str:
        """The operation, or the first operations that reach a model-level change."""
        if self.operation:
            return self.operation
        if self.operations:
            more = f" (+{len(self.operations) - 1} more)" if len(self.operations) > 1 else ""
            return f"{self.operations[0]}{more}"
        return ""

    def sort_key(self) -> tuple[Any, ...]:
        return (
            -SEVERITY_RANK[self.severity],
            self.rule,
            self.operation,
            self.subject,
            self.message,
        )

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "rule": self.rule,
            "severity": self.severity,
            "level": self.level,
            "message": self.message,
            "operation": self.operation,
            "subject": self.subject,
            "old": self.old,
            "new": self.new,
            "operations": list(self.operations),
            "pointer": self.pointer,
            "location": (
                {"file": self.location.file, "line": self.location.line, "col": self.location.col}
                if self.location
                else None
            ),
        }
        if self.reason:
            data["reason"] = self.reason
        if self.ignored:
            data["ignored"] = self.ignored
        return data


def op_label(op: Operation) -> str:
    return f"{op.http_method.upper()} {op.path}"


def op_key(op: Operation) -> tuple[str, str]:
    """Operations match across versions by method and path, placeholder names ignored."""
    return op.http_method.lower(), _PLACEHOLDER.sub("{}", str(op.path))


def _segments(path: str) -> list[str]:
    return str(path).strip("/").split("/")


def same_urls(old_path: str, new_path: str) -> bool:
    """Every URL the old template produces is matched by the new one (route shape, not names).

    Segments must be the same literal, or the same placeholder skeleton, or the new segment is one
    whole placeholder where the old one had placeholders: `/compare/{base}...{head}` ->
    `/compare/{basehead}` keeps every URL an old caller built."""
    old, new = _segments(old_path), _segments(new_path)
    if len(old) != len(new):
        return False
    for a, b in zip(old, new, strict=True):
        if _PLACEHOLDER.sub("{}", a) == _PLACEHOLDER.sub("{}", b):
            continue
        if _PLACEHOLDER.fullmatch(b) and _PLACEHOLDER.search(a):
            continue
        return False
    return True


def placeholders(path: str) -> list[str]:
    return [p[1:-1] for p in _PLACEHOLDER.findall(path)]


escape_token = escape  # load/pointer.py's


OpKey = tuple[str, str]


class Side:
    """One version's IR plus quick access to the models document it was built with."""

    def __init__(self, api: Api, document: dict[str, Any] | None = None) -> None:
        self.api = api
        self.document = document  # the original spec, when the caller has it
        components = (
            api.model_document.get("components") if isinstance(api.model_document, dict) else None
        )
        schemas = components.get("schemas") if isinstance(components, dict) else None
        self.schemas: dict[str, Any] = schemas if isinstance(schemas, dict) else {}
        self.infos: dict[str, ModelInfo] = {m.class_name: m for m in api.models}
        self.by_key: dict[str, ModelInfo] = {
            str(m.schema_name): m for m in api.models if not m.hoisted
        }
        self.class_names = {key: str(m.class_name) for key, m in self.by_key.items()}
        # Each operation with its resource's accessor as a user writes it: `accounts.capabilities`.
        self.operations: dict[tuple[str, str], tuple[Operation, str]] = {}
        for resource in api.resources:
            for op in resource.operations:
                self.operations.setdefault(op_key(op), (op, resource.dotted))

    def raw(self, pointer: str) -> Any:
        """The node at `pointer` in the original document (local $refs followed on the way), or
        None when the document is not known or has no such node."""
        if self.document is None:
            return None
        node: Any = self.document
        for part in split(pointer):
            node = self._follow(node)
            try:
                node = step(node, part)
            except LookupError:
                return None
        return self._follow(node)

    def _follow(self, node: Any) -> Any:
        for _ in range(20):
            if not (isinstance(node, dict) and isinstance(node.get("$ref"), str)):
                return node
            ref = node["$ref"]
            if not ref.startswith("#/") or ref.startswith(SCHEMAS_PREFIX):
                return node  # schema refs stay refs: they name model classes
            try:
                node = resolve(self.document, split(ref[1:]))
            except (LookupError, ValueError):
                return None
        return node

    def rewritten(self, schema: Any, _depth: int = 0) -> Any:
        """A schema of the original document with its refs pointing at class names (as the IR's
        models document writes them). Bounded in depth (a hostile or self-referencing node
        becomes an empty schema there)."""
        if _depth > 64:
            return {}
        if isinstance(schema, dict):
            result = {k: self.rewritten(v, _depth + 1) for k, v in schema.items()}
            ref = schema.get("$ref")
            if isinstance(ref, str) and ref.startswith(SCHEMAS_PREFIX):
                key = unescape(ref[len(SCHEMAS_PREFIX) :])
                if key in self.class_names:
                    result["$ref"] = SCHEMAS_PREFIX + self.class_names[key]
            return result
        if isinstance(schema, list):
            return [self.rewritten(v, _depth + 1) for v in schema]
        return schema

    def ref_target(self, ref: Any) -> str | None:
        if isinstance(ref, str) and ref.startswith(SCHEMAS_PREFIX):
            name = ref[len(SCHEMAS_PREFIX) :]
            if "/" not in name and name in self.schemas:
                return name
        return None


def match_operations(old: Side, new: Side) -> list[tuple[OpKey, OpKey]]:
    """Operations that are the same across versions: same method and path (placeholder names
    ignored), then, among the rest, one old and one new with the same method whose templates
    serve the same URLs (`same_urls`), the operationId breaking ties."""
    pairs = [(key, key) for key in old.operations if key in new.operations]
    gone = [key for key in old.operations if key not in new.operations]
    fresh = [key for key in new.operations if key not in old.operations]
    for key in gone:
        old_op = old.operations[key][0]
        candidates = [
            k
            for k in fresh
            if k[0] == key[0] and same_urls(str(old_op.path), str(new.operations[k][0].path))
        ]
        if len(candidates) > 1:
            candidates = [
                k for k in candidates if new.operations[k][0].operation_id == old_op.operation_id
            ]
        if len(candidates) == 1:
            pairs.append((key, candidates[0]))
            fresh.remove(candidates[0])
    return pairs


@dataclass
class PairRecord:
    """Changes found inside one (old model, new model, direction) pair, and the pairs it contains."""

    changes: list[Change] = field(default_factory=list)
    children: set[tuple[str, str, str]] = field(default_factory=set)


class Context:
    def __init__(
        self,
        old: Api,
        new: Api,
        old_document: dict[str, Any] | None = None,
        new_document: dict[str, Any] | None = None,
    ) -> None:
        self.old = Side(old, old_document)
        self.new = Side(new, new_document)
        self.changes: list[Change] = []
        self.pairs: dict[tuple[str, str, str], PairRecord] = {}
        self.op_entries: dict[str, set[tuple[str, str, str]]] = {}
        self.pair_queue: list[tuple[tuple[str, str, str], str]] = (
            []
        )  # (pair, pointer it was reached at)
        self.model_pointers: dict[str, str] = (
            {}
        )  # new class name -> first pointer it was reached at
        self.renamed_models: dict[str, str] = {}  # old class name -> new class name (python level)
        self.op_pairs = match_operations(self.old, self.new)
        self.old_matched = dict(self.op_pairs)
        self.new_matched = {new: old for old, new in self.op_pairs}

    def matched_ops(self) -> list[tuple[Operation, str, Operation, str]]:
        """(old operation, old resource, new operation, new resource) for every matched pair."""
        return [
            (*self.old.operations[old], *self.new.operations[new]) for old, new in self.op_pairs
        ]

    def add(self, rule_id: str, message: str, **kw: Any) -> None:
        assert rule_id in RULES, rule_id
        self.changes.append(Change(rule_id, message, **kw))

    def model_pointer(self, name: str, arrived: str = "") -> str:
        info = self.new.infos.get(name)
        if info is not None and info.pointer:
            return info.pointer
        return self.model_pointers.setdefault(name, arrived)

    def finish(self) -> list[Change]:
        """Attach every model-level change to the operations that reach it; merge duplicates."""
        reach: dict[tuple[str, str, str], set[str]] = {}
        for label, entries in self.op_entries.items():
            stack = list(entries)
            seen: set[tuple[str, str, str]] = set()
            while stack:
                key = stack.pop()
                if key in seen:
                    continue
                seen.add(key)
                reach.setdefault(key, set()).add(label)
                record = self.pairs.get(key)
                if record is not None:
                    stack.extend(record.children)
        merged: dict[tuple[Any, ...], tuple[Change, set[str]]] = {}
        order: list[tuple[Any, ...]] = []

        def put(change: Change, ops: set[str]) -> None:
            ident = (
                change.rule,
                change.operation,
                change.subject,
                change.message,
                change.old,
                change.new,
            )
            if ident in merged:
                merged[ident][1].update(ops)
            else:
                merged[ident] = (change, set(ops))
                order.append(ident)

        for change in self.changes:
            put(change, set(change.operations))
        for key, record in self.pairs.items():
            ops = reach.get(key, set())
            for change in record.changes:
                put(change, ops)
        result = []
        for ident in order:
            change, ops = merged[ident]
            result.append(replace(change, operations=tuple(sorted(ops - {change.operation}))))
        return sorted(result, key=Change.sort_key)
