"""The comparison behind `apigen diff` (see the package docstring)."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..config import Config
from ..findings import ApigenError, Findings, Location, error
from ..ir.build import build_api
from ..ir.model import Api
from ..load import load_spec
from ..load.pointer import unescape
from . import operations, python_api
from .ignore import IgnoreRow, apply_ignores
from .model import Change, Context
from .rules import RULES, SEVERITY_RANK
from .schemas import drain

__all__ = [
    "RULES",
    "Change",
    "DiffResult",
    "LoadedVersion",
    "diff_apis",
    "diff_files",
    "load_version",
]

Locate = Callable[[str], Location]


@dataclass
class LoadedVersion:
    path: str  # as shown in reports
    document: dict[str, Any]
    api: Api
    locate: Locate
    sha256: str


def _load_document(path: Path, config: Config) -> tuple[dict[str, Any], Locate, str]:
    from ..convert.loaded import as_openapi3

    spec = as_openapi3(
        load_spec(
            path,
            allow_remote_refs=config.allow_remote_refs,
            allow_refs_outside=config.ref_roots(),
        )
    )
    return spec.document, spec.locate, spec.sha256


def load_version(path: Path, config: Config, *, display: str = "") -> LoadedVersion:
    document, locate, digest = _load_document(path, config)
    version = str(document.get("openapi") or document.get("swagger") or "")
    if not version.startswith("3."):
        raise ApigenError(
            error(
                "version-unsupported",
                f"{display or path}: OpenAPI/Swagger version {version!r} is not supported by apigen diff",
                location=locate(""),
                hint="convert the document to OpenAPI 3.x",
            )
        )
    api = build_api(document, config, locate, Findings())
    return LoadedVersion(display or str(path), document, api, locate, digest)


def diff_apis(
    old: Api,
    new: Api,
    *,
    audience: str = "client",
    old_document: dict[str, Any] | None = None,
    new_document: dict[str, Any] | None = None,
) -> list[Change]:
    """Every change between two IRs that breaks (or concerns) `audience`'s code, model-level
    changes attached to the operations reaching them. The original documents, when given, let
    inline composed bodies (`allOf` written in place) be compared as their merged schema."""
    ctx = Context(old, new, old_document, new_document)
    operations.check(ctx)
    drain(ctx)
    python_api.check(ctx)
    return [c for c in ctx.finish() if RULES[c.rule].shown_to(audience)]


def nearest_pointer(document: Any, pointer: str) -> str:
    """The pointer itself if it exists in `document`, else its closest existing ancestor."""
    if not pointer:
        return ""
    parts = pointer.split("/")[1:]
    node = document
    good: list[str] = []
    for raw in parts:
        part = unescape(raw)
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            break
        good.append(raw)
    return "/" + "/".join(good) if good else ""


@dataclass
class DiffResult:
    old: str
    new: str
    changes: list[Change]  # all of them, silenced ones carry `ignored`
    seconds: float = 0.0
    stats: dict[str, Any] = field(default_factory=dict)
    audience: str = "client"

    @property
    def active(self) -> list[Change]:
        return [c for c in self.changes if not c.ignored]

    @property
    def ignored(self) -> list[Change]:
        return [c for c in self.changes if c.ignored]

    def counts(self) -> Counter[str]:
        return Counter(c.rule for c in self.active)

    def failing(self, fail_on: str) -> list[Change]:
        if fail_on not in SEVERITY_RANK:
            return []
        threshold = SEVERITY_RANK[fail_on]
        return [c for c in self.active if SEVERITY_RANK[c.severity] >= threshold]

    def oasdiff_misses(self) -> Counter[str]:
        """Breaking changes found here that oasdiff ranks below ERR (or does not report at all).

        A change is not counted when a wire change at the same subject is one oasdiff ranks ERR
        (a removed *required* response property is ERR there, an optional one only WARN)."""
        err = [c for c in self.active if RULES[c.rule].oasdiff_level == "ERR"]
        err_subjects = {(c.subject, c.operation) for c in err}
        removed_ops = {c.operation for c in err if c.rule == "operation-removed"}

        def covered(c: Change) -> bool:
            if (c.subject, c.operation) in err_subjects:
                return True
            # e.g. a resource whose every operation was removed: oasdiff fails on those removals
            return bool(c.operations) and not c.operation and set(c.operations) <= removed_ops

        return Counter(
            c.rule for c in self.active if RULES[c.rule].oasdiff_misses and not covered(c)
        )

    def only_level(self, level: str) -> DiffResult:
        if level == "all":
            return self
        return replace(self, changes=[c for c in self.changes if c.level == level])


def compare_versions(
    old: LoadedVersion,
    new: LoadedVersion,
    ignores: Iterable[IgnoreRow] = (),
    *,
    audience: str = "client",
) -> list[Change]:
    changes = diff_apis(
        old.api,
        new.api,
        audience=audience,
        old_document=old.document,
        new_document=new.document,
    )
    located = []
    for change in changes:
        pointer = nearest_pointer(new.document, change.pointer)
        located.append(replace(change, location=new.locate(pointer)))
    return apply_ignores(located, tuple(ignores))


def diff_files(
    old_path: Path,
    new_path: Path,
    config: Config,
    *,
    ignores: Iterable[IgnoreRow] = (),
    old_display: str = "",
    new_display: str = "",
    audience: str = "client",
) -> DiffResult:
    started = time.perf_counter()
    old = load_version(old_path, config, display=old_display)
    loaded_old = time.perf_counter()
    new = load_version(new_path, config, display=new_display)
    loaded_new = time.perf_counter()
    changes = compare_versions(old, new, ignores, audience=audience)
    done = time.perf_counter()
    stats = {
        "load_old_seconds": round(loaded_old - started, 3),
        "load_new_seconds": round(loaded_new - loaded_old, 3),
        "compare_seconds": round(done - loaded_new, 3),
        "old_operations": len(old.api.operations),
        "new_operations": len(new.api.operations),
        "old_models": len(old.api.models),
        "new_models": len(new.api.models),
    }
    return DiffResult(old.path, new.path, changes, done - started, stats, audience)
