"""Pagination detection: which list operations page, in which style, and why.

A GET operation whose success response is a list (a bare array, or an object holding one) pages
when its query parameters and response fields show how; the first rule that fits wins:

1. `link` (header): the response declares an RFC 8288 `Link` header (GitHub);
2. `cursor`: the response has `has_more` and the operation takes `starting_after` / `after`
   (Stripe, OpenAI): the next request starts after the last item's `id`;
3. `token`: the response holds a next token (`next_cursor`, `response_metadata.next_cursor`,
   `next_page`, `next_page_token`, ...) that a query parameter (`cursor`, `page`, `page_token`,
   ...) sends back (Slack, Stripe search, OpenAI usage);
4. `offset`: an offset parameter (`offset`, `startIndex`, `skip`, ...) and a page size
   (`limit`, `count`, `per_page`, ...) (Spotify, SCIM);
5. `link` (body): the response holds the next page's URL (`next`, `links.next`,
   `_links.next.href`, `next_page_uri`, `meta.next_page_url`) (Twilio);
6. `page`: an integer page number (`page`, `page_number`, ...) and a page size;
7. `window`: a bare array, an `after` / `before` parameter and items with an `id` (Discord).

Every list operation that does not page gets a note saying why (the coverage report lists it).
`[[tool.apigen.pagination]]` rows force a style (or `none`) and name the fields; a row naming an
unknown operation, or fields the operation lacks, is an error pointing at the config file.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..config import Config, PaginationRule
from ..findings import ApigenError, Location, error
from .model import Operation, Pagination, Parameter, TypeExpr
from .schemas import SchemaRegistry
from .surface import Placement
from .types import ModelRef, Primitive, list_item, model_name, plain, wire_parts

STYLES = ("page", "offset", "cursor", "token", "link", "window", "none")
ITEMS_FIELDS = (
    "data",
    "items",
    "results",
    "records",
    "Resources",
    "entries",
    "values",
    "elements",
    "members",
    "content",
)
TOTAL_FIELDS = (
    "total",
    "total_count",
    "count",
    "totalResults",
    "totalCount",
    "total_results",
    "totalItems",
)
LIMIT_PARAMS = (
    "limit",
    "per_page",
    "perPage",
    "page_size",
    "pageSize",
    "PageSize",
    "size",
    "count",
    "max_results",
    "maxResults",
    "$top",
)
OFFSET_PARAMS = {"offset": 0, "startIndex": 1, "start_index": 1, "start": 0, "skip": 0, "$skip": 0}
PAGE_PARAMS = ("page", "page_number", "pageNumber", "Page")
CURSOR_PARAMS = ("starting_after", "after")
WINDOW_PARAMS = ("after", "before")
# next-token field (its last segment) -> the query parameters that send it back
TOKEN_FIELDS: dict[str, tuple[str, ...]] = {
    "next_cursor": ("cursor", "next_cursor", "after"),
    "nextCursor": ("cursor", "nextCursor"),
    "next_page": ("page", "next_page"),
    "next_page_token": ("page_token", "pageToken", "next_page_token"),
    "nextPageToken": ("pageToken", "page_token"),
    "next_token": ("next_token", "token"),
    "nextToken": ("nextToken", "token"),
    "PageToken": ("PageToken",),
    "next": ("after", "cursor"),  # a cursor named `next` (a URL in `next` is a next link)
}
# Siblings that show an object holding one array is a page of a listing (not any object).
PAGE_SIBLINGS = ("has_more", "meta", "links", "_links", "next", "cursor", *TOTAL_FIELDS)
TOKEN_CONTAINERS = ("", "response_metadata", "meta", "metadata", "pagination", "paging")
NEXT_LINK_FIELDS = (
    "next",
    "next_url",
    "nextLink",
    "next_page_url",
    "next_page_uri",
    "links.next",
    "links.next.href",
    "_links.next.href",
    "meta.next_page_url",
    "meta.next",
    "paging.next",
    "pagination.next",
    "@odata.nextLink",
)
LAST_ID = "the last item's `id`"


class _Shape:
    """The success response of an operation, seen as a list: where the items are and what else."""

    def __init__(self, op: Operation, registry: SchemaRegistry) -> None:
        self.registry = registry
        self.item_type: TypeExpr | None = None
        self.items_field: str | None = None  # "" = a bare array
        self.envelope: dict[str, Any] = {}  # the response object's schema (resolved)
        self.item_schema: dict[str, Any] = {}
        self.model = ""
        success = op.success
        rtype = success.type if success is not None else None
        if rtype is None:
            return
        item = list_item(rtype)
        if item is not None:
            self.items_field = ""
            self.item_type = item
            found = plain(item)
            if isinstance(found, ModelRef) and found.name in registry.schemas:
                self.item_schema = registry.resolve(registry.schemas[found.name])
            return
        self.model = model_name(rtype)
        if not self.model:
            return
        self.envelope = registry.resolve(registry.schemas.get(self.model, {}))
        props = self.properties(self.envelope)
        name = next((f for f in ITEMS_FIELDS if self.is_array(props.get(f))), None)
        if name is None and any(f in props for f in PAGE_SIBLINGS):
            arrays = [k for k, v in props.items() if self.is_array(v)]
            name = arrays[0] if len(arrays) == 1 else None
        if name is not None:
            self.use_items(name)

    def use_items(self, name: str) -> bool:
        """Take the items from `name` (a dotted path; "" = the response itself)."""
        if name == "":
            return self.items_field == ""
        schema = self.at(name)
        if schema is None or not self.is_array(schema):
            return False
        items = self.registry.resolve(schema).get("items") or {}
        self.items_field = name
        self.item_type = self.registry.type_of(items, f"{self.model} Item")
        self.item_schema = self.registry.resolve(items)
        return True

    @property
    def is_list(self) -> bool:
        return self.items_field is not None

    def properties(self, schema: Any) -> dict[str, Any]:
        schema = self.registry.resolve(schema)
        props: dict[str, Any] = {}
        for part in schema.get("allOf") or []:
            if isinstance(part, dict):
                props.update(self.properties(part))
        own = schema.get("properties")
        if isinstance(own, dict):
            props.update(own)
        return props

    def is_array(self, schema: Any) -> bool:
        schema = self.registry.resolve(schema) if isinstance(schema, dict) else {}
        declared = schema.get("type")
        return "array" in (declared if isinstance(declared, list) else [declared])

    def at(self, path: str, root: dict[str, Any] | None = None) -> dict[str, Any] | None:
        """The schema at a dotted path of the response (None when it is not declared)."""
        node: dict[str, Any] = self.envelope if root is None else root
        for part in path.split("."):
            child = self.properties(node).get(part)
            if not isinstance(child, dict):
                return None
            node = self.registry.resolve(child)
        return node

    def has(self, path: str) -> bool:
        return self.at(path) is not None

    def item_has(self, name: str) -> bool:
        """Every item has the property (each variant of a oneOf / anyOf item)."""
        variants = self.item_schema.get("oneOf") or self.item_schema.get("anyOf")
        if isinstance(variants, list) and variants:
            return all(name in self.properties(v) for v in variants if isinstance(v, dict))
        return name in self.properties(self.item_schema)

    def is_string(self, path: str) -> bool:
        schema = self.at(path)
        if schema is None:
            return False
        declared = schema.get("type")
        types = declared if isinstance(declared, list) else [declared]
        return "string" in types or (
            declared is None and not schema.get("properties") and "items" not in schema
        )

    def total(self) -> str:
        return next((f for f in TOTAL_FIELDS if self.has(f)), "")


def _query(op: Operation) -> dict[str, Parameter]:
    return {str(p.wire_name): p for p in op.params_in("query")}


def _is_integer(param: Parameter) -> bool:
    first = wire_parts(param.type)[0]
    return isinstance(first, Primitive) and first.type in ("integer", "number")


def _first(names: Iterable[str], present: dict[str, Parameter]) -> str:
    return next((n for n in names if n in present), "")


def detect(
    op: Operation, registry: SchemaRegistry, config: Config
) -> tuple[Pagination | None, str]:
    """(the operation's pagination or None, why not when it returns a list but does not page)."""
    rule = rule_for(op, config)
    if rule is not None and rule.style == "none":
        return None, f"pagination turned off by [[tool.apigen.pagination]] ({rule.operation})"
    if rule is None and op.http_method != "get":
        return None, ""
    shape = _Shape(op, registry)
    if rule is not None:
        return _from_rule(op, shape, rule, config), ""
    if not shape.is_list:
        return None, ""
    return _detect(op, shape)


def _pager(
    style: Any, shape: _Shape, reason: str, page_param: str = "", limit: str = "", **extra: Any
) -> Pagination:
    assert shape.item_type is not None and shape.items_field is not None
    return Pagination(
        style,
        page_param,
        limit,
        shape.items_field,
        shape.total() if shape.items_field else "",
        shape.item_type,
        reason=reason,
        **extra,
    )


def _detect(op: Operation, shape: _Shape) -> tuple[Pagination | None, str]:
    query = _query(op)
    limit = _first(LIMIT_PARAMS, query)
    has_more = "has_more" if shape.has("has_more") else ""
    link_header = next(
        (h for r in op.responses if r is op.success for h in r.headers if h.lower() == "link"),
        "",
    )
    if link_header:
        return (
            _pager(
                "link",
                shape,
                f"the response declares a `{link_header}` header (RFC 8288 rel=next links)",
                limit=limit,
                link_header=True,
            ),
            "",
        )
    cursor = _first(CURSOR_PARAMS, query)
    if cursor and has_more and (shape.item_has("id") or shape.has("last_id")):
        from_id = shape.item_has("id")
        return (
            _pager(
                "cursor",
                shape,
                f"the response has `has_more` and the operation takes `{cursor}`: the next "
                f"page starts after {LAST_ID if from_id else '`last_id`'}",
                page_param=cursor,
                limit=limit,
                has_more_field=has_more,
                cursor_field="" if from_id else "last_id",
            ),
            "",
        )
    for container in TOKEN_CONTAINERS:
        for name, params in TOKEN_FIELDS.items():
            path = f"{container}.{name}" if container else name
            param = _first(params, query)
            if (
                param
                and shape.is_string(path)
                and not _is_integer(query[param])
                and (shape.at(path) or {}).get("format") not in ("uri", "url")
            ):
                return (
                    _pager(
                        "token",
                        shape,
                        f"the response holds a next token at `{path}` that `{param}` sends back",
                        page_param=param,
                        limit=limit,
                        cursor_field=path,
                        has_more_field=has_more,
                    ),
                    "",
                )
    offset = _first(OFFSET_PARAMS, query)
    if offset and limit:
        start = OFFSET_PARAMS[offset]
        return (
            _pager(
                "offset",
                shape,
                f"the operation takes `{offset}` and `{limit}`",
                page_param=offset,
                limit=limit,
                start=start or None,
                has_more_field=has_more,
            ),
            "",
        )
    next_link = next((f for f in NEXT_LINK_FIELDS if shape.is_string(f)), "")
    if next_link and shape.items_field:
        return (
            _pager(
                "link",
                shape,
                f"the response holds the next page's URL at `{next_link}`",
                limit=limit,
                next_field=next_link,
            ),
            "",
        )
    page = _first(PAGE_PARAMS, query)
    if page and limit and _is_integer(query[page]):
        return (
            _pager(
                "page",
                shape,
                f"the operation takes the page number `{page}` and the page size `{limit}`",
                page_param=page,
                limit=limit,
                has_more_field=has_more,
            ),
            "",
        )
    window = _first(WINDOW_PARAMS, query)
    if window and shape.items_field == "" and shape.item_has("id"):
        return (
            _pager(
                "window",
                shape,
                f"a bare list whose `{window}` takes the last item's `id`",
                page_param=window,
                limit=limit,
            ),
            "",
        )
    return None, _why_not(query, shape, page, limit)


def _why_not(query: dict[str, Parameter], shape: _Shape, page: str, limit: str) -> str:
    if page and not _is_integer(query[page]):
        return (
            f"returns a list, but `{page}` is not a page number and the response holds no "
            "next-page token for it"
        )
    if not query:
        return "returns a list but takes no query parameters: the spec shows no pagination"
    names = ", ".join(f"`{n}`" for n in sorted(query))
    return (
        f"returns a list, but none of its query parameters ({names}) pages it and the "
        "response holds no cursor or next link"
    )


# ---- [[tool.apigen.pagination]] ---------------------------------------------------------------
def rule_for(op: Operation, config: Config) -> PaginationRule | None:
    return next((r for r in config.pagination if _names(r, op)), None)


def _names(rule: PaginationRule, op: Operation) -> bool:
    """The row is for `op`: resolved to its method and path (resolve_rules), or, in a config that
    was not resolved, naming its operationId."""
    if rule.resolved:
        return rule.resolved == (op.http_method, str(op.path))
    return rule.operation == op.operation_id


_METHOD_PATH = re.compile(r"([A-Za-z]+)\s+(/\S*)")


def resolve_rules(config: Config, placements: Sequence[Placement]) -> Config:
    """Each `[[tool.apigen.pagination]]` row bound to the one operation it names: by operationId,
    by `"METHOD /path"`, by accessor (`customers.list`, `client.accounts.capabilities.list`) or,
    as older configs wrote it, by a method name that one operation alone has. A row naming no
    operation, or a bare method name several share (`list`), is a located error (exit 2)."""
    if not config.pagination:
        return config
    by_id: dict[str, tuple[str, str]] = {}
    by_route: dict[tuple[str, str], tuple[str, str]] = {}
    by_accessor: dict[str, tuple[str, str]] = {}
    by_method: dict[str, list[tuple[str, str]]] = {}
    labels: dict[tuple[str, str], str] = {}
    for p in placements:
        path, method, _item, op = p.entry
        key = (method, path)
        op_id = op.get("operationId")
        if isinstance(op_id, str):
            by_id.setdefault(op_id, key)
        by_route.setdefault(key, key)
        accessor = ".".join((*p.chain, p.method))
        by_accessor.setdefault(accessor, key)
        by_method.setdefault(str(p.method), []).append(key)
        labels[key] = f"{accessor} ({method.upper()} {path})"
    rules = []
    for rule in config.pagination:
        name = rule.operation.strip()
        route = _METHOD_PATH.fullmatch(name)
        target = (
            by_id.get(name)
            or (by_route.get((route.group(1).lower(), route.group(2))) if route else None)
            or by_accessor.get(name.removeprefix("client."))
        )
        if target is None:
            shared = by_method.get(name, [])
            if len(shared) > 1:
                raise _config_error(
                    config,
                    rule,
                    f"{len(shared)} operations have the method name {name!r}: "
                    + ", ".join(labels[k] for k in sorted(shared)[:4])
                    + (", ..." if len(shared) > 4 else ""),
                    'name one by operationId, "METHOD /path" or accessor (`'
                    + labels[sorted(shared)[0]].split(" ")[0]
                    + "`)",
                )
            target = shared[0] if shared else None
        if target is None:
            raise _config_error(
                config,
                rule,
                'no operation has this operationId, "METHOD /path" or accessor',
                'name an operation by operationId, "METHOD /path" ("GET /v1/customers") or'
                " accessor (customers.list); `apigen generate --report` lists the accessors",
            )
        rules.append(replace(rule, resolved=target))
    return replace(config, pagination=tuple(rules))


def rule_location(config: Config, operation: str) -> Location:
    """Where a `[[tool.apigen.pagination]]` row is: the line naming its operation."""
    source = config.config_file or "pyproject.toml"
    try:
        lines = Path(source).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return Location(source)
    pattern = re.compile(r"^\s*operation\s*=\s*[\"']" + re.escape(operation) + r"[\"']")
    in_table = False
    for number, line in enumerate(lines, 1):
        stripped = line.strip()
        if stripped.startswith("["):
            in_table = stripped.replace(" ", "") == "[[tool.apigen.pagination]]"
        elif in_table and pattern.match(line):
            return Location(source, number, line.index("operation") + 1)
    return Location(source)


def _config_error(config: Config, rule: PaginationRule, message: str, hint: str) -> ApigenError:
    return ApigenError(
        error(
            "config-invalid",
            f"[[tool.apigen.pagination]] {rule.operation!r}: {message}",
            location=rule_location(config, rule.operation),
            hint=hint,
        )
    )


def check_rules(config: Config, operations: Sequence[Operation]) -> None:
    """Every row names a generated operation and a known style (else an ApigenError, exit 2)."""
    for rule in config.pagination:
        if rule.style not in STYLES:
            raise _config_error(
                config, rule, f"unknown style {rule.style!r}", f"use one of {', '.join(STYLES)}"
            )
        if not any(_names(rule, op) for op in operations):
            raise _config_error(
                config,
                rule,
                'no generated operation has this operationId, "METHOD /path" or accessor',
                'name an operation by operationId, "METHOD /path" or accessor (customers.list)',
            )


def _from_rule(
    op: Operation, shape: _Shape, rule: PaginationRule, config: Config
) -> Pagination | None:
    style = rule.style
    if style not in STYLES:
        raise _config_error(
            config, rule, f"unknown style {style!r}", f"use one of {', '.join(STYLES)}"
        )
    query = _query(op)
    if rule.start not in (None, 0, 1):
        raise _config_error(config, rule, f"start {rule.start!r} is not 0 or 1", "use 0 or 1")

    def fail(message: str, hint: str) -> ApigenError:
        return _config_error(config, rule, message, hint)

    if rule.items and not shape.use_items("" if rule.items == "." else rule.items):
        raise fail(
            f"the response has no list at `{rule.items}`",
            'set items to the response field holding the items ("." for a bare list)',
        )
    if not shape.is_list or shape.item_type is None:
        raise fail(
            "the success response holds no list the pager could iterate",
            'set items = "<field>" to the response field holding the items',
        )

    def param(given: str, candidates: Iterable[str], what: str) -> str:
        name = given or _first(candidates, query)
        if not name or name not in query:
            known = ", ".join(sorted(query)) or "none"
            raise fail(
                f"style {style!r} needs {what} query parameter, and "
                + (f"the operation has no `{given}`" if given else "none was found")
                + f" (its query parameters: {known})",
                (
                    'set param = "..." to one of the operation\'s query parameters'
                    if what != "a page-size"
                    else 'set limit_param = "..." to one of its query parameters'
                ),
            )
        return name

    def field(given: str, what: str) -> str:
        if given and not shape.has(given):
            raise fail(
                f"the response has no `{given}` ({what})",
                "name a property of the success response (dotted for nested ones)",
            )
        return given

    limit = (
        param(rule.limit_param, (), "a page-size")
        if rule.limit_param
        else _first(LIMIT_PARAMS, query)
    )
    has_more = field(rule.has_more, "has_more") or ("has_more" if shape.has("has_more") else "")
    total = field(rule.total, "total") or (shape.total() if shape.items_field else "")
    reason = f"[[tool.apigen.pagination]] style {style!r}"
    common: dict[str, Any] = dict(has_more_field=has_more, id_field=rule.id_field or "id")
    if style == "page":
        page = param(rule.param, PAGE_PARAMS, "a page-number")
        return Pagination(
            "page",
            page,
            limit,
            shape.items_field or "",
            total,
            shape.item_type,
            start=rule.start,
            reason=reason,
            **common,
        )
    if style == "offset":
        offset = param(rule.param, OFFSET_PARAMS, "an offset")
        start = rule.start if rule.start is not None else (OFFSET_PARAMS.get(offset) or None)
        return Pagination(
            "offset",
            offset,
            limit,
            shape.items_field or "",
            total,
            shape.item_type,
            start=start,
            reason=reason,
            **common,
        )
    if style in ("cursor", "window"):
        cursor = param(
            rule.param, CURSOR_PARAMS if style == "cursor" else WINDOW_PARAMS, "a cursor"
        )
        cursor_field = field(rule.cursor, "cursor")
        return Pagination(style, cursor, limit, shape.items_field or "", total, shape.item_type, cursor_field=cursor_field, reason=reason, **common)  # type: ignore[arg-type]
    if style == "token":
        token_field = field(rule.cursor, "cursor") or next(
            (
                f"{c}.{n}" if c else n
                for c in TOKEN_CONTAINERS
                for n in TOKEN_FIELDS
                if shape.has(f"{c}.{n}" if c else n)
            ),
            "",
        )
        if not token_field:
            raise fail(
                "style 'token' needs the response field holding the next token, and none was found",
                'set cursor = "<field>" (dotted for nested ones)',
            )
        token = param(rule.param, TOKEN_FIELDS.get(token_field.split(".")[-1], ()), "a token")
        return Pagination(
            "token",
            token,
            limit,
            shape.items_field or "",
            total,
            shape.item_type,
            cursor_field=token_field,
            reason=reason,
            **common,
        )
    # link
    next_field = field(rule.next, "next link")
    if not next_field and not rule.link_header:
        next_field = next((f for f in NEXT_LINK_FIELDS if shape.is_string(f)), "")
        if not next_field:
            raise fail(
                "style 'link' needs the response field holding the next URL, and none was found",
                'set next = "<field>" or link_header = true',
            )
    return Pagination(
        "link",
        "",
        limit,
        shape.items_field or "",
        total,
        shape.item_type,
        next_field=next_field,
        link_header=rule.link_header,
        reason=reason,
        **common,
    )
