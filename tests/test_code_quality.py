"""The code is ruff-clean, ruff-formatted and passes ``mypy --strict``."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import PROJECT

TOOLS = {
    "ruff check": [sys.executable, "-m", "ruff", "check", "src", "tests", "docs/conf.py"],
    "ruff format": [
        sys.executable,
        "-m",
        "ruff",
        "format",
        "--check",
        "src",
        "tests",
        "docs/conf.py",
    ],
    "mypy --strict": [sys.executable, "-m", "mypy"],
}


@pytest.mark.parametrize("tool", list(TOOLS))
def test_tool_is_clean(tool):
    result = subprocess.run(TOOLS[tool], cwd=PROJECT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
