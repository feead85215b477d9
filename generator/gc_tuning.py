"""The collector's thresholds for an apigen process (the CLI, the models worker; format workers
collect after each unit instead, see format._worker_init).

A generation allocates millions of objects that live to the end (the spec, its source map, the IR,
the renders) and few reference cycles. With Python's default thresholds (700, 10, 10) the cyclic
collector walks that heap again and again: on openai-3.1.yaml, ~half of load time and a third of
validation time. A young generation of 100,000 allocations keeps collections rare and short, and
leaves cycle collection on (jsonschema's errors and dmcg's models do make cycles).
"""

from __future__ import annotations

import gc

THRESHOLDS = (100_000, 50, 100)


def tune_gc() -> None:
    gc.set_threshold(*THRESHOLDS)
