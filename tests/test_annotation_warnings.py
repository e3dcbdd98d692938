"""Every kind of bad annotation gives one exact warning: path, line, message, subtype.

Each case adds a page ``bad.md`` to a copy of ``test-annotations`` (which builds clean)
and checks the whole warning line. Line 1 of ``bad.md`` is its front matter.
"""

from __future__ import annotations

import pytest

from conftest import warnings_of
from edition_tools.features.base import option_lines

HEAD = "---\norphan: true\n---\n# Bad\n\n"  # the page body starts on line 6


def event(event_id: str, *options: str, body: str = "A title") -> str:
    return "\n".join([f":::{{event}} {event_id}", *options, body, ":::", ""])


def disputed(claim_id: str, *options: str) -> str:
    return "\n".join([f":::{{disputed}} {claim_id}", *options, "The evidence.", ":::", ""])


def ai(*options: str) -> str:
    return "\n".join([":::{ai-content}", *options, "Why.", ":::", ""])


CLAIM_OK = (":level: dubious", ":claimant: Someone", ":status: open")
AI_OK = (
    ":scope: document",
    ":basis: editorial-assessment",
    ":source-type: trainedAlgorithmicMedia",
)

CASES: dict[str, tuple[str, list[tuple[str, int, str, str]]]] = {
    "unknown event in a reference": (
        "Text {event}`then <no-such-event>`.\n",
        [("bad.md", 6, "unknown event 'no-such-event' in {event}`then <no-such-event>`", "event")],
    ),
    "unknown event in a reference without a separate text": (
        # Quoted as written: once "{event}`October 2000 <October 2000>`".
        "Text {event}`October 2000` and {event}`<x>` and {event}`a \\<b> <c>`.\n",
        [
            ("bad.md", 6, "unknown event 'October 2000' in {event}`October 2000`", "event"),
            ("bad.md", 6, "unknown event '<x>' in {event}`<x>`", "event"),
            ("bad.md", 6, "unknown event 'c' in {event}`a \\<b> <c>`", "event"),
        ],
    ),
    "duplicate event id": (
        event("indictment", ":date: 1999-05-27"),
        # Duplicates are reported at every definition after the first by (page, line).
        [
            (
                "chronology.md",
                5,
                "duplicate event id 'indictment' (first defined in 'bad' at line 6)",
                "event",
            )
        ],
    ),
    "malformed date": (
        event("e-one", ":date: 27 May 1999"),
        [
            (
                "bad.md",
                6,
                "event 'e-one': :date: date '27 May 1999' is not YYYY, YYYY-MM, YYYY-MM-DD or 'unknown'",
                "event",
            )
        ],
    ),
    "impossible day": (
        event("e-two", ":date: 1999-02-30"),
        [
            (
                "bad.md",
                6,
                "event 'e-two': :date: date '1999-02-30' is not a day of the calendar",
                "event",
            )
        ],
    ),
    "year 0000": (
        # Python's dates have no year 0: once a traceback when the event had an end.
        event("e-zero", ":date: 0000", ":end: 0001"),
        [("bad.md", 6, "event 'e-zero': :date: date '0000': year 0000 is not supported", "event")],
    ),
    "year 0000 as the end": (
        event("e-zero-end", ":date: 1999", ":end: 0000-12"),
        [
            (
                "bad.md",
                6,
                "event 'e-zero-end': :end: date '0000-12': year 0000 is not supported",
                "event",
            )
        ],
    ),
    "non-ASCII digits": (
        event("e-fullwidth", ":date: 1999-\uff10\uff11"),
        [
            (
                "bad.md",
                6,
                "event 'e-fullwidth': :date: date '1999-\uff10\uff11' is not YYYY, YYYY-MM, "
                "YYYY-MM-DD or 'unknown'",
                "event",
            )
        ],
    ),
    "end the same as the date": (
        event("e-same", ":date: 1999-03-24", ":end: 1999-03-24"),
        [
            (
                "bad.md",
                6,
                "event 'e-same': end 1999-03-24 is the same as the date: give no :end:",
                "event",
            )
        ],
    ),
    "coarser end containing the date": (
        event("e-coarser", ":date: 1999-06", ":end: 1999"),
        [
            (
                "bad.md",
                6,
                "event 'e-coarser': end 1999 overlaps the date 1999-06: an end comes after "
                "the whole of the date, or is not given",
                "event",
            )
        ],
    ),
    "finer end within the date": (
        event("e-finer", ":date: 1999-03", ":end: 1999-03-05"),
        [
            (
                "bad.md",
                6,
                "event 'e-finer': end 1999-03-05 overlaps the date 1999-03: an end comes after "
                "the whole of the date, or is not given",
                "event",
            )
        ],
    ),
    "end before start": (
        event("e-three", ":date: 1999-06-10", ":end: 1999-03"),
        [("bad.md", 6, "event 'e-three': end 1999-03 is before the start 1999-06-10", "event")],
    ),
    "missing date": (
        event("e-four"),
        [
            (
                "bad.md",
                6,
                "event 'e-four': missing required option :date: (YYYY, YYYY-MM or YYYY-MM-DD)",
                "event",
            )
        ],
    ),
    "missing title": (
        event("e-five", ":date: 1999", body=""),
        [
            (
                "bad.md",
                6,
                "event 'e-five': missing title: the first line of the body is the event's title",
                "event",
            )
        ],
    ),
    "bad event id": (
        event("Event-One", ":date: 1999"),
        [
            (
                "bad.md",
                6,
                "event 'Event-One': the id must be a lower-case slug like 'racak-killings'",
                "event",
            )
        ],
    ),
    "unknown events in an event's title and sources-differ": (
        # Warnings name the line of the title (9) and of the option (8), not the
        # directive's line (6).
        event(
            "e-six",
            ":date: 1999",
            ":sources-differ: Others say {event}`later <no-such-later>`.",
            body="After {event}`then <no-such-earlier>`",
        ),
        [
            (
                "bad.md",
                9,
                "unknown event 'no-such-earlier' in {event}`then <no-such-earlier>`",
                "event",
            ),
            (
                "bad.md",
                8,
                "unknown event 'no-such-later' in {event}`later <no-such-later>`",
                "event",
            ),
        ],
    ),
    "event without an id": (
        # Once a generic [docutils] error that no edition subtype could silence.
        ":::{event}\n:date: 1999\nA title\n:::\n",
        [
            (
                "bad.md",
                6,
                "event: missing id: write the event's id after the directive's name, "
                "like 'racak-killings'",
                "event",
            )
        ],
    ),
    "claim id of two words": (
        # The record is kept under the id as written: the span finds it, no second warning.
        "Text {claim}`here <Two words>`.\n\n" + disputed("Two words", *CLAIM_OK),
        [
            (
                "bad.md",
                8,
                "claim 'Two words': the id must be a lower-case slug like 'seventy-eight-days'",
                "claim",
            )
        ],
    ),
    "option given twice": (
        "Text {claim}`here <c-six>`.\n\n"
        + disputed("c-six", ":level: disputed", ":level: bogus", ":claimant: X", ":status: open"),
        [
            (
                "bad.md",
                10,
                "claim 'c-six': option :level: is given again (first at line 9); give it once",
                "claim",
            ),
            (
                "bad.md",
                8,
                "claim 'c-six': unknown level 'bogus' (one of: citation-needed, dubious, "
                "disputed, contradicted)",
                "claim",
            ),
        ],
    ),
    "date given twice": (
        event("e-twice", ":date: 1999", ":end: 2001", ":date: 2000"),
        [
            (
                "bad.md",
                9,
                "event 'e-twice': option :date: is given again (first at line 7); give it once",
                "event",
            )
        ],
    ),
    "unknown level": (
        "Text {claim}`here <c-one>`.\n\n"
        + disputed("c-one", ":level: false", ":claimant: X", ":status: open"),
        [
            (
                "bad.md",
                8,
                "claim 'c-one': unknown level 'false' (one of: citation-needed, dubious, disputed, contradicted)",
                "claim",
            )
        ],
    ),
    "unknown status": (
        "Text {claim}`here <c-two>`.\n\n"
        + disputed("c-two", ":level: dubious", ":claimant: X", ":status: closed"),
        [("bad.md", 8, "claim 'c-two': unknown status 'closed' (one of: open, resolved)", "claim")],
    ),
    "missing claimant": (
        "Text {claim}`here <c-three>`.\n\n"
        + disputed("c-three", ":level: dubious", ":status: open"),
        [("bad.md", 8, "claim 'c-three': missing required option :claimant:", "claim")],
    ),
    "span without record": (
        "Text {claim}`here <c-four>`.\n",
        [("bad.md", 6, "{claim} span points to no disputed record 'c-four'", "claim")],
    ),
    "record without span": (
        disputed("c-five", *CLAIM_OK),
        [("bad.md", 6, "disputed record 'c-five' has no {claim} span pointing to it", "claim")],
    ),
    "duplicate claim id": (
        "Text {claim}`here <campaign-length>`.\n\n" + disputed("campaign-length", *CLAIM_OK),
        [
            (
                "source.md",
                22,
                "duplicate claim id 'campaign-length' (first recorded in 'bad' at line 8)",
                "claim",
            )
        ],
    ),
    "unknown scope": (
        ai(":scope: page", *AI_OK[1:]),
        [
            (
                "bad.md",
                6,
                "ai-content: unknown scope 'page' (one of: document, passage, section)",
                "ai_content",
            )
        ],
    ),
    "unknown source type": (
        ai(AI_OK[0], AI_OK[1], ":source-type: chatbot"),
        [
            (
                "bad.md",
                6,
                "ai-content: unknown source-type 'chatbot' (one of: "
                "compositeWithTrainedAlgorithmicMedia, trainedAlgorithmicMedia)",
                "ai_content",
            )
        ],
    ),
    "missing basis": (
        ai(AI_OK[0], AI_OK[2]),
        [("bad.md", 6, "ai-content: missing required option :basis:", "ai_content")],
    ),
    "self-disclosed without the disclosure": (
        ai(AI_OK[0], ":basis: self-disclosed", AI_OK[2]),
        [
            (
                "bad.md",
                6,
                "ai-content: a self-disclosed record needs the publisher's words in :disclosure:",
                "ai_content",
            )
        ],
    ),
    "source type given as its IPTC address": (
        ai(
            *AI_OK[:2],
            ":source-type: http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia",
        ),
        [],
    ),
    "editorial assessment without evidence": (
        "\n".join([":::{ai-content}", *AI_OK, ":::", ""]),
        [
            (
                "bad.md",
                6,
                "ai-content: an editorial assessment needs the editors' evidence in its body",
                "ai_content",
            )
        ],
    ),
    "passage record outside the text": (
        ai(":scope: passage", *AI_OK[1:], ":lines: 5"),
        [
            (
                "bad.md",
                6,
                "ai-content: passage scope outside the source-text block (a section or "
                "passage record stands in the text, before what it flags)",
                "ai_content",
            )
        ],
    ),
    "paratext with unknown kind": (
        "::::{source-text} sample\n:::{paratext}\n:kind: menu\nSkip to content\n:::\n::::\n",
        None,  # filled below: the source is given twice, which is its own warning
    ),
    "paratext without kind": (":::{paratext}\nText\n:::\n", None),
    "paratext outside source-text": (
        ":::{paratext}\n:kind: footer\nText\n:::\n",
        [
            (
                "bad.md",
                6,
                "paratext outside a source-text block: it marks furniture of a source's text",
                "paratext",
            )
        ],
    ),
}
CASES["paratext with unknown kind"] = (
    ":::{paratext}\n:kind: menu\nText\n:::\n",
    [
        (
            "bad.md",
            6,
            "paratext: unknown kind 'menu' (one of: navigation, footer, promotion, injected-link, boilerplate)",
            "paratext",
        ),
        (
            "bad.md",
            6,
            "paratext outside a source-text block: it marks furniture of a source's text",
            "paratext",
        ),
    ],
)
CASES["paratext without kind"] = (
    ":::{paratext}\nText\n:::\n",
    [
        ("bad.md", 6, "paratext: missing required option :kind:", "paratext"),
        (
            "bad.md",
            6,
            "paratext outside a source-text block: it marks furniture of a source's text",
            "paratext",
        ),
    ],
)


#: Bad input inside the test root's own ``source-text`` block (a second block for the
#: same source would be a problem of its own): edits of ``source.md`` as (old, new)
#: pairs, and the warnings expected.
#: The source-text block fenced with five colons, so that blocks in it can hold others.
WIDER_FENCE = [
    ("::::{source-text} sample", ":::::{source-text} sample"),
    ("The end.\n::::", "The end.\n:::::"),
]
IN_TEXT_CASES: dict[str, tuple[list[tuple[str, str]], list[tuple[str, int, str, str]]]] = {
    "document record inside the text": (
        [(":scope: passage", ":scope: document"), (":lines: 5\n", "")],
        [
            (
                "source.md",
                31,
                "ai-content: document scope inside the source-text block (a document-scope "
                "record stands above the text)",
                "ai_content",
            )
        ],
    ),
    "paratext inside paratext": (
        [
            *WIDER_FENCE,
            (
                ":::{paratext}\n:kind: injected-link",
                "::::{paratext}\n:kind: injected-link\n:::{paratext}\n:kind: footer",
            ),
            ("Another article\n:::", "Another article\n:::\n::::"),
        ],
        [
            (
                "source.md",
                43,
                "paratext inside another paratext: furniture is marked once",
                "paratext",
            )
        ],
    ),
    "paratext inside an AI warning": (
        [
            *WIDER_FENCE,
            (":::{ai-content}\n:scope: passage", "::::{ai-content}\n:scope: passage"),
            (
                "no source.\n:::",
                "no source.\n\n:::{paratext}\n:kind: footer\nWhy.\n:::\n::::",
            ),
        ],
        [
            (
                "source.md",
                38,
                "paratext inside editorial matter: it marks lines of the source's text",
                "paratext",
            )
        ],
    ),
    "paratext with no lines": (
        [("Another article\n:::", "Another article\n:::\n\n:::{paratext}\n:kind: footer\n:::")],
        [("source.md", 46, "paratext: no lines: it wraps lines of the source's text", "paratext")],
    ),
}


@pytest.mark.parametrize("name", list(IN_TEXT_CASES))
def test_bad_input_in_the_text_gives_its_warning(edited_root, name):
    edits, expected = IN_TEXT_CASES[name]
    root = edited_root("annotations")
    for old, new in edits:
        root.replace("source.md", old, new)
    app = root.build(confoverrides={"edition_lint": False})
    found = [w.replace(f"{root.path}/", "") for w in warnings_of(app)]
    assert found == [
        f"{path}:{line}: WARNING: {message} [edition.{subtype}]"
        for path, line, message, subtype in expected
    ]


@pytest.mark.parametrize("name", list(CASES))
def test_bad_input_gives_its_warning(edited_root, name):
    body, expected = CASES[name]
    root = edited_root("annotations")
    root.write("bad.md", HEAD + body)
    app = root.build(confoverrides={"edition_lint": False})  # lint has tests of its own
    found = [w.replace(f"{root.path}/", "") for w in warnings_of(app)]
    assert found == [
        f"{path}:{line}: WARNING: {message} [edition.{subtype}]"
        for path, line, message, subtype in expected
    ]


@pytest.mark.parametrize(
    ("name", "subtype"),
    [
        ("missing date", "event"),
        ("event without an id", "event"),
        ("span without record", "claim"),
        ("unknown scope", "ai_content"),
        ("paratext outside source-text", "paratext"),
    ],
)
def test_suppress_warnings_silences_exactly_one_subtype(edited_root, name, subtype):
    body, _expected = CASES[name]
    root = edited_root("annotations")
    root.write("bad.md", HEAD + body + "\nText {event}`then <no-such-event>`.\n")
    app = root.build(
        confoverrides={"suppress_warnings": [f"edition.{subtype}"], "edition_lint": False}
    )
    remaining = [w.rsplit("[", 1)[-1] for w in warnings_of(app)]
    assert remaining == ["edition.event]"] if subtype != "event" else remaining == []


@pytest.mark.parametrize(
    ("block", "lines"),
    [
        (
            ":::{event} e\n:date: 1999\n:end: 2000\n:date: 2001\nTitle :date: no\n:::\n",
            {"date": [11, 13], "end": [12]},
        ),
        (
            ":::{event} e\n---\ndate: 1999\nend: 2000\ndate: 2001\n---\nTitle\n:::\n",
            {"date": [12, 14], "end": [13]},
        ),
    ],
)
def test_option_lines_finds_every_option_of_either_block(block, lines):
    """Both MyST option blocks; the body's text is no option, even if it looks like one."""
    assert option_lines(block, 10) == lines
