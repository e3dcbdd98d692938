"""The plain records the edition keeps while reading: what, where (docname, line), which id.

Records are frozen values, never nodes, so that the domain can pickle them, forget a
page's records when it is read again, and merge what parallel readers found.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = [
    "AiRecord",
    "ClaimRecord",
    "ClaimSpan",
    "EventRecord",
    "GlossaryEntry",
    "Reference",
    "SourceUse",
    "Span",
]


class _Record:
    """Pickled as its class and field values.

    Sphinx pickles the environment, and with it every record, after each build; the
    default for frozen dataclasses with slots looks up the fields of each record, one by
    one, and costs several times as much on a large edition.
    """

    __slots__ = ()

    def __reduce__(self) -> tuple[type[Any], tuple[Any, ...]]:
        names: tuple[str, ...] = getattr(self, "__slots__", ())
        return type(self), tuple(getattr(self, name) for name in names)


@dataclass(frozen=True, slots=True)
class SourceUse(_Record):
    """A ``source-text`` block: which source, on which page, at which line."""

    source_id: str
    docname: str
    line: int
    title: str


@dataclass(frozen=True, slots=True)
class Reference(_Record):
    """A passage that points at a record (an event or a glossary term).

    ``anchor`` is the HTML id given to the passage, so that backlinks land on it;
    ``text`` is the passage's words; ``written`` the reference as its page writes it,
    role and all, for messages (empty where Sphinx, not the edition, reports problems).
    ``in_source`` says whether the passage is words of a source (inside a
    ``source-text`` block, outside any editorial matter there) rather than the editors'
    (a headnote, a note, a disputed-claim record, another page): a source that
    mentions an event is not the same as an editor who does. It is known once the whole
    page is read, so the reference is recorded first and placed then.
    """

    target: str
    docname: str
    line: int
    anchor: str
    text: str
    written: str = ""
    in_source: bool = False


@dataclass(frozen=True, slots=True)
class EventRecord(_Record):
    """An event of the chronology, with its date at the precision it is known."""

    id: str
    docname: str
    line: int
    date: str
    end: str
    title: str
    sources_differ: bool

    @property
    def anchor(self) -> str:
        """The HTML id of the event's entry."""
        return f"event-{self.id}"


@dataclass(frozen=True, slots=True)
class ClaimRecord(_Record):
    """The record of a disputed claim: who makes it, how far it is disputed, its status."""

    id: str
    docname: str
    line: int
    level: str
    claimant: str
    status: str
    evidence: tuple[str, ...]

    @property
    def anchor(self) -> str:
        """The HTML id of the record."""
        return f"disputed-{self.id}"


@dataclass(frozen=True, slots=True)
class ClaimSpan(_Record):
    """A span of source text marked with the ``claim`` role."""

    claim_id: str
    docname: str
    line: int
    anchor: str
    text: str


@dataclass(frozen=True, slots=True)
class AiRecord(_Record):
    """An ``ai-content`` record: scope, how it is known, and the IPTC source type.

    ``first_line`` and ``last_line`` are the lines of the source file that a section or
    passage record covers (its ``:lines:``); 0 for a document, which covers them all.
    """

    docname: str
    line: int
    scope: str
    basis: str
    source_type: str
    disclosure: str
    anchor: str
    first_line: int = 0
    last_line: int = 0


@dataclass(frozen=True, slots=True)
class GlossaryEntry(_Record):
    """A glossary entry: its terms (the first is the main spelling, then variants)."""

    docname: str
    line: int
    terms: tuple[str, ...]
    anchors: tuple[str, ...]
    #: The definition as plain text (citations left out), for previews.
    definition: str = ""


@dataclass(frozen=True, slots=True)
class Span(_Record):
    """An annotation's place in its source file: ``text[start:end]`` is its exact text.

    Found when the page is read (see :mod:`edition_tools.outputs.open_data.spans`); the exports
    are made from these, without the page's doctree.

    ``kind`` is ``note``, ``term``, ``event``, ``claim``, ``paratext`` or ``ai`` (the
    lines an AI record covers); ``target`` the glossary term, event id, claim id,
    paratext kind, note label, or the AI record's anchor; ``note`` the text
    of the note, for notes, its citations marked by key (see
    :mod:`edition_tools.outputs.open_data.citations`).
    """

    kind: str
    start: int
    end: int
    target: str
    line: int
    note: str = ""
