"""JSON pointer in the bundled document -> file:line:col in the file the node came from.

Built lazily: loading a 4 MB spec must stay fast, and most runs never ask for a location. The
first `locate()` in a file reads that file again:
- a JSON file is walked in its text: only the objects on a located path are indexed (their keys
  and where each value starts), sibling values are skipped by the C JSON decoder. On
  github-api-3.0.json (3.6 MB) that is ~0.1 s, where composing it as YAML takes 1.5 s;
- a YAML file in block style is searched line by line: each key at the indentation of its
  mapping, each item at its dash, by regular expressions between the lines that end the block. On
  openai-3.1.yaml (2 MB) a path is found in ~1 ms, where composing the file takes 0.5 s;
- anything else (a path that does not exist whole, flow style, anchors, tags, a key in a spelling
  the search does not try) is composed with `yaml.compose`, without resolving scalar tags (a
  location needs none), and its node tree is kept; each mapping's keys are indexed when first
  walked.
All give the position of the key of the deepest node that exists on the path.
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
            walk = _JsonTree if text.lstrip().startswith("{") else _YamlTextTree
            tree = self._trees[file] = walk(text, lambda: _yaml_tree(text))
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
            self._newlines = _newlines(self._text)
        return _line_col(self._newlines, offset)


def _newlines(text: str) -> list[int]:
    return [m.start() for m in re.finditer("\n", text)]


def _line_col(newlines: list[int], offset: int) -> tuple[int, int]:
    """(line, col), 1-based, of a character offset, given the offsets of the text's newlines."""
    line = bisect.bisect_left(newlines, offset)  # newlines before the offset
    start = newlines[line - 1] + 1 if line else 0
    return (line + 1, offset - start + 1)


@dataclass(frozen=True)
class _Block:
    """A block node in a YAML text: where its content starts, the column of that content (the
    indentation of its keys, or of its dashes) and where the block ends."""

    start: int
    indent: int
    end: int


# The searches over many lines start at a newline, not at `^`: the regex engine then skips to
# each newline, where `(?m)^` is tried at every character (8x slower on openai-3.1.yaml).
# A line that ends a block indented more than N: fewer than N + 1 spaces, then content.
_DEDENT = "\n {0,%d}[^ \t\n#]"
_CONTENT_LINE = re.compile(r"(?m)^( *)[^ \t\n#]")
_DASH = re.compile(r"-(?=[ \t\n]|\Z)")
_INLINE_SPACE = re.compile(r"[ \t]*")
# What the line search does not follow: line breaks other than `\n`, a second document, a tab
# in an indentation. Such texts are composed.
_OTHER_BREAKS = ("\r", "\x85", "\u2028", "\u2029")
_NOT_SEARCHED = re.compile("\n(?:(?:---|\\.\\.\\.)(?=[ \t\n]|\\Z)| *\t)")
# Comments, directives and the document's `---`, before its content.
_HEAD = re.compile(r"(?:(?:[ \t]*(?:#[^\n]*)?|%[^\n]*)\n)*(?:---[ \t]*(?:#[^\n]*)?\n)?")
# A key of a block mapping, spelled double-quoted, single-quoted or plain, then its colon. No
# two ways to match one text, so a long line costs its length, never its square.
_KEY = re.compile(
    r"""("(?:[^"\\\n]|\\.)*"[ \t]*|'(?:[^'\n]|'')*'[ \t]*|[^ \t\n#'"](?:[^:\n]|:(?=[^ \t\n]))*)"""
    r""":(?=[ \t\n]|\Z)"""
)
# What a plain key the search reads may not start with.
_PLAIN_FIRST = set("-?:,[]{}#&*!|>%@`")


class _YamlTextTree:
    """Positions in a block-style YAML text, found by searching its lines (see the module
    docstring). A path the search cannot follow to its end hands over, for good, to the YAML tree
    made by `fallback`, which also says where the deepest existing node of a partial path is."""

    def __init__(self, text: str, fallback: Callable[[], _Tree]) -> None:
        self._text = text
        self._fallback = fallback
        self._yaml: _Tree | None = None
        self._newlines: list[int] | None = None
        self._root: _Block | None = None
        # Indexed when first walked, by the block's start: a mapping's keys (the first of
        # duplicates, as in YAML's tree) -> (where the key starts, where its value may start);
        # a sequence's dashes.
        self._keys: dict[int, dict[str, tuple[int, int]]] = {}
        self._dashes: dict[int, list[int]] = {}
        self._below: dict[int, _Block | None] = {}  # the value after a colon or dash, by offset

    def find(self, parts: Sequence[str]) -> tuple[int, int]:
        if self._yaml is None:
            found = self._find(parts)
            if found is not None:
                if self._newlines is None:
                    self._newlines = _newlines(self._text)
                return _line_col(self._newlines, found)
            self._yaml = self._fallback()
        return self._yaml.find(parts)

    def _find(self, parts: Sequence[str]) -> int | None:
        """Offset of the node (a key, or an item) the last part names; None to hand over."""
        block = self._root_block()
        if block is None:
            return None
        found: int | None = block.start
        for part in parts:
            if block is None:
                return None
            if _DASH.match(self._text, block.start):
                dashes = self._sequence(block)
                if not (part.isdigit() and int(part) < len(dashes)):
                    return None
                block = self._value(dashes[int(part)] + 1, block.indent, inline=True)
                found = block.start if block is not None else None
            else:
                key = self._mapping(block).get(part)
                if key is None:
                    return None
                found, after = key
                block = self._value(after, block.indent, inline=False)
            if found is None:
                return None
        return found

    def _root_block(self) -> _Block | None:
        if self._root is None:
            head = _HEAD.match(self._text).end()  # type: ignore[union-attr]  # `*` always matches
            first = _CONTENT_LINE.search(self._text, head)
            if (
                first is None
                or first.group(1)
                or any(b in self._text for b in _OTHER_BREAKS)
                or _NOT_SEARCHED.search(self._text, head - 1 if head else 0)
            ):
                return None
            self._root = _Block(first.start(), 0, len(self._text))
        return self._root

    def _mapping(self, block: _Block) -> dict[str, tuple[int, int]]:
        keys = self._keys.get(block.start)
        if keys is None:
            keys = self._keys[block.start] = {}
            first = _KEY.match(self._text, block.start, block.end)  # on a dash's line, or not
            found = [first] if first is not None else []
            lines = re.compile(f"\n {{{block.indent}}}(?=[^ ])")
            for line in lines.finditer(self._text, block.start, block.end):
                match = _KEY.match(self._text, line.end(), block.end)
                if match is not None:
                    found.append(match)
            for match in found:
                key = _key_text(match.group(1))
                if key is not None:
                    keys.setdefault(key, (match.start(), match.end()))
        return keys

    def _sequence(self, block: _Block) -> list[int]:
        dashes = self._dashes.get(block.start)
        if dashes is None:
            lines = re.compile(f"\n {{{block.indent}}}-(?=[ \\t\\n]|\\Z)")
            dashes = self._dashes[block.start] = [block.start] + [
                line.end() - 1 for line in lines.finditer(self._text, block.start, block.end)
            ]
        return dashes

    def _value(self, after: int, indent: int, *, inline: bool) -> _Block | None:
        """The block that starts after a key's colon (or an item's dash) on a line indented by
        `indent`: the rest of the line (only after a dash: after a key it is a scalar or a flow
        collection), or the lines below it; None for what the search does not follow (an anchor,
        a tag, an alias, an empty value)."""
        if after not in self._below:
            self._below[after] = self._block_after(after, indent, inline=inline)
        return self._below[after]

    def _block_after(self, after: int, indent: int, *, inline: bool) -> _Block | None:
        text = self._text
        start = _INLINE_SPACE.match(text, after).end()  # type: ignore[union-attr]  # `*` matches
        if start < len(text) and text[start] not in "#\n":
            if not inline or text[start] in "&!*":
                return None
            column = start - text.rfind("\n", 0, start) - 1
            return _Block(start, column, self._dedent(start, indent))
        below = _CONTENT_LINE.search(text, start)
        if below is None:
            return None
        column = len(below.group(1))
        if column > indent:
            return _Block(below.start() + column, column, self._dedent(below.start(), indent))
        if column == indent and _DASH.match(text, below.start() + column):
            # A sequence under a key may sit at the key's own indentation: it ends at the first
            # line at that indentation that is not one of its items.
            end = self._dedent(below.start(), indent - 1) if indent else len(text)
            other = re.compile(f"\n {{{indent}}}(?!-(?:[ \\t\\n]|\\Z))[^ \\t\\n#]").search(
                text, below.start(), end
            )
            return _Block(below.start() + column, column, other.start() + 1 if other else end)
        return None

    def _dedent(self, start: int, indent: int) -> int:
        """Where the lines after the one holding `start` first come back to `indent` or less."""
        found = re.compile(_DEDENT % indent).search(self._text, start)
        return found.start() + 1 if found else len(self._text)


def _key_text(spelled: str) -> str | None:
    """A key as YAML reads it from its spelling; None for one the search does not read (a YAML
    escape JSON does not have, a plain key that starts with an indicator)."""
    spelled = spelled.rstrip(" \t")
    if spelled[0] == "'":
        return spelled[1:-1].replace("''", "'")
    if spelled[0] == '"':
        try:
            return str(json.loads(spelled))
        except ValueError:
            return None
    return None if spelled[0] in _PLAIN_FIRST else spelled
