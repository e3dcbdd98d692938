"""TEI P5 XML of each annotated source, and a shared file of registers.

Each source becomes one TEI document: a ``teiHeader`` from the catalogue (title,
authors, publication, a source description with the URL and the file's checksum, the
genre, and a note on each AI record, in the edition's one wording: "AI-assisted source",
"AI-generated passage"), then the verbatim text
in ``body``, a paragraph per line, with the editorial layer as TEI markup: notes as
``note type="editorial"`` where their reference stands, glossary references as ``term``,
event references as ``date`` (``when`` or ``from``/``to`` at the precision known),
disputed claims as ``seg type="disputed-claim"`` pointing to their record, and web
furniture as ``seg type="paratext"``. A section or passage that an AI record covers
runs from an ``anchor`` before its first character to one after its last, and the
record's note in the header points at both (``target``, ``targetEnd``): a passage of
several paragraphs cannot be one element. ``registers.xml`` holds the glossary (a taxonomy
of terms with definitions and variant spellings), the events (``listEvent``), the
disputed-claim records and the bibliography (``listBibl``).

The text is the file's, character for character: a character XML cannot hold (a C0
control) is a ``g`` element naming it, a CR within a line a character reference.
"""

from __future__ import annotations

import hashlib
import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence

from sphinx.environment import BuildEnvironment

from edition_tools.model.ai_provenance import AI_SOURCE_TYPES, describe, provenance_of
from edition_tools.model.catalogue import SourceRecord
from edition_tools.model.dates import UNKNOWN, DatePrecision
from edition_tools.model.markup import web_url
from edition_tools.model.records import Span
from edition_tools.outputs.open_data.citations import AuthorYears, note_parts
from edition_tools.store.catalogue import get_catalogue
from edition_tools.store.domain import edition_domain

__all__ = ["REGISTERS", "TEI_NS", "registers_document", "serialise", "tei_document", "xml_id"]

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
REGISTERS = "registers.xml"
ET.register_namespace("", TEI_NS)


# The characters an xml:id keeps as they are: ASCII letters and digits, ``.``, ``-``, and
# the Latin-1, Latin Extended-A and Cyrillic letters of XML 1.0's first Name rules
# (Appendix B of the fourth edition), which Jing, like every older validator, still
# applies. ``_`` is not among them: it marks a slug that lost characters.
_ID_CHARS = (
    "a-z0-9.\\-"
    "\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u00ff\u0100-\u0131\u0134-\u013e\u0141-\u0148\u014a-\u017e"
    "\u0401-\u040c\u040e-\u044f\u0451-\u045c\u045e-\u0481\u0490-\u04c4"
)
_ID_KEPT = re.compile(f"[{_ID_CHARS}]*")
_ID_REPLACED = re.compile(f"[^{_ID_CHARS}]")


def xml_id(prefix: str, value: str) -> str:
    """A valid xml:id for ``value`` (case aside), distinct from that of any other value.

    ``value`` lower-cased is kept when every character of it may stand in an id
    (``term-peć``, ``term-косово``); otherwise each other character becomes ``_`` and a
    digest of the value is added (``term-a_b-1f2e3d4c``), so that no two values share an
    id and the id stays the same from build to build.
    """
    key = value.lower()
    if _ID_KEPT.fullmatch(key):
        return f"{prefix}-{key}"
    digest = hashlib.blake2b(key.encode("utf-8"), digest_size=4).hexdigest()
    return f"{prefix}-{_ID_REPLACED.sub('_', key)}-{digest}"


def _el(
    parent: ET.Element | None, tag: str, text: str | None = None, **attributes: str
) -> ET.Element:
    attrs = {
        (f"{{{XML_NS}}}{k[4:]}" if k.startswith("xml_") else k): v for k, v in attributes.items()
    }
    element = (
        ET.Element(f"{{{TEI_NS}}}{tag}", attrs)
        if parent is None
        else ET.SubElement(parent, f"{{{TEI_NS}}}{tag}", attrs)
    )
    if text is not None:
        _append_text(element, text)
    return element


def _date_attributes(date: str, end: str = "") -> dict[str, str]:
    if not date or date == UNKNOWN:
        return {}
    return {"from": date, "to": end} if end else {"when": date}


def _header(tei: ET.Element, record: SourceRecord, env: BuildEnvironment) -> None:
    header = _el(tei, "teiHeader")
    file_desc = _el(header, "fileDesc")
    title_stmt = _el(file_desc, "titleStmt")
    _el(title_stmt, "title", record.title)
    for author in record.authors:
        _el(title_stmt, "author", author)
    _el(title_stmt, "editor", "The editors of the annotated edition")
    publication = _el(file_desc, "publicationStmt")
    _el(publication, "publisher", "The editors of Kosovo after the War: an annotated edition")
    availability = _el(publication, "availability")
    _el(
        availability,
        "licence",
        "Editorial matter: Creative Commons Attribution 4.0 International. The source text is "
        "reproduced unchanged for scholarly commentary and remains the property of its rights "
        "holders.",
        target="https://creativecommons.org/licenses/by/4.0/",
    )
    ai_records = edition_domain(env).on_page("ai", _docname(env, record))
    if ai_records:
        notes = _el(file_desc, "notesStmt")
        for ai in ai_records:
            kind = provenance_of(ai.source_type).slug if ai.source_type in AI_SOURCE_TYPES else ""
            note = _el(notes, "note", type=kind or "ai-content", subtype=ai.basis)
            if ai.first_line:
                note.set("target", f"#{_ai_anchor(ai.anchor, 'start')}")
                note.set("targetEnd", f"#{_ai_anchor(ai.anchor, 'end')}")
            note.text = describe(ai)
            if ai.disclosure:
                note.text += f" Publisher's disclosure: “{ai.disclosure}”"
    source_desc = _el(file_desc, "sourceDesc")
    bibl = _el(source_desc, "bibl")
    _el(bibl, "title", record.title)
    for author in record.authors:
        _el(bibl, "author", author)
    # An outlet recorded as unknown is left out: TEI has no name for "no known publisher".
    if record.outlet and record.outlet != UNKNOWN:
        _el(bibl, "publisher", record.outlet)
    if record.date_precision is DatePrecision.UNKNOWN:
        _el(bibl, "date", "date unknown")
    else:
        _el(bibl, "date", record.date, when=record.date)
    for url in (record.url, record.copy_url):
        if web_url(url):
            _el(bibl, "ptr", target=url)
    _el(bibl, "idno", record.sha256, type="sha256")
    _el(bibl, "idno", f"sources/{record.file}", type="file")
    if record.provenance:
        _el(bibl, "note", record.provenance, type="provenance")
    profile = _el(header, "profileDesc")
    text_class = _el(profile, "textClass")
    keywords = _el(text_class, "keywords", scheme="#genre")
    _el(keywords, "term", record.genre.label)


def _ai_anchor(record_anchor: str, end: str) -> str:
    """The xml:id of the anchor where an AI record's extent starts or ends."""
    return xml_id(record_anchor, end)


def _ai_points(spans: Sequence[Span], text: str) -> list[Span]:
    """Each AI extent as two points: its first character, and just after its last."""
    points = []
    for span in spans:
        if span.kind == "ai":
            last_line = text.count("\n", 0, span.end) + 1
            points.append(Span("ai-start", span.start, span.start, span.target, span.line))
            points.append(Span("ai-end", span.end, span.end, span.target, last_line))
    return points


def _docname(env: BuildEnvironment, record: SourceRecord) -> str:
    use = edition_domain(env).sources.get(record.id)
    return use.docname if use is not None else ""


# The characters XML 1.0 cannot hold, even as character references: the C0 controls
# but tab, LF and CR, and U+FFFE and U+FFFF (UTF-8 yields no surrogates).
_NOT_XML = re.compile("([\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff])")


def _stand_in(char: str) -> str:
    """What a ``g`` element shows for ``char``: its control picture (``␌``), else U+FFFD."""
    code = ord(char)
    return chr(0x2400 + code) if code < 0x20 else "\ufffd"


def _append_text(parent: ET.Element, text: str) -> None:
    """Add ``text`` at the end of ``parent`` (after its last child, if any).

    A character XML cannot hold (a form feed, a vertical tab) is not dropped: it becomes
    ``<g type="control-character" n="U+000C">␌</g>``, the code point in ``n`` and its
    Unicode control picture as the text, as TEI's ``g`` is for characters that cannot
    be written as they are.
    """
    # Split with a group: the parts alternate between text and one character XML lacks.
    for index, part in enumerate(_NOT_XML.split(text)):
        if index % 2:
            glyph = ET.SubElement(
                parent, f"{{{TEI_NS}}}g", {"type": "control-character", "n": f"U+{ord(part):04X}"}
            )
            glyph.text = _stand_in(part)
        elif part and len(parent):
            parent[-1].tail = (parent[-1].tail or "") + part
        elif part:
            parent.text = (parent.text or "") + part


def _note_content(note: ET.Element, text: str, author_years: Mapping[str, str]) -> None:
    """Fill ``note`` with a note's text, each citation a link into the bibliography."""
    for part in note_parts(text):
        if isinstance(part, str):
            _append_text(note, part)
            continue
        _append_text(note, "(")
        for number, key in enumerate(part):
            if number:
                _append_text(note, "; ")
            _el(note, "ref", author_years[key], target=f"{REGISTERS}#{xml_id('bibl', key)}")
        _append_text(note, ")")


def _inline(
    paragraph: ET.Element,
    line: str,
    base: int,
    spans: list[Span],
    env: BuildEnvironment,
    author_years: Mapping[str, str],
) -> None:
    """Fill ``paragraph`` with ``line``, marking up the spans that fall in it."""
    domain = edition_domain(env)
    cursor = 0

    for span in spans:
        start, end = span.start - base, span.end - base
        if start < cursor:  # overlapping markup cannot nest here: keep the text, skip it
            continue
        _append_text(paragraph, line[cursor:start])
        if span.kind in ("ai-start", "ai-end"):
            _el(paragraph, "anchor", xml_id=_ai_anchor(span.target, span.kind[3:]))
        elif span.kind == "note":
            element = _el(paragraph, "note", type="editorial", place="foot")
            _note_content(element, span.note, author_years)
            if span.target:
                element.set("n", span.target)
        elif span.kind == "term":
            _el(
                paragraph, "term", line[start:end], ref=f"{REGISTERS}#{xml_id('term', span.target)}"
            )
        elif span.kind == "event":
            event = domain.events.get(span.target)
            attributes = _date_attributes(event.date, event.end) if event else {}
            attributes["corresp"] = f"{REGISTERS}#{xml_id('event', span.target)}"
            _el(paragraph, "date", line[start:end], **attributes)
        else:  # claim
            _el(
                paragraph,
                "seg",
                line[start:end],
                type="disputed-claim",
                ana=f"{REGISTERS}#{xml_id('claim', span.target)}",
            )
        cursor = end
    _append_text(paragraph, line[cursor:])


def tei_document(
    env: BuildEnvironment,
    source_id: str,
    spans: Sequence[Span],
    text: str,
    author_years: Mapping[str, str] | None = None,
) -> ET.ElementTree:
    """The TEI document of one source.

    ``author_years`` (:class:`AuthorYears`) is made once when many sources are exported.
    """
    if author_years is None:
        author_years = AuthorYears(env)
    record = get_catalogue(env).records[source_id]
    tei = _el(None, "TEI", xml_lang=record.language or "en")
    _header(tei, record, env)
    body = _el(_el(tei, "text"), "body")
    offset = 0
    by_line: dict[int, list[Span]] = {}
    for span in [s for s in spans if s.kind != "ai"] + _ai_points(spans, text):
        by_line.setdefault(span.line, []).append(span)
    for line_spans in by_line.values():  # an extent's end after a note at the same place
        line_spans.sort(key=lambda s: (s.start, s.end, s.kind == "ai-end"))
    # Lines as the fidelity check and the spans have them: split at LF alone.
    passage = 0
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            # The passage's number and id, as the HTML and the PDF give them (``¶ 12``).
            passage += 1
            paragraph = _el(body, "p", n=str(passage), xml_id=f"p{passage}")
            line_spans = by_line.get(number, [])
            paratext = [s for s in line_spans if s.kind == "paratext"]
            inner = [s for s in line_spans if s.kind != "paratext"]
            if paratext:
                paragraph = _el(paragraph, "seg", type="paratext", subtype=paratext[0].target)
            # The CR of a CRLF ending ends the line, like the LF: not part of the paragraph.
            _inline(paragraph, line.removesuffix("\r"), offset, inner, env, author_years)
        offset += len(line) + 1
    if not len(body):
        _el(body, "p")
    # No indentation: whitespace added inside paragraphs would change the text.
    return ET.ElementTree(tei)


def registers_document(env: BuildEnvironment, bibliography: dict[str, str]) -> ET.ElementTree:
    """The shared registers: glossary, events, disputed claims, bibliography."""
    domain = edition_domain(env)
    tei = _el(None, "TEI", xml_lang="en")
    header = _el(tei, "teiHeader")
    file_desc = _el(header, "fileDesc")
    _el(
        _el(file_desc, "titleStmt"),
        "title",
        "Registers of Kosovo after the War: an annotated edition",
    )
    _el(_el(file_desc, "publicationStmt"), "publisher", "The editors")
    _el(_el(file_desc, "sourceDesc"), "p", "Compiled by the editors.")
    encoding = _el(header, "encodingDesc")
    class_decl = _el(encoding, "classDecl")
    taxonomy = _el(class_decl, "taxonomy", xml_id="glossary")
    seen: set[str] = set()
    for entry in domain.glossary_entries:
        for term in entry.terms:
            # A term is looked up without regard to case: the first entry to give it has it.
            term_id = xml_id("term", term)
            if term_id in seen:
                continue
            seen.add(term_id)
            category = _el(taxonomy, "category", xml_id=term_id)
            description = _el(category, "catDesc")
            main = _el(description, "term", entry.terms[0])
            main.tail = ": " + entry.definition if entry.definition else None
            for variant in entry.terms[1:]:
                variant_term = _el(description, "term", variant, type="variant")
                variant_term.tail = " "
    stand_off = _el(tei, "standOff")
    events = _el(stand_off, "listEvent")
    for event in sorted(domain.events.values(), key=lambda e: (e.date, e.id)):
        element = _el(
            events,
            "event",
            xml_id=xml_id("event", event.id),
            **_date_attributes(event.date, event.end),
        )
        _el(element, "label", event.title)
    annotations = _el(stand_off, "listAnnotation")
    for claim in sorted(domain.claims.values(), key=lambda c: c.id):
        note = _el(
            annotations,
            "note",
            xml_id=xml_id("claim", claim.id),
            type="disputed-claim",
            subtype=claim.level,
        )
        note.text = f"Claimant: {claim.claimant}. Level: {claim.level}. Status: {claim.status}." + (
            f" Evidence: {', '.join(claim.evidence)}." if claim.evidence else ""
        )
    bibl_list = _el(stand_off, "listBibl")
    for key, text in sorted(bibliography.items()):
        _el(bibl_list, "bibl", text, xml_id=xml_id("bibl", key))
    if not len(annotations):
        stand_off.remove(annotations)
    if not len(events):
        stand_off.remove(events)
    if not len(bibl_list):
        stand_off.remove(bibl_list)
    _el(_el(_el(tei, "text"), "body"), "p", "The registers are in the standOff and the header.")
    ET.indent(tei, space=" ")
    return ET.ElementTree(tei)


def serialise(tree: ET.ElementTree) -> bytes:
    """The document as UTF-8 XML with a declaration."""
    root = tree.getroot()
    assert root is not None
    data: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    # ElementTree writes a CR of the text as it is, and a parser would read it as LF:
    # written as a reference, a lone CR of a source survives. (It writes none of its own.)
    return data.replace(b"\r", b"&#13;") + b"\n"
