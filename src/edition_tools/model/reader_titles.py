"""What a reader calls each record: where the edition names one outside its own entry.

A record's id is the editors' handle, not a name: ``ucpress-rambouillet-summit`` says
little to a reader who searched for "Rambouillet". The search and the inventory of
objects name records as the pages show them instead: an event by its title and dates,
as the chronology heads it; a disputed claim by the source's words it is about, as the
claims register quotes them; a glossary entry by its headword.
"""

from __future__ import annotations

from edition_tools.model.dates import date_range
from edition_tools.model.records import ClaimRecord, ClaimSpan, EventRecord, GlossaryEntry

__all__ = ["claim_title", "event_title", "term_title"]


def event_title(event: EventRecord) -> str:
    """``The Rambouillet conference (6–23 February 1999)``: the title, then the dates.

    The dates as the chronology writes them; a date the checks reject (they warn about
    it) is left out rather than shown wrong.
    """
    if not event.date:
        return f"{event.title} (date unknown)"
    try:
        return f"{event.title} ({date_range(event.date, event.end)})"
    except ValueError:
        return event.title


def claim_title(claim: ClaimRecord, first_span: ClaimSpan | None) -> str:
    """The source's words the claim is about, quoted: ``“a U.S. ultimatum”``.

    The words of its first span, as the claims register quotes them; a claim no span
    marks has no words of its own, and is named by its level.
    """
    if first_span is None:
        return f"Disputed claim ({claim.level})"
    return f"“{first_span.text}”"


def term_title(entry: GlossaryEntry) -> str:
    """The headword, with the other spellings a reader might look for.

    ``Kosovo Liberation Army (also KLA)``. A spelling that the headword or another
    listed spelling already contains is left out (``Milošević`` beside ``Slobodan
    Milošević``): a search for it finds the entry by the longer one.
    """
    headword, *variants = entry.terms
    shown: list[str] = []
    for variant in sorted(variants, key=len, reverse=True):
        if not any(variant.casefold() in kept.casefold() for kept in (headword, *shown)):
            shown.append(variant)
    shown.sort(key=variants.index)
    return f"{headword} (also {', '.join(shown)})" if shown else headword
