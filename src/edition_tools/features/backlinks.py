"""Backlinks: "Mentioned in" lines that point from a record back to every passage citing it.

Shared by the chronology (events), disputed claims (records) and the glossary (terms).
Passages are grouped by page, in the order of the pages in the project, so the output
does not depend on the order in which parallel readers finished.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol, TypeVar

from docutils import nodes
from sphinx.builders import Builder
from sphinx.environment import BuildEnvironment

from edition_tools.features.base import link_to
from edition_tools.store.domain import page_title

__all__ = ["backlinks_paragraph", "sorted_by_page"]


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

    The first passage on a page is linked by the page's title, further ones by their
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
                    f"{title}, passage {number}",
                )
            paragraph += nodes.Text(")")
    return paragraph
