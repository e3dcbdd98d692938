"""Cited on: each bibliography entry links back to every place that cites the work.

sphinxcontrib-bibtex links citations to the bibliography, and back only from entries to
citations on the bibliography's own page; the edition cites from the source pages and
the registers. So, in HTML, each entry gets a line "Cited on: Page A (2, 3); Page B"
(:func:`~edition_tools.features.backlinks.backlinks_paragraph`), one link per citation,
to the citation's own id, which its page keeps (a citation in a note keeps it in the
note's first copy in the margin).

The bibliography page is rewritten when a citation is added, moved or removed anywhere
(an aggregate of :mod:`edition_tools.store.aggregates`).
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from edition_tools.features.backlinks import backlinks_paragraph
from edition_tools.store.aggregates import add_aggregate, digest
from edition_tools.store.citations import bibtex_domain
from edition_tools.store.domain import EditionDomain, page_title

__all__ = ["add_cited_on", "citing_places", "setup_cited_on"]

#: The words before the links.
LABEL = "Cited on"


def citing_places(env: BuildEnvironment) -> dict[str, list[tuple[str, str]]]:
    """For each key, the (page, citation id) of every citation of it, in page order."""
    domain = bibtex_domain(env)
    if domain is None:
        return {}
    places: dict[str, list[tuple[str, str]]] = {}
    for ref in domain.citation_refs:
        for target in ref.targets:
            places.setdefault(target.key, []).append((ref.docname, ref.citation_ref_id))
    return {key: sorted(found, key=_page_order) for key, found in places.items()}


def _page_order(place: tuple[str, str]) -> tuple[str, int, str]:
    """By page, then as the citations stand on it: their ids (``id9``) count up in order.

    Not by the line sphinxcontrib-bibtex records, which is the page's line when the role
    was met (for MyST, often the line of the block, not of the citation).
    """
    docname, anchor = place
    digits = anchor.lstrip("abcdefghijklmnopqrstuvwxyz-")
    return docname, int(digits) if digits.isdigit() else 0, anchor


def add_cited_on(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Add a "Cited on" line to each bibliography entry of a page (``doctree-resolved``).

    HTML and EPUB only: a printed book has its index, and its pages are not links.
    """
    if app.builder.format != "html":
        return
    domain = bibtex_domain(app.env)
    if domain is None:
        return
    keys = {citation.citation_id: citation.key for citation in domain.citations}
    places: dict[str, list[tuple[str, str]]] | None = None
    for entry in doctree.findall(nodes.citation):
        key = keys.get(entry["ids"][0]) if entry["ids"] else None
        if key is None:
            continue
        if places is None:  # worked out only for a page with a bibliography
            places = citing_places(app.env)
        line = backlinks_paragraph(app.env, app.builder, docname, LABEL, places.get(key, []))
        if line is not None:
            line["classes"].append("edition-cited-on")
            entry += line


def _cited_on_digest(env: BuildEnvironment, domain: EditionDomain) -> tuple[str, set[str]]:
    """What the "Cited on" lines show, and the pages with a bibliography."""
    bibtex = bibtex_domain(env)
    if bibtex is None:
        return "", set()
    refs = [
        (ref.docname, ref.citation_ref_id, tuple(target.key for target in ref.targets))
        for ref in bibtex.citation_refs
    ]
    titles = [
        (name, page_title(env, name)) for name in {ref.docname for ref in bibtex.citation_refs}
    ]
    pages = {key.docname for key in bibtex.bibliographies}
    return digest([*refs, *titles]), pages


def setup_cited_on(app: Sphinx) -> None:
    """Connect the "Cited on" lines and the bibliography's digest."""
    # Before the search index reads the page (500) and its URLs are checked (900).
    app.connect("doctree-resolved", add_cited_on, priority=400)
    add_aggregate("cited-on", _cited_on_digest)
