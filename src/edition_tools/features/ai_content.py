"""AI-generated content: the ``ai-content`` record and the warning readers cannot miss.

``:::{ai-content}`` records the scope (``document``, ``section`` or ``passage``), how it
is known (``self-disclosed`` by the publisher, or an ``editorial-assessment``), the
publisher's own words (``:disclosure:``), and the IPTC digital source type
(``:source-type:``, e.g. ``trainedAlgorithmicMedia``); its body gives the editors'
explanation. It renders as a warning box in every format; a document-scope record also
puts an "AI-generated" badge on every listing of the source.

A document-scope record stands at the top of the page, outside the ``source-text``
block; a section or passage record inside it, before what it flags: a record in the
wrong place is reported, since readers would take it to cover more, or less, than it
does (and a passage record out of the text would cost the source its badge, had it
been meant for the whole document).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx

from edition_tools.features.base import EditionDirective, set_source_info_below
from edition_tools.model.choices import Choice
from edition_tools.model.editorial import ancestors, mark_editorial, source_text
from edition_tools.model.records import AiRecord
from edition_tools.store.domain import edition_domain
from edition_tools.store.problems import warn_at
from edition_tools.warnings_ import EditionWarning

__all__ = ["IPTC_DIGITAL_SOURCE_TYPES", "Basis", "Scope", "setup_ai_content"]

#: The IPTC Digital Source Type vocabulary (cv.iptc.org/newscodes/digitalsourcetype/).
IPTC_DIGITAL_SOURCE_TYPES = frozenset(
    {
        "digitalCapture",
        "computationalCapture",
        "negativeFilm",
        "positiveFilm",
        "print",
        "minorHumanEdits",
        "humanEdits",
        "compositeCapture",
        "algorithmicallyEnhanced",
        "dataDrivenMedia",
        "digitalArt",
        "virtualRecording",
        "compositeSynthetic",
        "trainedAlgorithmicMedia",
        "compositeWithTrainedAlgorithmicMedia",
        "algorithmicMedia",
        "screenCapture",
    }
)
IPTC_VOCABULARY_URL = "https://cv.iptc.org/newscodes/digitalsourcetype/"

#: A term of the vocabulary given as its URI, as C2PA manifests and IPTC's own
#: documentation write it: the term is the last segment.
_IPTC_TERM_URI = re.compile(r"https?://cv\.iptc\.org/newscodes/digitalsourcetype/(\w+)/?", re.ASCII)


class Scope(Choice):
    """How much of the source the record covers; the label is the warning's heading."""

    DOCUMENT = ("document", "This source was written with AI tools")
    SECTION = ("section", "This section shows signs of AI generation")
    PASSAGE = ("passage", "This passage shows signs of AI generation")


class Basis(Choice):
    """How the editors know, with the wording readers see."""

    SELF_DISCLOSED = ("self-disclosed", "Disclosed by the publisher")
    EDITORIAL_ASSESSMENT = ("editorial-assessment", "Assessed by the editors")


_SCOPES = Scope.by_slug()
_BASES = Basis.by_slug()


class AiContentDirective(EditionDirective):
    """Record AI-generated content and show it as a warning."""

    warning_subtype = EditionWarning.AI_CONTENT
    noun = "ai-content"
    has_content = True
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {
        "scope": directives.unchanged,
        "basis": directives.unchanged,
        "disclosure": directives.unchanged,
        "source-type": directives.unchanged,
    }

    def render(self) -> list[nodes.Node]:
        """Render the warning box and record the finding."""
        term_uri = _IPTC_TERM_URI.fullmatch(self.options.get("source-type", "").strip())
        if term_uri:
            self.options["source-type"] = term_uri.group(1)
        scope_slug = self.required_option("scope", sorted(_SCOPES))
        basis_slug = self.required_option("basis", sorted(_BASES))
        source_type = self.required_option("source-type", sorted(IPTC_DIGITAL_SOURCE_TYPES))
        disclosure = self.options.get("disclosure", "").strip()
        if basis_slug == Basis.SELF_DISCLOSED.slug and not disclosure:
            self.problem("a self-disclosed record needs the publisher's words in :disclosure:")
        if basis_slug == Basis.EDITORIAL_ASSESSMENT.slug and not "".join(self.content).strip():
            self.problem("an editorial assessment needs the editors' evidence in its body")
        scope = _SCOPES.get(scope_slug or "", Scope.DOCUMENT)
        basis = _BASES.get(basis_slug or "")

        anchor = f"ai-content-{self.env.new_serialno('edition-ai')}"
        # An unknown scope (warned about) is shown as a document's, but not classed as
        # one: the check of where the record stands has nothing to go by.
        box = nodes.admonition(
            classes=["warning", "edition-ai-content", f"edition-ai-{scope_slug or 'unknown'}"],
            ids=[anchor],
        )
        self.set_source_info(box)
        box += nodes.title("", f"AI-generated content: {scope.label}")
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
            edition_domain(self.env).note_ai_record(
                AiRecord(
                    self.env.docname,
                    self.lineno,
                    scope_slug,
                    basis_slug,
                    source_type,
                    disclosure,
                    anchor,
                ),
            )
        return [box]


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


def setup_ai_content(app: Sphinx) -> None:
    """Register the ``ai-content`` directive and the check of where records stand."""
    app.add_directive("ai-content", AiContentDirective)
    app.connect("doctree-read", check_scope_placement)
