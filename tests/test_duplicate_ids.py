"""Ids and notes a page may not have: an id taken twice, a note inside a note."""

from __future__ import annotations

import pytest

from conftest import warnings_of


@pytest.mark.parametrize(
    ("markup", "taken"),
    [
        ("## P3\n\nA heading named like passage 3.\n", "p3"),
        ("(sidenote-1)=\n## Anything\n\nA target named like the first note.\n", "sidenote-1"),
        ("## Main\n\nA heading named like the page's main text.\n", "main"),
    ],
    ids=["passage", "note", "theme"],
)
def test_an_id_the_edition_gives_out_is_refused(edited_root, markup, taken):
    root = edited_root("annotations")
    root.replace("source.md", "::::{source-text} sample\n", markup + "\n::::{source-text} sample\n")
    line = 11 + markup.count("\n", 0, markup.index("#"))  # the heading's line
    app = root.build()
    expected = (
        f"{root.path / 'source.md'}:{line}: WARNING: the id {taken!r} is taken twice on this "
        "page (a heading or target named like a passage, a note or the page's main text): "
        "rename it [edition.duplicate_id]"
    )
    assert expected in warnings_of(app), warnings_of(app)


def test_the_edition_itself_gives_no_id_twice(edited_root):
    assert warnings_of(edited_root("annotations").build()) == []


def test_a_note_inside_a_note_is_refused(edited_root):
    root = edited_root("annotations")
    root.replace(
        "source.md",
        "::::{source-text} sample\n",
        "A headnote sentence.[^outer]\n\n[^outer]: Outer note, with an inner one.[^inner]\n\n"
        "[^inner]: The inner note.\n\n::::{source-text} sample\n",
    )
    app = root.build()
    found = [w for w in warnings_of(app) if "[edition.nested_note]" in w]
    assert len(found) == 1, warnings_of(app)
    assert f"{root.path / 'source.md'}:13:" in found[0]
    assert "note [" in found[0] and "inside another note" in found[0]
