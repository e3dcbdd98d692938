"""The ``edition`` domain: where the extension keeps what it learns while reading pages.

Records (see :mod:`edition_tools.model.records`) are kept per document so that
:meth:`EditionDomain.clear_doc` forgets a page that is read again and
:meth:`EditionDomain.merge_domaindata` joins what parallel readers found. The domain
also resolves the edition's cross-references: ``source``, ``event`` and ``claim``.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Set
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any, ClassVar, TypeVar, cast

from docutils import nodes
from docutils.nodes import Element
from sphinx.addnodes import pending_xref
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.domains import Domain, ObjType
from sphinx.environment import BuildEnvironment
from sphinx.roles import XRefRole
from sphinx.util.nodes import make_refnode
from sphinx.util.typing import RoleFunction

from edition_tools.model.reader_titles import claim_title, event_title, term_title
from edition_tools.model.records import (
    AiRecord,
    ClaimRecord,
    ClaimSpan,
    EventRecord,
    GlossaryEntry,
    Reference,
    SourceUse,
    Span,
)
from edition_tools.warnings_ import EditionWarning, warn

__all__ = [
    "AggregatePage",
    "EditionDomain",
    "SearchEntry",
    "edition_domain",
    "setup_domain",
    "source_anchor",
]


class AggregatePage(StrEnum):
    """The kinds of page the domain fills from every page's records.

    Their values are the keys the domain stores (strings, so that a pickled environment
    reads the same); code names them through this enumeration, never as strings.
    """

    SOURCE_PAGES = "source-pages"  #: a page holding a source-text block
    CHRONOLOGY = "chronology"
    CLAIMS_REGISTER = "claims-register"
    GLOSSARY = "glossary"
    SOURCE_CATALOGUE = "source-catalogue"
    CONTRIBUTORS = "contributors"


def source_anchor(source_id: str) -> str:
    """The HTML id of the ``source-text`` block of source ``source_id``."""
    return f"source-{source_id}"


@dataclass(frozen=True, slots=True)
class SearchEntry:
    """A record as the search lists it: what a reader calls it, and where it lands."""

    kind: str  #: ``event``, ``claim`` or ``term`` (a glossary entry)
    docname: str
    anchor: str
    title: str


def edition_domain(env: BuildEnvironment) -> EditionDomain:
    """The edition's domain in ``env``."""
    return cast(EditionDomain, env.get_domain("edition"))


_View = TypeVar("_View")


@dataclass
class _Views:
    """The domain's views of its records: worked out once, dropped when records change."""

    #: A store's first definition of each id, and other views keyed by name.
    first: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: (list, view) to (the list's length when made, the view).
    lists: dict[tuple[str, str], tuple[int, Any]] = field(default_factory=dict)
    #: A store of definitions to the pages holding some.
    pages: dict[str, set[str]] = field(default_factory=dict)


class EditionDomain(Domain):
    """Stores the edition's records and resolves its cross-references."""

    name = "edition"
    label = "Edition"
    object_types: ClassVar[dict[str, ObjType]] = {
        "source": ObjType("source", "source"),
        "event": ObjType("event", "event"),
        "claim": ObjType("claim", "claim"),
    }
    roles: ClassVar[dict[str, RoleFunction | XRefRole]] = {"source": XRefRole()}
    initial_data: ClassVar[dict[str, Any]] = {
        "sources": {},
        "events": {},
        "event_refs": [],
        "claims": {},
        "claim_spans": [],
        "ai": [],
        "term_refs": [],
        "page_counts": {},
        "glossary_entries": [],
        "aggregates": {},
        "digests": {},
        "problem_docs": set(),
        "spans": {},
        "pages_with_records": set(),
    }
    # Bump when the shape of the stored records changes, so old pickles are dropped.
    data_version = 12

    def __init__(self, env: BuildEnvironment) -> None:
        super().__init__(env)
        self._views = _Views()

    # -- the stores ---------------------------------------------------------------------

    def _first(self, key: str) -> dict[str, Any]:
        """Id to its first definition, in (docname, line) order, whatever the read order.

        Computed once and kept until the records change: pages consult these views
        thousands of times in a large edition.
        """
        views = self._views.first
        if key not in views:
            views[key] = {record_id: records[0] for record_id, records in self.data[key].items()}
        return views[key]

    def _list_view(self, key: str, name: str, make: Callable[[list[Any]], _View]) -> _View:
        """``make`` applied to list ``key``, kept until the list changes.

        Pages written one after another each look up their own few records; computing
        a view once keeps that linear in the size of the edition.
        """
        views = self._views.lists
        records = self.data[key]
        view = views.get((key, name))
        # Records are only added between two changes (the note_ methods), so a list of the
        # same length is the same list.
        if view is None or view[0] != len(records):
            view = views[(key, name)] = (len(records), make(records))
        return cast(_View, view[1])

    def _grouped(self, key: str, attribute: str) -> dict[str, list[Any]]:
        """The records of list ``key`` grouped by their ``attribute``, in list order."""

        def group(records: list[Any]) -> dict[str, list[Any]]:
            groups: dict[str, list[Any]] = {}
            for record in records:
                groups.setdefault(getattr(record, attribute), []).append(record)
            return groups

        return self._list_view(key, f"grouped by {attribute}", group)

    def _indexed(self, key: str, attribute: str) -> dict[str, Any]:
        """Each value in the records' tuple ``attribute`` (list ``key``) to its record.

        A value two records share goes to the later one, in list order.
        """

        def index(records: list[Any]) -> dict[str, Any]:
            return {value: record for record in records for value in getattr(record, attribute)}

        return self._list_view(key, f"indexed by {attribute}", index)

    def _first_by(self, key: str, attribute: str) -> dict[str, Any]:
        """Each value of the records' ``attribute`` (list ``key``) to its first record.

        First by page and line, whatever order the pages were read in.
        """

        def first(records: list[Any]) -> dict[str, Any]:
            found: dict[str, Any] = {}
            for record in sorted(records, key=lambda r: (r.docname, r.line)):
                found.setdefault(getattr(record, attribute), record)
            return found

        return self._list_view(key, f"first by {attribute}", first)

    def on_page(self, key: str, docname: str) -> list[Any]:
        """The records of ``key`` that page ``docname`` holds, in order.

        For a store of definitions, the first definition of each id (as the domain's
        views give them); for a list, every record.
        """
        store = self.data[key]
        if not isinstance(store, dict):
            return self._grouped(key, "docname").get(docname, [])
        views = self._views.first
        view_key = f"on_page:{key}"
        if view_key not in views:
            by_page: dict[str, list[Any]] = {}
            for record in self._first(key).values():
                by_page.setdefault(record.docname, []).append(record)
            views[view_key] = by_page
        return cast(list[Any], views[view_key].get(docname, []))

    def spans_by_claim(self) -> dict[str, list[ClaimSpan]]:
        """Each claim's spans, in reading order."""
        return self._grouped("claim_spans", "claim_id")

    def first_span_of_claim(self) -> dict[str, ClaimSpan]:
        """Each claim's first span, by page and line."""
        return self._first_by("claim_spans", "claim_id")

    def refs_by_event(self) -> dict[str, list[Reference]]:
        """Each event's references, in reading order."""
        return self._grouped("event_refs", "target")

    def glossary_entry_by_anchor(self) -> dict[str, GlossaryEntry]:
        """Each anchor of a glossary entry to its entry."""
        return self._indexed("glossary_entries", "anchors")

    def pages_with_events(self) -> Collection[str]:
        """The pages that define events."""
        return self._pages_with("events")

    def pages_with_claims(self) -> Collection[str]:
        """The pages that record claims or mark claim spans."""
        return {*self._pages_with("claims"), *self._pages_with("claim_spans")}

    def _pages_with(self, key: str) -> Collection[str]:
        """The pages that hold records of ``key`` (a store of definitions, or a list)."""
        store = self.data[key]
        if not isinstance(store, dict):
            return self._grouped(key, "docname").keys()
        pages = self._views.pages
        if key not in pages:
            pages[key] = {r.docname for records in store.values() for r in records}
        return pages[key]

    def shows(self, kind: AggregatePage, docname: str) -> bool:
        """Whether page ``docname`` shows an aggregate of kind ``kind``."""
        return docname in self.aggregates.get(kind, ())

    def pages_showing(self, *kinds: AggregatePage) -> set[str]:
        """The pages that show an aggregate of any of ``kinds``."""
        return set().union(*(self.aggregates.get(kind, set()) for kind in kinds))

    def _changed(self) -> None:
        self._views = _Views()

    def duplicates(self, key: str) -> list[tuple[Any, Any]]:
        """(first, later) pairs of definitions that share an id, for the warnings."""
        return [(records[0], later) for records in self.data[key].values() for later in records[1:]]

    def _note(self, key: str, record_id: str, record: Any) -> None:
        self._changed()
        self.data["pages_with_records"].add(record.docname)
        records = self.data[key].setdefault(record_id, [])
        records.append(record)
        records.sort(key=lambda r: (r.docname, r.line))

    @property
    def sources(self) -> dict[str, SourceUse]:
        """Source id to the ``source-text`` block that carries it."""
        return self._first("sources")

    @property
    def events(self) -> dict[str, EventRecord]:
        """Event id to its record."""
        return self._first("events")

    @property
    def event_refs(self) -> list[Reference]:
        """Every ``{event}`` reference, in reading order per page."""
        return cast(list[Reference], self.data["event_refs"])

    @property
    def claims(self) -> dict[str, ClaimRecord]:
        """Claim id to its ``disputed`` record."""
        return self._first("claims")

    @property
    def claim_spans(self) -> list[ClaimSpan]:
        """Every ``{claim}`` span."""
        return cast(list[ClaimSpan], self.data["claim_spans"])

    @property
    def ai_records(self) -> list[AiRecord]:
        """Every ``ai-content`` record."""
        return cast(list[AiRecord], self.data["ai"])

    @property
    def term_refs(self) -> list[Reference]:
        """Every ``{term}`` reference (targets lower-cased, as the std domain keys them)."""
        return cast(list[Reference], self.data["term_refs"])

    @property
    def page_counts(self) -> dict[str, dict[str, int]]:
        """Docname to counts of features on the page (``notes``, ``paratext``)."""
        return cast(dict[str, dict[str, int]], self.data["page_counts"])

    @property
    def glossary_entries(self) -> list[GlossaryEntry]:
        """Every entry of every glossary, with its terms."""
        return cast(list[GlossaryEntry], self.data["glossary_entries"])

    @property
    def spans(self) -> dict[str, dict[str, tuple[Span, ...]]]:
        """Docname to source id to the annotation spans of its ``source-text`` block."""
        return cast(dict[str, dict[str, tuple[Span, ...]]], self.data["spans"])

    @property
    def problem_docs(self) -> set[str]:
        """Pages warned about in the last build: read again in the next (see warnings_)."""
        return cast(set[str], self.data["problem_docs"])

    @property
    def aggregates(self) -> dict[str, set[str]]:
        """Kind of aggregate (``chronology``, ...) to the pages that show one."""
        return cast(dict[str, set[str]], self.data["aggregates"])

    @property
    def digests(self) -> dict[str, str]:
        """Digest of what each aggregate showed at the last build (not per document)."""
        return cast(dict[str, str], self.data["digests"])

    # -- recording ----------------------------------------------------------------------

    def note_source(self, use: SourceUse) -> None:
        """Record a ``source-text`` block (a second one for a source is reported later)."""
        self._note("sources", use.source_id, use)

    def note_event(self, record: EventRecord) -> None:
        """Record an event definition."""
        self._note("events", record.id, record)

    def note_claim(self, record: ClaimRecord) -> None:
        """Record a ``disputed`` record."""
        self._note("claims", record.id, record)

    def note_event_ref(self, reference: Reference) -> None:
        """Record an ``{event}`` reference."""
        self._note_listed("event_refs", reference)

    def place_event_refs(self, docname: str, in_source: Set[str]) -> None:
        """Mark the ``{event}`` references of ``docname`` anchored at ``in_source`` as source text.

        Called once the page being read is whole (``doctree-read``): a role cannot tell
        where the nodes it makes will stand. The page's references are the last ones
        recorded (a page is read at once, after :meth:`clear_doc`), so only they are
        looked at, which keeps the build linear.
        """
        refs = cast(list[Reference], self.data["event_refs"])
        index = len(refs)
        while index and refs[index - 1].docname == docname:
            index -= 1
            if refs[index].anchor in in_source and not refs[index].in_source:
                refs[index] = replace(refs[index], in_source=True)
        self._changed()

    def note_claim_span(self, span: ClaimSpan) -> None:
        """Record a ``{claim}`` span."""
        self._note_listed("claim_spans", span)

    def note_ai_record(self, record: AiRecord) -> None:
        """Record an ``ai-content`` record."""
        self._note_listed("ai", record)

    def note_term_ref(self, reference: Reference) -> None:
        """Record a ``{term}`` reference."""
        self._note_listed("term_refs", reference)

    def note_glossary_entry(self, entry: GlossaryEntry) -> None:
        """Record a glossary entry."""
        self._note_listed("glossary_entries", entry)

    def _note_listed(self, key: str, record: Any) -> None:
        """Add ``record`` to one of the lists of records (see ``_LISTS``).

        Records are added here, never appended to the lists directly, so that the domain
        knows which pages hold records: see :meth:`clear_doc`.
        """
        self.data["pages_with_records"].add(record.docname)
        self.data[key].append(record)

    def note_spans(self, docname: str, source_id: str, spans: Iterable[Span]) -> None:
        """Record the annotation spans of source ``source_id`` on page ``docname``."""
        self.spans.setdefault(docname, {})[source_id] = tuple(spans)

    def note_aggregate(self, kind: AggregatePage, docname: str) -> None:
        """Record that ``docname`` shows an aggregate of kind ``kind``."""
        self.aggregates.setdefault(kind, set()).add(docname)

    # -- incremental and parallel builds -------------------------------------------------

    _DEFINITIONS = ("sources", "events", "claims")
    _LISTS = ("event_refs", "claim_spans", "ai", "term_refs", "glossary_entries")

    def clear_doc(self, docname: str) -> None:
        """Forget the records of ``docname``, which is about to be read again.

        Sphinx clears each page just before reading it, so in a first build this is
        called once a page with the records of all the pages read so far: looking
        through them only for a page known to hold some keeps the build linear.
        """
        self.page_counts.pop(docname, None)
        self.spans.pop(docname, None)
        for pages in self.aggregates.values():
            pages.discard(docname)
        if docname not in self.data["pages_with_records"]:
            return
        self.data["pages_with_records"].discard(docname)
        self._changed()
        for key in self._DEFINITIONS:
            store = self.data[key]
            for record_id in list(store):
                store[record_id] = [r for r in store[record_id] if r.docname != docname]
                if not store[record_id]:
                    del store[record_id]
        for key in self._LISTS:
            self.data[key] = [r for r in self.data[key] if r.docname != docname]

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        """Take over the records a parallel reader found for ``docnames``."""
        for key in self._DEFINITIONS:
            for record_id, records in otherdata[key].items():
                for record in records:
                    if record.docname in docnames:
                        self._note(key, record_id, record)
        for key in self._LISTS:
            self.data[key].extend(r for r in otherdata[key] if r.docname in docnames)
        self.data["pages_with_records"].update(otherdata["pages_with_records"] & set(docnames))
        for docname, counts in otherdata["page_counts"].items():
            if docname in docnames:
                self.page_counts[docname] = counts
        for docname, by_source in otherdata["spans"].items():
            if docname in docnames:
                self.spans[docname] = by_source
        for kind, pages in otherdata["aggregates"].items():
            for docname in pages & set(docnames):
                self.note_aggregate(kind, docname)
        self.problem_docs.update(otherdata["problem_docs"] & set(docnames))

    def check_duplicates(self, env: BuildEnvironment) -> None:
        """Warn about every definition whose id an earlier one (by page, line) has taken."""
        messages = {
            "sources": (
                EditionWarning.SOURCE_TEXT,
                "source {id!r} is already given in {doc!r} "
                "at line {line}; a source has one source-text block",
            ),
            "events": (
                EditionWarning.EVENT,
                "duplicate event id {id!r} (first defined in {doc!r} at line {line})",
            ),
            "claims": (
                EditionWarning.CLAIM,
                "duplicate claim id {id!r} (first recorded in {doc!r} at line {line})",
            ),
        }
        for key, (subtype, template) in messages.items():
            for first, later in self.duplicates(key):
                record_id = getattr(first, "source_id", None) or first.id
                # As warn_at does: the page is read again next build, and warned again.
                warn(
                    subtype,
                    template.format(id=record_id, doc=first.docname, line=first.line),
                    (later.docname, later.line),
                )
                self.problem_docs.add(later.docname)

    # -- cross-references ---------------------------------------------------------------

    def _target(self, typ: str, target: str) -> tuple[str, str, str] | None:
        """The (docname, anchor, title) a reference of type ``typ`` to ``target`` goes to."""
        if typ == "source" and target in self.sources:
            use = self.sources[target]
            return use.docname, source_anchor(target), use.title
        if typ == "event" and target in self.events:
            event = self.events[target]
            return event.docname, event.anchor, event.title
        if typ == "claim" and target in self.claims:
            claim = self.claims[target]
            return claim.docname, claim.anchor, f"Disputed claim ({claim.level})"
        return None

    def resolve_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        typ: str,
        target: str,
        node: pending_xref,
        contnode: Element,
    ) -> nodes.reference | None:
        """Resolve a source, event or claim reference to its page and anchor."""
        found = self._target(typ, target)
        if found is None:
            return None
        docname, anchor, title = found
        return make_refnode(builder, fromdocname, docname, anchor, contnode, title)

    def resolve_any_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        target: str,
        node: pending_xref,
        contnode: Element,
    ) -> list[tuple[str, nodes.reference]]:
        """Resolve ``{any}`` references to sources, events and claims."""
        results = []
        for typ in self.object_types:
            ref = self.resolve_xref(env, fromdocname, builder, typ, target, node, contnode)
            if ref is not None:
                results.append((f"edition:{typ}", ref))
        return results

    def get_objects(self) -> Iterable[tuple[str, str, str, str, str, int]]:
        """List sources, events and claims for the inventory, in a reproducible order.

        Each by its id, and shown as a reader calls it (:mod:`.reader_titles`). The
        search lists its own entries (:meth:`search_entries`), not these.
        """
        for use in sorted(self.sources.values(), key=lambda u: u.source_id):
            yield (use.source_id, use.title, "source", use.docname, source_anchor(use.source_id), 1)
        for event in sorted(self.events.values(), key=lambda e: e.id):
            yield (event.id, event_title(event), "event", event.docname, event.anchor, 1)
        first_spans = self.first_span_of_claim()
        for claim in sorted(self.claims.values(), key=lambda c: c.id):
            title = claim_title(claim, first_spans.get(claim.id))
            yield (claim.id, title, "claim", claim.docname, claim.anchor, 1)

    def search_entries(self) -> list[SearchEntry]:
        """The records the search lists: events, claims and glossary entries, one each.

        Sources are not listed: the search lists a source's page, under the same title.
        A glossary entry is listed once, at its headword, whatever its spellings.
        """
        entries = [
            SearchEntry("event", event.docname, event.anchor, event_title(event))
            for event in sorted(self.events.values(), key=lambda e: e.id)
        ]
        first_spans = self.first_span_of_claim()
        entries += [
            SearchEntry(
                "claim", claim.docname, claim.anchor, claim_title(claim, first_spans.get(claim.id))
            )
            for claim in sorted(self.claims.values(), key=lambda c: c.id)
        ]
        entries += [
            SearchEntry("term", entry.docname, entry.anchors[0], term_title(entry))
            for entry in sorted(self.glossary_entries, key=lambda g: (g.docname, g.line))
            if entry.terms and entry.anchors
        ]
        return entries


def check_duplicates(app: Sphinx, env: BuildEnvironment) -> None:
    """Report duplicate ids once all pages are read (``env-check-consistency``)."""
    edition_domain(env).check_duplicates(env)


def pages_to_read_again(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """Read again the pages warned about last time (``env-get-outdated``), so they warn again."""
    domain = edition_domain(env)
    again = sorted(domain.problem_docs & env.found_docs - added - changed)
    domain.problem_docs.clear()
    return again


def run_record_checks(
    *checks: Callable[[Sphinx, BuildEnvironment], None],
) -> Callable[..., list[str]]:
    """An ``env-get-updated`` handler running checks over the records of all pages.

    ``env-get-updated`` comes after every page is read and before the environment is
    saved, so the pages the checks warn about are remembered for the next build (unlike
    ``env-check-consistency``, which comes after the save).
    """

    def handler(app: Sphinx, env: BuildEnvironment) -> list[str]:
        for check in checks:
            check(app, env)
        return []

    return handler


def setup_domain(app: Sphinx) -> None:
    """Register the domain, its duplicate check and the re-reading of pages warned about."""
    app.add_domain(EditionDomain)
    app.connect("env-get-outdated", pages_to_read_again)
    app.connect("env-get-updated", run_record_checks(check_duplicates))


def page_title(env: BuildEnvironment, docname: str) -> str:
    """The title of ``docname`` as a reader sees it (the docname when it has none)."""
    title = env.titles.get(docname)
    return title.astext() if title is not None else docname
