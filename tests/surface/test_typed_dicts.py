"""Issue 14 item 5: a parameter typed with a model also accepts the matching TypedDict
(`params.<Model>Param`), nested too, so plain dicts type-check under mypy --strict; and they still
work at run time against a real server on 127.0.0.1. `params` stays out of a plain call's imports.
"""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from mypy import api as mypy_api

from generator.config import Config
from generator.pipeline import generate, write
from tests.execution.recording_server import Answer, Recorded, RecordingServer

SPEC = Path(__file__).parent / "specs" / "typed_dicts.yaml"
REPO = Path(__file__).resolve().parents[2]
PACKAGE = "td_shop"


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    root = tmp_path_factory.mktemp("typed_dicts")
    config = Config(spec=str(SPEC), output=str(root), package=PACKAGE)
    write(generate(SPEC, config), config)
    sys.path.insert(0, str(root))
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(root))
        for name in list(sys.modules):
            if name.split(".")[0] == PACKAGE:
                del sys.modules[name]


USER_CODE = """\
from td_shop import Client, models
from td_shop.params import AddressParam, GiftParam, GiftParamDict, OddKeysParam, ShippingParam


def make(client: Client) -> models.Customer:
    home: AddressParam = {"city": "Paris", "geo": {"lat": 48.8, "lng": 2.3}, "kind": "home"}
    odd: OddKeysParam = {"content-type": "text/plain", "class": 3, "list": "l", "a'b\\"c": "q"}
    return client.customers.create(
        name="Ann",
        address=home,
        tags=[{"id": "t0", "label": "vip"}, models.Tag(id="t1", label="x")],
        payment={"type": "card", "number": "4242"},
        odd=odd,
    )


def named(client: Client) -> None:
    gift: GiftParam = {"note": "hi"}
    options: GiftParamDict = {"wrap": True}
    shipping: ShippingParam = {"speed": "fast"}
    client.customers.create(name="H", gift=gift, gift_options=options, shipping=shipping)
    client.customers.create(name="I", gift=options)
    client.customers.create(name="J", shipping={"speed": "warp"})


def nested_literal(client: Client) -> None:
    client.customers.create(name="Bo", address={"city": "Oslo", "postalCode": "0150"})
    client.customers.list(filter={"email": "a@b.c"})
    client.categories.create(slug="root", children=[{"slug": "leaf", "parent": {"slug": "root"}}])


def mistakes(client: Client) -> None:
    client.customers.create(name="C", address={"town": "Rome"})
    client.customers.create(name="D", address={"city": 3})
    client.customers.create(name="E", payment={"type": "cash"})
    client.customers.create(name="F", address={"postalCode": "75001"})
    client.customers.create(name="G", tags=[{"label": "no id"}])
"""


def test_nested_dicts_type_check_strict(shop: ModuleType, tmp_path: Path) -> None:
    user = tmp_path / "user_code.py"
    user.write_text(USER_CODE)
    root = Path(shop.__file__).parent
    out, _, status = mypy_api.run(
        ["--strict", "--no-incremental", "--cache-dir=/dev/null", str(user), str(root)]
    )
    errors = [line for line in out.splitlines() if ": error:" in line]
    # Only the mistakes, on their lines: a key the model does not have, a wrong value type, a
    # union member that does not exist, a required key left out (`city`; a tag's `id`: readOnly,
    # but the model validating the dict requires it). The generated package itself is clean.
    lines = USER_CODE.splitlines()
    wrong = {i + 1 for i, line in enumerate(lines) if '"town"' in line or '"city": 3' in line}
    wrong |= {i + 1 for i, line in enumerate(lines) if '"cash"' in line or 'name="F"' in line}
    wrong |= {i + 1 for i, line in enumerate(lines) if 'name="G"' in line}
    # The TypedDicts of models `Gift` and `GiftParam` are not confused with each other.
    wrong |= {i + 1 for i, line in enumerate(lines) if 'name="I"' in line or '"warp"' in line}
    assert {int(e.split(":")[1]) for e in errors} == wrong, out
    assert all(e.startswith(str(user)) for e in errors), out
    assert status == 1


def test_params_module_keys_and_syntax(shop: ModuleType) -> None:
    params = importlib.import_module(f"{PACKAGE}.params")  # importable at run time
    assert set(params.AddressParam.__annotations__) == {
        "city",
        "postalCode",
        "geo",
        "kind",
        "parkingType",
    }
    # Keys that are no identifiers, keywords, or names an annotation uses: functional syntax.
    assert set(params.OddKeysParam.__annotations__) == {
        "content-type",
        "class",
        "list",
        "ok_key",
        "a'b\"c",
    }
    # allOf parts are merged; unions become aliases of their members' models and TypedDicts.
    assert set(params.CategoryParam.__annotations__) == {"name", "slug", "parent", "children"}
    alias = params.PaymentParam.__value__  # a TypeAliasType at run time, so that `|` takes it
    assert "CardParam" in alias and "BankParam" in alias


def test_typed_dict_names(shop: ModuleType) -> None:
    """`<Model>Param`, but a model named `…Param` lends its own name (no `…ParamParam`), unless
    that is another model's TypedDict name: model `GiftParam` beside model `Gift`."""
    params = importlib.import_module(f"{PACKAGE}.params")
    names = {n for n in vars(params) if n.endswith(("Param", "ParamDict"))}
    assert {"GiftParam", "GiftParamDict", "ShippingParam"} <= names
    assert not any("ParamParam" in n for n in names)
    assert set(params.GiftParam.__annotations__) == {"note"}  # model Gift's
    assert set(params.GiftParamDict.__annotations__) == {"wrap"}  # model GiftParam's
    assert set(params.ShippingParam.__annotations__) == {"speed"}  # model ShippingParam's
    customers = importlib.import_module(f"{PACKAGE}.resources.customers")
    source = Path(customers.__file__).read_text()
    assert "gift: models.Gift | params.GiftParam | Omit" in source
    assert "gift_options: models.GiftParam | params.GiftParamDict | Omit" in source
    assert "shipping: models.ShippingParam | params.ShippingParam | Omit" in source


def test_a_wide_key_keeps_the_class_syntax_and_its_docstring(shop: ModuleType) -> None:
    """A key whose annotation is wider than black's line: split as black splits it (the module is
    black's fixpoint), still in class syntax with the key's description under it."""
    from generator.format import format_source

    source = (Path(shop.__file__).parent / "params.py").read_text()
    start = source.index("class AddressParam(TypedDict, total=False):")
    block = source[start : source.index("\n\n\n", start)]
    assert '    parkingType: Literal[\n        "ALONG_MOTORWAY",\n' in block
    assert '        "UNDERGROUND_GARAGE",\n    ]\n    """Where to park (an enum too wide' in block
    assert "TypedDict(" not in source.split("OddKeysParam = TypedDict(")[0]
    assert format_source(source, "black", 100) == source


def test_dicts_work_at_run_time(shop: ModuleType) -> None:
    def answer(rec: Recorded) -> Answer:
        if rec.method == "GET":
            return Answer(200, [{"id": "c1", "name": "Ann"}])
        return Answer(200, {"id": "c1", **json.loads(rec.body)})

    with RecordingServer(answer) as server:
        client = shop.Client(base_url=server.url)
        customer = client.customers.create(
            name="Ann",
            address={"city": "Paris", "postalCode": "75001", "geo": {"lat": 1.5, "lng": 2.5}},
            tags=[{"id": "t1", "label": "vip"}],
            payment={"type": "card", "number": "4242"},
            odd={"content-type": "text/plain", "class": 3},
        )
        client.customers.list(filter={"email": "a@b.c"})
        client.categories.create(slug="root", children=[{"slug": "leaf"}])
    assert json.loads(server.requests[0].body) == {
        "name": "Ann",
        "address": {"city": "Paris", "postalCode": "75001", "geo": {"lat": 1.5, "lng": 2.5}},
        "tags": [{"id": "t1", "label": "vip"}],
        "payment": {"type": "card", "number": "4242"},
        "odd": {"content-type": "text/plain", "class": 3},
    }
    assert customer.address.city == "Paris"
    assert server.requests[1].query == {"filter[email]": ["a@b.c"]}
    assert json.loads(server.requests[2].body) == {"slug": "root", "children": [{"slug": "leaf"}]}


def test_plain_call_does_not_import_params(shop: ModuleType) -> None:
    """A call with nested dicts, in a fresh interpreter: `params` is never imported."""
    root = Path(shop.__file__).parent.parent
    with RecordingServer(lambda rec: Answer(200, {"id": "c1"})) as server:
        code = (
            "import sys\n"
            f"import {PACKAGE}\n"
            f"client = {PACKAGE}.Client(base_url={server.url!r})\n"
            "client.customers.create(name='A', address={'city': 'Paris'}, tags=[{'id': 't'}])\n"
            f"print('{PACKAGE}.params' in sys.modules, '{PACKAGE}.resources.customers' in sys.modules)\n"
        )
        done = subprocess.run(
            [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True
        )
    assert done.stdout.split() == ["False", "True"]
    assert json.loads(server.requests[0].body)["address"] == {"city": "Paris"}


def test_annotations_evaluate_at_run_time(shop: ModuleType) -> None:
    """typing.get_type_hints on a method and on a TypedDict (what introspecting tools call):
    `params` and `models` are imported then, on first use."""
    import typing

    customers = importlib.import_module(f"{PACKAGE}.resources.customers")
    params = importlib.import_module(f"{PACKAGE}.params")
    models = importlib.import_module(f"{PACKAGE}.models")
    hints = typing.get_type_hints(customers.CustomersResource.create)
    assert params.AddressParam in typing.get_args(hints["address"])
    fields = typing.get_type_hints(params.AddressParam)
    assert fields["geo"] == models.AddressGeo | params.AddressGeoParam


def test_default_package_dicts_type_check_strict(tmp_path: Path) -> None:
    """On the committed default package: nested dicts in a command call and a bulk create."""
    user = tmp_path / "ocpp_user.py"
    user.write_text(
        "from ocpplab import Client\n"
        "from ocpplab.params import ChargerGroupParam\n\n"
        "def go(client: Client) -> None:\n"
        "    client.commands.authorize_id_tag(target={'charger_id': 'dep-1'}, event={'id_tag': 't'})\n"
        "    group: ChargerGroupParam = {'template': {'brand_slug': 'b', 'model_slug': 'm',"
        " 'connector_type': 'CCS', 'ws_url': 'ws://x'}, 'charger_ids': ['a']}\n"
        "    client.location_chargers.create('loc', body=[group])\n"
        "    client.commands.authorize_id_tag(target={'charger_id': 1}, event={'id_tag': 't'})\n"
    )
    out, _, status = mypy_api.run(
        [
            "--strict",
            "--no-incremental",
            "--cache-dir=/dev/null",
            str(user),
            str(REPO / "generated" / "ocpplab"),
        ]
    )
    errors = [line for line in out.splitlines() if ": error:" in line]
    assert len(errors) == 1 and errors[0].startswith(f"{user}:8:"), out
    assert status == 1


OPENAI_USER = """\
from openai_sdk import Client, models
from openai_sdk.params import ResponseFormatJsonObjectParam


def chat(client: Client) -> models.CreateChatCompletionResponse:
    fmt: ResponseFormatJsonObjectParam = {"type": "json_object"}
    return client.chat.completions.create(
        model="gpt-4o",
        messages=[{"role": "system", "content": "be brief"}, {"role": "user", "content": "hi"}],
        response_format=fmt,
    )


def thread(client: Client) -> None:
    client.beta.threads.messages.create("th_1", role="user", content="hi")
    client.vector_stores.files.list("vs_1")


def wrong(client: Client) -> None:
    client.chat.completions.create(model="gpt-4o", messages=[{"role": "robot", "content": "x"}])
"""


@pytest.mark.slow
def test_openai_nested_dicts_type_check_strict(tmp_path: Path) -> None:
    """On the real OpenAI spec: message dicts in chat.completions.create type-check, a role the
    spec does not have does not. Errors inside the generated models are another matter (their
    mypy cleanliness is issue 15's); this looks at the user's code and params.py only."""
    from generator.config import load_config

    spec = REPO.parent / "shared" / "corpus" / "openai-3.1.yaml"
    if not spec.is_file():
        pytest.skip(f"{spec} is not here")
    config = load_config(REPO / "examples" / "openai-apigen.toml").with_overrides(
        spec=str(spec), output=str(tmp_path)
    )
    write(generate(spec, config), config)
    user = tmp_path / "openai_user.py"
    user.write_text(OPENAI_USER)
    out, _, _ = mypy_api.run(["--strict", f"--cache-dir={tmp_path / '.mypy_cache'}", str(user)])
    ours = [
        line
        for line in out.splitlines()
        if ": error:" in line and (line.startswith(str(user)) or "params.py" in line)
    ]
    wrong = OPENAI_USER.splitlines().index(
        next(line for line in OPENAI_USER.splitlines() if '"robot"' in line)
    )
    assert {int(line.split(":")[1]) for line in ours} == {wrong + 1}, out
