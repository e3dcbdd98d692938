"""The edition's HTML theme: a light reading layout on Sphinx's ``basic`` theme.

Chosen over sphinx-book-theme for weight and scale: a page loads a few kilobytes of CSS
and Sphinx's small scripts, makes no request outside the site, and its navigation lists
only the top-level pages, so a page does not grow with the number of sources.

The root page's toctrees make the navigation: the entries of a toctree without a caption
go into the header (what a reader looks for), those of a captioned toctree ("About the
edition") into the footer, so the header stays one line on a desktop and short on a phone.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx import addnodes
from sphinx.application import Sphinx

from edition_tools.model.content_policy import CONTENT_SECURITY_POLICY

__all__ = ["navigation", "setup_theme"]


def navigation(app: Sphinx) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The root toctrees' entries, (docname, title): the header's, then the footer's."""
    env = app.env
    header: list[tuple[str, str]] = []
    footer: list[tuple[str, str]] = []
    toc = env.tocs.get(app.config.root_doc)
    for toctree in toc.findall(addnodes.toctree) if toc is not None else ():
        target = footer if toctree.get("caption") else header
        for _explicit_title, docname in toctree["entries"]:
            if docname in env.titles:
                target.append((docname, env.titles[docname].astext()))
    return header, footer


def _current(docname: str, pagename: str) -> str:
    if docname == pagename:
        return "page"
    folder, _slash, stem = docname.rpartition("/")
    if stem == "index" and folder and pagename.startswith(folder + "/"):
        return "true"
    return ""


def add_navigation(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Give every page the navigation and the CSP (``html-page-context``)."""
    header, footer = navigation(app)
    context["edition_nav"] = [(d, t, _current(d, pagename)) for d, t in header]
    context["edition_nav_about"] = [(d, t, _current(d, pagename)) for d, t in footer]
    context["edition_csp"] = CONTENT_SECURITY_POLICY


def setup_theme(app: Sphinx) -> None:
    """Register the ``edition`` theme (``html_theme = "edition"``) and its navigation."""
    app.add_html_theme("edition", str(Path(__file__).parent / "edition"))
    app.connect("html-page-context", add_navigation)
