"""Write plain text as MyST that renders to the same characters.

Used to put a source's text inside a ``source-text`` block: every non-empty line of the
source becomes a block of its own (lines are separated by blank lines), and every
character that MyST would read as syntax is escaped. The escaping is kept to what the
edition's parser configuration needs (CommonMark, MyST roles and targets, colon fences,
footnotes; no dollar math, no tables across a single line), so that the page stays
readable for the editors who annotate it. The fidelity check proves the result.
"""

from __future__ import annotations

import re

__all__ = ["escape_heading", "escape_inline", "escape_line", "fence_for", "source_text_block"]

# Characters that open inline syntax anywhere in a line: escapes, code, emphasis,
# links and footnote references, autolinks and HTML, roles ({name}`...`), strikethrough.
_INLINE = re.compile(r"([\\`*_\[\]<{}~])")
# An HTML entity or numeric character reference, which MyST would decode.
_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
# Characters that open a block when they start a line: headings, quotes, list bullets,
# thematic breaks, fences, MyST comments (%), block breaks (+++), targets ("(x)="),
# tables, HTML blocks, math and link reference definitions.
_BLOCK_START = frozenset("#>-+*=_`~:%(|<$[!")
# An ordered-list marker: up to nine digits, then "." or ")". Only ASCII digits make
# one in Markdown (``\d`` would also escape "١." needlessly).
_ORDERED_LIST = re.compile(r"^([0-9]{1,9})([.)])(?=\s|$)")
# ASCII whitespace that MyST keeps as indentation: four columns make a code block.
_INDENT = re.compile(r"^[ \t]*")


def _entity(char: str) -> str:
    return f"&#x{ord(char):X};"


def escape_inline(text: str) -> str:
    """Escape the characters that open inline MyST syntax (for a heading, say)."""
    return _ENTITY.sub(r"\\&", _INLINE.sub(r"\\\1", text))


def escape_heading(text: str) -> str:
    """Escape ``text`` for an ATX heading (``# text``): inline syntax, and every ``#``.

    A heading's closing sequence (a space and ``#`` at its end) is not part of its text,
    so "Issue #" would lose its ``#``; an escaped ``#`` is always the character itself.
    """
    return escape_inline(text).replace("#", "\\#")


def escape_line(line: str) -> str:
    """Escape one source line so that MyST renders it as the same text.

    Leading and trailing Unicode whitespace that is not ASCII (a non-breaking space,
    say) is written as a character reference, because Markdown strips it otherwise;
    leading ASCII indentation of four columns or more is dropped, because it would make
    a code block (the fidelity check folds it anyway).
    """
    line = line.rstrip("\r\n")
    indent = _INDENT.match(line)
    lead = indent.group(0) if indent else ""
    body = line[len(lead) :]
    if len(lead.expandtabs(4)) >= 4:
        lead = ""
    body = body.rstrip(" \t")

    head = ""
    while body and body[0].isspace():
        head += _entity(body[0])
        body = body[1:]
    tail = ""
    while body and body[-1].isspace():
        tail = _entity(body[-1]) + tail
        body = body[:-1]

    escaped = escape_inline(body)
    if not head:
        ordered = _ORDERED_LIST.match(escaped)
        if ordered:
            escaped = f"{ordered.group(1)}\\{ordered.group(2)}{escaped[ordered.end() :]}"
        elif escaped and escaped[0] in _BLOCK_START and not escaped.startswith("\\"):
            escaped = "\\" + escaped
    return lead + head + escaped + tail


def fence_for(text: str, minimum: int = 4) -> str:
    """A colon fence longer than any run of colons that starts a line of ``text``."""
    longest = max((len(m.group(0)) for m in re.finditer(r"(?m)^\s*:{3,}", text)), default=0)
    return ":" * max(minimum, longest + 1)


def source_text_block(text: str, source_id: str) -> str:
    """The whole of ``text`` as a ``source-text`` directive for source ``source_id``.

    Every non-empty line becomes a paragraph; blank lines in the source are not
    carried (they are layout), the verbatim file in ``sources/`` keeps them.
    """
    blocks = [escape_line(line) for line in text.split("\n") if line.strip()]
    body = "\n\n".join(blocks)
    fence = fence_for(body)
    return f"{fence}{{source-text}} {source_id}\n{body}\n{fence}\n"
