"""Findings: every problem apigen reports, collected with a severity, never thrown one at a time.

A finding points at the spec (file:line:col, resolved through the loader's source map) and
carries a one-line hint. Stages append findings to a `Findings` list; only the CLI prints them.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field


class Severity(enum.IntEnum):
    INFO = 0
    WARNING = 1
    ERROR = 2

    def __str__(self) -> str:
        return self.name.lower()


@dataclass(frozen=True, order=True)
class Location:
    file: str
    line: int = 0  # 1-based; 0 when unknown
    col: int = 0  # 1-based; 0 when unknown

    def __str__(self) -> str:
        if self.line:
            return f"{self.file}:{self.line}:{self.col or 1}"
        return self.file


@dataclass(frozen=True)
class Finding:
    severity: Severity
    code: str  # stable id, e.g. "schema-invalid", "ref-dangling"; config can override by code
    message: str
    location: Location | None = None
    pointer: str = ""  # JSON pointer into the document, "" for the root
    hint: str = ""

    def format(self) -> str:
        where = str(self.location) if self.location else "<input>"
        text = f"{where}: {self.severity}: {self.message}"
        if self.pointer:
            text += f" [at {self.pointer}]"
        if self.hint:
            text += f" (hint: {self.hint})"
        return f"{text} [{self.code}]"

    def sort_key(self) -> tuple[object, ...]:
        loc = self.location or Location("")
        return (loc.file, loc.line, loc.col, self.code, self.message)


@dataclass
class Findings:
    items: list[Finding] = field(default_factory=list)

    def add(self, finding: Finding) -> None:
        self.items.append(finding)

    def extend(self, findings: Iterable[Finding]) -> None:
        self.items.extend(findings)

    def __iter__(self) -> Iterator[Finding]:
        return iter(sorted(self.items, key=Finding.sort_key))

    def __len__(self) -> int:
        return len(self.items)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self if f.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self if f.severity is Severity.WARNING]

    @property
    def has_errors(self) -> bool:
        return any(f.severity is Severity.ERROR for f in self.items)


class ApigenError(Exception):
    """Bad input or usage: the CLI prints the findings and exits 2. Never a traceback."""

    def __init__(self, findings: Findings | Iterable[Finding] | Finding):
        if isinstance(findings, Finding):
            findings = [findings]
        self.findings = findings if isinstance(findings, Findings) else Findings(list(findings))
        super().__init__("\n".join(f.format() for f in self.findings))


def error(
    code: str, message: str, *, location: Location | None = None, pointer: str = "", hint: str = ""
) -> Finding:
    return Finding(Severity.ERROR, code, message, location, pointer, hint)


def warning(
    code: str, message: str, *, location: Location | None = None, pointer: str = "", hint: str = ""
) -> Finding:
    return Finding(Severity.WARNING, code, message, location, pointer, hint)
