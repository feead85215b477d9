"""generator/ir/package.py: the generated package's import name."""

from __future__ import annotations

import pytest

from generator.config import Config
from generator.findings import ApigenError
from generator.ir.package import SHADOWED_MODULES, given_package, package_for, package_name


@pytest.mark.parametrize(
    ("title", "name"),
    [
        ("OCPPLab Gateway API", "ocpplab"),  # not cut where the case changes (`ocpp`)
        ("GitHub v3 REST API", "github"),  # as its official SDK is named, not `git`
        ("OpenAI API", "openai"),  # not `open`
        ("Stripe API", "stripe"),
        ("The Foo-Bar API", "foobar"),
        ("The API", "api"),
        ("3D Secure", "client_3_d"),  # a module name cannot begin with a digit
        ("", "client"),
        ("JSON Placeholder", "json_sdk"),  # would shadow the standard library's json
        ("Pydantic Things", "pydantic_sdk"),  # a dependency of the generated package
        ("CON service", "con_sdk"),  # a Windows device name
    ],
)
def test_name_from_the_title(title: str, name: str) -> None:
    assert package_name(title) == name


def test_modules_removed_from_the_standard_library_are_still_shadowed() -> None:
    assert {"distutils", "imp", "telnetlib", "httpx", "typing_extensions"} <= SHADOWED_MODULES
    assert not any(name.startswith("_") for name in SHADOWED_MODULES)


def test_a_given_name_is_kept_when_valid_and_made_safe_otherwise() -> None:
    assert given_package("MySDK") == "MySDK"
    assert given_package("my-sdk") == "my_sdk"
    assert given_package("class") != "class"


def test_a_given_name_that_shadows_a_module_is_refused_with_a_hint() -> None:
    with pytest.raises(ApigenError) as raised:
        given_package("json")
    (finding,) = raised.value.findings
    assert finding.code == "package-shadows"
    assert "--package json_sdk" in finding.hint


def test_the_configured_name_wins_over_the_title() -> None:
    assert package_for(Config(package="petstore"), "Stripe API") == "petstore"
    assert package_for(Config(), "Stripe API") == "stripe"
