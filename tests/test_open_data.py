"""Open data: TEI P5 (valid, and its text is the source's), Web Annotations, JSON-LD."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from lxml import html

from conftest import PROJECT, ROOTS, SHARED, build_app, require, warnings_of
from edition_tools.features.ai_content import IPTC_DIGITAL_SOURCE_TYPES
from edition_tools.model.catalogue import load_catalogue
from edition_tools.model.fidelity import fold
from edition_tools.outputs.open_data import citations
from edition_tools.outputs.open_data import tei_xml as tei
from edition_tools.outputs.open_data.history import source_date_epoch
from edition_tools.outputs.open_data.jsonld import digital_source_type

CATALOGUE = load_catalogue(PROJECT / "sources" / "catalogue.toml")
SOURCE_IDS = [record.id for record in CATALOGUE]
TEI = "{http://www.tei-c.org/ns/1.0}"


@pytest.fixture(scope="module")
def site(built_edition) -> Path:
    return Path(built_edition.outdir)


@pytest.fixture(scope="module")
def traps(open_data_traps: Path) -> Path:
    return open_data_traps


def verbatim(path: Path) -> str:
    """The file as stored: ``read_text`` would hide its CRs, and offsets count them."""
    return path.read_bytes().decode("utf-8")


def source_text(source_id: str) -> str:
    return verbatim(PROJECT / "sources" / CATALOGUE.records[source_id].file)


def trap_text(source_id: str) -> str:
    return verbatim(ROOTS / "test-open-data" / "sources" / f"{source_id}.txt")


def annotations_of(site: Path, source_id: str) -> list[dict]:
    """The annotations exported for ``source_id``, in order."""
    path = site / "data" / f"{source_id}.annotations.jsonld"
    return json.loads(path.read_text(encoding="utf-8"))["first"]["items"]


def assert_selectors_resolve(items: list[dict], text: str) -> None:
    """Each annotation's position selects its exact text, between its prefix and suffix."""
    for item in items:
        quote, position = item["target"]["selector"]
        start, end = position["start"], position["end"]
        assert text[start:end] == quote["exact"], item["id"]
        assert quote["exact"].strip(), item["id"]
        assert text[:start].endswith(quote["prefix"]), item["id"]
        assert text[end:].startswith(quote["suffix"]), item["id"]


def selected(items: list[dict]) -> list[tuple[str, str, int]]:
    """Each annotation as its motivation, exact text and start."""
    return [
        (
            item["motivation"],
            item["target"]["selector"][0]["exact"],
            item["target"]["selector"][1]["start"],
        )
        for item in items
    ]


def test_every_tei_file_is_valid_tei_all(site):
    schema = SHARED / "schemas" / "tei_all.rng"
    require(schema.is_file(), f"{schema}")
    require(shutil.which("jing") is not None, "jing (Debian: jing)")
    files = sorted(str(p) for p in (site / "data").glob("*.xml"))
    assert len(files) == len(SOURCE_IDS) + 1  # and registers.xml
    result = subprocess.run(
        ["jing", str(schema), *files], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout[-4000:]


def drop_notes(element: ET.Element) -> None:
    """Remove every note below ``element``, keeping the text that follows each."""
    for parent in list(element.iter()):
        for child in list(parent):
            if child.tag != f"{TEI}note":
                continue
            index = list(parent).index(child)
            tail = child.tail or ""
            if index == 0:
                parent.text = (parent.text or "") + tail
            else:
                previous = parent[index - 1]
                previous.tail = (previous.tail or "") + tail
            parent.remove(child)


@pytest.mark.parametrize("source_id", SOURCE_IDS)
def test_tei_body_without_notes_is_the_source_text(site, source_id):
    tree = ET.parse(site / "data" / f"{source_id}.tei.xml")
    body = tree.getroot().find(f"{TEI}text/{TEI}body")
    drop_notes(body)
    paragraphs = [fold("".join(p.itertext())) for p in body.iter(f"{TEI}p")]
    expected = [fold(line) for line in source_text(source_id).split("\n") if line.strip()]
    assert paragraphs == expected


@pytest.mark.parametrize("source_id", SOURCE_IDS)
def test_tei_has_the_editorial_layer(site, source_id):
    root = ET.parse(site / "data" / f"{source_id}.tei.xml").getroot()
    body = root.find(f"{TEI}text/{TEI}body")
    notes = body.findall(f".//{TEI}note[@type='editorial']")
    assert len(notes) >= 15
    assert body.findall(f".//{TEI}term") and body.findall(f".//{TEI}date")
    assert (
        root.find(
            f"{TEI}teiHeader/{TEI}fileDesc/{TEI}sourceDesc/{TEI}bibl/{TEI}idno[@type='sha256']"
        ).text
        == CATALOGUE.records[source_id].sha256
    )


@pytest.mark.parametrize("source_id", SOURCE_IDS)
def test_every_annotation_selector_resolves_in_the_source(site, source_id):
    collection = json.loads(
        (site / "data" / f"{source_id}.annotations.jsonld").read_text(encoding="utf-8")
    )
    items = collection["first"]["items"]
    assert collection["total"] == len(items) >= 30
    motivations = {item["motivation"] for item in items}
    assert {"commenting", "identifying", "linking"} <= motivations
    assert_selectors_resolve(items, source_text(source_id))


@pytest.mark.parametrize("source_id", ["spaced", "second", "crlf", "cr", "controls"])
def test_trap_selectors_resolve_in_the_verbatim_file(traps, source_id):
    assert_selectors_resolve(annotations_of(traps, source_id), trap_text(source_id))


def test_runs_of_whitespace_the_page_folds_keep_their_annotations(traps):
    """Source ``Double  spaced``, page ``Double spaced``: the line's annotations stay."""
    items = selected(annotations_of(traps, "spaced"))
    text = trap_text("spaced")
    assert ("identifying", "Peć", text.index("Peć")) in items
    assert ("identifying", "Peç", text.index("Peç")) in items
    # And the other way round: more spaces on the page than in the file.
    assert ("identifying", "Peć", trap_text("second").index("Peć")) in selected(
        annotations_of(traps, "second")
    )


def test_offsets_count_the_carriage_returns_of_the_file(traps):
    """CRLF: offsets in the file as stored; a lone CR is whitespace within a line."""
    text = trap_text("crlf")
    assert "\r\n" in text
    items = selected(annotations_of(traps, "crlf"))
    assert ("identifying", "Peć", text.index("Peć")) in items
    assert ("identifying", "Peç", text.index("Peç")) in items
    text = trap_text("cr")
    assert "\r" in text and "\r\n" not in text
    items = selected(annotations_of(traps, "cr"))
    assert ("identifying", "Peć", text.index("Peć")) in items
    assert ("identifying", "Peç", text.index("Peç")) in items


def _jsonld(page: Path) -> dict:
    tree = html.fromstring(page.read_bytes())
    [script] = tree.xpath("//head/script[@type='application/ld+json']")
    return json.loads(script.text)


@pytest.mark.parametrize("source_id", SOURCE_IDS)
def test_json_ld_expands(site, source_id):
    from pyld import jsonld

    data = _jsonld(site / "sources" / f"{source_id}.html")

    def offline_loader(url, options=None):
        # schema.org's context cannot be fetched here: serve its essence, its vocabulary.
        assert url.rstrip("/") in ("https://schema.org", "http://schema.org"), url
        return {
            "contextUrl": None,
            "documentUrl": url,
            "document": {"@context": {"@vocab": "https://schema.org/"}},
        }

    expanded = jsonld.expand(data, options={"documentLoader": offline_loader})
    assert expanded
    names = json.dumps(expanded)
    assert "https://schema.org/name" in names
    types = {t for node in data["@graph"] for t in [node["@type"]]}
    assert "CreativeWork" in types


def test_ai_article_declares_its_digital_source_type(site):
    data = _jsonld(site / "sources" / "forcedeploy-peacekeeping-kosovo.html")
    work = next(node for node in data["@graph"] if node["@type"] == "CreativeWork")
    assert work["digitalSourceType"] == (
        "http://cv.iptc.org/newscodes/digitalsourcetype/compositeWithTrainedAlgorithmicMedia"
    )
    reviews = [node for node in data["@graph"] if node["@type"] == "ClaimReview"]
    assert reviews and all(r["reviewRating"]["alternateName"] for r in reviews)


@pytest.mark.parametrize("code", sorted(IPTC_DIGITAL_SOURCE_TYPES))
def test_every_iptc_code_is_given_as_its_iptc_concept(code):
    assert digital_source_type(code) == f"http://cv.iptc.org/newscodes/digitalsourcetype/{code}"


def test_pages_link_their_data_and_the_data_page_lists_it(site):
    page = (site / "sources" / "blaustein-2000-mitrovica.html").read_text(encoding="utf-8")
    assert 'href="../data/blaustein-2000-mitrovica.tei.xml"' in page
    data_page = (site / "data.html").read_text(encoding="utf-8")
    for source_id in SOURCE_IDS:
        assert f'href="data/{source_id}.annotations.jsonld"' in data_page
    assert "Creative Commons Attribution 4.0" in data_page


@pytest.mark.parametrize("builder", ["tei", "annotations"])
def test_export_builders(tmp_path, builder):
    app = build_app(builder, PROJECT / "docs", tmp_path)
    assert warnings_of(app) == []
    suffix = ".tei.xml" if builder == "tei" else ".annotations.jsonld"
    assert sorted(p.name for p in Path(app.outdir).glob(f"*{suffix}")) == sorted(
        f"{s}{suffix}" for s in SOURCE_IDS
    )


def test_json_ld_cannot_close_its_script(site):
    for page in (site / "sources" / f"{source_id}.html" for source_id in SOURCE_IDS):
        script = re.search(
            r'<script type="application/ld\+json">(.*?)</script>',
            page.read_text(encoding="utf-8"),
            re.S,
        )
        assert script is not None and "<" not in script.group(1)


@pytest.mark.parametrize("source_id", SOURCE_IDS)
def test_citations_in_notes_are_written_out_and_linked(site, source_id):
    """A note's citations read as author and year, and in TEI link into the bibliography."""
    keys = set(
        re.findall(
            r"{cite:p}`([^`]+)`",
            (PROJECT / "docs").joinpath("sources", f"{source_id}.md").read_text(encoding="utf-8"),
        )
    )
    cited = {key.strip() for group in keys for key in group.split(",")}
    registers = ET.parse(site / "data" / "registers.xml").getroot()
    bibliography = {
        element.get("{http://www.w3.org/XML/1998/namespace}id"): element.get("n")
        for element in registers.iter(f"{TEI}biblStruct")
    }
    tei = ET.parse(site / "data" / f"{source_id}.tei.xml").getroot()
    refs = [ref for note in tei.iter(f"{TEI}note") for ref in note.iter(f"{TEI}ref")]
    assert refs
    for ref in refs:
        # The work's label, as the bibliography style gives it ("Blaustein 2000a").
        assert ref.text == bibliography[ref.get("target").removeprefix("registers.xml#")]
        assert re.fullmatch(r".+ (\d{4}[a-z]*|n\.d\.(-[a-z]+)?)", ref.text), ref.text
    collection = json.loads(
        (site / "data" / f"{source_id}.annotations.jsonld").read_text(encoding="utf-8")
    )
    for item in collection["first"]["items"]:
        if item["motivation"] == "commenting":
            body = item["body"]["value"]
            assert "\ue000" not in body and "\n" not in body
            assert not any(re.search(rf"\b{re.escape(key)}\b", body) for key in cited), body


def test_a_notes_citations_are_worked_out_once_a_key_for_an_export(monkeypatch):
    calls: list[str] = []

    def author_year(env: object, key: str) -> str:
        calls.append(key)
        return f"{key.title()} 2000"

    monkeypatch.setattr(citations, "author_year", author_year)
    author_years = citations.AuthorYears(env=None)  # type: ignore[arg-type]
    note = f"See {citations.MARK}a, b{citations.MARK} and {citations.MARK}a{citations.MARK}."
    assert citations.plain_note(author_years, note) == "See (A 2000; B 2000) and (A 2000)."
    assert citations.plain_note(author_years, note) == "See (A 2000; B 2000) and (A 2000)."
    assert calls == ["a", "b"]


def test_a_note_opening_a_line_selects_the_word_after_it(traps):
    """Not an empty selection at the start of the text, nor the last word of the line before."""
    assert ("commenting", "Alpha", 0) in selected(annotations_of(traps, "crlf"))
    text = trap_text("spaced")
    assert ("commenting", "Second", text.index("Second")) in selected(
        annotations_of(traps, "spaced")
    )


def tei_text(element: ET.Element) -> str:
    """The text of a TEI element without its notes, each ``g`` read as the character it is."""
    parts = [element.text or ""]
    for child in element:
        if child.tag == f"{TEI}g":
            parts.append(chr(int(child.get("n").removeprefix("U+"), 16)))
        elif child.tag != f"{TEI}note":
            parts.append(tei_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


@pytest.mark.parametrize("source_id", ["spaced", "second", "crlf", "cr", "controls"])
def test_trap_tei_is_the_verbatim_text(traps, source_id):
    """Form feeds as ``g``, a lone CR as a reference: every character is there, line by line."""
    body = ET.parse(traps / "data" / f"{source_id}.tei.xml").getroot().find(f"{TEI}text/{TEI}body")
    lines = [line.removesuffix("\r") for line in trap_text(source_id).split("\n") if line.strip()]
    assert [tei_text(p) for p in body.iter(f"{TEI}p")] == lines


def test_trap_tei_is_valid_tei_all(traps):
    """Control characters in a source, and terms in other scripts, make valid TEI."""
    schema = SHARED / "schemas" / "tei_all.rng"
    require(schema.is_file(), f"{schema}")
    require(shutil.which("jing") is not None, "jing (Debian: jing)")
    files = sorted(str(p) for p in (traps / "data").glob("*.xml"))
    result = subprocess.run(
        ["jing", str(schema), *files], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout[-4000:]


def test_characters_xml_cannot_hold_are_kept_as_g():
    paragraph = ET.Element(f"{TEI}p")
    tei.append_text(paragraph, "a\x01b\x0cc\uffffd")
    parsed = ET.fromstring(tei.serialise(ET.ElementTree(paragraph)))
    assert tei_text(parsed) == "a\x01b\x0cc\uffffd"
    assert [g.text for g in parsed] == ["\u2401", "\u240c", "\ufffd"]


def test_xml_ids_are_distinct_valid_and_stable():
    values = ["Peć", "Peç", "Pec", "Косово", "Србија", "a b", "a_b", "a?b", "a😀", "NATO"]
    ids = [tei.xml_id("term", value) for value in values]
    assert len(set(ids)) == len(ids)
    assert ids[:5] == ["term-peć", "term-peç", "term-pec", "term-косово", "term-србија"]
    # Lossy slugs carry a digest of the value, the same in every build.
    assert tei.xml_id("term", "a b") == "term-a_b-7faae47c"
    assert tei.xml_id("term", "nato") == tei.xml_id("term", "NATO")  # looked up caselessly


def test_json_ld_declares_each_source_and_points_claims_at_their_records(traps):
    """Two sources on a page, two works; a claim reviewed links to its record's own page."""
    base = "https://example.org/edition/"
    graph = _jsonld(traps / "spaced.html")["@graph"]
    assert [n["@id"] for n in graph if n["@type"] == "CreativeWork"] == [
        f"{base}spaced.html#source-spaced",
        f"{base}spaced.html#source-second",
    ]
    assert 'id="disputed-war-length"' in (traps / "cr.html").read_text(encoding="utf-8")
    for page in ("spaced", "cr"):
        [review] = [
            n for n in _jsonld(traps / f"{page}.html")["@graph"] if n["@type"] == "ClaimReview"
        ]
        assert review["url"] == f"{base}cr.html#disputed-war-length"
        assert review["claimReviewed"] == "78 days"  # the span's text, on either page
        assert review["itemReviewed"]["appearance"] == {"@id": f"{base}spaced.html#source-spaced"}


def test_an_unknown_outlet_is_no_publisher(traps):
    [work] = [n for n in _jsonld(traps / "cr.html")["@graph"] if n["@type"] == "CreativeWork"]
    assert "publisher" not in work
    bibl = ET.parse(traps / "data" / "cr.tei.xml").getroot().find(f".//{TEI}sourceDesc/{TEI}bibl")
    assert bibl.find(f"{TEI}publisher") is None


def test_a_removed_sources_files_leave_the_site(edited_root):
    """An incremental build drops the exports of a source no page shows; nothing else."""
    root = edited_root("open-data")
    data = Path(root.build().outdir) / "data"
    assert (data / "cr.tei.xml").exists() and (data / "cr.annotations.jsonld").exists()
    (data / "notes.txt").write_text("not the exports' own", encoding="utf-8")
    root.replace("index.md", "cr\n", "")
    (root.path / "cr.md").unlink()
    root.replace("spaced.md", "{claim}`78 days <war-length>`", "78 days")
    app = build_app("html", root.path, root.path / "_build", freshenv=False)
    [warning] = warnings_of(app)  # the catalogue still lists it
    assert warning.endswith(
        "source 'cr' has no page: no source-text block gives its text [edition.catalogue]"
    )
    assert not (data / "cr.tei.xml").exists() and not (data / "cr.annotations.jsonld").exists()
    assert (data / "crlf.tei.xml").exists() and (data / "notes.txt").exists()


@pytest.mark.parametrize(("epoch", "expected"), [("0", 0), ("1700000000", 1700000000)])
def test_source_date_epoch_is_read(monkeypatch, epoch, expected):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    assert source_date_epoch() == expected


@pytest.mark.parametrize("epoch", ["²", "-5", "1e9", "9" * 40, ""])
def test_an_unusable_source_date_epoch_is_ignored(monkeypatch, epoch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    assert source_date_epoch() is None


def test_a_paratext_span_keeps_the_nbsp_at_its_ends(traps):
    """Folding drops ASCII whitespace only: an NBSP at either end is paratext text."""
    text = trap_text("nbsp")
    [paratext] = [
        item for item in annotations_of(traps, "nbsp") if item["motivation"] == "classifying"
    ]
    assert paratext["target"]["selector"][0]["exact"] == "\u00a0By Test Author\u00a0"
    assert paratext["target"]["selector"][1]["start"] == text.index("\u00a0By")


def test_renaming_the_source_of_a_claims_words_rewrites_its_records_page(edited_root):
    """The review on ``cr`` names the work on ``spaced`` whose words it marks."""
    root = edited_root("open-data")
    site = Path(root.build().outdir)
    root.replace("sources/catalogue.toml", 'id = "spaced"', 'id = "spaced-too"')
    root.replace("spaced.md", "{source-text} spaced\n", "{source-text} spaced-too\n")
    app = build_app("html", root.path, root.path / "_build", freshenv=False)
    assert warnings_of(app) == []
    [review] = [n for n in _jsonld(site / "cr.html")["@graph"] if n["@type"] == "ClaimReview"]
    assert review["itemReviewed"]["appearance"] == {
        "@id": "https://example.org/edition/spaced.html#source-spaced-too"
    }
