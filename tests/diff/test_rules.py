"""The registry is the single list of rules: each has an example test, and the docs are generated."""

from __future__ import annotations

from generator.diff import docs
from generator.diff.rules import RULES, RULES_LIST

from . import (
    test_bodies,
    test_operations,
    test_parameters,
    test_python_api,
    test_responses,
    test_schemas,
    test_security,
)

MODULES = {
    "operations": test_operations,
    "parameters": test_parameters,
    "bodies": test_bodies,
    "responses": test_responses,
    "schemas": test_schemas,
    "python_api": test_python_api,
    "security": test_security,
}


def test_every_rule_has_an_example_in_its_family_test_module() -> None:
    for rule in RULES_LIST:
        module = MODULES[rule.family]
        assert (
            rule.id in module.CASES
        ), f"{rule.id}: add a minimal OLD/NEW pair to tests/diff/test_{rule.family}.py"
    cases = {rule_id for module in MODULES.values() for rule_id in module.CASES}
    assert cases == set(RULES), cases ^ set(RULES)


def test_rule_rows_are_well_formed() -> None:
    for rule in RULES_LIST:
        assert rule.severity in ("breaking", "warning", "info")
        assert rule.level in ("wire", "python")
        assert rule.level == "python" or not rule.id.startswith("python-")
        assert rule.description.endswith(".") and "\n" not in rule.description
        assert rule.oasdiff_level in (None, "ERR", "WARN", "INFO")


def test_committed_docs_are_generated_from_the_registry() -> None:
    assert (
        docs.DOC_PATH.read_text(encoding="utf-8") == docs.render_doc()
    ), "run: python -m generator.diff.docs"


def test_oasdiff_under_ranks_python_breaks_named_in_the_issue() -> None:
    # A removed operationId or tag is only INFO in oasdiff, a new response enum value only WARN.
    for rule_id in (
        "python-method-renamed",
        "python-method-moved",
        "python-resource-renamed",
        "python-response-enum-widened",
    ):
        assert RULES[rule_id].oasdiff_misses, rule_id
