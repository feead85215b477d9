"""The Jinja environment: built-in templates, an optional user folder that overrides them file by
file, the escaping filters, and `finalize` refusing any spec string printed raw."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import jinja2

from ..ir import credentials
from . import escape, layout
from .annotations import annotation

# The line length the templates lay code out for. Black formats a module a second time unless its
# input already is black's output, so a render laid out as black lays it out at the configured line
# length formats in less than half the time. Black still formats every module: a layout that misses
# only costs time. But a line exploded with a trailing comma stays exploded (black's "magic trailing
# comma"), so the layout must be for the line length black formats with; None lays nothing out.
LINE_LENGTH = 100

BUILTIN_TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def builtin_templates() -> Path:
    """The top-level `templates/` folder (a source checkout), or its copy inside an installed wheel."""
    if BUILTIN_TEMPLATES.is_dir():
        return BUILTIN_TEMPLATES
    from importlib.resources import files

    return Path(str(files("generator") / "_templates"))


@lru_cache(maxsize=8)
def environment(
    user_templates: str = "", line_length: int | None = LINE_LENGTH
) -> jinja2.Environment:
    search = [str(builtin_templates())]
    if user_templates:
        search.insert(0, user_templates)
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(search),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=escape.finalize,
    )
    env.filters["pystr"] = pystr
    env.filters["quotes"] = double_quotes
    env.filters["width"] = width
    env.filters["fit"] = lambda text, kind="arg", indent=0: layout.fit(
        text, kind, line_length, indent
    )
    env.globals["line_length"] = line_length
    env.filters["docstring"] = docstring
    env.filters["comment"] = escape.comment
    env.filters["annotation"] = annotation
    env.filters["auth_hint"] = credentials.hint
    env.filters["md"] = escape.markdown
    env.filters["md_code"] = escape.markdown_code
    env.filters["toml"] = escape.toml_string
    return env


# ---- black's spelling, so that black's output equals its input --------------------------------
def pystr(value: object) -> str:
    """`escape.pystr` in black's quotes: double, unless that would take more backslashes."""
    return _black_quotes(escape.pystr(value))


def _black_quotes(literal: str) -> str:
    """A repr() literal in the quotes black chooses: double, unless that takes more backslashes
    (black's `normalize_string_quotes`: it counts backslashes, and on a tie prefers double)."""
    if literal[:1] != "'":
        return literal  # repr chose double quotes already
    body = literal[1:-1]
    # In a repr body a backslash always starts a pair: `\\`, `\'`, `\n`... A bare `"` is one.
    found = [m.group(1) for m in _ESCAPE_OR_DOUBLE.finditer(body)]
    escaped_single, bare_double = found.count("'"), found.count(None)
    if bare_double > escaped_single:
        return literal
    return '"' + _ESCAPE_OR_DOUBLE.sub(_requote, body) + '"'


_ESCAPE_OR_DOUBLE = re.compile(r'\\(.)|"', re.DOTALL)


def _requote(match: re.Match[str]) -> str:
    if match.group(1) is None:
        return '\\"'  # a bare double quote, escaped for the double-quoted literal
    if match.group(1) == "'":
        return "'"  # an escaped single quote needs no escape there
    return match.group(0)


def without_trailing_whitespace(module: str) -> str:
    """A rendered module with no whitespace at the end of a line, as black leaves it. Only a
    docstring can hold such whitespace (a spec text that ended in a quote gets a space, so the
    quote cannot touch the closing quotes): stripping it at the end of a line changes no value
    that matters, since what follows is a line break, not the closing quotes."""
    return "\n".join(line.rstrip() for line in module.split("\n"))


def docstring(value: object, indent: str = "") -> str:
    """`escape.docstring` without the trailing whitespace black strips from a docstring's lines
    (the last line is kept as it is: the template may go on after it)."""
    lines = escape.docstring(value, indent).split("\n")
    return "\n".join([line.rstrip() for line in lines[:-1]] + lines[-1:])


def double_quotes(code: str) -> str:
    """Every string literal in an expression (`Literal['a', 'b']`) quoted as black quotes it."""
    return escape.STRING_LITERAL.sub(lambda m: _black_quotes(m.group(0)), str(code))


def width(text: object) -> int:
    """Columns `text` takes, as black counts them for its line length (East Asian wide = 2)."""
    text = str(text)
    if text.isascii():
        return len(text)
    from black.strings import str_width

    return str_width(text)
