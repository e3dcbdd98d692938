"""The source catalogue in the build: loading, validation, and the ``source-catalogue`` list.

The catalogue file is read once per build process (and again only when it changes on
disk); its problems are reported once, when the builder starts. Pages that show catalogue
data record it as a dependency, so editing the catalogue rereads them.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from edition_tools.features.base import AggregateDirective, add_placeholder_nodes, link_to
from edition_tools.features.page_filler import PageFiller
from edition_tools.model.ai_provenance import AI_SOURCE_TYPES, AiProvenance, Scope, provenance_of
from edition_tools.model.catalogue import SourceRecord
from edition_tools.model.dates import UNKNOWN, format_date
from edition_tools.model.editorial import make_table
from edition_tools.model.markup import web_url
from edition_tools.store.catalogue import get_catalogue, warn_missing_catalogue
from edition_tools.store.domain import (
    AggregatePage,
    edition_domain,
    run_record_checks,
    source_anchor,
)
from edition_tools.warnings_ import EditionWarning, warn

__all__ = [
    "SourceCatalogueDirective",
    "setup_source_catalogue",
    "source_description",
]


def report_catalogue_problems(app: Sphinx) -> None:
    """Warn about every problem of the catalogue, at its line in the catalogue file."""
    catalogue = get_catalogue(app.env)
    if catalogue.missing:  # a problem only for a page that needs it: said there
        return
    for problem in catalogue.problems:
        subtype = (
            EditionWarning.HOSTILE if problem.subtype == "hostile" else EditionWarning.CATALOGUE
        )
        warn(subtype, problem.message, f"{catalogue.path}:{problem.line}")
    if not catalogue.named_files:  # unreadable: its own problem says so
        return
    for path in sorted(catalogue.sources_dir.glob("*.txt")):
        if path.name not in catalogue.named_files:
            warn(
                EditionWarning.CATALOGUE,
                f"sources/{path.name} is not in the catalogue: add it with 'edition new-source'",
                f"{path}:1",
            )


def _paragraph(*children: nodes.Node) -> nodes.paragraph:
    return nodes.paragraph("", "", *children)


def _authors(record: SourceRecord) -> str:
    return "; ".join(record.authors) if record.authors else "author unknown"


def source_description(record: SourceRecord, env: BuildEnvironment) -> nodes.Element:
    """A field list describing ``record``: who, where, when, what kind, which file."""
    url: nodes.Node = (
        nodes.reference(record.url, record.url, refuri=record.url)
        if web_url(record.url)
        else nodes.Text(record.url or UNKNOWN)
    )
    published = f"{record.outlet}, {format_date(record.date)}"
    if record.date_note:
        published += f". {record.date_note}"
    rows: list[tuple[str, list[nodes.Node]]] = [
        ("Title", [nodes.Text(record.title)]),
        ("Author", [nodes.Text(_authors(record))]),
        ("Published", [nodes.Text(published)]),
        ("Genre", [nodes.Text(record.genre.label)]),
        ("Original URL", [url]),
    ]
    if web_url(record.copy_url) and record.copy_url != record.url:
        rows.append(
            (
                "Copy received",
                [nodes.reference(record.copy_url, record.copy_url, refuri=record.copy_url)],
            )
        )
    rows += [
        (
            "Verbatim file",
            [
                nodes.literal("", f"sources/{record.file}"),
                nodes.Text(", SHA-256 "),
                nodes.literal("", record.sha256),
            ],
        ),
    ]
    if record.provenance:
        rows.append(("Provenance", [nodes.Text(record.provenance)]))
    field_list = nodes.field_list()
    for name, body in rows:
        field_list += nodes.field(
            "", nodes.field_name("", name), nodes.field_body("", _paragraph(*body))
        )
    container = nodes.container("", field_list, classes=["edition-source-description"])
    env.note_dependency(str(get_catalogue(env).path))
    return container


class source_catalogue_table(nodes.General, nodes.Element):  # noqa: N801 (docutils naming)
    """Placeholder for the catalogue table, filled when the page is written."""


class SourceCatalogueDirective(AggregateDirective):
    """List every source of the catalogue: title, author, date, outlet, genre, badges."""

    placeholder = source_catalogue_table
    aggregate = AggregatePage.SOURCE_CATALOGUE

    def run(self) -> list[nodes.Node]:
        """Leave a placeholder; read the page again when the catalogue file changes.

        The table waits for the page to be written: it needs every page's records (AI
        content, claims, notes).
        """
        catalogue = get_catalogue(self.env)
        if catalogue.missing:
            warn_missing_catalogue(self.env, catalogue, self.get_location())
        self.env.note_dependency(str(catalogue.path))
        return super().run()


def count_page_features(app: Sphinx, doctree: nodes.document) -> None:
    """Count a page's editorial notes (footnotes) and paratext blocks, for badges and stats."""
    notes = sum(1 for _ in doctree.findall(nodes.footnote))
    paratext = sum(
        1 for box in doctree.findall(nodes.container) if "edition-paratext" in box["classes"]
    )
    edition_domain(app.env).page_counts[app.env.docname] = {"notes": notes, "paratext": paratext}


def badges(env: BuildEnvironment, record: SourceRecord) -> list[str]:
    """The badges of a source wherever it is listed: AI provenance, claims, notes.

    The AI badge is the label of the page's document-scope record ("AI-generated" or
    "AI-assisted"): the edition's one wording, from its IPTC source type.
    """
    domain = edition_domain(env)
    use = domain.sources.get(record.id)
    if use is None:
        return ["no page yet"]
    labels = []
    for ai in domain.on_page("ai", use.docname):
        if ai.scope == Scope.DOCUMENT.slug and ai.source_type in AI_SOURCE_TYPES:
            labels.append(provenance_of(ai.source_type).label)
            break
    claims = len(domain.on_page("claims", use.docname))  # each id counted once
    if claims:
        labels.append(f"{claims} disputed claim{'s' if claims != 1 else ''}")
    notes = domain.page_counts.get(use.docname, {}).get("notes", 0)
    labels.append(f"{notes} note{'s' if notes != 1 else ''}")
    return labels


#: The badges that say how far a source is AI's work (classed so that they stand out).
_AI_LABELS = frozenset(p.label for p in AiProvenance)

_COLUMNS: tuple[tuple[str, int], ...] = (
    ("Source", 30),
    ("Author", 16),
    ("Published", 24),
    ("Genre", 14),
    ("Edition", 16),
)


class SourceCatalogueFiller(PageFiller):
    """Fill the catalogue tables of the page being written."""

    def has_placeholders(self) -> bool:
        """Pages with a catalogue table."""
        return edition_domain(self.env).shows(AggregatePage.SOURCE_CATALOGUE, self.docname)

    def run(self) -> None:
        """Build each table from the catalogue file and the domain's records."""
        cards = self.builder.name in ("html", "dirhtml", "singlehtml")
        for placeholder in list(self.document.findall(source_catalogue_table)):
            placeholder.replace_self(self._cards() if cards else self._table())

    def _title(self, record: SourceRecord) -> nodes.Node:
        use = edition_domain(self.env).sources.get(record.id)
        if use is None:
            return nodes.Text(record.title)
        return link_to(
            self.builder,
            self.docname,
            use.docname,
            source_anchor(record.id),
            nodes.Text(record.title),
            record.title,
        )

    def _badges(self, record: SourceRecord) -> list[nodes.Node]:
        badge_nodes: list[nodes.Node] = []
        for label in badges(self.env, record):
            classes = ["edition-badge"]
            if label in _AI_LABELS:
                classes.append("edition-badge-ai")
            if badge_nodes:
                badge_nodes.append(nodes.Text(" "))
            badge_nodes.append(nodes.inline("", label, classes=classes))
        return badge_nodes

    def _cards(self) -> nodes.container:
        """The catalogue as a grid of sphinx-design cards (HTML)."""
        grid = nodes.container(classes=["sd-container-fluid", "sd-sphinx-override", "sd-mb-4"])
        row = nodes.container(
            classes=["sd-row", "sd-row-cols-1", "sd-row-cols-sm-2", "sd-row-cols-lg-3", "sd-g-3"]
        )
        grid += row
        for record in get_catalogue(self.env):
            column = nodes.container(classes=["sd-col", "sd-d-flex-row"])
            card = nodes.container(
                classes=[
                    "sd-card",
                    "sd-sphinx-override",
                    "sd-w-100",
                    "sd-shadow-sm",
                    "edition-card",
                ]
            )
            body = nodes.container(classes=["sd-card-body"])
            title = nodes.paragraph(classes=["sd-card-title", "sd-font-weight-bold"])
            title += self._title(record)
            body += title
            for text in (
                _authors(record),
                f"{record.outlet}, {format_date(record.date)}",
                record.genre.label,
            ):
                body += nodes.paragraph("", text, classes=["sd-card-text"])
            body += nodes.paragraph("", "", *self._badges(record), classes=["sd-card-text"])
            card += body
            column += card
            row += column
        return grid

    def _table(self) -> nodes.table:
        rows = [
            (
                [self._title(record)],
                [nodes.Text(_authors(record))],
                [nodes.Text(f"{record.outlet}, {format_date(record.date)}")],
                [nodes.Text(record.genre.label)],
                self._badges(record),
            )
            for record in get_catalogue(self.env)
        ]
        return make_table(_COLUMNS, rows, classes=["edition-source-catalogue"])


def check_sources_have_pages(app: Sphinx, env: BuildEnvironment) -> None:
    """Warn about catalogue entries that no page gives the text of."""
    catalogue = get_catalogue(env)
    domain = edition_domain(env)
    for record in catalogue:
        if record.id not in domain.sources:
            warn(
                EditionWarning.CATALOGUE,
                f"source {record.id!r} has no page: no source-text block gives its text",
                f"{catalogue.path}:{record.line}",
            )


def setup_source_catalogue(app: Sphinx) -> None:
    """Register the directive and the catalogue check."""
    add_placeholder_nodes(app, source_catalogue_table)
    app.add_directive("source-catalogue", SourceCatalogueDirective)
    SourceCatalogueFiller.connect(app)
    app.connect("builder-inited", report_catalogue_problems)
    app.connect("doctree-read", count_page_features)
    app.connect("env-get-updated", run_record_checks(check_sources_have_pages))
