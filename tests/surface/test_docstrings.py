"""Docstrings without raw HTML: Stripe's `<p>`, `<code>`, `<a href>` become plain text and Markdown."""

from __future__ import annotations

from generator.render.escape import docstring


def test_html_becomes_markdown() -> None:
    text = (
        '<p>Retrieves the <code>customer</code> of an <a href="/docs/x">account</a>.</p>'
        "<p>Second &amp; <strong>bold</strong>.</p><ul><li>one</li><li>two</li></ul>"
    )
    assert docstring(text) == (
        "Retrieves the `customer` of an [account](/docs/x).\n\nSecond & **bold**.\n\n- one\n- two"
    )


def test_text_without_html_is_left_alone() -> None:
    assert docstring("List<String> and a < b &amp; c") == "List<String> and a < b &amp; c"


def test_decoded_entities_are_still_escaped() -> None:
    out = docstring("<p>a&#27;b &quot;&quot;&quot; c\\</p>")
    assert "\x1b" not in out and '"""' not in out and out.endswith("c\\\\")
