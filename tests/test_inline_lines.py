"""A role in a wrapped paragraph is reported at its own line (``edition_tools.store.lines``)."""

from __future__ import annotations

from conftest import warnings_of
from edition_tools.store.lines import LineFinder

PAGE = """\
# Page

A paragraph that {term}`wraps` over
three lines, with {event}`an event <e-1>` on the second
and {event}`the same <e-1>` twice on the {event}`third <e-1>`.

[^n]: A note that wraps,
    and refers to {term}`wraps` on its second line.
"""


def test_each_role_is_found_on_its_own_line():
    finder = LineFinder(PAGE)
    assert finder.find(3, "term", "wraps") == 3
    assert finder.find(3, "event", "an event <e-1>") == 4
    assert finder.find(3, "event", "the same <e-1>") == 5
    assert finder.find(3, "event", "third <e-1>") == 5
    assert finder.find(7, "term", "wraps") == 8


def test_occurrences_are_claimed_in_order():
    finder = LineFinder("{term}`a` and\n{term}`a` again\n")
    assert [finder.find(1, "term", "a") for _ in range(3)] == [1, 2, 1]


def test_the_paragraph_line_stays_when_the_markup_is_not_in_the_paragraph():
    finder = LineFinder("First paragraph,\nwrapped.\n\nSecond {term}`x`.\n")
    assert finder.find(1, "term", "x") == 1  # the next paragraph is not searched
    assert finder.find(1, "term", "missing") == 1
    assert finder.find(40, "term", "x") == 40  # past the end of the file


def test_restructuredtext_markup_and_double_backticks_are_found():
    finder = LineFinder("A paragraph\nwith :term:`x` and\n{term}``y`` in it.\n")
    assert finder.find(1, "term", "x") == 2
    assert finder.find(1, "term", "y") == 3


BAD = """\
---
orphan: true
---
# Bad

A paragraph that wraps
over {event}`three lines <no-such-event>`
and names a {term}`term nobody defined`.

A paragraph[^wrapped].

[^wrapped]: A note that wraps, and its second line
    marks a {claim}`claim <no-such-claim>`.
"""


def test_warnings_name_the_line_of_the_role(edited_root):
    root = edited_root("annotations")
    root.write("bad.md", BAD)
    app = root.build(confoverrides={"edition_lint": False})
    found = [w.replace(f"{root.path}/", "") for w in warnings_of(app)]
    # Without the correction: lines 6, 12 and 6, where the paragraphs begin.
    assert found == [
        "bad.md:7: WARNING: unknown event 'no-such-event' in "
        "{event}`three lines <no-such-event>` [edition.event]",
        "bad.md:13: WARNING: {claim} span points to no disputed record 'no-such-claim' "
        "[edition.claim]",
        "bad.md:8: WARNING: term not in glossary: 'term nobody defined' [ref.term]",
    ]
