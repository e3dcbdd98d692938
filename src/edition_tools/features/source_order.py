"""Source pages in the catalogue's order, wherever a toctree lists them.

A toctree with ``:glob:`` lists pages by file name, so "previous" and "next" (and the
order of chapters in the PDF) would follow the alphabet rather than the catalogue the
editors arranged. When a page is read, every toctree on it that includes source pages
(a page ``…/<id>`` whose ``<id>`` is a catalogue record) has those entries put in the
catalogue's order, in place; other entries keep their places.
"""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx

from edition_tools.store.catalogue import get_catalogue

__all__ = ["in_catalogue_order", "setup_source_order"]


def in_catalogue_order(docnames: list[str], order: dict[str, int]) -> list[str]:
    """``docnames`` with the source pages among them sorted by ``order``, others in place."""
    sources = sorted(
        (d for d in docnames if d.rpartition("/")[2] in order),
        key=lambda d: order[d.rpartition("/")[2]],
    )
    replacements = iter(sources)
    return [next(replacements) if d.rpartition("/")[2] in order else d for d in docnames]


def order_source_toctrees(app: Sphinx, doctree: nodes.document) -> None:
    """Reorder the source pages of the page's toctrees (``doctree-read``)."""
    env = app.env
    toctrees = list(doctree.findall(addnodes.toctree))
    if not toctrees:
        return
    try:
        catalogue = get_catalogue(env)
    except (OSError, ValueError):  # no catalogue: nothing to order (reported elsewhere)
        return
    order = {record.id: position for position, record in enumerate(catalogue)}
    for toctree in toctrees:
        includes: list[str] = toctree["includefiles"]
        ordered = in_catalogue_order(includes, order)
        if ordered == includes:
            continue
        by_name = {docname: entry for entry in toctree["entries"] for docname in [entry[1]]}
        toctree["includefiles"] = ordered
        toctree["entries"] = [by_name.get(d, (None, d)) for d in ordered] + [
            e for e in toctree["entries"] if e[1] not in ordered
        ]
    env.toctree_includes[env.docname] = [
        docname for toctree in toctrees for docname in toctree["includefiles"]
    ]


def setup_source_order(app: Sphinx) -> None:
    """Connect the handler."""
    app.connect("doctree-read", order_source_toctrees)
