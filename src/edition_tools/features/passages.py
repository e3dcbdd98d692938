"""Citable passages: every block of a source's text gets a number, an id and a mark.

A passage is one block of a ``source-text`` block, which the fidelity check holds to one
non-empty line of the source file: so passage *n* is the *n*-th non-empty line of
``sources/<id>.txt``, whatever notes, records or paratext labels the editors add around
it. Every block is numbered, headings and web furniture (``paratext``) included: whether
a line is furniture or a heading is the editors' judgement and may change, and a number
that skipped such lines would move every later citation when it did; the file's lines do
not move. (A reader holding only the verbatim file can find passage *n* by counting its
non-empty lines.)

Each block gets the id ``p<n>`` (``<source>-p<n>`` for a second source on one page) and
a :class:`passage_mark` as its first child: in HTML an empty link to the block, its
number shown by CSS (``data-passage``), so that the number is not copied with the text
nor read into search excerpts; in LaTeX a number in the left margin, hung beside the first
line of its block (:data:`LATEX_PACKAGE`). The mark is editorial matter: the fidelity
check does not read it.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxTranslator
from sphinx.writers.html5 import HTML5Translator
from sphinx.writers.latex import LaTeXTranslator

from edition_tools.model.editorial import mark_editorial, source_text

__all__ = [
    "LATEX_PACKAGE",
    "number_passages",
    "passage_id",
    "passage_mark",
    "passage_prefix",
    "setup_passages",
]

#: The HTML class of a passage mark (written by the visitor, not kept in the doctree:
#: the doctree allowlist admits the edition's read-time classes by name).
MARK_CLASS = "edition-passage"


class passage_mark(nodes.Inline, nodes.Element):  # noqa: N801 (docutils node naming)
    """The number of a passage, first in its block; ``number`` and ``refid`` say which."""


def passage_prefix(document: nodes.document, source_id: str) -> str:
    """The prefix of the passage ids of a source about to be added to ``document``.

    ``p`` for the first source of a page (``#p12``), ``<source>-p`` for any later one,
    so that no id appears twice on a page.
    """
    numbered = any(node.get("passages") for node in document.findall(source_text))
    return f"{source_id}-p" if numbered else "p"


def passage_id(prefix: str, number: int) -> str:
    """The id of passage ``number``: ``p12``."""
    return f"{prefix}{number}"


def number_passages(blocks: Sequence[nodes.TextElement], prefix: str) -> int:
    """Give each block, in order, its id and its mark; return how many were numbered."""
    for number, block in enumerate(blocks, start=1):
        anchor = passage_id(prefix, number)
        block["ids"].insert(0, anchor)
        block["passage"] = number
        mark = mark_editorial(passage_mark("", number=number, refid=anchor))
        mark.source, mark.line = block.source, block.line
        block.insert(0, mark)
    return len(blocks)


def visit_passage_mark_html(translator: HTML5Translator, node: passage_mark) -> None:
    """An empty link to the passage: CSS shows the number, the label names it.

    ``aria-label`` gives the link its name; the number itself is generated content, so
    it is neither copied with the text nor taken into the search's excerpts.
    """
    number = int(node["number"])
    translator.body.append(
        f'<a class="{MARK_CLASS} edition-editorial" href="#{escape(node["refid"])}" '
        f'data-passage="{number}" aria-label="Passage {number}"></a>'
    )
    raise nodes.SkipNode


def visit_passage_mark_latex(translator: LaTeXTranslator, node: passage_mark) -> None:
    """The number in the margin (``\\editionpassage``, from the package below)."""
    translator.body.append(rf"\protect\editionpassage{{{int(node['number'])}}}")
    raise nodes.SkipNode


def skip_passage_mark(translator: SphinxTranslator, node: passage_mark) -> None:
    """Plain text, man pages and Texinfo leave the number out."""
    raise nodes.SkipNode


#: The LaTeX package name and its text: ``\editionpassage{n}`` sets *n* small, in sans
#: serif and grey, in the left margin beside the first line of its paragraph. It is a
#: box hung to the left of the line (``\llap``), not a margin note: it cannot float, so
#: it never clashes with floats or footnotes, works inside boxes and headings (where
#: ``\marginpar`` is refused), and stays on the left of every page of the two-sided
#: book (``marginnote`` would move it to the inner margin and check the pages' parity,
#: which warns where the numbering restarts after the front matter).
LATEX_PACKAGE = "edition-passages"
_LATEX_STY = r"""\NeedsTeXFormat{LaTeX2e}
\ProvidesPackage{edition-passages}[2026/01/01 passage numbers of the annotated edition]
\RequirePackage{xcolor}
\newcommand{\editionpassagestyle}[1]{{\normalfont\sffamily\scriptsize\color{darkgray}#1}}
\DeclareRobustCommand{\editionpassage}[1]{%
  \ifvmode\leavevmode\fi
  \llap{\editionpassagestyle{#1}\hspace{1.2em}}}
\endinput
"""


def write_latex_package(app: Sphinx, exception: Exception | None) -> None:
    """Put ``edition-passages.sty`` beside the ``.tex`` files (``build-finished``)."""
    if exception is None and app.builder.format == "latex":
        Path(app.outdir, f"{LATEX_PACKAGE}.sty").write_text(_LATEX_STY, encoding="utf-8")


def setup_passages(app: Sphinx) -> None:
    """Register the mark's node, its visitors and the LaTeX package."""
    app.add_node(
        passage_mark,
        html=(visit_passage_mark_html, None),
        latex=(visit_passage_mark_latex, None),
        text=(skip_passage_mark, None),
        man=(skip_passage_mark, None),
        texinfo=(skip_passage_mark, None),
    )
    app.add_latex_package(LATEX_PACKAGE)
    app.connect("build-finished", write_latex_package)
