"""What counts as the editorial layer, as opposed to the text of a source.

Editorial matter inside a ``source-text`` block (note references, the label of a
disputed claim, a passage-level AI warning) carries the class ``edition-editorial``. The
fidelity check skips it when it reads the text back, and the same class lets any reader
of the HTML tell the editors' words from the source's.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any, TypeVar

from docutils import nodes
from sphinx.application import Sphinx

__all__ = [
    "EDITORIAL_CLASS",
    "add_placeholder_nodes",
    "ancestors",
    "is_editorial",
    "make_table",
    "mark_editorial",
]

EDITORIAL_CLASS = "edition-editorial"

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

_Element = TypeVar("_Element", bound=nodes.Element)


def mark_editorial(node: _Element) -> _Element:
    """Mark ``node`` (and so everything below it) as editorial; return it."""
    if EDITORIAL_CLASS not in node["classes"]:
        node["classes"].append(EDITORIAL_CLASS)
    return node


def ancestors(node: nodes.Node) -> Iterator[nodes.Element]:
    """The elements that hold ``node``, nearest first, up to its document."""
    parent = node.parent
    while parent is not None:
        yield parent
        parent = parent.parent


def is_editorial(node: nodes.Node) -> bool:
    """Whether ``node`` is editorial matter rather than text of the source."""
    if isinstance(node, _EDITORIAL_DOCUTILS_NODES):
        return True
    return isinstance(node, nodes.Element) and EDITORIAL_CLASS in node.get("classes", ())


def _placeholder_left_behind(translator: Any, node: nodes.Node) -> None:
    # A placeholder is replaced by a post-transform when the page is written; if a
    # builder ever meets one, it has nothing to show.
    raise nodes.SkipNode


def add_placeholder_nodes(app: Sphinx, *node_classes: type[nodes.Element]) -> None:
    """Register placeholder nodes, which every writer skips (post-transforms fill them)."""
    visitors = (_placeholder_left_behind, None)
    for node_class in node_classes:
        app.add_node(
            node_class, html=visitors, latex=visitors, text=visitors, man=visitors, texinfo=visitors
        )


def make_table(
    columns: Sequence[tuple[str, int]],
    rows: Iterable[Sequence[Sequence[nodes.Node]]],
    classes: Sequence[str] = (),
) -> nodes.table:
    """A table with a header row: ``columns`` are (heading, width), each cell a node list."""
    table = nodes.table(classes=list(classes))
    group = nodes.tgroup(cols=len(columns))
    table += group
    for _heading, width in columns:
        group += nodes.colspec(colwidth=width)
    header = nodes.row()
    for heading, _width in columns:
        header += nodes.entry("", nodes.paragraph("", heading))
    group += nodes.thead("", header)
    body = nodes.tbody()
    for cells in rows:
        row = nodes.row()
        for cell in cells:
            row += nodes.entry("", nodes.paragraph("", "", *cell))
        body += row
    group += body
    return table
