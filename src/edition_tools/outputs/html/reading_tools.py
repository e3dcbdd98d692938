"""The reader's tools on a source page: a way straight to the text, and the layer switch.

A source page opens with its headnote, which on a desktop fills two or three screens
before the text begins. Under the page title the theme sets a short bar: a link that
lands exactly on the source text ("Go to the text"), and a button that hides or shows
the editorial layer (notes, labels, link styling). The button is written ``hidden`` and
shown by the edition's script, which also remembers the choice: without script there is
no button that does nothing. "Skip to the text" at the top of every page lands on the
source text too, not on the headnote.

The bar is spliced into the page's body after its first heading here, rather than
built as doctree nodes, because it is theme furniture: it must not reach the PDF, the
EPUB, the search index or the open data, which are made from the doctree.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

from edition_tools.model.editorial import source_text

__all__ = ["READING_BUILDERS", "setup_reading_tools", "source_anchor_of"]

#: The builders whose pages get the bar.
READING_BUILDERS = frozenset({"html", "dirhtml"})

_TOOLS = (
    '<nav class="edition-page-tools" aria-label="This source">'
    '<a class="edition-to-text" href="#{anchor}">Go to the text</a>'
    '<button type="button" class="edition-layer-toggle" aria-pressed="false" hidden>'
    "Hide the editorial layer</button>"
    "</nav>\n"
)


def source_anchor_of(doctree: nodes.document | None) -> str | None:
    """The id of the page's source text, or ``None`` on a page without one."""
    if doctree is None:
        return None
    for node in doctree.findall(source_text):
        ids: list[str] = node["ids"]
        if ids:
            return ids[0]
    return None


def add_reading_tools(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Point the skip link at the text and set the bar under the title (``html-page-context``)."""
    # Pages of one source each, read in a browser: not the EPUB (no script, XHTML) and not
    # the single page, which holds every source under the root page's title.
    anchor = source_anchor_of(doctree) if app.builder.name in READING_BUILDERS else None
    context["edition_skip_target"] = anchor or "main"
    context["edition_source_page"] = anchor is not None
    body = context.get("body")
    if anchor is None or not isinstance(body, str):
        return
    end_of_title = body.find("</h1>")
    if end_of_title < 0:
        return
    end_of_title += len("</h1>")
    context["body"] = (
        body[:end_of_title] + "\n" + _TOOLS.format(anchor=anchor) + body[end_of_title:]
    )


def setup_reading_tools(app: Sphinx) -> None:
    """Connect the handler."""
    app.connect("html-page-context", add_reading_tools)
