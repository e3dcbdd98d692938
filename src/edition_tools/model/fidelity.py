"""Compare the text of a built source-text block with the verbatim source file.

Pure functions, no Sphinx: the ``source-text`` directive collects the blocks of its
content, and this module says where, and how, they differ from ``sources/``.

The only normalisation is folding whitespace within a line: runs of ASCII whitespace
(space, tab, line breaks inside one block) become one space, and ASCII whitespace at the
ends of a line is dropped. Every other character counts, including the non-breaking space
(U+00A0), which Markdown keeps but HTML readers cannot see. Blank lines of the source are
layout: the comparison is between the source's non-empty lines and the page's blocks, in
order, one for one.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = [
    "ASCII_WHITESPACE",
    "Block",
    "Difference",
    "compare",
    "fold",
    "show",
    "source_lines",
]

#: The characters :func:`fold` folds: whitespace anywhere else (NBSP) is text.
ASCII_WHITESPACE = " \t\n\r\f\v"

# Runs of ASCII whitespace other than a single space: the runs ``fold`` changes (matching
# every run made it replace each single space of a line by itself, a quarter slower).
_FOLDABLE_WHITESPACE = re.compile(r"[ \t\n\r\f\v]{2,}|[\t\n\r\f\v]")

#: How many words of context a message shows on each side of a difference.
CONTEXT_WORDS = 4


def fold(text: str) -> str:
    """Fold runs of ASCII whitespace to one space and strip them at both ends."""
    return _FOLDABLE_WHITESPACE.sub(" ", text).strip(" ")


@dataclass(frozen=True, slots=True)
class Block:
    """One block of built text (a paragraph, heading or list item) and its page line."""

    text: str
    line: int | None


@dataclass(frozen=True, slots=True)
class SourceLine:
    """One non-empty line of a source file, with its 1-based line number."""

    number: int
    text: str


@dataclass(frozen=True, slots=True)
class Difference:
    """A place where the page's text departs from the source.

    ``line`` is the page line of the block concerned (``None`` when the page has no
    block to point at, for instance when lines are missing at the end).
    """

    line: int | None
    message: str


def source_lines(text: str) -> list[SourceLine]:
    """Return the non-empty lines of a source file, folded, with their line numbers.

    A line is empty when it holds nothing but whitespace (of any kind): a line of
    non-breaking spaces carries no text a reader could see.
    """
    return [
        SourceLine(number, fold(line))
        for number, line in enumerate(text.split("\n"), start=1)
        if line.strip()
    ]


def show(text: str) -> str:
    """Make the invisible characters of ``text`` visible, for a message.

    Non-breaking and other unusual spaces, format characters and variation selectors
    are written ``<U+00A0>``, so that a message about a lost NBSP says what was lost.
    """
    shown: list[str] = []
    for char in text:
        category = unicodedata.category(char)
        invisible = (category.startswith(("Z", "C")) and char != " ") or (
            category == "Mn" and unicodedata.name(char, "").startswith("VARIATION SELECTOR")
        )
        shown.append(f"<U+{ord(char):04X}>" if invisible else char)
    return "".join(shown)


def _excerpt(words: Sequence[str], start: int, stop: int) -> str:
    """Join ``words[start:stop]`` with context, marking cut ends with an ellipsis."""
    lo = max(0, start - CONTEXT_WORDS)
    hi = min(len(words), stop + CONTEXT_WORDS)
    text = show(" ".join(words[lo:hi]))
    return '"' + ("…" if lo > 0 else "") + text + ("…" if hi < len(words) else "") + '"'


def _describe_change(expected: str, found: str) -> tuple[str, str]:
    """Return the first differing stretch of words of two folded lines, with context."""
    old, new = expected.split(" "), found.split(" ")
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            return _excerpt(old, i1, i2), _excerpt(new, j1, j2)
    return f'"{show(expected)}"', f'"{show(found)}"'  # differ only in what splitting hides


def _line_span(lines: Sequence[SourceLine]) -> str:
    if len(lines) == 1:
        return f"line {lines[0].number}"
    return f"lines {lines[0].number}-{lines[-1].number}"


def compare(
    expected: Sequence[SourceLine], found: Sequence[Block], source: str
) -> list[Difference]:
    """List every difference between the source's lines and the page's blocks.

    ``source`` names the source file in messages. The lists are aligned line for line
    with :class:`difflib.SequenceMatcher`, so one altered word yields one message, not a
    cascade, and lines run together or split apart are named as such.
    """
    want = [line.text for line in expected]
    have = [fold(block.text) for block in found]
    matcher = difflib.SequenceMatcher(a=want, b=have, autojunk=False)
    differences: list[Difference] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        lines, blocks = expected[i1:i2], found[j1:j2]
        anchor = blocks[0].line if blocks else _nearest_line(found, j1)
        if tag == "delete":
            # Nothing on the page to point at: point at the block the text should follow.
            where = "after this block" if j1 > 0 else "at the start of the text"
            excerpt = _excerpt(lines[0].text.split(" "), 0, 2 * CONTEXT_WORDS)
            differences.append(
                Difference(
                    anchor, f"{source} {_line_span(lines)} missing from the page {where}: {excerpt}"
                )
            )
        elif tag == "insert":
            for block in blocks:
                differences.append(
                    Difference(
                        block.line,
                        f"text not in {source}: {_excerpt(fold(block.text).split(' '), 0, 8)}",
                    )
                )
        else:
            differences.extend(_describe_replacement(lines, blocks, source))
    return differences


def _nearest_line(found: Sequence[Block], index: int) -> int | None:
    """The page line of the block before ``index``, for text missing after it."""
    for block in reversed(found[:index]):
        if block.line is not None:
            return block.line
    return None


def _describe_replacement(
    lines: Sequence[SourceLine], blocks: Sequence[Block], source: str
) -> list[Difference]:
    joined_lines = " ".join(line.text for line in lines)
    joined_blocks = " ".join(fold(block.text) for block in blocks)
    if joined_lines == joined_blocks and len(blocks) < len(lines):
        return [
            Difference(
                blocks[0].line,
                f"{source} {_line_span(lines)} run together into one block; "
                "every source line must begin a block of its own (separate them with a blank line)",
            )
        ]
    if joined_lines == joined_blocks:
        return [
            Difference(
                blocks[0].line,
                f"{source} {_line_span(lines)} split across {len(blocks)} blocks; "
                "a source line must stay in one block",
            )
        ]
    if len(lines) == len(blocks):
        pairs = zip(lines, blocks, strict=True)
        return [
            _changed_line(line, block, source)
            for line, block in pairs
            if line.text != fold(block.text)
        ]
    return [
        Difference(
            blocks[0].line,
            f"{source} {_line_span(lines)} altered: expected "
            + ", found ".join(_describe_change(joined_lines, joined_blocks)),
        )
    ]


def _changed_line(line: SourceLine, block: Block, source: str) -> Difference:
    expected, found = _describe_change(line.text, fold(block.text))
    return Difference(
        block.line,
        f"text differs from {source} line {line.number}: expected {expected}, found {found}",
    )
