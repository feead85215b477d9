"""Naming: every Python identifier apigen prints is made here, from spec strings, and is safe.

Rules: ASCII only (spec names are NFKC-normalised, then anything outside [A-Za-z0-9_] becomes a word
break), never a keyword or soft keyword, never starting with a digit, and collisions resolved
deterministically by the caller through `unique()`.

The keyword lists are fixed here, not read from the running interpreter: Python 3.12 made `type` a
soft keyword, and output must not depend on which Python runs apigen.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable

from .model import Identifier

# Python 3.11's lists (3.12 and 3.13 add no hard keyword; `type` is left usable, as in 3.11).
KEYWORDS = frozenset(
    {
        "False",
        "None",
        "True",
        "and",
        "as",
        "assert",
        "async",
        "await",
        "break",
        "class",
        "continue",
        "def",
        "del",
        "elif",
        "else",
        "except",
        "finally",
        "for",
        "from",
        "global",
        "if",
        "import",
        "in",
        "is",
        "lambda",
        "nonlocal",
        "not",
        "or",
        "pass",
        "raise",
        "return",
        "try",
        "while",
        "with",
        "yield",
    }
)
SOFT_KEYWORDS = frozenset({"_", "case", "match"})

_WORD_RE = re.compile(r"[A-Z]+(?=[A-Z][a-z0-9])|[A-Z]?[a-z]+|[A-Z]+|[0-9]+")

# Names a generated module already uses for itself; a spec-derived name must not shadow them.
RESERVED_METHOD_NAMES = frozenset(
    {"with_raw_response", "with_options", "close", "request", "poll_status_url"}
)
# Names a generated resource module uses at module level, or its classes for themselves: a method
# or a sub-resource attribute of that name would shadow them inside the class body.
RESOURCE_SCOPE_NAMES = frozenset(
    {
        "with_raw_response",
        "models",
        "builtins",
        "cached_property",
        "cast",
        "omit",
        "encode_body",
        "lazy_module",
        "to_raw_response_wrapper",
        "async_to_raw_response_wrapper",
    }
)
# Per-call option keyword arguments every generated method takes.
CALL_OPTION_NAMES = frozenset(
    {"extra_headers", "extra_query", "extra_body", "timeout", "max_retries", "idempotency_key"}
)
# Names a generated method body uses; spec parameters get a suffix instead. A parameter named
# `list` would otherwise shadow the builtin the body evaluates in `request(list[models.Pet], ...)`.
METHOD_LOCAL_NAMES = frozenset(
    {
        "self",
        "models",
        "omit",
        "Omit",
        "NOT_GIVEN",
        "NotGiven",
        "Any",
        # read by the request the method body builds (templates/client/operation.py.jinja)
        "Literal",
        "RequestOptions",
        "TypeOf",
        "NoneType",
        "Mapping",
        "encode_body",
        "isinstance",
        "PageSpec",
        "FileContent",
        "JobStatus",
        "list",
        "dict",
        "str",
        "int",
        "float",
        "bool",
        "bytes",
        "None",
        # the `*_and_poll` variant's own arguments and locals
        "poll_interval",
        "poll_timeout",
        "accepted",
    }
)
# Arguments and body names of the generated `Client.__init__`, and attributes of the client object:
# a security scheme or client header (arguments) or a resource (attribute) must not take one of
# these names; build.py is meant to seed its `taken` sets with them.
CLIENT_INIT_NAMES = frozenset(
    {
        "self",
        "base_url",
        "token",
        "username",
        "password",
        "timeout",
        "max_retries",
        "default_headers",
        "http_client",
        "strict",
        "os",
        "super",
        "AuthSettings",
        "ApiKey",
        "DEFAULT_BASE_URL",
    }
)
CLIENT_ATTRIBUTE_NAMES = frozenset(
    {
        "with_raw_response",
        "with_options",
        "close",
        "request",
        "request_page",
        "poll_status_url",
        "auth",
        "base_url",
        "is_closed",
        "max_retries",
        "strict",
        "timeout",
    }
)


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
    if name in KEYWORDS or name in SOFT_KEYWORDS:
        name += "_"
    return name


def _snake_words(text: str) -> list[str]:
    """`words`, with a number kept on the word it is written against: `v1`, `oauth2`, `v2025.0` ->
    v2025, 0 (a person writes `v2025_0`, not `v_2025_0`); so is one after a lone `v`."""
    normalized = unicodedata.normalize("NFKC", text)
    ascii_text = normalized.encode("ascii", "ignore").decode("ascii")
    parts: list[str] = []
    end = -1
    for match in _WORD_RE.finditer(ascii_text):
        word = match.group()
        if (
            word.isdigit()
            and parts
            and not parts[-1].isdigit()
            and (match.start() == end or parts[-1] in ("v", "V"))
        ):
            parts[-1] += word
        else:
            parts.append(word)
        end = match.end()
    return parts


def snake(text: str, fallback: str = "value") -> Identifier:
    name = "_".join(w.lower() for w in _snake_words(text))
    name = _guard(name, fallback)
    assert name.isidentifier(), name
    return Identifier(name)


def pascal(text: str, fallback: str = "Model") -> Identifier:
    """A class name: PascalCase words, with no underscore even where `_guard` would add one (a
    keyword `None` is `NoneModel`, not `None_`; a leading digit `1abc` is `Model1Abc`, not
    `Model_1Abc`): datamodel-code-generator prints a class name with an underscore without it and
    numbered (`None_` as `None1`), so the models would not hold the class the IR named, and the
    numbered name can be another schema's."""
    parts = words(text)
    name = "".join(w if w.isupper() and len(w) > 1 else w[:1].upper() + w[1:] for w in parts)
    if not name:
        name = fallback
    if name[0].isdigit():
        name = fallback + name
    if name in KEYWORDS or name in SOFT_KEYWORDS:
        name += fallback
    assert name.isidentifier() and "_" not in name, name
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


# Names Windows reserves for devices, with any extension (`con.py`, `aux.py`): never a file name.
WINDOWS_RESERVED = frozenset(
    {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}
)


# File names are limited (255 bytes on most file systems, less on some): a longer module name is
# cut and made unique by a hash of the whole name.
MAX_MODULE_NAME = 80


def module_name(name: str, taken: set[str]) -> Identifier:
    """A module (file) name for `name`: never one Windows reserves, never too long for a file
    system, unique in `taken` (updated)."""
    if len(name) > MAX_MODULE_NAME:
        digest = hashlib.sha256(name.encode()).hexdigest()[:8]
        name = f"{name[: MAX_MODULE_NAME - 9].rstrip('_')}_{digest}"
    return unique(f"{name}_" if name.lower() in WINDOWS_RESERVED else name, taken)
