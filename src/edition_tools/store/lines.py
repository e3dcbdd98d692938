"""The line of each role in a wrapped paragraph, not the paragraph's first.

MyST gives every inline token of a paragraph the line where the paragraph begins
(``DocutilsRenderer._render_tokens`` copies a block's line map to its children), so a
problem with a role on the third line of a wrapped paragraph or note was reported two
lines too early, by the edition and by Sphinx alike. A contributor reading
``page.md:48`` looks at line 48.

The line is found again in the page's source: the first occurrence of the role's markup
(``{name}`text`` in MyST, ``:name:`text`` in reStructuredText) from the paragraph's
first line up to the blank line that ends it, skipping the occurrences that earlier
roles of the same page have already claimed. Where it cannot be found (markup made by
a directive, a file the page includes), the paragraph's line stays.

* :class:`EditionRole`, the base of the edition's roles, corrects the line before the
  role runs, so that the records it makes and the warnings it gives carry it;
* :class:`CrossReferenceLines` corrects a cross-reference of Sphinx's own roles
  (``{term}``, ``{ref}``, ``{doc}``...) that cannot be resolved, just before Sphinx warns
  about it (``missing-reference``): only those need a line, and most pages have none.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.parsers.rst.states import Inliner
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import SphinxRole

__all__ = ["CrossReferenceLines", "EditionRole", "LineFinder", "setup_inline_lines"]

#: The ``rawtext`` MyST and docutils give a role: ``:name:`text```.
_ROLE_RAWTEXT = re.compile(r":(?P<name>[^:`\s]+(?::[^:`\s]+)?):`+(?P<text>.*?)`+", re.DOTALL)

#: Key in ``env.current_document`` (cleared for each page read): the roles' finders, by
#: source file.
_FINDERS_KEY = "edition_line_finders"


class LineFinder:
    """Roles' lines in one source file, each occurrence found once."""

    def __init__(self, text: str) -> None:
        self._lines = text.splitlines()
        #: (paragraph's first line, markup) -> (line index, column) to search on from.
        self._resume: dict[tuple[int, str, str], tuple[int, int]] = {}

    def find(self, first_line: int, name: str, text: str) -> int:
        """The line of the next role ``name`` with ``text`` in the paragraph at ``first_line``.

        ``first_line`` (counted from 1) if the markup is not found there.
        """
        words = text.split("\n", 1)[0].strip()
        key = (first_line, name, words)
        index, column = self._resume.get(key, (first_line - 1, 0))
        # The paragraph ends at the first blank line after its first.
        while index < len(self._lines) and (self._lines[index].strip() or index < first_line):
            found = self._find_on(self._lines[index], column, name, words)
            if found is not None:
                self._resume[key] = (index, found + 1)
                return index + 1
            index, column = index + 1, 0
        return first_line

    @staticmethod
    def _find_on(line: str, column: int, name: str, words: str) -> int | None:
        """The column of the role's markup on ``line`` at or after ``column``, if any."""
        for opening in (f"{{{name}}}", f":{name}:"):
            start = line.find(opening, column)
            while start >= 0:
                rest = line[start + len(opening) :]
                if rest.startswith("`") and rest.lstrip("`").startswith(words):
                    return start
                start = line.find(opening, start + 1)
        return None


def _finder(finders: dict[str, LineFinder], source: str) -> LineFinder:
    """The finder of ``source`` in ``finders``, reading the file the first time."""
    if source not in finders:
        try:
            text = Path(source).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            text = ""  # nothing to search: lines stay as they are
        finders[source] = LineFinder(text)
    return finders[source]


class EditionRole(SphinxRole):
    """A role whose :attr:`lineno` is its own line, not its paragraph's first."""

    def __call__(
        self,
        name: str,
        rawtext: str,
        text: str,
        lineno: int,
        inliner: Inliner,
        options: dict[str, Any] | None = None,
        content: Sequence[str] = (),
    ) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        """Correct ``lineno``, then run the role as Sphinx does."""
        document = inliner.document
        env = getattr(document.settings, "env", None)
        source = document.get("source")
        if env is not None and source and lineno and name:
            finders = env.current_document.setdefault(_FINDERS_KEY, {})
            lineno = _finder(finders, source).find(lineno, name, text)
        return super().__call__(name, rawtext, text, lineno, inliner, options, content)


@dataclass
class CrossReferenceLines:
    """The lines of unresolved cross-references of the page being written."""

    #: The page the finders are for, and its finders by source file.
    docname: str = ""
    finders: dict[str, LineFinder] = field(default_factory=dict)

    def correct(
        self, app: Sphinx, env: BuildEnvironment, node: addnodes.pending_xref, contnode: Any
    ) -> None:
        """Give ``node`` the line of its role (``missing-reference``); resolve nothing."""
        markup = _ROLE_RAWTEXT.fullmatch(node.rawsource)
        docname = node.get("refdoc")
        if markup is None or not node.line or not docname:
            return
        if docname != self.docname:  # a page of its own, with its own occurrences
            self.docname, self.finders = docname, {}
        source = node.source or str(env.doc2path(docname))
        node.line = _finder(self.finders, source).find(node.line, markup["name"], markup["text"])


def setup_inline_lines(app: Sphinx) -> None:
    """Register the correction of unresolved cross-references' lines, before other handlers."""
    app.connect("missing-reference", CrossReferenceLines().correct, priority=100)
