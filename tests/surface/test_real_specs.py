"""Real operations of Stripe's and OpenAI's specs pinned to the accessors their official SDKs use
(the IR only: building it takes a second, generating Stripe takes many)."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.config import Config, load_config
from generator.findings import Findings
from generator.ir.build import build_api
from generator.ir.model import Api
from generator.pipeline import load

from .test_default_accessors import accessors

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO.parent / "shared" / "corpus"

STRIPE = {
    "GET /v1/customers": "customers.list",
    "POST /v1/customers": "customers.create",
    "GET /v1/customers/{customer}": "customers.retrieve",
    "POST /v1/customers/{customer}": "customers.update",
    "DELETE /v1/customers/{customer}": "customers.delete",
    "GET /v1/customers/search": "customers.search",
    "DELETE /v1/customers/{customer}/discount": "customers.delete_discount",
    "POST /v1/payment_intents/{intent}/cancel": "payment_intents.cancel",
    "POST /v1/payment_intents/{intent}/capture": "payment_intents.capture",
    "GET /v1/accounts/{account}/capabilities": "accounts.capabilities.list",
    "GET /v1/accounts/{account}/capabilities/{capability}": "accounts.capabilities.retrieve",
    "POST /v1/accounts/{account}/login_links": "accounts.login_links.create",
    "GET /v1/balance": "balance.retrieve",
    "GET /v1/tax/transactions/{transaction}/line_items": "tax.transactions.line_items.list",
    "POST /v1/tax/calculations": "tax.calculations.create",
    "GET /v1/checkout/sessions/{session}/line_items": "checkout.sessions.line_items.list",
    "GET /v1/customers/{customer}/cash_balance": "customers.cash_balance.retrieve",
    "POST /v1/customers/{customer}/cash_balance": "customers.cash_balance.update",
    "POST /v1/disputes/{dispute}/close": "disputes.close",
    "POST /v1/invoices/{invoice}/finalize": "invoices.finalize",
    "POST /v1/test_helpers/treasury/inbound_transfers/{id}/fail": (
        "test_helpers.treasury.inbound_transfers.fail"
    ),
    "POST /v1/payment_intents": "payment_intents.create",
    "GET /v1/payment_intents/{intent}": "payment_intents.retrieve",
    "POST /v1/payment_intents/{intent}/confirm": "payment_intents.confirm",
    "POST /v1/refunds": "refunds.create",
    "GET /v1/events/{id}": "events.retrieve",
    "POST /v1/subscriptions/{subscription_exposed_id}": "subscriptions.update",
    "GET /v1/subscriptions/search": "subscriptions.search",
    "POST /v1/payment_methods/{payment_method}/attach": "payment_methods.attach",
    "POST /v1/billing_portal/sessions": "billing_portal.sessions.create",
    "POST /v1/checkout/sessions/{session}/expire": "checkout.sessions.expire",
    "GET /v1/customers/{customer}/balance_transactions": "customers.balance_transactions.list",
    "POST /v1/accounts/{account}/capabilities/{capability}": "accounts.capabilities.update",
    "DELETE /v1/accounts/{account}/persons/{person}": "accounts.persons.delete",
    "POST /v1/invoices/{invoice}/void": "invoices.void",
}

OPENAI = {
    "GET /assistants": "beta.assistants.list",
    "GET /assistants/{assistant_id}": "beta.assistants.retrieve",
    "POST /assistants/{assistant_id}": "beta.assistants.update",
    "POST /threads/{thread_id}/messages": "beta.threads.messages.create",
    "POST /threads/{thread_id}/runs/{run_id}/cancel": "beta.threads.runs.cancel",
    "GET /threads/{thread_id}/runs/{run_id}/steps": "beta.threads.runs.steps.list",
    "POST /threads/runs": "beta.threads.create_and_run",
    "POST /chat/completions": "chat.completions.create",
    "GET /chat/completions/{completion_id}/messages": "chat.completions.messages.list",
    "GET /vector_stores/{vector_store_id}/files": "vector_stores.files.list",
    "POST /vector_stores/{vector_store_id}/search": "vector_stores.search",
    "POST /audio/speech": "audio.speech.create",
    "POST /embeddings": "embeddings.create",
    "GET /models/{model}": "models.retrieve",
    "DELETE /files/{file_id}": "files.delete",
    "GET /files/{file_id}/content": "files.content",
    "POST /fine_tuning/jobs/{fine_tuning_job_id}/cancel": "fine_tuning.jobs.cancel",
    "GET /fine_tuning/jobs/{fine_tuning_job_id}/events": "fine_tuning.jobs.events.list",
    "POST /uploads/{upload_id}/parts": "uploads.parts.create",
    "POST /batches/{batch_id}/cancel": "batches.cancel",
    "GET /threads/{thread_id}/messages": "beta.threads.messages.list",
    "GET /threads/{thread_id}/messages/{message_id}": "beta.threads.messages.retrieve",
    "POST /threads": "beta.threads.create",
    "POST /threads/{thread_id}/runs": "beta.threads.runs.create",
    "POST /threads/{thread_id}/runs/{run_id}/submit_tool_outputs": (
        "beta.threads.runs.submit_tool_outputs"
    ),
    "POST /vector_stores": "vector_stores.create",
    "DELETE /vector_stores/{vector_store_id}/files/{file_id}": "vector_stores.files.delete",
    "POST /vector_stores/{vector_store_id}/file_batches": "vector_stores.file_batches.create",
    "POST /completions": "completions.create",
    "POST /moderations": "moderations.create",
    "POST /audio/transcriptions": "audio.transcriptions.create",
    "POST /files": "files.create",
    "GET /fine_tuning/jobs": "fine_tuning.jobs.list",
    # The Responses API, with its `?beta=true` copies under `beta.responses` (openai-apigen.toml).
    "POST /responses": "responses.create",
    "GET /responses/{response_id}": "responses.retrieve",
    "DELETE /responses/{response_id}": "responses.delete",
    "POST /responses/{response_id}/cancel": "responses.cancel",
    "GET /responses/{response_id}/input_items": "responses.input_items.list",
    "POST /responses/input_tokens": "responses.input_tokens.count",
    "POST /responses/compact": "responses.compact",
    "POST /responses?beta=true": "beta.responses.create",
    "GET /responses/{response_id}/input_items?beta=true": "beta.responses.input_items.list",
}


def _api(spec: str, config: Config) -> tuple[Api, Findings]:
    path = CORPUS / spec
    if not path.is_file():
        pytest.skip(f"{path} is not here")
    loaded = load(path, config)
    findings = Findings()
    return build_api(loaded.document, config, loaded.locate, findings), findings


@pytest.fixture(scope="module")
def stripe() -> tuple[Api, Findings]:
    return _api("stripe-spec3.yaml", Config())


@pytest.fixture(scope="module")
def openai() -> tuple[Api, Findings]:
    return _api("openai-3.1.yaml", load_config(REPO / "examples" / "openai-apigen.toml"))


def test_stripe_operations_read_like_the_official_sdk(stripe: tuple[Api, Findings]) -> None:
    found = accessors(stripe[0])
    assert {key: found.get(key) for key in STRIPE} == STRIPE
    # The REST mapping names nearly every method; the rest are recorded with their rule.
    rules = [d.rule for d in stripe[0].naming if d.kind == "method"]
    assert len(rules) == len(found)
    assert sum(r.startswith("rest:") for r in rules) > 0.95 * len(rules)
    assert not [f for f in stripe[1] if f.code == "name-collision"]


def test_openai_operations_read_like_the_official_sdk(openai: tuple[Api, Findings]) -> None:
    found = accessors(openai[0])
    assert {key: found.get(key) for key in OPENAI} == OPENAI
    top = {r.attr for r in openai[0].top_resources}
    assert {"beta", "chat", "vector_stores"} <= top and "threads" not in top
    beta = next(r for r in openai[0].resources if r.name == "beta")
    assert not beta.operations and {"beta_assistants", "beta_threads"} <= set(beta.children)
    # With the example config no method falls back to its operationId for a collision.
    fallbacks = [d for d in openai[0].naming if d.kind == "method" and "is shared" in d.rule]
    assert not fallbacks, fallbacks[:3]


def test_box_hubs_and_whole_version_segments() -> None:
    api, _ = _api("box-v2025.0.json", Config())
    found = accessors(api)
    assert found["GET /hubs/{hub_id}"] == "hubs.retrieve"
    assert found["POST /hubs/{hub_id}/copy"] == "hubs.copy"
    assert found["GET /hubs"] == "hubs.list"
    # Where an id is kept, its version stays whole: `v2025_0`, never `v_2025_0`.
    assert not [a for a in found.values() if "v_2025" in a]


def test_version_segments_stay_whole_in_kept_operation_ids() -> None:
    from generator.findings import Location

    ok = {"200": {"description": "ok"}}
    doc = {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {
            "/hubs/{id}": {
                "get": {"operationId": "hubs_get_v2025.0", "tags": ["hubs"], "responses": ok},
                "put": {"operationId": "hubs_put_v1", "tags": ["hubs"], "responses": ok},
            }
        },
    }
    api = build_api(doc, Config(), lambda p: Location("spec.yaml"), Findings())
    assert accessors(api) == {
        "GET /hubs/{id}": "hubs.get_v2025_0",
        "PUT /hubs/{id}": "hubs.put_v1",
    }
