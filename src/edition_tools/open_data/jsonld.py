"""JSON-LD in the head of each source page: the source as schema.org, and its claims reviewed.

A ``CreativeWork`` for the source (author, date, publisher, genre, language, and, for a
source recorded as AI-generated, its ``digitalSourceType`` in schema.org's IPTC
vocabulary) and a ``ClaimReview`` for each disputed claim, whose rating's
``alternateName`` is the edition's level. The JSON is escaped so that no ``<`` can end
the script element early.
"""

from __future__ import annotations

import json
from typing import Any

from sphinx.application import Sphinx

from edition_tools.catalogue import DatePrecision
from edition_tools.checks.markup import web_url
from edition_tools.domain import edition_domain
from edition_tools.source_catalogue import get_catalogue

__all__ = ["page_jsonld", "schema_digital_source_type", "setup_jsonld"]

EDITORS = {"@type": "Organization", "name": "The editors"}


def schema_digital_source_type(iptc_code: str) -> str:
    """schema.org's member of ``IPTCDigitalSourceEnumeration`` for an IPTC code."""
    return f"https://schema.org/{iptc_code[:1].upper()}{iptc_code[1:]}DigitalSource"


def page_jsonld(app: Sphinx, pagename: str, page_url: str) -> dict[str, Any] | None:
    """The JSON-LD of a source page, or ``None`` for other pages."""
    domain = edition_domain(app.env)
    uses = domain.on_page("sources", pagename)
    if not uses:
        return None
    record = get_catalogue(app.env).records.get(uses[0].source_id)
    if record is None:
        return None
    work: dict[str, Any] = {
        "@type": "CreativeWork",
        "@id": f"{page_url}#source-{record.id}",
        "name": record.title,
        "genre": record.genre.label,
        "inLanguage": record.language,
        "author": [{"@type": "Person", "name": name} for name in record.authors],
        "publisher": {"@type": "Organization", "name": record.outlet},
    }
    if record.date_precision is not DatePrecision.UNKNOWN:
        work["datePublished"] = record.date
    if web_url(record.url):
        work["url"] = record.url
    ai = [a for a in domain.on_page("ai", pagename) if a.scope == "document"]
    if ai:
        work["digitalSourceType"] = schema_digital_source_type(ai[0].source_type)
    graph: list[dict[str, Any]] = [work]
    spans = {s.claim_id: s for s in domain.on_page("claim_spans", pagename)}
    # The claims recorded on this page, and those whose spans it marks.
    shown = {claim.id for claim in domain.on_page("claims", pagename)} | spans.keys()
    for claim in sorted(
        (domain.claims[claim_id] for claim_id in shown if claim_id in domain.claims),
        key=lambda c: c.id,
    ):
        span = spans.get(claim.id)
        graph.append(
            {
                "@type": "ClaimReview",
                "url": f"{page_url}#{claim.anchor}",
                "claimReviewed": span.text if span else claim.id,
                "itemReviewed": {
                    "@type": "Claim",
                    "author": {"@type": "Thing", "name": claim.claimant},
                    "appearance": {"@id": work["@id"]},
                },
                "reviewRating": {"@type": "Rating", "alternateName": claim.level},
                "author": EDITORS,
            }
        )
    return {"@context": "https://schema.org", "@graph": graph}


def add_jsonld(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Put the page's JSON-LD into its head (``html-page-context``)."""
    if doctree is None:
        return
    base = app.config.html_baseurl or ""
    data = page_jsonld(app, pagename, f"{base}{pagename}.html")
    if data is None:
        return
    text = json.dumps(data, ensure_ascii=False, sort_keys=True).replace("<", "\\u003c")
    context["metatags"] = (
        context.get("metatags", "") + f'\n<script type="application/ld+json">{text}</script>'
    )
    source_ids = [
        u.source_id for u in edition_domain(app.env).sources.values() if u.docname == pagename
    ]
    context["edition_data_files"] = [
        (label, f"data/{source_id}.{suffix}")
        for source_id in source_ids
        for label, suffix in (("TEI XML", "tei.xml"), ("Web Annotations", "annotations.jsonld"))
    ]


def setup_jsonld(app: Sphinx) -> None:
    """Connect the JSON-LD to the page context."""
    app.connect("html-page-context", add_jsonld)
