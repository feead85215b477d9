"""generator/ir/context.py: the skipped record (with its located warning), labels and texts."""

from __future__ import annotations

from generator.findings import Severity
from generator.ir.context import label, text
from generator.ir.model import Skipped

from .spec import codes, context, document


def test_skip_records_the_item_and_a_located_warning() -> None:
    ctx = context(document())
    ctx.skip("body", "/paths/~1pets/post/requestBody", "request body has no content")
    assert ctx.skipped == [
        Skipped("body", "/paths/~1pets/post/requestBody", "request body has no content")
    ]
    assert codes(ctx) == [("skipped", "/paths/~1pets/post/requestBody")]
    finding = ctx.findings.items[0]
    assert finding.severity is Severity.WARNING and str(finding.location) == "spec.yaml:1:1"


def test_label_reads_method_and_unescaped_path_from_the_pointer() -> None:
    assert label({}, "/paths/~1pets~1{id}/get") == "GET /pets/{id}"
    assert label({}, "/paths/~1a~0b/delete") == "DELETE /a~b"


def test_label_of_a_webhook_or_callback_is_its_operation_id_or_pointer() -> None:
    assert label({"operationId": "onEvent"}, "/webhooks/event/post") == "onEvent"
    assert label({}, "/webhooks/event/post") == "/webhooks/event/post"


def test_text_keeps_strings_only() -> None:
    assert text("A pet") == "A pet"
    assert text(None) == "" and text(3) == "" and text(["a"]) == ""
