"""Citation links without the whole reference in a tooltip.

sphinxcontrib-bibtex gives each citation link the full formatted reference as its
``title``: on a source page with a few hundred citations that is about 45 KB of text
no one reads twice, a fifth of the page's weight budget. The link's own words already
name the work author–year ("Blaustein 2000a"), the entry is one click away and leads
back by its "Cited on" links, so the HTML pages drop those titles.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx

__all__ = ["drop_citation_titles", "setup_citation_titles"]

#: The class sphinxcontrib-bibtex gives the span around a citation's links.
CITATION_CLASS = "bibtex-citation"


def drop_citation_titles(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Remove the tooltip of every citation link of an HTML page (``doctree-resolved``)."""
    if app.builder.format != "html":
        return
    for span in doctree.findall(nodes.inline):
        if CITATION_CLASS in span["classes"]:
            for reference in span.findall(nodes.reference):
                reference.attributes.pop("reftitle", None)


def setup_citation_titles(app: Sphinx) -> None:
    """Connect the handler."""
    app.connect("doctree-resolved", drop_citation_titles)
