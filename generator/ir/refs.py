"""Component references (`#/components/parameters/...`) resolved to the node and its pointer."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..load.pointer import escape, unescape

# (node, section) -> (the node a component $ref leads to, or the node itself; its pointer or "").
Deref = Callable[[Any, str], tuple[Any, str]]


def component_resolver(document: dict[str, Any]) -> Deref:
    """`deref(node, "responses")`: follows `$ref`s into `components/responses` (up to 20 hops);
    a $ref elsewhere, or a cycle, resolves to `{}`. The pointer is that of the last component
    reached ("" when `node` was not a reference)."""
    components = document.get("components") or {}

    def deref(node: Any, section: str) -> tuple[Any, str]:
        pointer = ""
        for _ in range(20):
            if not isinstance(node, dict) or "$ref" not in node:
                return node, pointer
            ref = node["$ref"]
            prefix = f"#/components/{section}/"
            if not isinstance(ref, str) or not ref.startswith(prefix):
                return {}, pointer
            key = unescape(ref[len(prefix) :])
            pointer = f"/components/{section}/{escape(key)}"
            node = (components.get(section) or {}).get(key, {})
        return {}, pointer

    return deref
