"""Templates cannot print a raw spec string: at render time (`finalize` refuses a `SpecText`) and,
for the ways around that (`~`, `| upper`, `.lower()`, `%`, plain-`str` fields), statically."""

from __future__ import annotations

import ast

import jinja2
import pytest

from generator.format import format_source
from generator.ir.model import SpecText
from generator.render import escape
from generator.render.env import builtin_templates, environment

from .template_lint import lint_folder, lint_template


def test_client_templates_print_spec_text_only_through_escaping_filters() -> None:
    problems = lint_folder(environment(), builtin_templates(), "client")
    assert not problems, "\n".join(map(str, problems))


def _env(source: str) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.DictLoader({"t.jinja": source}),
        finalize=escape.finalize,
        undefined=jinja2.StrictUndefined,
    )
    env.filters.update(pystr=escape.pystr, docstring=escape.docstring, comment=escape.comment)
    return env


@pytest.mark.parametrize(
    "source",
    [
        "{{ op.summary }}",
        "{{ op.summary | upper }}",
        "{{ op.summary | trim }}",
        '{{ op.summary ~ "" }}',
        "{{ op.summary.upper() }}",
        '{{ "%s" % op.summary }}',
        "{{ op.summary + op.path }}",
        "{{ r.status }}",  # a plain str field holding spec text
        "{% set x = op.summary %}{{ x }}",
        "{% for t in op.tags %}{{ t }}{% endfor %}",
        "{{ op.tags | join(', ') }}",
        "{{ op.summary if op.summary else op.name }}",
        "{% macro m(v) %}{{ v }}{% endmacro %}{{ m(op.summary) }}",
        "{{ op.summary | fit('statement') }}",
        "{{ op.summary | quotes }}",
        '{{ "x = %s" | format(op.summary) }}',
        "{{ op.summary | format(op.name) }}",
        '{{ " " * op.summary }}',
    ],
)
def test_lint_catches_every_way_around_the_filters(source: str) -> None:
    assert lint_template(_env(source), "t.jinja"), source


@pytest.mark.parametrize(
    "source",
    [
        "{{ op.summary | pystr }}",
        "{{ op.summary | docstring(indent='    ') }}",
        "{{ api.title | comment }}",
        "def {{ op.method_name }}(self): ...",
        "{{ op.type.annotation }}",
        '{% set prefix = "Async" if is_async else "" %}class {{ prefix }}{{ r.class_name }}: ...',
        "{{ api.package | upper }}",
        "{% macro m(v) %}{{ v }}{% endmacro %}{{ m(op.name) }}{{ m('x') }}",
        "{{ ('x = ' ~ op.name) | fit('statement', 8) }}",
        '{{ "from .%s import %s" | format(r.module, r.class_name) }}',
        '{% macro m(n) %}{% set pad = " " * n %}{{ pad }}{% endmacro %}{{ m(4) }}',
    ],
)
def test_lint_accepts_escaped_and_identifier_output(source: str) -> None:
    assert lint_template(_env(source), "t.jinja") == [], source


def test_finalize_refuses_raw_spec_text_at_render_time() -> None:
    env = _env("{{ text }}")
    with pytest.raises(escape.UnescapedSpecText):
        env.get_template("t.jinja").render(text=SpecText('"; import os #'))
    assert env.get_template("t.jinja").render(text="plain") == "plain"
    assert _env("{{ text | pystr }}").get_template("t.jinja").render(text=SpecText("a'b")) == repr(
        "a'b"
    )


HOSTILE = [
    "a'b",
    'a"b',
    "'''\"\"\"",
    "back\\slash",
    "new\nline\r",
    "{x}",
    "\u202e\u00e9",
    "__import__('os')",
    "\\",
    'it\'s "both"',
]


@pytest.mark.parametrize("text", HOSTILE)
def test_the_real_environment_has_finalize_and_filters(text: str) -> None:
    """The real environment's filters are the escaping layer in black's spelling: a literal means
    the text, a docstring holds it without ending early, a comment stays one line."""
    env = environment()
    assert env.finalize is escape.finalize
    literal = env.filters["pystr"](SpecText(text))
    assert ast.literal_eval(literal) == text
    statement = f"x = {literal}\n"
    assert format_source(statement, "black", 100) == statement  # in black's own quotes
    module = ast.parse(
        'def f():\n    """' + env.filters["docstring"](SpecText(text), "    ") + '"""\n'
    )
    function = module.body[0]
    assert (
        len(module.body) == 1 and isinstance(function, ast.FunctionDef) and len(function.body) == 1
    )
    assert env.filters["comment"] is escape.comment
    assert "\n" not in env.filters["comment"](SpecText(text))
    with pytest.raises(escape.UnescapedSpecText):
        env.from_string("{{ x }}").render(x=SpecText("spec"))
