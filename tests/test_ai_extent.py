"""AI records of section or passage scope cover exactly the lines they name, in every output.

Over every such record of the edition (and of ``test-annotations``): the HTML wrapper
holds exactly the source lines of its ``:lines:``, labelled where it begins and ends;
the TEI anchors and the Web Annotation selector take in exactly the passage's text; the
LaTeX rule macros stand around exactly those lines. Every output speaks of AI provenance
in the vocabulary's words only. A malformed, mismatched, overlapping or out-of-range
extent is refused with the file, the line and what to do.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from lxml import html

from conftest import PROJECT, ROOTS, build_app, warnings_of
from edition_tools.model.ai_provenance import (
    AI_SOURCE_TYPES,
    EXTENT_CLASS,
    AiProvenance,
    extent_labels,
    record_heading,
)
from edition_tools.model.catalogue import load_catalogue
from edition_tools.model.fidelity import ASCII_WHITESPACE, fold
from edition_tools.model.records import AiRecord
from edition_tools.store.domain import edition_domain
from htmltext import _blocks

CATALOGUE = load_catalogue(PROJECT / "sources" / "catalogue.toml")
TEI = "{http://www.tei-c.org/ns/1.0}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


class Edition:
    """A built edition: its output folder, its AI records and its source files."""

    def __init__(
        self, outdir: Path, records: list[AiRecord], files: dict[str, tuple[str, Path]]
    ) -> None:
        self.outdir = outdir
        self.records = records
        self.files = files  # docname to its source's id and file

    @property
    def extents(self) -> list[AiRecord]:
        return [r for r in self.records if r.scope in ("section", "passage")]

    def text(self, record: AiRecord) -> str:
        """The source file of the record's page, as stored."""
        return self.files[record.docname][1].read_bytes().decode("utf-8")

    def source_id(self, record: AiRecord) -> str:
        return self.files[record.docname][0]


def _edition(app) -> Edition:
    domain = edition_domain(app.env)
    catalogue = load_catalogue(Path(app.srcdir, app.config.edition_catalogue))
    files = {
        use.docname: (source_id, catalogue.file_of(catalogue.records[source_id]))
        for source_id, use in domain.sources.items()
    }
    return Edition(Path(app.outdir), list(domain.ai_records), files)


@pytest.fixture(scope="module")
def edition(built_edition) -> Edition:
    return _edition(built_edition)


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Edition:
    """``test-annotations``, whose passage record covers one line."""
    app = build_app("html", ROOTS / "test-annotations", tmp_path_factory.mktemp("ai-sample"))
    assert warnings_of(app) == []
    return _edition(app)


@pytest.fixture(scope="module")
def latex(tmp_path_factory) -> str:
    app = build_app("latex", PROJECT / "docs", tmp_path_factory.mktemp("ai-latex"))
    assert warnings_of(app) == []
    return "".join(p.read_text(encoding="utf-8") for p in Path(app.outdir).glob("*.tex"))


def passage_lines(record: AiRecord, text: str) -> list[str]:
    """The non-empty lines the record names, as the file has them (a CR ending dropped)."""
    lines = text.split("\n")[record.first_line - 1 : record.last_line]
    return [line.removesuffix("\r") for line in lines if line.strip()]


def passage_text(record: AiRecord, text: str) -> str:
    """The exact characters of the passage: first line's first character to last's last."""
    lines = text.split("\n")
    start = sum(len(line) + 1 for line in lines[: record.first_line - 1])
    end = sum(len(line) + 1 for line in lines[: record.last_line - 1])
    end += len(lines[record.last_line - 1].rstrip(ASCII_WHITESPACE))
    start += len(lines[record.first_line - 1]) - len(
        lines[record.first_line - 1].lstrip(ASCII_WHITESPACE)
    )
    return text[start:end]


def test_the_edition_has_passage_records(edition, sample):
    assert len(edition.extents) >= 8
    assert all(r.first_line >= 1 and r.last_line >= r.first_line for r in edition.extents)
    assert len(sample.extents) == 1


# -- HTML ----------------------------------------------------------------------------------


@pytest.mark.parametrize("which", ["edition", "sample"])
def test_each_html_wrapper_holds_exactly_its_lines(request, which):
    built: Edition = request.getfixturevalue(which)
    by_page: dict[str, list[AiRecord]] = {}
    for record in built.extents:
        by_page.setdefault(record.docname, []).append(record)
    for docname, records in by_page.items():
        tree = html.fromstring((built.outdir / f"{docname}.html").read_bytes())
        wrappers = tree.find_class(EXTENT_CLASS)
        assert len(wrappers) == len(records), docname
        for record in records:
            box = tree.get_element_by_id(record.anchor)
            wrapper = box.getparent()
            assert EXTENT_CLASS in wrapper.get("class").split(), record
            found = [fold(block.text) for block in _blocks(wrapper)]
            expected = [fold(line) for line in passage_lines(record, built.text(record))]
            assert found == expected, (docname, record.line)
            # The labels: the first and last things of the wrapper, in the vocabulary's words.
            begins, ends = extent_labels(record.source_type, record.scope)
            children = list(wrapper)
            assert children[0].text_content() == begins
            assert children[1] is box
            assert children[-1].text_content() == ends
            assert "edition-editorial" in children[0].get("class").split()
            title = box.find_class("admonition-title")[0].text_content()
            assert title == record_heading(record.source_type, record.scope)


# -- TEI and Web Annotations ---------------------------------------------------------------


def _tei_between(body: ET.Element, start_id: str, end_id: str) -> list[str]:
    """The text of each paragraph between two anchors, in document order, notes left out."""
    pieces: list[str] = []
    inside = False

    def walk(element: ET.Element, new_paragraph: bool) -> None:
        nonlocal inside
        if new_paragraph and inside:
            pieces.append("")
        if inside and element.text and element.tag != f"{TEI}note":
            pieces[-1] += element.text
        for child in element:
            if child.tag == f"{TEI}anchor" and child.get(XML_ID) == start_id:
                inside = True
                pieces.append("")
            elif child.tag == f"{TEI}anchor" and child.get(XML_ID) == end_id:
                inside = False
            elif child.tag != f"{TEI}note":
                walk(child, child.tag == f"{TEI}p")
            if inside and child.tail:
                pieces[-1] += child.tail

    walk(body, False)
    return pieces


@pytest.mark.parametrize("which", ["edition", "sample"])
def test_each_tei_extent_is_exactly_the_passage(request, which):
    built: Edition = request.getfixturevalue(which)
    checked = 0
    for record in built.extents:
        source_id = built.source_id(record)
        root = ET.parse(built.outdir / "data" / f"{source_id}.tei.xml").getroot()
        body = root.find(f"{TEI}text/{TEI}body")
        start_id, end_id = f"{record.anchor}-start", f"{record.anchor}-end"
        lines = passage_lines(record, built.text(record))
        lines[0] = lines[0].lstrip(ASCII_WHITESPACE)
        lines[-1] = lines[-1].rstrip(ASCII_WHITESPACE)
        assert _tei_between(body, start_id, end_id) == lines, record
        notes = root.findall(f"{TEI}teiHeader/{TEI}fileDesc/{TEI}notesStmt/{TEI}note")
        note = next(n for n in notes if n.get("target") == f"#{start_id}")
        assert note.get("targetEnd") == f"#{end_id}"
        assert note.get("type") == AI_SOURCE_TYPES[record.source_type].slug
        checked += 1
    assert checked == len(built.extents)


@pytest.mark.parametrize("which", ["edition", "sample"])
def test_each_web_annotation_selects_exactly_the_passage(request, which):
    built: Edition = request.getfixturevalue(which)
    for record in built.extents:
        source_id = built.source_id(record)
        path = built.outdir / "data" / f"{source_id}.annotations.jsonld"
        items = json.loads(path.read_text(encoding="utf-8"))["first"]["items"]
        heading = record_heading(record.source_type, record.scope)
        mine = [
            item
            for item in items
            if item["body"]["value"].startswith(
                f"{heading} (lines {record.first_line}-{record.last_line})"
            )
        ]
        assert len(mine) == 1, record
        quote, position = mine[0]["target"]["selector"]
        text = built.text(record)
        expected = passage_text(record, text)
        assert quote["exact"] == expected
        assert text[position["start"] : position["end"]] == expected
        assert mine[0]["motivation"] == "classifying"


# -- LaTeX ---------------------------------------------------------------------------------

_PLAIN_RUN = re.compile(r"[A-Za-z0-9 ,.;:()’]{12,}")
_ARGUMENT = r"\{((?:[^{}]|\{\})*)\}"  # one argument, its ``\sphinxhyphen{}`` and all
_REGION = re.compile(
    rf"\\editionaiextentbegin{_ARGUMENT}(.*?)\\editionaiextentend{_ARGUMENT}", re.S
)


def _probe(line: str, tex: str) -> str | None:
    """The longest run of plain words of ``line`` (up to eight) that the LaTeX has as it is.

    Markup (a glossary link, a note) breaks a line's words apart in the LaTeX, and a
    hyphen is a command there: a run of plain words between them is found as written.
    """
    candidates = []
    for run in _PLAIN_RUN.finditer(line):
        words = run.group().split()
        for size in range(min(8, len(words)), 2, -1):
            candidates += [" ".join(words[i : i + size]) for i in range(len(words) - size + 1)]
    candidates.sort(key=len, reverse=True)
    return next((c for c in candidates if len(c) >= 12 and c in tex), None)


def test_latex_rule_stands_around_exactly_each_passage(edition, latex):
    regions = _REGION.findall(latex)
    assert len(regions) == len(edition.extents)
    probed = unprobed = 0
    for record in edition.extents:
        label = f"{record.docname}:{record.anchor}}}"
        begins, region, ends = next(r for r in regions if label in r[1])
        assert (
            begins.replace(r"\sphinxhyphen{}", "-")
            == extent_labels(record.source_type, record.scope)[0]
        )
        assert ends.replace(r"\sphinxhyphen{}", "-").endswith("ends")
        text = edition.text(record)
        lines = text.split("\n")
        inside = passage_lines(record, text)
        before = next(
            (line for line in reversed(lines[: record.first_line - 1]) if line.strip()), None
        )
        after = next((line for line in lines[record.last_line :] if line.strip()), None)
        for line in inside:
            probe = _probe(line, latex)
            if probe is None:
                unprobed += 1
                continue
            probed += 1
            assert probe in region, (record.line, probe)
        for line in (before, after):
            probe = _probe(line, latex) if line else None
            if probe is not None:
                assert probe not in region, (record.line, probe)
    assert unprobed <= probed // 10


# -- One wording ---------------------------------------------------------------------------

#: Ways of naming AI provenance that the edition does not use (its words are the
#: vocabulary's: "AI-generated", "AI-assisted").
_VARIANTS = re.compile(
    r"(?:written|crafted|created|produced|made|generated|composed)\s+(?:partly\s+)?"
    r"(?:with|by|using)\s+(?:the\s+help\s+of\s+)?(?:AI|artificial intelligence)\b"
    r"|\bwith\s+the\s+help\s+of\s+AI\b|\bAI\s+tools\b|\bsigns\s+of\s+AI\b|\bAI\s+generation\b"
    r"|\bAI[- ]written\b|\bmachine[- ]generated\b|\bAI-generated\s+content\b",
    re.I,
)
_AI_COMPOUND = re.compile(r"\bAI-[A-Za-z]+")


def _source_words() -> str:
    return " ".join(
        fold(CATALOGUE.file_of(record).read_text(encoding="utf-8")) for record in CATALOGUE
    )


def _foreign(text: str, sources: str) -> list[str]:
    """The AI wordings of ``text`` that are neither the vocabulary's nor a source's own.

    A wording is a source's own (quoted by the editors, or the text itself) when the
    words around it, ten characters or more of them, stand in a source as they are.
    """
    text = fold(text)
    found = []
    allowed = {p.label for p in AiProvenance}
    for pattern in (_VARIANTS, _AI_COMPOUND):
        for match in pattern.finditer(text):
            if pattern is _AI_COMPOUND and match.group() in allowed:
                continue
            start, end = match.span()
            quoted = any(
                text[start - left : end + right] in sources
                for left in range(min(start, 30) + 1)
                for right in range(16)
                if left + right >= 10
            )
            if not quoted:
                found.append(text[max(0, start - 30) : end + 15])
    return found


def test_every_output_uses_the_vocabularys_words_only(edition, latex):
    sources = _source_words()
    problems: dict[str, list[str]] = {}
    for page in sorted(edition.outdir.rglob("*.html")):
        tree = html.fromstring(page.read_bytes())
        for element in tree.xpath("//script|//style"):
            element.drop_tree()
        found = _foreign(tree.text_content(), sources)
        if found:
            problems[str(page.relative_to(edition.outdir))] = found
    for data in sorted((edition.outdir / "data").glob("*")):
        found = _foreign(data.read_text(encoding="utf-8"), sources)
        if found:
            problems[data.name] = found
    tex = latex.replace(r"\sphinxhyphen{}", "-")
    found = _foreign(tex, sources)
    if found:
        problems["latex"] = found
    assert problems == {}, json.dumps(problems, indent=1, ensure_ascii=False)
    # And the vocabulary's words are there: the box, the badge, the labels, the data.
    page = next(edition.outdir.glob("sources/forcedeploy-*.html")).read_text(encoding="utf-8")
    assert "AI-assisted source" in page and "AI-generated passage begins" in page
    assert ">AI-assisted</span>" in (edition.outdir / "sources" / "index.html").read_text(
        encoding="utf-8"
    )
    assert "AI-generated passage" in tex and "AI-assisted source" in tex


def test_the_wording_check_finds_variants():
    sources = "This post was partly crafted with the help of AI tools."
    assert _foreign("The post was partly written with AI tools.", sources)
    assert _foreign("A box: AI-generated content: this passage shows signs of AI.", sources)
    assert _foreign("An AI-written text.", sources)
    assert not _foreign("It says it was “partly crafted with the help of AI tools”.", sources)
    assert not _foreign("An AI-assisted source, an AI-generated passage.", sources)


# -- Malformed and hostile extents -----------------------------------------------------------

PASSAGE = ":scope: passage\n:basis: editorial-assessment\n:source-type: trainedAlgorithmicMedia\n"
RECORD = ":::{{ai-content}}\n{options}:lines: {lines}\nWhy.\n:::\n\n"
LINE_5 = "(“This post was partly written with AI tools.”)"

#: Each case: (old, new) replacements in ``source.md`` of ``test-annotations``, and the
#: warnings expected as (line, message), all of subtype ``ai_content``.
EXTENT_CASES: dict[str, tuple[list[tuple[str, str]], list[tuple[int, str]]]] = {
    "an extent that does not begin where the record stands": (
        [(":lines: 5\n", ":lines: 4-5\n")],
        [
            (
                31,
                ":lines: 4-5 does not match the text: the record stands just before line 5 of "
                f"sources/sample.txt {LINE_5}, and a record begins at the first line it covers",
            )
        ],
    ),
    "an extent past the end of the file": (
        [(":lines: 5\n", ":lines: 5-99\n")],
        [
            (
                31,
                ":lines: 5-99 runs outside the source text: sources/sample.txt has 7 lines "
                "(its last line of text is 7)",
            )
        ],
    ),
    "a huge line number": (
        [(":lines: 5\n", ":lines: 999999999\n")],
        [
            (
                31,
                ":lines: 999999999 runs outside the source text: sources/sample.txt has 7 "
                "lines (its last line of text is 7)",
            )
        ],
    ),
    "an extent that ends inside a paratext block": (
        [
            (
                "::::{source-text} sample\n\n",
                "::::{source-text} sample\n\n" + RECORD.format(options=PASSAGE, lines="1"),
            )
        ],
        [
            (
                13,
                ":lines: 1 ends inside a block that runs on to line 2 of sources/sample.txt (a "
                "list or a paratext block): end the extent at line 2, or before the block",
            )
        ],
    ),
    "two extents that overlap": (
        [
            (
                "Slobodan {term}",
                RECORD.format(options=PASSAGE, lines="4-5") + "Slobodan {term}",
            )
        ],
        [
            (
                29,
                ":lines: 4-5 overlaps the ai-content record at line 39, which stands inside "
                "it: end this extent before that record",
            )
        ],
    ),
    "a record after the last line": (
        [("The end.\n::::", "The end.\n\n" + RECORD.format(options=PASSAGE, lines="7") + "::::")],
        [
            (
                48,
                ":lines: 7: the record stands after the last line of sources/sample.txt; it covers nothing",
            )
        ],
    ),
    "a record inside a paratext block": (
        [
            (
                ":kind: navigation\nSkip to content\n",
                ":kind: navigation\n"
                + RECORD.format(options=PASSAGE, lines="1")
                + "Skip to content\n",
            ),
            (":::{paratext}\n:kind: navigation", "::::{paratext}\n:kind: navigation"),
            ("Home | About\n:::\n", "Home | About\n::::\n"),
            ("::::{source-text} sample", ":::::{source-text} sample"),
            ("The end.\n::::", "The end.\n:::::"),
        ],
        [
            (
                15,
                ":lines: 1: the record stands inside another block; place it between the "
                "paragraphs of the source-text block, just before the first line it covers",
            )
        ],
    ),
    "lines that are not a number": (
        [(":lines: 5\n", ":lines: five\n")],
        [
            (
                35,
                ":lines: 'five' is not a line of the source file or a range of them, like 38-41",
            )
        ],
    ),
    "a range that ends before it begins": (
        [(":lines: 5\n", ":lines: 5-3\n")],
        [(35, ":lines: 5-3 ends before it begins")],
    ),
    "line zero": (
        [(":lines: 5\n", ":lines: 0-5\n")],
        [(35, ":lines: counts the lines of the source file from 1")],
    ),
    "a passage record without lines": (
        [(":lines: 5\n", "")],
        [
            (
                31,
                "a passage-scope record names the lines of the source file it covers in "
                ":lines: (e.g. :lines: 38-41)",
            )
        ],
    ),
    "a document record with lines": (
        [(":disclosure: This post", ":lines: 1-7\n:disclosure: This post")],
        [(6, "a document-scope record covers the whole source and takes no :lines:")],
    ),
    "a source type that records no AI": (
        [
            (
                PASSAGE + ":lines: 5",
                PASSAGE.replace("trainedAlgorithmicMedia", "digitalCapture") + ":lines: 5",
            )
        ],
        [
            (
                34,
                "source-type 'digitalCapture' records no generative AI (an ai-content record "
                "takes one of: compositeWithTrainedAlgorithmicMedia (AI-assisted), "
                "trainedAlgorithmicMedia (AI-generated))",
            )
        ],
    ),
}


@pytest.mark.parametrize("case", sorted(EXTENT_CASES))
def test_a_bad_extent_is_refused_with_its_file_and_line(edited_root, case):
    edits, expected = EXTENT_CASES[case]
    root = edited_root("annotations")
    for old, new in edits:
        root.replace("source.md", old, new)
    app = root.build("html")
    prefix = f"{root.path}/"
    found = [line.removeprefix(prefix) for line in warnings_of(app)]
    assert found == [
        f"source.md:{line}: WARNING: ai-content: {message} [edition.ai_content]"
        for line, message in expected
    ]
