"""The chronology's timeline in a real browser (Debian's Chromium, through playwright).

At a desktop width (1440 px) and a phone's (390 px): the timeline fits the column and is
seen whole once its top is in view (nothing to scroll sideways, no scrollbar screens
below), every event's mark is reached with the Tab key and shows it has the focus, and
the marks stand where their dates put them, in proportion.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from browser import chromium, serve

from edition_tools.model.dates import PartialDate
from edition_tools.store.domain import edition_domain

pytestmark = pytest.mark.slow

VIEWPORTS = {
    "desktop": {"width": 1440, "height": 900},
    "phone": {"width": 390, "height": 844},
}


@pytest.fixture(scope="module")
def site(built_edition):
    app = built_edition
    dates = {
        event.anchor: PartialDate.parse(event.date).first_day
        for event in edition_domain(app.env).events.values()
        if event.date
    }
    with serve(Path(app.outdir)) as base, chromium() as browser:
        yield base, browser, dates


@pytest.fixture(params=sorted(VIEWPORTS))
def chronology(request, site):
    base, browser, dates = site
    viewport = VIEWPORTS[request.param]
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.goto(base + "chronology.html")
    yield page, viewport, dates
    context.close()


def test_timeline_fits_the_column_and_the_first_screen(chronology):
    page, viewport, _dates = chronology
    box = page.locator(".edition-timeline-box")
    column = page.locator(".edition-main > section").first.bounding_box()
    page.evaluate("document.querySelector('.edition-timeline-box').scrollIntoView()")
    found = box.bounding_box()
    assert found["x"] >= column["x"] - 0.5
    assert found["x"] + found["width"] <= column["x"] + column["width"] + 0.5
    # Nothing of it hidden sideways, so no scrollbar to look for below the screen.
    assert box.evaluate("b => b.scrollWidth <= b.clientWidth")
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    assert found["y"] >= -1 and found["y"] + found["height"] <= viewport["height"] + 1


def test_every_event_is_reached_with_the_tab_key_and_shows_its_focus(chronology):
    page, _viewport, dates = chronology
    marks = page.locator(".edition-timeline-events a")
    expected = marks.evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert len(expected) == len(dates) > 100
    # Start at the link just before the marks (the legend's), then go forward.
    page.locator(".edition-timeline-legend a").last.focus()
    reached = []
    for _ in expected:
        page.keyboard.press("Tab")
        focused = page.evaluate(
            """() => {
                const a = document.activeElement;
                const style = getComputedStyle(a);
                const label = a.querySelector('.edition-timeline-label');
                const box = label ? label.getBoundingClientRect() : null;
                return [a.getAttribute('href'), style.outlineStyle, parseFloat(style.outlineWidth),
                        box ? box.width : 0, box ? box.height : 0];
            }"""
        )
        href, outline, width, label_width, label_height = focused
        reached.append(href)
        assert outline != "none" and width >= 2, href  # the focus is seen
        assert label_width > 100 and label_height > 10, href  # and its words shown
    assert reached == expected


def test_marks_stand_in_proportion_to_their_dates(chronology):
    page, viewport, dates = chronology
    lefts = page.locator(".edition-timeline-events a").evaluate_all(
        """links => links.map(a => [a.getAttribute('href').split('#')[1],
                                     a.getBoundingClientRect().left])"""
    )
    placed = sorted((dates[anchor].toordinal(), left) for anchor, left in lefts)
    positions = [left for _day, left in placed]
    assert positions == sorted(positions)  # later never left of earlier
    (day0, left0), (day1, left1) = placed[0], placed[-1]
    per_day = (left1 - left0) / (day1 - day0)
    # Within a pixel or so of a straight line through the first and the last.
    assert all(abs(left0 + (day - day0) * per_day - left) <= 2 for day, left in placed)
    # The empty years take their room: from the last event of 1992 to the first of 1998
    # is as many years of width as of time (more than five), not one column's.
    year = per_day * 365.25
    assert year >= (8 if viewport["width"] < 600 else 20)
    before = max((d, x) for d, x in placed if d < datetime.date(1993, 1, 1).toordinal())
    after = min((d, x) for d, x in placed if d >= datetime.date(1998, 1, 1).toordinal())
    years = (after[0] - before[0]) / 365.25
    assert years > 5
    assert (after[1] - before[1]) / year == pytest.approx(years, abs=0.15)
