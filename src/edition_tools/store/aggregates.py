"""Incremental builds: rewrite an aggregate page only when what it shows has changed.

Aggregate pages (the chronology, the claims register, the glossary, the source
catalogue, and every page whose records carry backlinks) are filled from the domain's
records when they are written. After each read, :func:`outdated_aggregates` computes a
digest of what each kind of aggregate shows; Sphinx rewrites the pages of the kinds whose
digest changed, and no others. So a text-only edit to one page (a footnote, say)
rewrites that page alone, while a changed event date also rewrites the chronology.

Digests leave out line numbers: a line added above a reference moves it, but the links
(by anchor) stay the same.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from edition_tools.store.domain import EditionDomain, edition_domain, page_title

__all__ = ["AGGREGATES", "add_aggregate", "digest", "outdated_aggregates", "setup_aggregates"]


def _digest(parts: Iterable[object]) -> str:
    text = "\n".join(sorted(repr(part) for part in parts))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _titles(env: BuildEnvironment, docnames: Iterable[str]) -> list[tuple[str, str]]:
    return [(name, page_title(env, name)) for name in set(docnames)]


def _chronology(env: BuildEnvironment, domain: EditionDomain) -> tuple[str, set[str]]:
    events = [
        (e.id, e.docname, e.date, e.end, e.title, e.sources_differ) for e in domain.events.values()
    ]
    refs = [(r.target, r.docname, r.anchor) for r in domain.event_refs]
    digest = _digest([*events, *refs, *_titles(env, [r.docname for r in domain.event_refs])])
    pages = domain.aggregates.get("chronology", set()) | {e.docname for e in domain.events.values()}
    return digest, pages


def _claims(env: BuildEnvironment, domain: EditionDomain) -> tuple[str, set[str]]:
    claims = [
        (c.id, c.docname, c.level, c.claimant, c.status, c.evidence) for c in domain.claims.values()
    ]
    spans = [(s.claim_id, s.docname, s.anchor, s.text) for s in domain.claim_spans]
    digest = _digest([*claims, *spans, *_titles(env, [s.docname for s in domain.claim_spans])])
    pages = (
        domain.aggregates.get("claims-register", set())
        | {c.docname for c in domain.claims.values()}
        | {s.docname for s in domain.claim_spans}
    )
    return digest, pages


def _glossary(env: BuildEnvironment, domain: EditionDomain) -> tuple[str, set[str]]:
    refs = [(r.target, r.docname, r.anchor) for r in domain.term_refs]
    digest = _digest([*refs, *_titles(env, [r.docname for r in domain.term_refs])])
    return digest, domain.aggregates.get("glossary", set())


def _catalogue(env: BuildEnvironment, domain: EditionDomain) -> tuple[str, set[str]]:
    sources = [(s.source_id, s.docname, s.title) for s in domain.sources.values()]
    ai = [(a.docname, a.scope) for a in domain.ai_records]
    claims = [(c.id, c.docname) for c in domain.claims.values()]
    notes = [(name, counts.get("notes", 0)) for name, counts in domain.page_counts.items()]
    digest = _digest([*sources, *ai, *claims, *notes])
    return digest, domain.aggregates.get("source-catalogue", set())


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
