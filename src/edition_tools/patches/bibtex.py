"""What the edition needs of sphinxcontrib-bibtex: its domain, the keys cited, and speed.

Two costs of sphinxcontrib-bibtex grow faster than the edition, and are cut here
(:func:`setup_bibtex_speedups`):

- It asks pybtex for its style plugins at every citation it resolves, and pybtex looks
  them up among all installed entry points each time (reading package metadata from
  disk): in a large edition that was most of the build. Plugins do not change during a
  build, so :func:`cache_pybtex_plugin_lookup` memoises the lookup of installed entry
  points (plugins registered at run time are still found first, as before).
- Its domain's ``clear_doc`` rebuilds its lists of citations and citation references
  to drop one page's, and Sphinx calls it before reading every page, so a build of N
  pages did N² work: 2.1 s of a 72 s build at a thousand sources, and growing.
  :class:`PageClearer` calls it only for the pages the domain holds something for.

It also makes a broken ``.bib`` a warning at its path and line, like any other problem
(:func:`report_bibtex_errors`): pybtex raises at the first syntax error (an unbalanced
brace, a missing comma), and sphinxcontrib-bibtex let that end the build with "Handler
builder_inited_cite threw an exception" and no path.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from edition_tools.store.citations import bibtex_domain

logger = logging.getLogger(__name__)

__all__ = [
    "PageClearer",
    "cache_pybtex_plugin_lookup",
    "report_bibtex_errors",
    "setup_bibtex_speedups",
]


def cache_pybtex_plugin_lookup() -> None:
    """Memoise pybtex's search of installed entry points for a plugin (idempotent)."""
    try:
        import pybtex.plugin as plugin
    except ImportError:
        return
    if getattr(plugin.entry_points, "cache_info", None) is not None:
        return
    search = plugin.entry_points

    @functools.cache
    def cached(group: str, name: str | None) -> tuple[Any, ...]:
        found = search(group=group) if name is None else search(group=group, name=name)
        return tuple(found)

    def entry_points(*, group: str, name: str | None = None) -> tuple[Any, ...]:
        return cached(group, name)

    entry_points.cache_info = cached.cache_info  # type: ignore[attr-defined]
    plugin.entry_points = entry_points


class PageClearer:
    """sphinxcontrib-bibtex's ``clear_doc``, called only for pages its domain has data for.

    Sphinx clears each page once a build, just before reading it (and removed pages
    before that). The pages the domain has data for are listed at the first call of a
    build, and the list is dropped when reading ends (``env-updated``): a page read in
    this build is not cleared again before then.
    """

    def __init__(self, domain: Any) -> None:
        self.domain = domain
        self.clear_doc: Callable[[str], None] = domain.clear_doc
        self.pages: set[str] | None = None

    def __call__(self, docname: str) -> None:
        if self.pages is None:
            self.pages = self._pages_with_data()
        if docname in self.pages:
            self.pages.discard(docname)
            self.clear_doc(docname)

    def _pages_with_data(self) -> set[str]:
        # The three things sphinxcontrib-bibtex's clear_doc removes, by page.
        domain = self.domain
        return (
            {citation.bibliography_key.docname for citation in domain.citations}
            | {reference.docname for reference in domain.citation_refs}
            | {key.docname for key in domain.bibliographies}
        )

    def reading_done(self, app: Sphinx, env: BuildEnvironment) -> None:
        """Forget the list (``env-updated``); the next build makes it again."""
        self.pages = None


def clear_only_pages_with_citations(app: Sphinx) -> None:
    """Put a :class:`PageClearer` in front of the domain's ``clear_doc`` (``builder-inited``)."""
    domain = bibtex_domain(app.env)
    if domain is None or not all(
        hasattr(domain, name) for name in ("citations", "citation_refs", "bibliographies")
    ):
        return  # Not the sphinxcontrib-bibtex this was written for: leave it as it is.
    clearer = PageClearer(domain)
    domain.clear_doc = clearer
    app.connect("env-updated", clearer.reading_done)


def _where(error: Exception) -> tuple[int, str]:
    """The line of the entry a pybtex error is in, and pybtex's message.

    pybtex gives the line where it gave up, often the next entry's (an unbalanced brace
    swallows what follows); the entry it was reading starts at ``command_start``.
    """
    message = str(error.args[0]) if error.args else str(error)
    line = getattr(error, "lineno", None)
    context = getattr(error, "error_context_info", None)
    text = getattr(getattr(error, "parser", None), "text", None)
    if isinstance(context, tuple) and context and isinstance(context[0], int) and text:
        entry_line = str(text).count("\n", 0, context[0]) + 1
        if isinstance(line, int) and line != entry_line:
            message += f" (pybtex stopped at line {line})"
        return entry_line, message
    return (line if isinstance(line, int) else 1), message


def _warn_bibtex_error(error: Exception, bibfiles: Sequence[Path]) -> None:
    """A ``bibtex.bibfile_error`` warning at the file and line of ``error``."""
    from pybtex.scanner import PybtexSyntaxError

    filename = getattr(error, "filename", None) or (bibfiles[0] if bibfiles else "references.bib")
    line, message = _where(error)
    if isinstance(error, PybtexSyntaxError):
        message = (
            f"this bibliography entry cannot be read: {message}; an unbalanced brace or "
            "quote, or a missing comma? Entries after it may be lost"
        )
    logger.warning(message, location=f"{filename}:{line}", type="bibtex", subtype="bibfile_error")


def report_bibtex_errors() -> None:
    """Have sphinxcontrib-bibtex warn at path:line on a broken ``.bib`` (idempotent).

    Its ``parse_bibdata`` runs in pybtex's error capture, so that the first error no
    longer ends the build; each becomes a ``bibtex.bibfile_error`` warning at its entry,
    and the parse is marked stale (a modification time of -1), so that the next build
    reads the files again and repeats the warnings rather than forget them.
    """
    try:
        import pybtex.errors
        from sphinxcontrib.bibtex import bibfile
    except ImportError:
        return
    parse = getattr(bibfile, "parse_bibdata", None)
    if parse is None or getattr(parse, "edition_reports_errors", False):
        return
    if not hasattr(pybtex.errors, "capture"):
        return  # not the pybtex this was written for (0.24 to 0.26)

    def parse_bibdata(bibfilenames: list[Path], encoding: str) -> Any:
        with pybtex.errors.capture() as errors:
            parsed = parse(bibfilenames, encoding)
        for error in errors:
            _warn_bibtex_error(error, bibfilenames)
        if errors:
            for name, record in list(parsed.bibfiles.items()):
                parsed.bibfiles[name] = record._replace(mtime=-1.0)
        return parsed

    parse_bibdata.edition_reports_errors = True  # type: ignore[attr-defined]
    bibfile.parse_bibdata = parse_bibdata


def setup_bibtex_speedups(app: Sphinx) -> None:
    """Cut sphinxcontrib-bibtex's costs that grow faster than the edition (module notes)."""
    cache_pybtex_plugin_lookup()
    report_bibtex_errors()
    app.connect("builder-inited", clear_only_pages_with_citations)
