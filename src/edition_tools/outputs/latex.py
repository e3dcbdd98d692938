"""The print edition: LaTeX styles for the editorial layer, and every character of the sources.

Three things the default LaTeX output lacks:

* **Characters the text font lacks.** XeTeX silently drops a glyph its font does not
  have (it only logs "Missing character"). When the LaTeX builder starts, every character
  of every source is examined: symbols and emoji are set in a fallback font (Symbola by
  default, ``edition_latex_fallback_font``) through ``newunicodechar``; invisible
  format characters such as the emoji variation selector U+FE0F, which select a
  presentation and have no glyph of their own, are given an empty rendering.
* **The AI-content warning** becomes a heavily framed box, so that no print reader can
  miss it; disputed-claim records a lighter framed box. What a section or passage
  record covers has a rule in the margin from its first line to its last, labelled
  where it begins and ends (``changebar``: the rule follows the text across pages, and
  footnotes inside keep working, which a framed box would not allow).
* **Marks** for the editorial layer: disputed claims underlined (their level follows
  in words), web furniture set small and grey.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import texescape

from edition_tools.model.ai_provenance import EXTENT_CLASS, EXTENT_LABEL_CLASS
from edition_tools.model.editorial import mark_editorial
from edition_tools.store.catalogue import get_catalogue

__all__ = ["characters_needing_care", "extend_preamble", "setup_latex"]

_PREAMBLE = r"""
%% -- edition_tools: the editorial layer in print --------------------------------
\usepackage{newunicodechar}
\usepackage[normalem]{ulem}
%% Long addresses in notes and the bibliography may break at any character rather than
%% run into the margin (url breaks only at a few, and never inside a word).
\usepackage{xurl}
%% A table column is never squeezed below the width of a long word or option name
%% (Sphinx's own minimum is three digits, which lets "Required" or ":source_type:"
%% stand out of its column into the next).
\setlength{\tymin}{7em}
%% No page ends a chapter with the last line or three of a paragraph alone: a page
%% break inside a paragraph carries at least four of its lines over (LaTeX's widow
%% penalty covers only the last line).
\widowpenalties=4 10000 10000 10000 0
%% A name in code may break after an underscore ("edition_repository_url" in a table
%% column narrower than the name), as it may after "." or "/" in Sphinx's own rule.
\makeatletter
\let\edition@sphinxcode\sphinxcode
\protected\def\sphinxcode#1{{\let\edition@underscore\_%%
  \def\_{\edition@underscore\allowbreak}\edition@sphinxcode{#1}}}
\makeatother
%% Table cells ragged right: justified text in a narrow column opens wide gaps between
%% words ("University  of  Cal-  ifornia  Press"). Sphinx sets every cell's content in a
%% varwidth box (its only use of varwidth), which resets the paragraph settings like a
%% minipage and then runs the minipage hook varwidth saved when it was loaded (LaTeX's
%% own, \relax).
\newcolumntype{T}{L}
\makeatletter
\def\@@vwid@minipagerestore{\raggedright}
\makeatother
%% The badges of a catalogue entry ("15 disputed claims", "37 notes"), one to a line.
\expandafter\def\csname DUroleedition-badge\endcsname#1{#1\par}
\newfontfamily\editionfallbackfont{%(fallback)s}
%% Disputed claims: underlined (the level follows in words). A rule, not a wavy line
%% of glyphs, so that text extracted from the PDF keeps its words in order.
\expandafter\def\csname DUroleedition-claim-text\endcsname#1{\uline{#1}}
\expandafter\def\csname DUroleedition-claim-label\endcsname#1{%%
  \textsuperscript{\sffamily\bfseries #1}}
%% Links to the glossary and the chronology in a source text stay upright: italics
%% would look like the source's own emphasis.
\renewcommand{\sphinxcrossref}[1]{#1}
\renewcommand{\sphinxtermref}[1]{#1}
%% The author's own note numbers: kept, in small type; the editors' label is not printed.
\expandafter\def\csname DUroleedition-author-note-label\endcsname#1{}
\expandafter\def\csname DUroleedition-author-note\endcsname#1{{\small #1}}
%% Web furniture kept in a source: small and grey, under its label.
\newenvironment{sphinxclassedition-paratext}{\par\small\color{gray}}{\par}
\expandafter\def\csname DUroleedition-paratext-label\endcsname#1{\textsc{#1}}
%% The warning of an ai-content record: a heavy frame nobody can miss.
\newenvironment{editionaiwarning}[1]{%%
  \par\medskip\def\FrameCommand{\fboxrule=2.5pt\fboxsep=10pt\fcolorbox{black}{white}}%%
  \MakeFramed{\advance\hsize-\width\FrameRestore}%%
  \noindent{\sffamily\bfseries\large\textwarning\ #1}\par\medskip}%%
  {\endMakeFramed\medskip}
\providecommand{\textwarning}{{\editionfallbackfont\symbol{"26A0}}}
%% What a section or passage AI record covers: a rule in the left margin, from the
%% label where it begins to the label where it ends, across pages.
\usepackage[leftbars]{changebar}
\setlength{\changebarwidth}{2.5pt}
\setlength{\changebarsep}{8pt}
\setcounter{changebargrey}{0}
\newcommand{\editionailabel}[1]{\par\noindent{\sffamily\bfseries\footnotesize #1}\par}
\newcommand{\editionaiextentbegin}[1]{\par\cbstart\editionailabel{#1}}
\newcommand{\editionaiextentend}[1]{\editionailabel{#1}\cbend\par}
%% A disputed-claim record: a light frame.
\newenvironment{editionrecord}[1]{%%
  \par\smallskip\def\FrameCommand{\fboxrule=0.6pt\fboxsep=6pt\fbox}%%
  \MakeFramed{\advance\hsize-\width\FrameRestore}\small
  \noindent{\sffamily\bfseries #1}\par\smallskip}%%
  {\endMakeFramed\smallskip}
"""

#: Characters with no glyph of their own: they select or join, and print as nothing.
_INVISIBLE_CATEGORIES = frozenset({"Cf", "Mn"})


def _is_invisible(char: str) -> bool:
    category = unicodedata.category(char)
    if category == "Cf":
        return True
    return category == "Mn" and unicodedata.name(char, "").startswith("VARIATION SELECTOR")


def _needs_fallback(char: str) -> bool:
    """Symbols and emoji, which text fonts such as FreeSerif do not carry."""
    return unicodedata.category(char) == "So" or ord(char) >= 0x1F000


def characters_needing_care(texts: Iterable[str]) -> tuple[list[str], list[str]]:
    """The characters of ``texts`` to set in the fallback font, and those to print as nothing."""
    chars = {char for text in texts for char in text}
    fallback = sorted(char for char in chars if _needs_fallback(char))
    invisible = sorted(char for char in chars if _is_invisible(char))
    return fallback, invisible


def _unicode_char_definitions(fallback: list[str], invisible: list[str]) -> str:
    # ^^^^ notation keeps the .tex file readable whatever the editor's font.
    # \symbol, not the character itself, inside the definition: the character is now
    # active, and naming it there would call the definition again.
    lines = [
        rf'\newunicodechar{{{char}}}{{{{\editionfallbackfont\symbol{{"{ord(char):X}}}}}}}'
        for char in fallback
    ]
    lines += [
        rf"\newunicodechar{{^^^^{ord(char):04x}}}{{}}" for char in invisible if ord(char) <= 0xFFFF
    ]
    return "\n".join(lines) + "\n"


def extend_preamble(app: Sphinx, text: str) -> None:
    """Append ``text`` to the LaTeX preamble; nothing for another builder.

    Called when the builder starts (``builder-inited``), before the template is filled.
    """
    if app.builder.format != "latex":
        return
    context: dict[str, Any] = app.builder.context  # type: ignore[attr-defined]
    context["preamble"] += text


def add_preamble(app: Sphinx) -> None:
    """Extend the LaTeX preamble with the edition's styles and character definitions."""
    if app.builder.format != "latex":
        return
    catalogue = get_catalogue(app.env)
    texts = []
    for record in catalogue:
        try:
            texts.append(catalogue.file_of(record).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError):
            continue  # the catalogue check reports it
    fallback, invisible = characters_needing_care(texts)
    extend_preamble(app, _PREAMBLE % {"fallback": app.config.edition_latex_fallback_font})
    extend_preamble(app, _unicode_char_definitions(fallback, invisible))


class FramedBoxes(SphinxPostTransform):
    """In LaTeX, set AI warnings and disputed-claim records in framed boxes."""

    default_priority = 400
    formats = ("latex",)

    def run(self, **kwargs: Any) -> None:
        """Replace each such admonition by its content between framing commands."""
        for box in list(self.document.findall(nodes.admonition)):
            if "edition-ai-content" in box["classes"]:
                environment = "editionaiwarning"
            elif "edition-disputed" in box["classes"]:
                environment = "editionrecord"
            else:
                continue
            title = box.next_node(nodes.title)
            heading = texescape.escape(title.astext()) if title is not None else ""
            # The box's content stays the editors' once the box is gone.
            body = [
                mark_editorial(child) if isinstance(child, nodes.Element) else child
                for child in box.children
                if child is not title
            ]
            ids = box["ids"]
            target: list[nodes.Node] = [nodes.target("", "", ids=ids)] if ids else []
            box.replace_self(
                [
                    *target,
                    nodes.raw("", rf"\begin{{{environment}}}{{{heading}}}" + "\n", format="latex"),
                    *body,
                    nodes.raw("", rf"\end{{{environment}}}" + "\n", format="latex"),
                ]
            )


class AiExtents(SphinxPostTransform):
    """In LaTeX, put the rule macros around what a section or passage AI record covers.

    The container the ``ai-content`` feature made holds the record, the source's blocks
    and a label at each end; the labels become the macros' arguments, the rest stays.
    """

    default_priority = 400
    formats = ("latex",)

    def run(self, **kwargs: Any) -> None:
        """Replace each extent's container by its content between the rule macros."""
        for wrapper in list(self.document.findall(nodes.container)):
            if EXTENT_CLASS not in wrapper["classes"]:
                continue
            labels = [
                child
                for child in wrapper.children
                if isinstance(child, nodes.paragraph) and EXTENT_LABEL_CLASS in child["classes"]
            ]
            if len(labels) != 2:
                continue
            begins, ends = (texescape.escape(label.astext()) for label in labels)
            body = [child for child in wrapper.children if child not in labels]
            wrapper.replace_self(
                [
                    nodes.raw("", rf"\editionaiextentbegin{{{begins}}}" + "\n", format="latex"),
                    *body,
                    nodes.raw("", rf"\editionaiextentend{{{ends}}}" + "\n", format="latex"),
                ]
            )


def setup_latex(app: Sphinx) -> None:
    """Register the fallback-font option, the preamble and the LaTeX transforms."""
    app.connect("builder-inited", add_preamble)
    app.add_post_transform(FramedBoxes)
    app.add_post_transform(AiExtents)
