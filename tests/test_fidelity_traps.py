"""Each trap in the sources, sprung on purpose, is caught by the fidelity check.

The clean page of ``test-fidelity`` builds with no warning. Each case alters its text
the way a tool or a careless edit would (smart quotes, dollar math, a Markdown table,
a dropped NBSP, a note number made a footnote, ...) and the build must report exactly
the expected ``edition.fidelity`` warning, at the page line of the altered block.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

from conftest import warnings_of

SOURCE = "sources/traps.txt"


@dataclass(frozen=True)
class Trap:
    """An alteration of the clean page, and the warnings it must produce."""

    edits: list[tuple[str, str]] = field(default_factory=list)
    build: dict[str, Any] = field(default_factory=dict)
    warnings: list[tuple[int, str]] = field(default_factory=list)


TRAPS: dict[str, Trap] = {
    "smart quotes curl quotes and dashes": Trap(
        build={"confoverrides": {"smartquotes": True}},
        warnings=[
            (
                4,
                f"text differs from {SOURCE} line 1: expected "
                '""Straight quotes" and \'single\' ones, and…", '
                'found "“Straight quotes” and ‘single’ ones, and…"',
            ),
            (
                10,
                f'text differs from {SOURCE} line 4: expected "--- | --- | ---", found "— | — | —"',
            ),
            (
                14,
                f"text differs from {SOURCE} line 6: expected "
                '"An author\'s note.[96] And another.[97]", '
                'found "An author’s note.[96] And another.[97]"',
            ),
        ],
    ),
    "smart quotes make an ellipsis": Trap(
        build={"confoverrides": {"smartquotes": True, "smartquotes_action": "e"}},
        warnings=[
            (
                4,
                f"text differs from {SOURCE} line 1: expected "
                "\"…'single' ones, and an ellipsis...\", found \"…'single' ones, and an ellipsis…\"",
            ),
        ],
    ),
    "dollar math eats dollars": Trap(
        build={"confoverrides": {"myst_enable_extensions": ["colon_fence", "dollarmath"]}},
        warnings=[
            (
                6,
                f"text differs from {SOURCE} line 2: expected "
                '"The fund gave $2.5 million and then $556…", '
                'found "The fund gave 2.5 million and then 556…"',
            ),
        ],
    ),
    "pipes make a table": Trap(
        edits=[("Home | News | Help\n\n\\--- | --- | ---", "Home | News | Help\n--- | --- | ---")],
        warnings=[
            (
                8,
                f'{SOURCE} lines 3-4 altered: expected "Home | News | Help ---…", found "Home News Help"',
            ),
        ],
    ),
    "NBSP dropped": Trap(
        edits=[("T H E\xa0 W H I T E", "T H E  W H I T E")],
        warnings=[
            (
                12,
                f'text differs from {SOURCE} line 5: expected "T H E<U+00A0> W H I T…", '
                'found "T H E W H I T…"',
            ),
        ],
    ),
    "note number made a footnote": Trap(
        edits=[
            ("note.\\[96\\]", "note.[^96]"),
            ("The last line, with a word.", "The last line, with a word.\n\n[^96]: A note."),
        ],
        warnings=[
            (
                14,
                f"text differs from {SOURCE} line 6: expected "
                '"An author\'s note.[96] And another.[97]", found "An author\'s note. And another.[97]"',
            ),
        ],
    ),
    "emoji loses its variation selector": Trap(
        edits=[("\U0001f6e0\ufe0f", "\U0001f6e0")],
        warnings=[
            (
                16,
                f'text differs from {SOURCE} line 8: expected "🛠<U+FE0F> Just so you know:…", '
                'found "🛠 Just so you know:…"',
            ),
        ],
    ),
    "bullet character made a list": Trap(
        edits=[("  • Strengthening", "- Strengthening")],
        warnings=[
            (
                18,
                f'text differs from {SOURCE} line 9: expected "• Strengthening local institutions", '
                'found "Strengthening local institutions"',
            ),
        ],
    ),
    "hash made a heading": Trap(
        edits=[("\\# Not a heading", "# Not a heading")],
        warnings=[
            (
                20,
                f'text differs from {SOURCE} line 10: expected "# Not a heading", found "Not a heading"',
            ),
        ],
    ),
    "number made a list": Trap(
        edits=[("1999\\. The year", "1999. The year")],
        warnings=[
            (
                22,
                f'text differs from {SOURCE} line 11: expected "1999. The year the war…", '
                'found "The year the war…"',
            ),
        ],
    ),
    "percent made a comment": Trap(
        edits=[("\\% not a comment", "% not a comment")],
        warnings=[
            (22, f'{SOURCE} line 12 missing from the page after this block: "% not a comment"'),
        ],
    ),
    "angle made a quote": Trap(
        edits=[("\\> not a quote", "> not a quote")],
        warnings=[
            (
                26,
                f'text differs from {SOURCE} line 13: expected "> not a quote", found "not a quote"',
            ),
        ],
    ),
    "lines run together": Trap(
        edits=[("Two lines that\n\nmust stay apart.", "Two lines that\nmust stay apart.")],
        warnings=[
            (
                30,
                f"{SOURCE} lines 15-16 run together into one block; every source line must begin "
                "a block of its own (separate them with a blank line)",
            ),
        ],
    ),
    "a word changed": Trap(
        edits=[("with a word.", "with a ward.")],
        warnings=[
            (
                34,
                f'text differs from {SOURCE} line 17: expected "…last line, with a word.", '
                'found "…last line, with a ward."',
            ),
        ],
    ),
    "a line dropped": Trap(
        edits=[("\\- not a list\n\n", "")],
        warnings=[(26, f'{SOURCE} line 14 missing from the page after this block: "- not a list"')],
    ),
    "text added": Trap(
        edits=[("must stay apart.\n", "must stay apart.\n\nAn editor's aside.\n")],
        warnings=[(34, f'text not in {SOURCE}: "An editor\'s aside."')],
    ),
}


def test_clean_page_builds_without_warning(edited_root):
    app = edited_root("fidelity").build()
    assert warnings_of(app) == []


@pytest.mark.parametrize("name", list(TRAPS))
def test_trap_is_reported_at_its_line(edited_root, name):
    trap = TRAPS[name]
    root = edited_root("fidelity")
    for old, new in trap.edits:
        root.replace("index.md", old, new)
    overrides = {"edition_lint": False, **trap.build.get("confoverrides", {})}
    app = root.build(confoverrides=overrides)
    # Only the fidelity check's findings: a trap may also be refused for what it is
    # (dollar math makes math nodes, which the edition's pages may not hold).
    found = [
        line.replace(f"{root.path}/", "")
        for line in warnings_of(app)
        if not line.endswith("[edition.untrusted]")
    ]
    assert found == [
        f"index.md:{line}: WARNING: {message} [edition.fidelity]" for line, message in trap.warnings
    ]


@pytest.mark.parametrize("buildername", ["latex", "text"])
def test_clean_page_builds_in_other_formats(edited_root, buildername):
    app = edited_root("fidelity").build(buildername)
    assert warnings_of(app) == []
