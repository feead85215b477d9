"""`apigen generate`, exactly as the CLI runs it, plus a side file of counts for the corpus sweep.

The sweep runs this module in a subprocess instead of the `apigen` script so that it can count what was
generated (operations, component schemas that became classes, warnings, skips) without parsing the
human summary line. Exit code, stdout and stderr are the CLI's own: `generator.cli.main` does all the
work; this only keeps a reference to the `Generation` it produced. The counts go to the file named by
the APIGEN_SWEEP_STATS environment variable.
"""

from __future__ import annotations

import ast
import json
import os
import sys
from collections import Counter
from typing import Any


def _stats(gen: Any) -> dict[str, Any]:
    api = gen.api
    models_source = gen.models_source or ""
    try:
        defined = {n.name for n in ast.parse(models_source).body if isinstance(n, ast.ClassDef)}
    except SyntaxError:
        defined = set()
    component_models = [m for m in api.models if not getattr(m, "hoisted", False)]
    return {
        "operations": len(api.operations),
        "resources": len(api.resources),
        "schemas_generated": sum(1 for m in component_models if m.class_name in defined),
        "component_models": len(component_models),
        "models": len(api.models),
        "classes": len(defined),
        "warnings": len(gen.findings.warnings),
        # Issue 17: warnings by what they can change in the code ("none", "degraded", "code"; "other"
        # for warnings that are not about the spec's validity), and the fallbacks applied.
        "warnings_by_effect": dict(
            sorted(
                Counter(
                    str(f.effect) if getattr(f, "effect", None) is not None else "other"
                    for f in gen.findings.warnings
                ).items()
            )
        ),
        "degraded": len({f.drop for f in getattr(gen, "degraded", ())}),
        "skipped": dict(sorted(Counter(s.kind for s in getattr(api, "skipped", ())).items())),
        "files": len(gen.files),
    }


def main(argv: list[str]) -> int:
    from generator import cli, pipeline

    captured: dict[str, Any] = {}
    original = pipeline.generate

    def generate(*args: Any, **kwargs: Any) -> Any:
        gen = original(*args, **kwargs)
        captured["gen"] = gen
        return gen

    pipeline.generate = generate  # cmd_generate imports it from the module at call time
    code = cli.main(argv)
    target = os.environ.get("APIGEN_SWEEP_STATS")
    if target and "gen" in captured:
        try:
            stats = _stats(captured["gen"])
        # Counting is the sweep's business: it must never change apigen's outcome.
        except Exception as exc:
            stats = {"error": f"{type(exc).__name__}: {exc}"}
        with open(target, "w", encoding="utf-8") as fh:
            json.dump(stats, fh)
    return code


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
