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
    # the compare endpoint moved to one {basehead} placeholder: the same URLs, the same method
    compare = "GET /repos/{owner}/{repo}/compare/{basehead}"
    assert not _has(
        github, "operation-removed", "GET /repos/{owner}/{repo}/compare/{base}...{head}"
    )
    assert not _has(github, "operation-added", compare)
    assert not any(
        c.rule == "python-method-removed" and "compare_commits" in c.message for c in github.active
    )
    assert _has(github, "operation-path-reshaped", compare)
    assert _has(
        github, "python-argument-renamed", compare, "base of client.repos.compare_commits()"
    )
    assert _has(
        github, "python-argument-removed", compare, "head of client.repos.compare_commits()"
    )
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


def test_github_inline_allof_response_and_nullable_wrappers(github: DiffResult) -> None:
    # POST /app-manifests/{code}/conversions answers an inline allOf; webhook_secret became nullable
    # in its inline member (not in the `integration` schema it extends)
    manifests = "POST /app-manifests/{code}/conversions"
    found = [
        c
        for c in github.active
        if c.rule == "response-became-nullable"
        and manifests in (c.operation, *c.operations)
        and c.message.endswith(".webhook_secret can now be null")
        and not c.message.startswith(("Integration.", "NullableIntegration."))
    ]
    assert len(found) == 1, found
    # the move to Nullable* schemas: a use that was nullable through an allOf wrapper is no change
    # (only properties that really became nullable remain, e.g. NullableIntegration.webhook_secret)
    nullable = [c for c in github.active if c.rule == "response-became-nullable"]
    assert not [c for c in nullable if "." not in c.subject.split(" ")[-1]], nullable
    # (38 since inline schemas inside components have classes of their own: a real change inside
    # one, e.g. TeamRepositoryTemplateRepository -> NullableRepository, is no longer folded into
    # the class of an equal shape met first elsewhere)
    assert len(nullable) < 45


def test_github_python_renames_say_why(github: DiffResult) -> None:
    for change in github.active:
        if change.rule in (
            "python-model-renamed",
            "python-method-renamed",
            "python-argument-renamed",
            "python-method-moved",
            "python-resource-renamed",
        ):
            assert change.reason.startswith("because "), change
    lifted = [c for c in github.active if "an inline schema lifted" in c.message]
    assert lifted and all("is now named from" in c.reason for c in lifted)


def test_github_markdown_report_starts_with_a_one_screen_summary(github: DiffResult) -> None:
    from generator.diff.report import markdown

    report = markdown(github)
    summary = report[: report.index("#### Breaking changes")].rstrip().splitlines()
    assert summary[0].startswith("### ❌ apigen diff")
    assert len(summary) <= 20 and max(len(line) for line in summary) <= 400, summary
    assert any(line.startswith("- operations: ") for line in summary)
    assert len(report) < 65_536  # a PR comment
    # the rule table comes last, collapsed
    assert report.index("<summary>Rules</summary>") > report.index("#### Breaking changes")


def test_github_annotations_are_capped(github: DiffResult) -> None:
    from generator.diff.report import github as annotations

    lines = [line for line in annotations(github).splitlines() if line.startswith("::")]
    assert len(lines) == 10
    assert "more breaking" in lines[-1] and "FAIL:" in lines[-1]
