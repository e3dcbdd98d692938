"""The ``edition`` command as a process: its console script and its signal handling."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import PROJECT
from edition_tools.cli.main import main

CONSOLE_SCRIPT = Path(sys.executable).with_name("edition")


@pytest.mark.skipif(not hasattr(signal, "SIGPIPE"), reason="no SIGPIPE on this system")
def test_main_leaves_the_processs_signal_handling_alone():
    # The test suite calls main() in its own process, which also serves the built site
    # to a browser: with SIGPIPE set to its default, a dropped connection killed pytest.
    before = signal.getsignal(signal.SIGPIPE)
    assert main(["--root", str(PROJECT), "verify"]) == 0
    assert signal.getsignal(signal.SIGPIPE) == before


def test_console_script_ends_quietly_when_its_reader_goes_away():
    assert CONSOLE_SCRIPT.is_file(), f"the console script is installed at {CONSOLE_SCRIPT}"
    process = subprocess.Popen(
        [str(CONSOLE_SCRIPT), "--root", str(PROJECT), "verify"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # like `edition verify | head -0`, before the command writes
    errors = process.stderr.read().decode()
    status = process.wait(timeout=60)
    assert "Traceback" not in errors and "BrokenPipeError" not in errors, errors
    assert status == 1


def test_console_script_reports_as_main_does():
    result = subprocess.run(
        [str(CONSOLE_SCRIPT), "--root", str(PROJECT), "verify"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.endswith("sources verified, 0 problem(s)\n")


def _edition_with_two_problems(tmp_path: Path) -> Path:
    """A small edition with a problem in docs/extra.md and another in docs/glossary.md."""
    from test_bad_input import mini_edition

    root = mini_edition(tmp_path)
    for page in ("extra.md", "glossary.md"):
        with (root / "docs" / page).open("a", encoding="utf-8") as file:
            file.write("\nA NUL\x00 here.\n")
    return root


def test_check_paths_are_taken_from_the_root_when_not_in_the_current_folder(
    tmp_path, monkeypatch, capsys
):
    root = _edition_with_two_problems(tmp_path)
    monkeypatch.chdir(tmp_path)  # outside the edition: docs/extra.md is not here
    assert main(["--root", str(root), "check", "docs/extra.md"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(":")[0] for line in lines[:-1]] == ["docs/extra.md"]


def test_check_paths_are_taken_from_the_current_folder_first(tmp_path, monkeypatch, capsys):
    root = _edition_with_two_problems(tmp_path)
    monkeypatch.chdir(root / "docs")
    assert main(["--root", str(root), "check", "glossary.md"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(":")[0] for line in lines[:-1]] == ["docs/glossary.md"]


@pytest.mark.parametrize("path", ["docs/nowhere.md", "/etc"])
def test_a_check_path_not_in_the_edition_is_a_usage_error(tmp_path, capsys, path):
    from test_bad_input import mini_edition

    root = mini_edition(tmp_path)
    assert main(["--root", str(root), "check", path]) == 2
    assert f"no such file or folder in {root}: {path}" in capsys.readouterr().err


def test_a_root_with_no_edition_is_a_usage_error(tmp_path, capsys):
    assert main(["--root", str(tmp_path / "nowhere"), "check"]) == 2
    error = capsys.readouterr().err
    assert "no edition at" in error and "no docs/conf.py" in error
    assert "Traceback" not in error
