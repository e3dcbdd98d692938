"""The one wording of AI provenance: what the edition calls "AI-generated" and "AI-assisted".

Every output takes its words from here: the warning box of an ``ai-content`` record, the
badge on a source wherever it is listed, the labels where a marked passage begins and
ends, the LaTeX rule, the TEI notes and the Web Annotations. A reader who met "written
with AI tools" in one place and "AI-generated" in another would wonder whether they
mean different things; they would be right to, and so the edition has two words, each
tied to the IPTC digital source type the record gives:

* **AI-generated**: text produced by a generative AI model (IPTC
  ``trainedAlgorithmicMedia``);
* **AI-assisted**: text written or edited by people with the help of a generative AI
  model (IPTC ``compositeWithTrainedAlgorithmicMedia``).

The other IPTC types (a digital capture, human edits) record no generative AI, and an
``ai-content`` record refuses them.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from edition_tools.model.choices import Choice
from edition_tools.model.records import AiRecord

__all__ = [
    "AI_SOURCE_TYPES",
    "EXTENT_CLASS",
    "EXTENT_LABEL_CLASS",
    "IPTC_DIGITAL_SOURCE_TYPES",
    "IPTC_VOCABULARY_URL",
    "AiProvenance",
    "Basis",
    "Scope",
    "describe",
    "extent_labels",
    "provenance_of",
    "record_heading",
]

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

#: The class of the container that holds a section or passage record and the blocks it
#: covers (with ``ai-anchor``, ``ai-first`` and ``ai-last``): what every output marks.
EXTENT_CLASS = "edition-ai-extent"
#: The class of the editors' labels where that container begins and ends.
EXTENT_LABEL_CLASS = "edition-ai-extent-label"


class AiProvenance(Choice):
    """How far a text is a generative model's work; the label is the edition's one wording."""

    GENERATED = ("ai-generated", "AI-generated")
    ASSISTED = ("ai-assisted", "AI-assisted")

    @property
    def definition(self) -> str:
        """What the label means, in a sentence (for the method page and the data)."""
        return _DEFINITIONS[self]


_DEFINITIONS = {
    AiProvenance.GENERATED: "text produced by a generative AI model",
    AiProvenance.ASSISTED: "text written or edited by people with the help of a generative "
    "AI model",
}

#: The IPTC digital source types that record generative AI, each with its wording.
AI_SOURCE_TYPES: Mapping[str, AiProvenance] = MappingProxyType(
    {
        "trainedAlgorithmicMedia": AiProvenance.GENERATED,
        "compositeWithTrainedAlgorithmicMedia": AiProvenance.ASSISTED,
    }
)


class Scope(Choice):
    """How much of the source a record covers; the label is the noun readers see."""

    DOCUMENT = ("document", "source")
    SECTION = ("section", "section")
    PASSAGE = ("passage", "passage")


class Basis(Choice):
    """How the editors know, with the wording readers see."""

    SELF_DISCLOSED = ("self-disclosed", "Disclosed by the publisher")
    EDITORIAL_ASSESSMENT = ("editorial-assessment", "Assessed by the editors")


def provenance_of(source_type: str) -> AiProvenance:
    """The wording for an IPTC source type; ``KeyError`` for one that records no AI."""
    return AI_SOURCE_TYPES[source_type]


def record_heading(source_type: str, scope: str) -> str:
    """What a record is called everywhere: "AI-generated passage", "AI-assisted source"."""
    return f"{provenance_of(source_type).label} {Scope.from_slug(scope).label}"


def extent_labels(source_type: str, scope: str) -> tuple[str, str]:
    """The labels where a section or passage begins and ends, for every reader."""
    heading = record_heading(source_type, scope)
    return f"{heading} begins", f"{heading} ends"


def describe(ai: AiRecord) -> str:
    """What an AI record says, in a sentence of the edition's wording (for the open data)."""
    if ai.source_type not in AI_SOURCE_TYPES or ai.scope not in Scope.by_slug():
        return "AI content."
    basis = Basis.by_slug().get(ai.basis)
    known = f", {basis.label[0].lower()}{basis.label[1:]}" if basis else ""
    lines = f" (lines {ai.first_line}-{ai.last_line})" if ai.first_line else ""
    return (
        f"{record_heading(ai.source_type, ai.scope)}{lines}{known}; IPTC digital source "
        f"type: {ai.source_type}."
    )
