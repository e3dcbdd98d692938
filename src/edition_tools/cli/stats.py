"""Counts of the editorial work, per source and for the edition, from a finished build.

Per source: notes, disputed claims, glossary references, event references, paratext
blocks. For the edition: glossary entries, events, bibliography entries; and what is
not yet used (uncited works, unreferenced entries and events), which an edition should
not have.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sphinx.environment import BuildEnvironment

from edition_tools.features.glossary import term_labels
from edition_tools.store.citations import bibtex_domain, cited_keys
from edition_tools.store.domain import edition_domain

__all__ = ["EditionStats", "SourceStats", "collect_stats", "format_stats"]


@dataclass(frozen=True)
class SourceStats:
    """The counts for one source page."""

    source_id: str
    notes: int
    claims: int
    term_refs: int
    event_refs: int
    paratext: int

    def as_row(self) -> tuple[int, ...]:
        """The counts in the order of :data:`COLUMNS`."""
        return (self.notes, self.claims, self.term_refs, self.event_refs, self.paratext)


COLUMNS = ("notes", "claims", "terms", "events", "paratext")


@dataclass(frozen=True)
class EditionStats:
    """The counts for the edition, and what it does not use."""

    sources: list[SourceStats]
    glossary_entries: int
    events: int
    bibliography: int
    uncited_works: list[str] = field(default_factory=list)
    unreferenced_entries: list[str] = field(default_factory=list)
    unreferenced_events: list[str] = field(default_factory=list)


def collect_stats(env: BuildEnvironment) -> EditionStats:
    """Count from the environment of a finished build."""
    domain = edition_domain(env)
    source_pages = {use.docname: use.source_id for use in domain.sources.values()}
    per_source = []
    for docname, source_id in sorted(source_pages.items(), key=lambda item: item[1]):
        counts = domain.page_counts.get(docname, {})
        per_source.append(
            SourceStats(
                source_id=source_id,
                notes=counts.get("notes", 0),
                claims=len(domain.on_page("claim_spans", docname)),
                term_refs=len(domain.on_page("term_refs", docname)),
                event_refs=len(domain.on_page("event_refs", docname)),
                paratext=counts.get("paratext", 0),
            )
        )

    labels = term_labels(env)
    used_anchors = {
        labels[r.target][1]
        for r in domain.term_refs
        if r.docname in source_pages and r.target in labels
    }
    unreferenced_entries = [
        entry.terms[0]
        for entry in domain.glossary_entries
        if entry.terms and not used_anchors & set(entry.anchors)
    ]
    used_events = {r.target for r in domain.event_refs if r.docname in source_pages}
    unreferenced_events = sorted(set(domain.events) - used_events)

    bibtex = bibtex_domain(env)
    all_keys = set(bibtex.bibdata.data.entries) if bibtex else set()
    cited = cited_keys(env)
    return EditionStats(
        sources=per_source,
        glossary_entries=len(domain.glossary_entries),
        events=len(domain.events),
        bibliography=len(all_keys),
        uncited_works=sorted(all_keys - cited),
        unreferenced_entries=sorted(unreferenced_entries),
        unreferenced_events=unreferenced_events,
    )


def format_stats(stats: EditionStats) -> str:
    """A plain-text report: a table per source with a total, then the edition's counts."""
    width = max([len("source"), len("total"), *(len(s.source_id) for s in stats.sources)])
    header = "source".ljust(width) + "".join(f"{c:>10}" for c in COLUMNS)
    lines = [header, "-" * len(header)]
    totals = [0] * len(COLUMNS)
    for source in stats.sources:
        row = source.as_row()
        totals = [a + b for a, b in zip(totals, row, strict=True)]
        lines.append(source.source_id.ljust(width) + "".join(f"{n:>10}" for n in row))
    lines.append("-" * len(header))
    lines.append("total".ljust(width) + "".join(f"{n:>10}" for n in totals))
    lines += [
        "",
        f"glossary entries: {stats.glossary_entries}",
        f"events: {stats.events}",
        f"bibliography entries: {stats.bibliography}",
    ]
    for label, items in (
        ("works never cited", stats.uncited_works),
        ("glossary entries no source page references", stats.unreferenced_entries),
        ("events no source page references", stats.unreferenced_events),
    ):
        lines.append(f"{label}: {len(items)}" + (f" ({', '.join(items)})" if items else ""))
    return "\n".join(lines)
