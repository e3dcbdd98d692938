"""Sphinx extension and tools for annotated digital editions (first: sources on Kosovo)."""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx

__version__ = "0.1.0"


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the extension (``extensions = ["edition_tools"]`` in ``conf.py``)."""
    from edition_tools.extension import setup_extension

    setup_extension(app)
    return {
        "version": __version__,
        # Bump with the shape of the records the domain stores (see EditionDomain).
        "env_version": 2,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
