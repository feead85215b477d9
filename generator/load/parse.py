"""Bytes of one spec file -> JSON-compatible data, or a ParseFailure with the parser's line and column."""

from __future__ import annotations

import json
from typing import Any

import yaml

from .yaml_dialect import SpecLoader

# YAML aliases share one object, so a "billion laughs" file is small in memory but explodes when
# walked. Real specs stay far below this many nodes once aliases are expanded.
MAX_EXPANDED_NODES = 5_000_000


class ParseFailure(Exception):
    def __init__(
        self, code: str, message: str, line: int = 0, col: int = 0, hint: str = ""
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.line = line  # 1-based, 0 when unknown
        self.col = col
        self.hint = hint


def parse_document(data: bytes, *, is_json: bool) -> Any:
    text = _decode(data)
    if is_json or text.lstrip().startswith("{"):
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            if is_json:
                raise ParseFailure(
                    "syntax-invalid", f"JSON syntax error: {exc.msg}", exc.lineno, exc.colno
                ) from None
            # Not JSON after all: a YAML flow mapping also starts with "{".
        except RecursionError:
            raise ParseFailure(
                "document-too-deep", "the document is nested too deeply to read"
            ) from None
    return _load_yaml(text)


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")  # tolerate a UTF-8 byte order mark
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        raise ParseFailure(
            "encoding-invalid",
            f"not UTF-8: byte 0x{data[exc.start]:02x} cannot be decoded",
            line,
            col,
            hint="save the file as UTF-8",
        ) from None


def _load_yaml(text: str) -> Any:
    try:
        document = yaml.load(text, Loader=SpecLoader)  # SpecLoader is a SafeLoader
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or "invalid YAML"
        message = f"YAML syntax error: {problem}" + (f" ({exc.context})" if exc.context else "")
        raise ParseFailure(
            "syntax-invalid",
            message,
            (mark.line + 1) if mark else 0,
            (mark.column + 1) if mark else 0,
        ) from None
    except yaml.YAMLError as exc:
        raise ParseFailure("syntax-invalid", f"YAML error: {exc}") from None
    except RecursionError:
        raise ParseFailure(
            "document-too-deep", "the document is nested too deeply to read"
        ) from None
    if "&" in text and "*" in text:  # aliases need an anchor; skip the walk when there can be none
        _check_alias_expansion(document)
    return document


def _check_alias_expansion(document: Any) -> None:
    """Refuse documents whose aliases expand past MAX_EXPANDED_NODES (counted once per shared object)."""
    sizes: dict[int, int] = {}
    in_progress: set[int] = set()
    # Iterative post-order walk: memoise the expanded size of each container by identity.
    stack: list[tuple[Any, bool]] = [(document, False)]
    while stack:
        node, children_done = stack.pop()
        if not isinstance(node, (dict, list)) or (id(node) in sizes and not children_done):
            continue
        children = list(node.values()) if isinstance(node, dict) else node
        if not children_done:
            if id(node) in in_progress:
                raise ParseFailure(
                    "document-invalid", "a YAML alias refers to a node that contains it (a cycle)"
                )
            in_progress.add(id(node))
            stack.append((node, True))
            stack.extend(
                (item, False)
                for item in children
                if isinstance(item, (dict, list)) and id(item) not in sizes
            )
            continue
        in_progress.discard(id(node))
        total = 1 + sum(sizes.get(id(item), 1) for item in children)
        if total > MAX_EXPANDED_NODES:
            raise ParseFailure(
                "document-too-large",
                f"YAML aliases expand to more than {MAX_EXPANDED_NODES:,} nodes",
                hint="a spec does not need alias bombs; write the shared parts once and $ref them",
            )
        sizes[id(node)] = total
