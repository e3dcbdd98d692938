"""The chronology: ``event`` definitions, ``{event}`` references and the ``chronology`` list.

An event is defined once, with a date at the precision it is known (``YYYY``,
``YYYY-MM`` or ``YYYY-MM-DD``), an optional end, a one-line title and a description::

    :::{event} racak-killings
    :date: 1999-01-15
    Killings at Račak
    Forty-five Kosovo Albanians are killed ... {cite:p}`hrw2001underorders`
    :::

Any page links a passage to it with ``{event}`text <racak-killings>```; the text stays as
it is. ``:::{chronology}`` holds event definitions and shows every event of the edition
in date order, grouped by year, each with "Mentioned in" backlinks to the passages.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.nodes import split_explicit_title

from edition_tools.features.backlinks import (
    backlinks_paragraph,
    in_source_text,
    passage_anchor,
    sorted_by_page,
)
from edition_tools.features.base import (
    AggregateDirective,
    IdentifiedDirective,
    add_placeholder_nodes,
    link_to,
)
from edition_tools.features.page_filler import PageFiller
from edition_tools.features.timeline import make_timeline, setup_timeline
from edition_tools.model.dates import DatePrecision, PartialDate, date_range, parse_date, sort_key
from edition_tools.model.records import EventRecord, Reference
from edition_tools.store.catalogue import get_catalogue
from edition_tools.store.domain import AggregatePage, edition_domain, run_record_checks
from edition_tools.store.lines import EditionRole
from edition_tools.store.problems import warn_at
from edition_tools.warnings_ import EditionWarning

__all__ = ["date_range", "setup_chronology", "sort_key"]


class chronology_list(nodes.General, nodes.Element):  # noqa: N801 (docutils naming)
    """Placeholder for the date-ordered list; its children are the page's own events."""


class event_backlinks(nodes.General, nodes.Element):  # noqa: N801
    """Placeholder for an event's "Mentioned in" line, filled when the page is written."""


#: Where an event whose date could not be read is listed: after all the others.
_UNDATED = (9999, 0, 0)

#: The two lines of an event's backlinks: their label, and whether they list passages
#: of the sources (else the editors' own: headnotes, notes, records, other pages).
_IN_THE_SOURCES = ("In the sources", True)
_IN_THE_NOTES = ("In the editors' notes", False)


def _year_anchor(year: int) -> str:
    """The id of a year's heading in the chronology's list."""
    return "year-undated" if (year, 0, 0) == _UNDATED else f"year-{year}"


def plain_title(title: nodes.Element) -> str:
    """An event title as plain text, for places where the whole title is one link.

    References in the title become their text; citations and footnote references are
    left out, since they are apparatus (a citation's text is only its key here), and so
    are the parser's messages about the title.
    """
    title = title.deepcopy()
    for node in list(title.findall(nodes.Element)):
        if isinstance(node, (nodes.footnote_reference, nodes.system_message)) or (
            isinstance(node, addnodes.pending_xref) and node.get("refdomain") == "cite"
        ):
            node.parent.remove(node)
    return " ".join(title.astext().split())


class EventDirective(IdentifiedDirective):
    """Define an event: ``:date:``, optional ``:end:`` and ``:sources-differ:``, a body."""

    warning_subtype = EditionWarning.EVENT
    noun = "event"
    example_id = "racak-killings"
    has_content = True
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {
        "date": directives.unchanged,
        "end": directives.unchanged,
        "sources-differ": directives.unchanged,
    }

    def _checked_dates(self) -> tuple[str, str] | None:
        """The start and end, or ``None`` (having warned) when they are unusable."""
        start = self.options.get("date", "").strip()
        end = self.options.get("end", "").strip()
        if not start:
            self.problem("missing required option :date: (YYYY, YYYY-MM or YYYY-MM-DD)")
            return None
        for name, value in (("date", start), ("end", end)):
            if not value:
                continue
            try:
                precision = parse_date(value)
            except ValueError as error:
                self.problem(f":{name}: {error}")
                return None
            if precision is DatePrecision.UNKNOWN:
                self.problem(f":{name}: an event needs a date, at least its year")
                return None
        if end and PartialDate.parse(end).last_day < PartialDate.parse(start).first_day:
            self.problem(f"end {end} is before the start {start}")
            return None
        # An end says when an event that lasted was over, so it comes after the whole of
        # the date, at whatever precision: "24 March – June 1999" is a range, but "June
        # 1999 – 1999" and "March 1999 – 5 March 1999" are not. The date stands alone.
        if end == start:
            self.problem(f"end {end} is the same as the date: give no :end:")
            return start, ""
        if end and PartialDate.parse(end).first_day <= PartialDate.parse(start).last_day:
            self.problem(
                f"end {end} overlaps the date {start}: an end comes after the whole of "
                "the date, or is not given"
            )
            return start, ""
        return start, end

    def render(self) -> list[nodes.Node]:
        """Render the event's entry and record it in the domain (if it has an id)."""
        event_id = self.checked_id()
        dates = self._checked_dates()
        title_line = self.content[0].strip() if self.content else ""
        if not title_line:
            self.problem("missing title: the first line of the body is the event's title")

        entry = nodes.container(classes=["edition-event"])
        self.set_source_info(entry)
        if event_id is not None:
            entry["event-id"] = event_id
            entry["ids"].append(f"event-{event_id}")
        start, end = dates or ("", "")
        entry["event-date"] = start

        heading = nodes.paragraph(classes=["edition-event-heading"])
        heading += nodes.strong("", date_range(start, end) if start else "date unknown")
        heading += nodes.Text(" — ")
        # The title's nodes stay in the heading, where references in them are resolved.
        title_nodes, messages = self.parse_inline_at(title_line, self.body_line(0))
        title = nodes.inline("", "", *title_nodes, classes=["edition-event-title"])
        heading += title
        entry += heading
        entry += messages
        if len(self.content) > 1:
            description = "\n".join(self.content[1:])
            entry += self.parse_text_to_nodes(description, offset=self.content_offset + 1)
        if differ := self.options.get("sources-differ", "").strip():
            note = nodes.paragraph(classes=["edition-event-variance"])
            note += nodes.strong("", "Sources differ: ")
            differ_nodes, differ_messages = self.parse_inline_at(
                differ, self.option_line("sources-differ")
            )
            note += differ_nodes
            entry += note
            entry += differ_messages
        entry += event_backlinks()

        # Record even a flawed event (its flaw is reported above), so that references to
        # it do not add a second, misleading "unknown event" warning; without an id,
        # nothing can refer to it.
        if event_id is not None:
            edition_domain(self.env).note_event(
                EventRecord(
                    id=event_id,
                    docname=self.env.docname,
                    line=self.lineno,
                    date=start,
                    end=end,
                    title=plain_title(title) or event_id,
                    sources_differ=bool(differ),
                )
            )
        return [entry]


class ChronologyDirective(AggregateDirective):
    """Hold event definitions; show all the edition's events in date order, by year."""

    has_content = True
    placeholder = chronology_list
    aggregate = AggregatePage.CHRONOLOGY

    def run(self) -> list[nodes.Node]:
        """Parse the events given here into the placeholder the post-transform fills."""
        placeholder = self.make_placeholder()
        placeholder += self.parse_content_to_nodes()
        return [placeholder]


class EventRole(EditionRole):
    """``{event}`text <id>```: link a passage to an event, leaving its text as it is."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        """Make a reference the domain resolves, and record it for the backlinks."""
        _explicit, text, target = split_explicit_title(self.text)
        anchor = passage_anchor(self.env, "event")
        xref = addnodes.pending_xref(
            "",
            nodes.Text(text),
            refdomain="edition",
            reftype="event",
            reftarget=target,
            refexplicit=True,
            refdoc=self.env.docname,
        )
        wrapper = nodes.inline("", "", xref, classes=["edition-event-ref"], ids=[anchor])
        self.set_source_info(wrapper)
        # Messages quote the role as written: the text between its backticks, which
        # MyST and docutils both pass on, unparsed, in the raw text (``:event:`...```).
        written = self.rawtext[self.rawtext.find("`") + 1 : self.rawtext.rfind("`")]
        edition_domain(self.env).note_event_ref(
            Reference(target, self.env.docname, self.lineno, anchor, text, f"{{event}}`{written}`"),
        )
        return [wrapper], []


def place_event_references(app: Sphinx, doctree: nodes.document) -> None:
    """Record which ``{event}`` references of the page just read are words of its source.

    A ``doctree-read`` handler: only the whole page tells whether a reference stands in
    the source text or in the editors' matter (a note's content is moved to the foot
    of the page by the parser, a directive's is parsed before it has a place).
    """
    in_source = {
        anchor
        for wrapper in doctree.findall(nodes.inline)
        if "edition-event-ref" in wrapper["classes"] and in_source_text(wrapper)
        for anchor in wrapper["ids"]
    }
    edition_domain(app.env).place_event_refs(app.env.docname, in_source)


def check_event_references(app: Sphinx, env: BuildEnvironment) -> None:
    """Warn about references to events that no page defines."""
    domain = edition_domain(env)
    for ref in domain.event_refs:
        if ref.target not in domain.events:
            warn_at(
                env,
                EditionWarning.EVENT,
                f"unknown event {ref.target!r} in {ref.written}",
                (ref.docname, ref.line),
            )


#: Where links to an event go: its page, anchor and title (the link's tooltip).
_LinkTargets = dict[str, tuple[str, str, str]]


def _link_targets(env: BuildEnvironment) -> _LinkTargets:
    return {e.id: (e.docname, e.anchor, e.title) for e in edition_domain(env).events.values()}


def connect_link_rewrites(app: Sphinx) -> None:
    """Rewrite the pages that link to an event whose link target changed in this read.

    A page's links are resolved when it is written, and Sphinx writes only the pages it
    read: a page that mentions an event whose definition was deleted, moved to another
    page or retitled would keep its old link. The targets are noted before the pages
    are read (``env-get-outdated``) and compared after (``env-get-updated``), which
    returns the pages that link to a changed one, so they are written again; both
    events come in the main process, parallel build or not.
    """
    before: _LinkTargets = {}

    def note(
        app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
    ) -> list[str]:
        before.clear()
        before.update(_link_targets(env))
        return []

    def compare(app: Sphinx, env: BuildEnvironment) -> list[str]:
        after = _link_targets(env)
        changed = {i for i in before.keys() | after.keys() if before.get(i) != after.get(i)}
        before.clear()
        pages = {r.docname for r in edition_domain(env).event_refs if r.target in changed}
        return sorted(pages & env.found_docs)

    app.connect("env-get-outdated", note)
    app.connect("env-get-updated", compare)


def _compact_entry(
    env: BuildEnvironment, builder: Any, docname: str, event: EventRecord
) -> nodes.Node:
    """An entry for an event defined on another page: date and a linked title."""
    entry = nodes.container(classes=["edition-event", "edition-event-elsewhere"])
    heading = nodes.paragraph(classes=["edition-event-heading"])
    heading += nodes.strong("", date_range(event.date, event.end) if event.date else "date unknown")
    heading += nodes.Text(" — ")
    heading += link_to(builder, docname, event.docname, event.anchor, nodes.Text(event.title))
    entry += heading
    return entry


class ChronologyFiller(PageFiller):
    """Fill chronology lists (date order, by year) and every event's backlinks."""

    def has_placeholders(self) -> bool:
        """Chronologies, and the backlinks of the events a page defines."""
        domain = edition_domain(self.env)
        return (
            domain.shows(AggregatePage.CHRONOLOGY, self.docname)
            or self.docname in domain.pages_with_events()
        )

    def run(self) -> None:
        """Fill the placeholders of the page being written."""
        domain = edition_domain(self.env)
        docname = self.docname
        refs_by_event: dict[str, list[Reference]] = domain.refs_by_event()
        for backlinks in list(self.document.findall(event_backlinks)):
            entry = backlinks.parent
            event_id = entry.get("event-id", "") if entry is not None else ""
            refs = sorted_by_page(refs_by_event.get(event_id, []))
            # A source that mentions an event and an editor who does are different
            # evidence: the passages of the sources first, then the editors' own.
            paragraphs = [
                backlinks_paragraph(
                    self.env,
                    self.builder,
                    docname,
                    label,
                    [(r.docname, r.anchor) for r in refs if r.in_source is in_source],
                )
                for label, in_source in (_IN_THE_SOURCES, _IN_THE_NOTES)
            ]
            backlinks.replace_self([p for p in paragraphs if p is not None])
        for placeholder in list(self.document.findall(chronology_list)):
            placeholder.replace_self(self._grouped(placeholder, docname))

    def _timeline(self, ordered_ids: list[str], list_anchor: str | None) -> nodes.container:
        """The timeline of the dated events, with the sources whose text mentions each.

        Sources are numbered in catalogue order; the legend says which is which. A
        mention in a note, a headnote or a record is the editors', not the source's.
        """
        domain = edition_domain(self.env)
        source_numbers: dict[str, tuple[int, str]] = {}
        for number, record in enumerate(get_catalogue(self.env), start=1):
            use = domain.sources.get(record.id)
            if use is not None:
                source_numbers[use.docname] = (number, record.title)
        mentions: dict[str, set[int]] = {}
        for ref in domain.event_refs:
            if ref.in_source and ref.docname in source_numbers:
                mentions.setdefault(ref.target, set()).add(source_numbers[ref.docname][0])
        events = [domain.events[i] for i in ordered_ids if i in domain.events]
        return make_timeline(
            self.builder,
            self.docname,
            [event for event in events if event.date],
            {event_id: sorted(numbers) for event_id, numbers in mentions.items()},
            sorted(source_numbers.values()),
            list_anchor,
        )

    def _grouped(self, placeholder: chronology_list, docname: str) -> list[nodes.Node]:
        domain = edition_domain(self.env)
        local = [
            c for c in placeholder.children if isinstance(c, nodes.container) and c.get("event-id")
        ]
        others = [c for c in placeholder.children if c not in local]
        local_ids = {c["event-id"] for c in local}
        entries: list[tuple[tuple[int, int, int], str, nodes.Node]] = [
            (sort_key(c["event-date"]) if c["event-date"] else _UNDATED, c["event-id"], c)
            for c in local
        ]
        entries += [
            (
                sort_key(e.date) if e.date else _UNDATED,
                e.id,
                _compact_entry(self.env, self.builder, docname, e),
            )
            for e in domain.events.values()
            if e.id not in local_ids
        ]
        entries.sort(key=lambda item: (item[0], item[1]))
        result: list[nodes.Node] = list(others)
        if self.builder.name in ("html", "dirhtml", "singlehtml"):
            first = _year_anchor(entries[0][0][0]) if entries else None
            result.append(self._timeline([event_id for _key, event_id, _entry in entries], first))
        year_box: nodes.container | None = None
        current_year = None
        for (year, _month, _day), _id, entry in entries:
            if year != current_year:
                current_year = year
                label = str(year) if (year, 0, 0) != _UNDATED else "Undated"
                rubric = nodes.rubric("", label, classes=["edition-chronology-year"])
                rubric["heading-level"] = 2
                rubric["ids"].append(_year_anchor(year))
                year_box = nodes.container(classes=["edition-chronology-year-events"])
                result += [rubric, year_box]
            assert year_box is not None
            year_box += entry
        return result


def setup_chronology(app: Sphinx) -> None:
    """Register the event and chronology directives, the event role, the transform."""
    add_placeholder_nodes(app, chronology_list, event_backlinks)
    setup_timeline(app)
    app.add_directive("event", EventDirective)
    app.add_directive("chronology", ChronologyDirective)
    app.add_role("event", EventRole())
    ChronologyFiller.connect(app)
    app.connect("doctree-read", place_event_references)
    app.connect("env-get-updated", run_record_checks(check_event_references))
    connect_link_rewrites(app)
