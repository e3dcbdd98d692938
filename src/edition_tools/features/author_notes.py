"""The source's own apparatus: ``{author-note}`[96]``` marks a note number of the author's.

The number stays in the text, exactly as the source prints it; it is shown as the
author's note (not an editorial note), with a label that screen readers announce.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx

from edition_tools.model.editorial import mark_editorial
from edition_tools.store.lines import EditionRole

__all__ = ["setup_author_notes"]


class AuthorNoteRole(EditionRole):
    """Wrap an author's note number; its text is the source's, its label the editors'."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        """An inline of class ``edition-author-note`` with a hidden label."""
        label = mark_editorial(
            nodes.inline("", "author's note ", classes=["edition-author-note-label"])
        )
        span = nodes.inline("", "", label, nodes.Text(self.text), classes=["edition-author-note"])
        self.set_source_info(span)
        return [span], []


def setup_author_notes(app: Sphinx) -> None:
    """Register the ``author-note`` role."""
    app.add_role("author-note", AuthorNoteRole())
