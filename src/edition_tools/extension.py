"""Wire the edition's features into Sphinx, one ``setup_<feature>`` each."""

from __future__ import annotations

from sphinx.application import Sphinx

from edition_tools.config import setup_config
from edition_tools.domain import EditionDomain
from edition_tools.source_catalogue import setup_source_catalogue
from edition_tools.source_text import setup_source_text
from edition_tools.theme import setup_theme

__all__ = ["setup_extension"]


def setup_extension(app: Sphinx) -> None:
    """Register configuration, domain, directives and theme."""
    setup_config(app)
    app.add_domain(EditionDomain)
    setup_source_catalogue(app)
    setup_source_text(app)
    setup_theme(app)
