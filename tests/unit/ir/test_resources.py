"""generator/ir/resources.py: operations grouped into resources, parents made, names kept apart."""

from __future__ import annotations

from typing import Any

from generator.ir.model import Identifier
from generator.ir.resources import resources
from generator.ir.surface import Placement

from .spec import document


def place(chain: str, method: str, tag: str = "") -> Placement:
    entry = (f"/{chain}", "get", {}, {})
    parts = tuple(Identifier(c) for c in chain.split("."))
    return Placement(entry, parts, Identifier(method), "rule", "rule", tag)


def _resources(placements: list[Placement], **top: Any):  # type: ignore[no-untyped-def]
    # Stand-in operations: the method name, so that the grouping alone is under test.
    return resources(placements, document(**top), lambda p: p.method)  # type: ignore[arg-type,return-value]


def test_resources_in_order_of_first_appearance_with_parents_made() -> None:
    got = _resources(
        [
            place("beta.threads", "create"),
            place("files", "list"),
            place("beta.threads.runs", "list"),
            place("beta.threads", "retrieve"),
        ]
    )
    assert [(r.name, r.operations) for r in got] == [
        ("beta", ()),  # no operation sits on `beta` itself
        ("beta_threads", ("create", "retrieve")),
        ("files", ("list",)),
        ("beta_threads_runs", ("list",)),
    ]
    beta, threads, files, runs = got
    assert (beta.attribute, beta.parent, beta.accessor, beta.children) == (
        "",
        "",
        "",
        ("beta_threads",),
    )
    assert (threads.attribute, threads.parent, threads.accessor, threads.children) == (
        "threads",
        "beta",
        "beta.threads",
        ("beta_threads_runs",),
    )
    assert (runs.parent, runs.accessor) == ("beta_threads", "beta.threads.runs")
    assert (threads.class_name, threads.module) == ("BetaThreadsResource", "beta_threads")
    assert files.children == ()


def test_names_never_clash_with_the_clients_own_attributes() -> None:
    got = _resources([place("close", "run"), place("request", "run"), place("jobs.models", "list")])
    assert [(r.name, r.attribute) for r in got] == [
        ("close_2", ""),  # a top-level resource is the client's attribute of its name
        ("request_2", ""),
        ("jobs", ""),
        ("jobs_models", "models_"),  # `models` is a name the resource's module uses
    ]


def test_the_first_operations_tag_and_its_description() -> None:
    tags = [{"name": "pets", "description": "Everything about pets."}, "junk", {"name": "x"}]
    got = _resources([place("pets", "list", "pets"), place("pets", "create", "animals")], tags=tags)
    (pets,) = got
    assert (pets.tag, pets.description) == ("pets", "Everything about pets.")
    got = _resources([place("things", "list", "x"), place("other.sub", "list", "y")], tags=tags)
    assert [(r.tag, r.description) for r in got] == [("x", ""), ("", ""), ("y", "")]
