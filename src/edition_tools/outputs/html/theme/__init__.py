"""The edition's HTML theme: a light reading layout on Sphinx's ``basic`` theme.

Chosen over sphinx-book-theme for weight and scale: a page loads a few kilobytes of CSS
and Sphinx's small scripts, makes no request outside the site, and its navigation lists
only the top-level pages, so a page does not grow with the number of sources.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

from edition_tools.model.content_policy import CONTENT_SECURITY_POLICY

__all__ = ["navigation", "setup_theme"]


def navigation(app: Sphinx) -> list[tuple[str, str]]:
    """The root toctree's entries, (docname, title), in order."""
    env = app.env
    root = app.config.root_doc
    entries: list[tuple[str, str]] = []
    for docname in env.toctree_includes.get(root, []):
        title = env.titles.get(docname)
        entries.append((docname, title.astext() if title is not None else docname))
    return entries


def add_navigation(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Give every page the navigation and the CSP (``html-page-context``)."""
    context["edition_nav"] = navigation(app)
    context["edition_csp"] = CONTENT_SECURITY_POLICY


def setup_theme(app: Sphinx) -> None:
    """Register the ``edition`` theme (``html_theme = "edition"``) and its navigation."""
    app.add_html_theme("edition", str(Path(__file__).parent / "edition"))
    app.connect("html-page-context", add_navigation)
