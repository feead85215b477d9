"""One copy of every helper: each of these is written in one module and imported everywhere else
(CONTRIBUTING.md, "Rules of the house"). A second copy drifts from the first; these tests name it.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
GENERATOR = REPO / "generator"
TEMPLATES = REPO / "templates"


def _sources() -> dict[str, str]:
    return {
        path.relative_to(REPO).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(GENERATOR.rglob("*.py"))
    }


def _holders(pattern: str, sources: dict[str, str] | None = None) -> set[str]:
    found = re.compile(pattern)
    return {path for path, text in (sources or _sources()).items() if found.search(text)}


def test_json_pointer_escaping_lives_in_load_pointer() -> None:
    # `.replace("~", "~0")` / `.replace("~1", "/")`: RFC 6901 by hand.
    holders = _holders(r"""replace\(\s*["']~[01]?["']""")
    # ir/build.py is being split by OpenAPI object (issue 20): its two inline unescapes go with it.
    assert holders - {"generator/ir/build.py"} == {"generator/load/pointer.py"}


def test_the_string_literal_pattern_lives_in_render_escape() -> None:
    literal = re.escape(r"""('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")""")
    assert _holders(literal) == {"generator/render/escape.py"}


def test_the_schemas_prefix_is_defined_once() -> None:
    assert _holders(r"""(?m)^\w+\s*=\s*["']#/components/schemas/["']""") == {
        "generator/ir/schemas.py"
    }


def test_the_disk_cache_lives_in_one_module() -> None:
    # Where the cache is, and how a cache file is written (atomically), are said once.
    assert _holders(r"APIGEN_CACHE_DIR|XDG_CACHE_HOME") == {"generator/cache.py"}
    # An entry keyed by a digest, fanned out by its first two digits: cache.entry.
    assert _holders(r"""cache_dir\([^)\n]*\)\s*/[^\n]*\[:2\]""") == {"generator/cache.py"}
    assert _holders(r"\bdef (cache_dir|store_text|store_bytes)\b") == {"generator/cache.py"}
    # The small results' database is opened, read and written there alone.
    assert _holders(r"\bimport sqlite3\b") == {"generator/cache.py"}


def test_the_manifest_is_read_in_one_place() -> None:
    assert _holders(r"json\.loads\(\(\w+ / MANIFEST\)") == {"generator/write.py"}


# Not the user's terminal: the models worker answers its parent through stdout; the diff docs script
# is a maintainer's tool (python -m generator.diff.docs); format.py's __main__ is for manual use.
# `apigen diff` still writes its report itself (generator/diff/command.py, not this round's area).
PRINTS_ELSEWHERE = {
    "generator/models/worker.py",
    "generator/diff/docs.py",
    "generator/format.py",
    "generator/diff/command.py",
}


def _prints(tree: ast.AST) -> bool:
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name) and func.id == "print":
                return True
            if (
                isinstance(func, ast.Attribute)
                and func.attr == "write"
                and isinstance(func.value, ast.Attribute)
                and func.value.attr in ("stdout", "stderr")
            ):
                return True
    return False


def test_only_the_command_line_prints() -> None:
    printing = {path for path, text in _sources().items() if _prints(ast.parse(text))}
    assert printing - PRINTS_ELSEWHERE == {"generator/cli.py"}


def test_the_operation_docstring_is_one_macro() -> None:
    # An argument line of a docstring (`name: description`) is written in the shared macro only.
    line = re.compile(r"\.description \| docstring\(indent=\"            \"\)")
    holders = {
        path.relative_to(TEMPLATES).as_posix()
        for path in TEMPLATES.rglob("*.jinja")
        if line.search(path.read_text(encoding="utf-8"))
    }
    assert holders == {"common/docstring.jinja"}
