"""The loader: YAML/JSON parsing rules, bundling across files, the lazy source map, sha256."""

from __future__ import annotations

import hashlib
import json
import time
from pathlib import Path

import pytest

from generator.findings import ApigenError, Location
from generator.load import LoadedSpec, load_spec, source_map
from generator.load import pointer as jp
from generator.load.parse import ParseFailure, parse_document
from generator.load.remote import RemoteRefused, check_public_host

REPO = Path(__file__).resolve().parents[2]
CORPUS = (REPO / ".." / "shared" / "corpus").resolve()
PEERS = CORPUS / "peer-fixtures"
FIXTURES = REPO / "tests" / "failures" / "fixtures"


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def load_text(tmp_path: Path, text: str, name: str = "api.yaml") -> LoadedSpec:
    return load_spec(write(tmp_path, name, text))


# -- parsing rules ---------------------------------------------------------------------------


def test_dates_and_times_stay_strings(tmp_path: Path) -> None:
    spec = load_text(
        tmp_path,
        "openapi: 3.1.0\ninfo: {title: t, version: 2020-01-01}\npaths: {}\n"
        "x-when: 2001-12-14t21:59:43.10-05:00\nx-time: 12:30:45\n",
    )
    assert spec.document["info"]["version"] == "2020-01-01"
    assert spec.document["x-when"] == "2001-12-14t21:59:43.10-05:00"
    assert spec.document["x-time"] == "12:30:45"  # YAML 1.1 would read a base-60 integer


def test_keys_are_strings_as_written(tmp_path: Path) -> None:
    spec = load_text(
        tmp_path,
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n"
        "        200: {description: ok}\n        404: {description: missing}\n"
        "x-flags: {on: 1, yes: 2, null: 3, 1.5: 4}\n",
    )
    responses = spec.document["paths"]["/a"]["get"]["responses"]
    assert list(responses) == ["200", "404"]
    assert list(spec.document["x-flags"]) == ["on", "yes", "null", "1.5"]


def test_scalars_follow_yaml_1_2_core() -> None:
    data = parse_document(
        b"a: yes\nb: on\nc: true\nd: 0755\ne: 0x1F\nf: 1e3\ng: 0o17\nh: ~\ni: 1_000\n",
        is_json=False,
    )
    assert data == {
        "a": "yes",
        "b": "on",
        "c": True,
        "d": 755,
        "e": 31,
        "f": 1000.0,
        "g": 15,
        "h": None,
        "i": "1_000",
    }  # `.inf` and `.nan` are not JSON numbers: refused, located (tests/failures/test_hostile_low.py)


def test_key_order_is_kept(tmp_path: Path) -> None:
    spec = load_text(
        tmp_path, "openapi: 3.1.0\npaths: {}\ninfo: {version: '1', title: t}\nzeta: 1\nalpha: 2\n"
    )
    assert list(spec.document) == ["openapi", "paths", "info", "zeta", "alpha"]
    assert list(spec.document["info"]) == ["version", "title"]


def test_yaml_alias_bomb_is_refused() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 9)]
    with pytest.raises(ParseFailure) as caught:
        parse_document(("\n".join(lines) + "\n").encode(), is_json=False)
    assert caught.value.code == "document-too-large"


def test_recursive_alias_is_refused() -> None:
    with pytest.raises(ParseFailure) as caught:
        parse_document(b"a: &loop [*loop]\n", is_json=False)
    assert caught.value.code == "document-invalid"


def test_json_parsed_by_json(tmp_path: Path) -> None:
    spec = load_text(
        tmp_path,
        json.dumps({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}}),
        "api.json",
    )
    assert spec.version == "3.0.3"
    assert spec.locate("/info/title").line == 1


# -- versions ----------------------------------------------------------------------------------


def test_version_is_a_string_for_every_corpus_flavour() -> None:
    assert load_spec(CORPUS / "oai-petstore-swagger2.yaml").version == "2.0"
    assert load_spec(CORPUS / "oai-tags-example-3.2.yaml").version == "3.2.0"
    assert load_spec(CORPUS / "oai-webhook-example-3.1.yaml").version == "3.1.0"


# -- files, sha256 ------------------------------------------------------------------------------


def test_sha256_is_stable_and_covers_every_file(tmp_path: Path) -> None:
    entry = FIXTURES / "multi" / "api.yaml"
    first, second = load_spec(entry), load_spec(entry)
    assert first.sha256 == second.sha256
    assert list(first.files) == ["api.yaml", "paths.yaml", "pet.yaml", "owner.yaml"]
    # Independent of the order files were read in: recomputed over sorted keys.
    expected = hashlib.sha256()
    for key in sorted(first.files):
        name, data = key.encode(), first.files[key]
        expected.update(b"%d:" % len(name) + name + b"%d:" % len(data))
        expected.update(data)
    assert first.sha256 == expected.hexdigest()
    # A byte changed in a referenced file changes the hash.
    copy = tmp_path / "multi"
    copy.mkdir()
    for key, data in first.files.items():
        (copy / key).write_bytes(data)
    (copy / "owner.yaml").write_bytes(first.files["owner.yaml"] + b"\n")
    assert load_spec(copy / "api.yaml").sha256 != first.sha256


def test_file_keys_are_relative_to_the_entry_folder() -> None:
    spec = load_spec(
        PEERS
        / "datamodel-code-generator"
        / "reference_same_hierarchy_directory"
        / "public"
        / "entities.yaml",
        allow_refs_outside=(str(PEERS),),  # it refers to a sibling folder
    )
    assert list(spec.files) == ["entities.yaml", "../common/cat.yaml"]
    assert b"CatInfo" in spec.files["../common/cat.yaml"]


# -- bundling ------------------------------------------------------------------------------------


def _all_refs(spec: LoadedSpec) -> list[str]:
    """Every `$ref` string in the document, data included."""
    found: list[str] = []
    stack: list[object] = [spec.document]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if isinstance(item.get("$ref"), str):
                found.append(item["$ref"])
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return found


def test_path_item_ref_is_inlined_and_schemas_bundled() -> None:
    folder = PEERS / "datamodel-code-generator" / "paths_ref_with_external_schema"
    spec = load_spec(folder / "openapi.yaml")
    pets = spec.document["paths"]["/pets"]
    assert "$ref" not in pets and set(pets) >= {"get", "post"}
    schemas = spec.document["components"]["schemas"]
    assert {"Error", "Pets", "Pet"} <= set(schemas)
    assert schemas["Pets"]["items"] == {"$ref": "#/components/schemas/Pet"}
    assert pets["get"]["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Pets"
    }
    # A ref from the path file back into the entry file becomes a plain local ref.
    assert pets["get"]["responses"]["default"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Error"
    }
    assert all(ref.startswith("#/") for ref in _all_refs(spec))
    # Bundled nodes are located in the file they were written in.
    index = folder / "apis" / "pets" / "index.yaml"
    where = spec.locate("/paths/~1pets/get/operationId")
    assert Path(where.file).resolve() == index.resolve()
    assert (where.line, where.col) == (_line_of(index, "operationId: listPets"), 7)
    model = folder / "apis" / "pets" / "model.yaml"
    where = spec.locate("/components/schemas/Pets/items")
    assert Path(where.file).resolve() == model.resolve()
    assert where.line == _line_of(model, "items:")


def _line_of(path: Path, text: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if text in line:
            return number
    raise AssertionError(f"{text!r} not in {path}")


def test_transitive_refs_relative_to_the_referencing_file() -> None:
    spec = load_spec(
        PEERS / "datamodel-code-generator" / "allof_no_merge_external_relative" / "openapi.yaml"
    )
    schemas = spec.document["components"]["schemas"]
    # openapi.yaml -> schemas/aliases.yaml#/ScopedContainer -> ../types.yaml#/ScopedInner
    assert schemas["ScopedContainer"]["items"] == {"$ref": "#/components/schemas/ScopedInner"}
    assert schemas["ScopedInner"] == {"type": "string", "minLength": 2}
    assert list(spec.files) == ["openapi.yaml", "schemas/aliases.yaml", "types.yaml"]


def test_component_that_is_only_a_ref_keeps_its_name() -> None:
    spec = load_spec(
        PEERS / "datamodel-code-generator" / "all_of_with_relative_ref" / "openapi.yaml"
    )
    schemas = spec.document["components"]["schemas"]
    assert (
        schemas["Animals"]["title"] == "Animal"
    )  # `Animals: {$ref: ./schema/animal.yaml}` got the content
    assert schemas["Pets"]["properties"]["kind"]["allOf"] == [{"$ref": "#/components/schemas/kind"}]
    assert schemas["kind"]["enum"] == ["CAT", "DOG"]


def test_circular_refs_across_files_and_name_clash() -> None:
    spec = load_spec(FIXTURES / "multi" / "api.yaml")
    schemas = spec.document["components"]["schemas"]
    assert list(schemas) == ["Pet", "Pet_2", "Owner"]  # the entry's own Pet keeps its name
    assert schemas["Pet"]["type"] == "string"
    assert schemas["Pet_2"]["properties"]["owner"] == {"$ref": "#/components/schemas/Owner"}
    assert schemas["Owner"]["properties"]["pets"]["items"] == {"$ref": "#/components/schemas/Pet_2"}
    assert schemas["Pet_2"]["properties"]["born"]["example"] == "2020-01-01"
    where = spec.locate("/components/schemas/Owner/properties/pets/items/$ref")
    assert where.file.endswith("multi/owner.yaml") and (where.line, where.col) == (9, 9)


def test_example_data_is_not_bundled(tmp_path: Path) -> None:
    spec = load_text(
        tmp_path,
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A:\n"
        "      type: object\n      example: {$ref: 'not/a/file.yaml'}\n      properties:\n"
        "        $ref: {type: string}\n",
    )
    schema = spec.document["components"]["schemas"]["A"]
    assert schema["example"] == {"$ref": "not/a/file.yaml"}  # data, left alone
    assert schema["properties"]["$ref"] == {"type": "string"}  # a property named "$ref"


MULTI_FILE_PEERS = [
    "datamodel-code-generator/paths_external_ref/openapi.yaml",
    "datamodel-code-generator/reference_same_hierarchy_directory/public/entities.yaml",
    "datamodel-code-generator/allof_no_merge_external_relative/openapi.yaml",
    "datamodel-code-generator/all_of_with_relative_ref/openapi.yaml",
    "datamodel-code-generator/allof_required_inherited_external/openapi.yaml",
    "datamodel-code-generator/external_ref_with_transitive_local_ref/openapi.yaml",
    "datamodel-code-generator/external_relative_ref/model_b/module.openapi.yaml",
    "datamodel-code-generator/external_ref_mapping/api.yaml",
    "datamodel-code-generator/external_ref_mapping/api_nested.yaml",
    "datamodel-code-generator/external_ref_mapping/api_no_fragment.yaml",
    "datamodel-code-generator/paths_ref_with_external_schema/openapi.yaml",
    "datamodel-code-generator/referenced_path_item_mutation_guard/openapi.yaml",
    "datamodel-code-generator/webhooks_ref_with_external_schema/openapi.yaml",
    "datamodel-code-generator/same_name_objects.yaml",
    "datamodel-code-generator/invalid_dotted_external_relative_ref.yaml",
]


@pytest.mark.parametrize("name", MULTI_FILE_PEERS)
def test_multi_file_peer_fixtures_bundle(name: str) -> None:
    spec = load_spec(PEERS / name, allow_refs_outside=(str(PEERS),))  # some use ../ folders
    assert len(spec.files) > 1
    refs = _all_refs(spec)
    assert refs and all(ref.startswith("#/") for ref in refs)
    for ref in refs:  # every ref resolves in the bundled document
        node: object = spec.document
        for part in ref[2:].split("/"):
            part = part.replace("~1", "/").replace("~0", "~")
            node = node[int(part)] if isinstance(node, list) else node[part]  # type: ignore[index]


def test_referenced_path_item_is_copied_not_shared() -> None:
    spec = load_spec(
        PEERS / "datamodel-code-generator" / "referenced_path_item_mutation_guard" / "openapi.yaml"
    )
    paths = spec.document["paths"]
    assert all("$ref" not in item for item in paths.values())


# -- remote refs ----------------------------------------------------------------------------------


def test_remote_ref_is_refused_without_permission() -> None:
    with pytest.raises(ApigenError) as caught:
        load_spec(PEERS / "fastapi-code-generator" / "remote_ref" / "body_and_parameters.yaml")
    findings = list(caught.value.findings)
    assert {f.code for f in findings} == {"ref-remote"}
    assert [f.location.line for f in findings if f.location] == [70, 150, 233, 235]
    assert all("allow_remote_refs" in f.hint for f in findings)


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/x.yaml",
        "http://localhost:8080/x.yaml",
        "http://[::1]/x",
        "http://10.1.2.3/",
        "http://169.254.169.254/latest",
    ],
)
def test_private_hosts_are_refused(url: str) -> None:
    with pytest.raises(RemoteRefused, match="non-public"):
        check_public_host(url)


def test_other_schemes_are_refused() -> None:
    with pytest.raises(RemoteRefused, match="only http and https"):
        check_public_host("ftp://example.com/spec.yaml")


def test_allowed_remote_ref_to_loopback_is_refused(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "api.yaml",
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n"
        "    A: {$ref: 'http://127.0.0.1:9/schemas.yaml#/A'}\n",
    )
    with pytest.raises(ApigenError) as caught:
        load_spec(path, allow_remote_refs=True)
    (finding,) = list(caught.value.findings)
    assert (
        finding.code == "ref-remote-refused"
        and finding.location is not None
        and finding.location.line == 6
    )


def test_allowed_remote_refs_resolve_relative_to_their_url(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    served = {
        "https://specs.example.com/common/schemas.yaml": b"Pet:\n  type: object\n  properties:\n"
        b"    tag:\n      $ref: 'tags.yaml#/Tag'\n",
        "https://specs.example.com/common/tags.yaml": b"Tag:\n  type: string\n",
    }
    fetched: list[str] = []

    def fake_fetch(url: str) -> bytes:  # no network in tests: serve the two files from memory
        fetched.append(url)
        return served[url]

    monkeypatch.setattr("generator.load.remote.fetch", fake_fetch)
    path = write(
        tmp_path,
        "api.yaml",
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n"
        "    Owner:\n      properties:\n        pet: {$ref: 'https://specs.example.com/common/schemas.yaml#/Pet'}\n",
    )
    spec = load_spec(path, allow_remote_refs=True)
    schemas = spec.document["components"]["schemas"]
    assert schemas["Owner"]["properties"]["pet"] == {"$ref": "#/components/schemas/Pet"}
    assert schemas["Pet"]["properties"]["tag"] == {"$ref": "#/components/schemas/Tag"}
    assert list(spec.files) == ["api.yaml", *served]
    assert fetched == list(served)
    assert spec.locate("/components/schemas/Tag") == Location(
        "https://specs.example.com/common/tags.yaml", 1, 1
    )


# -- the source map -------------------------------------------------------------------------------


def test_source_map_is_lazy_and_located() -> None:
    spec = load_spec(CORPUS / "oai-petstore.yaml")
    assert not spec.source_map._trees  # nothing composed until a location is asked for
    where = spec.locate("/paths/~1pets/get/operationId")
    assert (where.line, where.col) == (
        _line_of(CORPUS / "oai-petstore.yaml", "operationId: listPets"),
        7,
    )
    # A pointer below an existing node falls back to the nearest ancestor.
    assert spec.locate("/paths/~1pets/get/no/such/node") == spec.locate("/paths/~1pets/get")
    assert spec.locate("").line == 1


def test_json_locations() -> None:
    spec = load_spec(CORPUS / "oai-petstore-json.json")
    where = spec.locate("/paths/~1pets/get/operationId")
    assert where.line == _line_of(CORPUS / "oai-petstore-json.json", '"operationId": "listPets"')


def _pointers(value: object, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = [prefix]
    if isinstance(value, dict):
        for key, child in value.items():
            found += _pointers(child, (*prefix, str(key)))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found += _pointers(child, (*prefix, str(index)))
    return found


JSON_FILES = sorted(
    path
    for path in [*CORPUS.glob("*.json"), *PEERS.rglob("*.json")]
    if path.stat().st_size < 400_000 and not path.name.startswith("invalid")
)


@pytest.mark.parametrize("path", JSON_FILES, ids=lambda p: str(p.relative_to(CORPUS)))
def test_json_text_walk_locates_as_the_yaml_tree_does(path: Path) -> None:
    """The JSON locator (a walk of the text) and YAML's node tree agree on every node of every
    JSON file of the corpus, and on paths that go past the nodes that exist."""
    text = path.read_bytes().decode("utf-8-sig")
    try:
        document = json.loads(text)
    except ValueError:
        pytest.skip("not JSON")
    if "\u2028" in text or "\u2029" in text or "\x85" in text or "\r" in text.replace("\r\n", ""):
        pytest.skip("line breaks YAML counts and JSON does not")  # none in the corpus today
    pointers = _pointers(document)[:3000]
    pointers += [(*p, "no such key") for p in pointers[:200]] + [
        (*p, "99999") for p in pointers[:200]
    ]
    walked = source_map._JsonTree(text, lambda: pytest.fail("fell back to YAML"))  # type: ignore[arg-type,return-value]
    composed = source_map._yaml_tree(text)
    for parts in pointers:
        assert walked.find(parts) == composed.find(parts), parts


def test_json_walk_hands_over_to_yaml_for_a_flow_mapping() -> None:
    text = "{openapi: 3.0.3,\n info: {title: t}}\n"
    tree = source_map._JsonTree(text, lambda: source_map._yaml_tree(text))
    assert (
        tree.find(["info", "title"])
        == source_map._yaml_tree(text).find(["info", "title"])
        == (2, 9)
    )


YAML_FILES = sorted(
    path
    for path in [*CORPUS.glob("*.yaml"), *PEERS.rglob("*.yaml"), *PEERS.rglob("*.yml")]
    if path.stat().st_size < 400_000 and not path.name.startswith("invalid")
)


def _searched(text: str) -> source_map._YamlTextTree:
    return source_map._YamlTextTree(text, lambda: pytest.fail("fell back to compose"))  # type: ignore[arg-type,return-value]


@pytest.mark.parametrize("path", YAML_FILES, ids=lambda p: str(p.relative_to(CORPUS)))
def test_yaml_line_search_locates_as_the_yaml_tree_does(path: Path) -> None:
    """Wherever the YAML line search answers, on every node of every YAML file of the corpus and
    on paths past the nodes that exist, it says what YAML's node tree says."""
    text = path.read_bytes().decode("utf-8-sig")
    try:
        document = parse_document(text.encode(), is_json=False)
    except ParseFailure:
        pytest.skip("not a document")
    pointers = _pointers(document)[:3000]
    pointers += [(*p, "no such key") for p in pointers[:200]] + [
        (*p, "99999") for p in pointers[:200]
    ]
    searched = _searched(text)
    composed = source_map._yaml_tree(text)
    newlines = source_map._newlines(text)
    for parts in pointers:
        found = searched._find(parts)
        if found is not None:
            assert source_map._line_col(newlines, found) == composed.find(parts), parts


def test_a_large_yaml_spec_is_located_without_composing_it() -> None:
    """openai's name-collision warning used to compose all 2 MB of it (0.5 s) for one line."""
    loaded = load_spec(CORPUS / "openai-3.1.yaml")
    pointers = ["/paths/~1responses/post", "/components/schemas/CreateResponse/allOf/2/properties"]
    where = [loaded.locate(pointer) for pointer in pointers]
    tree = loaded.source_map._trees["openai-3.1.yaml"]
    assert isinstance(tree, source_map._YamlTextTree) and tree._yaml is None  # not composed
    composed = source_map._yaml_tree(loaded.files["openai-3.1.yaml"].decode("utf-8-sig"))
    assert [(w.line, w.col) for w in where] == [composed.find(jp.split(p)) for p in pointers]
    assert where[0].line > 1


def test_a_large_yaml_spec_is_searched_as_composed_on_sequences() -> None:
    text = (CORPUS / "stripe-spec3.yaml").read_text(encoding="utf-8")
    paths = [
        ["paths", "/v1/customers/{customer}", "get", "parameters", "0", "in"],
        ["components", "schemas", "customer", "properties", "address", "anyOf", "0"],
    ]
    searched = _searched(text)
    composed = source_map._yaml_tree(text)
    assert [searched.find(p) for p in paths] == [composed.find(p) for p in paths]


@pytest.mark.parametrize(
    ("text", "parts", "expected"),
    [
        # A document marker and comments ahead of the content.
        ("%YAML 1.2\n# c\n---\nopenapi: 3.1.0\ninfo:\n  title: t\n", ["info", "title"], (6, 3)),
        # Quoted keys, and a plain key with a colon in it.
        ("paths:\n  '/a''b':\n    x: 1\n  \"/c\\u00e9\": 2\n  a:b: 3\n", ["paths", "/cé"], (4, 3)),
        ("paths:\n  '/a''b':\n    x: 1\n", ["paths", "/a'b", "x"], (3, 5)),
        ("paths:\n  a:b: 3\n", ["paths", "a:b"], (2, 3)),
        # A sequence at its key's indentation, items that are mappings, a nested sequence.
        ("tags:\n- name: a\n  x: 1\n- name: b\nnext: 1\n", ["tags", "1", "name"], (4, 3)),
        ("tags:\n- name: a\n  x: 1\n- name: b\nnext: 1\n", ["next"], (5, 1)),
        ("a:\n  - - x\n    - y\n  -\n    k: v\n", ["a", "0", "1"], (3, 7)),
        ("a:\n  - - x\n    - y\n  -\n    k: v\n", ["a", "1", "k"], (5, 5)),
        # A block scalar's lines look like keys and are not.
        ("a:\n  d: |\n    k: v\n  k: w\n", ["a", "k"], (4, 3)),
        # The first of duplicate keys.
        ("a: 1\na: 2\n", ["a"], (1, 1)),
    ],
)
def test_yaml_line_search_shapes(text: str, parts: list[str], expected: tuple[int, int]) -> None:
    assert _searched(text).find(parts) == source_map._yaml_tree(text).find(parts) == expected


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("a: {k: v}\n", ["a", "k"]),  # a flow mapping
        ("a: [x, y]\n", ["a", "1"]),  # a flow sequence
        ("a: &x\n  k: v\nb: *x\n", ["b", "k"]),  # an alias
        ("a:\r\n  k: v\r\n", ["a", "k"]),  # other line breaks
        ("a:\n\tk: v\n", ["a", "k"]),  # a tab in an indentation (not YAML)
        ("a: 1\n---\nb: 2\n", ["b"]),  # a second document
        ("a:\n  k: v\n", ["a", "missing"]),  # a path that does not exist whole
        ("a:\n  ? k\n  : v\n", ["a", "k"]),  # a complex key
    ],
)
def test_yaml_line_search_hands_over_to_compose(text: str, parts: list[str]) -> None:
    composed: list[str] = []
    tree = source_map._YamlTextTree(
        text, lambda: composed.append("once") or source_map._yaml_tree(text)  # type: ignore[func-returns-value]
    )
    assert tree.find(parts) == source_map._yaml_tree(text).find(parts)
    assert composed == ["once"]


@pytest.mark.slow
def test_large_spec_loads_fast() -> None:
    start = time.process_time()
    spec = load_spec(CORPUS / "openai-3.1.yaml")
    elapsed = time.process_time() - start
    assert spec.version.startswith("3.1")
    assert elapsed < 3.0, f"openai-3.1.yaml took {elapsed:.2f} s of CPU to load"
