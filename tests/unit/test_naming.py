"""Tier 1: naming. Every name made from a spec string is a valid, non-keyword, ASCII identifier,
chosen the same way on every Python; collisions are resolved deterministically by `unique`."""

from __future__ import annotations

import keyword

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.ir.naming import (
    CALL_OPTION_NAMES,
    CLIENT_ATTRIBUTE_NAMES,
    CLIENT_INIT_NAMES,
    KEYWORDS,
    METHOD_LOCAL_NAMES,
    SOFT_KEYWORDS,
    pascal,
    snake,
    strip_prefix_words,
    unique,
    words,
)
from tests.hostile.strategies import NAME_ATOMS, TEXT_ATOMS, hostile_text


def _valid(name: str) -> bool:
    return (
        name.isidentifier()
        and name.isascii()
        and not keyword.iskeyword(name)
        and not keyword.issoftkeyword(name)
    )


@pytest.mark.parametrize("text", sorted(set(NAME_ATOMS + TEXT_ATOMS)))
def test_every_hostile_name_becomes_a_safe_identifier(text: str) -> None:
    for name in (snake(text), pascal(text), snake(text, "param"), pascal(text, "Model")):
        assert _valid(name), (text, name)
        assert not name.startswith("_"), (text, name)  # never a dunder, never private


@given(st.one_of(hostile_text, st.text()))
@settings(max_examples=500, deadline=None, database=None)
def test_any_text_becomes_a_safe_identifier(text: str) -> None:
    assert _valid(snake(text)) and _valid(pascal(text))


@pytest.mark.parametrize("word", sorted(KEYWORDS | SOFT_KEYWORDS - {"_"}))
def test_keywords_and_soft_keywords_get_a_suffix(word: str) -> None:
    assert snake(word) == word.lower() + "_" or snake(word) not in KEYWORDS | SOFT_KEYWORDS
    assert (
        snake(word) not in KEYWORDS | SOFT_KEYWORDS and pascal(word) not in KEYWORDS | SOFT_KEYWORDS
    )


def test_keyword_lists_are_fixed_not_read_from_the_interpreter() -> None:
    """The output must not depend on the Python that runs apigen: 3.12 made `type` a soft keyword."""
    assert set(keyword.kwlist) <= KEYWORDS, "a new Python keyword: decide how naming treats it"
    assert snake("type") == "type" and snake("match") == "match_" and snake("case") == "case_"
    assert pascal("none") == "NoneModel" and pascal("true") == "TrueModel"
    assert snake("class") == "class_"


@pytest.mark.parametrize(
    ("text", "snake_name", "pascal_name"),
    [
        ("", "value", "Model"),
        ("_", "value", "Model"),
        ("___", "value", "Model"),
        ("123", "value_123", "Model123"),
        ("1st place", "value_1_st_place", "Model1StPlace"),
        ("2fa-code", "value_2_fa_code", "Model2FaCode"),
        ("__import__", "import_", "Import"),
        ("__init__", "init", "Init"),
        ("getHTTPResponse-v2", "get_http_response_v2", "GetHTTPResponseV2"),
        ("ｃｌａｓｓ", "class_", "Class"),  # fullwidth: NFKC folds it to `class`
        ("ſelf", "self", "Self"),  # long s
        ("ﬁle", "file", "File"),  # ligature
        ("ℌeader", "header", "Header"),
        ("сlass", "lass", "Lass"),  # Cyrillic с is not ASCII: dropped, not confused with `class`
        ("١٢٣", "value", "Model"),  # Arabic-Indic digits
        ("２fa", "value_2_fa", "Model2Fa"),  # fullwidth digit -> ASCII digit
        ("x-request-id", "x_request_id", "XRequestId"),
        ("../../etc/passwd", "etc_passwd", "EtcPasswd"),
        ('"; import os #', "import_os", "ImportOs"),
        ("\u202eevil\u200b", "evil", "Evil"),
    ],
)
def test_names(text: str, snake_name: str, pascal_name: str) -> None:
    assert snake(text) == snake_name
    assert pascal(text) == pascal_name


def test_fallbacks_are_used_for_empty_and_digit_names() -> None:
    assert snake("", "param") == "param" and snake("9", "param") == "param_9"
    assert pascal("", "Auth") == "Auth" and pascal("9", "Auth") == "Auth9"


@pytest.mark.parametrize("text", ["None", "true", "False", "123", "1st place", "_", "a_b", "x__y"])
def test_class_names_have_no_underscore(text: str) -> None:
    """datamodel-code-generator prints `None_` as `None1` and `Model_123` as `Model123`: a class
    name with an underscore is not the name the models hold (tests/hostile/test_fuzz_regressions.py).
    """
    assert "_" not in pascal(text) and pascal(text).isidentifier()


def test_unique_resolves_collisions_deterministically() -> None:
    taken: set[str] = {"a"}
    assert [unique("a", taken), unique("a", taken), unique("a_2", taken), unique("b", taken)] == [
        "a_2",
        "a_3",
        "a_2_2",
        "b",
    ]
    assert taken == {"a", "a_2", "a_3", "a_2_2", "b"}
    classes: set[str] = {"Pet"}
    assert unique("Pet", classes, sep="") == "Pet2" and unique("Pet", classes, sep="") == "Pet3"


def test_unique_never_returns_a_taken_name_even_for_look_alikes() -> None:
    taken: set[str] = set()
    names = [unique(snake(t), taken) for t in ("class", "ｃｌａｓｓ", "Class", "CLASS", "class_")]
    assert len(set(names)) == len(names) and all(_valid(n) for n in names)


def test_reserved_names_cover_what_generated_bodies_read() -> None:
    # A parameter named like a builtin the method body evaluates (`response_type=list[...]`) or like
    # the `*_and_poll` arguments would shadow it or repeat an argument.
    for name in (
        "list",
        "dict",
        "str",
        "int",
        "bytes",
        "Literal",
        "isinstance",
        "Mapping",
        "encode_body",
        "poll_interval",
        "poll_timeout",
        "self",
        "models",
    ):
        assert name in METHOD_LOCAL_NAMES
    assert {"timeout", "max_retries", "extra_headers"} <= CALL_OPTION_NAMES
    assert {"timeout", "base_url", "token", "os"} <= CLIENT_INIT_NAMES
    assert {"timeout", "close", "request", "with_options"} <= CLIENT_ATTRIBUTE_NAMES


def test_words_and_prefix_stripping() -> None:
    assert words("OCPPLab Gateway API") == ["OCPP", "Lab", "Gateway", "API"]
    assert words("") == [] and words("\x00\u202e") == []
    assert strip_prefix_words(["chargers", "update"], ["Chargers"]) == ["update"]
    assert strip_prefix_words(["chargers"], ["chargers"]) == ["chargers"]
