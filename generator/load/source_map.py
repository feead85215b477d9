"""JSON pointer in the bundled document -> file:line:col in the file the node came from.

Built lazily: loading a 4 MB spec must stay fast, and most runs never ask for a location. The
first `locate()` in a file composes that file again with `yaml.compose` (JSON is YAML, so this
works for both) and keeps the node tree; each mapping's keys are indexed when first walked.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

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
        self._trees: dict[str, _FileTree] = {}

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

    def _tree(self, file: str) -> _FileTree:
        tree = self._trees.get(file)
        if tree is None:
            root: Node | None
            try:
                root = yaml.compose(
                    self._files.get(file, b"").decode("utf-8-sig"), Loader=SpecLoader
                )
            except (yaml.YAMLError, UnicodeDecodeError, RecursionError):
                root = None  # JSON that YAML cannot compose: locations fall back to the file name
            tree = self._trees[file] = _FileTree(root)
        return tree
