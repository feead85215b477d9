"""`python -m generator.models.worker`: datamodel-code-generator in a process of its own.

Reads the sanitized model document as JSON on stdin; writes `{"source": ...}` or `{"error": ...}`
as JSON on stdout. See ModelsJob in this package for why and when.
"""

from __future__ import annotations

import json
import sys

from ..gc_tuning import tune_gc
from . import ModelsFailed, run_generator


def main() -> int:
    tune_gc()
    import datamodel_code_generator  # noqa: F401  - imported while the parent is still loading the spec

    document = json.loads(sys.stdin.buffer.read())
    try:
        reply = {"source": run_generator(document)}
    except ModelsFailed as exc:
        reply = {"error": str(exc)}
    sys.stdout.write(json.dumps(reply))
    return 0


if __name__ == "__main__":
    sys.exit(main())
