"""Cross-references a print reader can follow: every target labelled, and "p. N" after a link.

In the PDF a link is coloured words that paper cannot follow, and Sphinx's LaTeX writer
labels only some of the places links lead to (sections, targets, terms, tables): the ids
the edition gives to inline and block nodes (a passage mentioning an event, a claim's
record, a chronology entry, a source's text) get no ``\\label``, so their ``\\hyperref``
lead nowhere. Two steps, when the LaTeX builder has resolved the assembled document and
the page fillers have added their links (``doctree-resolved``, late), fix this:

* :func:`label_every_target` puts an anchor (``\\phantomsection\\label``) at the start of
  each node whose ids the writer would drop;
* :func:`show_page_of_references` follows each internal link of the editorial matter with
  the page it leads to, "(p. 62)". Not in a source's text (the words of the source stay
  as printed), not on glossary terms, citations or the table of contents, and not in
  titles, where a page reference would move into the running heads.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.builders.latex.nodes import footnotemark, footnotetext
from sphinx.writers.latex import LaTeXTranslator

from edition_tools.model.editorial import source_text

__all__ = [
    "PrintPlace",
    "label_of",
    "mark_for_print",
    "page_reference",
    "places_in_print",
    "print_anchor",
    "setup_print_references",
]


class print_anchor(nodes.Inline, nodes.Element):  # noqa: N801 (docutils node naming)
    """Where a link lands in print: ``ids`` are the ids of the node it stands first in."""


class page_reference(nodes.Inline, nodes.Element):  # noqa: N801 (docutils node naming)
    """The page a link leads to, " (p. N)"; ``target`` is the label of its target."""


#: Nodes whose ids the LaTeX writer labels itself (or that cannot hold an anchor).
_LABELLED_BY_THE_WRITER = (
    nodes.section,
    nodes.title,
    nodes.target,
    nodes.table,
    nodes.literal_block,
    nodes.term,
    nodes.caption,
    nodes.figure,
    nodes.reference,
    nodes.footnote,
    nodes.footnote_reference,
    nodes.citation,
    nodes.citation_reference,
    nodes.math_block,
    nodes.document,
    addnodes.desc_signature,
    addnodes.start_of_file,
    footnotemark,
    footnotetext,
    print_anchor,
)
#: Places where a ``\\label`` or a page reference must not stand (moving arguments).
_NO_MARKS_INSIDE = (
    nodes.title,
    nodes.caption,
    nodes.term,
    nodes.subtitle,
    nodes.rubric,
    footnotemark,
)
#: The span sphinxcontrib-bibtex puts around a citation's links.
_CITATION_CLASS = "bibtex-citation"


class PrintPlace(NamedTuple):
    """Where an element of the assembled document stands."""

    node: nodes.Element
    #: The page it came from (the LaTeX writer names labels after it).
    docname: str
    #: In a title, caption, term or footnote mark: no label, no page reference.
    in_moving_text: bool
    #: In a source's text, a table of contents or a citation: no page reference.
    in_quiet_text: bool


def places_in_print(doctree: nodes.document, root: str) -> list[PrintPlace]:
    """Every element of the assembled document and where it stands, in order.

    Walked from the top, as the LaTeX writer walks it: a node's ``parent`` chain is not
    always whole after the transforms that move nodes about.
    """
    found: list[PrintPlace] = []
    stack: list[tuple[nodes.Node, str, bool, bool]] = [(doctree, root, False, False)]
    while stack:
        node, docname, moving, quiet = stack.pop()
        if not isinstance(node, nodes.Element):
            continue
        if isinstance(node, addnodes.start_of_file):
            docname = node["docname"]
        found.append(PrintPlace(node, docname, moving, quiet))
        moving = moving or isinstance(node, _NO_MARKS_INSIDE)
        quiet = (
            quiet
            or moving
            or isinstance(node, (source_text, addnodes.toctree))
            or _CITATION_CLASS in node["classes"]
        )
        stack.extend((child, docname, moving, quiet) for child in reversed(node.children))
    return found


def label_every_target(places: list[PrintPlace]) -> None:
    """Put a :class:`print_anchor` at each node whose ids the writer drops."""
    for place in places:
        node = place.node
        if not node["ids"] or isinstance(node, _LABELLED_BY_THE_WRITER) or place.in_moving_text:
            continue
        anchor = print_anchor()
        anchor["labels"] = list(node["ids"])
        if isinstance(node, nodes.Inline) and node.parent is not None:
            # Before the inline node, not in it: its content may become the argument of
            # a macro (a footnote mark, a role), where a label cannot stand.
            node.parent.insert(node.parent.index(node), anchor)
        else:
            at = 1 if len(node) and isinstance(node[0], nodes.title) else 0
            node.insert(at, anchor)


def _labels(places: list[PrintPlace], root: str) -> set[str]:
    """Every label of the assembled document: its pages and the ids on them."""
    labels = {f"{root}::doc"}
    for place in places:
        if isinstance(place.node, addnodes.start_of_file):
            labels.add(f"{place.docname}::doc")
        labels.update(f"{place.docname}:{node_id}" for node_id in place.node["ids"])
    return labels


def show_page_of_references(doctree: nodes.document, root: str) -> None:
    """Add a :class:`page_reference` after each link a print reader may follow.

    Only to a place the book has: a page left out of the PDF gets no "(p. ??)".
    """
    places = places_in_print(doctree, root)
    labels = _labels(places, root)
    for place in places:
        reference = place.node
        if not isinstance(reference, nodes.reference) or place.in_quiet_text:
            continue
        target = label_of(reference, place.docname)
        if target not in labels or reference.parent is None:
            continue
        if any("std-term" in e["classes"] for e in reference.findall(nodes.Element)):
            continue
        reference.parent.insert(
            reference.parent.index(reference) + 1, page_reference(target=target)
        )


def label_of(reference: nodes.reference, docname: str) -> str | None:
    """The label an internal link on page ``docname`` leads to, as the LaTeX writer names it."""
    uri: str = reference.get("refuri", "")
    if reference.get("refid") and not uri:
        return f"{docname}:{reference['refid']}"
    if uri.startswith("%"):
        return uri[1:].replace("#", ":") if "#" in uri else uri[1:] + "::doc"
    return None


def mark_for_print(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Label every target and show the page of every link (``doctree-resolved``, LaTeX)."""
    if app.builder.format != "latex":
        return
    label_every_target(places_in_print(doctree, app.config.root_doc))
    show_page_of_references(doctree, app.config.root_doc)


def visit_print_anchor(translator: LaTeXTranslator, node: print_anchor) -> None:
    """``\\phantomsection\\label{page:id}`` for each of the node's ids."""
    translator.body.append("".join(translator.hypertarget(i) for i in node["labels"]))
    raise nodes.SkipNode


def visit_page_reference(translator: LaTeXTranslator, node: page_reference) -> None:
    """`` (p. N)``, itself not a link (the words before it are)."""
    label = translator.idescape(node["target"])
    translator.body.append(rf"~(p.~\pageref*{{{label}}})")
    raise nodes.SkipNode


def _skip(translator: Any, node: nodes.Element) -> None:
    raise nodes.SkipNode


def setup_print_references(app: Sphinx) -> None:
    """Register the nodes (shown only in LaTeX) and the handler."""
    for node, visit in ((print_anchor, visit_print_anchor), (page_reference, visit_page_reference)):
        app.add_node(
            node,
            latex=(visit, None),
            html=(_skip, None),
            text=(_skip, None),
            man=(_skip, None),
            texinfo=(_skip, None),
        )
    # After the page fillers (default priority) and the fidelity check (950).
    app.connect("doctree-resolved", mark_for_print, priority=960)
