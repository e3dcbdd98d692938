"""The base of the handlers that fill a page's placeholders when the page is written.

Aggregates (the chronology, the claims register, backlinks) need every page's records,
so their directives leave placeholders at read time; a filler replaces them on
``doctree-resolved``, when all records are known.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx

__all__ = ["ASSEMBLING_BUILDERS", "PageFiller"]

#: Builders that resolve one document assembled from every page, under the root page's
#: name: there the records say nothing of which placeholders the document holds.
ASSEMBLING_BUILDERS = frozenset({"latex", "singlehtml", "texinfo", "man"})


class PageFiller:
    """Fill the placeholders of one page being written; subclasses implement :meth:`run`."""

    def __init__(self, app: Sphinx, document: nodes.document, docname: str) -> None:
        self.app = app
        self.env = app.env
        self.builder = app.builder
        self.document = document
        self.docname = docname

    def run(self) -> None:
        """Replace this page's placeholders."""
        raise NotImplementedError

    def has_placeholders(self) -> bool:
        """Whether this page can hold placeholders of this filler (from the records).

        Saves walking every page of a large edition for the few that have some. Not
        asked of an assembled document (:data:`ASSEMBLING_BUILDERS`), which holds every
        page's placeholders under the root page's name.
        """
        return True

    @classmethod
    def fill(cls, app: Sphinx, document: nodes.document, docname: str) -> None:
        """The ``doctree-resolved`` handler."""
        filler = cls(app, document, docname)
        if app.builder.name in ASSEMBLING_BUILDERS or filler.has_placeholders():
            filler.run()

    @classmethod
    def connect(cls, app: Sphinx) -> None:
        """Run this filler on every page written."""
        app.connect("doctree-resolved", cls.fill)
