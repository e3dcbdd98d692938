"""The edition's fixes to sphinxcontrib-bibtex's speed keep its results
(``edition_tools.patches.bibtex``)."""

from __future__ import annotations

from types import SimpleNamespace

from sphinxcontrib.bibtex.directives import BibliographyKey

from conftest import warnings_of
from edition_tools.patches.bibtex import PageClearer, cache_pybtex_plugin_lookup
from edition_tools.store.citations import cited_keys


def test_pybtex_finds_its_plugins_through_the_memoised_lookup():
    cache_pybtex_plugin_lookup()
    import pybtex.plugin

    assert pybtex.plugin.find_plugin("pybtex.style.formatting", "plain").__name__ == "Style"
    pybtex.plugin.find_plugin("pybtex.style.formatting", "plain")
    assert pybtex.plugin.entry_points.cache_info().hits > 0


def fake_domain() -> SimpleNamespace:
    """What PageClearer reads of sphinxcontrib-bibtex's domain, and a record of clears."""
    domain = SimpleNamespace(
        citations=[SimpleNamespace(bibliography_key=SimpleNamespace(docname="bibliography"))],
        citation_refs=[SimpleNamespace(docname="a"), SimpleNamespace(docname="b")],
        bibliographies={BibliographyKey(docname="c", id_="bibliography-id0"): None},
        cleared=[],
    )
    domain.clear_doc = domain.cleared.append
    return domain


def test_only_pages_with_citations_are_cleared_and_each_once_a_build():
    domain = fake_domain()
    clearer = PageClearer(domain)
    for docname in ["new", "a", "bibliography", "other", "a", "b", "c"]:
        clearer(docname)
    assert domain.cleared == ["a", "bibliography", "b", "c"]

    clearer.reading_done(None, None)  # the next build lists the pages again
    clearer("a")
    assert domain.cleared[-1] == "a"


def test_a_citation_taken_out_of_a_page_is_gone_after_a_rebuild(edited_root):
    root = edited_root("annotations")
    app = root.build()
    assert warnings_of(app) == []
    assert {"nato1999", "judah2000"} <= cited_keys(app.env)

    root.replace("source.md", " {cite:p}`judah2000`", "")
    root.replace("source.md", " {cite:p}`nato1999`", "")
    app = root.build(freshenv=False)
    keys = cited_keys(app.env)
    assert "judah2000" not in keys
    assert "nato1999" in keys  # still cited in the chronology, which was not read again
