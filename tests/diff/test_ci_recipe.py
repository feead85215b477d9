"""The CI recipe in the repo runs `apigen check` and `apigen diff --base` on spec changes."""

from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def test_workflow_runs_check_and_diff_on_pull_requests_touching_spec() -> None:
    workflow = yaml.safe_load(
        (ROOT / ".github" / "workflows" / "apigen.yml").read_text(encoding="utf-8")
    )
    trigger = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as True
    assert "spec/**" in trigger["pull_request"]["paths"]
    steps = [s for job in workflow["jobs"].values() for s in job["steps"]]
    runs = "\n".join(s.get("run", "") for s in steps)
    assert "apigen check" in runs
    assert 'apigen diff --base "$BASE" --format github --fail-on breaking' in runs
    assert any(s.get("with", {}).get("fetch-depth") == 0 for s in steps)


def test_pre_commit_hooks() -> None:
    hooks = {
        h["id"]: h
        for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    }
    assert hooks["apigen-check"]["entry"] == "apigen check"
    assert (
        hooks["apigen-diff"]["entry"] == "apigen diff"
        and hooks["apigen-diff"]["args"][0] == "--base"
    )
    assert all(h["files"].startswith("^") and "spec/" in h["files"] for h in hooks.values())
