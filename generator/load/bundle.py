"""Bundling: make every `$ref` in the entry document local.

A `$ref` into another file (`./schemas/pet.yaml#/Pet`) is replaced by a local one; the target is
copied once into its components section (`#/components/schemas/Pet`), or inlined where OpenAPI
has no components section for it (a path item referenced from `paths`). Refs inside a copied
target are resolved relative to the file it came from. Each copied subtree is mounted in the
source map, so a message about a bundled node still points into the file it was written in.

Local refs of the entry document stay as they are and are checked once the bundle is complete.
"""

from __future__ import annotations

import copy
import os
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

from ..findings import Finding, Location, error
from . import pointer as jp
from .source_map import SourceMap
from .sources import SourceError, Sources, is_remote
from .structure import Grammar, Kind, Shape

_COMBINATORS = ("oneOf", "anyOf", "allOf")
MAX_ALTERNATIVES = 1000  # a union of ~3000 names is deeper than Python's parser goes
_NAME_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")  # component names must match ^[a-zA-Z0-9.\-_]+$


@dataclass
class _Target:
    uri: str  # the source the ref points into
    parts: tuple[str, ...]  # pointer inside it
    text: str  # the $ref as written, for messages


@dataclass
class Bundler:
    document: dict[str, Any]
    grammar: Grammar
    sources: Sources
    source_map: SourceMap
    findings: list[Finding] = field(default_factory=list)
    _homes: dict[tuple[str, str, tuple[str, ...]], tuple[str, ...]] = field(default_factory=dict)
    _staged: dict[tuple[str, ...], dict[str, Any]] = field(default_factory=dict)
    _inlining: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)
    _local_refs: list[tuple[tuple[str, ...], str, tuple[str, ...], Kind]] = field(
        default_factory=list
    )

    def run(self) -> None:
        root = Shape(Kind.DOCUMENT)
        self._walk(self.document, root, self.sources.entry_uri, ())
        self._merge_staged()
        self._check_local_refs()

    # -- walking -------------------------------------------------------------------------------

    def _walk(self, node: Any, shape: Shape, uri: str, at: tuple[str, ...]) -> None:
        if shape.kind is Kind.DATA:
            return
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and self.grammar.referable(shape):
                self._reference(node, ref, shape, uri, at)
                if "$ref" in node and len(node) > 1 and shape.kind is Kind.SCHEMA:
                    # OpenAPI 3.1 schemas may put keywords beside $ref; they can hold refs too.
                    for key, value in node.items():
                        if key != "$ref":
                            self._walk(value, self.grammar.child(shape, key), uri, at + (key,))
                return
            if shape.kind is Kind.DISCRIMINATOR and shape.is_object:
                self._discriminator(node, uri, at)
                return
            # Safe to iterate in place: rewriting a child never adds or removes keys here.
            for key, value in node.items():
                if (
                    key in _COMBINATORS
                    and isinstance(value, list)
                    and len(value) > MAX_ALTERNATIVES
                    and shape.kind is Kind.SCHEMA
                ):
                    self._fail(
                        at + (key,),
                        "schema-too-large",
                        f"{key} lists {len(value)} schemas; more than {MAX_ALTERNATIVES} cannot be "
                        "generated (the union would be too deep for Python's parser)",
                        "split it, or describe the alternatives with a discriminator over fewer schemas",
                    )
                    continue
                self._walk(value, self.grammar.child(shape, key), uri, at + (key,))
        elif isinstance(node, list) and (shape.container == "list" or shape.kind is Kind.SCHEMA):
            member = Shape(shape.kind)  # a list of schemas under "items" (older drafts) too
            for index, item in enumerate(node):
                self._walk(item, member, uri, at + (str(index),))

    def _reference(
        self, node: dict[str, Any], ref: str, shape: Shape, uri: str, at: tuple[str, ...]
    ) -> None:
        where = at + ("$ref",)
        target = self._target(ref, uri, where)
        if target is None:
            return
        if target.uri == self.sources.entry_uri:
            local = "#" + jp.join(target.parts)
            if uri != self.sources.entry_uri:
                node["$ref"] = local  # a ref from another file back into the entry document
            self._local_refs.append((where, ref, target.parts, shape.kind))
            return
        home = self.grammar.homes.get(shape.kind)
        if home is None:
            self._inline(node, target, shape, uri, at, where)
        elif (
            at[:-1] == home and len(node) == 1 and self._cache_key(target, home) not in self._homes
        ):
            # `components/schemas/Pet: {$ref: pet.yaml}`: the component *is* the target; keep its name.
            self._homes[self._cache_key(target, home)] = at
            self._inline(node, target, shape, uri, at, where)
        else:
            node["$ref"] = "#" + jp.join(self._bundle(target, home, shape, where))

    def _discriminator(self, node: dict[str, Any], uri: str, at: tuple[str, ...]) -> None:
        mapping = node.get("mapping")
        if not isinstance(mapping, dict):
            return
        for name, value in mapping.items():
            # Mapping values are schema names or refs; only a ref into another file needs rewriting.
            if (
                not isinstance(value, str)
                or value.startswith("#")
                or ("/" not in value and "#" not in value)
            ):
                continue
            where = at + ("mapping", name)
            target = self._target(value, uri, where)
            if target is None:
                continue
            if target.uri == self.sources.entry_uri:
                mapping[name] = "#" + jp.join(target.parts)
            else:
                home = self.grammar.homes[Kind.SCHEMA]
                mapping[name] = "#" + jp.join(self._bundle(target, home, Shape(Kind.SCHEMA), where))

    # -- resolving -----------------------------------------------------------------------------

    def _target(self, ref: str, uri: str, where: tuple[str, ...]) -> _Target | None:
        address, _, fragment = ref.partition("#")
        fragment = unquote(fragment)
        if fragment and not fragment.startswith("/"):
            if not address and uri == self.sources.entry_uri:
                return None  # a `$anchor` reference inside the entry document: left to JSON Schema tools
            self._fail(
                where,
                "ref-unsupported",
                f"$ref {ref!r}: anchor references into other files are not supported",
            )
            return None
        try:
            target_uri = self._absolute(address, uri) if address else uri
        except ValueError as exc:
            self._fail(where, "ref-unsupported", f"$ref {ref!r}: {exc}")
            return None
        return _Target(target_uri, tuple(jp.split(fragment)), ref)

    def _absolute(self, address: str, base: str) -> str:
        if is_remote(base):
            return urljoin(base, address)
        parts = urlsplit(address)
        if parts.scheme in ("http", "https"):
            return address
        if parts.scheme == "file":
            return os.path.realpath(unquote(parts.path))
        if len(parts.scheme) > 1:  # one letter is a Windows drive, not a scheme
            raise ValueError(f"unsupported URI scheme {parts.scheme!r}")
        return os.path.realpath(os.path.join(os.path.dirname(base), unquote(address)))

    def _content(self, target: _Target, where: tuple[str, ...]) -> tuple[str, Any] | None:
        """(files key, a private copy of the target node), or None after recording why not."""
        try:
            key, document = self.sources.read(target.uri)
        except SourceError as exc:
            if exc.line:  # the target file itself is broken: point into it
                shown = self.sources.shown(target.uri)
                self.findings.append(
                    error(
                        exc.code,
                        exc.message,
                        location=Location(shown, exc.line, exc.col),
                        hint=exc.hint,
                    )
                )
            else:
                code = "ref-file-missing" if exc.code == "file-missing" else exc.code
                self._fail(where, code, f"$ref {target.text!r}: {exc.message}", exc.hint)
            return None
        try:
            node = jp.resolve(document, target.parts)
        except LookupError:
            self._fail(
                where,
                "ref-dangling",
                f"$ref {target.text!r}: {self.sources.shown(target.uri)} has no node at "
                f"{jp.join(target.parts) or '/'}",
                "check the file name and the path after '#'",
            )
            return None
        return key, copy.deepcopy(node)  # targets are rewritten while bundled; never share them

    @staticmethod
    def _cache_key(target: _Target, home: tuple[str, ...]) -> tuple[str, str, tuple[str, ...]]:
        return (target.uri, jp.join(target.parts), home)

    def _bundle(
        self, target: _Target, home: tuple[str, ...], shape: Shape, where: tuple[str, ...]
    ) -> tuple[str, ...]:
        """The document path of the bundled copy of `target`, copying it on first use."""
        place = self._homes.get(self._cache_key(target, home))
        if place is not None:
            return place
        found = self._content(target, where)
        if found is None:
            return home + ("__unresolved__",)  # an error is recorded; the load will fail
        key, content = found
        place = home + (self._free_name(home, target),)
        self._homes[self._cache_key(target, home)] = (
            place  # before walking: a ref cycle through files ends here
        )
        self._staged.setdefault(home, {})[place[-1]] = content
        self.source_map.mount(place, key, target.parts)
        self._walk(content, Shape(shape.kind), target.uri, place)
        return place

    def _inline(
        self,
        node: dict[str, Any],
        target: _Target,
        shape: Shape,
        uri: str,
        at: tuple[str, ...],
        where: tuple[str, ...],
    ) -> None:
        """Replace the ref object `node` by a copy of its target, keeping fields written beside the $ref."""
        step = (target.uri, target.parts)
        if step in self._inlining:
            self._fail(
                where,
                "ref-cycle",
                f"$ref {target.text!r} includes itself",
                "break the cycle of refs",
            )
            return
        found = self._content(target, where)
        if found is None:
            return
        key, content = found
        if not isinstance(content, dict):
            self._fail(
                where, "ref-target-invalid", f"$ref {target.text!r} does not point at an object"
            )
            return
        siblings = {name: value for name, value in node.items() if name != "$ref"}
        for name in siblings:  # a field written beside the $ref stays located where it was written
            origin_file, origin_parts = self.source_map.origin(jp.join(at + (name,)))
            self.source_map.mount(at + (name,), origin_file, origin_parts)
        node.clear()
        node.update(content)
        self.source_map.mount(at, key, target.parts)
        self._inlining.append(step)
        try:
            self._walk(node, shape, target.uri, at)
        finally:
            self._inlining.pop()
        for name, value in siblings.items():
            self._walk(value, self.grammar.child(shape, name), uri, at + (name,))
        node.update(siblings)

    def _free_name(self, home: tuple[str, ...], target: _Target) -> str:
        if target.parts:
            wanted = target.parts[-1]
        else:
            wanted = os.path.splitext(os.path.basename(urlsplit(target.uri).path))[0]
        base = _NAME_UNSAFE.sub("_", wanted).strip("_") or home[-1]
        taken = set(self._staged.get(home, {}))
        existing = _get(self.document, home)
        if isinstance(existing, dict):
            taken.update(existing)
        name, n = base, 1
        while name in taken:
            n += 1
            name = f"{base}_{n}"
        return name

    # -- finishing -----------------------------------------------------------------------------

    def _merge_staged(self) -> None:
        for home, members in self._staged.items():
            container: Any = self.document
            for part in home:
                if not isinstance(container, dict):
                    break
                container = container.setdefault(part, {})
            if not isinstance(container, dict):
                self.findings.append(
                    error(
                        "document-invalid",
                        f"cannot bundle into {jp.join(home)}: it is not a mapping",
                        location=self.source_map.locate(jp.join(home)),
                        pointer=jp.join(home),
                    )
                )
                continue
            container.update(members)

    def _check_local_refs(self) -> None:
        for where, ref, parts, kind in self._local_refs:
            try:
                jp.resolve(self.document, parts)
            except LookupError:
                if kind is Kind.SCHEMA:
                    # Validation's ref check reports it and grades it: by default the schema is
                    # generated as Any (issue 17), with --strict an error.
                    continue
                self._fail(
                    where,
                    "ref-dangling",
                    f"$ref {ref!r} points at nothing",
                    dangling_hint(self.document, parts),
                )

    def _fail(self, where: tuple[str, ...], code: str, message: str, hint: str = "") -> None:
        pointer = jp.join(where)
        self.findings.append(
            error(
                code, message, location=self.source_map.locate(pointer), pointer=pointer, hint=hint
            )
        )


def _get(document: Any, parts: tuple[str, ...]) -> Any:
    try:
        return jp.resolve(document, parts)
    except LookupError:
        return None


def dangling_hint(document: Any, parts: tuple[str, ...]) -> str:
    """What the container a dangling ref points into does hold (also used by validation)."""
    container = _get(document, tuple(parts[:-1])) if parts else None
    if isinstance(container, dict) and container:
        names = sorted(str(name) for name in container)
        shown = ", ".join(names[:8]) + (", ..." if len(names) > 8 else "")
        return f"{jp.join(parts[:-1])} has: {shown}"
    return "define the target or fix the path after '#'"
