"""The one escaping layer: every spec string reaches generated code through one of these filters.

Templates print `SpecText` only through `pystr` (a string literal), `docstring` (text inside triple
quotes) or `comment` (one comment line); `Identifier`s were made safe by the naming stage. Jinja's
`finalize` hook (see env.py) refuses a raw `SpecText`, so a template cannot forget.
"""

from __future__ import annotations

import re
import unicodedata

from ..ir.model import SpecText
from .html_text import html_to_text

_MAX_DOC = 4000
# PEP 263: a comment on line 1 or 2 matching this names the file's encoding. A spec title saying
# "coding: utf-7" in our header comment would make Python decode the module as UTF-7, where `+ACc-`
# is a quote: every string literal could then break out. `comment` never lets the pattern through.
_CODING = re.compile(r"(coding)([:=])", re.IGNORECASE)
# A Python string literal in single or double quotes (no prefix, not triple-quoted): what the
# passes over rendered code (black's quotes, qualified builtins) must leave alone.
STRING_LITERAL = re.compile(r"""('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")""")
_LINE_SEPARATORS = str.maketrans({"\u2028": "\n", "\u2029": "\n", "\r": "\n"})


class UnescapedSpecText(Exception):
    """A template printed a spec string without an escaping filter (a bug in the template)."""


def _printable(text: str) -> str:
    # Control and format characters (NUL, bidi overrides, zero-width) never reach the output.
    if text.replace("\n", "").replace("\t", "").isprintable():
        return text  # isprintable() is False for every category C character: nothing to drop
    out = []
    for ch in text:
        if ch in "\n\t":
            out.append(ch)
        elif unicodedata.category(ch)[0] == "C":
            continue
        else:
            out.append(ch)
    return "".join(out)


def pystr(value: object) -> str:
    """A Python string literal whose value is exactly the text (repr never breaks out)."""
    return repr(str(value))


def docstring(value: object, indent: str = "") -> str:
    """Text safe inside a triple-double-quoted docstring: no closing quotes, no escapes, no NUL."""
    # Stripe's <p>, <code> as plain text and Markdown; before the filtering: entities may decode
    # to anything (`&#27;`).
    text = html_to_text(str(value).replace("\r\n", "\n"))
    text = _printable(text.translate(_LINE_SEPARATORS))
    if len(text) > _MAX_DOC:  # cut before escaping, so a cut never splits an escape sequence
        text = text[:_MAX_DOC].rstrip() + " ..."
    text = text.strip()
    text = text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
    if text.endswith('"'):
        text += " "
    if indent:
        text = "\n".join(
            (indent + line) if line.strip() else "" for line in text.split("\n")
        ).lstrip()
    return text


def comment(value: object) -> str:
    """One line of text, safe after a `#`."""
    text = _printable(str(value)).replace("\n", " ").replace("\t", " ")
    return _CODING.sub(r"\1 \2", " ".join(text.split())[:200])


def finalize(value: object) -> object:
    if isinstance(value, SpecText):
        raise UnescapedSpecText(
            f"spec text printed without an escaping filter: {str(value)[:60]!r}"
        )
    return "" if value is None else value


# Markdown (README.md, api.md). Every character that can make inline markup is backslash-escaped
# (an ASCII punctuation character after a backslash is always literal in CommonMark; `$` is GitHub's
# math), `&` becomes an entity so no entity or raw HTML can be formed, the text is one line (no
# heading, list, fence or table row can begin inside it) and a first character that could start a
# block when the text begins a line is escaped too.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~$])")
_MD_BLOCK_START = re.compile(r"^(\d*)([#+\-=>.)])")
_MD_MAX = 300


def markdown(value: object, limit: int = _MD_MAX) -> str:
    """Spec text as literal Markdown prose on one line (cut to `limit` characters)."""
    text = " ".join(_printable(str(value)).translate(_LINE_SEPARATORS).split())
    if len(text) > limit:
        text = text[:limit].rstrip() + " ..."
    text = _MD_SPECIAL.sub(r"\\\1", text.replace("&", "&amp;"))
    return _MD_BLOCK_START.sub(r"\1\\\2", text)


def markdown_code(value: object) -> str:
    """Text as one inline code span: fenced by more backticks than it contains, on one line
    (not for table cells: a `|` would end the cell)."""
    text = " ".join(_printable(str(value)).translate(_LINE_SEPARATORS).split())
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    if text.startswith("`") or text.endswith("`") or (text.startswith(" ") and text.endswith(" ")):
        text = f" {text} "
    return f"{fence}{text}{fence}"


def toml_string(value: object, limit: int = 200) -> str:
    """A TOML basic string (double quotes) holding the text on one line: quotes and backslashes
    escaped, control characters dropped (TOML is UTF-8: other characters stay as they are)."""
    text = " ".join(_printable(str(value)).translate(_LINE_SEPARATORS).split())[:limit]
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
