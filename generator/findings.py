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


class Effect(enum.Enum):
    """What a finding of the spec can change in the generated code (issue 17).

    The effect decides the default severity of a spec-validity finding: one that cannot change a
    byte of the generated code is a warning; one that can is an error, unless apigen has a safe,
    honest fallback for it (an invalid default is dropped, an invalid constraint ignored), which it
    then applies and records in the coverage report. `--strict` makes all of them errors.
    """

    NONE = "none"  # cannot change the generated code (examples, descriptions, unread keywords)
    DEGRADED = "degraded"  # changes it; apigen applies `Finding.fallback` instead of refusing
    CODE = "code"  # changes it and has no safe fallback

    def __str__(self) -> str:
        return self.value


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
    effect: Effect | None = None  # set on findings about the spec (see Effect); None for the rest
    fallback: str = (
        ""  # with Effect.DEGRADED: what apigen generates instead ("the default is dropped")
    )
    drop: str = ""  # with Effect.DEGRADED: pointer of the key removed from the document to do so

    def format(self) -> str:
        where = str(self.location) if self.location else "<input>"
        text = f"{where}: {self.severity}: {self.message}"
        if self.pointer:
            text += f" [at {self.pointer}]"
        if self.hint:
            text += f" (hint: {self.hint})"
        return f"{text} [{self.code}{self.effect_note()}]"

    def effect_note(self) -> str:
        if self.effect is Effect.NONE:
            return "; cannot change the generated code"
        if self.effect is Effect.DEGRADED:
            if self.severity is Severity.ERROR:
                return f"; changes the generated code (without --strict: {self.fallback})"
            if not self.drop:
                return "; taken as written, as configured"
            return f"; degraded: {self.fallback}"
        if self.effect is Effect.CODE:
            return "; changes the generated code"
        return ""

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
