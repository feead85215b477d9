"""Renaming a generated package's import name in its own source (`apigen vendor --package NAME`).

It rewrites absolute imports of the package (`import ocpplab`, `from ocpplab.x import y`), the
names bound by `import ocpplab...`, strings that are exactly a dotted path inside the package, and
in docstrings and comments only, import lines and backticked dotted paths (`ocpplab.models`). It
works on tokens and AST positions, never on raw text (spec text such as a description mentioning
the product name is left alone), and every rewritten module must parse.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from dataclasses import dataclass

from .findings import ApigenError, Location, error


@dataclass(frozen=True)
class _Edit:
    line: int  # 1-based
    start: int  # column offsets (characters) on that line
    end: int
    text: str


def _module_path_re(old: str) -> re.Pattern[str]:
    return re.compile(rf"^{re.escape(old)}(\.[A-Za-z_][A-Za-z0-9_]*)+$")


def rename_module_source(
    source: str, old: str, new: str, *, path: str = "<module>"
) -> tuple[str, int]:
    """Rewrite the references of one module to package `old` as `new`; returns (source, edits)."""
    if old == new or old not in source:
        return source, 0
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        raise ApigenError(
            error(
                "vendor-invalid",
                f"{path} does not parse: {exc.msg}",
                location=Location(path, exc.lineno or 0),
            )
        ) from None
    lines = source.splitlines(keepends=True)
    tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    token_at = {t.start: i for i, t in enumerate(tokens)}
    edits: list[_Edit] = []
    bound = False  # `import old[.x]` without `as` binds the name `old` in this module
    path_re = _module_path_re(old)

    def head(dotted: str) -> bool:
        return dotted == old or dotted.startswith(old + ".")

    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if head(alias.name):
                    edits.append(
                        _Edit(alias.lineno, alias.col_offset, alias.col_offset + len(old), new)
                    )
                    if alias.asname is None:
                        bound = True
        elif (
            isinstance(node, ast.ImportFrom)
            and node.level == 0
            and node.module
            and head(node.module)
        ):
            index = token_at.get((node.lineno, node.col_offset))
            if index is None:
                continue
            for tok in tokens[index + 1 :]:
                if tok.type == tokenize.NAME:
                    if tok.string == old:
                        edits.append(_Edit(tok.start[0], tok.start[1], tok.end[1], new))
                    break
    for node in ast.walk(tree):
        if bound and isinstance(node, ast.Name) and node.id == old:
            edits.append(
                _Edit(
                    node.lineno,
                    node.col_offset,
                    node.end_col_offset or node.col_offset + len(old),
                    new,
                )
            )
        elif (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and path_re.match(node.value)
        ):
            index = token_at.get((node.lineno, node.col_offset))
            if (
                index is not None
                and tokens[index].type == tokenize.STRING
                and tokens[index].end == (node.end_lineno, node.end_col_offset)
            ):
                tok = tokens[index]
                at = tok.string.find(old)
                if at >= 0:
                    edits.append(
                        _Edit(tok.start[0], tok.start[1] + at, tok.start[1] + at + len(old), new)
                    )
    docstrings = {
        (node.body[0].value.lineno, node.body[0].value.col_offset)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
        and isinstance(node.body[0].value.value, str)
    }
    edits += _docstring_edits(tokens, docstrings, old, new)
    if not edits:
        return source, 0
    for edit in sorted(set(edits), key=lambda e: (e.line, e.start), reverse=True):
        text = lines[edit.line - 1]
        lines[edit.line - 1] = text[: edit.start] + edit.text + text[edit.end :]
    result = "".join(lines)
    try:
        ast.parse(result)
    except SyntaxError as exc:  # an apigen bug, never the user's: refuse to write it
        raise ApigenError(
            error(
                "vendor-rename-failed",
                f"renaming {old} -> {new} broke {path}: {exc.msg}",
                location=Location(path, exc.lineno or 0),
            )
        ) from None
    return result, len(set(edits))


def _docstring_edits(
    tokens: list[tokenize.TokenInfo], docstrings: set[tuple[int, int]], old: str, new: str
) -> list[_Edit]:
    """In docstrings: `from old...` / `import old...` lines and ``backticked`` dotted module paths
    (`old.models`); in comments: backticked dotted module paths. A bare `old` is left alone (it may
    be the spec's text, e.g. a product name in a description)."""
    edits = []
    line_re = re.compile(rf"^(\s*(?:>>>\s*)?(?:from|import)\s+){re.escape(old)}(?=[\s.]|$)")
    tick_re = re.compile(rf"(`+){re.escape(old)}(?=(?:\.[A-Za-z_][A-Za-z0-9_]*)+\1)")
    for tok in tokens:
        is_doc = tok.type == tokenize.STRING and tok.start in docstrings
        if not (is_doc or tok.type == tokenize.COMMENT) or old not in tok.string:
            continue
        row, col = tok.start
        for offset, text in enumerate(tok.string.split("\n")):
            base = col if offset == 0 else 0
            found = line_re.match(text) if is_doc else None
            if found:
                start = base + found.end(1)
                edits.append(_Edit(row + offset, start, start + len(old), new))
            for match in tick_re.finditer(text):
                start = base + match.end(1)
                edits.append(_Edit(row + offset, start, start + len(old), new))
    return edits
