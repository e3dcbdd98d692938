"""Paratext: web furniture kept verbatim inside a source, shown de-emphasised and labelled.

``:::{paratext}`` with ``:kind:`` wraps lines of a ``source-text`` block that belong to the
page around the text rather than to the text (a navigation bar, a site footer, an
injected "See also" link). The lines still count for the fidelity check; only the label
is the editors'.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from edition_tools.nodes import mark_editorial
from edition_tools.source_text import source_text
from edition_tools.warnings_ import EditionWarning, warn

__all__ = ["Kind", "setup_paratext"]


class Kind(Enum):
    """What a piece of furniture is, with the label readers see."""

    NAVIGATION = ("navigation", "Website navigation")
    FOOTER = ("footer", "Website footer")
    PROMOTION = ("promotion", "Promotion")
    INJECTED_LINK = ("injected-link", "Link injected by the website")
    BOILERPLATE = ("boilerplate", "Website boilerplate")

    def __init__(self, slug: str, label: str) -> None:
        self.slug = slug
        self.label = label


_KINDS = {kind.slug: kind for kind in Kind}


class ParatextDirective(SphinxDirective):
    """Wrap web furniture of a source: kept verbatim, labelled by ``:kind:``."""

    has_content = True
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {"kind": directives.unchanged}

    def run(self) -> list[nodes.Node]:
        """Parse the lines (they stay source text) under an editorial label."""
        slug = self.options.get("kind", "").strip()
        kind = _KINDS.get(slug)
        if not slug:
            warn(
                EditionWarning.PARATEXT,
                "paratext: missing required option :kind:",
                self.get_location(),
            )
        elif kind is None:
            warn(
                EditionWarning.PARATEXT,
                f"paratext: unknown kind {slug!r} (one of: {', '.join(_KINDS)})",
                self.get_location(),
            )
        box = nodes.container(classes=["edition-paratext", f"edition-paratext-{slug or 'unknown'}"])
        self.set_source_info(box)
        label = nodes.paragraph("", f"{kind.label if kind else 'Paratext'} (not part of the text)")
        box += mark_editorial(label)
        label["classes"].append("edition-paratext-label")
        box += self.parse_content_to_nodes()
        return [box]


def check_placement(app: Sphinx, doctree: nodes.document) -> None:
    """Warn about paratext outside a ``source-text`` block: it would mark nothing."""
    for box in doctree.findall(nodes.container):
        if "edition-paratext" not in box["classes"]:
            continue
        parent = box.parent
        while parent is not None and not isinstance(parent, source_text):
            parent = parent.parent
        if parent is None:
            warn(
                EditionWarning.PARATEXT,
                "paratext outside a source-text block: it marks furniture of a source's text",
                box,
            )


def setup_paratext(app: Sphinx) -> None:
    """Register the ``paratext`` directive and its placement check."""
    app.add_directive("paratext", ParatextDirective)
    app.connect("doctree-read", check_placement)
