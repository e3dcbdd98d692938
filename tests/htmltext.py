"""Read the source text back out of a built HTML page, as a reader's browser has it."""

from __future__ import annotations

from pathlib import Path

from lxml import html

from edition_tools.model.fidelity import Block

#: Elements that are one block of source text each.
BLOCK_TAGS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "dt", "dd", "th", "td"})
#: Classes of the editorial layer inside a source text.
EDITORIAL_CLASSES = frozenset({"footnote-reference", "edition-editorial"})


def _editorial(element: html.HtmlElement) -> bool:
    return bool(EDITORIAL_CLASSES & set((element.get("class") or "").split()))


def _text(element: html.HtmlElement) -> str:
    parts = [element.text or ""]
    for child in element:
        if not isinstance(child.tag, str):  # comments, processing instructions
            parts.append(child.tail or "")
            continue
        if not _editorial(child):
            parts.append(_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _blocks(element: html.HtmlElement) -> list[Block]:
    blocks: list[Block] = []
    for child in element:
        if not isinstance(child.tag, str) or _editorial(child):
            continue
        if child.tag in BLOCK_TAGS:
            blocks.append(Block(_text(child), child.sourceline))
        else:
            blocks.extend(_blocks(child))
    return blocks


def source_text_blocks(page: Path) -> dict[str, list[Block]]:
    """The blocks of every source-text region of ``page``, by source id."""
    tree = html.fromstring(page.read_bytes())
    return {
        region.get("data-source") or region.get("id", "").removeprefix("source-"): _blocks(region)
        for region in tree.find_class("edition-source-text")
    }
