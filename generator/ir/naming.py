"""Naming: every Python identifier apigen prints is made here, from spec strings, and is safe.

Rules: ASCII only (spec names are NFKC-normalised, then anything outside [A-Za-z0-9_] becomes a word
break), never a keyword or soft keyword, never starting with a digit, and collisions resolved
deterministically by the caller through `unique()`.
"""

from __future__ import annotations

import keyword
import re
import unicodedata
from typing import Iterable

from .model import Identifier

_WORD_RE = re.compile(r"[A-Z]+(?=[A-Z][a-z0-9])|[A-Z]?[a-z]+|[A-Z]+|[0-9]+")

# Names a generated module already uses for itself; a spec-derived name must not shadow them.
RESERVED_METHOD_NAMES = frozenset(
    {"with_raw_response", "with_options", "close", "request", "poll_status_url"}
)
# Per-call option keyword arguments every generated method takes.
CALL_OPTION_NAMES = frozenset(
    {"extra_headers", "extra_query", "extra_body", "timeout", "max_retries", "idempotency_key"}
)
# Names a generated method body uses; spec parameters get a suffix instead.
METHOD_LOCAL_NAMES = frozenset({"self", "models", "omit", "Omit", "NOT_GIVEN", "NotGiven", "Any"})


def words(text: str) -> list[str]:
    """Split any spec string into ASCII words: 'getHTTPResponse-v2' -> ['get', 'HTTP', 'Response', 'v', '2']."""
    normalized = unicodedata.normalize("NFKC", text)
    ascii_text = normalized.encode("ascii", "ignore").decode("ascii")
    return _WORD_RE.findall(ascii_text)


def _guard(name: str, fallback: str) -> str:
    if not name:
        name = fallback
    if name[0].isdigit():
        name = f"{fallback}_{name}" if fallback[-1] != "_" else fallback + name
    if keyword.iskeyword(name) or keyword.issoftkeyword(name):
        name += "_"
    return name


def snake(text: str, fallback: str = "value") -> Identifier:
    name = "_".join(w.lower() for w in words(text))
    name = _guard(name, fallback)
    assert name.isidentifier(), name
    return Identifier(name)


def pascal(text: str, fallback: str = "Model") -> Identifier:
    parts = words(text)
    name = "".join(w if w.isupper() and len(w) > 1 else w[:1].upper() + w[1:] for w in parts)
    name = _guard(name, fallback)
    assert name.isidentifier(), name
    return Identifier(name)


def unique(name: str, taken: set[str], *, sep: str = "_") -> Identifier:
    """`name`, or `name_2`, `name_3`, ... : the first one not in `taken` (which is updated)."""
    candidate = name
    n = 2
    while candidate in taken:
        candidate = f"{name}{sep}{n}"
        n += 1
    taken.add(candidate)
    return Identifier(candidate)


def strip_prefix_words(name_words: list[str], prefix_words: Iterable[str]) -> list[str]:
    """Drop a leading run of words equal (case-insensitively) to the prefix: chargers_update -> update."""
    prefix = [w.lower() for w in prefix_words]
    lowered = [w.lower() for w in name_words]
    if prefix and lowered[: len(prefix)] == prefix and len(name_words) > len(prefix):
        return name_words[len(prefix) :]
    return name_words
