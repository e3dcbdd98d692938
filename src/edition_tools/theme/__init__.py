"""The edition's HTML theme: a light reading layout on Sphinx's ``basic`` theme.

Chosen over sphinx-book-theme for weight and scale: a page loads a few kilobytes of CSS
and Sphinx's small scripts, makes no request outside the site, and its navigation lists
only the top-level pages, so a page does not grow with the number of sources.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx

__all__ = ["setup_theme"]


def setup_theme(app: Sphinx) -> None:
    """Register the ``edition`` theme (``html_theme = "edition"``)."""
    app.add_html_theme("edition", str(Path(__file__).parent / "edition"))
