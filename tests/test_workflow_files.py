"""The pull-request workflow files are valid against their published schemas.

actionlint ships no binary through the registries this project uses, so the workflow,
the issue forms and the Read the Docs configuration are checked with check-jsonschema's
vendored schemas (no network), and the pre-commit configuration with pre-commit itself.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import PROJECT

SCHEMAS = [
    ("vendor.github-workflows", ".github/workflows/ci.yml"),
    ("vendor.readthedocs", ".readthedocs.yaml"),
    ("vendor.github-issue-config", ".github/ISSUE_TEMPLATE/config.yml"),
    ("vendor.github-issue-forms", ".github/ISSUE_TEMPLATE/correction.yml"),
    ("vendor.github-issue-forms", ".github/ISSUE_TEMPLATE/new-annotation.yml"),
    ("vendor.github-issue-forms", ".github/ISSUE_TEMPLATE/new-source.yml"),
]


@pytest.mark.parametrize(("schema", "path"), SCHEMAS)
def test_file_matches_its_schema(schema, path):
    result = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, str(PROJECT / path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_pre_commit_configuration_is_valid():
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pre_commit",
            "validate-config",
            str(PROJECT / ".pre-commit-config.yaml"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_contributing_guide_and_templates_exist():
    for path in ("CONTRIBUTING.md", ".github/pull_request_template.md"):
        assert (PROJECT / path).read_text(encoding="utf-8").strip()


def test_the_workflow_installs_chromium_only_where_it_is_a_browser():
    """Debian's ``chromium`` is the browser; Ubuntu's is a stub for a snap that does not
    run on a hosted runner. A job that installs it (itself or through ``.ci/run``) runs
    in a Debian container, and calls no ``sudo`` there (the container's user is root).
    """
    import yaml

    workflow = yaml.safe_load((PROJECT / ".github/workflows/ci.yml").read_text(encoding="utf-8"))
    for name, job in workflow["jobs"].items():
        commands = "\n".join(step.get("run", "") for step in job["steps"])
        if "chromium" not in commands and ".ci/run" not in commands:
            continue
        image = job.get("container", "")
        image = image.get("image", "") if isinstance(image, dict) else image
        assert any(debian in image for debian in ("debian", "bookworm", "trixie")), name
        assert "sudo " not in commands, name
