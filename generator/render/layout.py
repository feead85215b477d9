"""Lines laid out as black lays them out, so that black finds its work already done.

Black formats a module a second time whenever its first pass changed anything, and a pass over
code that is already laid out is much cheaper than one that has to split lines: a render that is
black's output formats in well under half the time. The templates write every line flat, as black
would write it if it fitted; `fit` (a Jinja filter) splits the lines that are too long the way
black's right-hand and delimiter splits do, for the few shapes the templates make:

    arg        one item inside brackets: `json_body=encode_body(models.X, {"a": a}),`
    param      a parameter of an exploded `def`: `name: Literal["a", "b"] | Omit = omit,`
    annotation a class attribute without a value (a TypedDict key): `name: Required[A | B]`
    returns    the last line of an exploded `def`: `) -> A | B:` (or a stub's `) -> A | B: ...`)
    statement  `return f(...)`, `x = f(...)`, `raise E(...)`
    def        `def name(self, x: X) -> Name:` (a return annotation without brackets)

Lines come in black's spelling already (string literals in the quotes black picks: env.pystr),
since widths are measured on the text as it is. Whatever it does not recognise (or black would
not split) it leaves as it is: black then lays it out itself, which costs time but never changes
the output. What it must never do is explode a
bracket black would keep on one line: the trailing comma it adds would make black keep it exploded.
"""

from __future__ import annotations

import io
import keyword
import re
import tokenize
from dataclasses import dataclass
from functools import lru_cache

# Delimiter priorities (black/brackets.py).
_COMMA, _TERNARY, _LOGIC, _STRING, _COMPARATOR, _DOT = 18, 16, 14, 12, 10, 1
_MATH = {
    "|": 9,
    "^": 8,
    "&": 7,
    "<<": 6,
    ">>": 6,
    "+": 5,
    "-": 5,
    "*": 4,
    "/": 4,
    "//": 4,
    "%": 4,
    "@": 4,
    "~": 3,
    "**": 2,
}
_COMPARISONS = {"<", ">", "==", "!=", "<=", ">=", "<>", "in", "is"}
_CLOSING = {")": "(", "]": "[", "}": "{"}
_VALUES = {"None", "True", "False"}
_ASSIGNMENTS = {
    "=",
    "+=",
    "-=",
    "*=",
    "/=",
    "//=",
    "%=",
    "@=",
    "&=",
    "|=",
    "^=",
    ">>=",
    "<<=",
    "**=",
}


class _Unsupported(Exception):
    """A line `fit` does not know how black splits: it is left to black."""


class _CannotSplit(_Unsupported):
    """A line black cannot split either: it stays as it is, too long."""


class _HeadTooLong(_Unsupported):
    """A right-hand split whose head (`x = f(`) does not fit: black tries another split."""


def fit(text: str, kind: str, line_length: int | None, indent: int = 0) -> str:
    """Every line of `text` (a block of one kind of line) that is too long, split as black would.
    With `indent`, `text` goes after that many columns the template already indented."""
    if line_length is None:
        return text
    if indent:
        return fit(" " * indent + text, kind, line_length)[indent:]
    out = []
    for line in text.split("\n"):
        if _width(line) <= line_length:
            out.append(line)
        else:
            out.extend(_fit_line(line, kind, line_length))
    return "\n".join(out)


@lru_cache(maxsize=8192)  # the same long line comes back in every operation, sync and async
def _fit_line(line: str, kind: str, line_length: int) -> tuple[str, ...]:
    code = line.lstrip(" ")
    indent = len(line) - len(code)
    try:
        code, comment = _split_comment(code)
        lines = _Layout(line_length).line(code, indent, kind)
    except (_Unsupported, tokenize.TokenError, IndentationError, SyntaxError):
        return (line,)
    if comment:  # black keeps a trailing comment after the last leaf
        lines[-1] += "  " + comment
    return tuple(lines)


def _split_comment(code: str) -> tuple[str, str]:
    if "#" not in code:
        return code, ""
    comments = [t for t in _raw_tokens(code) if t.type == tokenize.COMMENT]
    if not comments:
        return code, ""
    text = code[: comments[-1].start[1]]
    if len(comments) > 1 or not text.endswith("  ") or text.endswith("   "):
        raise _Unsupported("comment")
    return text.rstrip(), comments[-1].string


def _width(text: str) -> int:
    if text.isascii():
        return len(text)
    from black.strings import str_width  # East Asian wide characters count twice, as for black

    return str_width(text)


@dataclass
class _Token:
    kind: int
    text: str
    start: int  # offsets into the line
    end: int
    match: int = -1  # index of the matching bracket


# One logical line of the templates' code, token by token: what `tokenize` makes of it (its NAME,
# NUMBER, STRING and OP tokens, offsets included) at a fifth of its cost, the render's largest
# share on big APIs. Anything else (a comment, a string over several lines, a stray character) is
# `_Unsupported`: the line is left to black. Lines come without their indentation (`_fit_line`).
_SCAN = re.compile(
    r"""(?P<space>[ \t\f]+)"""
    r"""|(?P<string>(?:[rRbBuUfF]{1,2})?(?:"{3}(?:[^"\\\n]|\\.|"(?!""))*"{3}|'{3}(?:[^'\\\n]|\\.|'(?!''))*'{3}"""
    r"""|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'))"""
    r"""|(?P<number>(?:0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+"""
    r"""|(?:\d[\d_]*(?:\.[\d_]*)?|\.\d[\d_]*)(?:[eE][-+]?\d[\d_]*)?)[jJ]?(?![\w.]))"""
    r"""|(?P<name>[^\W\d]\w*)"""
    r"""|(?P<op>\*\*=|//=|>>=|<<=|\.\.\.|->|\*\*|//|<<|>>|<=|>=|==|!=|:=|[-+*/%@&|^]="""
    r"""|[-+*/%@&|^~<>()\[\]{},:;.=])"""
)
_KINDS = {"string": tokenize.STRING, "number": tokenize.NUMBER, "name": tokenize.NAME}


def _tokens(code: str) -> list[_Token]:
    tokens: list[_Token] = []
    stack: list[int] = []
    at, end = 0, len(code.rstrip("\n"))
    while at < end:
        found = _SCAN.match(code, at)
        if found is None:
            raise _Unsupported(code[at : at + 1])
        kind = found.lastgroup
        text, start, at = found.group(), at, found.end()
        if kind == "space":
            continue
        if text in ("lambda", ":=", "yield") or (text == "for" and tokens):
            raise _Unsupported(text)
        token = _Token(_KINDS.get(kind or "", tokenize.OP), text, start, at)
        if kind == "op" and text in "([{":
            stack.append(len(tokens))
        elif kind == "op" and text in _CLOSING and stack:
            opening = stack.pop()
            if tokens[opening].text != _CLOSING[text]:
                raise _Unsupported("brackets")
            tokens[opening].match = len(tokens)
            token.match = opening
        tokens.append(token)
    if stack:
        raise _Unsupported("unclosed bracket")
    return tokens


def _raw_tokens(code: str) -> list[tokenize.TokenInfo]:
    found: list[tokenize.TokenInfo] = []
    try:
        for tok in tokenize.generate_tokens(io.StringIO(code).readline):
            found.append(tok)  # noqa: PERF402 -- keeps the tokens read before an error
    except tokenize.TokenError as exc:  # a line that closes brackets it did not open: `) -> X:`
        if "multi-line statement" not in str(exc):
            raise
    return found


def _is_operand_end(token: _Token) -> bool:
    """Whether `token` can end an operand (so an operator after it is binary)."""
    if token.kind in (tokenize.NUMBER, tokenize.STRING):
        return True
    if token.kind == tokenize.NAME:
        return token.text in _VALUES or not keyword.iskeyword(token.text)
    return token.text in _CLOSING


def _delimiters(tokens: list[_Token]) -> dict[int, int]:
    """Token index -> priority of the delimiter after it, for the tokens outside any bracket."""
    found: dict[int, int] = {}
    depth = 0
    previous: _Token | None = None
    for index, token in enumerate(tokens):
        if depth == 0 and previous is not None:
            priority = 0
            text = token.text
            if token.kind == tokenize.OP and text == "." and previous.text in _CLOSING:
                priority = _DOT
            elif token.kind == tokenize.OP and text in _MATH and _is_operand_end(previous):
                priority = _MATH[text]
            elif token.kind == tokenize.STRING and previous.kind == tokenize.STRING:
                priority = _STRING
            elif text in ("if", "else"):
                priority = _TERNARY
            elif text in ("and", "or"):
                priority = _LOGIC
            elif (text in _COMPARISONS and not (text == "in" and previous.text == "not")) or (
                text == "not" and index + 1 < len(tokens) and tokens[index + 1].text == "in"
            ):
                priority = _COMPARATOR
            if priority:
                found[index - 1] = max(found.get(index - 1, 0), priority)
        if token.kind == tokenize.OP and token.text in "([{":
            depth += 1
        elif token.kind == tokenize.OP and token.text in _CLOSING:
            depth -= 1
            if depth < 0:  # the `)` of `) -> X:`: everything after it is at the top level
                depth = 0
        elif depth == 0 and token.text == ",":
            found[index] = _COMMA
        previous = token
    return found


def _is_display(tokens: list[_Token], opening: int) -> bool:
    """A `{...}`, `[...]` or `(...)` display (black explodes those one item per line), not a call
    or a subscript (whose items black keeps on one line of their own when they fit)."""
    if tokens[opening].text == "{":
        return True
    return opening == 0 or not _is_operand_end(tokens[opening - 1])


class _Layout:
    def __init__(self, line_length: int) -> None:
        self.limit = line_length

    def fits(self, code: str, indent: int) -> bool:
        return indent + _width(code) <= self.limit

    def line(self, code: str, indent: int, kind: str) -> list[str]:
        if self.fits(code, indent):
            return [" " * indent + code]
        if kind == "arg":
            return self.arg(code, indent)
        if kind == "param":
            return self.param(code, indent)
        if kind == "annotation":
            return self.annotation(code, indent)
        if kind == "returns":
            return self.returns(code, indent)
        if kind == "statement":
            return self.statement(code, indent)
        if kind == "import":
            return self.import_from(code, indent)
        if kind == "def":
            return self.definition(code, indent)
        raise ValueError(f"unknown kind of line {kind!r}")

    # ---- black's transforms ---------------------------------------------------------------------
    def arg(self, code: str, indent: int) -> list[str]:
        """A line inside brackets: a delimiter split, else a right-hand split."""
        if self.fits(code, indent):
            return [" " * indent + code]
        tokens = _tokens(code)
        delimiters = _delimiters(tokens)
        if _TERNARY in delimiters.values():
            if any(delimiters.get(i) == _COMMA for i in range(len(tokens) - 1)):
                pieces = self.delimiter_split(code, tokens)
                assert pieces is not None
                return [line for piece in pieces for line in self.arg(piece, indent)]
            return self.conditional(code, tokens, indent)
        pieces = self.delimiter_split(code, tokens)
        if pieces is not None:
            return [line for piece in pieces for line in self.arg(piece, indent)]
        try:
            return self.rhs(code, tokens, indent)
        except _CannotSplit:
            return [" " * indent + code]

    def delimiter_split(self, code: str, tokens: list[_Token]) -> list[str] | None:
        delimiters = _delimiters(tokens)
        delimiters.pop(len(tokens) - 1, None)  # a trailing comma does not count
        if not delimiters:
            return None
        priority = max(delimiters.values())
        cuts = [index for index, p in delimiters.items() if p == priority]
        if priority == _DOT and len(cuts) == 1:
            return None  # black: "splitting a single attribute from its owner looks wrong"
        if any(
            t.text in ("*", "**") and (i == 0 or not _is_operand_end(tokens[i - 1]))
            for i, t in enumerate(tokens)
        ):
            raise _Unsupported("star arguments")
        pieces = []
        start = 0
        for index in sorted(cuts):
            pieces.append(code[start : tokens[index].end].strip())
            start = tokens[index].end
        pieces.append(code[start:].strip())
        if priority == _COMMA and not pieces[-1].endswith(","):
            pieces[-1] += ","
        return [piece for piece in pieces if piece]

    def conditional(self, code: str, tokens: list[_Token], indent: int) -> list[str]:
        """`[name=]a if b else c[,]`: black puts a conditional expression in invisible parentheses,
        which a split makes visible (two delimiters inside: they are never omitted)."""
        start = 2 if len(tokens) > 2 and tokens[1].text in ("=", ":") else 0
        end = len(tokens) - 1 if tokens[-1].text == "," else len(tokens)
        inner = tokens[start:end]
        if tokens[start].text in ("if", "else") or any(
            t.text in ("=", ":", "lambda") for t in inner
        ):
            raise _Unsupported("conditional expression")
        body = code[inner[0].start : inner[-1].end]
        head = code[: inner[0].start] + "("
        tail = ")" + code[inner[-1].end :]
        return [" " * indent + head, *self.arg(body, indent + 4), " " * indent + tail]

    def rhs(
        self, code: str, tokens: list[_Token], indent: int, last: int | None = None
    ) -> list[str]:
        """Split at the last bracket pair: head, body one level deeper, tail."""
        if last is None:
            last = next(
                (i for i in range(len(tokens) - 1, -1, -1) if tokens[i].text in _CLOSING), -1
            )
        if last < 0:
            raise _CannotSplit("no bracket to split at")
        if tokens[last].match < 0:
            raise _Unsupported("a bracket opened on an earlier line")
        opening = tokens[last].match
        head = code[: tokens[opening].end]
        body = code[tokens[opening].end : tokens[last].start].strip()
        tail = code[tokens[last].start :]
        if not body:
            raise _Unsupported("black would look for another split")
        if not self.fits(head, indent):
            raise _HeadTooLong(head)
        lines = [" " * indent + head]
        inner = _tokens(body)
        pieces = self.delimiter_split(body, inner) if _is_display(tokens, opening) else None
        inner_delimiters = _delimiters(inner)  # once: per item it made a long display quadratic
        if pieces is not None and any(
            inner_delimiters.get(i) == _COMMA for i in range(len(inner) - 1)
        ):
            lines += [line for piece in pieces for line in self.arg(piece, indent + 4)]
        else:
            lines += self.arg(body, indent + 4)
        lines += (
            self.line(tail, indent, "statement")
            if not self.fits(tail, indent)
            else [" " * indent + tail]
        )
        return lines

    def optional_parens(
        self,
        code: str,
        tokens: list[_Token],
        start: int,
        end: int,
        indent: int,
        *,
        after_equal: bool,
        statement: bool = False,
    ) -> list[str]:
        """Split a line whose `tokens[start:end]` black wraps in invisible parentheses (a returned or
        assigned value, an annotation): at the last bracket pair when black omits the parentheses,
        else with them made visible (`_maybe_split_omitting_optional_parens`)."""
        inner = tokens[start:end]
        if not inner:
            raise _Unsupported("nothing in the parentheses")
        body = code[inner[0].start : inner[-1].end]
        if self.can_omit_parens(body, indent + 4):
            last = next(
                (i for i in range(end - 1, start - 1, -1) if tokens[i].text in _CLOSING), -1
            )
            if last >= 0 and tokens[last].match >= start:
                if after_equal and any(t.text in "([{" for t in tokens[:start]):
                    raise _Unsupported("assignment to a subscript or call")
                try:
                    return self.rhs(code, tokens, indent, last=last)
                except _HeadTooLong:
                    # `self.long_name = wrapper(`: black makes the parentheses visible instead,
                    # when what they hold can be split or fits (`_maybe_split_omitting_optional_parens`).
                    if not statement or not (_can_be_split(inner) or self.fits(body, indent + 4)):
                        raise
            if not _can_be_split(inner) and not self.fits(body, indent + 4):
                raise _Unsupported("black leaves it too long")
        inner_delimiters = _delimiters(inner)
        if any(inner_delimiters.get(i) == _COMMA for i in range(len(inner))):
            raise _Unsupported("a tuple")
        head = code[: inner[0].start] + "("
        tail = ")" + code[inner[-1].end :]
        return [" " * indent + head, *self.arg(body, indent + 4), " " * indent + tail]

    def can_omit_parens(self, body: str, indent: int) -> bool:
        """black's `can_omit_invisible_parens`, for a body of one line at `indent` columns."""
        tokens = _tokens(body)
        delimiters = _delimiters(tokens)
        if not delimiters:
            return True
        priority = max(delimiters.values())
        if sum(1 for p in delimiters.values() if p == priority) > 1:
            return False
        if priority == _DOT:
            return True
        first, second, last, penultimate = tokens[0], tokens[1], tokens[-1], tokens[-2]
        if first.text in "([{" and first.kind == tokenize.OP and second.text not in _CLOSING:
            rest = tokens[first.match :]
            length = (
                indent
                + _width(body[tokens[first.match].start :])
                + (tokens[first.match].start - tokens[first.match - 1].end)
            )
            if not any(t.text in "([{" for t in rest) and length <= self.limit:
                return True
            raise _Unsupported("opening bracket rule")
        if last.text in (")", "}") or (last.text == "]" and _is_display(tokens, last.match)):
            if penultimate.text in "([{":
                return False
            opening = last.match
            if any(t.text in "([{" for t in tokens[:opening]):
                return True
            return indent + _width(body[: tokens[opening].end]) <= self.limit
        return False

    # ---- the kinds of line --------------------------------------------------------------------
    def param(self, code: str, indent: int) -> list[str]:
        """`name: annotation[ = default],` in an exploded parameter list (black puts the annotation
        in invisible parentheses)."""
        tokens = _tokens(code)
        if (
            len(tokens) < 4
            or tokens[0].kind != tokenize.NAME
            or tokens[1].text != ":"
            or tokens[-1].text != ","
        ):
            raise _Unsupported("not a parameter")
        end, depth = len(tokens) - 1, 0
        for index, token in enumerate(tokens[2:-1], start=2):
            depth += (
                (token.text in "([{") - (token.text in _CLOSING) if token.kind == tokenize.OP else 0
            )
            if depth == 0 and token.text in ("=", ","):
                end = index
                break
        default = tokens[end:-1]
        if any(t.text in _CLOSING or t.text == "," for t in default) or _delimiters(default):
            raise _Unsupported("a default black could split")
        if not any(t.text in _CLOSING for t in tokens[2:end]) and not _delimiters(tokens[2:end]):
            raise _Unsupported("a lone (dotted) name: black leaves it as it is")
        return self.optional_parens(code, tokens, 2, end, indent, after_equal=False)

    def annotation(self, code: str, indent: int) -> list[str]:
        """`name: annotation` with no value, in a class body (black puts the annotation in invisible
        parentheses, as a parameter's)."""
        tokens = _tokens(code)
        if len(tokens) < 3 or tokens[0].kind != tokenize.NAME or tokens[1].text != ":":
            raise _Unsupported("not an annotation")
        inner, depth = tokens[2:], 0
        for token in inner:
            if token.kind == tokenize.OP:
                depth += (token.text in "([{") - (token.text in _CLOSING)
                if depth == 0 and (token.text in _ASSIGNMENTS or token.text in (",", ":")):
                    raise _Unsupported("a value or a tuple")
        if not any(t.text in _CLOSING for t in inner) and not _delimiters(inner):
            raise _Unsupported("a lone (dotted) name: black leaves it as it is")
        return self.optional_parens(code, tokens, 2, len(tokens), indent, after_equal=False)

    def returns(self, code: str, indent: int) -> list[str]:
        """`) -> annotation:` closing an exploded signature (`: ...` for a stub's)."""
        tokens = _tokens(code)
        end = len(tokens) - (2 if [t.text for t in tokens[-2:]] == [":", "..."] else 1)
        if end < 3 or [t.text for t in tokens[:2]] != [")", "->"] or tokens[end].text != ":":
            raise _Unsupported("not a return annotation")
        inner = tokens[2:end]
        if not (inner[-1].text in _CLOSING and inner[-1].match >= 2) and len(inner) < 2:
            raise _Unsupported("one name")
        return self.optional_parens(code, tokens, 2, end, indent, after_equal=False)

    def definition(self, code: str, indent: int) -> list[str]:
        """`[async ]def name(params) -> Name:` split at its parameters, as black's right-hand split
        does when the return annotation holds no bracket. Black adds a trailing comma to a lone
        parameter (`self,`); parameters that fit on one line stay together, without one."""
        tokens = _tokens(code)
        opening = next((i for i, t in enumerate(tokens) if t.text == "("), -1)
        closing = tokens[opening].match if opening > 0 else -1
        words = [t.text for t in tokens[:opening]]
        if words not in (["def", words[-1]], ["async", "def", words[-1]]) or closing < 0:
            raise _Unsupported("not a def")
        tail = code[tokens[closing].start :]
        if any(t.text in "([{" for t in tokens[closing:]) or not tail.endswith(":"):
            raise _Unsupported("a return annotation with brackets")
        head = code[: tokens[opening].end]
        body = code[tokens[opening].end : tokens[closing].start].strip()
        if not body or not self.fits(head, indent) or not self.fits(tail, indent):
            raise _Unsupported("black would look for another split")
        inner = _tokens(body)
        commas = [i for i, p in _delimiters(inner).items() if p == _COMMA]
        if not commas:
            lines = [" " * (indent + 4) + body.rstrip(",") + ","]
        elif self.fits(body, indent + 4) and commas != [len(inner) - 1]:
            lines = [" " * (indent + 4) + body]
        else:
            pieces = self.delimiter_split(body, inner)
            assert pieces is not None
            lines = [line for piece in pieces for line in self.arg(piece, indent + 4)]
        return [" " * indent + head, *lines, " " * indent + tail]

    def import_from(self, code: str, indent: int) -> list[str]:
        """`from x import a, b`: one name per line in parentheses."""
        if not code.startswith("from ") or " import " not in code or "(" in code:
            raise _Unsupported("not a from-import")
        head, names = code.split(" import ", 1)
        lines = [" " * indent + head + " import ("]
        lines += [" " * (indent + 4) + name.strip() + "," for name in names.split(",")]
        return [*lines, " " * indent + ")"]

    def statement(self, code: str, indent: int) -> list[str]:
        """`return X`, `raise X` or `target = X` (X in invisible parentheses), else a right-hand split."""
        tokens = _tokens(code)
        if _TERNARY in _delimiters(tokens).values():
            raise _Unsupported("conditional expression")
        if tokens[0].text == "return" and len(tokens) > 1:
            return self.optional_parens(
                code, tokens, 1, len(tokens), indent, after_equal=False, statement=True
            )
        if tokens[0].text == "raise":  # no invisible parentheses there
            return self.rhs(code, tokens, indent)
        depth = 0
        equals = []
        for index, token in enumerate(tokens):
            if token.text in "([{" and token.kind == tokenize.OP:
                depth += 1
            elif token.text in _CLOSING and token.kind == tokenize.OP:
                depth -= 1
            elif depth == 0 and token.text in _ASSIGNMENTS:
                equals.append(index)
        if len(equals) == 1 and equals[0] + 1 < len(tokens):
            if any(t.text == ":" for t in tokens[: equals[0]]):
                raise _Unsupported("annotated assignment")
            return self.optional_parens(
                code, tokens, equals[0] + 1, len(tokens), indent, after_equal=True, statement=True
            )
        if equals or (tokens[0].kind == tokenize.NAME and keyword.iskeyword(tokens[0].text)):
            raise _Unsupported("statement")
        return self.rhs(code, tokens, indent)


def _can_be_split(leaves: list[_Token]) -> bool:
    """black's `can_be_split`: False when the line cannot be split for sure."""
    if len(leaves) < 2:
        return False
    if leaves[0].kind == tokenize.STRING and leaves[1].text == ".":
        calls = dots = 0
        following = leaves[-1]
        for leaf in leaves[-2::-1]:
            if leaf.text in "([{" and leaf.kind == tokenize.OP:
                if following.text not in _CLOSING:
                    return False
                calls += 1
            elif leaf.text == ".":
                dots += 1
            elif leaf.kind == tokenize.NAME:
                if not (following.text == "." or following.text in "([{"):
                    return False
            elif leaf.text not in _CLOSING:
                return False
            if dots > 1 and calls > 1:
                return False
            following = leaf
    return True
