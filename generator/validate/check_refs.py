"""Local $refs: each must point at something, and no chain of refs may come back to itself.

The loader refuses dangling refs, except in schema positions: those are reported here, where they
are graded (issue 17: by default the schema is generated as Any, the ref dropped). This check also
covers documents built or changed after loading (a converted Swagger 2.0 document). A cycle
(`body: {$ref: body}`) never reaches a real object, and would make any tool that follows refs loop.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

from ..findings import Effect, Finding, error
from ..load import LoadedSpec
from ..load import pointer as jp
from ..load.bundle import dangling_hint
from ..load.structure import REFERABLE, Kind, grammar_for
from .nodes import is_ref, iter_objects


def check_refs(spec: LoadedSpec) -> Iterator[Finding]:
    document = spec.document
    grammar = grammar_for(document)
    in_cycle: set[str] = set()
    for node in iter_objects(document, grammar):
        if not is_ref(node.value) or node.kind not in REFERABLE:
            continue
        ref = str(node.value["$ref"])
        where = jp.child(node.pointer, "$ref")
        if not ref.startswith("#/") and ref != "#":
            continue  # anchors and (already bundled) other documents are not ours to check
        try:
            jp.resolve(document, jp.split(ref[1:]))
        except (LookupError, ValueError):
            finding = error(
                "ref-dangling",
                f"$ref {ref!r} points at nothing",
                location=spec.locate(where),
                pointer=where,
                hint=_hint(document, ref),
            )
            if node.kind is Kind.SCHEMA:  # a schema that is nothing known is safely Any
                finding = dataclasses.replace(
                    finding, effect=Effect.DEGRADED, fallback=DANGLING_SCHEMA, drop=where
                )
            yield finding
            continue
        if node.pointer in in_cycle:
            continue  # reported from the first member of its cycle
        cycle = _cycle_from(document, node.pointer, ref[1:])
        if cycle:
            in_cycle.update(cycle)
            shown = " -> ".join([*cycle, cycle[0]])
            yield error(
                "ref-cycle",
                f"$ref cycle: {shown}",
                location=spec.locate(where),
                pointer=where,
                hint=f"a {node.kind.value} cannot be only a reference to itself; point the $ref at a definition",
            )


DANGLING_SCHEMA = "the $ref is dropped: the schema is Any"


def _hint(document: object, ref: str) -> str:
    try:
        parts = tuple(jp.split(ref[1:]))
    except ValueError:
        return "define the target or fix the path after '#'"
    return dangling_hint(document, parts)


def _cycle_from(document: object, start: str, pointer: str) -> list[str]:
    """The pointers of the chain of ref-only objects from `start`, if it comes back to `start`."""
    chain = [start]
    while pointer != start:
        if pointer in chain:
            return []  # a cycle further along: reported from one of its own members
        chain.append(pointer)
        try:
            value = jp.resolve(document, jp.split(pointer))
        except (LookupError, ValueError):
            return []
        if not is_ref(value):
            return []
        ref = str(value["$ref"])
        if not ref.startswith("#"):
            return []
        pointer = ref[1:]
    return chain
