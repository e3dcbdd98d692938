"""Sphinx's search index, made without stemming the same word again on every page.

The HTML builder feeds each page to its ``IndexBuilder``, which passes every word of the
page through the language's stemmer (for English, the pure-Python Snowball stemmer) and
remembers the stems for that page only: a word used on a thousand pages is stemmed a
thousand times. Stemming took about 5 % of a synthetic edition's build (``py-spy``, on
the editions of ``benchmarks/``). A stem depends on nothing but the word, so the edition
remembers it for the whole build; the index Sphinx writes is the same, byte for byte.
"""

from __future__ import annotations

import functools

from docutils import nodes
from sphinx.application import Sphinx

__all__ = ["STEM_CACHE_SIZE", "memoise_stemmer", "setup_search_index"]

#: How many stems are remembered (a few hundred bytes each): far more than the distinct
#: words of this edition (its five sources use about 1,800).
STEM_CACHE_SIZE = 100_000


def memoise_stemmer(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Give the search language's stemmer a memory for the build (``doctree-resolved``).

    The HTML builder makes its index when it prepares to write, before it resolves the
    first page, and feeds each page to it after resolving it: so the first page resolved
    finds the index ready and not yet fed. Builders without an index are left alone.
    """
    language = getattr(getattr(app.builder, "indexer", None), "lang", None)
    if language is None or "stem" in vars(language):  # no index, or memoised already
        return
    language.stem = functools.lru_cache(maxsize=STEM_CACHE_SIZE)(language.stem)


def setup_search_index(app: Sphinx) -> None:
    """Register the handler."""
    app.connect("doctree-resolved", memoise_stemmer)
