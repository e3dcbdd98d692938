"""JSON-LD in the head of each source page: the source as schema.org, and its claims reviewed.

A ``CreativeWork`` for each source on the page (author, date, publisher where known,
genre, language, and, for a source recorded as AI-generated, its ``digitalSourceType``
in schema.org's IPTC vocabulary) and a ``ClaimReview`` for each disputed claim, whose
rating's ``alternateName`` is the edition's level and whose ``url`` is the claim's
record. The JSON is escaped so that no ``<`` can end the script element early.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from sphinx.application import Sphinx

from edition_tools.model.catalogue import SourceRecord
from edition_tools.model.dates import UNKNOWN, DatePrecision
from edition_tools.model.markup import web_url
from edition_tools.model.records import AiRecord, ClaimSpan
from edition_tools.store.catalogue import get_catalogue
from edition_tools.store.domain import EditionDomain, edition_domain

__all__ = ["page_jsonld", "page_url", "schema_digital_source_type", "setup_jsonld"]

EDITORS = {"@type": "Organization", "name": "The editors"}


#: schema.org's members of ``IPTCDigitalSourceEnumeration`` whose names are not the IPTC
#: code capitalised: "computationalCapture" is named after its IPTC label, "Multi-frame
#: computational capture".
_SCHEMA_MEMBER_NAMES = {"computationalCapture": "MultiFrameComputationalCapture"}

#: IPTC codes schema.org has no member for; the value is then the IPTC concept's own URI.
_NOT_IN_SCHEMA = frozenset({"humanEdits"})

#: The IPTC concept URIs, as the vocabulary itself gives them (``http``).
IPTC_CONCEPT_BASE = "http://cv.iptc.org/newscodes/digitalsourcetype/"


def schema_digital_source_type(iptc_code: str) -> str:
    """The ``digitalSourceType`` value for an IPTC code.

    schema.org's member of ``IPTCDigitalSourceEnumeration`` where it has one, else the
    IPTC concept's URI: a member made up from the code would name nothing.
    """
    if iptc_code in _NOT_IN_SCHEMA:
        return f"{IPTC_CONCEPT_BASE}{iptc_code}"
    name = _SCHEMA_MEMBER_NAMES.get(iptc_code, f"{iptc_code[:1].upper()}{iptc_code[1:]}")
    return f"https://schema.org/{name}DigitalSource"


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
        "author": [{"@type": "Person", "name": name} for name in record.authors],
    }
    # An outlet recorded as unknown is no publisher's name.
    if record.outlet and record.outlet != UNKNOWN:
        work["publisher"] = {"@type": "Organization", "name": record.outlet}
    if record.date_precision is not DatePrecision.UNKNOWN:
        work["datePublished"] = record.date
    if web_url(record.url):
        work["url"] = record.url
    if ai:
        work["digitalSourceType"] = schema_digital_source_type(ai[0].source_type)
    return work


def _appearance(
    domain: EditionDomain, claim_id: str, docname: str, base: str
) -> dict[str, str] | None:
    """The work in which a claim's span on page ``docname`` stands, as a reference."""
    for source_id, spans in domain.spans.get(docname, {}).items():
        if any(span.kind == "claim" and span.target == claim_id for span in spans):
            return {"@id": f"{page_url(base, docname)}#source-{source_id}"}
    return None


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
    graph: list[dict[str, Any]] = [_work(record, url, ai) for record in records]
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
            "itemReviewed": {
                "@type": "Claim",
                "author": {"@type": "Thing", "name": claim.claimant},
            },
            "reviewRating": {"@type": "Rating", "alternateName": claim.level},
            "author": EDITORS,
        }
        # With no marked words anywhere, no claimReviewed: the id is no summary of it.
        if span is not None:
            review["claimReviewed"] = span.text
            appearance = _appearance(domain, claim.id, span.docname, base)
            if appearance is not None:
                review["itemReviewed"]["appearance"] = appearance
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
    text = json.dumps(data, ensure_ascii=False, sort_keys=True).replace("<", "\\u003c")
    context["metatags"] = (
        context.get("metatags", "") + f'\n<script type="application/ld+json">{text}</script>'
    )
    source_ids = [use.source_id for use in edition_domain(app.env).on_page("sources", pagename)]
    context["edition_data_files"] = [
        (label, f"data/{source_id}.{suffix}")
        for source_id in source_ids
        for label, suffix in (("TEI XML", "tei.xml"), ("Web Annotations", "annotations.jsonld"))
    ]


def setup_jsonld(app: Sphinx) -> None:
    """Connect the JSON-LD to the page context."""
    app.connect("html-page-context", add_jsonld)
