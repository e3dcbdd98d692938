"""Disputed claims: the ``{claim}`` span, the ``disputed`` record, the claims register.

``{claim}`text <id>``` marks the exact span of source text (the text stays the same) and
links it to its record; ``:::{disputed} <id>`` records who makes the claim, how far it is
disputed (a level), whether the dispute is open or resolved, and, in its body, the
counter-position and the evidence. ``:::{claims-register}`` lists every claim.

The levels and statuses follow schema.org's ClaimReview in spirit: the level is the
rating's alternate name, the claimant the claim's author.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar, NamedTuple

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.nodes import split_explicit_title

from edition_tools.features.backlinks import backlinks_paragraph, sorted_by_page
from edition_tools.features.base import (
    AggregateDirective,
    IdentifiedDirective,
    add_placeholder_nodes,
    link_to,
    set_source_info_below,
)
from edition_tools.features.page_filler import PageFiller
from edition_tools.model.choices import Choice
from edition_tools.model.editorial import make_table, mark_editorial
from edition_tools.model.records import ClaimRecord, ClaimSpan
from edition_tools.store.domain import AggregatePage, edition_domain, page_title, run_record_checks
from edition_tools.store.lines import EditionRole
from edition_tools.store.problems import warn_at
from edition_tools.warnings_ import EditionWarning

__all__ = ["Level", "Status", "setup_disputed"]


class Level(Choice):
    """How far a claim is disputed, from mildest to strongest; the label readers see."""

    CITATION_NEEDED = ("citation-needed", "citation needed")
    DUBIOUS = ("dubious", "dubious")
    DISPUTED = ("disputed", "disputed")
    CONTRADICTED = ("contradicted", "contradicted")


class Status(Choice):
    """Whether the editors consider the dispute settled."""

    OPEN = ("open", "open")
    RESOLVED = ("resolved", "resolved")


_LEVELS = Level.by_slug()
_STATUSES = Status.by_slug()


class claims_register(nodes.General, nodes.Element):  # noqa: N801 (docutils naming)
    """Placeholder for the register table, filled when the page is written."""


class claim_backlinks(nodes.General, nodes.Element):  # noqa: N801
    """Placeholder for a record's "Marked in" line, filled when the page is written."""


class ClaimRole(EditionRole):
    """``{claim}`text <id>```: mark a span of source text as a disputed claim."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        """Wrap the text in a flagged span that links to the record."""
        _explicit, text, claim_id = split_explicit_title(self.text)
        anchor = f"claim-{claim_id}-{self.env.new_serialno('edition-claim')}"
        # The label is the editors' (so the fidelity check skips it); its wording
        # depends on the record's level, known only when the page is written.
        label = mark_editorial(nodes.inline("", " [disputed]", classes=["edition-claim-label"]))
        label["claim-id"] = claim_id
        # The text is the link (Sphinx keeps only a reference's first child); the label
        # follows it, outside the link, so that it is seen and read out after the text.
        xref = addnodes.pending_xref(
            "",
            nodes.inline("", text, classes=["edition-claim-text"]),
            refdomain="edition",
            reftype="claim",
            reftarget=claim_id,
            refexplicit=True,
            refdoc=self.env.docname,
        )
        span = nodes.inline("", "", xref, label, classes=["edition-claim"], ids=[anchor])
        span["claim-id"] = claim_id
        self.set_source_info(span)
        edition_domain(self.env).note_claim_span(
            ClaimSpan(claim_id, self.env.docname, self.lineno, anchor, text)
        )
        return [span], []


class DisputedDirective(IdentifiedDirective):
    """Record a disputed claim: ``:level:``, ``:claimant:``, ``:status:``, a body."""

    warning_subtype = EditionWarning.CLAIM
    noun = "claim"
    example_id = "seventy-eight-days"
    has_content = True
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {
        "level": directives.unchanged,
        "claimant": directives.unchanged,
        "status": directives.unchanged,
    }

    def render(self) -> list[nodes.Node]:
        """Render the record as a boxed note and store it in the domain (if it has an id)."""
        claim_id = self.checked_id()
        level_slug = self.required_option("level", _LEVELS)
        claimant = self.required_option("claimant")
        status = self.required_option("status", _STATUSES)
        level = _LEVELS.get(level_slug or "", Level.DISPUTED)

        box = nodes.admonition(classes=["edition-disputed", f"edition-disputed-{level.slug}"])
        self.set_source_info(box)
        if claim_id is not None:
            box["ids"].append(f"disputed-{claim_id}")
        box += nodes.title("", f"Disputed claim: {level.label}")
        fields = nodes.field_list(classes=["edition-disputed-fields"])
        for name, value in (
            ("Claimant", claimant or "unknown"),
            ("Level", level.label),
            ("Status", status or "unknown"),
        ):
            fields += nodes.field(
                "",
                nodes.field_name("", name),
                nodes.field_body("", nodes.paragraph("", value)),
            )
        box += fields
        set_source_info_below(self, box)
        body = self.parse_content_to_nodes()
        box += body
        mark_editorial(box)
        if claim_id is None:  # nothing can point to it (reported above)
            return [box]
        box += claim_backlinks(claim_id=claim_id)

        # Record even a flawed record (its flaw is reported above), so that its spans do
        # not add a second, misleading "no record" warning.
        evidence = tuple(
            key.strip()
            for node in box.findall(addnodes.pending_xref)
            if node.get("refdomain") == "cite"
            for key in node["reftarget"].split(",")
        )
        edition_domain(self.env).note_claim(
            ClaimRecord(
                claim_id,
                self.env.docname,
                self.lineno,
                level.slug,
                claimant or "unknown",
                status or "unknown",
                evidence,
            )
        )
        return [box]


class ClaimsRegisterDirective(AggregateDirective):
    """List every disputed claim of the edition in a table."""

    placeholder = claims_register
    aggregate = AggregatePage.CLAIMS_REGISTER


def check_claims(app: Sphinx, env: BuildEnvironment) -> None:
    """Warn about spans without a record and records without a span."""
    domain = edition_domain(env)
    marked = {span.claim_id for span in domain.claim_spans}
    for span in domain.claim_spans:
        if span.claim_id not in domain.claims:
            warn_at(
                env,
                EditionWarning.CLAIM,
                f"{{claim}} span points to no disputed record {span.claim_id!r}",
                (span.docname, span.line),
            )
    for claim in domain.claims.values():
        if claim.id not in marked:
            warn_at(
                env,
                EditionWarning.CLAIM,
                f"disputed record {claim.id!r} has no {{claim}} span pointing to it",
                (claim.docname, claim.line),
            )


class DisputedFiller(PageFiller):
    """Label claim spans by level, link records back to spans, fill registers."""

    def has_placeholders(self) -> bool:
        """Claim spans' labels, records' backlinks, claims registers."""
        domain = edition_domain(self.env)
        return self.docname in domain.pages_with_claims() or domain.shows(
            AggregatePage.CLAIMS_REGISTER, self.docname
        )

    def run(self) -> None:
        """Fill the page being written."""
        domain = edition_domain(self.env)
        docname = self.docname
        for label in self.document.findall(nodes.inline):
            claim_id = label.get("claim-id")
            if claim_id is None or "edition-claim-label" not in label["classes"]:
                continue
            record = domain.claims.get(claim_id)
            level = _LEVELS.get(record.level, Level.DISPUTED) if record else Level.DISPUTED
            label.children = [nodes.Text(f" [{level.label}]")]
            span = label.parent
            if isinstance(span, nodes.inline):
                span["classes"].append(f"edition-claim-{level.slug}")
        spans_by_claim: dict[str, list[ClaimSpan]] = domain.spans_by_claim()
        for backlinks in list(self.document.findall(claim_backlinks)):
            spans = spans_by_claim.get(backlinks["claim_id"], [])
            paragraph = backlinks_paragraph(
                self.env,
                self.builder,
                docname,
                "Marked in",
                [(s.docname, s.anchor) for s in sorted_by_page(spans)],
            )
            backlinks.replace_self(paragraph if paragraph is not None else [])
        for placeholder in list(self.document.findall(claims_register)):
            placeholder.replace_self(self._table(docname))

    def _row(self, claim: ClaimRecord, spans: list[ClaimSpan]) -> list[list[nodes.Node]]:
        spans = sorted_by_page(spans)
        claim_cell: nodes.Node = nodes.Text("(no span)")
        page = claim.docname
        if spans:
            first, page = spans[0], spans[0].docname
            claim_cell = link_to(
                self.builder, self.docname, page, first.anchor, nodes.Text(f"“{first.text}”")
            )
        cited = len(claim.evidence)
        evidence = f"{cited} work{'s' if cited != 1 else ''} cited" if cited else "see the record"
        return [
            [claim_cell],
            [link_to(self.builder, self.docname, page, "", nodes.Text(page_title(self.env, page)))],
            [nodes.Text(claim.claimant)],
            [nodes.Text(_LEVELS.get(claim.level, Level.DISPUTED).label)],
            [nodes.Text(claim.status)],
            [
                link_to(
                    self.builder, self.docname, claim.docname, claim.anchor, nodes.Text(evidence)
                )
            ],
        ]

    def _table(self, docname: str) -> nodes.table:
        domain = edition_domain(self.env)
        spans_by_claim: dict[str, list[ClaimSpan]] = {}
        for span in domain.claim_spans:
            spans_by_claim.setdefault(span.claim_id, []).append(span)
        claims = sorted_by_page(domain.claims.values())
        rows = [self._row(claim, spans_by_claim.get(claim.id, [])) for claim in claims]
        if not rows:
            empty: list[nodes.Node] = [nodes.Text("—")]
            rows = [[[nodes.Text("No disputed claims yet.")], *([empty] * 5)]]
        classes = ["edition-claims-register"]
        if self.builder.format == "latex":
            # The columns' own widths in print: LaTeX's guess gave the claim's words a
            # column a few words wide, justified with gaps between them.
            classes.append("colwidths-given")
        columns = [(column.heading, column.width) for column in _REGISTER_COLUMNS]
        table = make_table(columns, rows, classes=classes)
        if self.builder.format == "html" and claims:
            _mark_for_reading(table, [_LEVELS.get(c.level, Level.DISPUTED) for c in claims])
        return table


class _Column(NamedTuple):
    """A column of the register: its heading, its width in print, its use on screen."""

    heading: str
    width: int  # per cent of the line, in print
    classes: tuple[str, ...] = ()  # what the theme's script lets readers do with it


#: Readers sort by the columns marked ``edition-claims-sort`` and filter by those marked
#: ``edition-claims-filter`` (``edition-claims.js``); the evidence cell is a count.
_REGISTER_COLUMNS = (
    _Column("Claim", 31, ("edition-claims-sort",)),
    _Column("Source", 18, ("edition-claims-sort", "edition-claims-filter")),
    _Column("Claimant", 15, ("edition-claims-sort",)),
    _Column("Level", 13, ("edition-claims-sort", "edition-claims-filter")),
    _Column("Status", 10, ("edition-claims-sort", "edition-claims-filter")),
    _Column("Evidence", 13),
)
_LEVEL_COLUMN = [column.heading for column in _REGISTER_COLUMNS].index("Level")


def _mark_for_reading(table: nodes.table, levels: list[Level]) -> None:
    """Mark the HTML register's columns for the script that sorts and filters it.

    A level's cell carries its rank (``edition-claims-rank-N``, mildest first), so that
    the register sorts from "citation needed" to "contradicted", not alphabetically; the
    order stays the vocabulary's, here, and the script knows no level by name.
    """
    ranks = {level: number for number, level in enumerate(Level, start=1)}
    for head in table.findall(nodes.thead):
        for entry, column in zip(head.findall(nodes.entry), _REGISTER_COLUMNS, strict=True):
            entry["classes"].extend(column.classes)
    for body in table.findall(nodes.tbody):
        for row, level in zip(body.findall(nodes.row), levels, strict=True):
            cell = row.children[_LEVEL_COLUMN]
            if isinstance(cell, nodes.entry):
                cell["classes"].append(f"edition-claims-rank-{ranks[level]}")


def setup_disputed(app: Sphinx) -> None:
    """Register the claim role, the disputed and claims-register directives."""
    add_placeholder_nodes(app, claims_register, claim_backlinks)
    app.add_role("claim", ClaimRole())
    app.add_directive("disputed", DisputedDirective)
    app.add_directive("claims-register", ClaimsRegisterDirective)
    DisputedFiller.connect(app)
    app.connect("env-get-updated", run_record_checks(check_claims))
