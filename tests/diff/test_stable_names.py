"""Issue 14 item 7: a schema that did not change keeps its generated class name when the rest of
the spec changes (an inline schema is named from its own place, not from where it was first met)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from generator.config import Config
from generator.diff.engine import LoadedVersion, compare_versions, load_version
from generator.findings import Findings
from generator.ir.model import Api
from generator.ir.schemas import unescape_pointer_token
from generator.models import render_models

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


def test_an_operations_inline_body_keeps_its_name_when_an_equal_one_appears_before_it() -> None:
    # Before: equal inline bodies shared the class named from the first operation met; a new
    # operation before it renamed it (GitHub's `ActionsListJobsForWorkflowRunResponse`). Now each
    # place has its name, the later ones aliases of the first one's class (ocpplab's
    # `CommandsClearLocalListRequest` = `CommandsResetAuthCacheRequest`).
    body = obj({"target": {"type": "string"}, "note": {"type": "string"}})

    def spec(*operations: str) -> dict[str, Any]:
        return doc({f"/{name}": {"post": op(name, body=body)} for name in operations})

    old, new = spec("pets_reset", "pets_clear"), spec("pets_aaa", "pets_reset", "pets_clear")
    assert _renamed(old, new) == []
    api = _build(new)
    models = {str(m.class_name): m for m in api.models}
    assert str(models["PetsResetRequest"].alias_of) == "PetsAaaRequest"
    source = render_models(api, Findings())  # one class, two aliases of it
    assert source.count("class PetsAaaRequest(BaseModel)") == 1
    assert "PetsResetRequest: TypeAlias = PetsAaaRequest" in source
    assert "PetsClearRequest: TypeAlias = PetsAaaRequest" in source
    assert str(models["PetsClearRequest"].alias_of) == "PetsAaaRequest"
    assert not str(models["PetsAaaRequest"].alias_of)


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
    """Every `python-model-renamed` of the GitHub pair is about a schema that changed (its content,
    its place, or what it is named from: its component, its operation's id), never one that did
    not (it was 31 of the 67 renames: equal inline schemas shared the class of the first one met,
    and a version adding one before it renamed them). ~10 s (two IRs and the diff)."""
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
        if _unchanged(old, new, pointer):
            unchanged.append(f"{change.message} [{pointer}]")
    assert unchanged == []


def _unchanged(old: LoadedVersion, new: LoadedVersion, pointer: str) -> bool:
    """The schema at `pointer` and what its name is made from are the same in both versions: the
    whole component schema it is in, or (in an operation) the schema and the operation's id."""
    steps = pointer.split("/")
    if pointer.startswith("/components/"):
        return _same(old, new, "/".join(steps[:4]))
    if pointer.startswith("/paths/") and len(steps) > 3:
        operation = "/".join(steps[:4])
        return _same(old, new, pointer) and _same(old, new, f"{operation}/operationId")
    return False
