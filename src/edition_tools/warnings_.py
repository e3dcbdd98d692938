"""The edition's warnings: one type, ``edition``, and a closed list of subtypes.

Every problem the extension finds goes through :func:`warn`, with a location, so a
contributor reads ``path:line: message [edition.subtype]`` (Sphinx appends the bracket)
and can silence one subtype with ``suppress_warnings = ["edition.<subtype>"]``.
"""

from __future__ import annotations

from enum import Enum
from typing import Any

from sphinx.util import logging

__all__ = ["WARNING_TYPE", "EditionWarning", "warn"]

WARNING_TYPE = "edition"

_logger = logging.getLogger(__name__)


class EditionWarning(Enum):
    """Subtypes of the ``edition`` warning type, each with the description the docs list."""

    CATALOGUE = (
        "catalogue",
        "The source catalogue is malformed, or disagrees with a file in sources/ "
        "(checksum, encoding, missing file).",
    )
    AI_CONTENT = (
        "ai_content",
        "An ai-content record is incomplete or wrong: missing or unknown scope, basis or "
        "IPTC digital source type, a self-disclosure without the publisher's words, an "
        "option given twice, or a passage or section whose :lines: do not match the source "
        "text (not the lines after the record, past its end, overlapping another record).",
    )
    CLAIM = (
        "claim",
        "A disputed claim is wrong: missing, malformed or duplicate id, unknown level or "
        "status, an option missing or given twice, a claim span with no record or a record "
        "no span points to.",
    )
    CONFIG = ("config", "A configuration value of the extension is wrong.")
    DUPLICATE_ID = (
        "duplicate_id",
        "Two things on one page take the same id (a heading or target named like a "
        "passage, a note or the page's main text, such as 'P3' or 'Main'): links to one "
        "would land on the other.",
    )
    ENCODING = (
        "encoding",
        "A page is not UTF-8: it cannot be read, and is left out of the build.",
    )
    EVENT = (
        "event",
        "A chronology event is wrong: missing, malformed, unknown or duplicate id, missing "
        "or malformed date (year 0000 included), an end before the date, the same as it or "
        "overlapping it, an option given twice, or no title.",
    )
    FIDELITY = (
        "fidelity",
        "The text of a source-text block differs from its file in sources/: a character "
        "lost, added or altered, or source lines run together or split.",
    )
    HOSTILE = (
        "hostile",
        "Content that could run code in a reader's browser or read files outside docs/: "
        "raw HTML, the raw directive, event-handler attributes, javascript: or data: URLs, "
        "files from outside docs/ (include, literalinclude, csv-table, image, figure, "
        "download), a NUL character.",
    )
    NAMING = (
        "naming",
        "A bibliography key breaks the naming convention (lower case letters, digits, "
        "underscores).",
    )
    NESTED_NOTE = (
        "nested_note",
        "A note is referenced from inside another note: the inner note would be lost in "
        "the margin and in print.",
    )
    PARATEXT = (
        "paratext",
        "A paratext block is wrong: missing or unknown kind, an option given twice, or "
        "placed outside a source-text block.",
    )
    UNCITED_NOTE = (
        "uncited_note",
        "An editorial note cites no work: every statement of fact cites its evidence.",
    )
    UNUSED_EVENT = ("unused_event", "An event of the chronology is mentioned on no source page.")
    UNUSED_TERM = ("unused_term", "A glossary entry is mentioned on no source page.")
    UNUSED_WORK = ("unused_work", "A bibliography entry is never cited.")
    UNTRUSTED = (
        "untrusted",
        "A page reaches past what a contribution may do: front matter outside the "
        "allowlist or configuring MyST, a docutils.conf, a page that is not MyST Markdown, "
        "a directive, role, option, node type or class outside the edition's vocabulary, "
        "only-blocks or relabelling around source text, a link or image URL outside the "
        "allowed schemes, an active file (HTML, XML, SVG with script).",
    )
    SOURCE_TEXT = (
        "source_text",
        "A source-text directive is misused: unknown source id, unreadable file, or the "
        "same source on two pages.",
    )

    def __init__(self, subtype: str, description: str) -> None:
        self.subtype = subtype
        self.description = description


def warn(subtype: EditionWarning, message: str, location: Any) -> None:
    """Emit an ``edition.<subtype>`` warning at ``location``.

    ``location`` is a node, a ``(docname, line)`` pair or a ``"path:line"`` string, as
    :meth:`sphinx.util.logging.SphinxLoggerAdapter.warning` takes it; never ``None``, so
    that every message names a file.
    """
    _logger.warning(message, type=WARNING_TYPE, subtype=subtype.subtype, location=location)
