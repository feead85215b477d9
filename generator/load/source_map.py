"""JSON pointer in the bundled document -> file:line:col in the file the node came from.

Built lazily: loading a 4 MB spec must stay fast, and most runs never ask for a location. The
first `locate()` in a file reads that file again:
- a JSON file is walked in its text: only the objects on a located path are indexed (their keys
  and where each value starts), sibling values are skipped by the C JSON decoder. On
  github-api-3.0.json (3.6 MB) that is ~0.1 s, where composing it as YAML takes 1.5 s;
- a YAML file (or JSON the walk cannot read) is composed with `yaml.compose`, without resolving
  scalar tags (a location needs none), and its node tree is kept; each mapping's keys are indexed
  when first walked.
Both give the position of the key of the deepest node that exists on the path.
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

import yaml
from yaml.nodes import MappingNode, Node, SequenceNode

from ..findings import Location
from . import pointer as jp
from .yaml_dialect import SpecLoader


@dataclass(frozen=True)
class Mount:
    """The document subtree at some pointer was read from `file`, at `base` inside it."""

    file: str  # key into LoadedSpec.files
    base: tuple[str, ...]


class _Tree(Protocol):
    def find(self, parts: Sequence[str]) -> tuple[int, int]: ...


class _ComposeLoader(SpecLoader):  # type: ignore[misc,valid-type,unused-ignore]
    """Composes without resolving plain scalars' tags: a third of compose time, and no location
    depends on a tag."""

    def resolve(self, kind: object, value: object, implicit: object) -> str:
        return "tag:yaml.org,2002:str"


class _FileTree:
    def __init__(self, root: Node | None) -> None:
        self.root = root
        self._keys: dict[int, dict[str, tuple[Node, Node]]] = {}

    def find(self, parts: Sequence[str]) -> tuple[int, int]:
        """(line, col), 1-based, of the deepest existing node on the path; (0, 0) without a tree."""
        node = self.root
        if node is None:
            return (0, 0)
        mark = node.start_mark
        for part in parts:
            found = self._child(node, part)
            if found is None:
                break
            label, node = found
            mark = label.start_mark
        return (mark.line + 1, mark.column + 1)

    def _child(self, node: Node, part: str) -> tuple[Node, Node] | None:
        if isinstance(node, MappingNode):
            index = self._keys.get(id(node))
            if index is None:
                index = {}
                for key_node, value_node in node.value:
                    # First occurrence wins for the label; the loader keeps the last value, but
                    # both sit at the same key, so either line is the right place to look.
                    index.setdefault(str(key_node.value), (key_node, value_node))
                self._keys[id(node)] = index
            return index.get(part)
        if isinstance(node, SequenceNode) and part.isdigit() and int(part) < len(node.value):
            item = node.value[int(part)]
            return (item, item)
        return None


class SourceMap:
    def __init__(self, files: Mapping[str, bytes], display: Mapping[str, str], entry: str) -> None:
        self._files = files
        self._display = display  # files key -> the name shown in messages
        self._mounts: dict[tuple[str, ...], Mount] = {(): Mount(entry, ())}
        self._trees: dict[str, _Tree] = {}

    def mount(self, at: Sequence[str], file: str, base: Sequence[str]) -> None:
        self._mounts[tuple(at)] = Mount(file, tuple(base))

    def origin(self, pointer: str) -> tuple[str, tuple[str, ...]]:
        """(file key, pointer parts inside that file) the node at `pointer` was read from."""
        try:
            parts = jp.split(pointer)
        except ValueError:
            parts = []
        for cut in range(len(parts), -1, -1):
            mount = self._mounts.get(tuple(parts[:cut]))
            if mount is not None:
                return mount.file, mount.base + tuple(parts[cut:])
        raise AssertionError("the root is always mounted")

    def locate(self, pointer: str) -> Location:
        file, parts = self.origin(pointer)
        return self.locate_in_file(file, parts)

    def locate_in_file(self, file: str, parts: Sequence[str]) -> Location:
        line, col = self._tree(file).find(parts)
        return Location(self._display.get(file, file), line, col)

    def _tree(self, file: str) -> _Tree:
        tree = self._trees.get(file)
        if tree is None:
            try:
                text = self._files.get(file, b"").decode("utf-8-sig")
            except UnicodeDecodeError:
                text = ""
            tree = self._trees[file] = (
                _JsonTree(text, lambda: _yaml_tree(text))
                if text.lstrip().startswith("{")
                else _yaml_tree(text)
            )
        return tree


def _yaml_tree(text: str) -> _FileTree:
    root: Node | None
    try:
        root = yaml.compose(text, Loader=_ComposeLoader)
    except (yaml.YAMLError, RecursionError):
        root = None  # text that YAML cannot compose: locations fall back to the file name
    return _FileTree(root)


_WHITESPACE = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()


class _NotJson(ValueError):
    pass


class _JsonTree:
    """Positions in a JSON text, found by walking the text itself (see the module docstring).
    Text that is not JSON where the walk goes (a YAML flow mapping also starts with `{`) hands
    over, for good, to the YAML tree made by `fallback`."""

    def __init__(self, text: str, fallback: Callable[[], _Tree]) -> None:
        self._text = text
        self._fallback = fallback
        self._yaml: _Tree | None = None
        self._objects: dict[int, dict[str, tuple[int, int]]] = (
            {}
        )  # offset of `{` -> key -> (key, value)
        self._arrays: dict[int, list[int]] = {}  # offset of `[` -> offsets of the items
        self._newlines: list[int] | None = None

    def find(self, parts: Sequence[str]) -> tuple[int, int]:
        if self._yaml is None:
            try:
                return self._position(self._find(parts))
            except (_NotJson, ValueError, IndexError, RecursionError):
                self._yaml = self._fallback()
        return self._yaml.find(parts)

    def _find(self, parts: Sequence[str]) -> int:
        node = mark = self._skip(0)
        for part in parts:
            char = self._text[node : node + 1]
            if char == "{":
                found = self._object(node).get(part)
                if found is None:
                    break
                mark, node = found
            elif char == "[":
                items = self._array(node)
                if not (part.isdigit() and int(part) < len(items)):
                    break
                mark = node = items[int(part)]
            else:
                break
        return mark

    def _skip(self, at: int) -> int:
        return _WHITESPACE.match(self._text, at).end()  # type: ignore[union-attr]  # `*` always matches

    def _object(self, at: int) -> dict[str, tuple[int, int]]:
        index = self._objects.get(at)
        if index is not None:
            return index
        text, index = self._text, {}
        pos = self._skip(at + 1)
        if text[pos : pos + 1] != "}":
            while True:
                if text[pos : pos + 1] != '"':
                    raise _NotJson(pos)
                key, end = json.decoder.scanstring(text, pos + 1)  # type: ignore[attr-defined]
                colon = self._skip(end)
                if text[colon : colon + 1] != ":":
                    raise _NotJson(colon)
                value = self._skip(colon + 1)
                index.setdefault(
                    key, (pos, value)
                )  # the first of duplicate keys, as in YAML's tree
                pos = self._skip(_DECODER.raw_decode(text, value)[1])
                if text[pos : pos + 1] == "}":
                    break
                if text[pos : pos + 1] != ",":
                    raise _NotJson(pos)
                pos = self._skip(pos + 1)
        self._objects[at] = index
        return index

    def _array(self, at: int) -> list[int]:
        items = self._arrays.get(at)
        if items is not None:
            return items
        text, items = self._text, []
        pos = self._skip(at + 1)
        if text[pos : pos + 1] != "]":
            while True:
                items.append(pos)
                pos = self._skip(_DECODER.raw_decode(text, pos)[1])
                if text[pos : pos + 1] == "]":
                    break
                if text[pos : pos + 1] != ",":
                    raise _NotJson(pos)
                pos = self._skip(pos + 1)
        self._arrays[at] = items
        return items

    def _position(self, offset: int) -> tuple[int, int]:
        if self._newlines is None:
            self._newlines = [m.start() for m in re.finditer("\n", self._text)]
        line = bisect.bisect_left(self._newlines, offset)  # newlines before the offset
        start = self._newlines[line - 1] + 1 if line else 0
        return (line + 1, offset - start + 1)
