"""Paratext: web furniture kept verbatim inside a source, shown de-emphasised and labelled.

``:::{paratext}`` with ``:kind:`` wraps lines of a ``source-text`` block that belong to the
page around the text rather than to the text (a navigation bar, a site footer, an
injected "See also" link). The lines still count for the fidelity check; only the label
is the editors'.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx

from edition_tools.features.base import EditionDirective
from edition_tools.model.choices import Choice
from edition_tools.model.editorial import ancestors, is_editorial, mark_editorial, source_text
from edition_tools.store.problems import warn_at
from edition_tools.warnings_ import EditionWarning

__all__ = ["Kind", "setup_paratext"]


class Kind(Choice):
    """What a piece of furniture is, with the label readers see."""

    NAVIGATION = ("navigation", "Website navigation")
    FOOTER = ("footer", "Website footer")
    PROMOTION = ("promotion", "Promotion")
    INJECTED_LINK = ("injected-link", "Link injected by the website")
    BOILERPLATE = ("boilerplate", "Website boilerplate")


_KINDS = Kind.by_slug()


class ParatextDirective(EditionDirective):
    """Wrap web furniture of a source: kept verbatim, labelled by ``:kind:``."""

    warning_subtype = EditionWarning.PARATEXT
    noun = "paratext"
    has_content = True
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {"kind": directives.unchanged}

    def render(self) -> list[nodes.Node]:
        """Parse the lines (they stay source text) under an editorial label."""
        slug = self.required_option("kind", _KINDS) or ""
        if not any(line.strip() for line in self.content):
            self.problem("no lines: it wraps lines of the source's text")
        kind = _KINDS.get(slug)
        box = nodes.container(classes=["edition-paratext", f"edition-paratext-{slug or 'unknown'}"])
        self.set_source_info(box)
        label = nodes.paragraph("", f"{kind.label if kind else 'Paratext'} (not part of the text)")
        box += mark_editorial(label)
        label["classes"].append("edition-paratext-label")
        box += self.parse_content_to_nodes()
        return [box]


def _is_paratext(node: nodes.Node) -> bool:
    return isinstance(node, nodes.container) and "edition-paratext" in node["classes"]


def _misplaced(box: nodes.container) -> str | None:
    """Why ``box`` marks no furniture of a source where it stands, if it does not."""
    for ancestor in ancestors(box):
        if _is_paratext(ancestor):
            return "paratext inside another paratext: furniture is marked once"
        if isinstance(ancestor, source_text):
            return None
        if is_editorial(ancestor):
            # Inside an AI warning or a note, the lines are the editors', not the source's.
            return "paratext inside editorial matter: it marks lines of the source's text"
    return "paratext outside a source-text block: it marks furniture of a source's text"


def check_placement(app: Sphinx, doctree: nodes.document) -> None:
    """Warn about paratext that marks no furniture of a source where it stands.

    Outside a ``source-text`` block, inside editorial matter there (an AI warning, a
    note), or inside another paratext.
    """
    for box in doctree.findall(nodes.container):
        problem = _misplaced(box) if _is_paratext(box) else None
        if problem is not None:
            warn_at(app.env, EditionWarning.PARATEXT, problem, box)


def setup_paratext(app: Sphinx) -> None:
    """Register the ``paratext`` directive and its placement check."""
    app.add_directive("paratext", ParatextDirective)
    app.connect("doctree-read", check_placement)
