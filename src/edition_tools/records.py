"""The plain records the edition keeps while reading: what, where (docname, line), which id.

Records are frozen values, never nodes, so that the domain can pickle them, forget a
page's records when it is read again, and merge what parallel readers found.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "AiRecord",
    "ClaimRecord",
    "ClaimSpan",
    "EventRecord",
    "GlossaryEntry",
    "Reference",
    "SourceUse",
]


@dataclass(frozen=True, slots=True)
class SourceUse:
    """A ``source-text`` block: which source, on which page, at which line."""

    source_id: str
    docname: str
    line: int
    title: str


@dataclass(frozen=True, slots=True)
class Reference:
    """A passage that points at a record (an event or a glossary term).

    ``anchor`` is the HTML id given to the passage, so that backlinks land on it.
    """

    target: str
    docname: str
    line: int
    anchor: str
    text: str


@dataclass(frozen=True, slots=True)
class EventRecord:
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
class ClaimRecord:
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
class ClaimSpan:
    """A span of source text marked with the ``claim`` role."""

    claim_id: str
    docname: str
    line: int
    anchor: str
    text: str


@dataclass(frozen=True, slots=True)
class AiRecord:
    """An ``ai-content`` record: scope, how it is known, and the IPTC source type."""

    docname: str
    line: int
    scope: str
    basis: str
    source_type: str
    disclosure: str
    anchor: str


@dataclass(frozen=True, slots=True)
class GlossaryEntry:
    """A glossary entry: its terms (the first is the main spelling, then variants)."""

    docname: str
    line: int
    terms: tuple[str, ...]
    anchors: tuple[str, ...]
    #: The definition as plain text (citations left out), for previews.
    definition: str = ""
