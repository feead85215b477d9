"""A rendered module's import block, cut to what the module references and laid out as ruff's
isort (its default settings) lays it out.

A template lists the names its module may need in its opening imports (and an optional
`if TYPE_CHECKING: ... else: name = ...` block); `prune_imports` keeps the names the rest of the
module mentions (or exports in `__all__`, or re-exports `as` themselves), drops the others, and
prints the block sorted: `__future__`, standard library, third party, then relative imports, a
blank line between sections, plain `import x` before `from x import y` within a section, members
constants first, then classes, then the rest. An import longer than `IMPORT_LINE_LENGTH` is one
name a line with a trailing comma, which black keeps as it is.
"""

from __future__ import annotations

import ast
import re
import sys
from collections.abc import Iterable

# isort's (and ruff's) default line length: wider imports are wrapped.
IMPORT_LINE_LENGTH = 88

_DIGITS = re.compile(r"(\d+)")


def natural_key(name: str) -> tuple[tuple[int, str, int], ...]:
    """Natural order (`Item2` before `Item10`), as ruff sorts members and `__all__`."""
    return tuple(
        (1, "", int(part)) if part.isdigit() else (0, part, 0) for part in _DIGITS.split(name)
    )


def _member_rank(name: str) -> int:
    if len(name) > 1 and name.isupper():
        return 0  # CONSTANT
    if name[:1].isupper():
        return 1  # Class
    return 2


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


def _referenced(nodes: Iterable[ast.AST]) -> set[str]:
    found: set[str] = set()
    for node in nodes:
        for sub in ast.walk(node):
            if isinstance(sub, ast.Name):
                found.add(sub.id)
    return found


def _exported(tree: ast.Module) -> set[str]:
    for node in tree.body:
        if (
            isinstance(node, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets)
            and isinstance(node.value, ast.List | ast.Tuple)
        ):
            return {
                e.value
                for e in node.value.elts
                if isinstance(e, ast.Constant) and isinstance(e.value, str)
            }
    return set()


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


def prune_imports(source: str) -> str:
    """`source` with its opening imports cut to the names it uses and sorted (see the module
    docstring). The opening imports are the top-level imports (and `if TYPE_CHECKING:` blocks)
    after the module docstring, up to the first other statement; comments among them are not kept.
    """
    tree = ast.parse(source)
    body = tree.body
    start = (
        1
        if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant)
        else 0
    )
    end = start
    while end < len(body) and (
        isinstance(body[end], ast.Import | ast.ImportFrom) or _is_type_checking(body[end])
    ):
        end += 1
    if end == start:
        return source
    region = body[start:end]
    used = _referenced(body[end:]) | _exported(tree)
    checking = [n for n in region if isinstance(n, ast.If)]
    plain_imports = [n for n in region if not isinstance(n, ast.If)]
    lazy: list[str] = []
    type_only: tuple[dict[str, set[str]], set[str]] = ({}, set())
    for block in checking:
        assert isinstance(block, ast.If)
        froms, plain = _collect(block.body, used)
        if not froms and not plain:
            continue
        for module, names in froms.items():
            type_only[0].setdefault(module, set()).update(names)
        type_only[1].update(plain)
        for assign in block.orelse:
            if isinstance(assign, ast.Assign) and _referenced(assign.targets) & used:
                lazy.append(ast.get_source_segment(source, assign) or "")
                used |= _referenced([assign.value])
    if type_only[0] or type_only[1]:
        used.add("TYPE_CHECKING")
    froms, plain = _collect(plain_imports, used)
    text = import_block(froms, plain)
    if type_only[0] or type_only[1]:
        text += "\nif TYPE_CHECKING:\n" + import_block(*type_only, indent="    ")
        if lazy:
            text += "else:\n" + "".join(f"    {line}\n" for line in lazy)
    lines = source.splitlines(keepends=True)
    first = region[0].lineno - 1
    last = region[-1].end_lineno or region[-1].lineno
    return "".join(lines[:first]) + text + "".join(lines[last:])


def sort_dunder_all(source: str) -> str:
    """`source` with its `__all__` list in ruff's order (RUF022), laid out as it was (one line, or
    one name a line)."""
    tree = ast.parse(source)
    for node in tree.body:
        if not (
            isinstance(node, ast.Assign)
            and [t.id for t in node.targets if isinstance(t, ast.Name)] == ["__all__"]
            and isinstance(node.value, ast.List)
            and all(
                isinstance(e, ast.Constant) and isinstance(e.value, str) for e in node.value.elts
            )
        ):
            continue
        segment = ast.get_source_segment(source, node.value) or ""
        quoted = {
            e.value: ast.get_source_segment(source, e) or repr(e.value)
            for e in node.value.elts
            if isinstance(e, ast.Constant) and isinstance(e.value, str)
        }
        ordered = [quoted[name] for name in sorted(quoted, key=dunder_all_key)]
        if "\n" in segment:
            text = "[\n" + "".join(f"    {q},\n" for q in ordered) + "]"
        else:
            text = "[" + ", ".join(ordered) + "]"
        lines = source.splitlines(keepends=True)
        start = sum(len(line) for line in lines[: node.value.lineno - 1]) + node.value.col_offset
        end_line = node.value.end_lineno or node.value.lineno
        end = sum(len(line) for line in lines[: end_line - 1]) + (node.value.end_col_offset or 0)
        return source[:start] + text + source[end:]
    return source


def wrap_local_imports(source: str) -> str:
    """Every `from x import ...` inside a function printed by `from_import` (wrapped past
    `IMPORT_LINE_LENGTH`, names in isort's order)."""
    tree = ast.parse(source)
    nested = [
        node
        for top in tree.body
        if isinstance(top, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
        for node in ast.walk(top)
        if isinstance(node, ast.ImportFrom)
    ]
    if not nested:
        return source
    lines = source.splitlines(keepends=True)
    for node in sorted(nested, key=lambda n: n.lineno, reverse=True):
        module = "." * node.level + (node.module or "")
        printed = from_import(module, map(_alias, node.names), " " * node.col_offset)
        lines[node.lineno - 1 : node.end_lineno or node.lineno] = [printed]
    return "".join(lines)


def tidy(source: str) -> str:
    """A rendered module with its imports pruned and sorted and its `__all__` sorted."""
    return wrap_local_imports(sort_dunder_all(prune_imports(source)))
