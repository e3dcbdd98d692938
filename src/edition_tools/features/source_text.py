"""The ``source-text`` directive: a source's verbatim text, checked against ``sources/``.

The directive's content is the whole text of one source, in MyST, with one block per
non-empty source line. When the page has been read and every read transform has run
(smart quotes among them, should anyone turn them on), :func:`check_fidelity` reads the
text back, leaving out the editorial layer (note references, markers), and compares it
with the file the catalogue names. Any difference is an ``edition.fidelity`` warning at
the page line where it occurs, so a build with ``-W`` fails on a changed word.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, ClassVar

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective, SphinxTranslator
from sphinx.writers.html5 import HTML5Translator

from edition_tools.features.base import set_source_info_below
from edition_tools.features.how_to_cite import how_to_cite_block
from edition_tools.features.passages import number_passages, passage_prefix
from edition_tools.features.source_catalogue import source_description
from edition_tools.model.catalogue import Catalogue, SourceRecord
from edition_tools.model.editorial import is_editorial, source_text
from edition_tools.model.fidelity import Block, Difference, compare, source_lines
from edition_tools.model.records import SourceUse
from edition_tools.store.catalogue import get_catalogue, warn_missing_catalogue
from edition_tools.store.domain import AggregatePage, edition_domain, source_anchor
from edition_tools.store.problems import warn_at
from edition_tools.warnings_ import EditionWarning

__all__ = [
    "SourceTextDirective",
    "check_fidelity",
    "check_resolved_fidelity",
    "read_blocks",
    "setup_source_text",
    "source_text",
    "text_blocks",
]


def text_blocks(container: nodes.Element) -> Iterator[tuple[nodes.TextElement, nodes.Element]]:
    """The blocks of source text below ``container``, in order, each with its holder.

    A block is the outermost text element (paragraph, heading, rubric, list-item
    paragraph) found below ``container``; editorial nodes and everything below them
    are skipped. The fidelity check reads these blocks, and the passages are numbered
    by them (:mod:`edition_tools.features.passages`): one walk, so the two always agree.
    """
    for child in container.children:
        if _not_read(child) or not isinstance(child, nodes.Element):
            continue
        if isinstance(child, nodes.TextElement):
            yield child, container
        else:
            yield from text_blocks(child)


def read_blocks(container: nodes.Element) -> list[Block]:
    """Read back the source text of ``container``, one :class:`Block` per block."""
    return [
        Block(_text_of(block), block.line or _line_of(holder))
        for block, holder in text_blocks(container)
    ]


def _not_read(node: nodes.Node) -> bool:
    """Whether ``node`` is not text of the source, and is left out when it is read back.

    Editorial matter, and a format's own commands (the LaTeX the edition's transforms
    write around its boxes). Markup the parser could not read is read: a reader sees it.
    """
    return is_editorial(node) or not isinstance(node, nodes.Element) or isinstance(node, nodes.raw)


def _text_of(node: nodes.Node) -> str:
    if isinstance(node, nodes.Text):
        return node.astext()
    if _not_read(node):
        return ""
    return "".join(_text_of(child) for child in node.children)


def _line_of(node: nodes.Element) -> int | None:
    current: nodes.Element | None = node
    while current is not None:
        if current.line is not None:
            return current.line
        current = current.parent
    return None


class SourceTextDirective(SphinxDirective):
    """Wrap a source's verbatim text; check it against the file in ``sources/``."""

    required_arguments = 1
    has_content = True
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {}

    def run(self) -> list[nodes.Node]:
        """Parse the content, then compare what it reads as with the source file."""
        source_id = self.arguments[0]
        node = source_text()
        self.set_source_info(node)
        node["source"] = source_id
        node["classes"].append("edition-source-text")
        # Nested headings become rubrics (MyST's rule inside directives); the content
        # is parsed in full even when the id is unknown, so no text is ever dropped.
        self.state.nested_parse(self.content, self.content_offset, node)
        _mark_heading_levels(node)
        # Numbered before any record is known: a passage's number is its block's place.
        prefix = passage_prefix(self.state.document, source_id)
        blocks = [block for block, _holder in text_blocks(node)]
        node["passages"] = number_passages(blocks, prefix)
        node["passage-prefix"] = prefix

        catalogue = get_catalogue(self.env)
        self.env.note_dependency(str(catalogue.path))
        edition_domain(self.env).note_aggregate(AggregatePage.SOURCE_PAGES, self.env.docname)
        record = catalogue.records.get(source_id)
        if record is None and catalogue.missing:
            warn_missing_catalogue(self.env, catalogue, self.get_location())
            return [node]
        if record is None:
            known = ", ".join(sorted(catalogue.records)) or "none"
            warn_at(
                self.env,
                EditionWarning.SOURCE_TEXT,
                f"unknown source id {source_id!r} (catalogue {catalogue.path.name} has: {known})",
                self.get_location(),
            )
            return [node]

        node["ids"].append(source_anchor(source_id))
        node["lang"] = record.language
        edition_domain(self.env).note_source(
            SourceUse(source_id, self.env.docname, self.lineno, record.title)
        )
        self.env.note_dependency(str(catalogue.file_of(record)))
        node["checked"] = True
        description = source_description(record, self.env)
        set_source_info_below(self, description)
        citing = how_to_cite_block(self.env, record, blocks, prefix)
        set_source_info_below(self, citing)
        return [description, node, citing]


def _differences(
    catalogue: Catalogue, record: SourceRecord, node: source_text
) -> list[Difference] | str:
    """How ``node``'s text differs from the source file, or why the file cannot be read."""
    try:
        text = catalogue.file_of(record).read_bytes().decode("utf-8")
    except OSError as error:
        return f"cannot read sources/{record.file}: {error.strerror}"
    except UnicodeDecodeError as error:
        return f"cannot read sources/{record.file}: not UTF-8 (byte {error.start})"
    return compare(source_lines(text), read_blocks(node), f"sources/{record.file}")


def check_fidelity(app: Sphinx, doctree: nodes.document) -> None:
    """Compare every checked ``source-text`` block of a page read with its source file."""
    env = app.env
    catalogue = get_catalogue(env)
    for node in doctree.findall(source_text):
        record = catalogue.records.get(node["source"]) if node.get("checked") else None
        if record is None:
            continue
        line = node.line or 1
        differences = _differences(catalogue, record, node)
        if isinstance(differences, str):
            warn_at(env, EditionWarning.SOURCE_TEXT, differences, (env.docname, line))
            continue
        for difference in differences:
            where = difference.line if difference.line is not None else line
            warn_at(env, EditionWarning.FIDELITY, difference.message, (env.docname, where))
        # Held again once the page is resolved (check_resolved_fidelity), where it passed.
        node["fidelity-read"] = not differences


def check_resolved_fidelity(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Compare the source text again as a reader gets it: resolved (``doctree-resolved``).

    Resolving a page changes words: a cross-reference without a title shows its target's
    title (``{ref}``, ``{doc}``), a citation its label, an ``only`` block goes or stays.
    What was the source's text when the page was read may no longer be so when it is
    written; only the blocks that passed when read are compared, so that nothing is
    reported twice.
    """
    catalogue = get_catalogue(app.env)
    for node in doctree.findall(source_text):
        record = catalogue.records.get(node["source"]) if node.get("fidelity-read") else None
        if record is None:
            continue
        differences = _differences(catalogue, record, node)
        for difference in differences if isinstance(differences, list) else ():
            where = difference.line if difference.line is not None else node.line or 1
            warn_at(
                app.env,
                EditionWarning.FIDELITY,
                f"as written: {difference.message}",
                (docname, where),
            )


def _mark_heading_levels(node: nodes.Element) -> None:
    """Let a source's own headings render as real HTML headings of their level."""
    for rubric in node.findall(nodes.rubric):
        level = rubric.get("level")
        if isinstance(level, int) and "heading-level" not in rubric:
            rubric["heading-level"] = max(2, min(level, 6))


def visit_source_text_html(translator: HTML5Translator, node: source_text) -> None:
    """Open the text's ``div``, in the source's language."""
    attributes = {"lang": node["lang"]} if node.get("lang") else {}
    translator.body.append(translator.starttag(node, "div", "", **attributes))


def depart_source_text_html(translator: HTML5Translator, node: source_text) -> None:
    """Close the text's ``div``."""
    translator.body.append("</div>\n")


def visit_passthrough(translator: SphinxTranslator, node: nodes.Element) -> None:
    """Render only the children (LaTeX and text need no wrapper)."""


def depart_passthrough(translator: SphinxTranslator, node: nodes.Element) -> None:
    """Nothing to close."""


def setup_source_text(app: Sphinx) -> None:
    """Register the node and the directive."""
    app.add_node(
        source_text,
        html=(visit_source_text_html, depart_source_text_html),
        latex=(visit_passthrough, depart_passthrough),
        text=(visit_passthrough, depart_passthrough),
        man=(visit_passthrough, depart_passthrough),
        texinfo=(visit_passthrough, depart_passthrough),
    )
    app.add_directive("source-text", SourceTextDirective)
    app.connect("doctree-read", check_fidelity)
    # After every other handler: the page as a reader gets it.
    app.connect("doctree-resolved", check_resolved_fidelity, priority=950)
