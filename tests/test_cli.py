"""The ``edition`` command as a process: its console script and its signal handling."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import PROJECT
from edition_tools.cli import main

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
