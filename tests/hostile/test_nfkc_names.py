"""Names that are one name to Python (it reads identifiers NFKC-normalised: `ｉｄ` is `id`) are
distinct names in the generated package: properties and enum members whose names are equal after
NFKC keep their own field (type, required flag, alias) and the package imports."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from generator.cli import main

SPEC = """\
openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /x:
    post:
      operationId: postX
      requestBody:
        content: {application/json: {schema: {$ref: '#/components/schemas/M'}}}
      responses: {'204': {description: ok}}
components:
  schemas:
    M:
      type: object
      required: [id]
      properties:
        id: {type: integer}
        ｉｄ: {type: string}
        a_b: {type: string}
        ａ_ｂ: {type: integer}
        e: {$ref: '#/components/schemas/E'}
    E:
      type: string
      enum: [a_b, ａ_ｂ, x]
"""

PROBE = """
import json, tiny, tiny.server
from tiny import models
m = models.M.model_validate({"id": 1, "ｉｄ": "wide", "a_b": "s", "ａ_ｂ": 2, "e": "ａ_ｂ"})
print(json.dumps({
    "fields": {n: [str(f.annotation), f.is_required(), f.alias] for n, f in models.M.model_fields.items()},
    "dump": m.model_dump(mode="json", by_alias=True, exclude_none=True),
    "members": [e.value for e in models.E],
}))
"""


def test_names_equal_after_nfkc_stay_distinct(tmp_path: Path) -> None:
    spec = tmp_path / "s.yaml"
    spec.write_text(SPEC, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["generate", str(spec), "--output", str(out), "--package", "tiny"]) == 0
    proc = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=out, capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    fields = result["fields"]
    assert len(fields) == 5
    assert fields["id"] == ["<class 'int'>", True, None]  # keeps its type and required flag
    assert sorted(alias for _, _, alias in fields.values() if alias) == ["ａ_ｂ", "ｉｄ"]
    assert result["dump"] == {"id": 1, "ｉｄ": "wide", "a_b": "s", "ａ_ｂ": 2, "e": "ａ_ｂ"}
    assert result["members"] == ["a_b", "ａ_ｂ", "x"]
