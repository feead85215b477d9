"""JSON pointers (RFC 6901): the one address format every stage uses for a node in the document."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

Part = str | int


def escape(part: Part) -> str:
    return str(part).replace("~", "~0").replace("/", "~1")


def unescape(text: str) -> str:
    # Order matters: "~01" must become "~1", not "/".
    return text.replace("~1", "/").replace("~0", "~")


def join(parts: Iterable[Part]) -> str:
    return "".join("/" + escape(part) for part in parts)


def split(pointer: str) -> list[str]:
    """ "/a/b~1c" -> ["a", "b/c"]; "" (the root) -> []."""
    if not pointer:
        return []
    if not pointer.startswith("/"):
        raise ValueError(f"JSON pointer must start with '/': {pointer!r}")
    return [unescape(part) for part in pointer[1:].split("/")]


def child(pointer: str, part: Part) -> str:
    return f"{pointer}/{escape(part)}"


def parent(pointer: str) -> str:
    return pointer[: pointer.rfind("/")] if pointer else ""


def step(node: Any, part: str) -> Any:
    """One pointer step into a mapping or list; raises LookupError when there is no such child."""
    if isinstance(node, dict):
        return node[part]
    if isinstance(node, list):
        # RFC 6901: array indexes are plain decimal numbers without leading zeros.
        if not part.isdigit() or (len(part) > 1 and part[0] == "0"):
            raise KeyError(part)
        return node[int(part)]
    raise KeyError(part)


def resolve(document: Any, parts: Sequence[str]) -> Any:
    """The node at `parts`; raises LookupError when the path does not exist."""
    node = document
    for part in parts:
        node = step(node, part)
    return node
