"""After rendering: every generated module parses, and holds only the kinds of statements our
templates make. Anything else (a call, a loop, an exec) means a spec string escaped its quoting,
and the write is aborted.

What runs when a generated module is imported is checked strictly: the module body, class bodies,
decorators, base classes, default values and annotations (pydantic and FastAPI evaluate those) may
only hold names, attributes, subscripts, literals, `|` unions and calls to the few constructors our
templates and datamodel-code-generator print (`Field(...)`, `ConfigDict(...)`, `Query(...)`, ...),
whose arguments are checked the same way. Function bodies run only when called; there, calls to
`eval`, `exec`, `__import__` and the like and dunder attributes that reach into the interpreter are
refused. The file paths are checked too: nothing may be written outside the package folder.
"""

from __future__ import annotations

import ast
import hashlib
import re
from functools import cache
from pathlib import Path

from . import cache as disk_cache
from .findings import ApigenError, Finding, error
from .module_tree import module_tree
from .write import safe_relative

# Calls allowed where code runs on import (by the name called: `Field(...)`, `Foo.model_rebuild()`).
ALLOWED_CALLS = frozenset(
    {
        # generated module plumbing
        "model_rebuild",
        "update_forward_refs",
        "lazy_module",
        "lazy_attributes",
        "lazy_references",
        "TypeVar",
        "NewType",
        "dataclass",
        "TypeAliasType",
        "TypedDict",  # params.py: a TypedDict whose keys are no identifiers
        # values datamodel-code-generator prints for examples and defaults of formatted strings
        "datetime",
        "date",
        "time",
        "timedelta",
        "timezone",
        "Decimal",
        "UUID",
        # pydantic, as datamodel-code-generator prints it
        "Field",
        "ConfigDict",
        "constr",
        "conint",
        "confloat",
        "conlist",
        "conset",
        "condecimal",
        "conbytes",
        "condate",
        "StringConstraints",
        "Discriminator",
        "Tag",
        "AliasChoices",
        "AliasPath",
        "model_validator",  # presence alternatives (models/presence.py)
        # FastAPI parameters and dependencies (server stubs)
        "Query",
        "Path",
        "Header",
        "Cookie",
        "Body",
        "Form",
        "File",
        "Depends",
        "Security",
        "HTTPBearer",
        "HTTPBasic",
        "APIKeyHeader",
        "APIKeyQuery",
        "APIKeyCookie",
        "OAuth2PasswordBearer",
        "OpenIdConnect",
    }
)
# Names that are never called, and attributes never read, anywhere in generated code.
FORBIDDEN_CALLS = frozenset(
    {
        "eval",
        "exec",
        "compile",
        "__import__",
        "breakpoint",
        "globals",
        "locals",
        "open",
        "input",
        "exit",
        "quit",
    }
)
FORBIDDEN_NAMES = frozenset({"__import__", "__builtins__", "__loader__", "__spec__"})
FORBIDDEN_ATTRIBUTES = frozenset(
    {
        "__import__",
        "__builtins__",
        "__globals__",
        "__subclasses__",
        "__code__",
        "__closure__",
        "__reduce__",
        "__reduce_ex__",
        "__getattribute__",
        "__dict__",
        "__bases__",
        "__mro__",
        "__class__",
        "__loader__",
        "__spec__",
        "f_globals",
        "f_locals",
        "f_back",
        "gi_frame",
    }
)
# PEP 263 encoding declaration (line 1 or 2): any codec but UTF-8 would change what the bytes mean.
_CODING_COOKIE = re.compile(rb"^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)")
_SAFE_OPERATORS = (ast.BitOr,)  # `A | B` in annotations


def _type_checking(test: ast.expr) -> bool:
    """`if TYPE_CHECKING:` or `if not TYPE_CHECKING:` (params.py's run-time aliases)."""
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        test = test.operand
    return isinstance(test, ast.Name) and test.id == "TYPE_CHECKING"


def _call_name(node: ast.Call) -> str:
    func = node.func
    if isinstance(func, ast.Attribute):
        return func.attr
    if isinstance(func, ast.Name):
        return func.id
    return ""


def safe_expression(node: ast.AST | None) -> bool:
    """An expression that does nothing when evaluated but build values: literals, names,
    attributes, subscripts, `|` unions, `-1`, and calls to ALLOWED_CALLS with such arguments."""
    return first_unsafe(node) is None


def first_unsafe(node: ast.AST | None) -> ast.AST | None:
    """The first part of an expression that could do something when evaluated (None: all safe)."""
    if node is None:
        return None
    if isinstance(node, ast.Call):
        if _call_name(node) not in ALLOWED_CALLS:
            return node
        parts: list[ast.AST | None] = [node.func, *node.args, *(k.value for k in node.keywords)]
    elif isinstance(node, ast.BinOp):
        if not isinstance(node.op, _SAFE_OPERATORS):
            return node
        parts = [node.left, node.right]
    elif isinstance(node, ast.UnaryOp):
        return (
            None
            if isinstance(node.op, (ast.USub, ast.UAdd)) and isinstance(node.operand, ast.Constant)
            else node
        )
    elif isinstance(node, (ast.Constant, ast.Name)):
        return None
    elif isinstance(node, ast.Attribute):
        parts = [node.value]
    elif isinstance(node, ast.Subscript):
        parts = [node.value, node.slice]
    elif isinstance(node, ast.Slice):
        parts = [node.lower, node.upper, node.step]
    elif isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        parts = list(node.elts)
    elif isinstance(node, ast.Dict):
        parts = [*node.keys, *node.values]
    elif isinstance(node, ast.Starred):
        parts = [node.value]
    else:
        return node
    for part in parts:
        bad = first_unsafe(part)
        if bad is not None:
            return bad
    return None


class _Checker:
    def __init__(self, path: str, problems: list[Finding]) -> None:
        self.path = path
        self.problems = problems

    def fail(self, node: ast.AST, what: str) -> None:
        self.problems.append(
            error(
                "unsafe-output",
                f"{self.path}:{getattr(node, 'lineno', 0)}: {what} in generated code",
                hint="a spec string reached the code unescaped; please report this spec",
            )
        )

    def expression(self, node: ast.AST | None, where: str) -> None:
        bad = first_unsafe(node)
        if bad is not None:
            self.fail(bad, f"unexpected {type(bad).__name__} in {where}")

    # ---- code that runs on import ----------------------------------------------------------------
    def signature(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        for decorator in node.decorator_list:
            self.expression(decorator, "a decorator")
        args = node.args
        for default in [*args.defaults, *args.kw_defaults]:
            self.expression(default, "a default value")
        for arg in [*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg]:
            if arg is not None:
                self.expression(arg.annotation, "an annotation")
        self.expression(node.returns, "an annotation")

    def class_def(self, node: ast.ClassDef) -> None:
        for decorator in node.decorator_list:
            self.expression(decorator, "a class decorator")
        for base in node.bases:
            self.expression(base, "a base class")
        for keyword in node.keywords:
            self.expression(keyword.value, "a class keyword")
        self.body(node.body, in_class=True)

    def body(self, body: list[ast.stmt], *, in_class: bool = False) -> None:
        where = "class body" if in_class else "top level"
        for node in body:
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                if in_class:
                    self.fail(node, f"unexpected {type(node).__name__} in a class body")
            elif isinstance(node, ast.ClassDef):
                self.class_def(node)
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                self.signature(node)
            elif isinstance(node, ast.Expr):
                self.expression(node.value, f"an expression at {where}")
            elif isinstance(node, ast.Assign):
                for target in node.targets:
                    if not isinstance(target, (ast.Name, ast.Attribute)):
                        self.fail(node, f"unexpected assignment target at {where}")
                self.expression(node.value, f"an assignment at {where}")
            elif isinstance(node, ast.AnnAssign):
                if not isinstance(node.target, (ast.Name, ast.Attribute)):
                    self.fail(node, f"unexpected assignment target at {where}")
                self.expression(node.annotation, "an annotation")
                self.expression(node.value, f"an assignment at {where}")
            elif isinstance(node, ast.Pass) and in_class:
                pass
            elif isinstance(node, ast.If) and not in_class and _type_checking(node.test):
                self.body(node.body)
                self.body(node.orelse)
            elif hasattr(ast, "TypeAlias") and isinstance(node, ast.TypeAlias):
                self.expression(node.value, "a type alias")
            else:
                self.fail(node, f"unexpected {type(node).__name__} at {where}")

    # ---- anywhere, function bodies included --------------------------------------------------------
    def forbidden(self, tree: ast.AST) -> None:
        for node in code_nodes(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in FORBIDDEN_CALLS
            ):
                self.fail(node, f"a call to {node.func.id}()")
            elif isinstance(node, ast.Name) and node.id in FORBIDDEN_NAMES:
                self.fail(node, f"the name {node.id}")
            elif isinstance(node, ast.Attribute) and node.attr in FORBIDDEN_ATTRIBUTES:
                self.fail(node, f"the attribute .{node.attr}")
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                # Nested functions too: FastAPI and pydantic evaluate their annotations.
                args = node.args
                for arg in [
                    *args.posonlyargs,
                    *args.args,
                    *args.kwonlyargs,
                    args.vararg,
                    args.kwarg,
                ]:
                    if arg is not None:
                        self.expression(arg.annotation, "an annotation")
                self.expression(node.returns, "an annotation")
            elif isinstance(node, ast.AnnAssign):
                self.expression(node.annotation, "an annotation")


# Fields that never hold a node a check reads: names (`str`), numbers, and the expression contexts
# and operators (`Load()`, `Add()`: leaves, no check reads them).
_LEAF_FIELDS = frozenset(
    {"ctx", "op", "ops", "id", "attr", "arg", "module", "level", "kind", "conversion", "simple"}
)
_CHILD_FIELDS: dict[type[ast.AST], tuple[str, ...]] = {ast.Constant: ()}


def code_nodes(tree: ast.AST) -> list[ast.AST]:
    """Every node of `tree` in `ast.walk`'s order (breadth first), expression contexts and
    operators left out: `ast.walk`'s nodes at under half its cost (a generator of generators)."""
    found = [tree]
    append, extend = found.append, found.extend
    for node in found:  # grows while it is read: breadth first, as ast.walk
        kind = type(node)
        fields = _CHILD_FIELDS.get(kind)
        if fields is None:
            fields = _CHILD_FIELDS[kind] = tuple(f for f in kind._fields if f not in _LEAF_FIELDS)
        for name in fields:
            value = getattr(node, name, None)
            if isinstance(value, list):
                extend([item for item in value if isinstance(item, ast.AST)])
            elif isinstance(value, ast.AST):
                append(value)
    return found


def verify_source(path: str, source: str) -> list[Finding]:
    """The problems of one generated module (empty when it is safe to write). The module is checked
    as the UTF-8 bytes that will be written, decoded the way the importer will decode them."""
    problems: list[Finding] = []
    try:
        data = source.encode("utf-8")
    except UnicodeEncodeError as exc:
        return [error("unsafe-output", f"{path}: generated code is not valid UTF-8: {exc.reason}")]
    for line in data.split(b"\n", 2)[:2]:
        cookie = _CODING_COOKIE.match(line)
        if cookie and cookie.group(1).decode("ascii", "replace").lower().replace("_", "-") not in (
            "utf-8",
            "utf8",
        ):
            codec = cookie.group(1).decode("ascii", "replace")
            return [
                error("unsafe-output", f"{path}: generated code declares the encoding {codec!r}")
            ]
    try:
        # The text's tree (kept for the next reader of models.py), but a leading BOM is left to
        # the bytes, which the parser reads as the importer does; same tree otherwise.
        tree = (
            ast.parse(data, filename=path) if source.startswith("\ufeff") else module_tree(source)
        )
        compile(tree, path, "exec", dont_inherit=True)
    except SyntaxError as exc:
        return [
            error(
                "unsafe-output",
                f"{path}:{exc.lineno or 0}: generated code does not parse: {exc.msg}",
            )
        ]
    except ValueError as exc:  # e.g. a NUL byte
        return [error("unsafe-output", f"{path}:0: generated code does not parse: {exc}")]
    checker = _Checker(path, problems)
    checker.body(tree.body)
    checker.forbidden(tree)
    return problems


@cache
def _verifier_sha256() -> str:
    """The checks themselves: a cached verdict is only as good as the code that reached it."""
    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()


def _passed_marker(source: str) -> str:
    """The key of the mark that `source` passed these checks (a row of the `verify` cache)."""
    return hashlib.sha256(
        f"{_verifier_sha256()}\0{source}".encode("utf-8", "surrogatepass")
    ).hexdigest()


def verify_modules(sources: dict[str, str], use_cache: bool = True) -> None:
    """Raise ApigenError (nothing is written) when any generated file is unsafe.

    A module that passed before (same text, same checks) is not parsed again: only passes are
    remembered, on disk by hash, so a one-line spec change re-checks only the modules it changed."""
    problems: list[Finding] = []
    for path, source in sorted(sources.items()):
        try:
            safe_relative(path)
        except ApigenError as exc:
            problems.extend(exc.findings)
            continue
        if not path.endswith(".py") or path.startswith("_runtime/"):
            continue
        marker = _passed_marker(source) if use_cache else None
        if marker is not None and disk_cache.lookup("verify", marker) is not None:
            continue
        found = verify_source(path, source)
        problems.extend(found)
        if marker is not None and not found:
            disk_cache.store("verify", marker, "")
    if use_cache:
        disk_cache.flush()
    if problems:
        raise ApigenError(problems)
