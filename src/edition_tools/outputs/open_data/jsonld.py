"""JSON-LD in the head of each source page: the page, its sources, their claims reviewed.

A ``WebPage`` for the page itself, the editors' work, with its licence (CC BY 4.0) and
the sources it is ``about``; a ``CreativeWork`` for each source on the page, as first
published (author, date, publisher where known, genre, language, and, for a source
recorded as AI-generated, its ``digitalSourceType``: the IPTC concept's IRI); and a
``ClaimReview`` for each disputed claim. A review is dated from the repository's history
of its record (``datePublished``, ``dateModified``), is by the editors, under the
editors' licence, and links to its record (``url``). Its ``itemReviewed`` is a
``Claim`` whose ``author`` is the claimant (a ``Person`` when the claimant is an author
of the source that makes the claim, else an ``Organization``), whose ``datePublished``
is that source's date where known, whose ``firstAppearance`` is the source as first
published (when the catalogue has its address) and whose ``appearance`` is the source
on the page that marks it. The ``reviewRating`` rates the level of doubt from 4 (the
mildest: citation needed) to 1 (contradicted by the record), with the level's name and,
as ``alternateName``, the edition's slug. The JSON is escaped so that no ``<`` can end
the script element early.
"""

from __future__ import annotations

import html
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

from sphinx.application import Sphinx

from edition_tools.model.catalogue import SourceRecord
from edition_tools.model.dates import DatePrecision
from edition_tools.model.markup import web_url
from edition_tools.model.records import AiRecord, ClaimRecord, ClaimSpan
from edition_tools.outputs.open_data.export import SITE_BUILDERS
from edition_tools.outputs.open_data.history import History
from edition_tools.outputs.open_data.licence import licence_url
from edition_tools.outputs.open_data.record_dates import RecordDates
from edition_tools.store.catalogue import get_catalogue
from edition_tools.store.domain import EditionDomain, edition_domain

__all__ = ["RATINGS", "digital_source_type", "page_jsonld", "page_url", "setup_jsonld"]

EDITORS = {"@type": "Organization", "name": "The editors"}

#: The IPTC concept IRIs, as the vocabulary itself gives them (``http``).
IPTC_CONCEPT_BASE = "http://cv.iptc.org/newscodes/digitalsourcetype/"

#: Each level of doubt of the ``disputed`` feature, mildest first, as a rating: its
#: value (4 the mildest doubt, 1 contradicted by the record) and its name.
RATINGS = {
    "citation-needed": (4, "Citation needed"),
    "dubious": (3, "Dubious"),
    "disputed": (2, "Disputed"),
    "contradicted": (1, "Contradicted"),
}

#: Each build's history of the repository, asked once (a page is written many times).
_HISTORIES: WeakKeyDictionary[Sphinx, History] = WeakKeyDictionary()


def digital_source_type(iptc_code: str) -> str:
    """The ``digitalSourceType`` of an IPTC code: the IPTC concept's IRI.

    schema.org's members of ``IPTCDigitalSourceEnumeration`` are each the
    ``skos:exactMatch`` of such an IRI, and the vocabulary has codes schema.org lacks
    (``humanEdits``); the IRI names every one of them the same way.
    """
    return f"{IPTC_CONCEPT_BASE}{iptc_code}"


def page_url(base: str, docname: str) -> str:
    """The published address of a page."""
    return f"{base}{docname}.html"


def _work(record: SourceRecord, url: str, ai: Sequence[AiRecord]) -> dict[str, Any]:
    """The schema.org ``CreativeWork`` of a source shown on the page at ``url``."""
    work: dict[str, Any] = {
        "@type": "CreativeWork",
        "@id": f"{url}#source-{record.id}",
        "name": record.title,
        "genre": record.genre.label,
        "inLanguage": record.language,
    }
    if record.authors:  # none known: no author, rather than an empty list
        work["author"] = [{"@type": "Person", "name": name} for name in record.authors]
    if record.publisher_name is not None:
        work["publisher"] = {"@type": "Organization", "name": record.publisher_name}
    if record.date_precision is not DatePrecision.UNKNOWN:
        work["datePublished"] = record.date
    if web_url(record.url):
        work["url"] = record.url
    if ai:
        work["digitalSourceType"] = digital_source_type(ai[0].source_type)
    return work


def _source_of_span(domain: EditionDomain, claim_id: str, docname: str) -> str | None:
    """The source whose text on page ``docname`` marks the claim's words."""
    for source_id, spans in domain.spans.get(docname, {}).items():
        if any(span.kind == "claim" and span.target == claim_id for span in spans):
            return source_id
    return None


def _claimant(claim: ClaimRecord, record: SourceRecord | None) -> dict[str, str]:
    """The claim's author: a ``Person`` if an author of its source, else an ``Organization``."""
    for author in record.authors if record is not None else ():
        if claim.claimant == author or claim.claimant.startswith(f"{author},"):
            person = {"@type": "Person", "name": author}
            if claim.claimant != author:  # "Susan Blaustein, citing …"
                person["description"] = claim.claimant
            return person
    return {"@type": "Organization", "name": claim.claimant}


def _rating(level: str) -> dict[str, Any]:
    value, name = RATINGS.get(level, RATINGS["disputed"])
    return {
        "@type": "Rating",
        "ratingValue": value,
        "bestRating": max(v for v, _name in RATINGS.values()),
        "worstRating": min(v for v, _name in RATINGS.values()),
        "name": name,
        "alternateName": level,
    }


def _history(app: Sphinx) -> History:
    if app not in _HISTORIES:
        _HISTORIES[app] = History(Path(app.srcdir))
    return _HISTORIES[app]


def page_jsonld(app: Sphinx, pagename: str, base: str) -> dict[str, Any] | None:
    """The JSON-LD of a source page, or ``None`` for other pages.

    ``base`` is the site's address (``html_baseurl``), which page addresses follow.
    """
    domain = edition_domain(app.env)
    catalogue = get_catalogue(app.env)
    records = [
        catalogue.records[use.source_id]
        for use in domain.on_page("sources", pagename)
        if use.source_id in catalogue.records
    ]
    if not records:
        return None
    url = page_url(base, pagename)
    ai = [a for a in domain.on_page("ai", pagename) if a.scope == "document"]
    # Every source the page shows, each its own work (a page may have several).
    works = [_work(record, url, ai) for record in records]
    page = {
        "@type": "WebPage",
        "@id": url,
        "url": url,
        "license": licence_url(app.config),
        "about": [{"@id": work["@id"]} for work in works],
    }
    graph: list[dict[str, Any]] = [page, *works]
    dates = RecordDates(app.env, _history(app))
    spans = {s.claim_id: s for s in domain.on_page("claim_spans", pagename)}
    # Each claim's first marked words in the edition, by page and line (a view the
    # domain keeps: worked out for every page, it made the build quadratic).
    elsewhere: dict[str, ClaimSpan] = domain.first_span_of_claim()
    # The claims recorded on this page, and those whose spans it marks.
    shown = {claim.id for claim in domain.on_page("claims", pagename)} | spans.keys()
    for claim in sorted(
        (domain.claims[claim_id] for claim_id in shown if claim_id in domain.claims),
        key=lambda c: c.id,
    ):
        # The claim's words as the page marks them, else as another page does.
        span = spans.get(claim.id) or elsewhere.get(claim.id)
        review: dict[str, Any] = {
            "@type": "ClaimReview",
            # The record may be on another page than the span: its anchor is on its own.
            "url": f"{page_url(base, claim.docname)}#{claim.anchor}",
            "itemReviewed": {"@type": "Claim"},
            "reviewRating": _rating(claim.level),
            "author": EDITORS,
            "license": licence_url(app.config),
        }
        when = dates.of_claim(claim.id)
        if when is not None:
            review["datePublished"] = when.created
            review["dateModified"] = when.modified
        # The source that makes the claim: the one whose words are marked, else the
        # record's page's first.
        source_id = _source_of_span(domain, claim.id, span.docname) if span else None
        if source_id is None:
            on_page = domain.on_page("sources", claim.docname)
            source_id = on_page[0].source_id if on_page else None
        record = catalogue.records.get(source_id) if source_id else None
        claim_item = review["itemReviewed"]
        claim_item["author"] = _claimant(claim, record)
        if record is not None and record.date_precision is not DatePrecision.UNKNOWN:
            claim_item["datePublished"] = record.date
        # With no marked words anywhere, no claimReviewed: the id is no summary of it.
        if span is not None and source_id is not None:
            review["claimReviewed"] = span.text
            work = {"@id": f"{page_url(base, span.docname)}#source-{source_id}"}
            # Where the claim was read: the copy the editors received, when it is not
            # the original; where it first appeared: the original publication.
            copy = record.copy_url if record is not None else ""
            if web_url(copy) and record is not None and copy != record.url:
                claim_item["appearance"] = {"@type": "CreativeWork", "url": copy}
            else:
                claim_item["appearance"] = work
            if record is not None and web_url(record.url):
                claim_item["firstAppearance"] = work
        graph.append(review)
    return {"@context": "https://schema.org", "@graph": graph}


def add_jsonld(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Put the page's JSON-LD into its head (``html-page-context``)."""
    if doctree is None:
        return
    base = app.config.html_baseurl or ""
    data = page_jsonld(app, pagename, base)
    if data is None:
        return
    # Compact: the block is read by machines, and counts in every page's weight.
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    # No "<" (it could end the script) and no "&" (an EPUB's XHTML would read an entity,
    # as in a copy's address "...?docId=k&doc.view=..."): JSON's escapes say the same.
    text = text.replace("<", "\\u003c").replace("&", "\\u0026")
    context["metatags"] = (
        context.get("metatags", "") + f'\n<script type="application/ld+json">{text}</script>'
    )
    source_ids = [use.source_id for use in edition_domain(app.env).on_page("sources", pagename)]
    context["edition_data_files"] = [
        (label, f"data/{source_id}.{suffix}")
        for source_id in source_ids
        for label, suffix in (("TEI XML", "tei.xml"), ("Web Annotations", "annotations.jsonld"))
    ]
    # Each data file as an alternate form of the page, for crawlers and tools: only on
    # the site, which carries the files (an EPUB does not, and its XHTML head would need
    # the links closed).
    if app.builder.name not in SITE_BUILDERS:
        return
    pathto = context.get("pathto")
    links = []
    for (label, path), kind in zip(
        context["edition_data_files"], _ALTERNATE_TYPES * len(source_ids), strict=True
    ):
        href = pathto(path, 1) if callable(pathto) else path
        links.append(
            f'<link rel="alternate" type="{html.escape(kind)}" '
            f'href="{html.escape(str(href))}" title="{html.escape(label)}">'
        )
    context["metatags"] += "".join(f"\n{link}" for link in links)


#: The media types of a source's TEI and its annotations, in ``edition_data_files`` order.
_ALTERNATE_TYPES = [
    "application/tei+xml",
    'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"',
]


def setup_jsonld(app: Sphinx) -> None:
    """Connect the JSON-LD to the page context."""
    app.connect("html-page-context", add_jsonld)
