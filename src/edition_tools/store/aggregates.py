"""Incremental builds: rewrite an aggregate page only when what it shows has changed.

Aggregate pages (the chronology, the claims register, the glossary, the source
catalogue, and every page whose records carry backlinks) are filled from the domain's
records when they are written. After each read, :func:`outdated_aggregates` computes a
digest of what each kind of aggregate shows; Sphinx rewrites the pages of the kinds whose
digest changed, and no others. So a text-only edit to one page (a footnote, say)
rewrites that page alone, while a changed event date also rewrites the chronology.

Digests are made from the records' own fields (:func:`shown`), less their line numbers
(a line added above a reference moves it, but the links, by anchor, stay the same) and
what an aggregate does not show: a field added to a record reaches them by itself.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable, Iterable
from typing import Any

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from edition_tools.store.domain import AggregatePage, EditionDomain, edition_domain, page_title

__all__ = [
    "AGGREGATES",
    "add_aggregate",
    "digest",
    "outdated_aggregates",
    "setup_aggregates",
    "shown",
]


def _digest(parts: Iterable[object]) -> str:
    text = "\n".join(sorted(repr(part) for part in parts))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def shown(record: Any, *hidden: str) -> tuple[object, ...]:
    """What an aggregate page shows of ``record``: every field but its line and ``hidden``.

    Taken from the record's own fields, so that a field added to a record reaches the
    digests without anyone listing it; a field an aggregate does not show is named in
    ``hidden`` (a reference's words, which the chronology does not repeat).
    """
    left_out = {"line", *hidden}
    return tuple(
        getattr(record, field.name)
        for field in dataclasses.fields(record)
        if field.name not in left_out
    )


def _titles(env: BuildEnvironment, docnames: Iterable[str]) -> list[tuple[str, str]]:
    return [(name, page_title(env, name)) for name in set(docnames)]


#: The words of a reference: on its own page, not on the aggregate pages.
_WORDS = ("text", "written")


def _chronology(env: BuildEnvironment, domain: EditionDomain) -> tuple[str, set[str]]:
    events = [shown(event) for event in domain.events.values()]
    refs = [shown(ref, *_WORDS) for ref in domain.event_refs]
    digest = _digest([*events, *refs, *_titles(env, [r.docname for r in domain.event_refs])])
    pages = domain.pages_showing(AggregatePage.CHRONOLOGY) | {
        e.docname for e in domain.events.values()
    }
    return digest, pages


def _claims(env: BuildEnvironment, domain: EditionDomain) -> tuple[str, set[str]]:
    claims = [shown(claim) for claim in domain.claims.values()]
    spans = [shown(span) for span in domain.claim_spans]
    digest = _digest([*claims, *spans, *_titles(env, [s.docname for s in domain.claim_spans])])
    pages = (
        domain.pages_showing(AggregatePage.CLAIMS_REGISTER)
        | {c.docname for c in domain.claims.values()}
        | {s.docname for s in domain.claim_spans}
    )
    return digest, pages


def _glossary(env: BuildEnvironment, domain: EditionDomain) -> tuple[str, set[str]]:
    refs = [shown(ref, *_WORDS) for ref in domain.term_refs]
    digest = _digest([*refs, *_titles(env, [r.docname for r in domain.term_refs])])
    return digest, domain.pages_showing(AggregatePage.GLOSSARY)


def _catalogue(env: BuildEnvironment, domain: EditionDomain) -> tuple[str, set[str]]:
    sources = [shown(source) for source in domain.sources.values()]
    ai = [shown(record) for record in domain.ai_records]
    claims = [(c.id, c.docname) for c in domain.claims.values()]
    notes = [(name, counts.get("notes", 0)) for name, counts in domain.page_counts.items()]
    digest = _digest([*sources, *ai, *claims, *notes])
    return digest, domain.pages_showing(AggregatePage.SOURCE_CATALOGUE)


#: What an aggregate's digest function takes and gives: (digest, the pages it rewrites).
DigestFunction = Callable[[BuildEnvironment, EditionDomain], tuple[str, set[str]]]

#: Each kind of aggregate: a function giving the digest of what it shows and its pages.
#: Those the domain's records make are here; a feature whose aggregate reads something
#: else (the contributors: the git history) adds its own (:func:`add_aggregate`).
AGGREGATES: dict[str, DigestFunction] = {
    "chronology": _chronology,
    "claims": _claims,
    "glossary": _glossary,
    "catalogue": _catalogue,
}


def add_aggregate(kind: str, compute: DigestFunction) -> None:
    """Have ``compute`` decide when the pages of the aggregate ``kind`` are rewritten."""
    AGGREGATES[kind] = compute


def digest(parts: Iterable[object]) -> str:
    """A digest of ``parts``, in any order (their ``repr``, sorted)."""
    return _digest(parts)


def outdated_aggregates(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """The aggregate pages whose content changed with this read (``env-get-updated``)."""
    domain = edition_domain(env)
    outdated: set[str] = set()
    for kind, compute in AGGREGATES.items():
        digest, pages = compute(env, domain)
        if domain.digests.get(kind) != digest:
            domain.digests[kind] = digest
            outdated |= pages
    return sorted(outdated & env.found_docs)


def setup_aggregates(app: Sphinx) -> None:
    """Connect the digest check to ``env-get-updated``."""
    app.connect("env-get-updated", outdated_aggregates)
