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
from enum import Enum
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from edition_tools.domain import edition_domain
from edition_tools.nodes import mark_editorial
from edition_tools.records import AiRecord
from edition_tools.warnings_ import EditionWarning, warn

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


class Scope(Enum):
    """How much of the source the record covers, with the warning's heading."""

    DOCUMENT = ("document", "This source was written with AI tools")
    SECTION = ("section", "This section shows signs of AI generation")
    PASSAGE = ("passage", "This passage shows signs of AI generation")

    def __init__(self, slug: str, heading: str) -> None:
        self.slug = slug
        self.heading = heading


class Basis(Enum):
    """How the editors know, with the wording readers see."""

    SELF_DISCLOSED = ("self-disclosed", "Disclosed by the publisher")
    EDITORIAL_ASSESSMENT = ("editorial-assessment", "Assessed by the editors")

    def __init__(self, slug: str, label: str) -> None:
        self.slug = slug
        self.label = label


_SCOPES = {scope.slug: scope for scope in Scope}
_BASES = {basis.slug: basis for basis in Basis}


class AiContentDirective(SphinxDirective):
    """Record AI-generated content and show it as a warning."""

    has_content = True
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {
        "scope": directives.unchanged,
        "basis": directives.unchanged,
        "disclosure": directives.unchanged,
        "source-type": directives.unchanged,
    }

    def _problem(self, message: str) -> None:
        warn(EditionWarning.AI_CONTENT, f"ai-content: {message}", self.get_location())

    def _choice(self, name: str, choices: dict[str, Any] | frozenset[str]) -> str | None:
        value: str = self.options.get(name, "").strip()
        if not value:
            self._problem(f"missing required option :{name}:")
            return None
        if value not in choices:
            self._problem(f"unknown {name} {value!r} (one of: {', '.join(sorted(choices))})")
            return None
        return value

    def run(self) -> list[nodes.Node]:
        """Render the warning box and record the finding."""
        scope_slug = self._choice("scope", _SCOPES)
        basis_slug = self._choice("basis", _BASES)
        source_type = self._choice("source-type", IPTC_DIGITAL_SOURCE_TYPES)
        disclosure = self.options.get("disclosure", "").strip()
        if basis_slug == Basis.SELF_DISCLOSED.slug and not disclosure:
            self._problem("a self-disclosed record needs the publisher's words in :disclosure:")
        scope = _SCOPES.get(scope_slug or "", Scope.DOCUMENT)
        basis = _BASES.get(basis_slug or "")

        anchor = f"ai-content-{self.env.new_serialno('edition-ai')}"
        box = nodes.admonition(
            classes=["warning", "edition-ai-content", f"edition-ai-{scope.slug}"], ids=[anchor]
        )
        self.set_source_info(box)
        box += nodes.title("", f"AI-generated content: {scope.heading}")
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
            edition_domain(self.env).ai_records.append(
                AiRecord(
                    self.env.docname,
                    self.lineno,
                    scope_slug,
                    basis_slug,
                    source_type,
                    disclosure,
                    anchor,
                )
            )
        return [box]


def setup_ai_content(app: Sphinx) -> None:
    """Register the ``ai-content`` directive."""
    app.add_directive("ai-content", AiContentDirective)
