"""Where each annotation stands in the verbatim source: character offsets in ``sources/``.

A source page's ``source-text`` block has one block per non-empty line of its file (the
fidelity check proves it). Walking the blocks in order, each annotated inline (a term,
an event, a claim, a paratext block, a note reference) gets its offsets within its
block's text, which are then carried over to the file's own line, character by
character, allowing only for the whitespace the page folds. The result is what Web
Annotation selectors and TEI anchors need: exact offsets into the text in ``sources/``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from docutils import nodes

from edition_tools.nodes import is_editorial

__all__ = ["Span", "source_spans"]


@dataclass(frozen=True)
class Span:
    """An annotation's place in the source file: ``text[start:end]`` is its exact text.

    ``kind`` is ``note``, ``term``, ``event``, ``claim`` or ``paratext``; ``target`` the
    glossary term, event id, claim id, paratext kind, or note label; ``note`` the node
    of the note's content, for notes.
    """

    kind: str
    start: int
    end: int
    target: str
    line: int
    note: nodes.Element | None = field(default=None, compare=False)


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
    found: list[tuple[str, int, int, str, nodes.Element | None]] = field(default_factory=list)

    @property
    def cursor(self) -> int:
        return sum(len(part) for part in self.text)

    def walk(self, node: nodes.Node) -> None:
        if isinstance(node, nodes.Text):
            self.text.append(node.astext())
            return
        if isinstance(node, nodes.footnote_reference):
            footnote = self.footnotes.get(node.get("refid", ""))
            label = footnote["names"][0] if footnote is not None and footnote["names"] else ""
            self.found.append(("note", self.cursor, self.cursor, label, footnote))
            return
        if not isinstance(node, nodes.Element) or is_editorial(node):
            return
        kind = _kind_of(node)
        start = self.cursor
        for child in node.children:
            self.walk(child)
        if kind is not None and kind[0] != "paratext":
            self.found.append((kind[0], start, self.cursor, kind[1], None))


def _align(block: str, line: str) -> list[int] | None:
    """For each index of ``block`` (and one past its end), the matching index in ``line``.

    The two differ only in whitespace (runs folded, ends trimmed); ``None`` if they differ
    in anything else.
    """
    mapping: list[int] = []
    i = j = 0
    while i < len(block):
        if j < len(line) and block[i] == line[j]:
            mapping.append(j)
            i, j = i + 1, j + 1
        elif j < len(line) and line[j] in " \t\r\f\v" and (block[i] in " \t\n" or i == 0):
            j += 1
        elif block[i] in " \t\n":
            mapping.append(j)
            i += 1
        else:
            return None
    mapping.append(j)
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
            line = raw_lines[number]
            start = len(line) - len(line.lstrip())
            spans.append(
                Span("paratext", base + start, base + len(line.rstrip()), paratext, number + 1)
            )
        for kind, start, end, target, note in walker.found:
            spans.append(
                Span(kind, base + mapping[start], base + mapping[end], target, number + 1, note)
            )
    return sorted(spans, key=lambda s: (s.start, s.end))
