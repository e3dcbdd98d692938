"""The bad-input corpus: malformed contributions, each caught by ``edition check``.

Each case edits a copy of a small, clean edition (``test-annotations`` laid out like the
real one: ``docs/`` and ``sources/``), runs ``edition check`` and expects exactly its
problem lines, exit status 1, no traceback, and the source texts left as they were.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import ROOTS
from edition_tools.cli.main import main

Edit = Callable[[Path], None]


def replace(path: str, old: str, new: str) -> Edit:
    def edit(root: Path) -> None:
        file = root / path
        text = file.read_text(encoding="utf-8")
        assert old in text, (path, old)
        file.write_text(text.replace(old, new, 1), encoding="utf-8")

    return edit


def append(path: str, text: str) -> Edit:
    def edit(root: Path) -> None:
        with (root / path).open("a", encoding="utf-8") as file:
            file.write(text)

    return edit


def write_bytes(path: str, data: bytes | None) -> Edit:
    def edit(root: Path) -> None:
        if data is None:
            (root / path).unlink()
        else:
            (root / path).write_bytes(data)

    return edit


@dataclass(frozen=True)
class Case:
    """A malformed contribution: the edits that make it (see EXPECTED for its problems)."""

    edits: list[Edit]


SRC = "docs/source.md"
CHRON = "docs/chronology.md"
EXTRA = "docs/extra.md"
#: A file outside docs/ that a page must not read (relative to docs/extra.md).
OUTSIDE = "../sources/sample.txt"
EVENT_TEMPLATE = (
    ":::{{event}} {id}\n:date: {date}\nA title\nA description {{cite:p}}`judah2000`.\n:::\n"
)
CLAIM_RECORD = (
    "\n:::{{disputed}} {id}\n:level: {level}\n:claimant: {claimant}\n:status: {status}\n"
    "The evidence {{cite:p}}`nato1999`.\n:::\n"
)


def new_event(event_id: str, date: str) -> Edit:
    return replace(CHRON, "::::\n", EVENT_TEMPLATE.format(id=event_id, date=date) + "::::\n")


def new_record(claim_id: str, level="dubious", claimant="Someone", status="open") -> Edit:
    return append(
        SRC, CLAIM_RECORD.format(id=claim_id, level=level, claimant=claimant, status=status)
    )


CASES: dict[str, Case] = {
    # -- the source text -----------------------------------------------------------------
    "a changed word": Case([replace(SRC, "NATO bombed", "NATO struck")]),
    "a dropped word": Case([replace(SRC, "NATO bombed Yugoslavia", "NATO bombed")]),
    "an added word": Case([replace(SRC, "\nThis post was partly", "\nThis post was only partly")]),
    "two lines run together": Case(
        [replace(SRC, "Skip to content\n\nHome | About", "Skip to content\nHome | About")]
    ),
    "a dropped line": Case([replace(SRC, "\nThe end.\n", "\n")]),
    "a non-breaking space lost": Case([replace(SRC, "See also\xa0 Another", "See also  Another")]),
    "a role that changes the words": Case([replace(SRC, "{term}`Milosevic`", "{term}`Milošević`")]),
    # -- markup --------------------------------------------------------------------------
    "a directive fence left open": Case(
        [
            replace(
                SRC,
                "A generic sentence with no source.\n:::\n",
                "A generic sentence with no source.\n",
            )
        ]
    ),
    "an unknown option": Case([replace(SRC, ":level: disputed", ":levle: disputed")]),
    "an unknown directive": Case(
        [replace(SRC, ":::{ai-content}\n:scope: passage", ":::{ai-contents}\n:scope: passage")]
    ),
    "an unknown role": Case([replace(SRC, "{term}`Milosevic`", "{trem}`Milosevic`")]),
    "a footnote never referenced": Case(
        [append(SRC, "\n[^unused]: A note {cite:p}`judah2000`.\n")]
    ),
    "a footnote reference with no note": Case(
        [
            replace(
                SRC,
                "78 days <campaign-length>`.[^days]",
                "78 days <campaign-length>`.[^days][^nonote]",
            )
        ]
    ),
    "a note without citation": Case(
        [replace(SRC, "counted differently {cite:p}`judah2000`;", "counted differently;")]
    ),
    "raw HTML in a note": Case([replace(SRC, "counted differently", "counted <b>differently</b>")]),
    "a page in no toctree": Case(
        [lambda root: (root / "docs" / "stray.md").write_text("# Stray\n", encoding="utf-8")]
    ),
    "a NUL character": Case([append(EXTRA, "\nA NUL\x00 here.\n")]),
    "a page not UTF-8": Case(
        [lambda root: (root / EXTRA).write_bytes((root / EXTRA).read_bytes() + b"Caf\xe9\n")]
    ),
    # -- files from outside docs/ ---------------------------------------------------------
    "an include in a tilde fence": Case([append(EXTRA, f"\n~~~{{include}} {OUTSIDE}\n~~~\n")]),
    "an include in a directive": Case(
        [append(EXTRA, f"\n::::{{note}}\n```{{include}} {OUTSIDE}\n```\n::::\n")]
    ),
    "an include in eval-rst": Case(
        [append(EXTRA, f"\n```{{eval-rst}}\n.. include:: {OUTSIDE}\n```\n")]
    ),
    "an include in an included file": Case(
        [
            lambda root: (root / "docs" / "part.txt").write_text(
                f"```{{include}} {OUTSIDE}\n```\n", encoding="utf-8"
            ),
            append(EXTRA, "\n```{include} part.txt\n```\n"),
        ]
    ),
    "a literalinclude": Case([append(EXTRA, f"\n:::{{literalinclude}} {OUTSIDE}\n:::\n")]),
    "a literalinclude diff": Case(
        [append(EXTRA, f"\n```{{literalinclude}} extra.md\n:diff: {OUTSIDE}\n```\n")]
    ),
    "a csv-table file": Case([append(EXTRA, f"\n:::{{csv-table}}\n:file: {OUTSIDE}\n:::\n")]),
    "a csv-table url": Case(
        [append(EXTRA, "\n:::{csv-table}\n:url: https://example.org/t.csv\n:::\n")]
    ),
    "a Markdown image": Case([append(EXTRA, f"\n![A picture]({OUTSIDE})\n")]),
    "a figure": Case([append(EXTRA, f"\n```{{figure}} /{OUTSIDE}\nA caption.\n```\n")]),
    "a download": Case([append(EXTRA, f"\nA {{download}}`copy <{OUTSIDE}>`.\n")]),
    # -- references ----------------------------------------------------------------------
    "an unknown event": Case([replace(SRC, "<indictment>", "<indictement>")]),
    "an unknown term": Case([replace(SRC, "{term}`Milosevic`", "{term}`Milosevic <Milosevich>`")]),
    "an unknown claim": Case([replace(SRC, "<campaign-length>", "<campaign-lenght>")]),
    "an unknown citation key": Case([replace(SRC, "{cite:p}`nato1999`", "{cite:p}`nato2099`")]),
    "an unknown source id": Case([replace(SRC, "{source-text} sample", "{source-text} sampel")]),
    # -- events --------------------------------------------------------------------------
    "a malformed date": Case([replace(CHRON, ":date: 1999-05-27", ":date: 27/05/1999")]),
    "an impossible date": Case([replace(CHRON, ":date: 1999-05-27", ":date: 1999-05-32")]),
    "an end before the start": Case([replace(CHRON, ":end: 1999-06-10", ":end: 1999-01")]),
    "a missing date": Case([replace(CHRON, ":date: 1998\n", "")]),
    "a duplicate event id": Case([new_event("indictment", "1999-05")]),
    "an event id against the convention": Case(
        [
            replace(CHRON, "{event} kosovo-1998", "{event} Kosovo_1998"),
            replace(SRC, "<kosovo-1998>", "<Kosovo_1998>"),
        ]
    ),
    "an event no source mentions": Case([new_event("lonely-event", "2001")]),
    # -- disputed claims -----------------------------------------------------------------
    "an unknown level": Case([replace(SRC, ":level: disputed", ":level: false")]),
    "an unknown status": Case([replace(SRC, ":status: open", ":status: closed")]),
    "a missing claimant": Case([replace(SRC, ":claimant: The sample article\n", "")]),
    "a record no span points to": Case([new_record("orphan-claim")]),
    "a duplicate claim id": Case([new_record("campaign-length")]),
    # -- AI content and paratext ---------------------------------------------------------
    "an unknown scope": Case([replace(SRC, ":scope: passage", ":scope: paragraph")]),
    "an unknown source type": Case(
        [replace(SRC, ":source-type: trainedAlgorithmicMedia", ":source-type: chatGPT")]
    ),
    "self-disclosed with no disclosure": Case(
        [
            replace(
                "docs/source.md", ":disclosure: This post was partly written with AI tools.\n", ""
            )
        ]
    ),
    "an unknown paratext kind": Case([replace(SRC, ":kind: navigation", ":kind: menu")]),
    "paratext outside the source text": Case(
        [append(SRC, "\n:::{paratext}\n:kind: footer\nA footer.\n:::\n")]
    ),
    # -- glossary and bibliography -------------------------------------------------------
    "a duplicate glossary term": Case(
        [replace("docs/glossary.md", "```\n", "\nMilosevic\n  Again {cite:p}`judah2000`.\n```\n")]
    ),
    "a glossary entry no source mentions": Case(
        [replace("docs/glossary.md", "```\n", "\nKosovo\n  A place {cite:p}`judah2000`.\n```\n")]
    ),
    "a work never cited": Case(
        [
            append(
                "docs/refs.bib",
                "\n@misc{malcolm1998,\n  author = {Malcolm, Noel},\n  title = {Kosovo},\n  year = {1998},\n}\n",
            )
        ]
    ),
    "a key against the convention": Case(
        [
            append(
                "docs/refs.bib",
                "\n@misc{Malcolm-1998,\n  author = {Malcolm, Noel},\n  title = {Kosovo},\n  year = {1998},\n}\n",
            ),
            replace(SRC, "{cite:p}`judah2000`;", "{cite:p}`judah2000,Malcolm-1998`;"),
        ]
    ),
    # -- the catalogue and the files -----------------------------------------------------
    "a wrong checksum": Case([replace("sources/catalogue.toml", 'sha256 = "6', 'sha256 = "7')]),
    "a source file missing": Case([write_bytes("sources/sample.txt", None)]),
    "a source file not UTF-8": Case(
        [write_bytes("sources/sample.txt", "Caf\xe9".encode("latin-1"))]
    ),
    "a source file not catalogued": Case([write_bytes("sources/stray.txt", b"A stray text.\n")]),
    "an unknown genre": Case(
        [replace("sources/catalogue.toml", 'genre = "ai-assisted-web-article"', 'genre = "blog"')]
    ),
    "a malformed catalogue date": Case(
        [replace("sources/catalogue.toml", 'date = "unknown"', 'date = "June 2000"')]
    ),
    "a catalogue that is not TOML": Case([append("sources/catalogue.toml", "title = \n")]),
}

#: The exact problem lines of each case, in the order edition check prints them.
EXPECTED: dict[str, list[str]] = {
    "a changed word": [
        'docs/source.md:20: text differs from sources/sample.txt line 3: expected "In 1999, NATO bombed Yugoslavia for 78 days.", found "In 1999, NATO struck Yugoslavia for 78 days." [edition.fidelity]',
    ],
    "a dropped word": [
        'docs/source.md:20: text differs from sources/sample.txt line 3: expected "In 1999, NATO bombed Yugoslavia for 78 days.", found "In 1999, NATO bombed for 78 days." [edition.fidelity]',
    ],
    "an added word": [
        'docs/source.md:39: text differs from sources/sample.txt line 5: expected "This post was partly written with AI…", found "This post was only partly written with AI…" [edition.fidelity]',
    ],
    "two lines run together": [
        "docs/source.md:15: sources/sample.txt lines 1-2 run together into one block; every source line must begin a block of its own (separate them with a blank line) [edition.fidelity]",
    ],
    "a dropped line": [
        'docs/source.md:43: sources/sample.txt line 7 missing from the page after this block: "The end." [edition.fidelity]',
    ],
    "a non-breaking space lost": [
        'docs/source.md:43: text differs from sources/sample.txt line 6: expected "See also<U+00A0> Another article", found "See also Another article" [edition.fidelity]',
    ],
    "a role that changes the words": [
        'docs/source.md:29: text differs from sources/sample.txt line 4: expected "Slobodan Milosevic was indicted in May…", found "Slobodan Milošević was indicted in May…" [edition.fidelity]',
    ],
    "a directive fence left open": [
        'docs/source.md:29: sources/sample.txt lines 5-6 missing from the page after this block: "This post was partly written with AI tools." [edition.fidelity]',
        # The AI warning left open takes in the paratext after it.
        "docs/source.md:40: paratext inside editorial matter: it marks lines of the source's text [edition.paratext]",
    ],
    "an unknown option": [
        "docs/source.md:22: claim 'campaign-length': missing required option :level: [edition.claim]",
        "docs/source.md:23: 'disputed': Unknown option key: 'levle' (allowed: ['claimant', 'level', 'status']) [myst.directive_option]",
    ],
    "an unknown directive": [
        "docs/source.md:31: Unknown directive type: 'ai-contents' [myst.directive_unknown]",
    ],
    "an unknown role": [
        "docs/glossary.md:4: glossary entry 'Milošević' is mentioned on no source page [edition.unused_term]",
        'docs/source.md:29: Unknown interpreted text role "trem". [myst.role_unknown]',
        'docs/source.md:29: text differs from sources/sample.txt line 4: expected "Slobodan Milosevic was indicted in May…", found "Slobodan was indicted in May…" [edition.fidelity]',
    ],
    "a footnote never referenced": [
        "docs/source.md:52: Footnote [#] is not referenced. [ref.footnote]",
    ],
    "a footnote reference with no note": [
        "docs/source.md:20: Too many autonumbered footnote references: only 0 corresponding footnote available. [docutils]",
        'docs/source.md:20: Unknown target name: "nonote". [docutils]',
        'docs/source.md:20: text differs from sources/sample.txt line 3: expected "…bombed Yugoslavia for 78 days.", found "…bombed Yugoslavia for 78 days.[^nonote]" [edition.fidelity]',
    ],
    "a note without citation": [
        "docs/refs.bib:1: bibliography entry 'judah2000' is never cited [edition.unused_work]",
        "docs/source.md:49: note [^days] cites no work: cite the evidence with {cite:p}`key` [edition.uncited_note]",
    ],
    "raw HTML in a note": [
        "docs/source.md:49: raw HTML is not allowed in the edition: '<b>' (write the text, or escape the '<' as '\\<' if it is part of a source) [edition.hostile]",
    ],
    "a page in no toctree": [
        "docs/stray.md: document isn't included in any toctree [toc.not_included]",
    ],
    "a NUL character": [
        "docs/extra.md:11: a NUL character is not allowed in the edition: delete it [edition.hostile]",
    ],
    "a page not UTF-8": [
        "docs/extra.md:10: the page is not UTF-8 (byte 0xe9 at line 10, column 4); it was not read: save it as UTF-8 [edition.encoding]",
        "docs/index.md:6: toctree contains reference to nonexisting document 'extra' [toc.not_readable]",
        "docs/source.md:50: unknown event 'elections-2000' in {event}`2000 <elections-2000>` [edition.event]",
    ],
    "an include in a tilde fence": [
        "docs/extra.md:11: include of '../sources/sample.txt' from outside docs/ is not allowed [edition.hostile]",
    ],
    "an include in a directive": [
        "docs/extra.md:12: include of '../sources/sample.txt' from outside docs/ is not allowed [edition.hostile]",
    ],
    # eval-rst is refused whole: the include in it is shown as text, never run.
    "an include in eval-rst": [
        "docs/extra.md:11: eval-rst is not allowed in the edition: write MyST Markdown [edition.untrusted]",
    ],
    "an include in an included file": [
        "docs/part.txt:1: include of '../sources/sample.txt' from outside docs/ is not allowed [edition.hostile]",
    ],
    "a literalinclude": [
        "docs/extra.md:11: literalinclude of '../sources/sample.txt' from outside docs/ is not allowed [edition.hostile]",
    ],
    "a literalinclude diff": [
        "docs/extra.md:11: literalinclude of '../sources/sample.txt' from outside docs/ is not allowed [edition.hostile]",
    ],
    "a csv-table file": [
        "docs/extra.md:11: csv-table of '../sources/sample.txt' from outside docs/ is not allowed [edition.hostile]",
    ],
    "a csv-table url": [
        "docs/extra.md:11: csv-table :url: 'https://example.org/t.csv' is not allowed: keep the data in docs/ [edition.hostile]",
    ],
    "a Markdown image": [
        "docs/extra.md:11: image '../sources/sample.txt' from outside docs/ is not allowed [edition.hostile]",
    ],
    "a figure": [
        "docs/extra.md:11: image '/../sources/sample.txt' from outside docs/ is not allowed [edition.hostile]",
    ],
    "a download": [
        "docs/extra.md:11: download of '../sources/sample.txt' from outside docs/ is not allowed [edition.hostile]",
    ],
    "an unknown event": [
        "docs/chronology.md:5: event 'indictment' is mentioned on no source page [edition.unused_event]",
        "docs/source.md:29: unknown event 'indictement' in {event}`May 1999 <indictement>` [edition.event]",
    ],
    "an unknown term": [
        "docs/glossary.md:4: glossary entry 'Milošević' is mentioned on no source page [edition.unused_term]",
        "docs/source.md:29: term not in glossary: 'Milosevich' [ref.term]",
    ],
    "an unknown claim": [
        "docs/source.md:20: {claim} span points to no disputed record 'campaign-lenght' [edition.claim]",
        "docs/source.md:22: disputed record 'campaign-length' has no {claim} span pointing to it [edition.claim]",
    ],
    "an unknown citation key": [
        'docs/source.md:26: could not find bibtex key "nato2099" [bibtex.key_not_found]',
    ],
    "an unknown source id": [
        "docs/source.md:11: unknown source id 'sampel' (catalogue catalogue.toml has: sample) [edition.source_text]",
        "sources/catalogue.toml:1: source 'sample' has no page: no source-text block gives its text [edition.catalogue]",
    ],
    "a malformed date": [
        "docs/chronology.md:5: event 'indictment': :date: date '27/05/1999' is not YYYY, YYYY-MM, YYYY-MM-DD or 'unknown' [edition.event]",
    ],
    "an impossible date": [
        "docs/chronology.md:5: event 'indictment': :date: date '1999-05-32' is not a day of the calendar [edition.event]",
    ],
    "an end before the start": [
        "docs/chronology.md:11: event 'allied-force': end 1999-01 is before the start 1999-03-24 [edition.event]",
    ],
    "a missing date": [
        "docs/chronology.md:19: event 'kosovo-1998': missing required option :date: (YYYY, YYYY-MM or YYYY-MM-DD) [edition.event]",
    ],
    "a duplicate event id": [
        "docs/chronology.md:23: duplicate event id 'indictment' (first defined in 'chronology' at line 5) [edition.event]",
    ],
    "an event id against the convention": [
        "docs/chronology.md:19: event 'Kosovo_1998': the id must be a lower-case slug like 'racak-killings' [edition.event]",
    ],
    "an event no source mentions": [
        "docs/chronology.md:23: event 'lonely-event' is mentioned on no source page [edition.unused_event]",
    ],
    "an unknown level": [
        "docs/source.md:22: claim 'campaign-length': unknown level 'false' (one of: citation-needed, dubious, disputed, contradicted) [edition.claim]",
    ],
    "an unknown status": [
        "docs/source.md:22: claim 'campaign-length': unknown status 'closed' (one of: open, resolved) [edition.claim]",
    ],
    "a missing claimant": [
        "docs/source.md:22: claim 'campaign-length': missing required option :claimant: [edition.claim]",
    ],
    "a record no span points to": [
        "docs/source.md:52: disputed record 'orphan-claim' has no {claim} span pointing to it [edition.claim]",
    ],
    "a duplicate claim id": [
        "docs/source.md:52: duplicate claim id 'campaign-length' (first recorded in 'source' at line 22) [edition.claim]",
    ],
    "an unknown scope": [
        "docs/source.md:31: ai-content: unknown scope 'paragraph' (one of: document, passage, section) [edition.ai_content]",
    ],
    "an unknown source type": [
        "docs/source.md:31: ai-content: unknown source-type 'chatGPT' (one of: compositeWithTrainedAlgorithmicMedia, trainedAlgorithmicMedia) [edition.ai_content]",
    ],
    "self-disclosed with no disclosure": [
        "docs/source.md:3: ai-content: a self-disclosed record needs the publisher's words in :disclosure: [edition.ai_content]",
    ],
    "an unknown paratext kind": [
        "docs/source.md:13: paratext: unknown kind 'menu' (one of: navigation, footer, promotion, injected-link, boilerplate) [edition.paratext]",
    ],
    "paratext outside the source text": [
        "docs/source.md:52: paratext outside a source-text block: it marks furniture of a source's text [edition.paratext]",
    ],
    "a duplicate glossary term": [
        "docs/glossary.md:4: duplicate term description of Milosevic, other instance in glossary",
        "docs/glossary.md:4: glossary entry 'Milošević' is mentioned on no source page [edition.unused_term]",
    ],
    "a glossary entry no source mentions": [
        "docs/glossary.md:8: glossary entry 'Kosovo' is mentioned on no source page [edition.unused_term]",
    ],
    "a work never cited": [
        "docs/refs.bib:15: bibliography entry 'malcolm1998' is never cited [edition.unused_work]",
    ],
    "a key against the convention": [
        "docs/refs.bib:15: bibliography key 'Malcolm-1998' breaks the convention: lower case letters, digits and underscores, such as 'judah2000kosovo' [edition.naming]",
    ],
    "a wrong checksum": [
        "sources/catalogue.toml:1: source 'sample': sources/sample.txt has SHA-256 673fdb1b0ab4e6404b6e4c3c87dcd2a73ab83bfd9226344fdcc69a2af1cf7090, the catalogue says 773fdb1b0ab4e6404b6e4c3c87dcd2a73ab83bfd9226344fdcc69a2af1cf7090: the source file was changed [edition.catalogue]",
    ],
    "a source file missing": [
        "docs/source.md:11: cannot read sources/sample.txt: No such file or directory [edition.source_text]",
        "sources/catalogue.toml:1: source 'sample': file sources/sample.txt not found [edition.catalogue]",
    ],
    "a source file not UTF-8": [
        "docs/source.md:11: cannot read sources/sample.txt: not UTF-8 (byte 3) [edition.source_text]",
        "sources/catalogue.toml:1: source 'sample': sources/sample.txt has SHA-256 e134988854e6583f063fc0e9aefa55da3b20ab8d55413a6808f315789d73c1f5, the catalogue says 673fdb1b0ab4e6404b6e4c3c87dcd2a73ab83bfd9226344fdcc69a2af1cf7090: the source file was changed [edition.catalogue]",
        "sources/catalogue.toml:1: source 'sample': sources/sample.txt is not UTF-8 (byte 3) [edition.catalogue]",
    ],
    "a source file not catalogued": [
        "sources/stray.txt:1: sources/stray.txt is not in the catalogue: add it with 'edition new-source' [edition.catalogue]",
    ],
    "an unknown genre": [
        "docs/source.md:11: unknown source id 'sample' (catalogue catalogue.toml has: none) [edition.source_text]",
        "sources/catalogue.toml:9: source 'sample': unknown genre 'blog' (one of: scholarly-book, newspaper-op-ed, government-fact-sheet, think-tank-essay, ai-assisted-web-article) [edition.catalogue]",
    ],
    "a malformed catalogue date": [
        "sources/catalogue.toml:8: source 'sample': date 'June 2000' is not YYYY, YYYY-MM, YYYY-MM-DD or 'unknown' [edition.catalogue]",
    ],
    "a catalogue that is not TOML": [
        "docs/source.md:11: unknown source id 'sample' (catalogue catalogue.toml has: none) [edition.source_text]",
        "sources/catalogue.toml:12: not valid TOML: Invalid value (at line 12, column 9) [edition.catalogue]",
    ],
}


def mini_edition(tmp_path: Path) -> Path:
    """The annotations test root laid out as an edition: docs/ and sources/."""
    root = tmp_path / "edition"
    shutil.copytree(ROOTS / "test-annotations", root / "docs")
    (root / "docs" / "sources").rename(root / "sources")
    conf = root / "docs" / "conf.py"
    conf.write_text(
        conf.read_text(encoding="utf-8").replace(
            '"sources/catalogue.toml"', '"../sources/catalogue.toml"'
        ),
        encoding="utf-8",
    )
    return root


def digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_the_clean_edition_has_no_problem(tmp_path, capsys):
    root = mini_edition(tmp_path)
    assert main(["--root", str(root), "check"]) == 0
    assert capsys.readouterr().out.startswith("no problems")


def test_the_corpus_is_large_enough():
    assert len(CASES) >= 40
    assert EXPECTED.keys() == CASES.keys()


@pytest.mark.parametrize("name", list(CASES))
def test_bad_input_is_caught(tmp_path, capsys, name):
    case = CASES[name]
    root = mini_edition(tmp_path)
    for edit in case.edits:
        edit(root)
    before = digests(root / "sources")
    status = main(["--root", str(root), "check"])
    output = capsys.readouterr()
    assert "Traceback" not in output.out + output.err
    assert digests(root / "sources") == before  # no command ever writes a source
    lines = output.out.splitlines()
    assert status == 1, output.out + output.err
    assert lines[:-1] == EXPECTED[name]
    assert lines[-1].startswith(f"{len(EXPECTED[name])} problem(s) in ")
