"""The client surface: which resource (`client.accounts.capabilities`) and which method (`list`)
every operation gets, and why.

Two shapes of spec, told apart once per spec:

- operationIds that carry their resource (`<tag>_<method>`: `location_chargers_create`, for most
  of the spec's tagged operations): the tag is the resource and the rest of the id the method;
- anything else (path-shaped ids like Stripe's `GetCustomersCustomer`, verb-noun ids like OpenAI's
  `listAssistants`, no ids at all): resources nest by the path's literal segments and methods come
  from the HTTP verb and the path (the REST mapping below), the way hand-written SDKs name them.

Over both, in this order: `[tool.apigen.names]` overrides, then the vendor extensions users of other
generators already write (`x-fern-sdk-group-name` / `x-fern-sdk-method-name`, `x-speakeasy-group` /
`x-speakeasy-name-override`). A name two operations would share is resolved by a rule that does
not depend on the order of the spec (both fall back to their operationIds), or is an error naming
both operations and the override that settles it. Every decision is recorded (`NameDecision`) for
the coverage report.

REST mapping, on the path without its leading version segments (`/v1`):

    GET    /customers                 list      (a collection: `/customers/{id}` exists, or the
    POST   /customers                 create     GET answers a list, or it has no GET)
    GET    /customers/{customer}      retrieve
    POST   /customers/{customer}      update    (PUT, PATCH too)
    DELETE /customers/{customer}      delete
    POST   /payment_intents/{intent}/cancel     cancel   (a literal after an item or a collection,
    GET    /customers/search                    search    with nothing below it: an action)
    DELETE /customers/{customer}/discount       delete_discount
    GET    /balance                   retrieve  (GET + write, or a GET that is not a list: a
    POST   /account                   update     singleton)
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from ..findings import ApigenError, Findings, Location, error, warning
from ..load.pointer import escape as _escape
from ..load.structure import HTTP_METHODS
from .model import Identifier, NameDecision
from .naming import RESOURCE_SCOPE_NAMES, snake, strip_prefix_words, unique, words

VERSION_SEGMENT = re.compile(
    r"^(?:v\d+(?:[._]\d+)*(?:beta|alpha)?\d*|\d+(?:\.\d+)+|api|rest|\d{4}-\d{2}-\d{2})$",
    re.IGNORECASE,
)
TAG_PREFIXES = ("subpackage_",)
WRITE_METHODS = ("post", "put", "patch")
_METHOD_KEY = re.compile(r"^([A-Za-z]+)\s+(/.*)$")

Entry = tuple[str, str, dict[str, Any], dict[str, Any]]  # path, method, path item, operation
Locate = Callable[[str], Location]


@dataclass(frozen=True)
class Placement:
    """Where one operation lives on the client."""

    entry: Entry
    chain: tuple[Identifier, ...]  # ("accounts", "capabilities")
    method: Identifier  # "list"
    resource_rule: str
    method_rule: str
    tag: str  # the tag the resource came from ("" when it came from the path or an override)


@dataclass(frozen=True)
class NameOverrides:
    """`[tool.apigen.names]`, sorted by what each key names."""

    operations: Mapping[str, str]  # operationId or "METHOD /path" -> "resource.sub.method"
    namespaces: Mapping[str, str]  # "/threads" -> "beta.threads"
    schemas: Mapping[str, str]  # component schema key -> class name

    @classmethod
    def from_table(cls, table: Mapping[str, str], operation_ids: set[str]) -> NameOverrides:
        operations: dict[str, str] = {}
        namespaces: dict[str, str] = {}
        schemas: dict[str, str] = {}
        for key, value in table.items():
            method_key = _METHOD_KEY.match(key)
            if method_key:
                operations[f"{method_key.group(1).upper()} {method_key.group(2)}"] = value
            elif key.startswith("/"):
                namespaces[key.rstrip("/") or "/"] = value
            elif key in operation_ids:
                operations[key] = value
            else:
                schemas[key] = value
        return cls(operations, namespaces, schemas)


def schema_class_overrides(names: Mapping[str, str], document: Mapping[str, Any]) -> dict[str, str]:
    """The `[tool.apigen.names]` entries that name a component schema: schema key -> class name
    (for the models stage, which names classes)."""
    components = document.get("components")
    schemas = components.get("schemas") if isinstance(components, Mapping) else None
    keys = set(schemas) if isinstance(schemas, Mapping) else set()
    return {key: value for key, value in names.items() if key in keys}


def _chain_of(text: str) -> tuple[Identifier, ...]:
    return tuple(snake(part, "resource") for part in text.split(".") if part.strip())


def _segments(path: str) -> list[str]:
    """The path's segments without the leading version ones: `/v1/customers/{c}` -> customers, {c}."""
    parts = [s for s in path.split("?", 1)[0].split("/") if s]
    while parts and not parts[0].startswith("{") and VERSION_SEGMENT.match(parts[0]):
        parts.pop(0)
    return parts


def _is_param(segment: str) -> bool:
    return segment.startswith("{") and segment.endswith("}")


def _shape(segments: list[str]) -> tuple[str, ...]:
    return tuple("{}" if _is_param(s) else s for s in segments)


class SurfacePlanner:
    def __init__(
        self,
        entries: list[Entry],
        names: Mapping[str, str],
        returns_list: Callable[[dict[str, Any]], bool],
        locate: Locate,
        findings: Findings,
        schema_keys: frozenset[str] = frozenset(),
    ) -> None:
        self.entries = entries
        self.schema_keys = schema_keys
        self.returns_list = returns_list
        self.locate = locate
        self.findings = findings
        ids = {str(op.get("operationId")) for _, _, _, op in entries if op.get("operationId")}
        self.overrides = NameOverrides.from_table(names, ids)
        self.used_overrides: set[str] = set()
        shapes = [_shape(_segments(path)) for path, _, _, _ in entries]
        self.shapes = set(shapes)
        self.methods_at: dict[tuple[str, ...], set[str]] = {}
        for shape, (_, method, _, _) in zip(shapes, entries, strict=True):
            self.methods_at.setdefault(shape, set()).add(method)
        self.tag_mode = self._ids_carry_tags()

    # ---- which shape of spec ------------------------------------------------------------------
    def _ids_carry_tags(self) -> bool:
        """Whether most tagged operations have ids `<tag>_<method>` (the tag is their resource).
        Ids of one word (`update`) name no resource either way and are not counted; a spec whose
        tagged ids are all like that keeps its tags."""
        tagged = informative = carrying = 0
        for _, _, _, op in self.entries:
            tag = _first_tag(op)
            op_id = op.get("operationId")
            if not tag or not isinstance(op_id, str):
                continue
            tagged += 1
            id_words = words(op_id)
            if len(id_words) < 2:
                continue
            informative += 1
            if strip_prefix_words(id_words, words(tag)) != id_words:
                carrying += 1
        if not informative:
            return tagged > 0
        return 2 * carrying > informative

    # ---- the REST mapping ------------------------------------------------------------------------
    def _below(self, shape: tuple[str, ...]) -> bool:
        n = len(shape)
        return any(len(s) > n and s[:n] == shape for s in self.shapes)

    def _has_item(self, shape: tuple[str, ...]) -> bool:
        n = len(shape)
        return any(len(s) > n and s[:n] == shape and s[n] == "{}" for s in self.shapes)

    def _is_singleton(self, shape: tuple[str, ...]) -> bool:
        methods = self.methods_at.get(shape, set())
        return "get" in methods and bool(methods & set(WRITE_METHODS)) and not self._below(shape)

    def rest(self, path: str, method: str, op: dict[str, Any]) -> tuple[list[str], str, str]:
        """(resource segments, method name, rule) from the HTTP method and the path."""
        segments = _segments(path)
        literals = [s for s in segments if not _is_param(s)]
        if method == "query" and segments and not _is_param(segments[-1]) and len(literals) > 1:
            # QUERY (OpenAPI 3.2) on `/items/search`: a safe action, `items.search(...)`
            return literals[:-1], str(snake(segments[-1], "action")), "rest: QUERY action segment"
        if method not in ("get", "delete", *WRITE_METHODS):
            # HEAD, OPTIONS, TRACE, QUERY on a collection: the operationId (or verb and path)
            return literals, "", ""
        if not segments:
            return [], "", ""
        shape = _shape(segments)
        last = segments[-1]
        if _is_param(last):
            name = {"get": "retrieve", "delete": "delete"}.get(method, "update")
            if method not in ("get", "delete", *WRITE_METHODS):
                name = method
            return literals, name, f"rest: {method.upper()} on an item"
        before = shape[:-1]
        follows = bool(before) and (
            before[-1] == "{}"
            or self._has_item(before)
            or before in self.methods_at
            or before[-2:-1] == ("{}",)
        )
        # After an item, a list answer or a plural noun names a sub-collection, not an action:
        # `/accounts/{a}/capabilities`, `POST /threads/{t}/messages`.
        listed = before[-1:] == ("{}",) and (
            (method == "get" and self.returns_list(op)) or _plural_noun(last)
        )
        if (
            follows
            and not listed
            and not self._has_item(shape)
            and not self._below(shape)
            and not self._is_singleton(shape)
        ):
            action = str(snake(last, "action"))
            if method == "delete":
                action = f"delete_{action}"
            elif method in ("put", "patch"):
                action = f"update_{action}"
            return literals[:-1], action, f"rest: action segment {last!r}"
        collection = self._has_item(shape)
        methods = self.methods_at.get(shape, set())
        if method == "get":
            if collection or listed or self.returns_list(op):
                return literals, "list", "rest: GET on a collection"
            return literals, "retrieve", "rest: GET on a singleton"
        if method == "post":
            singleton = "get" in methods and not collection and not self._get_lists(path)
            if singleton:
                return literals, "update", "rest: POST on a singleton"
            return literals, "create", "rest: POST on a collection"
        if method in ("put", "patch"):
            return literals, "update", f"rest: {method.upper()} on a collection or singleton"
        if method == "delete":
            return literals, "delete", "rest: DELETE"
        return literals, method, f"rest: {method.upper()}"

    def _get_lists(self, path: str) -> bool:
        for p, m, _, op in self.entries:
            if p == path and m == "get":
                return self.returns_list(op)
        return False

    # ---- one operation ---------------------------------------------------------------------------
    def _namespace(self, path: str, chain: list[str]) -> tuple[list[str], str]:
        best = ""
        for prefix in self.overrides.namespaces:
            if (path == prefix or path.startswith(prefix.rstrip("/") + "/")) and len(prefix) > len(
                best
            ):
                best = prefix
        if not best:
            return chain, ""
        self.used_overrides.add(best)
        dropped = len([s for s in _segments(best) if not _is_param(s)])
        return [*_chain_of(self.overrides.namespaces[best]), *chain[dropped:]], best

    def place(self, entry: Entry) -> Placement:
        path, method, _, op = entry
        op_id = op.get("operationId") if isinstance(op.get("operationId"), str) else None
        tag = _first_tag(op)
        label = f"{method.upper()} {path}"

        for key in (op_id, label):
            if key and key in self.overrides.operations:
                self.used_overrides.add(key)
                parts = _chain_of(self.overrides.operations[key])
                if len(parts) >= 2:
                    rule = f"[tool.apigen.names] {key!r}"
                    return Placement(entry, parts[:-1], parts[-1], rule, rule, "")
                # A bare method name: the resource is derived as usual.
                placed = self._derived(entry, op_id, tag)
                rule = f"[tool.apigen.names] {key!r}"
                return Placement(entry, placed.chain, parts[0], placed.resource_rule, rule, "")

        placed = self._derived(entry, op_id, tag)
        chain, resource_rule, method_name, method_rule = (
            placed.chain,
            placed.resource_rule,
            placed.method,
            placed.method_rule,
        )
        fern_group = op.get("x-fern-sdk-group-name")
        speakeasy_group = op.get("x-speakeasy-group")
        if isinstance(fern_group, str) or (
            isinstance(fern_group, list)
            and fern_group
            and all(isinstance(g, str) for g in fern_group)
        ):
            groups = [fern_group] if isinstance(fern_group, str) else fern_group
            chain = tuple(snake(g, "resource") for g in groups)
            resource_rule = "x-fern-sdk-group-name"
        elif isinstance(speakeasy_group, str) and speakeasy_group.strip():
            chain = _chain_of(speakeasy_group)
            resource_rule = "x-speakeasy-group"
        for ext in ("x-fern-sdk-method-name", "x-speakeasy-name-override"):
            value = op.get(ext)
            if isinstance(value, str) and words(value):
                method_name, method_rule = snake(value, "call"), ext
                break
        tag_source = placed.tag if resource_rule == placed.resource_rule else ""
        return Placement(entry, chain, method_name, resource_rule, method_rule, tag_source)

    def _derived(self, entry: Entry, op_id: str | None, tag: str) -> Placement:
        path, method, _, op = entry
        chain: tuple[Identifier, ...]
        if self.tag_mode and tag:
            chain = (snake(tag, "default"),)
            resource_rule = "tag"
        else:
            segments, _, _ = self.rest(path, method, op)
            named, namespace = self._namespace(path, [str(s) for s in segments])
            if named:
                chain = tuple(snake(s, "resource") for s in named)
                resource_rule = (
                    f"[tool.apigen.names] {namespace!r}" if namespace else "path segments"
                )
            elif tag:
                chain, resource_rule = (snake(tag, "default"),), "tag (no literal path segment)"
            else:
                chain, resource_rule = (Identifier("default"),), "default (no tag, no path segment)"
        if op_id and words(op_id):
            id_words = words(op_id)
            if self.tag_mode:
                # `<tag>_<method>` ids: the rest of the id is the method.
                stripped = strip_prefix_words(id_words, [w for c in chain for w in words(c)])
                if stripped == id_words and tag:
                    stripped = strip_prefix_words(id_words, words(tag))
                rule = "operationId" if stripped == id_words else "operationId without its resource"
                return Placement(entry, chain, snake("_".join(stripped)), resource_rule, rule, tag)
            # Elsewhere only an id that spells the whole resource out reads as a method once it
            # is stripped (`chat_completions_create`); `listAssistants` does not.
            stripped = strip_prefix_words(id_words, [w for c in chain for w in words(c)])
            if stripped == id_words and len(id_words) == 1 and id_words[0].lower() in _METHOD_IDS:
                return Placement(entry, chain, snake(op_id), resource_rule, "operationId", tag)
            if stripped != id_words:
                rule = "operationId without its resource"
                return Placement(entry, chain, snake("_".join(stripped)), resource_rule, rule, tag)
        _, rest_name, rest_rule = self.rest(path, method, op)
        if rest_name:
            return Placement(entry, chain, snake(rest_name, "call"), resource_rule, rest_rule, tag)
        if op_id and words(op_id):
            return Placement(entry, chain, snake(op_id), resource_rule, "operationId", tag)
        return Placement(entry, chain, snake(method, "call"), resource_rule, "HTTP method", tag)

    # ---- the whole spec --------------------------------------------------------------------------
    def plan(self) -> list[Placement]:
        placements = [self.place(entry) for entry in self.entries]
        placements = self._resolve_collisions(placements)
        known = set(self.overrides.operations) | set(self.overrides.namespaces)
        known |= set(self.overrides.schemas) - self.schema_keys
        for key in sorted(known - self.used_overrides):
            self.findings.add(
                warning(
                    "names-override-unused",
                    f"[tool.apigen.names] {key!r} matches no operation or path of the spec",
                    hint='keys are operationIds, "METHOD /path", path prefixes or schema names',
                )
            )
        return placements

    def _alternatives(self, p: Placement) -> list[tuple[Identifier, str]]:
        """Names a derived method falls back to, in order, when its own is another's too: from
        the operationId (without its resource, then whole), then from the verb and the path."""
        if p.method_rule.startswith(("[tool.apigen.names]", "x-")):
            return []  # what the user wrote is kept, or is an error
        path, method, _, op = p.entry
        op_id = op.get("operationId")
        found: list[tuple[Identifier, str]] = []
        if isinstance(op_id, str) and words(op_id):
            id_words = words(op_id)
            stripped = strip_prefix_words(id_words, words(p.chain[-1]) if p.chain else [])
            if stripped != id_words:
                found.append((snake("_".join(stripped)), "operationId without its resource"))
            found.append((snake(op_id, "call"), "operationId"))
        literal = [s for s in _segments(path) if not _is_param(s)]
        params = [s.strip("{}") for s in _segments(path) if _is_param(s)]
        found.append(
            (
                snake("_".join([method, *literal] + (["by", *params] if params else [])), "call"),
                "HTTP method and path",
            )
        )
        current = str(p.method)
        return [(name, rule) for name, rule in found if name != current]

    def _resolve_collisions(self, placements: list[Placement]) -> list[Placement]:
        """Names two operations would share go, for both (so the order of the spec does not
        matter), to their next alternative; what the user named is never changed: a clash with
        it is an error naming both operations and the override that settles it."""
        children: dict[tuple[str, ...], set[str]] = {}
        for p in placements:
            for n in range(1, len(p.chain)):
                children.setdefault(tuple(p.chain[:n]), set()).add(p.chain[n])
        first = list(placements)
        pending = {i: self._alternatives(p) for i, p in enumerate(placements)}
        for _ in range(8):
            claims: dict[tuple[tuple[str, ...], str], list[int]] = {}
            for index, p in enumerate(placements):
                claims.setdefault((tuple(p.chain), str(p.method)), []).append(index)
            clashing: list[int] = []
            for (chain, name), indexes in claims.items():
                if name in children.get(chain, set()) or name in RESOURCE_SCOPE_NAMES:
                    clashing.extend(indexes)
                elif len(indexes) > 1:
                    # An operationId the spec wrote as the method name itself keeps it.
                    kept = [i for i in indexes if placements[i].method_rule == "operationId"]
                    clashing.extend(i for i in indexes if len(kept) != 1 or i != kept[0])
            movable = sorted(i for i in clashing if pending[i])
            if not movable:
                break
            for index in movable:
                p = placements[index]
                name, rule = pending[index].pop(0)
                others = [
                    _label(placements[i])
                    for i in claims[(tuple(p.chain), str(p.method))]
                    if i != index
                ]
                why = f"shared with {', '.join(others)}" if others else "a sub-resource or reserved"
                placements[index] = replace(
                    p, method=name, method_rule=f"{rule} ({p.method!r} is {why})"
                )
        self._settle(placements, children)
        moved = [(first[i], p) for i, p in enumerate(placements) if p is not first[i]]
        if moved:
            # One finding for all of them (kubernetes has hundreds); --report lists each.
            before, after = moved[0]
            pointer = f"/paths/{_escape(before.entry[0])}/{before.entry[1]}"
            more = f" and {len(moved) - 1} more" if len(moved) > 1 else ""
            self.findings.add(
                warning(
                    "name-collision",
                    f"{_label(before)}: {'.'.join([*before.chain, before.method])} is another "
                    f"operation's name too; named {'.'.join([*after.chain, after.method])}{more} "
                    "(--report lists each name and why)",
                    location=self.locate(pointer),
                    pointer=pointer,
                    hint=f'to choose: [tool.apigen.names] "{_override_key(before)}" = '
                    f'"{".".join(before.chain)}.<method>"',
                )
            )
        return placements

    def _settle(
        self, placements: list[Placement], children: dict[tuple[str, ...], set[str]]
    ) -> None:
        """What is still shared: an error when the user named it; otherwise (names no rule tells
        apart once made identifiers, like `/a-b` and `/a_b`) a numbered name, said in the rule."""
        seen: dict[tuple[tuple[str, ...], str], Placement] = {}
        taken: dict[tuple[str, ...], set[str]] = {}
        for p in placements:
            taken.setdefault(tuple(p.chain), set()).add(str(p.method))
        for index, p in enumerate(placements):
            key = (tuple(p.chain), str(p.method))
            clash = seen.get(key)
            if (
                clash is None
                and p.method not in children.get(tuple(p.chain), set())
                and p.method not in RESOURCE_SCOPE_NAMES
            ):
                seen[key] = p
                continue
            user_named = [
                q
                for q in (p, clash)
                if q is not None and q.method_rule.startswith(("[tool.apigen.names]", "x-"))
            ]
            if user_named:
                path, method, _, _ = p.entry
                pointer = f"/paths/{_escape(path)}/{method}"
                what = (
                    f"{_label(clash)} ({clash.method_rule})"
                    if clash is not None
                    else "a sub-resource or a name the SDK reserves"
                )
                accessor = ".".join([*p.chain, p.method])
                raise ApigenError(
                    error(
                        "name-collision",
                        f"{_label(p)} would be client.{accessor} ({p.method_rule}), like {what}",
                        location=self.locate(pointer),
                        pointer=pointer,
                        hint=f"name one of them in pyproject.toml: [tool.apigen.names] "
                        f'"{_override_key(p)}" = "{".".join(p.chain)}.<method>"',
                    )
                )
            names = taken.setdefault(tuple(p.chain), set())
            names |= children.get(tuple(p.chain), set()) | RESOURCE_SCOPE_NAMES
            numbered = unique(str(p.method), names)
            placements[index] = replace(
                p,
                method=numbered,
                method_rule=f"{p.method_rule}, numbered: no rule tells it from "
                + (_label(clash) if clash is not None else "a sub-resource"),
            )
            seen[(tuple(p.chain), numbered)] = placements[index]


# One-word operationIds that already read as a method: an HTTP method or a REST verb.
_METHOD_IDS = frozenset(HTTP_METHODS) | {"list", "create", "retrieve", "update", "search"}
# First words that make a segment an action even when it ends like a plural noun.
_ACTION_VERBS = frozenset(
    [
        "add",
        "apply",
        "archive",
        "copy",
        "disable",
        "enable",
        "manage",
        "move",
        "restore",
        "start",
        "stop",
        "attach",
        "cancel",
        "create",
        "delete",
        "detach",
        "fund",
        "get",
        "increment",
        "list",
        "mark",
        "present",
        "process",
        "refund",
        "remove",
        "send",
        "set",
        "submit",
        "test",
        "update",
        "verify",
    ]
)


def _plural_noun(segment: str) -> bool:
    parts = [w.lower() for w in words(segment)]
    if not parts or parts[0] in _ACTION_VERBS:
        return False
    last = parts[-1]
    return len(last) > 2 and last.endswith("s") and not last.endswith(("ss", "us", "is"))


def _override_key(p: Placement) -> str:
    op_id = p.entry[3].get("operationId")
    return op_id if isinstance(op_id, str) and op_id else f"{p.entry[1].upper()} {p.entry[0]}"


def _label(p: Placement) -> str:
    op_id = p.entry[3].get("operationId")
    label = f"{p.entry[1].upper()} {p.entry[0]}"
    return f"{label} ({op_id})" if isinstance(op_id, str) and op_id else label


def _first_tag(op: dict[str, Any]) -> str:
    tags = [str(t) for t in op.get("tags") or [] if isinstance(t, (str, int))]
    if not tags:
        return ""
    tag = tags[0]
    for prefix in TAG_PREFIXES:
        if tag.startswith(prefix) and len(tag) > len(prefix):
            tag = tag[len(prefix) :]
    return tag


def decisions(placements: list[Placement]) -> tuple[NameDecision, ...]:
    """One record per resource (first operation that made it) and per method."""
    records: list[NameDecision] = []
    seen_resources: set[tuple[str, ...]] = set()
    for p in placements:
        for n in range(1, len(p.chain) + 1):
            chain = tuple(p.chain[:n])
            if chain in seen_resources:
                continue
            seen_resources.add(chain)
            rule = p.resource_rule if n == len(p.chain) else f"{p.resource_rule} (parent)"
            records.append(NameDecision("resource", ".".join(chain), rule, _label(p)))
        records.append(
            NameDecision(
                "method",
                ".".join([*p.chain, p.method]),
                p.method_rule,
                _label(p),
                resource_rule=p.resource_rule,
            )
        )
    return tuple(records)
