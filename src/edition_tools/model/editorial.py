"""What counts as the editorial layer, as opposed to the text of a source.

Editorial matter inside a ``source-text`` block (note references, the label of a
disputed claim, a passage-level AI warning) carries the class ``edition-editorial``. The
fidelity check skips it when it reads the text back, and the same class lets any reader
of the HTML tell the editors' words from the source's.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import TypeVar

from docutils import nodes

__all__ = [
    "EDITORIAL_CLASS",
    "ancestors",
    "is_editorial",
    "make_table",
    "mark_editorial",
    "source_text",
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


class source_text(nodes.General, nodes.Element):  # noqa: N801 (docutils node naming)
    """The verbatim text of one source; ``source`` holds its catalogue id.

    Defined here, with what counts as editorial matter, because every layer reads it:
    the feature that makes it, the checks, and the outputs that export the text.
    """


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
