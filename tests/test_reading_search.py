"""Searching the HTML edition in a real browser (Debian's Chromium, driven by playwright).

For each query, every result the search page shows has an excerpt, links to a page
that loads and, when the link names an element, to an element of that page; and no
target is listed twice. The queries meet every kind of result: pages, section titles,
events, disputed claims, glossary entries (one of them only under another spelling).
"""

from __future__ import annotations

import contextlib
import re
from collections import Counter
from pathlib import Path
from urllib.parse import unquote, urldefrag, urljoin

import pytest
from browser import chromium, serve

pytestmark = pytest.mark.slow

QUERIES = ["Mitrovica", "Rambouillet", "KFOR", "Thaçi", "Kosovo Liberation Army", "Editorial"]
#: How long the search may take, excerpts fetched (ms).
SEARCH_TIMEOUT = 30_000
FINISHED = re.compile(r"^Search finished|did not match")


@pytest.fixture(scope="module")
def site(built_edition):
    with serve(Path(built_edition.outdir)) as base, chromium() as browser:
        context = browser.new_context()
        yield base, context.new_page(), context.new_page()
        context.close()


def search(page, base: str, query: str) -> list[dict[str, str]]:
    """The results of ``query`` once the search has finished and every excerpt is in."""
    from playwright.sync_api import expect  # installed when chromium() did not skip

    page.goto(f"{base}search.html?q={query}")
    page.locator("#search-results .search-summary", has_text=FINISHED).wait_for(
        timeout=SEARCH_TIMEOUT
    )
    results = page.locator("#search-results ul.search > li")
    count = results.count()
    # searchtools.js fetches each result's page for its excerpt, one after another; a
    # result left without one fails below, with the others listed.
    excerpts = page.locator("#search-results ul.search > li > p.context")
    with contextlib.suppress(AssertionError):
        expect(excerpts).to_have_count(count, timeout=SEARCH_TIMEOUT)
    found = []
    for index in range(count):
        result = results.nth(index)
        link = result.locator("a").first
        excerpt = result.locator("p.context")
        found.append(
            {
                "title": link.inner_text(),
                "url": urljoin(page.url, link.get_attribute("href") or ""),
                "excerpt": excerpt.inner_text() if excerpt.count() else "",
            }
        )
    return found


@pytest.mark.parametrize("query", QUERIES)
def test_every_result_has_an_excerpt_and_lands_on_its_target(site, query):
    base, page, target = site
    results = search(page, base, query)
    assert results, query

    assert [r for r in results if not r["excerpt"].strip()] == []
    urls = Counter(r["url"] for r in results)
    assert [url for url, count in urls.items() if count > 1] == []
    shown = Counter((r["title"], urldefrag(r["url"]).url) for r in results)
    assert [each for each, count in shown.items() if count > 1] == []

    assert [r for r in results if not lands(target, r["url"])] == []


def lands(page, url: str) -> bool:
    """Whether ``url``'s page loads in ``page`` and has the element its fragment names."""
    address, fragment = urldefrag(url)
    response = page.goto(address)
    if response is None or not response.ok:
        return False
    return not fragment or page.locator(f"id={unquote(fragment)}").count() == 1
