"""A note inside a note is refused: it would be lost.

A margin note is a copy of the footnote placed beside its marker, and the footnote
itself leaves the page; a marker inside that footnote would lead nowhere and its note
would appear on no page (a red-team input built without a warning). In print, LaTeX
cannot set a footnote inside a footnote either. So a note referenced from inside a note
is an error at the inner marker's line: write the two as one note, or both in the text.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx

from edition_tools.store.problems import warn_at
from edition_tools.warnings_ import EditionWarning

__all__ = ["check_nested_notes", "setup_nested_notes"]


def check_nested_notes(app: Sphinx, doctree: nodes.document) -> None:
    """Warn about every note marker inside a note (``doctree-read``)."""
    for footnote in doctree.findall(nodes.footnote):
        for inner in footnote.findall(nodes.footnote_reference):
            warn_at(
                app.env,
                EditionWarning.NESTED_NOTE,
                f"note [{inner.astext()}] is referenced inside another note, where it would "
                "be lost: merge the two notes or put the reference in the text",
                (app.env.docname, inner.line or footnote.line or 0),
            )


def setup_nested_notes(app: Sphinx) -> None:
    """Connect the check."""
    app.connect("doctree-read", check_nested_notes)
