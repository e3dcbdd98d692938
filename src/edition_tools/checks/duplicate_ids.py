"""One id, one place: headings and targets must not take the ids the edition gives out.

The edition names places on a source page itself: each passage (``p3``), each margin
note (``sidenote-1``), the page's main text (``main``, in the theme). A contributor's
heading "P3" or target ``(sidenote-1)=`` would take the same id, and a link to passage 3
(a citation, a "Cited on" line) would land on the heading instead; browsers follow the
first. So when a page is resolved for HTML, every id that two nodes share, or that the
theme uses, is an error at the line of the node that is not the edition's own.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx

from edition_tools.store.problems import warn_at
from edition_tools.warnings_ import EditionWarning

__all__ = ["THEME_IDS", "check_duplicate_ids", "setup_duplicate_ids"]

#: Ids the theme writes around every page's body.
THEME_IDS = frozenset({"main"})
#: The nodes that carry what a contributor named: to these the message points.
_NAMED_BY_CONTRIBUTORS = (nodes.section, nodes.target)


def check_duplicate_ids(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Warn about every id two nodes of the page share (``doctree-resolved``, HTML)."""
    if app.builder.format != "html" or app.builder.name == "singlehtml":
        return
    owners: dict[str, list[nodes.Element]] = {}
    for node in doctree.findall(nodes.Element):
        for node_id in node["ids"]:
            owners.setdefault(node_id, []).append(node)
    for node_id, found in owners.items():
        if len(found) < 2 and node_id not in THEME_IDS:
            continue
        named = [n for n in found if isinstance(n, _NAMED_BY_CONTRIBUTORS)] or found[-1:]
        blamed = named[0]
        line = blamed.line or next((n.line for n in blamed.findall(nodes.Element) if n.line), 0)
        warn_at(
            app.env,
            EditionWarning.DUPLICATE_ID,
            f"the id {node_id!r} is taken twice on this page (a heading or target named "
            "like a passage, a note or the page's main text): rename it",
            (docname, line or 0),
        )


def setup_duplicate_ids(app: Sphinx) -> None:
    """Connect the check, after the margin notes are made (a post-transform)."""
    app.connect("doctree-resolved", check_duplicate_ids, priority=940)
