"""What every step of building the IR reads, and the two records the steps add to."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..config import Config
from ..findings import Findings, Location, warning
from ..load.pointer import unescape
from .model import Skipped, SpecText, Typing
from .refs import Deref
from .schemas import SchemaRegistry

Locate = Callable[[str], Location]


@dataclass
class Context:
    """The document's schemas (`registry`, which lifts inline schemas to models in the order the
    steps ask for them), the configuration, where to report findings, and what the steps record:
    `skipped` (what could not be rendered, for the coverage report) and `typing` (which request
    bodies and responses got a type)."""

    registry: SchemaRegistry
    config: Config
    deref: Deref
    locate: Locate
    findings: Findings
    skipped: list[Skipped] = field(default_factory=list)
    typing: list[Typing] = field(default_factory=list)

    def skip(self, kind: Any, pointer: str, reason: str) -> None:
        """Record something left out, with a located warning."""
        self.skipped.append(Skipped(kind, pointer, reason))
        self.findings.add(
            warning("skipped", reason, location=self.locate(pointer), pointer=pointer)
        )


def text(value: Any) -> SpecText:
    """A description, summary or title: the spec's string, or "" for anything else."""
    return SpecText(value if isinstance(value, str) else "")


def label(op: dict[str, Any], pointer: str) -> str:
    """`GET /bookings` from an operation's pointer (`/paths/~1bookings/get`)."""
    parts = pointer.split("/")
    if len(parts) >= 4 and parts[1] == "paths":
        return f"{parts[3].upper()} {unescape(parts[2])}"
    return str(op.get("operationId") or pointer)
