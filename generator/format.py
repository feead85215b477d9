"""The format stage: black (default) or ruff's Black-compatible formatter.

Formatting dominates generation time on big specs (black needs ~1 ms a line), so:
- a big module is cut into *units* at boundaries where black's output is known not to depend on
  the neighbours (between two top-level classes or functions with only blank lines between them:
  black always puts exactly two blank lines there), each unit is formatted on its own and the
  results are joined with those two blank lines; `tests/unit/test_format_units.py` shows that this
  is byte-identical to formatting the module whole;
- units of all modules are spread over the machine's cores;
- every formatted unit is cached on disk by the hash of (formatter, its version, line length,
  unformatted text), so a render is never formatted twice, and a one-line spec change formats
  again only the units whose text changed. The cache is not trusted: a cached unit is used only
  when it is the same code as the unit (same AST, docstring indentation aside, and no encoding
  declaration), so a writable cache cannot put code into the output.
"""

from __future__ import annotations

import ast
import functools
import gc
import hashlib
import io
import itertools
import multiprocessing
import multiprocessing.context
import os
import re
import shutil
import subprocess
import sys
import tempfile
import tokenize
from collections import deque
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import cache
from .findings import ApigenError, error
from .module_tree import top_levels

UNIT_LINES = (
    400  # a unit grows to at least this many lines before a cut (fewer, larger black calls)
)
_POOL_MIN_LINES = 2500  # below this much unformatted text, a process pool costs more than it saves
# Comments that change how black formats what follows them: a module holding one is formatted whole.
_FORMAT_DIRECTIVE = re.compile(r"#\s*(fmt|yapf)\s*:")


@functools.cache
def formatter_version(formatter: str) -> str:
    """The formatter's name and version, read once per process: every module's cache record names
    it (`pipeline._module_record`), and reading it costs ~1 ms (black's package metadata, parsed
    by `email`) or a subprocess (`ruff --version`); per module that was seconds on Stripe."""
    if formatter == "ruff":
        return subprocess.run(
            [_ruff_binary(), "--version"], capture_output=True, text=True, check=True
        ).stdout.strip()
    from importlib.metadata import version

    return f"black {version('black')}"


def _ruff_binary() -> str:
    try:
        from ruff.__main__ import find_ruff_bin

        return str(find_ruff_bin())
    except Exception:  # ruff not importable: fall back to PATH
        found = shutil.which("ruff")
        if not found:
            raise ApigenError(
                error(
                    "formatter-missing",
                    "ruff is not installed",
                    hint="pip install ruff, or use --formatter black",
                )
            ) from None
        return found


# ---- units ----------------------------------------------------------------------------------------
def split_units(source: str, unit_lines: int = UNIT_LINES) -> list[str]:
    """`source` cut into pieces that black formats independently; one piece when no cut is safe.

    A cut goes just before a top-level class or function (its decorators included) whose previous
    top-level statement is also a class or function, when one or more blank lines and nothing else
    lie between them. Black then puts exactly two blank lines at the cut whatever the input had,
    and nothing on one side changes how it formats the other. (With no blank line, black keeps
    consecutive one-line stubs such as `@overload` defs together, so no cut there.)"""
    if source.count("\n") < 2 * unit_lines or "\r" in source or _FORMAT_DIRECTIVE.search(source):
        return [source]
    try:
        statements = top_levels(source)
    except SyntaxError:
        return [source]  # black reports it
    lines = source.split("\n")  # no "\r" (checked above): these are the parser's lines
    cuts = [0]
    for previous, statement in itertools.pairwise(statements):
        start = statement.first - 1  # 0-based; lines[previous.last:start] lie between
        if (
            previous.definition
            and statement.definition
            and start > previous.last  # a blank line at least: black keeps stub defs together
            and all(not line.strip() for line in lines[previous.last : start])
            and start - cuts[-1] >= unit_lines
        ):
            cuts.append(start)
    if len(cuts) == 1:
        return [source]
    bounds = [*cuts, len(lines)]
    units = ["\n".join(lines[a:b]).rstrip("\n") + "\n" for a, b in itertools.pairwise(bounds)]
    return units


def join_units(formatted: list[str]) -> str:
    """The formatted units as one module: two blank lines at each cut, as black puts them."""
    return "\n\n".join(formatted)


# ---- trusting the cache -----------------------------------------------------------------------------
_CODING = re.compile(r"^[ \t\f]*#.*?coding[:=]", re.MULTILINE)


def _code_of(text: str) -> str:
    """The AST of `text` as black keeps it: docstrings compared without their indentation."""
    tree = ast.parse(text)
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Expr)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
        ):
            lines = node.value.value.expandtabs().splitlines()
            node.value.value = "\n".join(line.strip() for line in lines).strip()
    return ast.dump(tree)


def same_code(source: str, formatted: str) -> bool:
    """`formatted` is `source` formatted: same code, and no encoding declaration the source lacks
    (one would change how the written bytes are read)."""
    head = "\n".join(formatted.split("\n", 2)[:2])
    if _CODING.search(head) and head not in source:
        return False
    try:
        return _code_of(source) == _code_of(formatted)
    except (SyntaxError, ValueError, RecursionError):
        return False


# ---- one black pass instead of two ---------------------------------------------------------------
# black formats a second time whatever its first pass changed (`black.format_str`). Units that are
# already as black writes them (the templates lay out their output so) cost one pass; models.py,
# as datamodel-code-generator writes it, differs in two things black rewrites the same whatever it
# is given (simple strings in single quotes; the blank line after a class docstring), so nearly
# every unit of it cost two. With those rewritten first, and models.py cut into small units, a
# unit with no line for black to wrap is one pass. The few shapes of long line dmcg writes most
# (an enum member, a class statement, a type alias, a field's union) are wrapped first as black
# wraps them (`_wrapped`), so a unit with only those is one pass too. The output is black's
# either way (tests/unit/test_format_units.py compares, around the line length, with black's).
MODEL_UNIT_LINES = 60


def black_neutral(source: str, line_length: int = 100) -> str:
    """`source` with simple single-quoted strings in double quotes, a blank line after each
    class docstring that a statement follows, and the long lines of `_wrapped` wrapped: black
    writes them so whatever it is given, so black's output is the same for `source` and for
    this. Unchanged when it does not tokenize."""
    lines = source.split("\n")
    quotes: list[tuple[int, int, int]] = []  # (row, start, end) of a string to put in "..."
    blanks: list[int] = []  # rows a blank line goes before
    trimmed: list[int] = []  # rows (inner lines of a class docstring) to end without spaces
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    except (tokenize.TokenError, SyntaxError):
        return source
    for index, token in enumerate(tokens):
        if token.type != tokenize.STRING:
            continue
        text = token.string
        if (
            len(text) >= 2
            and text[0] == text[-1] == "'"
            and not text.startswith("'''")
            and not any(c in text[1:-1] for c in "'\"\\")
        ):
            quotes.append((token.start[0] - 1, token.start[1], token.end[1]))
        # a class docstring: `class ...:` NEWLINE INDENT STRING NEWLINE
        if (
            index >= 2
            and tokens[index - 1].type == tokenize.INDENT
            and tokens[index - 2].type == tokenize.NEWLINE
            and _opens_class(tokens, index - 2)
            and index + 1 < len(tokens)
            and tokens[index + 1].type == tokenize.NEWLINE
        ):
            # black ends its inner lines without spaces (not the first and last: black trims
            # those otherwise), so do they
            if "\\\n" not in text:
                trimmed.extend(range(token.start[0], token.end[0] - 1))
            # and, when a statement follows, puts a blank line after it
            if index + 2 < len(tokens) and tokens[index + 2].type not in (
                tokenize.NL,
                tokenize.COMMENT,
                tokenize.DEDENT,
            ):
                blanks.append(token.end[0])
    for row in trimmed:
        lines[row] = lines[row].rstrip(" \t")
    for row, start, end in reversed(quotes):
        line = lines[row]
        lines[row] = line[:start] + '"' + line[start + 1 : end - 1] + '"' + line[end:]
    wraps = _wrapped(tokens, lines, line_length)  # on the lines in double quotes: same columns
    if not quotes and not blanks and not wraps and not trimmed:
        return source
    for row in sorted({*blanks, *wraps}, reverse=True):
        if row in wraps:
            lines[row : row + 1] = wraps[row]
        if row in blanks:
            lines.insert(row, "")
    return "\n".join(lines)


def _wrapped(
    tokens: list[tokenize.TokenInfo], lines: list[str], line_length: int
) -> dict[int, list[str]]:
    """Row (0-based) -> the lines black splits it into, for the long lines of dmcg's shapes whose
    layout black fixes (a statement alone on its row, no comment):

    - `    NAME = "value"` (an enum member) -> `    NAME = (` / `        "value"` / `    )`, when
      the value fits on its own line (else black leaves the line as it is);
    - `class Name(A, B):` -> `class Name(` / `    A, B` / `):` when the bases fit there; one
      base `Base[X | Y]` that does not: `    Base[` / the union as below, at 8 / `    ]`;
    - `Name: TypeAlias = Other` -> `Name: TypeAlias = (` / `    Other` / `)`, a name (whatever
      its length) or a union whose members fit (on one line if the union fits, else one a line,
      `| ` first), when the first line fits;
    - a field `    name: Type = default` (`_wrap_field`): the default in parentheses, or a call's
      arguments on a line of their own, or the annotation in parentheses, as black chooses.
    Anything else is left to black (tests/unit/test_format_units.py sweeps each shape against
    black around the line length)."""
    found: dict[int, list[str]] = {}
    statement: list[tokenize.TokenInfo] = []
    for token in tokens:
        if token.type not in (tokenize.NEWLINE, tokenize.ENDMARKER):
            if token.type not in (tokenize.NL, tokenize.INDENT, tokenize.DEDENT):
                statement.append(token)
            continue
        parts, statement = statement, []
        if not parts or token.start[0] != parts[0].start[0]:
            continue  # empty, or over several rows
        row = token.start[0] - 1
        line = lines[row]
        if len(line) <= line_length or any(t.type == tokenize.COMMENT for t in parts):
            continue
        wrap = _wrap(parts, line, line_length)
        if wrap is not None:
            found[row] = wrap
    return found


def _wrap(parts: list[tokenize.TokenInfo], line: str, limit: int) -> list[str] | None:
    """The lines black splits one long statement into, for the shapes `_wrapped` lists; None for
    any other."""
    indent = parts[0].start[1]
    shape = [t.string if t.type == tokenize.OP else tokenize.tok_name[t.type] for t in parts]
    if indent == 4 and shape == ["NAME", "=", "STRING"] and _plain_string(parts[2].string):
        value = parts[2].string
        if 8 + len(value) > limit:
            return None
        return [f"    {parts[0].string} = (", f"        {value}", "    )"]
    if indent == 0 and shape[:3] == ["NAME", "NAME", "("] and shape[-2:] == [")", ":"]:
        inside = parts[3:-2]
        bases = line[parts[2].end[1] : parts[-2].start[1]]
        if parts[0].string != "class" or not inside or shape[-3] == ",":
            return None
        if any(op not in (",", ".") for op in _depth_zero(inside)):
            return None
        if 4 + len(bases) <= limit:
            return [f"class {parts[1].string}(", f"    {bases}", "):"]
        # `Base[A | B | C]`, too long on its line: the union inside, as in an annotation
        if [t.string for t in inside[1:2] + inside[-1:]] != ["[", "]"] or 4 + len(
            line[inside[0].start[1] : inside[1].end[1]]
        ) > limit:
            return None
        body = _union_lines(inside[2:-1], line, 8, limit, any_length=False)
        if body is None or len(_members(inside[2:-1], line) or ()) < 2:
            return None
        opening = line[inside[0].start[1] : inside[1].end[1]]
        return [f"class {parts[1].string}(", f"    {opening}", *body, "    ]", "):"]
    if indent == 0 and shape[:4] == ["NAME", ":", "NAME", "="] and parts[2].string == "TypeAlias":
        head = line[: parts[3].end[1]] + " ("
        body = _union_lines(parts[4:], line, 4, limit, any_length=True)
        return None if body is None or len(head) > limit else [head, *body, ")"]
    if indent == 4 and shape[:2] == ["NAME", ":"]:
        return _wrap_field(parts, line, limit)
    return None


def _wrap_field(parts: list[tokenize.TokenInfo], line: str, limit: int) -> list[str] | None:
    """`    name: Type = default`: the default in parentheses when `    name: Type = (` fits (a
    name, `None`, `Enum.member`: one that fits on its own line); else the annotation in
    parentheses (`_union_lines`), when `    ) = default` fits; no default: the annotation."""
    positions = _depth_zero_positions(parts)
    equals = [i for i in positions if parts[i].string == "="]
    if len(equals) > 1 or (equals and equals[0] == len(parts) - 1):
        return None
    split = equals[0] if equals else len(parts)
    annotation, default = parts[2:split], parts[split + 1 :]
    if not annotation:
        return None
    if default:
        value = line[default[0].start[1] : default[-1].end[1]]
        head = line[: default[0].start[1]] + "("
        if len(head) <= limit and _dotted_name(value):
            return [head, f"        {value}", "    )"] if 8 + len(value) <= limit else None
        call = _call_arguments(default, line)
        if call is not None and len(line[: default[1].end[1]]) <= limit:
            # `= Field(` ends the first line, the arguments on the next when they fit there
            if 8 + len(call) > limit or call.endswith(","):
                return None
            return [line[: default[1].end[1]], f"        {call}", "    )"]
        if len(head) <= limit:
            return None
        tail = f"    ) = {value}"
        if len(tail) > limit:
            return None
    else:
        tail = "    )"
    body = _union_lines(annotation, line, 8, limit, any_length=False)
    return None if body is None else [f"    {parts[0].string}: (", *body, tail]


def _call_arguments(default: list[tokenize.TokenInfo], line: str) -> str | None:
    """The text of the arguments when `default` is one call of a name, `Name(...)`."""
    if len(default) < 3 or default[0].type != tokenize.NAME or default[1].string != "(":
        return None
    if default[-1].string != ")" or _depth_zero(default[1:]) or len(default) == 3:
        return None
    depth = 0
    for token in default[1:-1]:  # the first `(` closes at the end, not before
        if token.type == tokenize.OP and token.string in "([{":
            depth += 1
        elif token.type == tokenize.OP and token.string in ")]}":
            depth -= 1
            if depth == 0:
                return None
    return line[default[1].end[1] : default[-1].start[1]]


def _dotted_name(text: str) -> bool:
    return all(part.isidentifier() for part in text.split("."))


def _plain_string(text: str) -> bool:
    """A string literal black writes as it is: double quotes, no prefix, nothing escaped."""
    return (
        len(text) >= 2
        and text[0] == text[-1] == '"'
        and not text.startswith('"""')
        and not any(c in text[1:-1] for c in '\\"')
    )


def _depth_zero(parts: list[tokenize.TokenInfo]) -> list[str]:
    """The operators of `parts` outside any bracket."""
    return [parts[i].string for i in _depth_zero_positions(parts)]


def _depth_zero_positions(parts: list[tokenize.TokenInfo]) -> list[int]:
    """The indexes in `parts` of its operators outside any bracket."""
    found: list[int] = []
    depth = 0
    for index, token in enumerate(parts):
        if token.type != tokenize.OP:
            continue
        if token.string in "([{":
            depth += 1
        elif token.string in ")]}":
            depth -= 1
        elif depth == 0:
            found.append(index)
    return found


def _members(parts: list[tokenize.TokenInfo], line: str) -> list[str] | None:
    """The texts of the `|` members of an expression (one member when it has no `|`), as the line
    spells them; None when something else than `|` and `.` separates its parts."""
    positions = _depth_zero_positions(parts)
    if not parts or any(parts[i].string not in ("|", ".") for i in positions):
        return None
    bars = [-1, *(i for i in positions if parts[i].string == "|"), len(parts)]
    members = [parts[a + 1 : b] for a, b in itertools.pairwise(bars)]
    if any(not member for member in members):
        return None
    return [line[member[0].start[1] : member[-1].end[1]] for member in members]


def _union_lines(
    parts: list[tokenize.TokenInfo], line: str, indent: int, limit: int, *, any_length: bool
) -> list[str] | None:
    """A type in parentheses as black lays it out at `indent`: a (dotted) name on its line (when
    it fits, or whatever its length with `any_length`); a union on one line when it fits, else one
    member a line, `| ` first, when each fits. None for anything else (black splits at brackets)."""
    members = _members(parts, line)
    if members is None:
        return None
    pad = " " * indent
    if len(members) == 1:
        name = members[0]
        if not _dotted_name(name):
            return None
        return [pad + name] if any_length or indent + len(name) <= limit else None
    joined = " | ".join(members)
    if indent + len(joined) <= limit:
        return [pad + joined]
    if all(indent + 2 + len(member) <= limit for member in members):
        return [pad + members[0], *(f"{pad}| {member}" for member in members[1:])]
    return None


def _opens_class(tokens: list[tokenize.TokenInfo], newline: int) -> bool:
    """The logical line ending at `tokens[newline]` is a `class` statement."""
    index = newline - 1
    while index > 0 and tokens[index - 1].type not in (
        tokenize.NEWLINE,
        tokenize.INDENT,
        tokenize.DEDENT,
        tokenize.NL,
    ):
        index -= 1
    first = tokens[index]
    return first.type == tokenize.NAME and first.string == "class"


# ---- formatting ---------------------------------------------------------------------------------
def _format_black(source: str, line_length: int) -> str:
    import black

    mode = black.Mode(line_length=line_length, target_versions={black.TargetVersion.PY311})
    try:
        return black.format_str(source, mode=mode)
    except black.InvalidInput as exc:  # a template produced invalid Python: an apigen bug
        raise ApigenError(error("format-failed", f"generated code does not parse: {exc}")) from None


def _format_ruff_many(sources: list[str], line_length: int) -> list[str]:
    """One `ruff format` run over all of them (ruff spreads files over the cores itself)."""
    with tempfile.TemporaryDirectory(prefix="apigen-ruff-") as folder:
        paths = [Path(folder) / f"m{index}.py" for index in range(len(sources))]
        for path, source in zip(paths, sources):
            path.write_text(source, encoding="utf-8")
        proc = subprocess.run(
            [
                _ruff_binary(),
                "format",
                "--no-cache",
                "--isolated",
                "--line-length",
                str(line_length),
                "--target-version",
                "py311",
                folder,
            ],
            capture_output=True,
            text=True,
        )
        if proc.returncode != 0:
            raise ApigenError(
                error("format-failed", f"ruff format failed: {proc.stderr.strip()[:300]}")
            )
        return [path.read_text(encoding="utf-8") for path in paths]


def format_source(source: str, formatter: str, line_length: int) -> str:
    """One piece of source, formatted (black in-process; ruff through its binary)."""
    if formatter == "ruff":
        return _format_ruff_many([source], line_length)[0]
    return _format_black(source, line_length)


# From this much memory of its own, this process does not fork black's workers itself: a fork
# carries the spec, the IR and every render into each worker (~250 MB on kubernetes-swagger2.json),
# on top of what black needs for a unit, and every page either side then writes (reference counts,
# the collector, this process going on with the models) is copied by the kernel. They are forked
# from a small server process with black imported instead, which costs ~0.3 s to start. Measured
# (cold, 2 cores): the default spec (53 MB here when the pool starts) is ~0.1 s quicker forked;
# xero-accounting.yaml (82 MB) ~0.3 s quicker from the server, openai-3.1.yaml (135 MB) 0.6-0.9 s
# (2-3 s less CPU).
FORKSERVER_MIN_RSS = 64 * 2**20


def _worker_context() -> tuple[multiprocessing.context.BaseContext, Callable[[], None]]:
    if _own_rss() >= FORKSERVER_MIN_RSS:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["black", "generator.format"])
        return context, _worker_init
    return multiprocessing.get_context("fork"), _worker_init


def _worker_init() -> None:
    # A worker collects garbage itself, once after each unit (`_pool_job`), not when allocations
    # reach a threshold: black builds a tree of parent-linked nodes for each unit, which only the
    # cyclic collector frees, and a collection after the unit finds it all garbage at once. On
    # Stripe's modules that is ~13% less CPU than collecting by threshold, and less memory.
    # gc.freeze(): the collections leave alone what the worker starts with (inherited from a fork,
    # or black's modules), which they would otherwise walk each time.
    gc.freeze()
    gc.disable()


def _own_rss() -> int:
    try:
        with open("/proc/self/statm", "rb") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0  # not Linux: fork (or the platform's default) as before


def _job(args: tuple[str, str, int, bool]) -> str:
    text, formatter, line_length, neutral = args
    return format_source(
        black_neutral(text, line_length) if neutral else text, formatter, line_length
    )


def _pool_job(args: tuple[str, str, int, bool]) -> str:
    """`_job` in a pool's worker, which collects its garbage after each unit (`_worker_init`)."""
    try:
        return _job(args)
    finally:
        gc.collect()


def _cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


@dataclass
class Group:
    """Modules added to a `Formatting` together; `Formatting.result` gives them formatted."""

    modules: dict[str, list[_Unit]] = field(default_factory=dict)
    pending: int = 0  # units not formatted yet (asked after every unit done: counted, not walked)

    @property
    def done(self) -> bool:
        return self.pending == 0


@dataclass
class _Unit:
    text: str
    key: str  # in the format cache
    group: Group
    formatted: str | None = None


class Formatting:
    """One format stage. Modules are added in groups, as they become ready (the client's modules
    first; models.py when datamodel-code-generator is done); each module is cut into units
    (`split_units`), a unit in the cache is taken from it, and the others are formatted by one pool
    of workers for the whole stage, largest first. A group added with `first=True` goes ahead of
    the units still queued: what waits on it (the models split) then runs while the workers format
    the rest, instead of after it. `step()` moves the work on; the caller decides what to wait for.
    """

    def __init__(self, formatter: str = "black", line_length: int = 100, use_cache: bool = True):
        self.formatter, self.line_length, self.use_cache = formatter, line_length, use_cache
        self._version = formatter_version(formatter)
        self._queue: deque[str] = deque()  # texts to format, in the order they go to the pool
        self._waiting: dict[str, list[_Unit]] = {}  # text -> the units that wait for it
        self._in_flight: dict[Future[str], str] = {}
        self._neutral: set[str] = set()  # texts to make `black_neutral` before black (models.py)
        self._queued_lines = 0
        self._pool: ProcessPoolExecutor | None = None
        self._workers = 1
        # No pool: ruff (it spreads files over the cores itself), one core, or a broken pool. (A
        # pool also waits until there is enough work to pay for starting it.)
        self._serial = formatter == "ruff" or _cpus() < 2

    def __enter__(self) -> Formatting:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
        if self.use_cache:
            cache.flush()  # the stage's units, in one transaction

    def add(self, sources: dict[str, str], *, first: bool = False, models: bool = False) -> Group:
        """Queue `sources` (path -> text). `models`: datamodel-code-generator's output, cut into
        small units made `black_neutral` (see MODEL_UNIT_LINES)."""
        group = Group()
        fresh: list[str] = []
        unit_lines = MODEL_UNIT_LINES if models else UNIT_LINES
        for path, source in sorted(sources.items()):
            pieces = split_units(source, unit_lines) if self.formatter == "black" else [source]
            units = []
            for text in pieces:
                key = hashlib.sha256(f"{self._version}\0{self.line_length}\0{text}".encode())
                unit = _Unit(text, key.hexdigest(), group)
                if self.use_cache:
                    cached = cache.lookup("format", unit.key)
                    if cached is not None and same_code(text, cached):
                        unit.formatted = cached
                if unit.formatted is None:
                    if text not in self._waiting:  # a text twice is formatted once
                        self._waiting[text] = []
                        fresh.append(text)
                    self._waiting[text].append(unit)
                    group.pending += 1
                units.append(unit)
            group.modules[path] = units
        fresh.sort(key=len, reverse=True)  # a long unit starts at once, short ones fill the gaps
        if models and self.formatter == "black":
            self._neutral.update(fresh)
        self._queued_lines += sum(text.count("\n") for text in fresh)
        if first:
            self._queue.extendleft(reversed(fresh))
        else:
            self._queue.extend(fresh)
        return group

    @property
    def pooled(self) -> bool:
        """The pool's workers format (they are forked: a thread started from now on is not
        carried into a child half-way through its work)."""
        return self._pool is not None

    @property
    def busy(self) -> bool:
        return bool(self._queue or self._in_flight)

    def start(self, *, reserve: bool = False) -> None:
        """Hand the pool units (starting it, when there is enough to format) without waiting for
        any: its workers are forked now, before the caller starts a thread. With `reserve`, one
        core is left to other work on the critical path (datamodel-code-generator at work): the
        workers keep only one fewer unit going than there are cores, instead of two units per
        core, so they do not slow it down. (Not for work in a thread of this process: a worker
        done with its unit waits for the next until that thread lets go of the interpreter, and
        the core idles.)"""
        if self._pool is None and not self._serial and self._queued_lines >= _POOL_MIN_LINES:
            self._workers = _cpus()
            context, initializer = _worker_context()
            self._pool = ProcessPoolExecutor(
                max_workers=self._workers, mp_context=context, initializer=initializer
            )
        if self._pool is not None:
            limit = max(1, self._workers - 1) if reserve else 2 * self._workers
            while self._queue and len(self._in_flight) < limit:
                text = self._pop()
                try:
                    future = self._pool.submit(_pool_job, self._job_args(text))
                except BrokenProcessPool:  # see `step`
                    self._fall_back_to_serial(text)
                    return
                self._in_flight[future] = text

    def step(self, also: Future[Any] | None = None, *, reserve: bool = False) -> None:
        """Format some of what is queued: in the pool, wait until a unit is done or `also` is
        (with `reserve`, a core is kept meanwhile for the work on the critical path: see
        `start`); without one, format the next units here."""
        if not self.busy:
            if also is not None:
                wait([also])
            return
        self.start(reserve=reserve)
        if self._pool is None:
            if self.formatter == "ruff":  # one run of its binary for all of them
                texts = [self._pop() for _ in range(len(self._queue))]
                for text, output in zip(texts, _format_ruff_many(texts, self.line_length)):
                    self._done(text, output)
            else:
                text = self._pop()
                self._done(text, _job(self._job_args(text)))
            return
        finished, _ = wait(
            [*self._in_flight, *([also] if also is not None else [])], return_when=FIRST_COMPLETED
        )
        for future in finished:
            text = self._in_flight.pop(future, None)  # type: ignore[arg-type]
            if text is None:
                continue  # `also`
            try:
                output = future.result()
            except BrokenProcessPool:
                # A worker could not start (a forkserver child re-imports `__main__`, which fails
                # for a program read from stdin, say): the rest of the work is done here.
                self._fall_back_to_serial(text)
                return
            self._done(text, output)

    def finish(self, group: Group) -> dict[str, str]:
        """Path -> formatted source for the modules of `group`, formatting what is left."""
        while not group.done:
            self.step()
        return self.result(group)

    @staticmethod
    def result(group: Group) -> dict[str, str]:
        return {
            path: join_units([unit.formatted or "" for unit in units])
            for path, units in group.modules.items()
        }

    def _job_args(self, text: str) -> tuple[str, str, int, bool]:
        return text, self.formatter, self.line_length, text in self._neutral

    def _pop(self) -> str:
        text = self._queue.popleft()
        self._queued_lines -= text.count("\n")
        return text

    def _fall_back_to_serial(self, text: str) -> None:
        back = [text, *self._in_flight.values()]
        self._queue.extendleft(reversed(back))
        self._queued_lines += sum(t.count("\n") for t in back)
        self._in_flight.clear()
        pool, self._pool = self._pool, None
        self._serial = True
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)

    def _done(self, text: str, output: str) -> None:
        self._neutral.discard(text)
        units = self._waiting.pop(text)
        for unit in units:
            unit.formatted = output
            unit.group.pending -= 1
        if self.use_cache:
            cache.store("format", units[0].key, output)


def format_modules(
    sources: dict[str, str],
    formatter: str = "black",
    line_length: int = 100,
    use_cache: bool = True,
) -> dict[str, str]:
    """Path -> formatted source, for every module in `sources`; cached unit by unit."""
    with Formatting(formatter, line_length, use_cache) as formatting:
        return formatting.finish(formatting.add(sources))


if __name__ == "__main__":  # pragma: no cover - manual use: python -m generator.format FILE
    print(format_source(Path(sys.argv[1]).read_text(), "black", 100), end="")
