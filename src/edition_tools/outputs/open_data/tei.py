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

import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence

from sphinx.environment import BuildEnvironment

from edition_tools.model.ai_provenance import AI_SOURCE_TYPES, describe, provenance_of
from edition_tools.model.catalogue import SourceRecord
from edition_tools.model.dates import UNKNOWN, DatePrecision
from edition_tools.model.markup import web_url
from edition_tools.model.records import GlossaryEntry, Span
from edition_tools.outputs.open_data.annotations import glossary_index
from edition_tools.outputs.open_data.citations import AuthorYears, note_parts
from edition_tools.outputs.open_data.licence import licence_name, licence_url
from edition_tools.outputs.open_data.tei_xml import (
    REGISTERS,
    TEI_NS,
    XML_NS,
    append_text,
    element,
    serialise,
    xml_id,
)
from edition_tools.store.catalogue import get_catalogue
from edition_tools.store.domain import edition_domain

__all__ = [
    "REGISTERS",
    "TEI_NS",
    "registers_document",
    "serialise",
    "tei_document",
    "term_id",
    "xml_id",
]


def _date_attributes(date: str, end: str = "") -> dict[str, str]:
    if not date or date == UNKNOWN:
        return {}
    return {"from": date, "to": end} if end else {"when": date}


def _header(tei: ET.Element, record: SourceRecord, env: BuildEnvironment) -> None:
    header = element(tei, "teiHeader")
    file_desc = element(header, "fileDesc")
    title_stmt = element(file_desc, "titleStmt")
    element(title_stmt, "title", record.title)
    for author in record.authors:
        element(title_stmt, "author", author)
    element(title_stmt, "editor", "The editors of the annotated edition")
    publication = element(file_desc, "publicationStmt")
    element(publication, "publisher", f"The editors of {env.config.project}")
    availability = element(publication, "availability")
    element(
        availability,
        "licence",
        f"Editorial matter: {licence_name(env.config)}. The source text is reproduced "
        "unchanged for scholarly commentary and remains the property of its rights holders.",
        target=licence_url(env.config),
    )
    ai_records = edition_domain(env).on_page("ai", _docname(env, record))
    if ai_records:
        notes = element(file_desc, "notesStmt")
        for ai in ai_records:
            kind = provenance_of(ai.source_type).slug if ai.source_type in AI_SOURCE_TYPES else ""
            note = element(notes, "note", type=kind or "ai-content", subtype=ai.basis)
            if ai.first_line:
                note.set("target", f"#{_ai_anchor(ai.anchor, 'start')}")
                note.set("targetEnd", f"#{_ai_anchor(ai.anchor, 'end')}")
            note.text = describe(ai)
            if ai.disclosure:
                note.text += f" Publisher's disclosure: “{ai.disclosure}”"
    source_desc = element(file_desc, "sourceDesc")
    bibl = element(source_desc, "bibl")
    element(bibl, "title", record.title)
    for author in record.authors:
        element(bibl, "author", author)
    # A publisher not known is left out: TEI has no name for "no known publisher".
    if record.publisher_name is not None:
        element(bibl, "publisher", record.publisher_name)
    if record.date_precision is DatePrecision.UNKNOWN:
        element(bibl, "date", "date unknown")
    else:
        element(bibl, "date", record.date, when=record.date)
    for url in (record.url, record.copy_url):
        if web_url(url):
            element(bibl, "ptr", target=url)
    element(bibl, "idno", record.sha256, type="sha256")
    element(bibl, "idno", f"sources/{record.file}", type="file")
    if record.provenance:
        element(bibl, "note", record.provenance, type="provenance")
    profile = element(header, "profileDesc")
    text_class = element(profile, "textClass")
    # No scheme: the genres are the catalogue's words, and no taxonomy of them is exported
    # (a scheme must point at one).
    keywords = element(text_class, "keywords")
    element(keywords, "term", record.genre.label)


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


def _note_content(note: ET.Element, text: str, author_years: Mapping[str, str]) -> None:
    """Fill ``note`` with a note's text, each citation a link into the bibliography."""
    for part in note_parts(text):
        if isinstance(part, str):
            append_text(note, part)
            continue
        append_text(note, "(")
        for number, key in enumerate(part):
            if number:
                append_text(note, "; ")
            element(note, "ref", author_years[key], target=f"{REGISTERS}#{xml_id('bibl', key)}")
        append_text(note, ")")


def _inline(
    paragraph: ET.Element,
    line: str,
    base: int,
    spans: list[Span],
    env: BuildEnvironment,
    author_years: Mapping[str, str],
    terms: Mapping[str, GlossaryEntry],
) -> None:
    """Fill ``paragraph`` with ``line``, marking up the spans that fall in it."""
    domain = edition_domain(env)
    cursor = 0

    for span in spans:
        start, end = span.start - base, span.end - base
        if start < cursor:  # overlapping markup cannot nest here: keep the text, skip it
            continue
        append_text(paragraph, line[cursor:start])
        if span.kind in ("ai-start", "ai-end"):
            element(paragraph, "anchor", xml_id=_ai_anchor(span.target, span.kind[3:]))
        elif span.kind == "note":
            note = element(paragraph, "note", type="editorial", place="foot")
            _note_content(note, span.note, author_years)
            if span.target:
                note.set("n", span.target)
        elif span.kind == "term":
            element(paragraph, "term", line[start:end], ref=f"{REGISTERS}#{term_id(terms, span)}")
        elif span.kind == "event":
            event = domain.events.get(span.target)
            attributes = _date_attributes(event.date, event.end) if event else {}
            attributes["corresp"] = f"{REGISTERS}#{xml_id('event', span.target)}"
            element(paragraph, "date", line[start:end], **attributes)
        else:  # claim
            element(
                paragraph,
                "seg",
                line[start:end],
                type="disputed-claim",
                ana=f"{REGISTERS}#{xml_id('claim', span.target)}",
            )
        cursor = end
    append_text(paragraph, line[cursor:])


def tei_document(
    env: BuildEnvironment,
    source_id: str,
    spans: Sequence[Span],
    text: str,
    author_years: Mapping[str, str] | None = None,
    terms: Mapping[str, GlossaryEntry] | None = None,
) -> ET.ElementTree:
    """The TEI document of one source.

    ``author_years`` (:class:`AuthorYears`) and ``terms``
    (:func:`~edition_tools.outputs.open_data.annotations.glossary_index`) are made once
    when many sources are exported.
    """
    if author_years is None:
        author_years = AuthorYears(env)
    if terms is None:
        terms = glossary_index(env)
    record = get_catalogue(env).records[source_id]
    tei = element(None, "TEI", xml_lang=record.language or "en")
    _header(tei, record, env)
    body = element(element(tei, "text"), "body")
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
            paragraph = element(body, "p", n=str(passage), xml_id=f"p{passage}")
            line_spans = by_line.get(number, [])
            paratext = [s for s in line_spans if s.kind == "paratext"]
            inner = [s for s in line_spans if s.kind != "paratext"]
            if paratext:
                paragraph = element(paragraph, "seg", type="paratext", subtype=paratext[0].target)
            # The CR of a CRLF ending ends the line, like the LF: not part of the paragraph.
            _inline(paragraph, line.removesuffix("\r"), offset, inner, env, author_years, terms)
        offset += len(line) + 1
    if not len(body):
        element(body, "p")
    # No indentation: whitespace added inside paragraphs would change the text.
    return ET.ElementTree(tei)


def term_id(terms: Mapping[str, GlossaryEntry], span: Span) -> str:
    """The id of the glossary entry a term reference points to: its main spelling's."""
    entry = terms.get(span.target.lower())
    return xml_id("term", entry.terms[0] if entry is not None else span.target)


def _glossary(class_decl: ET.Element, env: BuildEnvironment) -> None:
    """One category per entry: its main spelling, the others as alternative names."""
    taxonomy = element(class_decl, "taxonomy", xml_id="glossary")
    seen: set[str] = set()
    for entry in edition_domain(env).glossary_entries:
        entry_id = xml_id("term", entry.terms[0])
        if entry_id in seen:  # looked up without regard to case: the first entry has it
            continue
        seen.add(entry_id)
        description = element(element(taxonomy, "category", xml_id=entry_id), "catDesc")
        element(description, "term", entry.terms[0], type="main")
        for variant in entry.terms[1:]:
            element(description, "term", variant, type="alternative").tail = " "
        if entry.definition:
            element(description, "gloss", entry.definition)


def registers_document(env: BuildEnvironment, bibliography: Sequence[ET.Element]) -> ET.ElementTree:
    """The shared registers: glossary, events, disputed claims, bibliography.

    ``bibliography`` is a ``biblStruct`` of each work
    (:func:`~edition_tools.outputs.open_data.bibliography.bibliography_structs`).
    """
    domain = edition_domain(env)
    tei = element(None, "TEI", xml_lang="en")
    header = element(tei, "teiHeader")
    file_desc = element(header, "fileDesc")
    element(
        element(file_desc, "titleStmt"),
        "title",
        f"Registers of {env.config.project}",
    )
    publication = element(file_desc, "publicationStmt")
    element(publication, "publisher", "The editors")
    element(
        element(publication, "availability"),
        "licence",
        licence_name(env.config),
        target=licence_url(env.config),
    )
    element(element(file_desc, "sourceDesc"), "p", "Compiled by the editors.")
    _glossary(element(element(header, "encodingDesc"), "classDecl"), env)
    stand_off = element(tei, "standOff")
    events = element(stand_off, "listEvent")
    for event in sorted(domain.events.values(), key=lambda e: (e.date, e.id)):
        event_element = element(
            events,
            "event",
            xml_id=xml_id("event", event.id),
            **_date_attributes(event.date, event.end),
        )
        element(event_element, "label", event.title)
    annotations = element(stand_off, "listAnnotation")
    works = {work.get(f"{{{XML_NS}}}id") for work in bibliography}
    for claim in sorted(domain.claims.values(), key=lambda c: c.id):
        note = element(
            annotations,
            "note",
            xml_id=xml_id("claim", claim.id),
            type="disputed-claim",
            subtype=claim.level,
        )
        note.text = f"Claimant: {claim.claimant}. Level: {claim.level}. Status: {claim.status}."
        # Each work once, in the record's order, linked where the bibliography has it.
        evidence = [
            key for number, key in enumerate(claim.evidence) if key not in claim.evidence[:number]
        ]
        if evidence:
            append_text(note, " Evidence: ")
            for number, key in enumerate(evidence):
                if number:
                    append_text(note, ", ")
                if xml_id("bibl", key) in works:
                    element(note, "ref", key, target=f"#{xml_id('bibl', key)}")
                else:
                    append_text(note, key)
            append_text(note, ".")
    bibl_list = element(stand_off, "listBibl")
    bibl_list.extend(bibliography)
    for empty in (annotations, events, bibl_list):
        if not len(empty):
            stand_off.remove(empty)
    body = element(element(tei, "text"), "body")
    element(body, "p", "The registers are in the standOff and the header.")
    ET.indent(tei, space=" ")
    return ET.ElementTree(tei)
