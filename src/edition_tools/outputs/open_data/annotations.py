"""W3C Web Annotations of a source: every note, claim, term and event reference.

One ``AnnotationCollection`` (JSON-LD) per source, with one page. A section or passage
that an ``ai-content`` record covers is an annotation too, classifying the whole
passage, its quote running from the first character of its first line to the last of
its last, in the edition's one wording ("AI-generated passage", see
:mod:`edition_tools.model.ai_provenance`). Each annotation targets the copy of the
source whose text the editors received (its ``copy_url``, else its ``url``), and names
the original publication, where it is another, as the copy's ``dcterms:isVersionOf``;
its ``TextQuoteSelector`` (exact, prefix, suffix) and ``TextPositionSelector`` (start,
end) select the verbatim text in ``sources/``, so that an annotation tool can anchor it
on the page and any reader can check it against the file. A note, which stands at a
point, selects the word before its reference on its line (the word after it, when the
reference opens the line).

Nothing in a collection depends on the build: an annotation's id is made from its
record (a note's label, the glossary term, the event's or claim's id, the AI record's
anchor) and, where one record is referred to more than once, from the passage (``p12``,
the source's twelfth non-empty line, as in the TEI and the HTML), never from its
position in the list; ``created`` and ``modified`` come from the repository's history
(:mod:`edition_tools.outputs.open_data.history`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import quote

from sphinx.environment import BuildEnvironment

from edition_tools.model.ai_provenance import describe
from edition_tools.model.catalogue import SourceRecord
from edition_tools.model.dates import format_date
from edition_tools.model.markup import web_url
from edition_tools.model.records import AiRecord, GlossaryEntry, Span
from edition_tools.outputs.open_data.citations import AuthorYears, plain_note
from edition_tools.outputs.open_data.history import History
from edition_tools.outputs.open_data.licence import licence_url
from edition_tools.outputs.open_data.record_dates import RecordDates
from edition_tools.outputs.open_data.tei_xml import xml_id
from edition_tools.store.catalogue import get_catalogue
from edition_tools.store.domain import edition_domain

__all__ = [
    "MOTIVATIONS",
    "ai_records_of",
    "annotation_body",
    "annotation_collection",
    "annotation_ids",
    "glossary_index",
    "target_of",
]

#: The W3C motivation of each kind of annotation.
MOTIVATIONS = {
    "note": "commenting",
    "claim": "assessing",
    "term": "identifying",
    "event": "linking",
    "paratext": "classifying",
    "ai": "classifying",
}
CONTEXT_CHARS = 32
EDITORS = {"type": "Organization", "name": "The editors"}


def glossary_index(env: BuildEnvironment) -> dict[str, GlossaryEntry]:
    """Lower-cased term (main spelling or variant) to its glossary entry."""
    index: dict[str, GlossaryEntry] = {}
    for entry in edition_domain(env).glossary_entries:
        for term in entry.terms:
            index.setdefault(term.lower(), entry)
    return index


def _selected(span: Span, text: str) -> tuple[int, int]:
    """The characters an annotation selects.

    A note stands at a point, so it selects a word of its line: the word before its
    reference, or, when the reference opens the line, the word after it. Never a word
    of another line, nor nothing while the line has a word.
    """
    if span.kind != "note":
        return span.start, span.end
    # Lines end at LF alone, as the fidelity check has them (a CR is whitespace).
    line_start = text.rfind("\n", 0, span.start) + 1
    line_end = text.find("\n", span.start)
    if line_end < 0:
        line_end = len(text)
    # Walk over the whitespace, then over the word (a regular expression anchored at
    # the end would try every position of the text before the note).
    end = span.start
    while end > line_start and text[end - 1].isspace():
        end -= 1
    start = end
    while start > line_start and not text[start - 1].isspace():
        start -= 1
    if start < end:
        return start, end
    start = span.start
    while start < line_end and text[start].isspace():
        start += 1
    end = start
    while end < line_end and not text[end].isspace():
        end += 1
    if start < end:
        return start, end
    return span.start, span.start


def annotation_body(
    env: BuildEnvironment,
    span: Span,
    terms: Mapping[str, GlossaryEntry],
    author_years: Mapping[str, str],
    ai_records: Mapping[str, AiRecord] | None = None,
) -> str:
    """The text of the annotation of ``span``.

    ``terms`` is :func:`glossary_index`, ``author_years`` an :class:`AuthorYears`,
    ``ai_records`` the AI records of the span's page by anchor (:func:`ai_records_of`).
    """
    domain = edition_domain(env)
    if span.kind == "note":
        return plain_note(author_years, span.note)
    if span.kind == "claim":
        claim = domain.claims.get(span.target)
        if claim is not None:
            return f"Disputed claim ({claim.level}, {claim.status}); claimant: {claim.claimant}."
    if span.kind == "event":
        event = domain.events.get(span.target)
        if event is not None:
            return f"{event.title} ({format_date(event.date)})"
    if span.kind == "term":
        entry = terms.get(span.target.lower())
        if entry is not None:
            return f"{entry.terms[0]}: {entry.definition}"
    if span.kind == "paratext":
        return f"Web furniture ({span.target}), not part of the text."
    if span.kind == "ai":
        ai = (ai_records or {}).get(span.target)
        if ai is not None:
            return describe(ai)
    return span.target


def ai_records_of(env: BuildEnvironment, source_id: str) -> dict[str, AiRecord]:
    """The AI records of the page that gives ``source_id``'s text, by anchor."""
    domain = edition_domain(env)
    use = domain.sources.get(source_id)
    if use is None:
        return {}
    return {ai.anchor: ai for ai in domain.on_page("ai", use.docname)}


def target_of(record: SourceRecord) -> str | dict[str, Any]:
    """The resource an annotation's selectors describe: the copy received.

    Its ``copy_url`` where the catalogue has one, else its ``url``, else the file in
    ``sources/``; the original publication, when it is another web page, as the copy's
    ``dcterms:isVersionOf`` (a prefix the Web Annotation context defines).
    """
    urls = [url for url in (record.copy_url, record.url) if web_url(url)]
    if not urls:
        return f"sources/{record.file}"
    copy = urls[0]
    if urls[-1] == copy:
        return copy
    return {"id": copy, "dcterms:isVersionOf": {"id": urls[-1]}}


def _passages(text: str) -> dict[int, int]:
    """The passage number (``¶ n``) of each line that has one, by line number."""
    numbers: dict[int, int] = {}
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip():  # as the TEI numbers its paragraphs
            numbers[number] = len(numbers) + 1
    return numbers


def annotation_ids(
    spans: Sequence[Span], text: str, terms: Mapping[str, GlossaryEntry] | None = None
) -> list[str]:
    """The fragment of each span's annotation: its record, and its passage if need be.

    ``note-<label>`` and ``ai-<anchor>`` name one annotation each; a reference to a
    term, event, claim or a kind of web furniture adds its passage
    (``term-kosovo-p7``), and a second reference within the passage a count
    (``term-kosovo-p7-2``). A term reference is named after its glossary entry (the
    id of the entry's ``category`` in ``registers.xml``), whatever spelling the page
    wrote in its role. Ids are percent-encoded: a valid URI fragment.
    """
    passages = _passages(text)
    seen: dict[str, int] = {}
    ids = []
    for span in spans:
        if span.kind == "note":
            base = xml_id("note", span.target)
        elif span.kind == "ai":
            base = xml_id("ai", span.target)
        elif span.kind == "term" and terms and span.target.lower() in terms:
            entry = terms[span.target.lower()]
            base = f"{xml_id('term', entry.terms[0])}-p{passages.get(span.line, 0)}"
        else:
            base = f"{xml_id(span.kind, span.target)}-p{passages.get(span.line, 0)}"
        seen[base] = seen.get(base, 0) + 1
        fragment = base if seen[base] == 1 else f"{base}-{seen[base]}"
        ids.append(quote(fragment, safe="-._~"))
    return ids


def annotation_collection(
    env: BuildEnvironment,
    source_id: str,
    spans: Sequence[Span],
    text: str,
    base: str,
    terms: Mapping[str, GlossaryEntry] | None = None,
    author_years: Mapping[str, str] | None = None,
    history: History | None = None,
) -> dict[str, Any]:
    """The collection of ``source_id``'s annotations, as a JSON-LD document.

    ``terms`` (:func:`glossary_index`), ``author_years`` (:class:`AuthorYears`) and
    ``history`` are made once when many sources are exported.
    """
    if terms is None:
        terms = glossary_index(env)
    if author_years is None:
        author_years = AuthorYears(env)
    dates = RecordDates(env, history or History(env.srcdir))
    record = get_catalogue(env).records[source_id]
    collection_id = f"{base}data/{source_id}.annotations.jsonld"
    page_id = f"{collection_id}#page-1"
    ai_records = ai_records_of(env, source_id)
    use = edition_domain(env).sources.get(source_id)
    docname = use.docname if use is not None else ""
    target_source = target_of(record)
    rights = licence_url(env.config)
    items: list[dict[str, Any]] = []
    for fragment, span in zip(annotation_ids(spans, text, terms), spans, strict=True):
        start, end = _selected(span, text)
        when = dates.of_span(span, docname, text, terms, ai_records)
        items.append(
            {
                "id": f"{collection_id}#{fragment}",
                "type": "Annotation",
                "motivation": MOTIVATIONS[span.kind],
                "creator": EDITORS,
                "created": when.created,
                "modified": when.modified,
                "rights": rights,
                "body": {
                    "type": "TextualBody",
                    "value": annotation_body(env, span, terms, author_years, ai_records),
                    "format": "text/plain",
                    "language": "en",
                },
                "target": {
                    "type": "SpecificResource",
                    "source": target_source,
                    "selector": [
                        {
                            "type": "TextQuoteSelector",
                            "exact": text[start:end],
                            "prefix": text[max(0, start - CONTEXT_CHARS) : start],
                            "suffix": text[end : end + CONTEXT_CHARS],
                        },
                        {"type": "TextPositionSelector", "start": start, "end": end},
                    ],
                },
            }
        )
    collection: dict[str, Any] = {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": collection_id,
        "type": "AnnotationCollection",
        "label": f"Editorial annotations of “{record.title}”",
        "creator": EDITORS,
        "rights": rights,
        "total": len(items),
    }
    if items:
        collection["modified"] = max(str(item["modified"]) for item in items)
    collection["first"] = {
        "id": page_id,
        "type": "AnnotationPage",
        "partOf": collection_id,
        "startIndex": 0,
        "rights": rights,
        "items": items,
    }
    collection["last"] = page_id
    return collection
