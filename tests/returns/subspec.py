"""A spec cut down to a few operations and the component schemas they reach: real-world shapes
(Stripe's customers) at the cost of a small spec, for the bounded (non-slow) tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from generator.ir.schemas import unescape_pointer_token

_CACHE: dict[Path, dict[str, Any]] = {}


def _load(spec: Path) -> dict[str, Any]:
    if spec not in _CACHE:
        text = spec.read_text(encoding="utf-8")
        loaded = (
            json.loads(text) if spec.suffix == ".json" else yaml.load(text, Loader=yaml.CSafeLoader)
        )
        _CACHE[spec] = loaded
    return _CACHE[spec]


def _refs(node: Any, found: set[tuple[str, str]]) -> None:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/components/"):
            section, _, key = ref[len("#/components/") :].partition("/")
            found.add((section, unescape_pointer_token(key.split("/")[0])))
        for value in node.values():
            _refs(value, found)
    elif isinstance(node, list):
        for value in node:
            _refs(value, found)


def subspec(spec: Path, operations: dict[str, tuple[str, ...]]) -> dict[str, Any]:
    """`spec` with only `operations` (path -> methods) and the components they reach."""
    document = _load(spec)
    paths = {
        path: {
            m: op for m, op in document["paths"][path].items() if m in methods or m == "parameters"
        }
        for path, methods in operations.items()
    }
    components = document.get("components") or {}
    kept: set[tuple[str, str]] = set()
    todo: set[tuple[str, str]] = set()
    _refs(paths, todo)
    while todo:
        item = todo.pop()
        if item in kept:
            continue
        kept.add(item)
        section, key = item
        _refs((components.get(section) or {}).get(key), todo)
    pruned: dict[str, Any] = {}
    for section, values in components.items():
        if section == "securitySchemes":
            pruned[section] = values
        elif isinstance(values, dict):
            chosen = {k: v for k, v in values.items() if (section, k) in kept}
            if chosen:
                pruned[section] = chosen
    out = {k: v for k, v in document.items() if k not in ("paths", "components", "webhooks")}
    out["paths"] = paths
    out["components"] = pruned
    return out
