"""What a reader meets, measured in a real browser on every page (issue #22).

The site is built once, served on 127.0.0.1 and opened in Debian's Chromium at the widths
readers use (1920, 1440 and 1280 px, the width where notes move into the margin, and a
390 px phone), in the light and the dark scheme. On every page the probes of
``reading_probes.js`` measure: margin notes level with their markers (or directly below
the note above), none overlapping another or the footer; every box ending with its
content; every text against its background at least 4.5:1; every note marker and reading
control at least 24 × 24 px; nothing wider than the screen. The interactive behaviours
(notes and previews opened in place by a tap, Escape, the way back from a note, the link
to the text, the editorial-layer switch) are driven as a reader would.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from browser import browsing, html_pages

from conftest import PROJECT

pytestmark = pytest.mark.slow

#: The width from which notes stand in the margin (``70em`` in edition.css and edition.js).
SWITCH_WIDTH = 1120
WIDTHS = (1920, 1440, 1280, SWITCH_WIDTH, SWITCH_WIDTH - 1, 390)
SCHEMES = ("light", "dark")
DESKTOP = {"width": 1440, "height": 900}
PHONE = {"width": 390, "height": 844}
PROBES = (Path(__file__).parent / "reading_probes.js").read_text(encoding="utf-8")
SOURCE_PAGES = sorted(
    f"sources/{p.stem}.html"
    for p in (PROJECT / "docs" / "sources").glob("*.md")
    if p.stem != "index"
)


@pytest.fixture(scope="module")
def site(built_edition):
    with browsing(Path(built_edition.outdir)) as opened:
        yield opened


def _probe(page, name: str) -> list[str]:
    result: list[str] = page.evaluate(f"(() => ({PROBES}).{name}())()")
    return result


def _context(browser, viewport, scheme="light", **options):
    phone = viewport["width"] < 500
    return browser.new_context(
        viewport=viewport,
        color_scheme=scheme,
        has_touch=phone,
        is_mobile=phone,
        **options,
    )


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_reads_well_at_every_width(site, width, scheme):
    outdir, base, browser = site
    context = _context(browser, {"width": width, "height": 900}, scheme)
    page = context.new_page()
    breaches: list[str] = []
    for path in html_pages(outdir):
        page.goto(base + path, wait_until="load")
        for probe in ("notes", "boxes", "contrast", "hitAreas", "offscreen", "sideways"):
            breaches += [f"{path} {probe}: {b}" for b in _probe(page, probe)]
    context.close()
    assert not breaches, f"{len(breaches)} breaches:\n" + "\n".join(breaches[:80])


def test_margin_notes_are_in_the_margin_from_the_switch_width(site):
    _outdir, base, browser = site
    for width, in_margin in ((SWITCH_WIDTH, True), (SWITCH_WIDTH - 1, False)):
        context = _context(browser, {"width": width, "height": 900})
        page = context.new_page()
        for path in SOURCE_PAGES:
            page.goto(base + path)
            visible = page.locator(".edition-sidenote").evaluate_all(
                "notes => notes.filter(n => n.getClientRects().length > 0).length"
            )
            total = page.locator(".edition-sidenote").count()
            assert total > 0
            assert visible == (total if in_margin else 0), (width, path, visible, total)
        context.close()


@pytest.mark.parametrize("scheme", SCHEMES)
def test_highlights_are_readable(site, scheme):
    # A followed glossary link lands on its entry (":target"); a search hit is highlighted.
    _outdir, base, browser = site
    context = _context(browser, DESKTOP, scheme)
    page = context.new_page()
    breaches: list[str] = []
    page.goto(base + "glossary.html")
    targets = page.locator("dl.glossary dt[id]").evaluate_all("els => els.map(e => e.id)")
    assert len(targets) > 20
    for anchor in targets[:: max(1, len(targets) // 12)]:
        page.goto(f"{base}glossary.html#{anchor}")
        breaches += [f"#{anchor}: {b}" for b in _probe(page, "contrast")]
    page.goto(f"{base}search.html?q=Mitrovica")
    page.wait_for_selector("ul.search li p.context", timeout=15_000)
    page.wait_for_load_state("networkidle")
    breaches += [f"search: {b}" for b in _probe(page, "contrast")]
    for path in SOURCE_PAGES:
        page.goto(f"{base}{path}?highlight=Kosovo")
        page.wait_for_selector("span.highlighted")
        breaches += [f"{path}: {b}" for b in _probe(page, "contrast")]
    context.close()
    assert not breaches, f"{len(breaches)} breaches:\n" + "\n".join(breaches[:80])


def test_a_tapped_note_opens_in_place_and_closes_with_its_way_back(site):
    _outdir, base, browser = site
    context = _context(browser, PHONE)
    page = context.new_page()
    for path in SOURCE_PAGES:
        page.goto(base + path)
        markers = page.locator("a.footnote-reference")
        for index in range(0, markers.count(), 7):
            marker = markers.nth(index)
            marker.scroll_into_view_if_needed()
            note = page.locator("#" + marker.get_attribute("aria-controls"))
            before = page.evaluate("scrollY")
            marker.tap()
            assert note.is_visible(), (path, index)
            assert abs(page.evaluate("scrollY") - before) <= 2, "the page jumped"
            box = note.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
            note.locator(".edition-sidenote-back").tap()
            assert not note.is_visible()
            assert page.evaluate("document.activeElement.getAttribute('aria-controls')") == (
                marker.get_attribute("aria-controls")
            )
    context.close()


def test_every_note_has_a_way_back_to_its_marker(site):
    outdir, _base, _browser = site
    from selectolax.lexbor import LexborHTMLParser

    for path in SOURCE_PAGES:
        tree = LexborHTMLParser((outdir / path).read_text(encoding="utf-8"))
        ids = {node.attributes["id"] for node in tree.css("[id]")}
        notes = tree.css(".edition-sidenote")
        assert notes, path
        for note in notes:
            back = note.css_first("a.edition-sidenote-back")
            assert back is not None, (path, note.attributes.get("id"))
            target = back.attributes["href"].lstrip("#")
            assert target in ids
            assert (
                tree.css_first(f"[id='{target}']").attributes["href"] == "#" + note.attributes["id"]
            )


def test_a_glossary_preview_opens_in_place_by_tap_on_a_phone(site):
    _outdir, base, browser = site
    context = _context(browser, PHONE)
    page = context.new_page()
    page.goto(base + SOURCE_PAGES[0])
    terms = page.locator(".edition-source-text .edition-term-ref")
    assert terms.count() > 5
    for index in (0, terms.count() // 2, terms.count() - 1):
        term = terms.nth(index)
        term.scroll_into_view_if_needed()
        before = (page.url, page.evaluate("scrollY"))
        term.locator(":scope > a").tap()
        preview = term.locator(".edition-term-preview")
        assert preview.is_visible()
        assert (page.url, page.evaluate("scrollY")) == before, "the tap left the place"
        box = preview.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
        assert box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"]
        preview.locator(".edition-term-preview-close").tap()
        assert not preview.is_visible()
    context.close()


@pytest.mark.parametrize("width", [800, SWITCH_WIDTH - 1, SWITCH_WIDTH, 1440])
def test_a_preview_shown_by_pointer_or_focus_stays_on_the_screen(site, width):
    _outdir, base, browser = site
    context = _context(browser, {"width": width, "height": 900})
    page = context.new_page()
    outside: list[str] = []
    for path in SOURCE_PAGES:
        page.goto(base + path)
        links = page.locator(".edition-term-ref > a")
        for index in range(0, links.count(), 3):
            link = links.nth(index)
            if not link.is_visible():
                continue  # in a note that is closed at this width
            link.hover()
            box = link.locator("xpath=..").locator(".edition-term-preview").bounding_box()
            if box is None or box["x"] < 0 or box["x"] + box["width"] > width:
                outside.append(f"{path} term {index}: {box}")
            page.mouse.move(0, 0)
    context.close()
    assert outside == []


def test_a_preview_is_a_description_and_closes_with_escape(site):
    _outdir, base, browser = site
    context = _context(browser, DESKTOP)
    page = context.new_page()
    page.goto(base + SOURCE_PAGES[0])
    term = page.locator(".edition-source-text .edition-term-ref").first
    link = term.locator(":scope > a")
    preview = term.locator(".edition-term-preview")
    # Heard only when a reader asks for it: the link's description, hidden otherwise.
    assert link.get_attribute("aria-describedby") == preview.get_attribute("id")
    assert not preview.is_visible()
    link.hover()
    assert preview.is_visible()
    page.keyboard.press("Escape")
    assert not preview.is_visible()
    page.mouse.move(0, 0)
    link.focus()
    assert preview.is_visible()
    page.keyboard.press("Escape")
    assert not preview.is_visible()
    context.close()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_text_is_one_step_away(site, viewport):
    # "Go to the text" in the first screen lands exactly on the source text; "Skip to
    # the text" does too.
    _outdir, base, browser = site
    context = _context(browser, viewport)
    page = context.new_page()
    for path in SOURCE_PAGES:
        page.goto(base + path)
        link = page.locator(".edition-to-text")
        box = link.bounding_box()
        assert box is not None and box["y"] + box["height"] <= viewport["height"], path
        link.click()
        top = page.locator(".edition-source-text").evaluate("e => e.getBoundingClientRect().top")
        assert -1 <= top <= 16, (path, top)
        skip = page.locator("a.edition-skip").get_attribute("href")
        assert skip == link.get_attribute("href")
    context.close()


def test_the_editorial_layer_switch_hides_shows_and_remembers(site):
    _outdir, base, browser = site
    context = _context(browser, DESKTOP)
    page = context.new_page()
    path = SOURCE_PAGES[-1]
    page.goto(base + path)
    toggle = page.locator(".edition-layer-toggle")
    notes = page.locator(".edition-sidenote")
    assert toggle.is_visible() and notes.first.is_visible()
    assert toggle.get_attribute("aria-pressed") == "false"
    toggle.click()
    assert toggle.get_attribute("aria-pressed") == "true"
    hidden = ".edition-sidenote, a.footnote-reference, .edition-claim-label"
    assert page.locator(hidden).evaluate_all(
        "els => els.every(e => e.getClientRects().length === 0)"
    )
    # The source's words stay; only the layer goes.
    assert page.locator(".edition-source-text").is_visible()
    page.goto(base + SOURCE_PAGES[0])
    assert not page.locator(".edition-sidenote").first.is_visible()
    page.locator(".edition-layer-toggle").click()
    assert page.locator(".edition-sidenote").first.is_visible()
    context.close()


def test_without_script_the_switch_is_absent_and_notes_still_open(site):
    _outdir, base, browser = site
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(base + SOURCE_PAGES[0])
    assert not page.locator(".edition-layer-toggle").is_visible()
    marker = page.locator("a.footnote-reference").first
    note = page.locator(marker.get_attribute("href"))
    assert not note.is_visible()
    marker.click()
    assert note.is_visible()
    context.close()


def test_navigation_marks_the_current_page_and_follows_the_catalogue(site):
    outdir, _base, _browser = site
    from selectolax.lexbor import LexborHTMLParser

    from edition_tools.model.catalogue import load_catalogue

    catalogue = [record.id for record in load_catalogue(PROJECT / "sources" / "catalogue.toml")]
    for path in html_pages(outdir):
        tree = LexborHTMLParser((outdir / path).read_text(encoding="utf-8"))
        current = tree.css(".edition-nav a[aria-current]")
        if path.startswith("sources/") or path in ("index.html", "search.html", "genindex.html"):
            continue
        if tree.css_first(".edition-about-nav a[aria-current]") is None:
            assert len(current) == 1, path
    # Previous and next run through the sources in the catalogue's order.
    order = []
    tree = LexborHTMLParser((outdir / "sources" / "index.html").read_text(encoding="utf-8"))
    link = tree.css_first(".edition-pager a[rel=next]")
    while (
        link is not None
        and link.attributes["href"].split("/")[-1].removesuffix(".html") in catalogue
    ):
        name = link.attributes["href"].split("/")[-1].removesuffix(".html")
        order.append(name)
        tree = LexborHTMLParser((outdir / "sources" / f"{name}.html").read_text(encoding="utf-8"))
        assert tree.css_first('.edition-nav a[aria-current="true"]') is not None
        link = tree.css_first(".edition-pager a[rel=next]")
    assert order == catalogue


def test_a_source_page_prints_its_notes_whole_and_no_controls(site):
    # Printed from a wide window, where the script had placed the notes in the margin.
    _outdir, base, browser = site
    context = _context(browser, {"width": 1440, "height": 900})
    page = context.new_page()
    for path in SOURCE_PAGES:
        page.goto(base + path)
        page.emulate_media(media="print")
        placed_or_cut = page.evaluate(
            """[...document.querySelectorAll('.edition-sidenote')].filter(note => {
                 const body = note.querySelector('.edition-sidenote-body');
                 return getComputedStyle(note).position === 'absolute'
                   || getComputedStyle(note).display === 'none'
                   || (body && getComputedStyle(body).overflow === 'hidden');
               }).length"""
        )
        controls = page.evaluate(
            """[...document.querySelectorAll(
                 '.edition-sidenote-back, .edition-sidenote-more, .edition-page-tools')]
               .filter(e => getComputedStyle(e).display !== 'none').length"""
        )
        assert (path, placed_or_cut, controls) == (path, 0, 0)
        page.emulate_media(media="screen")
    context.close()
