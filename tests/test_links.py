"""Every link of the HTML edition lands: each page, each internal ``href``, each fragment.

The whole edition is built once; every written page is parsed with a real HTML parser
(selectolax's Lexbor, as the output audit reads them), and every link into the site must
name a file that was written and, when it has a fragment, an element with that id on
that page. Backlinks ("In the sources", "In the editors' notes", glossary and claims
"Mentioned in") are links like any other, so a passage whose anchor was lost (a
reference inside a note, whose copy beside its marker once dropped every id) fails here.

The chronology's split of backlinks, and the timeline's source numbers, are checked
against the doctrees: a source mentions an event when a reference to it stands in the
source's text, outside every editorial node.
"""

from __future__ import annotations

import pickle
import re
from collections import defaultdict
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

import pytest
from docutils import nodes
from selectolax.lexbor import LexborHTMLParser

from edition_tools.model.dates import PartialDate
from edition_tools.model.editorial import ancestors, is_editorial, source_text
from edition_tools.store.catalogue import get_catalogue
from edition_tools.store.domain import edition_domain


@pytest.fixture(scope="module")
def site(built_edition):
    app = built_edition
    outdir = Path(app.outdir)
    pages = {
        page.relative_to(outdir).as_posix(): LexborHTMLParser(page.read_text(encoding="utf-8"))
        for page in sorted(outdir.rglob("*.html"))
    }
    return app, outdir, pages


def _ids(tree: LexborHTMLParser) -> set[str]:
    """What a fragment can name: ids, and the names of ``a`` elements (HTML's legacy)."""
    found = {node.attributes.get("id") or "" for node in tree.css("[id]")}
    found |= {node.attributes.get("name") or "" for node in tree.css("a[name]")}
    return found


def _target(page: str, href: str) -> tuple[str, str] | None:
    """The (written file, fragment) an ``href`` on ``page`` points at; ``None`` if outside."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or href.startswith("//"):
        return None
    if not parts.path:
        return page, unquote(parts.fragment)
    path = PurePosixPath(page).parent / unquote(parts.path)
    resolved: list[str] = []
    for part in path.parts:
        if part == "..":
            if resolved:
                resolved.pop()
        elif part != ".":
            resolved.append(part)
    target = "/".join(resolved)
    if parts.path.endswith("/"):
        target += "/index.html"
    return target, unquote(parts.fragment)


def test_every_internal_link_and_fragment_lands(site):
    _app, outdir, pages = site
    ids = {name: _ids(tree) for name, tree in pages.items()}
    checked = 0
    dead: list[tuple[str, str, str]] = []
    for page, tree in pages.items():
        for link in tree.css("a[href]"):
            href = link.attributes.get("href") or ""
            found = _target(page, href)
            if found is None:
                continue
            target, fragment = found
            checked += 1
            if not (outdir / target).is_file():
                dead.append((page, href, "no such file"))
            elif fragment and target in ids and fragment not in ids[target]:
                dead.append((page, href, "no element with this id"))
    assert checked > 3000  # every page's links, not a sample
    assert dead == []


def test_no_id_appears_twice_on_a_page(site):
    _app, _outdir, pages = site
    repeated = {}
    for page, tree in pages.items():
        seen: dict[str, int] = defaultdict(int)
        for node in tree.css("[id]"):
            seen[node.attributes.get("id") or ""] += 1
        if twice := sorted(name for name, count in seen.items() if count > 1):
            repeated[page] = twice
    assert repeated == {}


def _source_text_anchors(app) -> dict[str, set[str]]:
    """Each page's ``{event}`` anchors that stand in source text, read from its doctree."""
    found: dict[str, set[str]] = {}
    for docname in app.env.found_docs:
        doctree = pickle.loads((Path(app.doctreedir) / f"{docname}.doctree").read_bytes())
        for wrapper in doctree.findall(nodes.inline):
            if "edition-event-ref" not in wrapper["classes"]:
                continue
            for holder in ancestors(wrapper):
                if is_editorial(holder):
                    break
                if isinstance(holder, source_text):
                    found.setdefault(docname, set()).update(wrapper["ids"])
                    break
    return found


def test_each_reference_knows_whether_a_source_or_the_editors_make_it(site):
    app, _outdir, _pages = site
    domain = edition_domain(app.env)
    in_source = _source_text_anchors(app)
    wrong = [
        (ref.docname, ref.anchor, ref.in_source)
        for ref in domain.event_refs
        if ref.in_source != (ref.anchor in in_source.get(ref.docname, set()))
    ]
    assert wrong == []
    # Both kinds are there: the split is not trivially one-sided.
    assert {ref.in_source for ref in domain.event_refs} == {True, False}


def _backlinks(tree: LexborHTMLParser, event_id: str) -> dict[str, list[str]]:
    """An event's backlink lines on the chronology page: label to the links' targets."""
    entry = tree.css_first(f"[id='event-{event_id}']")
    assert entry is not None, event_id
    lines: dict[str, list[str]] = {}
    for paragraph in entry.css("p.edition-backlinks"):
        label = (paragraph.css_first("strong").text() or "").strip().rstrip(":")
        hrefs = [a.attributes.get("href") or "" for a in paragraph.css("a")]
        lines[label] = [f"chronology.html{h}" if h.startswith("#") else h for h in hrefs]
    return lines


def test_backlinks_separate_the_sources_from_the_editors_notes(site):
    app, _outdir, pages = site
    domain = edition_domain(app.env)
    tree = pages["chronology.html"]
    wrong = []
    for event_id in domain.events:
        refs = domain.refs_by_event().get(event_id, [])
        expected = {
            label: sorted(f"{r.docname}.html#{r.anchor}" for r in refs if r.in_source is in_source)
            for label, in_source in (("In the sources", True), ("In the editors' notes", False))
        }
        expected = {label: hrefs for label, hrefs in expected.items() if hrefs}
        shown = {label: sorted(hrefs) for label, hrefs in _backlinks(tree, event_id).items()}
        if shown != expected:
            wrong.append((event_id, shown, expected))
    assert wrong == []


def test_timeline_counts_the_sources_whose_text_mentions_each_event(site):
    app, _outdir, pages = site
    domain = edition_domain(app.env)
    in_source = _source_text_anchors(app)
    numbers = {}
    for number, record in enumerate(get_catalogue(app.env), start=1):
        if (use := domain.sources.get(record.id)) is not None:
            numbers[use.docname] = number
    tree = pages["chronology.html"]
    marks = tree.css(".edition-timeline-events li.edition-timeline-event")
    dated = [e for e in domain.events.values() if e.date]
    assert len(marks) == len(dated) > 100
    wrong = []
    for mark in marks:
        href = mark.css_first("a").attributes.get("href") or ""
        event_id = href.split("#event-", 1)[1]
        shown = sorted(int(m.text()) for m in mark.css(".edition-source-mark"))
        expected = sorted(
            {
                numbers[r.docname]
                for r in domain.refs_by_event().get(event_id, [])
                if r.docname in numbers and r.anchor in in_source.get(r.docname, set())
            }
        )
        filled = "edition-timeline-unsourced" not in (mark.attributes.get("class") or "")
        if shown != expected or filled != bool(expected):
            wrong.append((event_id, shown, expected))
    assert wrong == []


def test_timeline_places_each_event_by_its_date(site):
    """Columns grow with the date, in proportion (a year is a year, empty or not)."""
    app, _outdir, pages = site
    domain = edition_domain(app.env)
    tree = pages["chronology.html"]
    placed = []
    for mark in tree.css(".edition-timeline-events li.edition-timeline-event"):
        style = mark.attributes.get("style") or ""
        column = int(re.search(r"--x:\s*(\d+)", style).group(1))
        event_id = (mark.css_first("a").attributes.get("href") or "").split("#event-", 1)[1]
        placed.append((domain.events[event_id], column))
    days = [(PartialDate.parse(e.date).first_day.toordinal(), column) for e, column in placed]
    assert [c for _d, c in sorted(days)] == sorted(c for _d, c in days)
    (d0, c0), (d1, c1) = min(days), max(days)
    per_day = (c1 - c0) / (d1 - d0)
    assert all(abs(c0 + (d - d0) * per_day - c) <= 1.5 for d, c in days)
