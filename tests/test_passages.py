"""Citable passages: every block of every source has a number, an id and a mark linking to it.

The properties are checked over every source page of the edition and every passage:
ids unique on the page, numbers 1, 2, 3 … in order, passage *n* the *n*-th non-empty
line of the verbatim file, each mark a link to its own passage with a name and no text
of its own; the same numbers in the LaTeX and the TEI; numbers that do not move when
the editors add a note (``edition_tools.features.passages``).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from lxml import html

from conftest import PROJECT, build_app, warnings_of
from edition_tools.model.catalogue import load_catalogue
from edition_tools.model.fidelity import fold, source_lines
from htmltext import BLOCK_TAGS, EDITORIAL_CLASSES

CATALOGUE = load_catalogue(PROJECT / "sources" / "catalogue.toml")
SOURCE_IDS = [record.id for record in CATALOGUE]
TEI = "{http://www.tei-c.org/ns/1.0}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


@pytest.fixture(scope="module")
def site(built_edition) -> Path:
    """The HTML edition, built once, without warnings."""
    return Path(built_edition.outdir)


@pytest.fixture(scope="module")
def tex(tmp_path_factory) -> str:
    """The LaTeX of the edition (the ``.tex`` only: no PDF is made)."""
    app = build_app("latex", PROJECT / "docs", tmp_path_factory.mktemp("latex"))
    assert warnings_of(app) == []
    assert (Path(app.outdir) / "edition-passages.sty").is_file()
    return (Path(app.outdir) / "kosovo-edition.tex").read_text(encoding="utf-8")


def _editorial(element: html.HtmlElement) -> bool:
    return bool(EDITORIAL_CLASSES & set((element.get("class") or "").split()))


def _text(element: html.HtmlElement) -> str:
    parts = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str) and not _editorial(child):
            parts.append(_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _blocks(element: html.HtmlElement) -> list[html.HtmlElement]:
    """The blocks of a source-text region, as ``htmltext`` reads them for fidelity."""
    found: list[html.HtmlElement] = []
    for child in element:
        if not isinstance(child.tag, str) or _editorial(child):
            continue
        if child.tag in BLOCK_TAGS:
            found.append(child)
        else:
            found.extend(_blocks(child))
    return found


def _page(site: Path, source_id: str) -> html.HtmlElement:
    return html.fromstring((site / "sources" / f"{source_id}.html").read_bytes())


def _region(page: html.HtmlElement, source_id: str) -> html.HtmlElement:
    [region] = [
        r for r in page.find_class("edition-source-text") if r.get("id") == f"source-{source_id}"
    ]
    return region


def passages_of(site: Path, source_id: str) -> list[tuple[str, str]]:
    """(id, text) of every passage of a source's page, in order."""
    region = _region(_page(site, source_id), source_id)
    return [(block.get("id") or "", fold(_text(block))) for block in _blocks(region)]


@pytest.mark.parametrize("source_id", SOURCE_IDS)
def test_every_passage_has_its_number_and_a_mark_linking_to_it(site, source_id):
    page = _page(site, source_id)
    blocks = _blocks(_region(page, source_id))
    assert blocks
    for number, block in enumerate(blocks, start=1):
        assert block.get("id") == f"p{number}"
        mark = block[0]
        assert mark.tag == "a" and "edition-passage" in mark.get("class").split()
        assert (mark.text or "") == "" and len(mark) == 0  # the number is CSS's, never text
        assert mark.get("href") == f"#p{number}"
        assert mark.get("data-passage") == str(number)
        assert mark.get("aria-label") == f"Passage {number}"
    ids = page.xpath("//@id")
    assert len(ids) == len(set(ids)), "an id appears twice on the page"


@pytest.mark.parametrize("source_id", SOURCE_IDS)
def test_passage_n_is_the_nth_non_empty_line_of_the_verbatim_file(site, source_id):
    record = CATALOGUE.records[source_id]
    lines = source_lines((PROJECT / "sources" / record.file).read_text(encoding="utf-8"))
    passages = passages_of(site, source_id)
    assert [text for _id, text in passages] == [line.text for line in lines]


def test_the_numbers_are_not_copied_with_the_text_or_searched(site):
    """No mark has text (the number is CSS's): copied text and search excerpts are the source's.

    The search index is made from the doctree's text, where the mark has none either.
    """
    for source_id in SOURCE_IDS:
        for mark in _page(site, source_id).find_class("edition-passage"):
            assert mark.text_content() == ""


def _tex_numbers(tex: str, source_id: str) -> list[int]:
    label = f"\\label{{\\detokenize{{sources/{source_id}::doc}}}}"
    start = tex.index(label) + len(label)
    # The next page's label (not a page reference to a page, which names it too).
    following = re.search(r"\\label\{\\detokenize\{[^}]*::doc\}\}", tex[start:])
    end = start + following.start() if following else None
    return [int(n) for n in re.findall(r"\\editionpassage\{(\d+)\}", tex[start:end])]


@pytest.mark.parametrize("source_id", SOURCE_IDS)
def test_the_latex_numbers_the_same_passages(site, tex, source_id):
    count = len(passages_of(site, source_id))
    assert _tex_numbers(tex, source_id) == list(range(1, count + 1))


def test_the_latex_number_stands_in_the_margin_before_its_paragraph(tex):
    assert "\\usepackage{edition-passages}" in tex
    for match in re.finditer(r"\\editionpassage\{\d+\}", tex):
        before = tex[max(0, match.start() - 200) : match.start()]
        # The passage's own label (where links to it land) may stand just before it.
        before = re.sub(
            r"\\phantomsection(\\label\{\\detokenize\{[^}]*\}\})+(?=\\protect$)", "", before
        )
        assert before.endswith(("\\sphinxAtStartPar\n\\protect", "{\\protect")), before[-40:]


@pytest.mark.parametrize("source_id", SOURCE_IDS)
def test_the_tei_numbers_the_same_passages(site, source_id):
    tree = ET.parse(site / "data" / f"{source_id}.tei.xml")
    paragraphs = tree.getroot().findall(f"{TEI}text/{TEI}body/{TEI}p")
    assert [(p.get("n"), p.get(XML_ID)) for p in paragraphs] == [
        (str(number), f"p{number}") for number in range(1, len(passages_of(site, source_id)) + 1)
    ]


def test_passages_keep_their_numbers_when_a_note_is_added(edited_root):
    root = edited_root("annotations")
    before = root.build()
    assert warnings_of(before) == []
    page = Path(before.outdir) / "source.html"
    tree = html.fromstring(page.read_bytes())
    [region] = tree.find_class("edition-source-text")
    passages = [(b.get("id"), fold(_text(b))) for b in _blocks(region)]
    assert len(passages) >= 2 and all(anchor for anchor, _text in passages)

    # A note in a passage, citing a work, and its text at the foot of the page.
    root.replace("source.md", "was indicted in", "was indicted[^added] in")
    text = (root.path / "source.md").read_text(encoding="utf-8")
    root.write("source.md", text + "\n[^added]: An added note {cite:p}`nato1999`.\n")
    after = root.build()
    assert warnings_of(after) == []
    tree = html.fromstring(page.read_bytes())
    [region] = tree.find_class("edition-source-text")
    assert [(b.get("id"), fold(_text(b))) for b in _blocks(region)] == passages
    assert "An added note" in page.read_text(encoding="utf-8")
