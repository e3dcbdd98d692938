"""Backlinks: "Mentioned in" lines that point from a record back to every passage citing it.

Shared by the chronology (events), disputed claims (records) and the glossary (terms).
Passages are grouped by page, in the order of the pages in the project, so the output
does not depend on the order in which parallel readers finished. A passage is either
words of a source or the editors' own (:func:`in_source_text`), which the chronology
keeps apart.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol, TypeVar

from docutils import nodes
from sphinx.builders import Builder
from sphinx.environment import BuildEnvironment

from edition_tools.features.base import link_to
from edition_tools.model.editorial import ancestors, is_editorial, source_text
from edition_tools.store.domain import page_title

__all__ = ["backlinks_paragraph", "in_source_text", "passage_anchor", "sorted_by_page"]


def passage_anchor(env: BuildEnvironment, kind: str) -> str:
    """A new id for a passage of the page being read that refers to a ``kind`` record.

    Unique in the whole edition, not only on its page, since the single-page HTML holds
    every page in one document: the page's name is part of it (``event-ref-`` and
    ``sources-blaustein-2000-mitrovica-3``).
    """
    serial = env.new_serialno(f"edition-{kind}-ref")
    return f"{kind}-ref-{nodes.make_id(env.docname)}-{serial}"


def in_source_text(node: nodes.Node) -> bool:
    """Whether ``node`` stands in the words of a source, not in the editors' matter.

    That is, inside a ``source-text`` block and inside no editorial node there (a note,
    a disputed-claim record, a passage-level warning): the nearest of the two decides.
    Asked of a whole doctree (once a page is read), since a node being parsed does not
    yet know where it will stand.
    """
    for holder in ancestors(node):
        if is_editorial(holder):
            return False
        if isinstance(holder, source_text):
            return True
    return False


class _Located(Protocol):
    @property
    def docname(self) -> str: ...

    @property
    def line(self) -> int: ...


_Record = TypeVar("_Record", bound=_Located)


def sorted_by_page(items: Iterable[_Record]) -> list[_Record]:
    """Sort records by page, then line: the same order whatever the reading order."""
    return sorted(items, key=lambda item: (item.docname, item.line))


def backlinks_paragraph(
    env: BuildEnvironment,
    builder: Builder,
    fromdocname: str,
    label: str,
    anchors: Sequence[tuple[str, str]],
) -> nodes.paragraph | None:
    """A paragraph ``label: Page A, Page B (2, 3)`` linking to each (docname, anchor).

    The first mention on a page is linked by the page's title, further ones by their
    number on that page. Return ``None`` when there is nothing to link.
    """
    if not anchors:
        return None
    by_page: dict[str, list[str]] = {}
    for docname, anchor in anchors:
        by_page.setdefault(docname, []).append(anchor)
    paragraph = nodes.paragraph("", "", classes=["edition-backlinks"])
    paragraph += nodes.strong("", f"{label}: ")
    for index, (docname, page_anchors) in enumerate(by_page.items()):
        if index:
            paragraph += nodes.Text("; ")
        title = page_title(env, docname)
        paragraph += link_to(
            builder, fromdocname, docname, page_anchors[0], nodes.Text(title), title
        )
        if len(page_anchors) > 1:
            paragraph += nodes.Text(" (")
            for number, anchor in enumerate(page_anchors[1:], start=2):
                if number > 2:
                    paragraph += nodes.Text(", ")
                paragraph += link_to(
                    builder,
                    fromdocname,
                    docname,
                    anchor,
                    nodes.Text(str(number)),
                    f"{title}, mention {number}",
                )
            paragraph += nodes.Text(")")
    return paragraph
