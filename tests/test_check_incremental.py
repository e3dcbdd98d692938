"""``edition check`` keeps its environment, and finds exactly what a fresh check finds.

A small synthetic edition (``benchmarks/generate.py``) goes through a sequence of edits;
after each, the check that kept its folder (``docs/_build/check``) and a fresh check of
a copy without that folder print the same problems. The sequence covers a warning that
is not the edition's (MyST's) on an unchanged page, a glossary term and an event that
other pages refer to, the bibliography and ``conf.py``.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import PROJECT
from edition_tools.cli.check import Problem, run_check
from edition_tools.cli.kept_check import STATE_NAME

GENERATE = PROJECT / "benchmarks" / "generate.py"


@pytest.fixture
def edition(tmp_path: Path) -> Path:
    """A synthetic edition of three sources."""
    result = subprocess.run(
        [sys.executable, str(GENERATE), "3", str(tmp_path / "n3")], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return tmp_path / "n3" / "edition"


def fresh_check(edition: Path, scratch: Path) -> list[Problem]:
    """The problems of a check of a copy of ``edition`` that kept nothing."""
    shutil.rmtree(scratch, ignore_errors=True)
    shutil.copytree(edition, scratch, ignore=shutil.ignore_patterns("_build"))
    return run_check(scratch)


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


def edits(docs: Path) -> list[tuple[str, Callable[[], None]]]:
    """The sequence of edits, each named; applied one after another."""
    page = docs / "sources" / "source-0002.md"
    heading = "\n#### An afterword\n\nA paragraph after the text.\n"

    def add_myst_warning() -> None:
        page.write_text(page.read_text(encoding="utf-8") + heading, encoding="utf-8")

    def fix_myst_warning() -> None:
        replace(page, heading, "")

    return [
        ("nothing changed", lambda: None),
        ("a MyST warning on one page", add_myst_warning),
        ("nothing changed, the warning stays", lambda: None),
        ("the warning fixed", fix_myst_warning),
        (
            "a glossary term that other pages use renamed",
            lambda: replace(docs / "glossary.md", "term 0\n", "term zero\n"),
        ),
        (
            "an event that other pages refer to renamed",
            lambda: replace(docs / "chronology.md", "{event} event-1\n", "{event} event-one\n"),
        ),
        ("nothing changed after the renames", lambda: None),
        ("a note edited", lambda: replace(page, "A note on this word", "A note upon this word")),
        (
            "a work of the bibliography renamed",
            lambda: replace(docs / "refs.bib", "@misc{work1,", "@misc{workone,"),
        ),
        (
            "conf.py silences a warning",
            lambda: replace(
                docs / "conf.py",
                "smartquotes = False\n",
                'smartquotes = False\nsuppress_warnings = ["bibtex.key_not_found"]\n',
            ),
        ),
        (
            "the glossary term back",
            lambda: replace(docs / "glossary.md", "term zero\n", "term 0\n"),
        ),
    ]


def test_each_check_finds_what_a_fresh_check_finds(edition: Path, tmp_path: Path) -> None:
    docs = edition / "docs"
    seen: list[tuple[str, int]] = []
    for name, edit in edits(docs):
        edit()
        kept = run_check(edition)
        fresh = fresh_check(edition, tmp_path / "fresh")
        assert [p.format() for p in kept] == [p.format() for p in fresh], name
        seen.append((name, len(fresh)))
    # The sequence is worth something: it made problems, and made them go.
    counts = dict(seen)
    assert counts["nothing changed"] == 0
    assert counts["nothing changed, the warning stays"] > 0
    assert counts["a glossary term that other pages use renamed"] > 0
    assert counts["the warning fixed"] == 0


def test_a_note_edit_reads_and_resolves_few_pages(edition: Path) -> None:
    """After one note edit the check keeps its environment and replays the rest."""
    run_check(edition)
    state = edition / "docs" / "_build" / "check" / STATE_NAME
    assert json.loads(state.read_text(encoding="utf-8"))["version"] == 1
    pickle = edition / "docs" / "_build" / "check" / "out" / ".doctrees" / "environment.pickle"
    before = pickle.stat().st_mtime_ns
    replace(
        edition / "docs" / "sources" / "source-0001.md",
        "A note on this word",
        "A note upon this word",
    )
    assert run_check(edition) == []
    assert pickle.stat().st_mtime_ns != before  # kept, and saved again after the read


def test_a_check_cut_short_leaves_no_state(edition: Path) -> None:
    """A check that did not finish leaves no state: the next starts afresh."""
    run_check(edition)
    folder = edition / "docs" / "_build" / "check"
    from edition_tools.cli.kept_check import KeptCheck

    kept = KeptCheck(edition)
    kept.begin()  # a check begins, and is killed before it ends
    assert not kept.afresh
    assert not (folder / STATE_NAME).exists()
    again = KeptCheck(edition)
    again.begin()
    assert again.afresh
