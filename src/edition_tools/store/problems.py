"""Warnings about a page that come back until the page is fixed.

Sphinx does not read an unchanged page again, so a warning given while reading it would
be seen once: the domain keeps the names of the pages warned about, and the next build
reads them again (:func:`edition_tools.store.domain.pages_to_read_again`).
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.environment import BuildEnvironment

from edition_tools.store.domain import edition_domain
from edition_tools.warnings_ import EditionWarning, warn

__all__ = ["warn_at"]


def warn_at(env: BuildEnvironment, subtype: EditionWarning, message: str, location: Any) -> None:
    """Warn about a page, and have the page read again on the next build.

    Sphinx does not read an unchanged page again, so a warning given while reading it,
    or while checking the records of all pages, would be seen once and then never again:
    an incremental ``make html`` after a failed one would pass. The domain keeps the
    names of the pages warned about; the next build reads them again (see
    :func:`edition_tools.store.domain.pages_to_read_again`), and so warns again.
    """
    warn(subtype, message, location)
    docname = env.docname if env.current_document.docname else None
    if isinstance(location, tuple):
        docname = location[0]
    elif isinstance(location, nodes.Node) and location.source:
        docname = env.path2doc(location.source) or docname
    if docname:
        edition_domain(env).problem_docs.add(docname)
