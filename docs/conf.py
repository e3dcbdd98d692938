"""Sphinx configuration of the annotated edition."""

from __future__ import annotations

import contextlib
import importlib
import io

# sphinxext-opengraph prints a notice to stdout when it is imported without
# matplotlib. Social cards are switched off below, so the notice is only noise
# in every build log and in `edition stats`; import the module quietly here and
# Sphinx reuses it from sys.modules.
with contextlib.redirect_stdout(io.StringIO()):
    importlib.import_module("sphinxext.opengraph")

project = "Kosovo after the War: An Annotated Edition of Five Sources"
release = version = "0.1"
author = "The editors"
copyright = "2026, the editors; source texts remain the property of their rights holders"
language = "en"
# Dates as an edition prints them: "8 December 2026" (the title page, "last updated").
today_fmt = "%-d %B %Y"

extensions = [
    "myst_parser",
    "sphinx_design",
    "sphinxcontrib.bibtex",
    "sphinxext.opengraph",
    "sphinx_sitemap",
    "edition_tools",
]

# -- Fidelity: nothing may alter the characters of a source -------------------------
# Smart quotes would curl straight quotes and turn ". . ." into an ellipsis.
smartquotes = False
# Only the MyST syntax the edition needs. No "dollarmath" ($2.5 million is not math),
# no "substitution", "html_image" or "html_admonition" (contributed pages).
myst_enable_extensions = ["colon_fence"]
# Raw HTML in Markdown is shown as text, never copied into the page.
myst_disable_syntax = ["html_block", "html_inline"]
myst_heading_anchors = 0
# Notes become sidenotes in HTML; no rule before a list of footnotes.
myst_footnote_transition = False

# -- Sources and the catalogue -------------------------------------------------------
edition_catalogue = "../sources/catalogue.toml"

bibtex_bibfiles = ["references.bib"]
# Author–year citations, "(Blaustein 2000a)", and a bibliography labelled and sorted the
# same way; two works of one author and year are told apart by a letter. Both styles are
# the edition's (edition_tools/patches/author_year.py): sphinxcontrib-bibtex's own
# "author_year" writes the same "(Blaustein, 2000)" for both works.
bibtex_default_style = "edition_author_year"
bibtex_reference_style = "edition_author_year"

root_doc = "index"
exclude_patterns = ["_build", "research", "Thumbs.db", ".DS_Store"]
nitpicky = True
# Lint: every note cites, every work is cited, every entry and event is used.
edition_lint = True

# -- Where the edition lives: set once, here -------------------------------------------
edition_repository_url = "https://github.com/kosovo-edition/kosovo-edition"
html_baseurl = "https://kosovo-edition.readthedocs.io/en/latest/"

# -- HTML ----------------------------------------------------------------------------
# Open Graph and description tags (sphinxext-opengraph), a sitemap (sphinx-sitemap).
ogp_site_url = html_baseurl
ogp_site_name = "Kosovo after the War: an annotated edition"
ogp_type = "article"
ogp_enable_meta_description = True
ogp_social_cards = {"enable": False}
# One card for every page (Open Graph requires an image), shipped as a file: drawn once
# from the title page's words, 1200 x 630 as the large-card services ask.
ogp_image = "_static/og-image.png"
ogp_image_alt = "Kosovo after the War: An Annotated Edition of Five Sources"
ogp_custom_meta_tags = [
    '<meta property="og:image:width" content="1200">',
    '<meta property="og:image:height" content="630">',
]
sitemap_url_scheme = "{link}"
sitemap_excludes = ["search.html", "genindex.html"]
html_theme = "edition"
html_static_path = ["_static"]
html_favicon = "_static/favicon.svg"
html_title = "Kosovo after the War: an annotated edition"
html_short_title = "Kosovo after the War"
html_last_updated_fmt = None
html_copy_source = False
html_show_sourcelink = False

# -- PDF (LaTeX) and EPUB ---------------------------------------------------------------
# XeLaTeX with Unicode fonts (FreeSerif, FreeSans, FreeMono from Debian's
# fonts-freefont-otf); symbols and emoji fall back to Symbola (fonts-symbola), set by
# the extension; xindy builds the index.
latex_engine = "xelatex"
latex_documents = [
    ("index", "kosovo-edition.tex", project, "The editors", "manual"),
]
latex_show_urls = "footnote"
latex_elements = {
    "papersize": "a4paper",
    "pointsize": "11pt",
    # Chapters start on the next page, not the next right-hand one: no blank page before
    # a chapter (the edition is read on screen and printed on demand, mostly one-sided).
    "extraclassoptions": "openany",
    "preamble": r"""
\hypersetup{
  pdftitle={Kosovo after the War: An Annotated Edition of Five Sources},
  pdfauthor={The editors},
  pdfsubject={A scholarly annotated edition of five texts on Kosovo, 2000–2017 and one undated},
  pdfkeywords={Kosovo, NATO, KFOR, UNMIK, scholarly edition},
  pdflang={en},
}
""",
    "maketitle": r"""
\begin{titlepage}
  \centering\sffamily
  \vspace*{3cm}
  {\Huge\bfseries Kosovo after the War\par}
  \vspace{0.5cm}
  {\Large An Annotated Edition of Five Sources\par}
  \vspace{2cm}
  {\large Edited, with headnotes, notes, glossary and chronology,\\ by the editors\par}
  \vfill
  \makeatletter
  {\normalsize Edition RELEASE \quad \@date \par}
  \makeatother
  \vspace{0.5cm}
  {\small Editorial matter: Creative Commons Attribution 4.0 International.\\
   The source texts are reproduced unchanged for scholarly commentary and remain\\
   the property of their rights holders.\par}
\end{titlepage}
""".replace("RELEASE", release),
}
epub_title = project
epub_author = "The editors"
epub_language = language
epub_publisher = "The editors"
epub_copyright = copyright
epub_show_urls = "no"
