"""The chronology's timeline: every dated event as a mark placed to scale, for HTML.

Time runs left to right in proportion (a year takes the same room whether or not
anything happened in it, so the six empty years between 1992 and 1998 show as a gap),
and the timeline fits the text column: nothing to scroll. Where events crowd (1999),
marks stack upwards, each in the lowest lane where it leaves its neighbours room, like
a dot plot; how high a period stands is how much happened in it.

The layout is worked out when the page is written, not by a script: the column a mark
stands in (one of :data:`COLUMNS` of the width) and its lane, for a wide column and for
a phone's (:data:`SLOTS`), reach the style sheet (``edition-chronology.css``) as CSS
custom properties in ``style`` attributes, which the pages' policy allows. Each mark is a
link, in date order, reachable with the Tab key, whose words (the date, the title and
the numbers of the sources whose text mentions it) are shown below the marks when it is
pointed at or focused, and read by screen readers. Without a style sheet the timeline
is a list of those links, in order; the chronology's list below it gives every event in
full, and is what the print edition keeps.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.util.docutils import SphinxTranslator

from edition_tools.features.base import link_to
from edition_tools.model.dates import PartialDate, date_range
from edition_tools.model.records import EventRecord

__all__ = ["COLUMNS", "SLOTS", "lanes", "make_timeline", "setup_timeline"]

#: How finely a mark is placed: the width is cut into this many equal columns.
COLUMNS = 1000

#: Each layout's room for a mark, in columns: the mark and the space after it, against
#: the width of the column of text, as the style sheet sets them (a mark of .55rem and
#: .15rem of space in the 40rem column; .5rem and .1rem in the 15.3rem left of a phone
#: 320 px wide). Marks closer than this stack.
SLOTS = {"wide": 18, "narrow": 41}

#: The CSS custom properties of each layout: a mark's row, and the box's number of rows.
_PROPERTIES = {"wide": ("row", "rows"), "narrow": ("row-n", "rows-n")}


class timeline_block(nodes.General, nodes.Element):  # noqa: N801 (docutils naming)
    """A ``div`` or ``ol`` of the timeline (``tag``), laid out by ``layout`` (see below)."""


class timeline_item(nodes.General, nodes.TextElement):  # noqa: N801
    """An ``li`` of the timeline, placed by ``layout``: CSS custom property to number."""


def _style(node: nodes.Element) -> dict[str, str]:
    layout: Mapping[str, int] = node.get("layout", {})
    attributes = {}
    if layout:
        attributes["style"] = "; ".join(f"--{name}: {value}" for name, value in layout.items())
    if node.get("decorative"):  # the years are there for the eye; the marks say their dates
        attributes["aria-hidden"] = "true"
    return attributes


def _visit_html(translator: SphinxTranslator, node: nodes.Element) -> None:
    tag = node.get("tag", "li")
    translator.body.append(translator.starttag(node, tag, "", **_style(node)))  # type: ignore[attr-defined]


def _depart_html(translator: SphinxTranslator, node: nodes.Element) -> None:
    translator.body.append(f"</{node.get('tag', 'li')}>")  # type: ignore[attr-defined]


def _skip(translator: SphinxTranslator, node: nodes.Element) -> None:
    """Other formats have no timeline: the chronology's list says it all."""
    raise nodes.SkipNode


def lanes(columns: Sequence[int], slot: int) -> list[int]:
    """The lane of each mark (0 the lowest), marks given in date order by column.

    Each mark takes the lowest lane whose last mark is at least ``slot`` columns
    before it: marks never overlap, and a lone mark sits on the axis.
    """
    last: list[int] = []
    found: list[int] = []
    for column in columns:
        for lane, previous in enumerate(last):
            if previous + slot <= column:
                last[lane] = column
                found.append(lane)
                break
        else:
            last.append(column)
            found.append(len(last) - 1)
    return found


def _column(day: datetime.date, start: datetime.date, end: datetime.date) -> int:
    """The column (1 to :data:`COLUMNS`) of ``day`` on an axis from ``start`` to ``end``."""
    share = (day - start).days / (end - start).days
    return min(COLUMNS, 1 + int(share * COLUMNS))


def _axis(start_year: int, end_year: int) -> timeline_block:
    """Ticks for the first of January of each year, labelled every five years.

    Every year is labelled on a timeline of ten years or fewer, which has room for it.
    """
    start, end = datetime.date(start_year, 1, 1), datetime.date(end_year, 1, 1)
    step = 1 if end_year - start_year <= 10 else 5
    axis = timeline_block(tag="ol", classes=["edition-timeline-axis"], decorative=True)
    for year in range(start_year, end_year):
        classes = ["edition-timeline-tick"]
        if year % step == 0:
            classes.append("edition-timeline-tick-major")
        layout = {"x": _column(datetime.date(year, 1, 1), start, end)}
        axis += timeline_item("", str(year), tag="li", classes=classes, layout=layout)
    return axis


def make_timeline(
    builder: Builder,
    fromdocname: str,
    events: Sequence[EventRecord],
    sources: Mapping[str, Sequence[int]],
    legend: Sequence[tuple[int, str]],
    list_anchor: str | None,
) -> nodes.container:
    """The timeline of ``events`` (dated, in date order) for page ``fromdocname``.

    ``sources`` gives, for each event id, the numbers of the sources whose text mentions
    it; ``legend`` says which number is which source; ``list_anchor`` is the id of the
    start of the list below, which the legend links to, so that a reader at the keyboard
    can pass over the marks.
    """
    timeline = nodes.container(classes=["edition-timeline"], ids=["timeline"])
    first = PartialDate.parse(events[0].date).first_day.year if events else 2000
    last = PartialDate.parse(events[-1].date).first_day.year if events else 2000
    start, end = datetime.date(first, 1, 1), datetime.date(last + 1, 1, 1)

    caption = nodes.paragraph(classes=["edition-timeline-legend"])
    caption += nodes.strong("", f"Timeline, {first}–{last}, to scale. ")
    caption += nodes.Text(
        "Each mark is an event at its date; marks stack where events crowd. Filled: the "
        "text of a source mentions it, and the numbers of its caption say which ("
    )
    for index, (number, title) in enumerate(legend):
        if index:
            caption += nodes.Text("; ")
        caption += nodes.inline("", str(number), classes=["edition-source-mark"])
        caption += nodes.Text(f" {title}")
    caption += nodes.Text("); open: only the editors do. ")
    if list_anchor is not None:
        caption += nodes.reference(
            "", "Skip to the list of events", refid=list_anchor, internal=True
        )
        caption += nodes.Text(", which gives each in full.")
    timeline += caption

    columns = [_column(PartialDate.parse(e.date).first_day, start, end) for e in events]
    found = {name: lanes(columns, slot) for name, slot in SLOTS.items()}
    heights = {name: max(placed, default=-1) + 1 for name, placed in found.items()}
    box = timeline_block(
        tag="div",
        classes=["edition-timeline-box"],
        layout={_PROPERTIES[name][1]: height for name, height in heights.items()},
    )
    marks = timeline_block(tag="ol", classes=["edition-timeline-events"])
    for index, event in enumerate(events):
        numbers = sources.get(event.id, ())
        label = nodes.inline("", "", classes=["edition-timeline-label"])
        label += nodes.strong("", date_range(event.date, event.end))
        label += nodes.Text(f" {event.title}")
        for number in numbers:
            label += nodes.inline("", str(number), classes=["edition-source-mark"])
        layout = {"x": columns[index]}
        layout.update({_PROPERTIES[n][0]: heights[n] - found[n][index] for n in SLOTS})
        classes = ["edition-timeline-event"]
        if not numbers:
            classes.append("edition-timeline-unsourced")
        item = timeline_item("", "", tag="li", classes=classes, layout=layout)
        item += link_to(builder, fromdocname, event.docname, event.anchor, label)
        marks += item
    box += marks
    box += _axis(first, last + 1)
    box += nodes.paragraph(
        "",
        "Point at a mark, or reach it with the Tab key, to read its date and title here.",
        classes=["edition-timeline-readout"],
    )
    timeline += box
    return timeline


def setup_timeline(app: Sphinx) -> None:
    """Register the timeline's nodes: written in HTML, left out of other formats."""
    html = (_visit_html, _depart_html)
    skip = (_skip, None)
    for node_class in (timeline_block, timeline_item):
        app.add_node(node_class, html=html, latex=skip, text=skip, man=skip, texinfo=skip)
