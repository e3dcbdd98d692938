"""``suppress_warnings = ["toc.empty_glob"]`` honoured, as Sphinx documents it.

A new edition lists its source pages with a glob toctree (``docs/sources/index.md``), and
has no source page until its first ``edition new-source``: Sphinx warns that the glob
"didn't match any documents", which ``-W`` makes an error. Sphinx documents the warning
type ``toc.empty_glob`` for it, but logs it with a subtype and no type (Sphinx 9.0,
``sphinx/directives/other.py``), and a warning without a type is never suppressed. A
filter on the logger of that module gives the warning its documented type, so that the
setting works; nothing else changes, and the warning stays an error where it is not
suppressed.
"""

from __future__ import annotations

import logging

from sphinx.application import Sphinx

__all__ = ["EMPTY_GLOB_LOGGER", "setup_empty_glob"]

#: The logger the toctree directive warns through (Sphinx prefixes module names).
EMPTY_GLOB_LOGGER = "sphinx.sphinx.directives.other"


class _DocumentedType(logging.Filter):
    """Give the empty-glob warning the type Sphinx documents for it."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "subtype", None) == "empty_glob" and not getattr(record, "type", None):
            record.type = "toc"
        return True


_FILTER = _DocumentedType()


def setup_empty_glob(app: Sphinx) -> None:
    """Install the filter once per process (adding it again changes nothing)."""
    logging.getLogger(EMPTY_GLOB_LOGGER).addFilter(_FILTER)
