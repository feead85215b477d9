"""Schema meta-checks that need not run again: within a run, and across runs from a disk cache.

openapi-spec-validator checks every schema it reaches against its dialect's meta-schema; on a
big spec that is most of the validation time (openai-3.1.yaml: ~2,000 schemas, ~3 s). A check
is a pure function of (the meta-schema, the format checker, the schema value), so a schema value
that passed once passes again:

- within a run, a schema equal to one that passed (same canonical JSON, same dialect) is not
  checked again, and neither are the subschemas of a passed schema (found at the positions the
  meta-schema checks with the whole meta-schema: `properties`, `items`, `allOf`...), unless the
  passed schema or the subschema names its own `$schema` (the dialect could change) or is a
  `$ref`;
- across runs, the sha256 of every passed check is kept on disk, under a name that holds the
  versions of everything the verdict depends on (Python, jsonschema and its format libraries,
  the meta-schemas, openapi-schema-validator, openapi-spec-validator). Only passes are kept:
  a schema with errors is checked every time, so its messages are exact.

On disk: one file per such namespace, the 32-byte digests one after the other (~64 KB for
openai-3.1.yaml), read once at the start of a run and rewritten (merged with what is there,
atomic replace) at its end when it learnt something. One small file beats one file per schema
(thousands of tiny writes) and per-document files (the same schemas in every version of a
spec). It is capped: past `_MAX_DIGESTS`, it starts over with this run's digests. Any I/O error
is a miss; `APIGEN_VALIDATE_CACHE=0` turns the disk cache off.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

_MAGIC = b"apigen-meta-ok 1\n"
_DIGEST = 32
_MAX_DIGESTS = 250_000  # ~8 MB
_ENV = "APIGEN_VALIDATE_CACHE"

# Packages whose code or data can change a meta-check's verdict: the validators, the
# meta-schemas, and the optional libraries jsonschema's format checks use when installed.
_PACKAGES = (
    "jsonschema",
    "jsonschema-specifications",
    "referencing",
    "openapi-schema-validator",
    "openapi-spec-validator",
    "rfc3339-validator",
    "rfc3986-validator",
    "rfc3987",
    "rfc3987-syntax",
    "jsonpointer",
    "uri-template",
    "isoduration",
    "fqdn",
    "idna",
    "webcolors",
)
_CODE_VERSION = "1"  # bump when what a digest covers changes here or in library.py

# Keywords whose value is a schema the meta-schema checks with the whole meta-schema (in both
# the draft-04 meta-schema of OpenAPI 3.0 and the 2020-12 dialects of 3.1/3.2).
_ONE = ("items", "additionalProperties", "not")
_MANY = ("allOf", "anyOf", "oneOf")
_NAMED = ("properties", "patternProperties")


def enabled() -> bool:
    return os.environ.get(_ENV, "").strip().lower() not in ("0", "off", "false", "no")


class MetaMemo:
    """The meta-checks that passed, for one run of the validator."""

    def __init__(self, *, disk: bool | None = None) -> None:
        self._disk = enabled() if disk is None else disk
        self._path: Path | None = None
        self._known: set[bytes] | None = None  # read from disk, lazily
        self._new: set[bytes] = set()  # passed in this run, not on disk
        self._used: set[bytes] = set()  # read from disk and used in this run
        self._passed_ids: set[int] = set()  # subschemas of passed schemas (same dialect)
        self._digests: dict[int, bytes | None] = {}
        self._keep: list[Any] = []  # values whose id() is in _digests stay alive

    def passed(self, dialect: str, value: Any) -> bool:
        """Whether `value` is known to pass the meta-check of `dialect`."""
        if id(value) in self._passed_ids:
            return True
        digest = self._digest(dialect, value)
        if digest is None:
            return False
        if digest in self._new:
            self._mark_subschemas(value)
            return True
        if digest in self._disk_digests():
            self._used.add(digest)
            self._mark_subschemas(value)
            return True
        return False

    def record_pass(self, dialect: str, value: Any) -> None:
        digest = self._digest(dialect, value)
        if digest is not None:
            self._new.add(digest)
        self._mark_subschemas(value)

    def flush(self) -> None:
        """Write what this run learnt (no-op when nothing new, or the disk cache is off)."""
        if not self._disk or not self._new:
            return
        path = self._file()
        if path is None:
            return
        merged = _read(path) | self._new
        if len(merged) > _MAX_DIGESTS:
            merged = self._new | self._used
        _write(path, merged)
        self._known = merged
        self._new = set()

    # -- internals ----------------------------------------------------------------------------

    def _digest(self, dialect: str, value: Any) -> bytes | None:
        key = id(value)
        if key in self._digests:
            return self._digests[key]
        try:
            text = json.dumps(value, sort_keys=True, separators=(",", ":"), allow_nan=True)
        except (TypeError, ValueError, RecursionError):
            digest = None  # not JSON data: never cached
        else:
            digest = hashlib.sha256(
                f"{_namespace()}\0{dialect}\0".encode() + text.encode()
            ).digest()
        self._digests[key] = digest
        self._keep.append(value)
        return digest

    def _disk_digests(self) -> set[bytes]:
        if self._known is None:
            path = self._file() if self._disk else None
            self._known = _read(path) if path is not None else set()
        return self._known

    def _file(self) -> Path | None:
        if self._path is None:
            try:
                from ..cache import cache_dir

                self._path = cache_dir("validate") / f"meta-{_namespace()[:24]}.bin"
            except Exception:
                self._disk = False
                return None
        return self._path

    def _mark_subschemas(self, value: Any) -> None:
        if isinstance(value, dict) and "$schema" not in value:
            self._passed_ids.update(id(sub) for sub in _subschemas(value))


def _subschemas(schema: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Subschemas checked, inside the meta-check of `schema`, as if they stood alone.

    Not below a subschema that names a `$schema` (another dialect) or is a `$ref` (the library
    checks what the ref points at, a different value)."""
    stack = [schema]
    while stack:
        node = stack.pop()
        found: list[Any] = [node.get(key) for key in _ONE]
        for key in _MANY:
            value = node.get(key)
            if isinstance(value, list):
                found.extend(value)
        for key in _NAMED:
            value = node.get(key)
            if isinstance(value, dict):
                found.extend(value.values())
        for sub in found:
            if isinstance(sub, dict) and "$schema" not in sub and "$ref" not in sub:
                yield sub
                stack.append(sub)


@cache
def _namespace() -> str:
    from importlib.metadata import PackageNotFoundError, version

    from openapi_schema_validator import (
        oas30_format_checker,
        oas31_format_checker,
        oas32_format_checker,
    )

    parts = [_CODE_VERSION, sys.version]
    for name in _PACKAGES:
        try:
            parts.append(f"{name}={version(name)}")
        except PackageNotFoundError:
            parts.append(f"{name}=-")
    for checker in (oas30_format_checker, oas31_format_checker, oas32_format_checker):
        parts.append(",".join(sorted(checker.checkers)))
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _read(path: Path) -> set[bytes]:
    try:
        data = path.read_bytes()
    except OSError:
        return set()
    if not data.startswith(_MAGIC) or (len(data) - len(_MAGIC)) % _DIGEST:
        return set()  # not ours, or cut short: a miss
    view = memoryview(data)[len(_MAGIC) :]
    return {bytes(view[i : i + _DIGEST]) for i in range(0, len(view), _DIGEST)}


def _write(path: Path, digests: set[bytes]) -> None:
    from ..cache import store_bytes

    store_bytes(path, _MAGIC + b"".join(sorted(digests)))
