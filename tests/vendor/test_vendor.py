"""Vendoring round trips in a temporary project: vendor, import and call the client against a
loopback server, hand-edit, re-vendor (refused, nothing overwritten), --force, rename, --verify,
files removed upstream."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml

from generator.cli import build_parser
from generator.config import Config
from generator.findings import ApigenError
from generator.pipeline import generate, write
from generator.write import MANIFEST, read_tree

PET = {
    "type": "object",
    "required": ["id", "name"],
    "properties": {"id": {"type": "integer"}, "name": {"type": "string"}},
}


def spec(*, stores: bool = True, pet_tag: bool = False) -> dict:
    pet = json.loads(json.dumps(PET))
    if pet_tag:
        pet["properties"]["tag"] = {"type": "string"}
    paths = {
        "/pets": {
            "get": {
                "operationId": "listPets",
                "tags": ["pets"],
                "parameters": [{"name": "limit", "in": "query", "schema": {"type": "integer"}}],
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "array",
                                    "items": {"$ref": "#/components/schemas/Pet"},
                                }
                            }
                        },
                    }
                },
            }
        }
    }
    if stores:
        paths["/stores/{store_id}"] = {
            "get": {
                "operationId": "getStore",
                "tags": ["stores"],
                "parameters": [
                    {
                        "name": "store_id",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "string"},
                    }
                ],
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "properties": {"name": {"type": "string"}},
                                }
                            }
                        },
                    }
                },
            }
        }
    return {
        "openapi": "3.0.3",
        "info": {"title": "Petstore API", "version": "1.0"},
        "paths": paths,
        "components": {"schemas": {"Pet": pet}},
    }


def _generate(root: Path, name: str, document: dict) -> Path:
    spec_path = root / f"{name}.yaml"
    spec_path.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    config = Config(spec=str(spec_path), output=str(root / name), server=False)
    return write(generate(spec_path, config), config)


@pytest.fixture(scope="module")
def upstream(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("generated")
    return {
        "v1": _generate(root, "v1", spec()),
        "v2": _generate(
            root, "v2", spec(stores=False, pet_tag=True)
        ),  # stores.py removed, models/pet.py changed
    }


class _Pets(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path.startswith("/pets"):
            body = json.dumps([{"id": 1, "name": "Rex"}, {"id": 2, "name": "Tom"}]).encode()
        elif self.path.startswith("/stores/"):
            body = json.dumps({"name": self.path.rsplit("/", 1)[-1]}).encode()
        else:
            self.send_response(404)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Pets)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def vendor(*argv: str) -> int:
    args = build_parser().parse_args(["vendor", *argv])
    return int(args.func(args))


CALL = """
import json, sys
sys.path.insert(0, sys.argv[1])
import {name} as sdk
client = sdk.Client(base_url=sys.argv[2])
pets = client.pets.list(limit=2)
store = client.stores.retrieve("main")
print(json.dumps({{
    "pets": [[p.id, p.name] for p in pets],
    "model_module": type(pets[0]).__module__,
    "store": store.name,
    "upstream_imported": "petstore" in sys.modules and "{name}" != "petstore",
}}))
"""


def call(project: Path, name: str, url: str) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", CALL.format(name=name), str(project), url],
        check=False,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=project,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_vendor_import_call_edit_refuse_force_rename(upstream, server, tmp_path, capsys) -> None:
    project = tmp_path / "project"
    into = project / "third_party"
    # 1. vendor under the generated name, import and call it through a loopback server
    assert vendor("--from", str(upstream["v1"]), "--into", str(into)) == 0
    target = into / "petstore"
    manifest = json.loads((target / MANIFEST).read_text())
    assert (
        manifest["package"] == "petstore" and manifest["spec_sha256"] and manifest["apigen_version"]
    )
    assert set(manifest["files"]) == set(read_tree(target)) - {MANIFEST}
    result = call(into, "petstore", server)
    assert result["pets"] == [[1, "Rex"], [2, "Tom"]] and result["store"] == "main"

    # 2. a hand edit: re-vendoring names the file, writes nothing, exits 1
    edited = target / "resources" / "pets.py"
    edited.write_text(edited.read_text() + "\n# local patch\n")
    (target / "NOTES.md").write_text("ours\n")  # never vendored: always left alone
    before = read_tree(target)
    capsys.readouterr()
    assert vendor("--from", str(upstream["v1"]), "--into", str(into)) == 1
    out = capsys.readouterr().out
    assert "changed by hand: resources/pets.py" in out and "nothing was written" in out
    assert read_tree(target) == before

    # 3. --verify reports it without writing
    assert vendor("--verify", str(target), "--from", str(upstream["v1"])) == 1
    assert "changed by hand: resources/pets.py" in capsys.readouterr().out
    assert read_tree(target) == before

    # 4. --force puts the upstream file back, keeps the file that was never vendored
    assert vendor("--from", str(upstream["v1"]), "--into", str(into), "--force") == 0
    assert (
        "overwritten (--force), was changed by hand: resources/pets.py" in capsys.readouterr().out
    )
    assert "# local patch" not in edited.read_text()
    assert (target / "NOTES.md").read_text() == "ours\n"
    assert vendor("--verify", str(into), "--from", str(upstream["v1"])) == 0

    # 5. the same client under a new import name: every internal import follows
    assert vendor("--from", str(upstream["v1"]), "--into", str(into), "--package", "acme_pets") == 0
    renamed = into / "acme_pets"
    init = (renamed / "__init__.py").read_text()
    assert "from acme_pets import Client" in init and "from petstore" not in init
    result = call(into, "acme_pets", server)
    assert result["pets"] == [[1, "Rex"], [2, "Tom"]]
    assert result["model_module"] == "acme_pets.models.pet" and result["upstream_imported"] is False
    assert json.loads((renamed / MANIFEST).read_text())["upstream_package"] == "petstore"


def test_files_removed_upstream_go_only_when_unmodified(upstream, tmp_path, capsys) -> None:
    into = tmp_path / "vendor"
    assert vendor("--from", str(upstream["v1"]), "--into", str(into), "--package", "pets_sdk") == 0
    target = into / "pets_sdk"
    assert (target / "resources" / "stores.py").is_file()
    # upstream v2 drops the stores resource (unmodified here: removed) and changes models/pet.py
    capsys.readouterr()
    assert vendor("--verify", str(target), "--from", str(upstream["v2"])) == 1
    out = capsys.readouterr().out
    assert (
        "upstream removed: resources/stores.py" in out and "upstream changed: models/pet.py" in out
    )
    assert vendor("--from", str(upstream["v2"]), "--into", str(into), "--package", "pets_sdk") == 0
    assert not (target / "resources" / "stores.py").exists()
    assert "tag" in (target / "models" / "pet.py").read_text()

    # again, from v1 then back to v2 with stores.py edited by hand: kept, named, exit 1
    assert vendor("--from", str(upstream["v1"]), "--into", str(into), "--package", "pets_sdk") == 0
    stores = target / "resources" / "stores.py"
    stores.write_text(stores.read_text() + "\n# ours\n")
    capsys.readouterr()
    assert vendor("--from", str(upstream["v2"]), "--into", str(into), "--package", "pets_sdk") == 1
    assert "removed upstream, changed by hand: resources/stores.py" in capsys.readouterr().out
    assert "tag" not in (target / "models" / "pet.py").read_text()  # nothing written
    assert (
        vendor(
            "--from", str(upstream["v2"]), "--into", str(into), "--package", "pets_sdk", "--force"
        )
        == 0
    )
    assert "# ours" in stores.read_text()  # --force never deletes a hand-edited file
    assert "resources/stores.py" not in json.loads((target / MANIFEST).read_text())["files"]
    assert "tag" in (target / "models" / "pet.py").read_text()


def test_refuses_a_folder_it_did_not_vendor_and_bad_input(upstream, tmp_path) -> None:
    into = tmp_path / "vendor"
    (into / "petstore").mkdir(parents=True)
    (into / "petstore" / "mine.py").write_text("x = 1\n")
    with pytest.raises(ApigenError, match="was not vendored by apigen"):
        vendor("--from", str(upstream["v1"]), "--into", str(into))
    with pytest.raises(ApigenError, match="not a valid Python import name"):
        vendor("--from", str(upstream["v1"]), "--into", str(into), "--package", "class")
    with pytest.raises(ApigenError, match="not a generated package"):
        vendor("--from", str(tmp_path), "--into", str(into))
    with pytest.raises(ApigenError, match="needs --into"):
        vendor("--from", str(upstream["v1"]))
    with pytest.raises(ApigenError, match="not a vendored package"):
        vendor("--verify", str(tmp_path))


def test_a_hand_edited_generated_package_is_not_vendored(upstream, tmp_path) -> None:
    copy = tmp_path / "petstore"
    for rel, data in read_tree(upstream["v1"]).items():
        (copy / rel).parent.mkdir(parents=True, exist_ok=True)
        (copy / rel).write_bytes(data)
    (copy / "models" / "pet.py").write_text("# edited\n")
    with pytest.raises(ApigenError, match="differs from its manifest"):
        vendor("--from", str(copy), "--into", str(tmp_path / "out"))


def _cli_has(command: str) -> bool:
    from generator import cli

    parser = cli.build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return command in sub.choices


@pytest.mark.skipif(
    not _cli_has("vendor"), reason="`vendor` is not wired into generator/cli.py yet"
)
def test_cli_main_exit_codes(upstream, tmp_path) -> None:
    from generator.cli import main

    into = tmp_path / "v"
    assert main(["vendor", "--from", str(upstream["v1"]), "--into", str(into)]) == 0
    assert main(["vendor", "--verify", str(into / "petstore"), "--from", str(upstream["v1"])]) == 0
    assert main(["vendor", "--from", str(tmp_path / "nothing"), "--into", str(into)]) == 2
