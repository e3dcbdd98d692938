"""The search index: the stemmer remembered for the whole build leaves it as it was
(``edition_tools.patches.search_index``), and it lists the edition's records where
they land, as readers call them (``edition_tools.outputs.html.search_results``)."""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from selectolax.lexbor import LexborHTMLParser
from sphinx.testing.util import SphinxTestApp

from conftest import build_app, warnings_of
from edition_tools.outputs.html.search_results import NAMES_ESCAPED_IN_INDEX
from edition_tools.patches.search_index import memoise_stemmer
from edition_tools.store.domain import edition_domain


def without_memoised_stemmer(app: SphinxTestApp) -> None:
    """Disconnect the edition's handler, for a build as Sphinx makes it alone."""
    listeners = app.events.listeners["doctree-resolved"]
    for listener_id in [each.id for each in listeners if each.handler is memoise_stemmer]:
        app.disconnect(listener_id)


def test_the_index_is_the_same_with_the_stemmer_remembered(edited_root):
    root = edited_root("annotations").path
    plain = build_app("html", root, root / "_plain", before_build=without_memoised_stemmer)
    app = build_app("html", root, root / "_memoised")
    assert warnings_of(plain) == warnings_of(app) == []

    assert "stem" not in vars(plain.builder.indexer.lang)
    assert app.builder.indexer.lang.stem.cache_info().hits > 0  # words met on later pages
    index = (app.outdir / "searchindex.js").read_bytes()
    assert b"milosev" in index  # a stem of the test pages' text
    assert index == (plain.outdir / "searchindex.js").read_bytes()


def test_builders_without_a_search_index_are_left_alone(edited_root):
    app = edited_root("annotations").build("text")
    assert warnings_of(app) == []
    assert getattr(app.builder, "indexer", None) is None


# -- What the search lists (edition_tools.outputs.html.search_results) -------------------
#
# Over the whole edition, as the browser reads the index: every entry lands on an element
# its page writes, no entry is named by a record's id, and no target is listed twice.


@dataclass(frozen=True)
class Listed:
    """An entry of the search index as searchtools.js shows it: a title and a link."""

    kind: str  # "object", "title" or "index"
    title: str
    docname: str
    anchor: str  # "" for the page itself


def _index(outdir: Path) -> dict[str, Any]:
    script = (outdir / "searchindex.js").read_text(encoding="utf-8")
    assert script.startswith("Search.setIndex(") and script.endswith(")")
    return json.loads(script.removeprefix("Search.setIndex(").removesuffix(")"))


def listed(index: dict[str, Any]) -> list[Listed]:
    """Every object, title and index entry, with the link searchtools.js makes of it."""
    docnames = index["docnames"]
    entries = []
    for prefix, objects in index["objects"].items():
        for page, type_index, _priority, anchor, name in objects:
            fullname = f"{prefix}.{name}" if prefix else name
            # searchtools.js rebuilds the two short forms from the name it shows.
            if anchor == "":
                anchor = fullname
            elif anchor == "-":
                anchor = f"{index['objnames'][str(type_index)][1]}-{fullname}"
            entries.append(Listed("object", fullname, docnames[page], anchor))
    for title, places in index["alltitles"].items():
        for page, anchor in places:
            entries.append(Listed("title", title, docnames[page], anchor or ""))
    for places in index["indexentries"].values():
        for page, anchor, _main in places:
            # Shown under the page's title.
            entries.append(Listed("index", index["titles"][page], docnames[page], anchor or ""))
    return entries


@pytest.fixture(scope="module")
def edition(built_edition):
    """The edition built in HTML: (app, the index's entries)."""
    app = built_edition
    return app, listed(_index(Path(app.outdir)))


def _ids(outdir: Path, docname: str) -> set[str]:
    page = LexborHTMLParser((outdir / f"{docname}.html").read_bytes())
    return {node.attributes["id"] or "" for node in page.css("[id]")}


def test_every_entry_lands_on_an_element_of_its_page(edition):
    app, entries = edition
    outdir = Path(app.outdir)
    ids = {docname: _ids(outdir, docname) for docname in {e.docname for e in entries}}
    astray = [e for e in entries if e.anchor and e.anchor not in ids[e.docname]]
    assert entries and astray == []


def test_no_entry_is_named_by_a_record_id(edition):
    app, entries = edition
    domain = edition_domain(app.env)
    record_ids = {*domain.sources, *domain.events, *domain.claims}
    named_by_id = [e for e in entries if e.title.casefold() in record_ids]
    # Shown as written: the browser escapes names itself (Sphinx 9).
    escaped_twice = [e for e in entries if re.search(r"&(#x?[0-9a-f]+|[a-z]+);", e.title)]
    assert named_by_id == []
    assert NAMES_ESCAPED_IN_INDEX or escaped_twice == []


def test_no_target_is_listed_twice(edition):
    _app, entries = edition
    targets = Counter((e.docname, e.anchor) for e in entries)
    assert [target for target, count in targets.items() if count > 1] == []
    # Index entries come only from glossaries (pages may not use the index directive),
    # and each glossary entry is listed once, by its headword, instead.
    assert [e for e in entries if e.kind == "index"] == []


def test_every_record_is_listed_once_by_what_a_reader_calls_it(edition):
    """Events by title and dates as their heading has them; claims by their words; terms
    by their headword. Read from the written pages, not from the code that names them."""
    app, entries = edition
    outdir = Path(app.outdir)
    domain = edition_domain(app.env)
    objects = {(e.docname, e.anchor): e.title for e in entries if e.kind == "object"}
    pages: dict[str, LexborHTMLParser] = {}

    def element(docname: str, anchor: str) -> Any:
        if docname not in pages:
            pages[docname] = LexborHTMLParser((outdir / f"{docname}.html").read_bytes())
        return pages[docname].css_first(f'[id="{anchor}"]')

    expected: dict[tuple[str, str], str] = {}
    for event in domain.events.values():
        heading = element(event.docname, event.anchor).css_first(".edition-event-heading")
        dates = heading.css_first("strong").text()
        title = heading.css_first(".edition-event-title").text()
        expected[(event.docname, event.anchor)] = f"{' '.join(title.split())} ({dates})"
    # The claims register quotes each claim's words, linked to where the source has them.
    register = LexborHTMLParser((outdir / "claims.html").read_bytes())
    quoted = {a.attributes["href"]: a.text() for a in register.css("td:first-child a")}
    spans = domain.first_span_of_claim()
    for claim in domain.claims.values():
        span = spans[claim.id]  # every claim of the edition marks the source's words
        expected[(claim.docname, claim.anchor)] = quoted[f"{span.docname}.html#{span.anchor}"]
    for entry in domain.glossary_entries:
        headword = element(entry.docname, entry.anchors[0]).text(deep=False)
        found = objects.get((entry.docname, entry.anchors[0]), "")
        assert found == headword or found.startswith(f"{headword} (also "), entry
        expected[(entry.docname, entry.anchors[0])] = found
    assert objects == expected
