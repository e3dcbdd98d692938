"""Edition lint: rules beyond Sphinx's own warnings, each a subtype that can be silenced.

* ``edition.uncited_note``: an editorial note (footnote) that cites no work. Every
  editorial statement of fact cites its evidence.
* ``edition.unused_work``: a bibliography entry that nothing cites.
* ``edition.unused_term``: a glossary entry that no source page mentions.
* ``edition.unused_event``: an event that no source page mentions.

  Where the mention must be is ``edition_usage_scope``: on a source page (an edition's
  registers serve its sources), on any page (a Sphinx project that uses the registers
  without sources), or, by default, source pages once the edition has one.
* ``edition.naming``: a bibliography key that breaks the naming convention.

Sphinx already reports a citation key that does not exist (``bibtex.key_not_found``) and
a page in no toctree (``toc.not_included``). The rules run when ``edition_lint`` is true;
``edition check`` always turns them on.
"""

from __future__ import annotations

import re
from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from edition_tools.features.glossary import term_labels
from edition_tools.store.citations import bibtex_domain, cited_keys
from edition_tools.store.domain import AggregatePage, edition_domain, run_record_checks
from edition_tools.store.problems import warn_at
from edition_tools.warnings_ import EditionWarning, warn

__all__ = ["BIB_KEY_PATTERN", "setup_lint"]

#: Bibliography keys: lower case, like ``judah2000kosovo`` or ``unsc1244``.
BIB_KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
_BIB_ENTRY = re.compile(r"^\s*@(\w+)\s*\{\s*([^,\s]+)\s*,", re.MULTILINE)


def _cites(node: nodes.Element) -> bool:
    for xref in node.findall(addnodes.pending_xref):
        if xref.get("refdomain") == "cite":
            return True
    return any(True for _ in node.findall(nodes.citation_reference))


def check_notes(app: Sphinx, doctree: nodes.document) -> None:
    """Warn about editorial notes that cite nothing (``doctree-read``)."""
    if not app.config.edition_lint:
        return
    for footnote in doctree.findall(nodes.footnote):
        if not _cites(footnote):
            label = footnote.get("names", ["?"])[0] if footnote.get("names") else "?"
            warn_at(
                app.env,
                EditionWarning.UNCITED_NOTE,
                f"note [^{label}] cites no work: cite the evidence with {{cite:p}}`key`",
                footnote,
            )


def _bib_locations(app: Sphinx) -> dict[str, tuple[Path, int]]:
    """Bibliography key to the file and line of its entry."""
    locations: dict[str, tuple[Path, int]] = {}
    for name in app.config.bibtex_bibfiles:
        path = Path(app.srcdir) / name
        try:
            text = path.read_text(encoding="utf-8")
        except OSError:
            continue
        for match in _BIB_ENTRY.finditer(text):
            if match.group(1).lower() in {"comment", "preamble", "string"}:
                continue
            line = text.count("\n", 0, match.start()) + 1
            locations.setdefault(match.group(2), (path, line))
    return locations


def _pages_that_count(scope: str, env: BuildEnvironment) -> tuple[set[str], str]:
    """The pages whose mentions make an entry used under ``scope``, and what to call them."""
    domain = edition_domain(env)
    source_pages = set(domain.pages_showing(AggregatePage.SOURCE_PAGES))
    # "auto" asks whether the edition has a source yet: a text of a catalogued source,
    # not a block whose source is unknown (reported on its own).
    if scope == "sources" or (scope == "auto" and domain.sources):
        return source_pages, "source page"
    return set(env.found_docs), "page"


def check_records(app: Sphinx, env: BuildEnvironment) -> None:
    """Warn about unused works, glossary entries and events, and badly named keys."""
    if not app.config.edition_lint:
        return
    domain = edition_domain(env)
    counting, where = _pages_that_count(app.config.edition_usage_scope, env)

    bibtex = bibtex_domain(env)
    cited = cited_keys(env)
    # The .bib files are no pages: have the bibliography pages read again next time, so
    # that these warnings, like the others, are given on every build until fixed.
    bibliography_pages = {key.docname for key in bibtex.bibliographies} if bibtex else set()
    for key, (path, line) in sorted(_bib_locations(app).items() if bibtex else ()):
        location = f"{path}:{line}"
        if key not in cited:
            warn(EditionWarning.UNUSED_WORK, f"bibliography entry {key!r} is never cited", location)
            domain.problem_docs.update(bibliography_pages)
        if not BIB_KEY_PATTERN.match(key):
            warn(
                EditionWarning.NAMING,
                f"bibliography key {key!r} breaks the convention: lower case letters, "
                "digits and underscores, such as 'judah2000kosovo'",
                location,
            )

    labels = term_labels(env)
    used = {
        labels[r.target][1]
        for r in domain.term_refs
        if r.docname in counting and r.target in labels
    }
    for entry in domain.glossary_entries:
        if entry.terms and not used & set(entry.anchors):
            warn_at(
                env,
                EditionWarning.UNUSED_TERM,
                f"glossary entry {entry.terms[0]!r} is mentioned on no {where}",
                (entry.docname, entry.line),
            )

    mentioned = {r.target for r in domain.event_refs if r.docname in counting}
    for event in sorted(domain.events.values(), key=lambda e: (e.docname, e.line)):
        if event.id not in mentioned:
            warn_at(
                env,
                EditionWarning.UNUSED_EVENT,
                f"event {event.id!r} is mentioned on no {where}",
                (event.docname, event.line),
            )


def setup_lint(app: Sphinx) -> None:
    """Register ``edition_lint`` and the rules."""
    app.connect("doctree-read", check_notes)
    app.connect("env-get-updated", run_record_checks(check_records))
