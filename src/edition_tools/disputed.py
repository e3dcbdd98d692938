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
from enum import Enum
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import SphinxDirective, SphinxRole
from sphinx.util.nodes import make_refnode, split_explicit_title

from edition_tools.backlinks import backlinks_paragraph, page_title, sorted_by_page
from edition_tools.catalogue import ID_PATTERN
from edition_tools.domain import edition_domain
from edition_tools.nodes import add_placeholder_nodes, mark_editorial
from edition_tools.records import ClaimRecord, ClaimSpan
from edition_tools.warnings_ import EditionWarning, warn

__all__ = ["Level", "Status", "setup_disputed"]


class Level(Enum):
    """How far a claim is disputed, from mildest to strongest; the label readers see."""

    CITATION_NEEDED = ("citation-needed", "citation needed")
    DUBIOUS = ("dubious", "dubious")
    DISPUTED = ("disputed", "disputed")
    CONTRADICTED = ("contradicted", "contradicted")

    def __init__(self, slug: str, label: str) -> None:
        self.slug = slug
        self.label = label


class Status(Enum):
    """Whether the editors consider the dispute settled."""

    OPEN = "open"
    RESOLVED = "resolved"


_LEVELS = {level.slug: level for level in Level}
_STATUSES = {status.value: status for status in Status}


class claims_register(nodes.General, nodes.Element):  # noqa: N801 (docutils naming)
    """Placeholder for the register table, filled when the page is written."""


class claim_backlinks(nodes.General, nodes.Element):  # noqa: N801
    """Placeholder for a record's "Marked in" line, filled when the page is written."""


class ClaimRole(SphinxRole):
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
        edition_domain(self.env).claim_spans.append(
            ClaimSpan(claim_id, self.env.docname, self.lineno, anchor, text)
        )
        return [span], []


class DisputedDirective(SphinxDirective):
    """Record a disputed claim: ``:level:``, ``:claimant:``, ``:status:``, a body."""

    required_arguments = 1
    has_content = True
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {
        "level": directives.unchanged,
        "claimant": directives.unchanged,
        "status": directives.unchanged,
    }

    def _problem(self, message: str) -> None:
        warn(EditionWarning.CLAIM, f"claim {self.arguments[0]!r}: {message}", self.get_location())

    def _option(self, name: str, choices: dict[str, Any] | None = None) -> str | None:
        value: str = self.options.get(name, "").strip()
        if not value:
            self._problem(f"missing required option :{name}:")
            return None
        if choices is not None and value not in choices:
            self._problem(f"unknown {name} {value!r} (one of: {', '.join(choices)})")
            return None
        return value

    def run(self) -> list[nodes.Node]:
        """Render the record as a boxed note and store it in the domain."""
        claim_id = self.arguments[0]
        valid_id = bool(ID_PATTERN.match(claim_id))
        if not valid_id:
            self._problem("the id must be a lower-case slug like 'seventy-eight-days'")
        level_slug = self._option("level", _LEVELS)
        claimant = self._option("claimant")
        status = self._option("status", _STATUSES)
        level = _LEVELS.get(level_slug or "", Level.DISPUTED)

        box = nodes.admonition(classes=["edition-disputed", f"edition-disputed-{level.slug}"])
        self.set_source_info(box)
        if valid_id:
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
        body = self.parse_content_to_nodes()
        box += body
        box += claim_backlinks(claim_id=claim_id)
        mark_editorial(box)

        # Record even a flawed record (its flaw is reported above), so that its spans do
        # not add a second, misleading "no record" warning.
        if valid_id:
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


class ClaimsRegisterDirective(SphinxDirective):
    """List every disputed claim of the edition in a table."""

    has_content = False
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {}

    def run(self) -> list[nodes.Node]:
        """Leave a placeholder the post-transform fills."""
        placeholder = claims_register()
        self.set_source_info(placeholder)
        edition_domain(self.env).note_aggregate("claims-register", self.env.docname)
        return [placeholder]


def check_claims(app: Sphinx, env: BuildEnvironment) -> None:
    """Warn about spans without a record and records without a span."""
    domain = edition_domain(env)
    marked = {span.claim_id for span in domain.claim_spans}
    for span in domain.claim_spans:
        if span.claim_id not in domain.claims:
            warn(
                EditionWarning.CLAIM,
                f"{{claim}} span points to no disputed record {span.claim_id!r}",
                (span.docname, span.line),
            )
    for claim in domain.claims.values():
        if claim.id not in marked:
            warn(
                EditionWarning.CLAIM,
                f"disputed record {claim.id!r} has no {{claim}} span pointing to it",
                (claim.docname, claim.line),
            )


def _cell(*children: nodes.Node) -> nodes.entry:
    return nodes.entry("", nodes.paragraph("", "", *children))


class DisputedTransform:
    """Label claim spans by level, link records back to spans, fill registers."""

    def __init__(self, app: Sphinx, document: nodes.document, docname: str) -> None:
        self.env = app.env
        self.builder = app.builder
        self.document = document
        self.docname = docname

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
        for backlinks in list(self.document.findall(claim_backlinks)):
            spans = [s for s in domain.claim_spans if s.claim_id == backlinks["claim_id"]]
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

    def _table(self, docname: str) -> nodes.table:
        domain = edition_domain(self.env)
        builder = self.builder
        columns = (
            ("Claim", 34),
            ("Source", 18),
            ("Claimant", 16),
            ("Level", 10),
            ("Status", 8),
            ("Evidence", 14),
        )
        table = nodes.table(classes=["edition-claims-register"])
        group = nodes.tgroup(cols=len(columns))
        table += group
        for _name, width in columns:
            group += nodes.colspec(colwidth=width)
        group += nodes.thead("", nodes.row("", *(_cell(nodes.Text(name)) for name, _w in columns)))
        body = nodes.tbody()
        for claim in sorted_by_page(domain.claims.values()):
            spans = sorted_by_page(s for s in domain.claim_spans if s.claim_id == claim.id)
            if spans:
                first = spans[0]
                claim_cell: nodes.Node = make_refnode(
                    builder, docname, first.docname, first.anchor, nodes.Text(f"“{first.text}”")
                )
                page = first.docname
            else:
                claim_cell, page = nodes.Text("(no span)"), claim.docname
            source_cell = make_refnode(
                builder, docname, page, "", nodes.Text(page_title(self.env, page))
            )
            cited = len(claim.evidence)
            evidence = make_refnode(
                builder,
                docname,
                claim.docname,
                claim.anchor,
                nodes.Text(
                    f"{cited} work{'s' if cited != 1 else ''} cited" if cited else "see the record"
                ),
            )
            body += nodes.row(
                "",
                _cell(claim_cell),
                _cell(source_cell),
                _cell(nodes.Text(claim.claimant)),
                _cell(nodes.Text(_LEVELS.get(claim.level, Level.DISPUTED).label)),
                _cell(nodes.Text(claim.status)),
                _cell(evidence),
            )
        if not body.children:
            body += nodes.row(
                "",
                *(
                    _cell(nodes.Text("—" if i else "No disputed claims yet."))
                    for i in range(len(columns))
                ),
            )
        group += body
        return table


def fill_disputed(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Fill the placeholders of a page being written (``doctree-resolved``)."""
    DisputedTransform(app, doctree, docname).run()


def setup_disputed(app: Sphinx) -> None:
    """Register the claim role, the disputed and claims-register directives."""
    add_placeholder_nodes(app, claims_register, claim_backlinks)
    app.add_role("claim", ClaimRole())
    app.add_directive("disputed", DisputedDirective)
    app.add_directive("claims-register", ClaimsRegisterDirective)
    app.connect("doctree-resolved", fill_disputed)
    app.connect("env-check-consistency", check_claims)
