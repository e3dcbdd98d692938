"""Glossary backlinks: each entry of the shared glossary lists the pages that mention it.

The glossary itself is Sphinx's ``glossary`` directive with the ``{term}`` role. An entry
with several terms (``Milošević`` and ``Milosevic`` on consecutive lines) records the
variant spellings found in the sources; a reference to any of them counts for the entry.
When a page is read, every term reference gets an anchor and is recorded; when the
glossary page is written, each entry gets a "Mentioned in" line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.transforms.post_transforms import SphinxPostTransform

from edition_tools.features.backlinks import (
    backlinks_paragraph,
    in_source_text,
    passage_anchor,
    sorted_by_page,
)
from edition_tools.features.page_filler import PageFiller
from edition_tools.model.editorial import mark_editorial
from edition_tools.model.records import GlossaryEntry, Reference
from edition_tools.store.domain import AggregatePage, edition_domain

__all__ = ["setup_glossary", "term_labels"]


def term_labels(env: BuildEnvironment) -> dict[str, tuple[str, str]]:
    """Lower-cased term to the (docname, label id) of its glossary entry."""
    std = env.get_domain("std")
    terms: dict[str, tuple[str, str]] = getattr(std, "_terms", {})
    return terms


def record_term_references(app: Sphinx, doctree: nodes.document) -> None:
    """Give every ``{term}`` reference of a page an anchor, and record it."""
    env = app.env
    domain = edition_domain(env)
    for xref in list(doctree.findall(addnodes.pending_xref)):
        if xref.get("refdomain") != "std" or xref.get("reftype") != "term":
            continue
        anchor = passage_anchor(env, "term")
        wrapper = nodes.inline("", "", classes=["edition-term-ref"], ids=[anchor])
        wrapper["term"] = xref["reftarget"].lower()
        wrapper.source, wrapper.line = xref.source, xref.line
        xref.replace_self(wrapper)
        wrapper += xref
        domain.note_term_ref(
            Reference(
                xref["reftarget"].lower(),
                env.docname,
                xref.line or 0,
                anchor,
                xref.astext(),
                in_source=in_source_text(wrapper),
            ),
        )
    source_lines = _source_lines(env, env.docname)
    search_from = 0
    for glossary in doctree.findall(addnodes.glossary):
        domain.note_aggregate(AggregatePage.GLOSSARY, env.docname)
        for item in glossary.findall(nodes.definition_list_item):
            terms = list(item.findall(nodes.term))
            texts = tuple(term.astext() for term in terms)
            line, search_from = _line_of_term(source_lines, texts[0] if texts else "", search_from)
            domain.note_glossary_entry(
                GlossaryEntry(
                    docname=env.docname,
                    line=line or glossary.line or 0,
                    terms=texts,
                    anchors=tuple(i for term in terms for i in term["ids"]),
                    definition=_plain_definition(item),
                ),
            )


#: Longest definition a preview shows, in characters (cut at a word, with an ellipsis).
PREVIEW_LENGTH = 280


def _plain_definition(item: nodes.definition_list_item) -> str:
    """The entry's definition as plain text, without its citations."""
    definition = item.next_node(nodes.definition)
    if definition is None:
        return ""
    copy = definition.deepcopy()
    for xref in list(copy.findall(addnodes.pending_xref)):
        if xref.get("refdomain") == "cite":
            xref.parent.remove(xref)
    text = " ".join(copy.astext().split())
    text = text.replace(" .", ".").replace(" ,", ",").replace(" ;", ";")
    if len(text) > PREVIEW_LENGTH:
        text = text[:PREVIEW_LENGTH].rsplit(" ", 1)[0] + "…"
    return text


def _source_lines(env: BuildEnvironment, docname: str) -> list[str]:
    try:
        return Path(env.doc2path(docname)).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return []


def _line_of_term(lines: list[str], term: str, start: int) -> tuple[int | None, int]:
    """The 1-based line where ``term`` opens an entry, searching from ``start``.

    Sphinx gives glossary terms lines relative to the directive's content (and MyST
    does not say where that begins), so the entry is found in the page itself.
    """
    for index in range(start, len(lines)):
        if lines[index].strip() == term:
            return index + 1, index + 1
    return None, start


class GlossaryBacklinks(PageFiller):
    """Add "Mentioned in" to each glossary entry of the page being written."""

    def has_placeholders(self) -> bool:
        """Pages with a glossary."""
        return edition_domain(self.env).shows(AggregatePage.GLOSSARY, self.docname)

    def run(self) -> None:
        """Fill the glossary entries of this page."""
        glossaries = list(self.document.findall(addnodes.glossary))
        if not glossaries:
            return
        domain = edition_domain(self.env)
        labels = term_labels(self.env)
        docname = self.docname
        refs_by_label: dict[str, list[Reference]] = {}
        for ref in domain.term_refs:
            if ref.docname == docname:  # the glossary's own cross-references are not uses
                continue
            found = labels.get(ref.target)
            if found is not None and found[0] == docname:
                refs_by_label.setdefault(found[1], []).append(ref)
        for glossary in glossaries:
            for item in glossary.findall(nodes.definition_list_item):
                ids = [i for term in item.findall(nodes.term) for i in term["ids"]]
                refs = sorted_by_page(r for label in ids for r in refs_by_label.get(label, []))
                paragraph = backlinks_paragraph(
                    self.env,
                    self.builder,
                    docname,
                    "Mentioned in",
                    [(r.docname, r.anchor) for r in refs],
                )
                definitions = list(item.findall(nodes.definition))
                if paragraph is not None and definitions:
                    definitions[0] += paragraph


class TermPreviews(SphinxPostTransform):
    """In HTML, give each term reference a preview of its definition (hover or focus)."""

    default_priority = 900
    builders = ("html", "dirhtml", "singlehtml")

    def run(self, **kwargs: Any) -> None:
        """Append the definition, hidden until the link is hovered or focused."""
        domain = edition_domain(self.env)
        labels = term_labels(self.env)
        by_anchor = domain.glossary_entry_by_anchor()
        for wrapper in list(self.document.findall(nodes.inline)):
            if "edition-term-ref" not in wrapper["classes"]:
                continue
            xref = wrapper.next_node(nodes.reference)
            target = labels.get(wrapper.get("term", ""))
            entry = by_anchor.get(target[1]) if target else None
            if entry is None or not entry.definition or xref is None:
                continue
            # "no-search": Sphinx's search indexer skips it, so that a page is not found
            # by the words of the definitions of the terms it mentions.
            preview = nodes.inline("", "", classes=["edition-term-preview", "no-search"])
            preview += nodes.strong("", entry.terms[0])
            preview += nodes.Text(": " + entry.definition)
            wrapper += mark_editorial(preview)


def setup_glossary(app: Sphinx) -> None:
    """Record term references when pages are read; add backlinks and previews when written."""
    app.connect("doctree-read", record_term_references)
    GlossaryBacklinks.connect(app)
    app.add_post_transform(TermPreviews)
