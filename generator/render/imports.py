"""A rendered module's import block, cut to what the module references and laid out as ruff's
isort (its default settings) lays it out.

A template lists the names its module may need in its opening imports (and an optional
`if TYPE_CHECKING: ... else: name = ...` block); `prune_imports` keeps the names the rest of the
module mentions (or exports in `__all__`, or re-exports `as` themselves, or reads inside a string
annotation: `_forward_references`), drops the others, and
prints the block sorted: `__future__`, standard library, third party, then relative imports, a
blank line between sections, plain `import x` before `from x import y` within a section, members
constants first, then classes, then the rest. An import longer than `IMPORT_LINE_LENGTH` is one
name a line with a trailing comma, which black keeps as it is.
"""

from __future__ import annotations

import ast
import contextlib
import re
import sys
from collections.abc import Iterable
from functools import lru_cache

# isort's (and ruff's) default line length: wider imports are wrapped.
IMPORT_LINE_LENGTH = 88

_DIGITS = re.compile(r"(\d+)")


def natural_key(name: str) -> tuple[tuple[int, int, str], ...]:
    """Natural order (`Item2` before `Item10`) as ruff sorts members, modules and `__all__`
    (strnatcmp: a number with a leading zero compares digit by digit, `_0564` before `_64`)."""
    return tuple(
        (
            (0, 0, part)
            if not part.isdigit()
            else (1, 0, part) if part.startswith("0") else (1, 1, f"{len(part):04d}{part}")
        )
        for part in _DIGITS.split(name)
    )


def _member_rank(name: str) -> int:
    if len(name) > 1 and name.isupper():
        return 0  # CONSTANT
    if name[:1].isupper():
        return 1  # Class
    return 2


@lru_cache(maxsize=8192)
def member_key(name: str) -> tuple[object, ...]:
    """How ruff's isort orders the names of a `from` import (`order-by-type`)."""
    base = name.split(" as ")[0]
    return (_member_rank(base), natural_key(base.lower()), natural_key(base), name)


def dunder_all_key(name: str) -> tuple[object, ...]:
    """How ruff orders `__all__` (RUF022): constants, classes, the rest; natural order within."""
    return (_member_rank(name), natural_key(name))


def _section(module: str) -> int:
    if module == "__future__":
        return 0
    if module.startswith("."):
        return 3
    if module.split(".")[0] in sys.stdlib_module_names:
        return 1
    return 2


def _module_key(module: str) -> tuple[object, ...]:
    level = len(module) - len(module.lstrip("."))
    return (-level, natural_key(module.lstrip(".").lower()), module)


def from_import(module: str, names: Iterable[str], indent: str = "") -> str:
    """`from module import a, b` on one line when it fits, else one name a line."""
    ordered = sorted(dict.fromkeys(names), key=member_key)
    line = f"{indent}from {module} import {', '.join(ordered)}"
    if len(line) <= IMPORT_LINE_LENGTH:
        return line + "\n"
    listed = "".join(f"{indent}    {name},\n" for name in ordered)
    return f"{indent}from {module} import (\n{listed}{indent})\n"


def import_block(froms: dict[str, set[str]], plain: Iterable[str] = (), indent: str = "") -> str:
    """Sorted import sections: `froms` maps a module to the names imported from it (`a as b`
    spelled so), `plain` lists modules imported whole."""
    sections: dict[int, list[str]] = {}
    for module in sorted(set(plain), key=_module_key):
        sections.setdefault(_section(module), []).append(f"{indent}import {module}\n")
    for module in sorted(froms, key=_module_key):
        # an `a as b` is a statement of its own (isort's `combine-as-imports = false`)
        together = [n for n in froms[module] if " as " not in n]
        statements = [[n] for n in froms[module] if " as " in n] + ([together] if together else [])
        for names in sorted(statements, key=lambda names: min(map(member_key, names))):
            sections.setdefault(_section(module), []).append(from_import(module, names, indent))
    return "\n".join("".join(lines) for _, lines in sorted(sections.items()))


def _alias(alias: ast.alias) -> str:
    return alias.name if alias.asname is None else f"{alias.name} as {alias.asname}"


def _bound(alias: ast.alias) -> str:
    return alias.asname or alias.name.split(".")[0]


# Strings and comments, then names in code (not after a dot): a module's references without
# parsing it (ast.parse of every module of a big API costs seconds; this costs a tenth).
_SKIPPED = re.compile(
    r'"""[^"\\]*(?:(?:\\[\s\S]|"(?!""))[^"\\]*)*"""'
    r"|'''[^'\\]*(?:(?:\\[\s\S]|'(?!''))[^'\\]*)*'''"
    r'|"[^"\\\n]*(?:\\.[^"\\\n]*)*"'
    r"|'[^'\\\n]*(?:\\.[^'\\\n]*)*'"
    r"|#[^\n]*"
)
_NAME = re.compile(r"(?<![.\w])[A-Za-z_]\w*")
_DUNDER_ALL = re.compile(r"^__all__ = \[([^\]]*)\]", re.MULTILINE)
_QUOTED_NAME = re.compile(r'"([A-Za-z_]\w*)"')
_LOCAL_IMPORT = re.compile(r"^( +)from ([.\w]+) import ([^(\n]+)\n", re.MULTILINE)
_FUTURE = "from __future__ import annotations\n"
_ELSE_COMMENT = re.compile(r"^else:(  #[^\n]*)$", re.MULTILINE)


_SPLIT = re.compile(f"({_SKIPPED.pattern})")


def _code_and_strings(code: str) -> tuple[set[str], list[str]]:
    """The names `code` reads outside strings and comments, and its strings and comments (one
    pass: a module's code pieces joined by a space, as if each literal were one)."""
    parts = _SPLIT.split(code)
    return set(_NAME.findall(" ".join(parts[0::2]))), parts[1::2]


def _bound_names(region: Iterable[ast.stmt]) -> set[str]:
    """The names the opening imports bind (those of an `if TYPE_CHECKING:` block too)."""
    found: set[str] = set()
    for node in region:
        body = node.body if isinstance(node, ast.If) else [node]
        for statement in body:
            if isinstance(statement, ast.Import | ast.ImportFrom):
                found.update(_bound(alias) for alias in statement.names)
    return found


def _in_strings(strings: Iterable[str], names: set[str]) -> bool:
    """Whether one of `strings` (literals and comments) is a string literal that reads as an
    expression mentioning one of `names` (prose, a comment mentioning `Any`, does not: it does
    not parse). Triple-quoted strings are docstrings here: the templates quote an annotation on
    one line (and ruff would report an import this dropped)."""
    words = _words(frozenset(names))
    for text in strings:
        if text.startswith(("#", '"""', "'''")) or not words.search(text):
            continue
        try:
            _expression(ast.literal_eval(text))
        except (SyntaxError, ValueError, TypeError):
            continue
        return True
    return False


@lru_cache(maxsize=256)
def _words(names: frozenset[str]) -> re.Pattern[str]:
    """A pattern for any of `names` as a whole name (not an attribute)."""
    return re.compile(r"(?<![.\w])(?:" + "|".join(map(re.escape, sorted(names))) + r")(?!\w)")


def _expression(text: object) -> ast.expr:
    if not isinstance(text, str):
        raise TypeError(text)
    return ast.parse(text.strip(), mode="eval").body


def _last_name(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    return node.attr if isinstance(node, ast.Attribute) else ""


def _forward_references(code: str) -> set[str]:
    """The names read inside string annotations, where ruff (pyflakes) reads them as uses of an
    import: a parameter's, return's or variable's annotation, the value of an `X: TypeAlias = ...`,
    the values of a functional `TypedDict("X", {"key": "type"})`. Not the strings of a
    `Literal[...]`, nor `Annotated[...]` metadata. (`params.py` quotes the TypedDict values and
    aliases that name models or later TypedDicts.)"""
    found: set[str] = set()
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.AnnAssign):
            _type_names(node.annotation, found)
            if node.value is not None and _last_name(node.annotation) == "TypeAlias":
                _type_names(node.value, found)
        elif isinstance(node, ast.arg):
            _type_names(node.annotation, found)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            _type_names(node.returns, found)
        elif (
            isinstance(node, ast.Call)
            and _last_name(node.func) == "TypedDict"
            and len(node.args) > 1
            and isinstance(node.args[1], ast.Dict)
        ):
            for value in node.args[1].values:
                _type_names(value, found)
    return found


def _type_names(node: ast.expr | None, found: set[str]) -> None:
    if node is None:
        return
    if isinstance(node, ast.Constant):
        if isinstance(node.value, str):
            with contextlib.suppress(SyntaxError):  # not a type: ruff reports it, not us
                _type_names(_expression(node.value), found)
        return
    if isinstance(node, ast.Name):
        found.add(node.id)
        return
    if isinstance(node, ast.Subscript):
        _type_names(node.value, found)
        head = _last_name(node.value)
        if head == "Literal":
            return
        parts = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
        for part in parts[:1] if head == "Annotated" else parts:
            _type_names(part, found)
        return
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.expr):
            _type_names(child, found)


def _referenced(nodes: Iterable[ast.AST]) -> set[str]:
    return {sub.id for node in nodes for sub in ast.walk(node) if isinstance(sub, ast.Name)}


def _is_type_checking(node: ast.stmt) -> bool:
    return (
        isinstance(node, ast.If)
        and isinstance(node.test, ast.Name)
        and node.test.id == "TYPE_CHECKING"
        and all(isinstance(s, ast.Import | ast.ImportFrom) for s in node.body)
        and all(isinstance(s, ast.Assign) for s in node.orelse)
    )


def _collect(
    statements: Iterable[ast.stmt], used: set[str]
) -> tuple[dict[str, set[str]], set[str]]:
    froms: dict[str, set[str]] = {}
    plain: set[str] = set()
    for node in statements:
        if isinstance(node, ast.ImportFrom):
            module = "." * node.level + (node.module or "")
            for alias in node.names:
                if module == "__future__" or alias.asname == alias.name or _bound(alias) in used:
                    froms.setdefault(module, set()).add(_alias(alias))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if _bound(alias) in used:
                    plain.add(_alias(alias))
    return froms, plain


def _opening_imports(source: str) -> tuple[int, int] | None:
    """Offsets of the opening imports: from `from __future__ import annotations` (which every
    template writes after its docstring) to the end of the last import or `if TYPE_CHECKING:`
    block that follows it."""
    start = 0 if source.startswith(_FUTURE) else source.find("\n" + _FUTURE) + 1
    if start == 0 and not source.startswith(_FUTURE):
        return None
    end = position = start + len(_FUTURE)
    while position < len(source):
        line_end = source.find("\n", position)
        line_end = len(source) if line_end < 0 else line_end + 1
        line = source[position:line_end]
        if line.startswith(("from ", "import ", "if TYPE_CHECKING:", "else:", " ", ")")):
            end = line_end
        elif line.strip():
            break
        position = line_end
    return start, end


def prune_imports(source: str) -> str:
    """`source` with its opening imports cut to the names it uses and sorted (see the module
    docstring). Comments among them are not kept, but for the one after `else:`."""
    span = _opening_imports(source)
    if span is None:
        return source
    start, end = span
    opening = source[start:end]
    region = ast.parse(opening).body
    if not all(isinstance(n, ast.Import | ast.ImportFrom) or _is_type_checking(n) for n in region):
        return source
    rest = source[end:]
    used, strings = _code_and_strings(rest)
    used |= _exported(rest)
    unused = _bound_names(region) - used
    if unused and _in_strings(strings, unused):  # parsed only then: most modules are not
        used |= _forward_references(rest)
    lazy: list[str] = []
    type_only: tuple[dict[str, set[str]], set[str]] = ({}, set())
    for block in region:
        if not isinstance(block, ast.If):
            continue
        froms, plain = _collect(block.body, used)
        if not froms and not plain:
            continue
        for module, names in froms.items():
            type_only[0].setdefault(module, set()).update(names)
        type_only[1].update(plain)
        for assign in block.orelse:
            if isinstance(assign, ast.Assign) and _referenced(assign.targets) & used:
                lazy.append(ast.get_source_segment(opening, assign) or ast.unparse(assign))
                used |= _referenced([assign.value])
    if type_only[0] or type_only[1]:
        used.add("TYPE_CHECKING")
    froms, plain = _collect((n for n in region if not isinstance(n, ast.If)), used)
    text = import_block(froms, plain)
    if type_only[0] or type_only[1]:
        text += "\nif TYPE_CHECKING:\n" + import_block(*type_only, indent="    ")
        if lazy:
            said = _ELSE_COMMENT.search(opening)  # `else:  # why`: the why is kept
            text += f"else:{said.group(1) if said else ''}\n"
            text += "".join(f"    {line}\n" for line in lazy)
    return source[:start] + text + rest


def _exported(code: str) -> set[str]:
    found = _DUNDER_ALL.search(code)
    return set(_QUOTED_NAME.findall(found.group(1))) if found else set()


def sort_dunder_all(source: str) -> str:
    """`source` with its `__all__` list in ruff's order (RUF022), laid out as it was (one line,
    or one name a line)."""
    found = _DUNDER_ALL.search(source)
    if found is None:
        return source
    names = sorted(_QUOTED_NAME.findall(found.group(1)), key=dunder_all_key)
    if "\n" in found.group(1):
        listed = "[\n" + "".join(f'    "{n}",\n' for n in names) + "]"
    else:
        listed = "[" + ", ".join(f'"{n}"' for n in names) + "]"
    return source[: found.start()] + "__all__ = " + listed + source[found.end() :]


def wrap_local_imports(source: str) -> str:
    """Every one-line `from x import ...` inside a function printed by `from_import` (wrapped
    past `IMPORT_LINE_LENGTH`, names in isort's order)."""

    def reprint(match: re.Match[str]) -> str:
        names = [n.strip() for n in match.group(3).split(",") if n.strip()]
        return from_import(match.group(2), names, match.group(1))

    return _LOCAL_IMPORT.sub(reprint, source)


def tidy(source: str) -> str:
    """A rendered module with its imports pruned and sorted and its `__all__` sorted. A module
    whose opening imports do not parse is left as it is, for the verify stage to report."""
    try:
        return wrap_local_imports(sort_dunder_all(prune_imports(source)))
    except SyntaxError:
        return source
