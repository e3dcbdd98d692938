"""The bibliography in print: in its own chapter, as a list a reader can scan.

Sphinx's LaTeX builder gathers every citation of the assembled document into one
``thebibliography`` at its very end (``BibliographyTransform``), which the ``manual``
class sets as a chapter of its own. The edition's "Bibliography" chapter, where the
``bibliography`` directive stands, is then left with its introduction and nothing else,
and the entries follow the last chapter under a second "Bibliography" heading. Two
post-transforms around Sphinx's own put the list back where the directive placed it:
:class:`MarkBibliographyPlace` marks where the first citation stands, before Sphinx moves
the citations; :class:`MoveBibliographyToItsPlace` then moves the gathered list to the
mark.

The list itself (``sphinxthebibliography``, redefined in the preamble) is no chapter:
each entry starts with its author–year label in bold, which the citations in the text
use, and runs on with a hanging indent. The default layout sets each label in a box in a
margin as wide as the longest label; labels such as "International Crisis Group n.d."
are wider than that margin, and some wider than the line, which a box cannot break.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders.latex.nodes import thebibliography
from sphinx.builders.latex.transforms import BibliographyTransform
from sphinx.transforms.post_transforms import SphinxPostTransform

from edition_tools.outputs.latex import extend_preamble

__all__ = ["bibliography_place", "setup_print_bibliography"]

_PREAMBLE = r"""
%% -- edition_tools: the bibliography as a list inside its chapter ---------------
%% Each entry: its label in bold as running text (so that a long label wraps like any
%% words), then the entry, with a hanging indent. The anchor is the one hyperref makes,
%% "cite.<key>", which the citations in the text link to.
\makeatletter
\renewenvironment{sphinxthebibliography}[1]{%
  \list{}{%
    \setlength{\leftmargin}{2em}\setlength{\itemindent}{-2em}%
    \setlength{\labelwidth}{0pt}\setlength{\labelsep}{0pt}%
    \setlength{\itemsep}{0.35\baselineskip}\setlength{\parsep}{0pt}}%
  \def\@lbibitem[##1]##2{%
    \item\relax\hypertarget{cite.##2}{}%
    \if@filesw\begingroup\let\protect\noexpand
      \immediate\write\@auxout{\string\bibcite{##2}{##1}}\endgroup\fi
    \textbf{##1}\enspace\ignorespaces}%
  \sloppy\clubpenalty4000\widowpenalty4000\sfcode`\.\@m}
  {\def\@noitemerr{\@latex@warning{Empty bibliography}}\endlist}
\makeatother
"""


class bibliography_place(nodes.Invisible, nodes.Element):  # noqa: N801 (docutils naming)
    """Where the bibliography's entries stood before the LaTeX builder gathered them."""


class MarkBibliographyPlace(SphinxPostTransform):
    """Mark where the first citation stands, before Sphinx moves the citations away."""

    default_priority = BibliographyTransform.default_priority - 1
    formats = ("latex",)

    def run(self, **kwargs: Any) -> None:
        """Put a :class:`bibliography_place` before the document's first citation."""
        first = next(iter(self.document.findall(nodes.citation)), None)
        if first is not None and isinstance(first.parent, nodes.Element):
            first.parent.insert(first.parent.index(first), bibliography_place())


class MoveBibliographyToItsPlace(SphinxPostTransform):
    """Move the list Sphinx gathered at the document's end to the marked place."""

    default_priority = BibliographyTransform.default_priority + 1
    formats = ("latex",)

    def run(self, **kwargs: Any) -> None:
        """Replace the mark by the gathered list; without a mark, leave Sphinx's order."""
        place = next(iter(self.document.findall(bibliography_place)), None)
        if place is None:
            return
        gathered = next(iter(self.document.findall(thebibliography)), None)
        if gathered is None:
            place.parent.remove(place)
            return
        gathered.parent.remove(gathered)
        place.replace_self(gathered)


def add_bibliography_preamble(app: Sphinx) -> None:
    """Add the list layout of the bibliography to the LaTeX preamble."""
    extend_preamble(app, _PREAMBLE)


def setup_print_bibliography(app: Sphinx) -> None:
    """Register the node, the two transforms and the preamble."""
    app.add_node(bibliography_place)
    app.add_post_transform(MarkBibliographyPlace)
    app.add_post_transform(MoveBibliographyToItsPlace)
    app.connect("builder-inited", add_bibliography_preamble)
