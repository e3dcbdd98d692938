"""The index of the print edition: every page a glossary term is used on, not only its entry.

Sphinx indexes a glossary term where it is defined, so the PDF's index sent a reader
from "Mitrovica" to the glossary page and nowhere else: the pages where the sources and
the notes speak of Mitrovica, which the HTML edition lists under each entry, were
missing. When the LaTeX builder has resolved the assembled document, each link to a
glossary term gets an index entry under the term's own name, so that the index gives
the glossary's page (in bold, as Sphinx marks the defining entry) and then every page
that links to it. The entries are set in the text face rather than Sphinx's typewriter,
which suits names of code, not of places and people.
"""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx

from edition_tools.outputs.latex import extend_preamble
from edition_tools.outputs.print_references import PrintPlace, label_of, places_in_print

__all__ = ["index_term_references", "setup_print_index"]

_PREAMBLE = r"""
%% -- edition_tools: index entries in the text face -----------------------------
\def\sphinxstyleindexentry#1{#1}
"""

#: The class Sphinx gives the words of a link to a glossary term.
_TERM_CLASS = "std-term"


def _term_names(places: list[PrintPlace]) -> dict[str, str]:
    """The label of each glossary term of the assembled document, to the term's name.

    The name is the one Sphinx indexes the term under (its ``index`` node's entry), so
    that the new entries fall under the same heading as the defining one.
    """
    names: dict[str, str] = {}
    for place in places:
        if not isinstance(place.node, nodes.term):
            continue
        for index in place.node.findall(addnodes.index):
            for _kind, name, target, _main, _key in index["entries"]:
                if target:
                    names[f"{place.docname}:{target}"] = name
    return names


def index_term_references(doctree: nodes.document, root: str) -> int:
    """Put an index entry before each link to a glossary term; return how many."""
    places = places_in_print(doctree, root)
    names = _term_names(places)
    added = 0
    for place in places:
        reference = place.node
        if not isinstance(reference, nodes.reference) or place.in_moving_text:
            continue
        if not any(_TERM_CLASS in e["classes"] for e in reference.findall(nodes.Element)):
            continue
        name = names.get(label_of(reference, place.docname) or "")
        if name is None or reference.parent is None:
            continue
        entry = addnodes.index(entries=[("single", name, "", "", None)], inline=True)
        reference.parent.insert(reference.parent.index(reference), entry)
        added += 1
    return added


def add_index_entries(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Index each link to a glossary term (``doctree-resolved``, LaTeX only)."""
    if app.builder.format == "latex":
        index_term_references(doctree, app.config.root_doc)


def add_index_preamble(app: Sphinx) -> None:
    """Set the index entries in the text face."""
    extend_preamble(app, _PREAMBLE)


def setup_print_index(app: Sphinx) -> None:
    """Register the handlers."""
    app.connect("builder-inited", add_index_preamble)
    app.connect("doctree-resolved", add_index_entries, priority=970)
