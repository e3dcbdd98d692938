"""AI content: the ``ai-content`` record, its warning, and the extent of what it flags.

``:::{ai-content}`` records the scope (``document``, ``section`` or ``passage``), how it
is known (``self-disclosed`` by the publisher, or an ``editorial-assessment``), the
publisher's own words (``:disclosure:``), the IPTC digital source type
(``:source-type:``, which gives the wording: "AI-generated" or "AI-assisted", see
:mod:`edition_tools.model.ai_provenance`), and, for a section or passage, the lines of
the source file it covers (``:lines: 38-41``); its body gives the editors' explanation.
It renders as a warning box in every format; a document-scope record also puts a badge
on every listing of the source.

A document-scope record stands at the top of the page, outside the ``source-text``
block; a section or passage record inside it, just before the first line it covers. A
record in the wrong place is reported, since readers would take it to cover more, or
less, than it does. When the page has been read, the lines a section or passage record
names are checked against the source file and against where the record stands, and the
blocks they make are wrapped, with the record, in a container that every output marks
from the first line to the last (a rule in the margin, labels where it begins and ends).
Nothing of the source changes: the wrapper holds the source's blocks as they were, and
the labels are editorial matter, which the fidelity check leaves out.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx

from edition_tools.features.base import EditionDirective, set_source_info_below
from edition_tools.model.ai_provenance import (
    AI_SOURCE_TYPES,
    EXTENT_CLASS,
    EXTENT_LABEL_CLASS,
    IPTC_DIGITAL_SOURCE_TYPES,
    IPTC_VOCABULARY_URL,
    Basis,
    Scope,
    extent_labels,
    record_heading,
)
from edition_tools.model.editorial import ancestors, is_editorial, mark_editorial, source_text
from edition_tools.model.fidelity import SourceLine, show, source_lines
from edition_tools.model.records import AiRecord
from edition_tools.store.catalogue import get_catalogue
from edition_tools.store.domain import edition_domain
from edition_tools.store.problems import warn_at
from edition_tools.warnings_ import EditionWarning

__all__ = [
    "EXTENT_CLASS",
    "EXTENT_LABEL_CLASS",
    "IPTC_DIGITAL_SOURCE_TYPES",
    "Basis",
    "Scope",
    "parse_lines",
    "setup_ai_content",
]

#: A term of the vocabulary given as its URI, as C2PA manifests and IPTC's own
#: documentation write it: the term is the last segment.
_IPTC_TERM_URI = re.compile(r"https?://cv\.iptc\.org/newscodes/digitalsourcetype/(\w+)/?", re.ASCII)

#: ``:lines:``: one line of the source file, or the first and last of a range.
_LINES = re.compile(r"(\d{1,9})(?:\s*[-\u2013]\s*(\d{1,9}))?", re.ASCII)

_SCOPES = Scope.by_slug()
_BASES = Basis.by_slug()
#: The scopes whose records cover some lines of a source and name them.
_EXTENT_SCOPES = frozenset({Scope.SECTION.slug, Scope.PASSAGE.slug})


def parse_lines(value: str) -> tuple[int, int] | str:
    """The first and last line that ``:lines:`` names, or why it names none."""
    match = _LINES.fullmatch(value.strip())
    if match is None:
        return (
            f":lines: {value.strip()!r} is not a line of the source file or a range of "
            "them, like 38-41"
        )
    first = int(match.group(1))
    last = int(match.group(2) or first)
    if first < 1:
        return ":lines: counts the lines of the source file from 1"
    if last < first:
        return f":lines: {first}-{last} ends before it begins"
    return first, last


class AiContentDirective(EditionDirective):
    """Record AI content and show it as a warning."""

    warning_subtype = EditionWarning.AI_CONTENT
    noun = "ai-content"
    has_content = True
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {
        "scope": directives.unchanged,
        "basis": directives.unchanged,
        "disclosure": directives.unchanged,
        "source-type": directives.unchanged,
        "lines": directives.unchanged,
    }

    def render(self) -> list[nodes.Node]:
        """Render the warning box and record the finding."""
        scope_slug = self.required_option("scope", sorted(_SCOPES))
        basis_slug = self.required_option("basis", sorted(_BASES))
        source_type = self._source_type()
        disclosure = self.options.get("disclosure", "").strip()
        if basis_slug == Basis.SELF_DISCLOSED.slug and not disclosure:
            self.problem("a self-disclosed record needs the publisher's words in :disclosure:")
        if basis_slug == Basis.EDITORIAL_ASSESSMENT.slug and not "".join(self.content).strip():
            self.problem("an editorial assessment needs the editors' evidence in its body")
        extent = self._extent(scope_slug)
        basis = _BASES.get(basis_slug or "")

        anchor = f"ai-content-{self.env.new_serialno('edition-ai')}"
        # An unknown scope (warned about) is shown as a document's, but not classed as
        # one: the check of where the record stands has nothing to go by.
        box = nodes.admonition(
            classes=["warning", "edition-ai-content", f"edition-ai-{scope_slug or 'unknown'}"],
            ids=[anchor],
        )
        self.set_source_info(box)
        box += nodes.title("", self._heading(source_type, scope_slug))
        fields = nodes.field_list(classes=["edition-ai-fields"])
        rows: list[tuple[str, nodes.Node]] = [
            ("How it is known", nodes.Text(basis.label if basis else "unknown")),
        ]
        if disclosure:
            rows.append(("Publisher's disclosure", nodes.Text(f"“{disclosure}”")))
        if source_type:
            rows.append(
                (
                    "IPTC digital source type",
                    nodes.reference(
                        source_type, source_type, refuri=IPTC_VOCABULARY_URL + source_type
                    ),
                )
            )
        for name, value in rows:
            fields += nodes.field(
                "", nodes.field_name("", name), nodes.field_body("", nodes.paragraph("", "", value))
            )
        box += fields
        set_source_info_below(self, box)
        box += self.parse_content_to_nodes()
        mark_editorial(box)

        if scope_slug and basis_slug and source_type:
            first, last = extent or (0, 0)
            if extent is not None:
                # Read by check_extents once the page is read: the lines, and the labels.
                box["ai-first"], box["ai-last"] = first, last
                box["ai-labels"] = extent_labels(source_type, scope_slug)
            edition_domain(self.env).note_ai_record(
                AiRecord(
                    self.env.docname,
                    self.lineno,
                    scope_slug,
                    basis_slug,
                    source_type,
                    disclosure,
                    anchor,
                    first,
                    last,
                ),
            )
        return [box]

    def _source_type(self) -> str | None:
        """The IPTC source type, if it is one that records generative AI (else warned)."""
        term_uri = _IPTC_TERM_URI.fullmatch(self.options.get("source-type", "").strip())
        if term_uri:
            self.options["source-type"] = term_uri.group(1)
        value = self.options.get("source-type", "").strip()
        if value in IPTC_DIGITAL_SOURCE_TYPES and value not in AI_SOURCE_TYPES:
            listed = ", ".join(f"{t} ({p.label})" for t, p in sorted(AI_SOURCE_TYPES.items()))
            self.problem(
                f"source-type {value!r} records no generative AI (an ai-content record takes "
                f"one of: {listed})",
                line=self.option_line("source-type"),
            )
            return None
        return self.required_option("source-type", sorted(AI_SOURCE_TYPES))

    def _extent(self, scope_slug: str | None) -> tuple[int, int] | None:
        """The lines a section or passage record covers (warned about when wrong)."""
        written = self.options.get("lines")
        if scope_slug == Scope.DOCUMENT.slug and written is not None:
            self.problem(
                "a document-scope record covers the whole source and takes no :lines:",
                line=self.option_line("lines"),
            )
            return None
        if scope_slug not in _EXTENT_SCOPES:
            return None
        if written is None or not written.strip():
            self.problem(
                f"a {scope_slug}-scope record names the lines of the source file it covers "
                "in :lines: (e.g. :lines: 38-41)"
            )
            return None
        parsed = parse_lines(written)
        if isinstance(parsed, str):
            self.problem(parsed, line=self.option_line("lines"))
            return None
        return parsed

    @staticmethod
    def _heading(source_type: str | None, scope_slug: str | None) -> str:
        """The box's title: the record's name in the edition's one wording."""
        scope = scope_slug if scope_slug in _SCOPES else Scope.DOCUMENT.slug
        if source_type is None:  # warned about: say what is known, and no more
            return f"AI content: {Scope.from_slug(scope).label}"
        return record_heading(source_type, scope)


def check_scope_placement(app: Sphinx, doctree: nodes.document) -> None:
    """Warn about a record whose place on the page does not match its scope.

    Document scope belongs above the text; section and passage scope inside the
    ``source-text`` block, before what they flag.
    """
    for box in doctree.findall(nodes.admonition):
        if "edition-ai-content" not in box["classes"]:
            continue
        scope = next((s for s in Scope if f"edition-ai-{s.slug}" in box["classes"]), None)
        if scope is None:  # unknown, and warned about already
            continue
        in_text = any(isinstance(ancestor, source_text) for ancestor in ancestors(box))
        if scope is Scope.DOCUMENT and in_text:
            message = (
                "ai-content: document scope inside the source-text block "
                "(a document-scope record stands above the text)"
            )
        elif scope is not Scope.DOCUMENT and not in_text:
            message = (
                f"ai-content: {scope.slug} scope outside the source-text block "
                "(a section or passage record stands in the text, before what it flags)"
            )
        else:
            continue
        warn_at(app.env, EditionWarning.AI_CONTENT, message, box)


def _block_count(node: nodes.Node) -> int:
    """How many blocks of source text ``node`` holds, as the fidelity check reads them.

    The rule of :func:`edition_tools.features.source_text.read_blocks`: a text element
    is one block; editorial matter and a format's raw commands are none; any other
    element holds the blocks of its children.
    """
    if not isinstance(node, nodes.Element) or is_editorial(node) or isinstance(node, nodes.raw):
        return 0
    if isinstance(node, nodes.TextElement):
        return 1
    return sum(_block_count(child) for child in node.children)


@dataclass(frozen=True)
class _Extent:
    """A record's box, the children of the text it wraps (``start`` to ``stop``), its lines."""

    box: nodes.admonition
    start: int
    stop: int
    first: int
    last: int


def _quote(line: SourceLine) -> str:
    words = line.text.split(" ")
    return "“" + show(" ".join(words[:8])) + ("…" if len(words) > 8 else "") + "”"


def _extent_of(
    box: nodes.admonition,
    text: source_text,
    lines: list[SourceLine],
    line_count: int,
    where: str,
) -> _Extent | str:
    """Where in ``text`` the lines ``box`` names stand, or why they cannot be found there."""
    first, last = box["ai-first"], box["ai-last"]
    named = f":lines: {first}-{last}" if first != last else f":lines: {first}"
    if box.parent is not text:
        return (
            f"{named}: the record stands inside another block; place it between the "
            "paragraphs of the source-text block, just before the first line it covers"
        )
    if last > line_count:
        return (
            f"{named} runs outside the source text: {where} has {line_count} lines "
            f"(its last line of text is {lines[-1].number})"
            if lines
            else f"{named} runs outside the source text: {where} has no text"
        )
    children = list(text.children)
    counts = [_block_count(child) for child in children]
    index = children.index(box)
    before = sum(counts[:index])  # the blocks, and so the lines of text, above the record
    if before >= len(lines):
        return f"{named}: the record stands after the last line of {where}; it covers nothing"
    expected = lines[before]
    if first != expected.number:
        return (
            f"{named} does not match the text: the record stands just before line "
            f"{expected.number} of {where} ({_quote(expected)}), and a record begins at the "
            "first line it covers"
        )
    numbers = {line.number: position for position, line in enumerate(lines)}
    if last not in numbers:
        previous = max((n for n in numbers if n < last), default=first)
        return (
            f"{named}: line {last} of {where} is blank; end the extent at a line of text "
            f"(line {previous})"
        )
    end = numbers[last]  # the position of the last line among the lines of text
    stop, seen = index, before
    while seen <= end:
        stop += 1
        seen += counts[stop]
    if seen - 1 != end:
        whole = lines[seen - 1].number
        return (
            f"{named} ends inside a block that runs on to line {whole} of {where} (a list "
            f"or a paratext block): end the extent at line {whole}, or before the block"
        )
    for child in children[index + 1 : stop + 1]:
        for other in child.findall(nodes.admonition):
            if "ai-first" in other:
                return (
                    f"{named} overlaps the ai-content record at line {other.line}, which "
                    "stands inside it: end this extent before that record"
                )
    return _Extent(box, index, stop, first, last)


def _label(box: nodes.Element, words: str, place: str) -> nodes.paragraph:
    """A label of the editors where an extent begins or ends, at the record's line."""
    paragraph = nodes.paragraph(
        "", words, classes=[EXTENT_LABEL_CLASS, f"{EXTENT_LABEL_CLASS}-{place}"]
    )
    paragraph.source, paragraph.line = box.source, box.line
    return mark_editorial(paragraph)


def _wrap(text: source_text, extent: _Extent) -> None:
    """Put the record and the blocks it covers in a container labelled where it begins and ends."""
    box = extent.box
    scope = next(s.slug for s in Scope if f"edition-ai-{s.slug}" in box["classes"])
    begins, ends = box["ai-labels"]
    wrapper = nodes.container(classes=[EXTENT_CLASS, f"{EXTENT_CLASS}-{scope}"])
    wrapper.source, wrapper.line = box.source, box.line
    # What the exports and the LaTeX writer mark: the record and the lines it covers.
    wrapper["ai-anchor"] = box["ids"][0]
    wrapper["ai-first"], wrapper["ai-last"] = extent.first, extent.last
    covered = text.children[extent.start : extent.stop + 1]
    for child in covered:
        text.remove(child)
    wrapper += _label(box, begins, "begins")
    wrapper.extend(covered)
    wrapper += _label(box, ends, "ends")
    text.insert(extent.start, wrapper)


def check_extents(app: Sphinx, doctree: nodes.document) -> None:
    """Check the lines each section or passage record names; wrap what they cover.

    Only a text that reads as its source file, block for block, is looked at: where it
    does not, the fidelity check says so, and the lines could not be told apart.
    """
    env = app.env
    catalogue = get_catalogue(env)
    for text in doctree.findall(source_text):
        boxes = [box for box in text.findall(nodes.admonition) if "ai-first" in box]
        record = catalogue.records.get(text["source"]) if text.get("checked") else None
        if not boxes or record is None:
            continue
        try:
            content = catalogue.file_of(record).read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError):
            continue  # the fidelity check reports it
        lines = source_lines(content)
        if sum(_block_count(child) for child in text.children) != len(lines):
            continue  # the fidelity check reports the difference
        where = f"sources/{record.file}"
        # A final line break ends the last line; it does not begin another.
        line_count = content.count("\n") + (0 if content.endswith("\n") else 1)
        extents = []
        for box in boxes:
            found = _extent_of(box, text, lines, line_count, where)
            if isinstance(found, str):
                warn_at(env, EditionWarning.AI_CONTENT, f"ai-content: {found}", box)
            else:
                extents.append(found)
        # From the last: wrapping an extent leaves the places of those above it as they are.
        for extent in sorted(extents, key=lambda e: e.start, reverse=True):
            _wrap(text, extent)


def setup_ai_content(app: Sphinx) -> None:
    """Register the ``ai-content`` directive and the checks of where records stand."""
    app.add_directive("ai-content", AiContentDirective)
    app.connect("doctree-read", check_scope_placement)
    # After the allowlist of the doctree (450), which refuses any container a contributor
    # brings into a source's text, and before the spans of the exports are found (900).
    app.connect("doctree-read", check_extents, priority=600)
