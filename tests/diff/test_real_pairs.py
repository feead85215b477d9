"""The two real version pairs from ../shared/corpus: bounded in time, known changes found."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.config import Config
from generator.diff import DiffResult, diff_files

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"
if not CORPUS.is_dir():
    CORPUS = Path("/work/shared/corpus")

pytestmark = pytest.mark.skipif(
    not (CORPUS / "github-api-3.0.json").is_file(), reason="needs ../shared/corpus"
)


def _has(result: DiffResult, rule: str, operation: str = "", text: str = "") -> bool:
    return any(
        c.rule == rule
        and (not operation or c.operation == operation or operation in c.operations)
        and text in c.message
        for c in result.active
    )


@pytest.fixture(scope="module")
def github() -> DiffResult:
    return diff_files(CORPUS / "github-api-2020.yaml", CORPUS / "github-api-3.0.json", Config())


@pytest.fixture(scope="module")
def box() -> DiffResult:
    return diff_files(CORPUS / "box-v2025.0.json", CORPUS / "box-v2026.0.json", Config())


def test_github_2020_to_2022_runs_in_seconds(github: DiffResult) -> None:
    assert github.seconds < 30, github.stats  # ~4 s on a laptop; the bound only catches a blow-up
    assert github.stats["old_operations"] > 600 and github.stats["new_operations"] > 750


def test_github_known_changes(github: DiffResult) -> None:
    # GitHub dropped these operations between 2020-08 and 2022-06
    assert _has(github, "operation-removed", "GET /repos/{owner}/{repo}/community/code_of_conduct")
    assert _has(github, "operation-removed", "GET /repos/{owner}/{repo}/compare/{base}...{head}")
    assert _has(
        github,
        "python-method-removed",
        "GET /repos/{owner}/{repo}/compare/{base}...{head}",
        "client.repos.compare_commits()",
    )
    # ... added operations (the compare endpoint moved to one {basehead} placeholder)
    assert _has(github, "operation-added", "GET /repos/{owner}/{repo}/compare/{basehead}")
    # an operationId renamed: oasdiff says INFO, the Python method is gone under its old name
    assert _has(
        github,
        "python-method-renamed",
        "DELETE /user/emails",
        "delete_email_for_authenticated_user()",
    )
    # a path placeholder renamed: same wire, broken keyword argument
    assert _has(
        github,
        "python-argument-renamed",
        "GET /repos/{owner}/{repo}/code-scanning/alerts/{alert_number}",
        "alert_id",
    )
    # a response enum gained values: oasdiff says WARN, a strict client rejects the new state
    assert _has(github, "python-response-enum-widened", text="WorkflowState")
    assert _has(github, "response-enum-value-added", text="WorkflowState")
    counts = github.counts()
    for rule in (
        "response-required-property-removed",
        "python-model-renamed",
        "python-return-type-changed",
        "request-body-became-required",
    ):
        assert counts[rule] > 0, rule
    assert github.oasdiff_misses()["python-method-renamed"] == counts["python-method-renamed"] > 0


def test_box_2025_to_2026_runs_in_seconds(box: DiffResult) -> None:
    assert box.seconds < 10, box.stats
    counts = box.counts()
    # v2026.0 is a separate surface (Automate Workflows, Box Notes), not a successor of v2025.0
    assert counts["operation-removed"] == 37 and counts["operation-added"] == 3
    assert _has(box, "operation-removed", "GET /hubs")
    assert _has(box, "operation-added", "POST /notes/convert")
    assert _has(box, "python-resource-removed", text="client.hubs removed")
