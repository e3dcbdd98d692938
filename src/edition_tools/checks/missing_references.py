"""Unresolved edition references: reported once, by the edition, and the text kept.

The consistency checks of each feature (``env-check-consistency``) already warn, with a
subtype and the passage's line, about an ``{event}`` or ``{claim}`` whose target does not
exist. Sphinx would warn a second time, untyped, when it fails to resolve the same
reference; this handler answers for the edition's references with their own text, so
the reader keeps the source's words and the contributor reads one clear message.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.addnodes import pending_xref
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

__all__ = ["setup_missing_references"]


def keep_text(
    app: Sphinx, env: BuildEnvironment, node: pending_xref, contnode: nodes.TextElement
) -> nodes.Node | None:
    """Return the reference's own text for unresolved ``edition`` references."""
    if node.get("refdomain") != "edition":
        return None
    return nodes.inline("", "", *node.children, classes=["edition-unresolved"])


def setup_missing_references(app: Sphinx) -> None:
    """Connect the handler to ``missing-reference``."""
    app.connect("missing-reference", keep_text)
