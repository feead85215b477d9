"""Pagination detection on real specs (a golden listing per spec: which operations page, in
which style, and why; which list operations do not, and why), and `[[tool.apigen.pagination]]`."""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.config import Config, config_from_table
from generator.findings import ApigenError, Findings, Location
from generator.ir.build import build_api
from generator.ir.model import Api

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO.parent / "shared" / "corpus"
GOLDEN = REPO / "tests" / "golden" / "pagination"
SPECS = ["stripe-spec3.yaml", "openai-3.1.yaml", "github-api-3.0.json", "twilio-messaging-v1.json"]


def _load(path: Path) -> dict[str, Any]:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".json":
        return json.loads(text)  # type: ignore[no-any-return]
    return yaml.load(text, Loader=yaml.CSafeLoader)  # type: ignore[no-any-return]


def _api(document: dict[str, Any], config: Config | None = None) -> Api:
    return build_api(document, config or Config(), lambda p: Location("spec.yaml"), Findings())


def listing(api: Api) -> str:
    """Per operation that returns a list: its style and why (or `-` and why not)."""
    styles: Counter[str] = Counter()
    lines = []
    for op in sorted(api.operations, key=lambda o: (str(o.path), o.http_method)):
        label = f"{op.http_method.upper()} {op.path}"
        page = op.pagination
        if page is not None:
            styles[page.style] += 1
            where = ", ".join(
                f"{k}={v}"
                for k, v in (
                    ("param", page.page_param),
                    ("limit", page.limit_param),
                    ("items", page.items_field if page.items_field else "."),
                    ("total", page.total_field),
                    ("has_more", page.has_more_field),
                    ("cursor", page.cursor_field),
                    ("next", page.next_field),
                    ("header", "Link" if page.link_header else ""),
                    ("start", "" if page.start is None else str(page.start)),
                )
                if v
            )
            lines.append(f"{label}: {page.style} [{where}]: {page.reason}")
        elif op.pagination_note:
            styles["none"] += 1
            lines.append(f"{label}: none: {op.pagination_note}")
    head = ", ".join(f"{style} {count}" for style, count in sorted(styles.items()))
    return f"# {len(api.operations)} operations; list operations by style: {head}\n" + "".join(
        line + "\n" for line in lines
    )


@pytest.mark.parametrize("spec", SPECS)
def test_golden_listing(spec: str) -> None:
    api = _api(_load(CORPUS / spec))
    text = listing(api)
    golden = GOLDEN / (spec.rsplit(".", 1)[0] + ".txt")
    if os.environ.get("APIGEN_UPDATE_PAGINATION_GOLDEN"):
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8"), f"pagination listing of {spec} changed"


# ---- [[tool.apigen.pagination]] ---------------------------------------------------------------
THINGS: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "Things", "version": "1"},
    "paths": {
        "/things": {
            "get": {
                "operationId": "listThings",
                "parameters": [
                    {"name": "pg", "in": "query", "schema": {"type": "string"}},
                    {"name": "n", "in": "query", "schema": {"type": "integer"}},
                ],
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/ThingPage"}
                            }
                        },
                    }
                },
            }
        },
        "/widgets": {
            "get": {
                "operationId": "listWidgets",
                "parameters": [{"name": "page", "in": "query", "schema": {"type": "string"}}],
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {
                            "application/json": {
                                "schema": {"type": "array", "items": {"type": "string"}}
                            }
                        },
                    }
                },
            }
        },
    },
    "components": {
        "schemas": {
            "Thing": {"type": "object", "properties": {"key": {"type": "string"}}},
            "ThingPage": {
                "type": "object",
                "properties": {
                    "rows": {"type": "array", "items": {"$ref": "#/components/schemas/Thing"}},
                    "cont": {"type": "object", "properties": {"nxt": {"type": "string"}}},
                },
            },
        }
    },
}


def _config(tmp_path: Path, rows: str) -> Config:
    path = tmp_path / "pyproject.toml"
    path.write_text('[tool.apigen]\nspec = "x.yaml"\n\n' + rows, encoding="utf-8")
    import tomllib

    table = tomllib.loads(path.read_text())["tool"]["apigen"]
    return config_from_table(table, source=str(path))


def _op(api: Api, operation_id: str) -> Any:
    return next(o for o in api.operations if o.operation_id == operation_id)


def test_nothing_detected_without_a_rule_and_the_report_says_why() -> None:
    api = _api(THINGS)
    things, widgets = _op(api, "listThings"), _op(api, "listWidgets")
    assert things.pagination is None and widgets.pagination is None
    # `rows` beside no page marker (total, has_more, meta, next...) is not taken for a listing
    assert things.pagination_note == ""
    # the old bug: a string `page` is a cursor, never a page number
    assert "`page` is not a page number" in widgets.pagination_note


def test_a_rule_expresses_a_token_style_with_nested_fields(tmp_path: Path) -> None:
    config = _config(
        tmp_path,
        '[[tool.apigen.pagination]]\noperation = "listThings"\nstyle = "token"\n'
        'param = "pg"\nlimit_param = "n"\nitems = "rows"\ncursor = "cont.nxt"\n',
    )
    page = _op(_api(THINGS, config), "listThings").pagination
    assert page is not None
    assert (page.style, page.page_param, page.limit_param, page.items_field, page.cursor_field) == (
        "token",
        "pg",
        "n",
        "rows",
        "cont.nxt",
    )
    assert page.item_type.annotation == "models.Thing"


def test_a_rule_turns_a_detected_pager_off(tmp_path: Path) -> None:
    doc = json.loads(json.dumps(THINGS))
    doc["paths"]["/widgets"]["get"]["parameters"] = [
        {"name": "after", "in": "query", "schema": {"type": "string"}}
    ]
    doc["paths"]["/widgets"]["get"]["responses"]["200"]["content"]["application/json"]["schema"] = {
        "type": "array",
        "items": {"$ref": "#/components/schemas/Widget"},
    }
    doc["components"]["schemas"]["Widget"] = {
        "type": "object",
        "properties": {"id": {"type": "string"}},
    }
    detected = _op(_api(doc), "listWidgets").pagination
    assert detected is not None and detected.style == "window" and detected.items_field == ""
    config = _config(
        tmp_path, '[[tool.apigen.pagination]]\noperation = "listWidgets"\nstyle = "none"\n'
    )
    widgets = _op(_api(doc, config), "listWidgets")
    assert widgets.pagination is None and "turned off" in widgets.pagination_note


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ('operation = "listNothing"\nstyle = "page"\n', "no operation has this operationId"),
        ('operation = "listThings"\nstyle = "sideways"\n', "unknown style 'sideways'"),
        ('operation = "listThings"\nstyle = "page"\n', "holds no list the pager could iterate"),
        (
            'operation = "listThings"\nstyle = "cursor"\nitems = "rows"\n',
            "style 'cursor' needs a cursor query parameter",
        ),
        (
            'operation = "listThings"\nstyle = "page"\nparam = "p"\nitems = "rows"\n',
            "the operation has no `p`",
        ),
        (
            'operation = "listThings"\nstyle = "token"\nparam = "pg"\nitems = "rows"\n',
            "needs the response field holding the next token",
        ),
        (
            'operation = "listThings"\nstyle = "link"\nitems = "rows"\nnext = "links.next"\n',
            "the response has no `links.next`",
        ),
        (
            'operation = "listThings"\nstyle = "offset"\nparam = "pg"\nitems = "nope"\n',
            "the response has no list at `nope`",
        ),
    ],
)
def test_bad_rules_are_located_errors(tmp_path: Path, row: str, message: str) -> None:
    config = _config(tmp_path, "[[tool.apigen.pagination]]\n" + row)
    with pytest.raises(ApigenError) as caught:
        _api(THINGS, config)
    [finding] = list(caught.value.findings)
    assert message in finding.message
    assert str(finding.location) == f"{tmp_path / 'pyproject.toml'}:5:1"


def test_cli_exits_2_on_a_bad_rule(tmp_path: Path) -> None:
    import subprocess
    import sys

    (tmp_path / "things.yaml").write_text(yaml.safe_dump(THINGS), encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text(
        '[tool.apigen]\nspec = "things.yaml"\n\n[[tool.apigen.pagination]]\n'
        'operation = "listThings"\nstyle = "page"\n',
        encoding="utf-8",
    )
    run = subprocess.run(
        [sys.executable, "-m", "generator", "generate", "--output", str(tmp_path / "out")],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        timeout=120,
    )
    assert run.returncode == 2, run.stderr
    assert (
        "pyproject.toml:5:1: error: [[tool.apigen.pagination]] 'listThings': the success"
        in run.stderr
    )
    assert "Traceback" not in run.stderr


def test_report_json_lists_pagers_and_non_pagers_with_reasons(tmp_path: Path) -> None:
    from generator.report import coverage

    config = _config(
        tmp_path,
        '[[tool.apigen.pagination]]\noperation = "listThings"\nstyle = "token"\n'
        'param = "pg"\nitems = "rows"\ncursor = "cont.nxt"\n',
    )
    report = coverage(_api(THINGS, config), THINGS).to_dict()
    assert report["pagination"] == [
        {
            "operation": "GET /things",
            "pointer": "/paths/~1things/get",
            "style": "token",
            "reason": "[[tool.apigen.pagination]] style 'token'",
        },
        {
            "operation": "GET /widgets",
            "pointer": "/paths/~1widgets/get",
            "style": "none",
            "reason": "returns a list, but `page` is not a page number and the response holds "
            "no next-page token for it",
        },
    ]


def test_a_union_of_lists_is_not_read_as_one_list() -> None:
    """GitHub's stargazers answer `list[SimpleUser] | list[Stargazer]`: string-slicing it as
    `list[X]` gave `item_type=models.SimpleUser] | list[models.Stargazer`, code that does not parse.
    """
    from generator.ir.types import ListOf, ModelRef, NoneType, Primitive, list_item, union

    users = union([ListOf(ModelRef("SimpleUser")), ListOf(ModelRef("Stargazer"))])
    assert users.annotation == "list[models.SimpleUser] | list[models.Stargazer]"
    assert list_item(users) is None
    assert list_item(ListOf(ListOf(Primitive("integer")))) == ListOf(Primitive("integer"))
    assert list_item(ListOf(ModelRef("Pet"))) == ModelRef("Pet")
    assert list_item(union([ListOf(ModelRef("Pet")), NoneType()])) == ModelRef("Pet")
