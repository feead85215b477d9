"""Resources: operations grouped by where they live on the client (`client.beta.threads`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .model import Identifier, Operation, Resource, SpecText
from .naming import (
    CLIENT_ATTRIBUTE_NAMES,
    CLIENT_INIT_NAMES,
    RESOURCE_SCOPE_NAMES,
    module_name,
    pascal,
    unique,
)
from .surface import Placement


def resources(
    placements: list[Placement],
    document: dict[str, Any],
    build: Callable[[Placement], Operation],
) -> list[Resource]:
    """Resources in order of first appearance, each chain's parents made where no operation
    sits directly on them (`beta` of `beta.threads`); `build` makes each placed operation."""
    grouped: dict[tuple[Identifier, ...], list[Placement]] = {}
    for p in placements:
        for n in range(1, len(p.chain)):
            grouped.setdefault(p.chain[:n], [])
        grouped.setdefault(p.chain, []).append(p)
    tag_descriptions = {
        str(t.get("name")): str(t.get("description", ""))
        for t in document.get("tags") or []
        if isinstance(t, dict)
    }
    taken: set[str] = set(CLIENT_ATTRIBUTE_NAMES | CLIENT_INIT_NAMES)
    taken_modules: set[str] = set()
    names: dict[tuple[Identifier, ...], Identifier] = {}
    attributes: dict[tuple[Identifier, ...], Identifier] = {}
    for chain in grouped:
        if len(chain) == 1:
            names[chain] = attributes[chain] = unique(chain[0], taken)
    for chain in grouped:
        if len(chain) > 1:
            names[chain] = unique("_".join(chain), taken)
            attributes[chain] = (
                chain[-1] if chain[-1] not in RESOURCE_SCOPE_NAMES else Identifier(f"{chain[-1]}_")
            )
    result = []
    for chain, members in grouped.items():
        name = names[chain]
        tag = members[0].tag if members else ""
        operations = tuple(build(p) for p in members)
        result.append(
            Resource(
                name=name,
                class_name=pascal(f"{name} Resource"),
                module=module_name(name, taken_modules),
                tag=SpecText(tag),
                description=SpecText(tag_descriptions.get(tag, "")),
                operations=operations,
                attribute=attributes[chain] if len(chain) > 1 else Identifier(""),
                parent=names[chain[:-1]] if len(chain) > 1 else Identifier(""),
                accessor=(
                    ".".join(attributes[chain[:n]] for n in range(1, len(chain) + 1))
                    if len(chain) > 1
                    else ""
                ),
                children=tuple(
                    names[c] for c in grouped if len(c) == len(chain) + 1 and c[:-1] == chain
                ),
            )
        )
    return result
