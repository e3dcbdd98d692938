"""AI-generated content: the ``ai-content`` record and the warning readers cannot miss.

``:::{ai-content}`` records the scope (``document``, ``section`` or ``passage``), how it
is known (``self-disclosed`` by the publisher, or an ``editorial-assessment``), the
publisher's own words (``:disclosure:``), and the IPTC digital source type
(``:source-type:``, e.g. ``trainedAlgorithmicMedia``); its body gives the editors'
explanation. It renders as a warning box in every format; a document-scope record also
puts an "AI-generated" badge on every listing of the source.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx

from edition_tools.choices import Choice
from edition_tools.directives import EditionDirective
from edition_tools.domain import edition_domain
from edition_tools.nodes import mark_editorial
from edition_tools.records import AiRecord
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

    def run(self) -> list[nodes.Node]:
        """Render the warning box and record the finding."""
        scope_slug = self.required_option("scope", sorted(_SCOPES))
        basis_slug = self.required_option("basis", sorted(_BASES))
        source_type = self.required_option("source-type", sorted(IPTC_DIGITAL_SOURCE_TYPES))
        disclosure = self.options.get("disclosure", "").strip()
        if basis_slug == Basis.SELF_DISCLOSED.slug and not disclosure:
            self.problem("a self-disclosed record needs the publisher's words in :disclosure:")
        scope = _SCOPES.get(scope_slug or "", Scope.DOCUMENT)
        basis = _BASES.get(basis_slug or "")

        anchor = f"ai-content-{self.env.new_serialno('edition-ai')}"
        box = nodes.admonition(
            classes=["warning", "edition-ai-content", f"edition-ai-{scope.slug}"], ids=[anchor]
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
        box += self.parse_content_to_nodes()
        mark_editorial(box)

        if scope_slug and basis_slug and source_type:
            edition_domain(self.env).note_record(
                "ai",
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


def setup_ai_content(app: Sphinx) -> None:
    """Register the ``ai-content`` directive."""
    app.add_directive("ai-content", AiContentDirective)
