"""Directives that document the extension from its own code, so the docs never drift.

``{edition-warning-types}`` lists every ``edition.<subtype>`` warning with its
description, straight from :class:`edition_tools.warnings_.EditionWarning`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from edition_tools.warnings_ import WARNING_TYPE, EditionWarning

__all__ = ["setup_reference_docs"]


class WarningTypesDirective(SphinxDirective):
    """A definition list of the extension's warning subtypes."""

    has_content = False
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {}

    def run(self) -> list[nodes.Node]:
        """List ``edition.<subtype>``: description, in alphabetical order."""
        listing = nodes.definition_list(classes=["edition-warning-types"])
        for subtype in sorted(EditionWarning, key=lambda s: s.subtype):
            term = nodes.term("", "", nodes.literal("", f"{WARNING_TYPE}.{subtype.subtype}"))
            definition = nodes.definition("", nodes.paragraph("", subtype.description))
            listing += nodes.definition_list_item("", term, definition)
        return [listing]


def setup_reference_docs(app: Sphinx) -> None:
    """Register the documentation directives."""
    app.add_directive("edition-warning-types", WarningTypesDirective)
