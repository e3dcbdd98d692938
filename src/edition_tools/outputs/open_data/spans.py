"""Where each annotation stands in the verbatim source: character offsets in ``sources/``.

A source page's ``source-text`` block has one block per non-empty line of its file (the
fidelity check proves it). Walking the blocks in order, each annotated inline (a term,
an event, a claim, a paratext block, a note reference) gets its offsets within its
block's text, which are then carried over to the file's own line, character by
character, allowing only for the whitespace the page folds. The result is what Web
Annotation selectors and TEI anchors need: exact offsets into the text in ``sources/``.

The spans are found once, when a page is read (:func:`record_spans`, ``doctree-read``),
and kept in the edition's domain, so the exports never load a doctree again and an
incremental build knows the spans of the pages it did not read.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx

from edition_tools.model.editorial import is_editorial, source_text
from edition_tools.model.fidelity import ASCII_WHITESPACE, fold
from edition_tools.model.records import Span
from edition_tools.outputs.open_data.citations import note_text
from edition_tools.store.catalogue import get_catalogue
from edition_tools.store.domain import edition_domain

__all__ = ["Span", "record_spans", "source_spans", "verbatim_text"]


def verbatim_text(path: Path) -> str:
    """The text of a source file as stored, line endings and all.

    Offsets count code points of the file itself, as the fidelity check reads it:
    :meth:`Path.read_text` would turn ``\\r\\n`` and a lone ``\\r`` into ``\\n`` and shift
    every offset after them.
    """
    return path.read_bytes().decode("utf-8")


def _kind_of(node: nodes.Element) -> tuple[str, str] | None:
    classes: list[str] = node.get("classes", [])
    if "edition-term-ref" in classes:
        return "term", node.get("term", "")
    if "edition-event-ref" in classes:
        for xref in node.findall(nodes.Element):
            if "reftarget" in xref:
                return "event", str(xref["reftarget"])
        return "event", ""
    if "edition-claim" in classes:
        return "claim", node.get("claim-id", "")
    if "edition-paratext" in classes:
        kinds = [c.removeprefix("edition-paratext-") for c in classes if c != "edition-paratext"]
        return "paratext", kinds[0] if kinds else ""
    return None


@dataclass
class _Walker:
    """Collect a block's text, and the offsets of annotated inlines within it."""

    footnotes: dict[str, nodes.footnote]
    text: list[str] = field(default_factory=list)
    found: list[tuple[str, int, int, str, str]] = field(default_factory=list)
    # Kept as the text grows: summing the parts at every inline made long blocks quadratic.
    cursor: int = 0

    def walk(self, node: nodes.Node) -> None:
        if isinstance(node, nodes.Text):
            part = node.astext()
            self.text.append(part)
            self.cursor += len(part)
            return
        if isinstance(node, nodes.footnote_reference):
            footnote = self.footnotes.get(node.get("refid", ""))
            label = footnote["names"][0] if footnote is not None and footnote["names"] else ""
            self.found.append(("note", self.cursor, self.cursor, label, note_text(footnote)))
            return
        if not isinstance(node, nodes.Element) or is_editorial(node):
            return
        kind = _kind_of(node)
        start = self.cursor
        for child in node.children:
            self.walk(child)
        if kind is not None and kind[0] != "paratext":
            self.found.append((kind[0], start, self.cursor, kind[1], ""))


def _content(text: str) -> list[int]:
    """The indexes of the characters of ``text`` that folding keeps as they are."""
    return [index for index, char in enumerate(text) if char not in ASCII_WHITESPACE]


def _align(block: str, line: str) -> Sequence[int] | None:
    """For each index of ``block`` (and one past its end), the matching index in ``line``.

    The two may differ only as :func:`~edition_tools.model.fidelity.fold` allows: in runs
    of ASCII whitespace, whatever their length on either side, and in such whitespace at
    the ends; ``None`` if they differ in anything else. An index in whitespace maps to
    just after the word before it (to the first word, at the start).
    """
    # Nearly every line is its block, or its block after leading whitespace: an offset.
    lead = len(line) - len(line.lstrip(ASCII_WHITESPACE))
    for shift in (0, lead):
        rest = line[shift + len(block) :]
        if line.startswith(block, shift) and not rest.strip(ASCII_WHITESPACE):
            return range(shift, shift + len(block) + 1)
    if fold(block) != fold(line):
        return None
    # Same folded text: the kept characters correspond one for one, in order.
    kept = _content(line)

    def in_whitespace(count: int) -> int:
        """Where an index of ``block`` in whitespace, after ``count`` kept characters, goes."""
        if count:
            return kept[count - 1] + 1
        return kept[0] if kept else 0

    mapping: list[int] = []
    count = 0  # the kept characters of ``block`` before the index at hand
    for char in block:
        if char in ASCII_WHITESPACE:
            mapping.append(in_whitespace(count))
        else:
            mapping.append(kept[count])
            count += 1
    mapping.append(in_whitespace(count))
    return mapping


def _blocks(container: nodes.Element) -> list[tuple[nodes.Element, str | None]]:
    """The text blocks of a source-text block, with the paratext kind they stand in."""
    found: list[tuple[nodes.Element, str | None]] = []
    for child in container.children:
        if is_editorial(child) or not isinstance(child, nodes.Element):
            continue
        if isinstance(child, nodes.TextElement):
            found.append((child, None))
            continue
        kind = _kind_of(child)
        inner = _blocks(child)
        if kind is not None and kind[0] == "paratext":
            inner = [(block, kind[1]) for block, _ in inner]
        found.extend(inner)
    return found


def source_spans(doctree: nodes.document, container: nodes.Element, text: str) -> list[Span]:
    """The annotations of one ``source-text`` block, as offsets into the file's ``text``."""
    footnotes = {i: f for f in doctree.findall(nodes.footnote) for i in f["ids"]}
    # Lines as the fidelity check has them: split at LF alone, so that the CR of a CRLF
    # ending, or a lone CR, is whitespace within a line (folded, as alignment allows).
    raw_lines = text.split("\n")
    offsets, position = [], 0
    for raw in raw_lines:
        offsets.append(position)
        position += len(raw) + 1
    non_empty = [number for number, raw in enumerate(raw_lines) if raw.strip()]
    spans: list[Span] = []
    for (block, paratext), number in zip(_blocks(container), non_empty, strict=False):
        walker = _Walker(footnotes)
        for child in block.children:
            walker.walk(child)
        block_text = "".join(walker.text)
        mapping = _align(block_text, raw_lines[number])
        if mapping is None:
            continue  # the fidelity check reports the difference
        base = offsets[number]
        if paratext is not None:
            # The whole line but its ASCII whitespace, which folding drops: an NBSP at
            # either end is text the reader sees, and part of the paratext.
            line = raw_lines[number]
            start = len(line) - len(line.lstrip(ASCII_WHITESPACE))
            end = len(line.rstrip(ASCII_WHITESPACE))
            spans.append(Span("paratext", base + start, base + end, paratext, number + 1))
        for kind, start, end, target, note in walker.found:
            spans.append(
                Span(kind, base + mapping[start], base + mapping[end], target, number + 1, note)
            )
    spans.extend(_ai_extents(container, raw_lines, offsets))
    return sorted(spans, key=lambda s: (s.start, s.end))


def _ai_extents(container: nodes.Element, raw_lines: list[str], offsets: list[int]) -> list[Span]:
    """The lines each section or passage AI record covers, first character to last.

    The ``ai-content`` feature has checked the lines against the file and wrapped them
    (see :mod:`edition_tools.features.ai_content`); the span runs from the first
    character of the first line but its ASCII whitespace to the last of the last line,
    blank lines and all, so that a selector quotes the whole passage as the file has it.
    """
    spans: list[Span] = []
    for wrapper in container.findall(nodes.container):
        first, last = wrapper.get("ai-first", 0), wrapper.get("ai-last", 0)
        if not 1 <= first <= last <= len(raw_lines):
            continue
        head, tail = raw_lines[first - 1], raw_lines[last - 1]
        start = offsets[first - 1] + len(head) - len(head.lstrip(ASCII_WHITESPACE))
        end = offsets[last - 1] + len(tail.rstrip(ASCII_WHITESPACE))
        spans.append(Span("ai", start, end, wrapper["ai-anchor"], first))
    return spans


def record_spans(app: Sphinx, doctree: nodes.document) -> None:
    """Find the spans of every checked ``source-text`` block of a page just read."""
    env = app.env
    catalogue = get_catalogue(env)
    domain = edition_domain(env)
    for container in doctree.findall(source_text):
        record = catalogue.records.get(container["source"]) if container.get("checked") else None
        if record is None:
            continue
        try:
            text = verbatim_text(catalogue.file_of(record))
        except (OSError, UnicodeDecodeError):
            continue  # the fidelity check reports it
        domain.note_spans(env.docname, record.id, source_spans(doctree, container, text))
