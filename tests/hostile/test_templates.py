"""Templates cannot print a raw spec string: at render time (`finalize` refuses a `SpecText`) and,
for the ways around that (`~`, `| upper`, `.lower()`, `%`, plain-`str` fields), statically."""

from __future__ import annotations

import jinja2
import pytest

from generator.ir.model import SpecText
from generator.render import escape
from generator.render.env import builtin_templates, environment

from .template_lint import lint_folder, lint_template


def test_client_templates_print_spec_text_only_through_escaping_filters() -> None:
    problems = lint_folder(environment(), builtin_templates(), "client")
    assert not problems, "\n".join(map(str, problems))


def _env(source: str) -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.DictLoader({"t.jinja": source}), finalize=escape.finalize, undefined=jinja2.StrictUndefined)
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
    ],
)
def test_lint_accepts_escaped_and_identifier_output(source: str) -> None:
    assert lint_template(_env(source), "t.jinja") == [], source


def test_finalize_refuses_raw_spec_text_at_render_time() -> None:
    env = _env("{{ text }}")
    with pytest.raises(escape.UnescapedSpecText):
        env.get_template("t.jinja").render(text=SpecText('"; import os #'))
    assert env.get_template("t.jinja").render(text="plain") == "plain"
    assert _env("{{ text | pystr }}").get_template("t.jinja").render(text=SpecText("a'b")) == repr("a'b")


def test_the_real_environment_has_finalize_and_filters() -> None:
    env = environment()
    assert env.finalize is escape.finalize
    assert {env.filters[n] for n in ("pystr", "docstring", "comment")} == {escape.pystr, escape.docstring, escape.comment}
    with pytest.raises(escape.UnescapedSpecText):
        env.from_string("{{ x }}").render(x=SpecText("spec"))
