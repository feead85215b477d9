"""Issue 14 item 7: a schema that did not change keeps its generated class name when the rest of
the spec changes (an inline schema is named from its own place, not from where it was first met)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from generator.config import Config
from generator.diff.engine import LoadedVersion, compare_versions, load_version
from generator.ir.model import Api
from generator.ir.schemas import unescape_pointer_token

from .helpers import diff, doc, obj, ok, op, ref

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"
if not CORPUS.is_dir():
    CORPUS = Path("/work/shared/corpus")

PERMISSIONS = obj({"admin": {"type": "boolean"}, "pull": {"type": "boolean"}})


def _renamed(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    return [c.message for c in diff(old, new) if c.rule == "python-model-renamed"]


def _repos(*names: str) -> dict[str, Any]:
    """Components that each hold an equal inline `permissions` object, and an operation using each."""
    schemas = {name: obj({"id": {"type": "integer"}, "permissions": PERMISSIONS}) for name in names}
    paths = {
        f"/{name.lower()}": {"get": op(f"get_{name.lower()}", responses=ok(ref(name)))}
        for name in names
    }
    return doc(paths, schemas)


def test_an_inline_schema_in_a_component_keeps_its_name_when_an_equal_one_appears_before_it() -> (
    None
):
    # Before: `FullRepoPermissions` was the class of every equal inline shape, named from the first
    # component met; a new component sorted before it renamed it to `AaaRepoPermissions`.
    old = _repos("FullRepo", "Repo")
    new = _repos("AaaRepo", "FullRepo", "Repo")
    assert _renamed(old, new) == []
    names = {str(m.class_name) for m in _build(new).models}
    assert {"AaaRepoPermissions", "FullRepoPermissions", "RepoPermissions"} <= names


def test_the_inline_schema_of_a_shared_response_is_named_from_the_response() -> None:
    unavailable = {
        "description": "down",
        "content": {"application/json": {"schema": obj({"code": {"type": "string"}})}},
    }

    def spec(*operations: str) -> dict[str, Any]:
        paths = {
            f"/{name}": {
                "get": op(
                    name,
                    responses={
                        **ok({"type": "string"}),
                        "503": {"$ref": "#/components/responses/service_unavailable"},
                    },
                )
            }
            for name in operations
        }
        document = doc(paths)
        document["components"]["responses"] = {"service_unavailable": unavailable}
        return document

    # Before: the class was `<first operation>Error503`, renamed when an operation came before it.
    old, new = spec("pets_list"), spec("owners_list", "pets_list")
    assert _renamed(old, new) == []
    assert "ServiceUnavailableResponse" in {str(m.class_name) for m in _build(new).models}


def _build(document: dict[str, Any]) -> Api:
    from .helpers import build

    result: Api = build(document)
    return result


# ---- the real pair ------------------------------------------------------------------------------
def _node(document: Any, pointer: str) -> Any:
    for step in pointer.lstrip("/").split("/"):
        key = unescape_pointer_token(step)
        if isinstance(document, dict) and key in document:
            document = document[key]
        elif isinstance(document, list) and key.isdigit() and int(key) < len(document):
            document = document[int(key)]
        else:
            return None
    return document


def _same(old: LoadedVersion, new: LoadedVersion, pointer: str) -> bool:
    a, b = _node(old.document, pointer), _node(new.document, pointer)
    return a is not None and json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)


@pytest.mark.skipif(not (CORPUS / "github-api-3.0.json").is_file(), reason="needs ../shared/corpus")
def test_github_2020_to_2022_renames_no_unchanged_component_schema() -> None:
    """Every `python-model-renamed` of the GitHub pair whose old class came from a component schema
    (the component itself or an inline schema inside it) is about a component that changed: its
    content, or its own name (a schema replaced by another). ~10 s (two IRs and the diff)."""
    config = Config()
    old = load_version(CORPUS / "github-api-2020.yaml", config)
    new = load_version(CORPUS / "github-api-3.0.json", config)
    changes = compare_versions(old, new)
    renamed = [c for c in changes if c.rule == "python-model-renamed"]
    assert renamed  # the pair does rename models (schemas replaced): the check below has data
    origin = {str(m.class_name): m.pointer for m in old.api.models}
    unchanged = []
    for change in renamed:
        pointer = origin.get(str(change.old), "")
        if not pointer.startswith("/components/schemas/"):
            continue  # an operation's inline schema: see the note below
        component = "/".join(pointer.split("/")[:4])
        if _same(old, new, component):
            unchanged.append(f"{change.message} [{pointer}]")
    assert unchanged == []
    # Not covered (issue 14, left open): an inline schema of an operation still shares the class of
    # an equal inline schema met before it in another operation (the default package's
    # `CommandsResetAuthCacheRequest` serves two operations that way), so an operation added
    # before it can rename it (`ActionsListJobsForWorkflowRunResponse`).
