"""The stemmer remembered for the whole build leaves the search index as it was
(``edition_tools.patches.search_index``)."""

from __future__ import annotations

from sphinx.testing.util import SphinxTestApp

from conftest import build_app, warnings_of
from edition_tools.patches.search_index import memoise_stemmer


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
