"""generator/ir/refs.py: component $refs resolved to the node and the pointer of the component."""

from __future__ import annotations

from generator.ir.refs import component_resolver

from .spec import document

PARAM = {"name": "limit", "in": "query"}
DOC = document(
    components={
        "parameters": {"a/b~c": PARAM, "Alias": {"$ref": "#/components/parameters/a~1b~0c"}},
        "responses": {"Loop": {"$ref": "#/components/responses/Loop"}},
    }
)


def test_a_node_without_ref_is_itself_with_no_pointer() -> None:
    deref = component_resolver(DOC)
    assert deref(PARAM, "parameters") == (PARAM, "")
    assert deref("text", "parameters") == ("text", "")


def test_an_escaped_key_is_unescaped_to_look_up_and_escaped_again_in_the_pointer() -> None:
    node, pointer = component_resolver(DOC)(
        {"$ref": "#/components/parameters/a~1b~0c"}, "parameters"
    )
    assert node is PARAM
    assert pointer == "/components/parameters/a~1b~0c"


def test_a_chain_of_refs_ends_at_the_last_component() -> None:
    node, pointer = component_resolver(DOC)({"$ref": "#/components/parameters/Alias"}, "parameters")
    assert node is PARAM and pointer == "/components/parameters/a~1b~0c"


def test_a_ref_into_another_section_or_nowhere_resolves_to_an_empty_node() -> None:
    deref = component_resolver(DOC)
    assert deref({"$ref": "#/components/parameters/a~1b~0c"}, "responses") == ({}, "")
    assert deref({"$ref": "#/components/parameters/Missing"}, "parameters") == (
        {},
        "/components/parameters/Missing",
    )
    assert deref({"$ref": 7}, "parameters") == ({}, "")


def test_a_cycle_ends_after_a_bounded_number_of_hops() -> None:
    assert component_resolver(DOC)({"$ref": "#/components/responses/Loop"}, "responses") == (
        {},
        "/components/responses/Loop",
    )


def test_a_document_without_components_resolves_every_ref_to_an_empty_node() -> None:
    deref = component_resolver(document())
    assert deref({"$ref": "#/components/parameters/X"}, "parameters") == (
        {},
        "/components/parameters/X",
    )
