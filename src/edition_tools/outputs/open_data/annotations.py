"""W3C Web Annotations of a source: every note, claim, term and event reference.

One ``AnnotationCollection`` (JSON-LD) per source. A section or passage that an
``ai-content`` record covers is an annotation too, classifying the whole passage, its
quote running from the first character of its first line to the last of its last, in
the edition's one wording ("AI-generated passage", see
:mod:`edition_tools.model.ai_provenance`). Each annotation targets the source's
original URL where it is known, with a ``TextQuoteSelector`` (exact, prefix, suffix) and
a ``TextPositionSelector`` (start, end) on the verbatim text in ``sources/``, so that an
annotation tool can anchor it on the page and any reader can check it against the file.
A note, which stands at a point, selects the word before its reference on its line
(the word after it, when the reference opens the line).
"""

from __future__ import annotations

import contextlib
import datetime
import os
from collections.abc import Mapping, Sequence
from typing import Any

from sphinx.environment import BuildEnvironment

from edition_tools.model.ai_provenance import describe
from edition_tools.model.catalogue import SourceRecord
from edition_tools.model.dates import format_date
from edition_tools.model.markup import web_url
from edition_tools.model.records import AiRecord, GlossaryEntry, Span
from edition_tools.outputs.open_data.citations import AuthorYears, plain_note
from edition_tools.store.catalogue import get_catalogue
from edition_tools.store.domain import edition_domain

__all__ = [
    "MOTIVATIONS",
    "ai_records_of",
    "annotation_body",
    "annotation_collection",
    "build_date",
    "glossary_index",
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


def build_date() -> str:
    """The date of this build: ``SOURCE_DATE_EPOCH`` when set (reproducible builds), else today.

    A value that is not a plain ASCII count of seconds in the calendar's range is
    ignored rather than fatal: the variable belongs to the environment, not to the
    edition, and ``str.isdigit`` alone would let "²" through to ``int``.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    moment = datetime.datetime.now(tz=datetime.UTC)
    if epoch.isascii() and epoch.isdigit():
        with contextlib.suppress(OverflowError, OSError, ValueError):
            moment = datetime.datetime.fromtimestamp(int(epoch), tz=datetime.UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


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
        entry = terms.get(span.target)
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


def _target_source(record: SourceRecord) -> str:
    for url in (record.url, record.copy_url):
        if web_url(url):
            return url
    return f"sources/{record.file}"


def annotation_collection(
    env: BuildEnvironment,
    source_id: str,
    spans: Sequence[Span],
    text: str,
    base: str,
    terms: Mapping[str, GlossaryEntry] | None = None,
    author_years: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """The collection of ``source_id``'s annotations, as a JSON-LD document.

    ``terms`` (:func:`glossary_index`) and ``author_years`` (:class:`AuthorYears`) are
    made once when many sources are exported.
    """
    if terms is None:
        terms = glossary_index(env)
    if author_years is None:
        author_years = AuthorYears(env)
    record = get_catalogue(env).records[source_id]
    collection_id = f"{base}data/{source_id}.annotations.jsonld"
    created = build_date()
    ai_records = ai_records_of(env, source_id)
    items = []
    for number, span in enumerate(spans, start=1):
        start, end = _selected(span, text)
        items.append(
            {
                "id": f"{collection_id}#annotation-{number}",
                "type": "Annotation",
                "motivation": MOTIVATIONS[span.kind],
                "creator": EDITORS,
                "created": created,
                "body": {
                    "type": "TextualBody",
                    "value": annotation_body(env, span, terms, author_years, ai_records),
                    "format": "text/plain",
                    "language": "en",
                },
                "target": {
                    "source": _target_source(record),
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
    return {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": collection_id,
        "type": "AnnotationCollection",
        "label": f"Editorial annotations of “{record.title}”",
        "total": len(items),
        "first": {"type": "AnnotationPage", "id": f"{collection_id}#page-1", "items": items},
    }
