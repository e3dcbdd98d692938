"""Node classes shared by the edition's features."""

from __future__ import annotations

from docutils import nodes

__all__ = ["EditorialNode", "is_editorial"]


class EditorialNode:
    """Mixin for nodes of the editorial layer: not part of the source's own text.

    The fidelity check skips them when it reads a ``source-text`` block back, so that a
    note reference or a marker added by an editor never counts as a change to the text.
    """


#: Docutils nodes that belong to the editorial layer wherever they appear.
_EDITORIAL_DOCUTILS_NODES: tuple[type[nodes.Node], ...] = (
    nodes.footnote_reference,
    nodes.footnote,
    nodes.citation_reference,
    nodes.citation,
    nodes.comment,
    nodes.target,
    nodes.substitution_definition,
    nodes.system_message,
)


def is_editorial(node: nodes.Node) -> bool:
    """Whether ``node`` is editorial matter rather than text of the source."""
    return isinstance(node, (EditorialNode, *_EDITORIAL_DOCUTILS_NODES))
