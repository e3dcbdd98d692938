"""Sidenotes: in HTML, each editorial note stands in the margin beside its reference.

A post-transform for HTML only (LaTeX keeps real footnotes): every footnote reference
gets its own copy of the note, an inline ``span.edition-sidenote`` placed right after
it, and links to that copy; the list of footnotes at the foot of the page is dropped.
Wide screens float the copies into the margin; narrow screens show a note in place when
its reference is followed (CSS ``:target``), so no script is needed.

Written to avoid what goes wrong with other sidenote implementations: a note referenced
inside an admonition or directive copies only the note (never the container's ids or
classes); a note referenced twice gets two copies with their own ids, so no link
dangles; the ids inside a note (where backlinks land) go with its first copy only, so
no id appears twice in a page.
Each copy ends with a link back to its reference ("↩ back"), so a reader who followed a
note on a narrow screen, or without script, can return to the words. Where each note
stands (level with its reference's line in the margin) is the theme's script's work.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform

from edition_tools.model.editorial import mark_editorial

__all__ = ["Sidenotes", "setup_sidenotes"]


def _inline_copy(footnote: nodes.footnote) -> list[nodes.Node]:
    """The note's content as inline nodes; paragraphs joined by a space.

    The first copy of a note takes over the ids inside it, and the note gives them up:
    the note is dropped from the page, and the ids in it are where links land (the
    anchor of an ``{event}`` or ``{term}`` reference in a note, which the chronology's
    and the glossary's backlinks point at). A second copy (a note referenced twice)
    finds none left, so no id appears twice in a page. Names are dropped from every
    copy: references were resolved before this runs.
    """
    content: list[nodes.Node] = []
    for child in footnote.children:
        if isinstance(child, nodes.label):
            continue
        if content:
            content.append(nodes.Text(" "))
        if isinstance(child, nodes.paragraph):
            copy = child.deepcopy()
            content.extend(copy.children)
        else:
            content.append(nodes.Text(child.astext()))
    for child in footnote.children:
        if isinstance(child, nodes.paragraph):
            for element in child.findall(nodes.Element, include_self=False):
                element["ids"] = []
    for node in content:
        if isinstance(node, nodes.Element):
            for element in [node, *node.findall(nodes.Element)]:
                element["names"] = []
    return content


class Sidenotes(SphinxPostTransform):
    """Turn the footnotes of an HTML page into sidenotes beside their references."""

    default_priority = 900  # after references are resolved: the copies carry final links
    builders = ("html", "dirhtml", "singlehtml")  # not epub: e-readers show notes their way

    def run(self, **kwargs: Any) -> None:
        """Copy each note beside each of its references; drop the footnote list."""
        footnotes = {
            node_id: footnote
            for footnote in self.document.findall(nodes.footnote)
            for node_id in footnote["ids"]
        }
        used: set[str] = set()
        for serial, reference in enumerate(list(self.document.findall(nodes.footnote_reference))):
            footnote = footnotes.get(reference.get("refid", ""))
            if footnote is None or reference.parent is None:
                continue
            used.add(reference["refid"])
            sidenote_id = f"sidenote-{serial + 1}"
            sidenote = mark_editorial(
                nodes.inline("", "", classes=["edition-sidenote"], ids=[sidenote_id])
            )
            sidenote += nodes.inline("", reference.astext(), classes=["edition-sidenote-number"])
            sidenote += nodes.Text(" ")
            sidenote += _inline_copy(footnote)
            if reference["ids"]:  # the way back to the words, wherever the note is shown
                sidenote += nodes.Text(" ")
                sidenote += nodes.reference(
                    "", "↩ back", refid=reference["ids"][0], classes=["edition-sidenote-back"]
                )
            reference["refid"] = sidenote_id
            reference.parent.insert(reference.parent.index(reference) + 1, sidenote)
        for node_id in used:
            footnote = footnotes[node_id]
            if footnote.parent is not None:
                footnote.parent.remove(footnote)


def setup_sidenotes(app: Sphinx) -> None:
    """Register the HTML post-transform."""
    app.add_post_transform(Sidenotes)
