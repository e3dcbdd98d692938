"""What the search lists: the edition's records, each once, named as readers call them.

Sphinx's search index (``searchindex.js``) lists the objects of every domain, the titles
of every page and section, and index entries; ``searchtools.js`` turns them into
results in the browser. For the edition's records it went wrong three ways (Sphinx 9.0):

- **Links to ids that do not exist.** The index shortens an object's anchor
  ``<type>-<name>`` to ``-``, and the browser rebuilds it from the name *shown*, not
  the object's name (`sphinx#10380 <https://github.com/sphinx-doc/sphinx/issues/10380>`_):
  the event ``rambouillet-conference`` linked to ``#event-The Rambouillet conference``.
- **Ids as titles, names escaped twice.** Claims were listed by their ids; and the index
  HTML-escapes object names, which Sphinx 9's ``searchtools.js`` escapes again when it
  shows them (``NATO&#x27;s air campaign``).
- **One target listed several times.** A disputed-claim record is both an object and
  the title of an admonition (``Disputed claim: dubious``); a glossary entry is an index
  entry once per spelling, each shown as the page's title, "Glossary".

So when the index is made (:func:`list_records_where_they_land`), the edition domain's
objects are replaced by its search entries (:meth:`.EditionDomain.search_entries`),
with whole anchors and readers' names; titles and index entries that land where one of
them does, or on another spelling of a glossary entry, are left out. The other
domains' objects, and the full-text index, are Sphinx's. The theme's ``search.html``
loads ``edition-search.js``, which shows an excerpt for these results too.

Written for the index format of Sphinx 8.2 to 9.x (objects as ``[page, type, priority,
anchor, name]``, grouped by the name's part before its last dot).
"""

from __future__ import annotations

import html
from collections.abc import Callable, Collection, Iterable
from typing import Any

import sphinx
from sphinx.application import Sphinx

from edition_tools.store.domain import EditionDomain, SearchEntry, edition_domain

__all__ = [
    "NAMES_ESCAPED_IN_INDEX",
    "OBJECT_TYPE_NAMES",
    "list_records_where_they_land",
    "rewrite_index",
    "setup_search_results",
]

#: What each kind of search entry is called (Sphinx shows it when a result has no excerpt).
OBJECT_TYPE_NAMES = {"event": "event", "claim": "disputed claim", "term": "glossary term"}

#: Whether object names go into the index HTML-escaped: before Sphinx 9, searchtools.js
#: wrote them into the page as HTML; since, it escapes them itself.
NAMES_ESCAPED_IN_INDEX = sphinx.version_info < (9,)

#: The priority Sphinx gives a domain's ordinary objects ("1: object results").
_PRIORITY = 1


def rewrite_index(
    frozen: dict[str, Any],
    entries: Iterable[SearchEntry],
    also_taken: Collection[tuple[str, str]] = (),
    domain_name: str = EditionDomain.name,
) -> dict[str, Any]:
    """``frozen`` (Sphinx's index, as it writes it) listing ``entries`` for the domain.

    The domain's own objects are dropped, and ``entries`` listed instead; a page title
    or index entry is dropped when its target, (docname, anchor), is an entry's or is in
    ``also_taken``, or when an earlier one has it already.
    """
    pages = {docname: index for index, docname in enumerate(frozen["docnames"])}
    objnames = {int(i): tuple(names) for i, names in frozen["objnames"].items()}
    kept_types = {i for i, names in objnames.items() if names[0] != domain_name}
    objects: dict[str, list[Any]] = {}
    for prefix, listed in frozen["objects"].items():
        if kept := [each for each in listed if each[1] in kept_types]:
            objects[prefix] = kept
    objnames = {i: names for i, names in objnames.items() if i in kept_types}

    type_index: dict[str, int] = {}
    taken: set[tuple[int, str]] = set()
    for entry in entries:
        page = pages.get(entry.docname)
        if page is None or (page, entry.anchor) in taken:
            continue
        if entry.kind not in type_index:
            type_index[entry.kind] = max(objnames, default=-1) + 1
            names = (domain_name, entry.kind, OBJECT_TYPE_NAMES.get(entry.kind, entry.kind))
            objnames[type_index[entry.kind]] = names
        title = html.escape(entry.title) if NAMES_ESCAPED_IN_INDEX else entry.title
        prefix, _, name = title.rpartition(".")
        # The anchor in full: never "" or "-", which the browser would rebuild wrongly.
        objects.setdefault(prefix, []).append(
            [page, type_index[entry.kind], _PRIORITY, entry.anchor, name]
        )
        taken.add((page, entry.anchor))
    taken |= {(pages[docname], anchor) for docname, anchor in also_taken if docname in pages}

    def untaken(listed: list[Any]) -> list[Any]:
        kept = []
        for each in listed:
            target = (each[0], each[1] or "")
            if target not in taken:
                taken.add(target)
                kept.append(each)
        return kept

    alltitles = {t: kept for t, listed in frozen["alltitles"].items() if (kept := untaken(listed))}
    indexentries = {
        e: kept for e, listed in frozen["indexentries"].items() if (kept := untaken(listed))
    }
    return {
        **frozen,
        "objects": objects,
        "objtypes": {i: f"{names[0]}:{names[1]}" for i, names in objnames.items()},
        "objnames": objnames,
        "alltitles": alltitles,
        "indexentries": indexentries,
    }


def _glossary_spellings(domain: EditionDomain) -> set[tuple[str, str]]:
    """The (docname, anchor) of every spelling of every glossary entry."""
    return {
        (entry.docname, anchor) for entry in domain.glossary_entries for anchor in entry.anchors
    }


def list_records_where_they_land(app: Sphinx) -> list[tuple[str, dict[str, Any], str]]:
    """Have the HTML builder's index list the edition's records (``html-collect-pages``).

    The builder makes its index when it starts writing, and writes it when it finishes,
    after this event, whether or not any page was written again. It adds no page.
    """
    indexer = getattr(app.builder, "indexer", None)
    if indexer is None or "freeze" in vars(indexer):  # no search, or done already
        return []
    freeze: Callable[[], dict[str, Any]] = indexer.freeze
    domain = edition_domain(app.env)

    def frozen() -> dict[str, Any]:
        return rewrite_index(freeze(), domain.search_entries(), _glossary_spellings(domain))

    indexer.freeze = frozen
    return []


def setup_search_results(app: Sphinx) -> None:
    """Connect the handler."""
    app.connect("html-collect-pages", list_records_where_they_land)
