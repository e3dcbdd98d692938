"""The print edition: the PDF carries every character of every source, and the EPUB is valid.

One PDF and one EPUB of the whole edition are built for the module (XeLaTeX through
Sphinx's Makefile and latexmk; the EPUB with Sphinx's epub builder) and examined with
poppler's ``pdftotext`` and ``pdffonts`` and with ``epubcheck``.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from docutils import nodes
from pybtex.database import parse_file

from conftest import PROJECT, build_app, compile_pdf, require, warnings_of
from edition_tools.model.catalogue import load_catalogue
from edition_tools.model.fidelity import compare, source_lines
from edition_tools.outputs.latex import characters_needing_care
from htmltext import source_text_blocks

pytestmark = pytest.mark.slow

CATALOGUE = load_catalogue(PROJECT / "sources" / "catalogue.toml")
EPUBCHECK = Path("/usr/share/java/epubcheck.jar")


def _tools_present() -> bool:
    return all(
        shutil.which(tool) for tool in ("latexmk", "xelatex", "xindy", "pdftotext", "pdffonts")
    )


@pytest.fixture(scope="module")
def pdf(tmp_path_factory) -> Path:
    """The PDF edition, built once; LaTeX must report no error and no missing character."""
    require(_tools_present(), "TeX Live, xindy and poppler-utils (see README: the print edition)")
    out = tmp_path_factory.mktemp("latex")
    app = build_app("latex", PROJECT / "docs", out)
    assert warnings_of(app) == []
    return compile_pdf(Path(app.outdir), "kosovo-edition")


#: The editors' label after a disputed claim, which may stand before the claim's punctuation.
_CLAIM_LABEL = re.compile(r"\s?\[(?:citation needed|dubious|disputed|contradicted)\]")


@pytest.fixture(scope="module")
def pdf_text(pdf: Path) -> str:
    # -raw: the order of the content stream (the reading order of this one-column book),
    # and letter-spaced words such as "T H E" kept apart as they are printed.
    text = subprocess.run(
        ["pdftotext", "-raw", "-enc", "UTF-8", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return _CLAIM_LABEL.sub("", text)


_LIGATURES = str.maketrans({"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl"})


def _printable_tokens(text: str) -> list[str]:
    """Words and punctuation as a reader sees them: invisible characters and NBSPs go."""
    _fallback, invisible = characters_needing_care([text])
    for char in invisible:
        text = text.replace(char, "")
    text = "".join(" " if unicodedata.category(c) == "Zs" else c for c in text)
    return text.translate(_LIGATURES).split()


def _split_word_end(token: str, found: list[str], candidate: int) -> int | None:
    """Where ``token`` ends when the PDF broke it at a line end (``inter-`` ... ``national``).

    The rest of the word may come after a page break, its running heads and footnotes,
    and may carry a note mark.
    """
    here = found[candidate]
    if len(here) < 2 or not here.endswith("-") or not token.startswith(here[:-1]):
        return None
    for after in range(candidate + 1, min(len(found), candidate + WITHIN_LINE)):
        rest = found[after]
        if _same_word(token, here + rest) or _same_word(token, here[:-1] + rest):
            return after
    return None


def _same_word(token: str, here: str) -> bool:
    """Equal, or equal but for a note mark or a hyphen taken for a line-end break.

    A footnote mark is set as superscript digits against the word ("failures,1", or
    "failures1," when the mark stands before the punctuation).
    """
    if here == token:
        return True
    if here.startswith(token) and here[len(token) :].isdigit():
        return True
    if not any(char.isdigit() for char in token) and re.sub(r"\d+", "", here) == token:
        return True
    return "-" in token and any(
        token[:i] + token[i + 1 :] == here for i, char in enumerate(token) if char == "-"
    )


def _match_from(
    expected: list[str], found: list[str], start: int, max_gap: int, gaps: list[int] | None = None
) -> int | None:
    """Greedily match ``expected`` from ``found[start]``; the index of the first miss.

    ``gaps[i]``, when given, is how many other tokens may come before token ``i``.
    """
    position = start
    for index, token in enumerate(expected):
        gap = gaps[index] if gaps else max_gap
        limit = min(len(found), position + (1 if index == 0 else gap))
        for candidate in range(position, limit):
            if _same_word(token, found[candidate]):
                position = candidate + 1
                break
            end = _split_word_end(token, found, candidate)
            if end is not None:
                position = end + 1
                break
        else:
            return index
    return None


def _find_in_order(
    expected: list[str], found: list[str], max_gap: int = 400, gaps: list[int] | None = None
) -> str | None:
    """Find ``expected`` tokens in ``found`` in order; describe the first one missing.

    The match may start at any occurrence of the first token (the title of a source also
    stands in the catalogue). Between two expected tokens the PDF may hold up to
    ``max_gap`` others (note numbers, labels, a page break with running heads and
    footnotes). A token may be split by line-end hyphenation (``inter-`` + ``national``).
    """
    starts = [
        i for i in range(len(found)) if expected and _match_from(expected[:1], found, i, 1) is None
    ]
    best = 0
    for start in starts:
        missed = _match_from(expected, found, start, max_gap, gaps)
        if missed is None:
            return None
        best = max(best, missed)
    if not expected:
        return None
    context = " ".join(expected[max(0, best - 5) : best + 5])
    return f"token {best} {expected[best]!r} not found in order (context: {context!r})"


#: Tokens that may stand between two words of one source line: note marks, a claim's
#: label, and at a page break the running heads and a page of footnotes.
WITHIN_LINE = 800
#: Tokens that may stand between two source lines: also the editors' boxes (records of
#: disputed claims, AI warnings) and the notes of several pages.
BETWEEN_LINES = 8000


@pytest.mark.parametrize("source_id", [record.id for record in CATALOGUE])
def test_pdf_carries_every_word_of_the_source_in_order(pdf_text, source_id):
    record = CATALOGUE.records[source_id]
    source = (PROJECT / "sources" / record.file).read_text(encoding="utf-8")
    expected: list[str] = []
    gaps: list[int] = []
    for line in source.splitlines():
        tokens = _printable_tokens(line)
        gaps += [BETWEEN_LINES] + [WITHIN_LINE] * (len(tokens) - 1) if tokens else []
        expected += tokens
    assert _find_in_order(expected, _printable_tokens(pdf_text), gaps=gaps) is None


def test_matcher_finds_a_dropped_character():
    assert _find_in_order(["the", "$2.5", "million"], ["the", "2.5", "million"]) is not None
    assert _find_in_order(["inter-national"], ["inter-", "national"]) is None
    assert _find_in_order(["international"], ["inter-", "national"]) is None
    assert _find_in_order(["self-government"], ["selfgovernment"]) is None
    assert _find_in_order(["cooperation."], ["cooper-", "12", "Chapter", "ation."]) is None
    assert _find_in_order(["a", "b"], ["b", "a"]) is not None
    assert _find_in_order(["failures,", "Western"], ["failures,12", "Western"]) is None
    assert _find_in_order(["1999,", "NATO"], ["1999,3", "NATO"]) is None
    assert _find_in_order(["1999,", "NATO"], ["199,", "NATO"]) is not None


def test_every_font_is_embedded(pdf):
    listing = subprocess.run(
        ["pdffonts", str(pdf)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert listing
    not_embedded = [line for line in listing if line.split()[-5] != "yes"]
    assert not_embedded == []


@pytest.mark.parametrize(
    "needle",
    [
        "AI-assisted source",
        "AI-generated passage begins",
        "AI-generated passage ends",
        "Disputed claim:",
        "Glossary",
        "Chronology",
        "Disputed claims",
        "Bibliography",
        "Index",
    ],
)
def test_pdf_has_the_warnings_markers_and_registers(pdf_text, needle):
    assert needle in pdf_text


def test_pdf_metadata(pdf):
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "Title:           Kosovo after the War: An Annotated Edition of Five Sources" in info
    assert "Author:          The editors" in info
    assert "Subject:         A scholarly annotated edition" in info


@pytest.fixture(scope="module")
def epub_build(tmp_path_factory):
    """The EPUB edition, built once with the README's command (``make epub``, ``-W``).

    Built by the tests another way, the EPUB passed while ``make epub`` failed: Sphinx
    kept its doctrees in the EPUB's folder, and warned about each of them.
    """
    build = tmp_path_factory.mktemp("epub")
    result = subprocess.run(
        ["make", "-C", str(PROJECT), "epub", f"BUILDDIR={build}"],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    assert "WARNING" not in result.stderr
    return build / "epub"


@pytest.mark.parametrize("source_id", [record.id for record in CATALOGUE])
def test_epub_carries_every_source_character_outside_editorial_matter(epub_build, source_id):
    """What an EPUB reader sees: the source-text region of the page's XHTML, the
    editorial layer left out, is the source file, block for line, character for character.
    """
    record = CATALOGUE.records[source_id]
    regions = source_text_blocks(epub_build / "sources" / f"{source_id}.xhtml")
    assert list(regions) == [source_id]
    text = (PROJECT / "sources" / record.file).read_text(encoding="utf-8")
    assert compare(source_lines(text), regions[source_id], record.file) == []


def test_epub_is_valid(epub_build):
    require(
        EPUBCHECK.is_file() and shutil.which("java") is not None, "epubcheck (Debian: epubcheck)"
    )
    [epub] = list(epub_build.glob("*.epub"))
    result = subprocess.run(
        ["java", "-jar", str(EPUBCHECK), str(epub)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]


def _pages(pdf: Path) -> list[str]:
    """The text of each page, laid out as printed."""
    text = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    pages = text.split("\f")
    if pages and not pages[-1].strip():
        pages.pop()  # pdftotext ends the last page with a form feed too
    return pages


def test_no_page_is_nearly_empty(pdf):
    """Every page but the title page carries at least five lines of text.

    Chapters opened on the next right-hand page left blank pages behind them, and empty
    registers made chapters of one paragraph (eleven pages of two lines or fewer).
    """
    lines = [sum(1 for line in page.splitlines() if line.strip()) for page in _pages(pdf)]
    assert len(lines) > 100
    assert [(number, count) for number, count in enumerate(lines[1:], start=2) if count < 5] == []


def _log(pdf: Path) -> str:
    return pdf.with_suffix(".log").read_text(errors="replace")


def test_every_link_of_the_pdf_leads_somewhere(pdf):
    """Every ``\\hyperref`` target is labelled, and every page reference resolves.

    Sphinx's writer labels sections and targets only: the ids of passages, records and
    chronology entries had no label (369 of 539 links of the PDF led nowhere).
    """
    tex = pdf.with_suffix(".tex").read_text(encoding="utf-8")
    labels = set(re.findall(r"\\label\{\\detokenize\{([^}]*)\}\}", tex))
    targets = set(re.findall(r"\\hyperref\[\\detokenize\{([^}]*)\}\]", tex))
    assert len(targets) > 200
    assert sorted(targets - labels) == []
    assert re.findall(r"Reference `[^']*' on page \d+ undefined", _log(pdf)) == []


def test_links_in_editorial_matter_say_on_which_page_they_land(pdf, pdf_text):
    tex = pdf.with_suffix(".tex").read_text(encoding="utf-8")
    # The chronology's backlinks: each followed by its page.
    backlink = re.search(
        r"In the sources: \}\{\\hyperref\[[^]]*\]\{[^{}]*\{[^}]*\}\}\}(.{0,30})", tex
    )
    assert backlink is not None and backlink.group(1).startswith("~(p.~\\pageref*")
    assert len(re.findall(r"\(p\. \d+\)", pdf_text)) > 100


def test_no_page_reference_enters_a_source_text():
    """The words of a source stay as printed: its links get no "(p. N)"; notes' links do."""
    from docutils.utils import new_document

    from edition_tools.model.editorial import source_text
    from edition_tools.outputs.print_references import page_reference, show_page_of_references

    def link(text: str) -> nodes.paragraph:
        return nodes.paragraph("", "", nodes.reference(text, text, refuri="%chronology#event-x"))

    from sphinx import addnodes

    document = new_document("test")
    chronology = addnodes.start_of_file(docname="chronology")
    chronology += nodes.paragraph("", "The event.", ids=["event-x"])
    document += chronology
    text = source_text()
    text += link("in the source")
    document += text
    document += link("in a note")
    show_page_of_references(document, "index")
    assert [
        p.astext() for p in document.findall(nodes.paragraph) if p.next_node(page_reference)
    ] == ["in a note"]


#: Overfull lines wider than this stand visibly in the margin.
VISIBLE_OVERFLOW_PT = 5.0
#: Underfull boxes are loose lines (wide gaps between words). Measured 2026-12-08: 10,
#: after table cells were set ragged right (496 before); the ceiling keeps them few.
UNDERFULL_CEILING = 20


def test_no_line_stands_in_the_margin(pdf):
    """No line runs visibly into the margin: long addresses break, columns hold their words.

    Measured 2026-12-07: 22 such lines (up to 105 pt): unbreakable URLs, option names in
    squeezed table columns, bibliography labels wider than the line.
    """
    widths = [
        float(w) for w in re.findall(r"Overfull \\hbox \(([\d.]+)pt too wide\) in", _log(pdf))
    ]
    assert [w for w in widths if w > VISIBLE_OVERFLOW_PT] == []


def test_loose_lines_stay_under_the_ceiling(pdf):
    underfull = re.findall(r"Underfull \\hbox \(badness \d+\)", _log(pdf))
    assert len(underfull) <= UNDERFULL_CEILING


def _tex(pdf: Path) -> str:
    return pdf.with_suffix(".tex").read_text(encoding="utf-8")


def test_the_bibliography_stands_in_its_own_chapter(pdf):
    """The entries are in the chapter "Bibliography", not gathered after the last chapter.

    Sphinx moves every citation to the end of the document, which left the chapter with
    its introduction alone and a second "Bibliography" after "Performance".
    """
    tex = _tex(pdf)
    chapters = [(m.start(), m.group(1)) for m in re.finditer(r"\\chapter\{(.*?)\}", tex)]
    start = tex.index(r"\begin{sphinxthebibliography}")
    [(_at, chapter)] = [c for c in chapters if c[0] < start][-1:]
    assert chapter == "Bibliography"
    assert tex.count(r"\begin{sphinxthebibliography}") == 1
    entries = parse_file(PROJECT / "docs" / "references.bib").entries
    assert len(re.findall(r"\\bibitem\[", tex)) == len(entries) > 0  # every work is cited
    following = [c for c in chapters if c[0] > start]
    end = tex.index(r"\end{sphinxthebibliography}")
    assert not following or end < following[0][0]
    # And on paper: the chapter's first page carries entries, not the introduction alone.
    [opening] = [page for page in _pages(pdf) if "Every work cited in the edition" in page]
    assert len(re.findall(r"URL: |DOI: ", opening)) >= 3


def test_every_link_to_a_glossary_term_is_in_the_index(pdf):
    """The index gives, for each term, the pages that use it, not only its entry's page."""
    tex = _tex(pdf)
    links = [m.start() for m in re.finditer(r"\\hyperref\[\\detokenize\{glossary:term-", tex)]
    assert links
    entry = re.compile(r"\\index\{([^@\n]*)@[^\n]*\}\{")  # right before the link
    names = [entry.fullmatch(tex, tex.rfind(r"\index{", 0, at), at) for at in links]
    assert [tex[at - 60 : at + 60] for at, name in zip(links, names, strict=True) if not name] == []
    index = pdf.with_suffix(".ind").read_text(encoding="utf-8")

    def key(name: str) -> str:  # xindy writes "\\sphinxhyphen {}" for "\\sphinxhyphen{}"
        return re.sub(r"\s", "", name)

    pages_of = {
        key(item.group(1)): item.group(2)
        for item in re.finditer(
            r"\\item \\spxentry\{(.*?)\}, ((?:\\spxpagem\{)?\\hyperpage.*)", index
        )
    }
    used_only_where_defined = [
        name.group(1)
        for name in names
        if name and not re.search(r"(?:^|, )\\hyperpage", pages_of.get(key(name.group(1)), ""))
    ]
    assert used_only_where_defined == []
