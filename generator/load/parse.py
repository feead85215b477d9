"""Bytes of one spec file -> JSON-compatible data, or a ParseFailure with the parser's line and column."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from typing import Any

import yaml

from ..recursion import recursion_limit_at_most, stack_depth
from .yaml_dialect import MAX_NESTING, SpecLoader

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
            return _load_json(text)
        except json.JSONDecodeError as exc:
            if is_json:
                raise ParseFailure(
                    "syntax-invalid", f"JSON syntax error: {exc.msg}", exc.lineno, exc.colno
                ) from None
            # Not JSON after all: a YAML flow mapping also starts with "{".
        except _NotData as exc:
            raise ParseFailure(
                "document-invalid", exc.message, *_json_position(text, exc.where)
            ) from None
        except ValueError as exc:  # an integer too long to convert
            raise ParseFailure(
                "document-invalid",
                f"a number cannot be read: {str(exc).split(';')[0][:120]}",
                *_json_position(text, _long_integer),
            ) from None
        except RecursionError:
            raise ParseFailure(
                "document-too-deep",
                f"the document nests deeper than {MAX_NESTING} levels here",
                *_json_position(text, _too_deep()),
            ) from None
    return _load_yaml(text)


class _NotData(Exception):
    """JSON that is not plain JSON data; `where` picks the token to point at (see _json_position)."""

    def __init__(self, message: str, where: Callable[[str], bool]) -> None:
        super().__init__(message)
        self.message = message
        self.where = where


def _constant(name: str) -> Any:
    raise _NotData(
        f"{name} is not a JSON number (NaN and infinities are not data an OpenAPI document can hold)",
        lambda token: token == name,
    )


def _float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _NotData(f"{text[:40]} is too large for a JSON number", lambda token: token == text)
    return value


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) < len(pairs):
        seen: set[str] = set()
        key = next(k for k, _ in pairs if k in seen or seen.add(k))  # type: ignore[func-returns-value]
        raise _NotData(
            f"duplicate key {key[:80]!r} in an object (tools disagree about which value wins)",
            lambda token: False,  # located by the YAML reading below
        )
    return result


def _load_json(text: str) -> Any:
    # The C decoder counts its nesting against the recursion limit: lowered for the call, deeper
    # JSON raises RecursionError at MAX_NESTING levels, with no walk over the document.
    with recursion_limit_at_most(stack_depth() + MAX_NESTING + 10):
        try:
            return json.loads(
                text, parse_constant=_constant, parse_float=_float, object_pairs_hook=_object
            )
        except _NotData as exc:
            if "duplicate key" in exc.message:
                try:  # JSON is YAML: its reader points at the duplicate
                    yaml.load(text, Loader=SpecLoader)
                except yaml.MarkedYAMLError as marked:
                    mark = marked.problem_mark or marked.context_mark
                    if mark is not None:
                        raise ParseFailure(
                            "document-invalid", exc.message, mark.line + 1, mark.column + 1
                        ) from None
                except (yaml.YAMLError, RecursionError):
                    pass
            raise


_JSON_TOKEN = re.compile(
    r'"(?:[^"\\]|\\.)*"|[\[\]{}]|-?Infinity|NaN|-?[0-9]+(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?'
)


def _long_integer(token: str) -> bool:
    return len(token) > 4000 and token.lstrip("-").isdigit()


def _too_deep() -> Callable[[str], bool]:
    depth = 0

    def deeper(token: str) -> bool:
        nonlocal depth
        if token in ("[", "{"):
            depth += 1
        elif token in ("]", "}"):
            depth -= 1
        return depth > MAX_NESTING

    return deeper


def _json_position(text: str, where: Callable[[str], bool]) -> tuple[int, int]:
    """(line, col) of the first JSON token outside strings that `where` accepts; (0, 0) if none."""
    for match in _JSON_TOKEN.finditer(text):
        if where(match.group()):
            offset = match.start()
            line = text.count("\n", 0, offset)
            return line + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1
    return 0, 0


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
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow: point at it
        character = exc.character if isinstance(exc.character, str) else chr(exc.character)
        offset = text.find(character)
        line = text.count("\n", 0, offset) + 1 if offset >= 0 else 0
        col = offset - (text.rfind("\n", 0, offset) + 1) + 1 if offset >= 0 else 0
        raise ParseFailure(
            "syntax-invalid",
            f"YAML error: character U+{ord(character):04X} is not allowed in YAML ({exc.reason})",
            line,
            col,
            hint="remove the control character",
        ) from None
    except yaml.YAMLError as exc:
        raise ParseFailure("syntax-invalid", f"YAML error: {exc}", 1, 1) from None
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
