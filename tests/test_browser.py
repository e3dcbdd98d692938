"""The HTML edition in a real browser (Debian's Chromium, driven by playwright).

The site is built once for the module, served on 127.0.0.1 and opened at a desktop
width (1280 px) and a phone width (390 px). Accessibility is checked with axe-core
(``axe-playwright-python``, which ships it).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import urlparse

import pytest
from browser import browsing, html_pages, serve

from conftest import PROJECT

pytestmark = pytest.mark.slow

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
#: The weight budget of a source page (uncompressed), in two parts. A fixed budget held
#: every page to 200 KiB until the editors' notes on the longest source reached it
#: (205,037 bytes, December 2026): the words of notes are the edition, not weight to cut.
#: What a page loads besides its document (style sheets, scripts, icons) has a fixed
#: budget (60,101 bytes at most in December 2026); the document, a budget in proportion
#: to its text (its markup, ids and links at most twice the text; the document was 2.82
#: times its text at most in December 2026).
ASSET_BUDGET = 64 * 1024
MARKUP_PER_TEXT = 3.0
SOURCE_PAGES = sorted(
    p.stem for p in (PROJECT / "docs" / "sources").glob("*.md") if p.stem != "index"
)


@pytest.fixture(scope="module")
def site(built_edition):
    with browsing(Path(built_edition.outdir)) as opened:
        yield opened


def _open(browser, viewport):
    context = browser.new_context(viewport=viewport)
    return context, context.new_page()


def test_every_page_loads_without_error_or_outside_request(site):
    outdir, base, browser = site
    context, page = _open(browser, DESKTOP)
    problems: list[str] = []
    page.on("console", lambda m: m.type == "error" and problems.append(f"console: {m.text}"))
    page.on("pageerror", lambda e: problems.append(f"error: {e}"))
    # A request cut short because the test moved on to the next page is not a failure
    # (net::ERR_ABORTED); a missing file shows as a 404 response below.
    page.on(
        "requestfailed",
        lambda r: (
            "ERR_ABORTED" not in (r.failure or "")
            and problems.append(f"failed: {r.url} ({r.failure})")
        ),
    )
    page.on("response", lambda r: r.status >= 400 and problems.append(f"{r.status}: {r.url}"))
    page.on(
        "request",
        lambda r: (
            urlparse(r.url).hostname not in ("127.0.0.1", None)
            and problems.append(f"outside: {r.url}")
        ),
    )
    for path in html_pages(outdir):
        page.goto(base + path, wait_until="networkidle")
    context.close()
    assert problems == []


def test_sidenote_stands_in_the_margin_on_a_wide_screen(site):
    _outdir, base, browser = site
    context, page = _open(browser, DESKTOP)
    page.goto(base + "sources/whitehouse-kosovo-record.html")
    note = page.locator(".edition-sidenote").first
    text = page.locator(".edition-source-text").first
    assert note.is_visible()
    assert note.bounding_box()["x"] >= text.bounding_box()["x"] + text.bounding_box()["width"]
    context.close()


def test_sidenote_opens_in_place_on_tap_on_a_phone(site):
    _outdir, base, browser = site
    context = browser.new_context(viewport=PHONE, has_touch=True)
    page = context.new_page()
    page.goto(base + "sources/whitehouse-kosovo-record.html")
    reference = page.locator("a.footnote-reference").first
    note_id = reference.get_attribute("href").lstrip("#")
    note = page.locator(f"#{note_id}")
    assert not note.is_visible()
    reference.tap()
    assert note.is_visible()
    box = note.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    context.close()


def test_term_preview_on_hover_and_on_keyboard_focus(site):
    _outdir, base, browser = site
    context, page = _open(browser, DESKTOP)
    page.goto(base + "sources/blaustein-2000-mitrovica.html")
    term = page.locator(".edition-term-ref").first
    preview = term.locator(".edition-term-preview")
    assert not preview.is_visible()
    term.locator(":scope > a").hover()
    assert preview.is_visible()
    page.mouse.move(0, 0)
    assert not preview.is_visible()
    term.locator(":scope > a").focus()
    assert preview.is_visible()
    context.close()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_ai_warning_is_in_the_first_screen(site, viewport):
    _outdir, base, browser = site
    context, page = _open(browser, viewport)
    page.goto(base + "sources/forcedeploy-peacekeeping-kosovo.html")
    warning = page.locator(".edition-ai-document").first
    title = warning.locator(".admonition-title")
    assert title.is_visible()
    assert title.bounding_box()["y"] + title.bounding_box()["height"] <= viewport["height"]
    first_text = page.locator(".edition-source-text").first.bounding_box()["y"]
    assert warning.bounding_box()["y"] < first_text
    context.close()


def test_search_finds_the_op_ed_offline(site):
    _outdir, base, browser = site
    context, page = _open(browser, DESKTOP)
    page.goto(base + "search.html?q=Mitrovica")
    page.wait_for_selector("#search-results li", timeout=10_000)
    links = page.locator("#search-results a").evaluate_all("els => els.map(e => e.href)")
    assert any("sources/blaustein-2000-mitrovica.html" in link for link in links)
    context.close()


def test_timeline_renders_and_its_links_work(site):
    _outdir, base, browser = site
    context, page = _open(browser, DESKTOP)
    page.goto(base + "chronology.html")
    timeline = page.locator(".edition-timeline")
    assert timeline.is_visible()
    links = timeline.locator("a")
    assert links.count() >= 60
    for index in (0, links.count() // 2, links.count() - 1):
        href = links.nth(index).get_attribute("href")
        anchor = href.split("#", 1)[1]
        links.nth(index).click()
        assert page.locator(f"[id='{anchor}']").count() == 1
        page.goto(base + "chronology.html")
    marks = timeline.locator(".edition-source-mark")
    assert marks.count() > 5
    context.close()


def test_no_page_scrolls_sideways_on_a_phone(site):
    outdir, base, browser = site
    context, page = _open(browser, PHONE)
    wide = []
    for path in html_pages(outdir):
        page.goto(base + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            wide.append((path, width))
    context.close()
    assert wide == []


def test_accessibility_has_no_serious_violation(site):
    from axe_playwright_python.sync_playwright import Axe

    outdir, base, browser = site
    axe = Axe()
    found = []
    for viewport in (DESKTOP, PHONE):
        context, page = _open(browser, viewport)
        for path in html_pages(outdir):
            page.goto(base + path)
            results = axe.run(
                page,
                options={
                    "runOnly": {
                        "type": "tag",
                        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"],
                    }
                },
            )
            for violation in results.response["violations"]:
                if violation["impact"] in ("serious", "critical"):
                    targets = [n["target"] for n in violation["nodes"][:3]]
                    found.append((path, viewport["width"], violation["id"], targets))
        context.close()
    assert found == []


@pytest.mark.parametrize("source_id", SOURCE_PAGES)
def test_source_page_weight_is_within_budget(site, source_id):
    _outdir, base, browser = site
    context, page = _open(browser, DESKTOP)
    sizes: dict[str, int] = {}

    def note(response):
        body = response.body() if response.ok else b""
        sizes[response.url] = len(body)

    page.on("response", note)
    url = base + f"sources/{source_id}.html"
    page.goto(url, wait_until="networkidle")
    text = page.evaluate("document.body.textContent")
    context.close()
    document = sizes.pop(url)
    assets = sum(sizes.values())
    words = len(text.encode())
    print(f"{source_id}: {document} bytes for {words} of text; {assets} in {len(sizes)} files")
    assert not any("searchindex" in url for url in sizes)  # loaded only when searching
    assert assets <= ASSET_BUDGET, sorted(sizes.items(), key=lambda item: -item[1])[:5]
    assert document <= MARKUP_PER_TEXT * words


# Installed before any page script, through the DevTools protocol (which the page's policy
# does not govern): it records every violation of the Content-Security-Policy.
_RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(event.effectiveDirective + " " + (event.blockedURI || ""));
});
"""


def test_an_injected_script_does_not_run(site, tmp_path):
    # Markup that slipped past every check into a built page: the policy still stops it.
    outdir, _base, browser = site
    copy = tmp_path / "site"
    shutil.copytree(outdir, copy)
    page_file = copy / "sources" / "blaustein-2000-mitrovica.html"
    text = page_file.read_text(encoding="utf-8")
    injected = (
        "<body><script>window.__pwned = 1</script>"
        '<img src="x" onerror="window.__pwned_by_handler = 1" alt="">'
        '<script src="data:text/javascript,window.__pwned_by_url=1"></script>'
    )
    assert "<body>" in text
    page_file.write_text(text.replace("<body>", injected, 1), encoding="utf-8")
    with serve(copy) as base:
        context = browser.new_context()
        context.add_init_script(_RECORD_VIOLATIONS)
        page = context.new_page()
        console: list[str] = []
        page.on("console", lambda message: console.append(message.text))
        page.goto(base + "sources/blaustein-2000-mitrovica.html", wait_until="networkidle")
        ran = page.evaluate(
            "[window.__pwned, window.__pwned_by_handler, window.__pwned_by_url]"
            ".map(v => v === undefined)"
        )
        violations = page.evaluate("window.__violations")
        context.close()
    assert ran == [True, True, True]
    directives = {violation.split(" ")[0] for violation in violations}
    assert {"script-src-elem", "script-src-attr"} <= directives, violations
    assert any("Content Security Policy" in line for line in console), console


def test_the_policy_refuses_nothing_the_edition_loads(site):
    # The theme's features under the policy: search (which fetches pages), sidenotes,
    # glossary previews, the timeline.
    _outdir, base, browser = site
    context = browser.new_context(viewport=DESKTOP)
    context.add_init_script(_RECORD_VIOLATIONS)
    page = context.new_page()
    found: list[tuple[str, list[str]]] = []
    for path in (
        "index.html",
        "search.html?q=Mitrovica",
        "sources/blaustein-2000-mitrovica.html",
        "chronology.html",
        "glossary.html",
        "genindex.html",
    ):
        page.goto(base + path, wait_until="networkidle")
        if path.startswith("search"):
            page.wait_for_selector("#search-results li", timeout=10_000)
        terms = page.locator(".edition-term-ref a")
        if terms.count():
            terms.first.hover()
        found.append((path, page.evaluate("window.__violations")))
    context.close()
    assert [(path, v) for path, v in found if v] == []
