"""After rendering: every generated module parses, and holds only the kinds of top-level statements
our templates make. Anything else (a call, a loop, an exec) means a spec string escaped its quoting,
and the write is aborted."""

from __future__ import annotations

import ast

from .findings import ApigenError, Finding, error

_ALLOWED_CALLS = frozenset({"model_rebuild", "lazy_module", "TypeVar", "update_forward_refs"})


def _allowed_expr(node: ast.expr) -> bool:
    if isinstance(node, ast.Constant):
        return True
    if isinstance(node, ast.Call):
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
        return name in _ALLOWED_CALLS and all(isinstance(a, (ast.Constant, ast.Name, ast.Attribute)) for a in node.args)
    return isinstance(node, (ast.Name, ast.Attribute, ast.Subscript, ast.BinOp, ast.List, ast.Tuple, ast.Dict))


def _check_body(body: list[ast.stmt], path: str, problems: list[Finding]) -> None:
    for node in body:
        ok = False
        if isinstance(node, (ast.Import, ast.ImportFrom, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            ok = True
        elif isinstance(node, ast.Expr):
            ok = _allowed_expr(node.value)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            ok = node.value is None or _allowed_expr(node.value)
        elif isinstance(node, ast.If):
            # Only `if TYPE_CHECKING:` blocks.
            test = node.test
            ok = isinstance(test, ast.Name) and test.id == "TYPE_CHECKING"
            if ok:
                _check_body(node.body, path, problems)
                _check_body(node.orelse, path, problems)
        elif hasattr(ast, "TypeAlias") and isinstance(node, ast.TypeAlias):
            ok = True
        if not ok:
            problems.append(
                error(
                    "unsafe-output",
                    f"{path}:{node.lineno}: unexpected top-level {type(node).__name__} in generated code",
                    hint="a spec string reached the code unescaped; please report this spec",
                )
            )


def verify_modules(sources: dict[str, str]) -> None:
    problems: list[Finding] = []
    for path, source in sorted(sources.items()):
        if not path.endswith(".py") or path.startswith("_runtime/"):
            continue
        try:
            tree = ast.parse(source, filename=path)
        except SyntaxError as exc:
            problems.append(error("unsafe-output", f"{path}:{exc.lineno}: generated code does not parse: {exc.msg}"))
            continue
        _check_body(tree.body, path, problems)
    if problems:
        raise ApigenError(problems)
