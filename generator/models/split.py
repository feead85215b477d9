"""models.py cut into a package: one module per model, and an `__init__` that imports a model's
module the first time its name is used.

Why: importing every model of a big API costs seconds (Stripe: 2,389 classes) and a call needs a
few. datamodel-code-generator writes one module; this stage cuts it along the graph of which class
names which. A module imports at run time only what its classes need to be created: their bases
and the values of their defaults (a DAG: classes that need each other that way, which dmcg never
writes, would share a module). The models its annotations name are imported under
`TYPE_CHECKING` only (annotations are never evaluated on import: `from __future__ import
annotations`), so Stripe's `Customer`, whose fields reach ~900 models through cycles, imports one
module. Type checkers see every name, through those imports and the `TYPE_CHECKING` imports of
the `__init__`; `PKG.models.Customer` imports Customer's module.

Every model is built lazily too (`defer_build=True`): pydantic makes a model's validator the first
time it validates, not when the class is created. datamodel-code-generator's `X.model_rebuild()`
calls are dropped: they would build X's validator, and the validators of everything X names, on
import. A module whose annotations name other modules' models ends with `lazy_references(__name__)`
(the runtime's `_lazy`): once its classes exist, a name missing from the module is one of the
package's models, imported when first read. Pydantic reads annotations in the module's globals
when it first builds a model (from any namespace: a user's model, an adapter of `list[Model]`),
and the lenient parse reads one field's type, importing just the models that field names.

The cut is a function of the source alone: the same models.py gives the same modules, and a model
keeps its module name (its class name in snake_case) when the rest of the spec changes.
"""

from __future__ import annotations

import ast
import keyword
import re
from collections.abc import Iterator

from ..ir.naming import module_name, snake
from ..render.imports import dunder_all_key, import_block
from ..verify import code_nodes
from .source_lines import code_lines
from .type_aliases import is_type_alias

PACKAGE_DOC = "The API's models, one module per model, imported on first use."

_TABLE_ENTRY = re.compile(
    rb'^    "[A-Za-z_][A-Za-z0-9_]*": "([A-Za-z_][A-Za-z0-9_]*)",$', re.MULTILINE
)
_CONFIG = re.compile(r"^(    model_config = ConfigDict\(\n)", re.MULTILINE)


def split_models(source: str, header: str, line_length: int = 100) -> dict[str, str]:
    """`models/<module>.py` texts and `models/__init__.py`, from models.py's text. From black's
    output, the modules are black's output too: pieces of it, and import lines laid out as black
    lays them out (tested)."""
    lines, tree, unquoted = _spelled_as_linters_want(source)
    imports: list[ast.stmt] = []
    classes: dict[str, ast.stmt] = {}  # classes, and type aliases (models/type_aliases.py)
    other: list[ast.stmt] = []
    last: ast.stmt | None = None
    for node in tree.body:
        if isinstance(node, ast.ImportFrom | ast.Import):
            imports.append(node)
        elif isinstance(node, ast.ClassDef):
            classes[node.name] = node
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            if is_type_alias(node):
                classes[node.target.id] = node
            else:
                other.append(node)
        elif _is_docstring(node) and last is not None and is_type_alias(last):
            last.end_lineno = node.end_lineno  # an alias's docstring goes with it
        elif (owner := _rebuilt(node)) is not None and owner in classes:
            continue  # see the module docstring: a deferred model resolves its names when built
        else:
            other.append(node)
        last = node
    if other or not classes:
        return {}  # a shape this stage does not know: keep the single module
    names = set(classes)
    order = list(classes)
    mentioned: dict[str, set[str]] = {}
    created_with: dict[str, set[str]] = {}
    for name, node in classes.items():
        mentioned[name], created_with[name] = _names_in(node, unquoted)
        mentioned[name] |= _quoted_in(node)
    # (a & names) - {name}, not a & (names - {name}): a copy of every name for every class
    uses = {name: (mentioned[name] & names) - {name} for name in order}
    needs = {name: (created_with[name] & names) - {name} for name in order}
    groups = _components(order, needs)
    module_of: dict[str, str] = {}
    taken = {"__init__"}
    for group in groups:
        module = _module_name(group[0], taken)
        for name in group:
            module_of[name] = module
    files: dict[str, str] = {}
    for group in groups:
        module = module_of[group[0]]
        body = "\n\n\n".join(_with_deferred_build(_segment(lines, classes[n])) for n in group)
        eager: dict[str, set[str]] = {}
        lazy: dict[str, set[str]] = {}
        for name in group:
            for dependency in uses[name]:
                if module_of[dependency] != module:
                    wanted = eager if dependency in needs[name] else lazy
                    wanted.setdefault(module_of[dependency], set()).add(dependency)
        for other_module, wanted_names in eager.items():
            if other_module in lazy:
                lazy[other_module] -= wanted_names
                if not lazy[other_module]:
                    del lazy[other_module]
        names_used: set[str] = set().union(*(mentioned[n] for n in group))
        froms, plain = _used_imports(imports, names_used)
        for other_module, wanted_names in eager.items():
            froms[f".{other_module}"] = wanted_names
        checking = ""
        resolving = ""
        # a subclass of a model is built reading the fields it inherits in its own module
        inherits = any(
            _names_in(base, unquoted)[0] & names for n in group for base in _bases(classes[n])
        )
        if lazy:
            froms.setdefault("typing", set()).add("TYPE_CHECKING")
            checking = "\nif TYPE_CHECKING:\n" + import_block(
                {f".{other_module}": lazy[other_module] for other_module in lazy}, indent="    "
            )
        if lazy or inherits:
            froms.setdefault(".._runtime._lazy", set()).add("lazy_references")
            resolving = "\n\n\nlazy_references(__name__)"
        # black's blank lines: one after the imports before an alias, two before a class
        blank = "\n" if is_type_alias(classes[group[0]]) and not checking else "\n\n"
        files[f"models/{module}.py"] = (
            header + import_block(froms, plain) + checking + blank + body + resolving + "\n"
        )
    files["models/__init__.py"] = _package_init(header, order, module_of, line_length)
    return files


def _is_docstring(node: ast.stmt) -> bool:
    return (
        isinstance(node, ast.Expr)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
    )


def _rebuilt(node: ast.stmt) -> str | None:
    """`X` of a top-level `X.model_rebuild()` statement."""
    if (
        isinstance(node, ast.Expr)
        and isinstance(node.value, ast.Call)
        and isinstance(node.value.func, ast.Attribute)
        and node.value.func.attr == "model_rebuild"
        and isinstance(node.value.func.value, ast.Name)
    ):
        return node.value.func.value.id
    return None


def _segment(lines: list[str], node: ast.stmt) -> str:
    start = min([node.lineno, *(d.lineno for d in getattr(node, "decorator_list", []))])
    end = node.end_lineno or node.lineno
    return "".join(lines[start - 1 : end]).rstrip("\n")


def _names_in(node: ast.AST, unquoted: frozenset[int]) -> tuple[set[str], set[str]]:
    """Every bare name the class mentions (bases, annotations, defaults): the models it needs; and
    those it needs to be created (annotations left out: they are strings on import). Strings are
    values (`Literal["Customer"]`), never references, but for the names `unquoted` (ids of the
    constants `_spelled_as_linters_want` wrote as names); dmcg quotes a name only in the parameter
    of a RootModel base (`RootModel[list["Item"]]`, see `_quoted_in`)."""
    found: set[str] = set()
    created: set[str] = set()
    stack: list[tuple[ast.AST, bool]] = [(node, True)]  # (node, read when the class is created)
    while stack:
        current, creating = stack.pop()
        if isinstance(current, ast.Name):
            found.add(current.id)
            if creating:
                created.add(current.id)
        elif isinstance(current, ast.Constant):
            if id(current) in unquoted:
                found.add(str(current.value))
                if creating:
                    created.add(str(current.value))
        elif isinstance(current, ast.AnnAssign):
            stack.append((current.target, creating))
            stack.append((current.annotation, False))
            if current.value is not None:
                stack.append((current.value, creating))
        else:
            stack.extend((child, creating) for child in ast.iter_child_nodes(current))
    return found, created


def _quoted_in(node: ast.stmt) -> set[str]:
    """The names quoted as forward references in the class's bases and field annotations (dmcg's
    `RootModel[list["Item"]]`), `Literal[...]` values left out: models read when it is built."""
    roots: list[ast.AST] = []
    if isinstance(node, ast.ClassDef):
        roots.extend(node.bases)
        roots.extend(s.annotation for s in node.body if isinstance(s, ast.AnnAssign))
    elif isinstance(node, ast.AnnAssign) and node.value is not None:
        roots.append(node.value)  # a type alias (`X: TypeAlias = list["Y"]`)
    return {str(c.value) for root in roots for c in _quoted(root)}


def _quoted(root: ast.AST) -> Iterator[ast.Constant]:
    """The string constants below `root` that are identifiers (quoted names), outside
    `Literal[...]` and calls (whose strings are values: `Field(union_mode="smart")`)."""
    stack: list[ast.AST] = [root]
    while stack:
        current = stack.pop()
        if isinstance(current, ast.Constant):
            if isinstance(current.value, str) and current.value.isidentifier():
                yield current
        elif not isinstance(current, ast.Call) and not (
            isinstance(current, ast.Subscript)
            and isinstance(current.value, ast.Name)
            and current.value.id == "Literal"
        ):
            stack.extend(ast.iter_child_nodes(current))


def _components(order: list[str], uses: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of the `uses` graph, each listed in source order, a component
    after every component it uses (Tarjan's algorithm, iterative; deterministic: it visits in
    source order)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[list[str]] = []
    position = {name: i for i, name in enumerate(order)}
    counter = 0
    for root in order:
        if root in index:
            continue
        work = [(root, iter(sorted(uses[root], key=position.__getitem__)))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            advanced = False
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(uses[child], key=position.__getitem__))))
                    advanced = True
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                found.append(sorted(component, key=position.__getitem__))
    return found


def _module_name(class_name: str, taken: set[str]) -> str:
    """The class name in snake_case: never a keyword, private, Windows-reserved or too long."""
    base = str(snake(class_name, "model"))
    if keyword.iskeyword(base) or base.startswith("_"):
        base = f"{base.strip('_')}_model"
    return str(module_name(base, taken))


def _with_deferred_build(class_text: str) -> str:
    """`defer_build=True` in the class's model_config (dmcg writes one for every BaseModel)."""
    return _CONFIG.sub(r"\1        defer_build=True,\n", class_text, count=1)


def _used_imports(imports: list[ast.stmt], used: set[str]) -> tuple[dict[str, set[str]], set[str]]:
    """models.py's imports (and `from __future__ import annotations`), each cut to the names this
    module's classes use: `from` imports by module, and the modules imported whole."""
    froms: dict[str, set[str]] = {"__future__": {"annotations"}}
    plain: set[str] = set()
    for node in imports:
        if isinstance(node, ast.ImportFrom):
            module = f"{'.' * node.level}{node.module or ''}"
            for a in node.names:
                if module != "__future__" and (a.asname or a.name) in used:
                    froms.setdefault(module, set()).add(
                        a.name if not a.asname else f"{a.name} as {a.asname}"
                    )
        elif isinstance(node, ast.Import):
            plain.update(
                a.name if not a.asname else f"{a.name} as {a.asname}"
                for a in node.names
                if (a.asname or a.name).split(".")[0] in used
            )
    return froms, plain


def _spelled_as_linters_want(source: str) -> tuple[list[str], ast.Module, frozenset[int]]:
    """Two spellings of datamodel-code-generator that linters flag, rewritten in code only (found
    by the parser, never the text of a docstring): `Dict[...]` as `dict[...]` (its typed extras,
    `__annotations__ = {"__pydantic_extra__": Dict[str, str]}`; the import of `Dict` is then
    unused and left out), and a quoted model name in a field's annotation unquoted (annotations
    are not evaluated at import: `from __future__ import annotations`). A quoted name in a base
    class (`RootModel[list["Item"]]`) is evaluated and stays quoted.

    The rewritten source's lines, its tree, and the ids of the tree's constants that are names in
    the rewritten source. The tree is the one parse of `source`, edited as the text is (`Dict`
    names renamed): the rewrite changes no line and makes only names, so the source is parsed once
    (~0.5 s on Stripe's models); where that is not certain (an unquoted keyword, an f-string, whose
    offsets Python 3.11 gets wrong) the rewritten source is parsed again."""
    tree = ast.parse(source)
    edits: list[tuple[int, int, int, str]] = []  # line, start byte, end byte, text
    unquoted: set[int] = set()
    parse_again = False
    for node in code_nodes(tree):
        if isinstance(node, ast.Name) and node.id == "Dict":
            edits.append((node.lineno, node.col_offset, node.col_offset + 4, "dict"))
            node.id = "dict"
        elif isinstance(node, ast.ClassDef):
            for field in node.body:
                if isinstance(field, ast.AnnAssign):
                    for constant, edit in _quoted_names(field.annotation):
                        edits.append(edit)
                        unquoted.add(id(constant))
                        parse_again = parse_again or keyword.iskeyword(edit[3])
        elif isinstance(node, ast.JoinedStr):
            parse_again = True
    lines = code_lines(source)
    for lineno, begin, end, text in sorted(edits, reverse=True):
        raw = lines[lineno - 1].encode()  # AST offsets count UTF-8 bytes
        lines[lineno - 1] = (raw[:begin] + text.encode() + raw[end:]).decode()
    if parse_again:
        rewritten = "".join(lines)
        return code_lines(rewritten), ast.parse(rewritten), frozenset()
    return lines, tree, frozenset(unquoted)


def _quoted_names(
    annotation: ast.expr,
) -> list[tuple[ast.Constant, tuple[int, int, int, str]]]:
    """The model names quoted in an annotation (`Literal[...]` values left), each with the edit
    unquoting it. Plainly quoted, `"Name"`: an ASCII name (a character of any other takes more
    bytes than one), so the name the parser reads is the string."""
    return [
        (c, (c.lineno, c.col_offset, c.end_col_offset, str(c.value)))
        for c in _quoted(annotation)
        if c.end_col_offset is not None
        and c.end_lineno == c.lineno
        and c.end_col_offset == c.col_offset + len(str(c.value)) + 2  # plainly quoted: "Name"
    ]


def _bases(node: ast.stmt) -> list[ast.expr]:
    return node.bases if isinstance(node, ast.ClassDef) else []


def _package_init(
    header: str, order: list[str], module_of: dict[str, str], line_length: int
) -> str:
    by_module: dict[str, list[str]] = {}
    for name in order:
        by_module.setdefault(module_of[name], []).append(name)
    checking = import_block(
        {f".{module}": {f"{n} as {n}" for n in names} for module, names in by_module.items()},
        indent="    ",
    )
    # Class and module names are identifiers: quoted as black quotes them, nothing to escape.
    table = "".join(f'    "{name}": "{module_of[name]}",\n' for name in sorted(order))
    exported = "".join(f'    "{name}",\n' for name in sorted(order, key=dunder_all_key))
    return (
        header
        + f'"""{PACKAGE_DOC}"""\n\n'
        + "from __future__ import annotations\n\n"
        + "from typing import TYPE_CHECKING\n\n"
        + "from .._runtime._lazy import lazy_attributes\n\n"
        + "if TYPE_CHECKING:\n"
        + checking
        + "\n# model name -> the module under this package that defines it\n"
        + "_MODULES: dict[str, str] = {\n"
        + table
        + "}\n\n"
        + "__all__ = [\n"
        + exported
        + "]\n\n"
        + "__getattr__ = lazy_attributes(__name__, _MODULES)\n"
    )


def module_paths(package_init: bytes) -> set[str]:
    """Every file of a models package, read from its `__init__` (the `_MODULES` table)."""
    modules = {m.decode() for m in _TABLE_ENTRY.findall(package_init)}
    return {"models/__init__.py", *(f"models/{module}.py" for module in modules)}
