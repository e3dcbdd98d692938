"""The source catalogue in the build: loading, validation, and the ``source-catalogue`` list.

The catalogue file is read once per build process (and again only when it changes on
disk); its problems are reported once, when the builder starts. Pages that show catalogue
data record it as a dependency, so editing the catalogue rereads them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import SphinxDirective

from edition_tools.catalogue import UNKNOWN, Catalogue, SourceRecord, load_catalogue
from edition_tools.config import catalogue_path
from edition_tools.dates import format_date
from edition_tools.warnings_ import EditionWarning, warn

__all__ = [
    "SourceCatalogueDirective",
    "get_catalogue",
    "setup_source_catalogue",
    "source_description",
]


@dataclass(frozen=True, slots=True)
class _CachedCatalogue:
    stamp: tuple[int, int]
    catalogue: Catalogue


# A cache of one parsed file, keyed by its path and (mtime, size): not per-document state,
# so it is safe in parallel builds (each process fills its own).
_cache: dict[Path, _CachedCatalogue] = {}


def get_catalogue(env: BuildEnvironment) -> Catalogue:
    """The catalogue of this build, read from disk only when the file changed."""
    path = catalogue_path(env)
    try:
        stat = path.stat()
        stamp = (stat.st_mtime_ns, stat.st_size)
    except OSError:
        stamp = (-1, -1)
    cached = _cache.get(path)
    if cached is None or cached.stamp != stamp:
        cached = _CachedCatalogue(stamp, load_catalogue(path))
        _cache[path] = cached
    return cached.catalogue


def report_catalogue_problems(app: Sphinx) -> None:
    """Warn about every problem of the catalogue, at its line in the catalogue file."""
    catalogue = get_catalogue(app.env)
    for problem in catalogue.problems:
        warn(EditionWarning.CATALOGUE, problem.message, f"{catalogue.path}:{problem.line}")


def _paragraph(*children: nodes.Node) -> nodes.paragraph:
    return nodes.paragraph("", "", *children)


def _authors(record: SourceRecord) -> str:
    return "; ".join(record.authors) if record.authors else "author unknown"


def source_description(record: SourceRecord, env: BuildEnvironment) -> nodes.Element:
    """A field list describing ``record``: who, where, when, what kind, which file."""
    url: nodes.Node = (
        nodes.reference(record.url, record.url, refuri=record.url)
        if record.url and record.url != UNKNOWN
        else nodes.Text("unknown")
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
    if record.copy_url and record.copy_url != record.url:
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


def _source_link(record: SourceRecord) -> nodes.Node:
    """A reference to the page carrying ``record``'s text, resolved by the domain."""
    xref = addnodes.pending_xref(
        "",
        nodes.inline("", record.title),
        refdomain="edition",
        reftype="source",
        reftarget=record.id,
        refexplicit=True,
        refwarn=True,
    )
    return xref


class SourceCatalogueDirective(SphinxDirective):
    """List every source of the catalogue: title, author, date, outlet, genre."""

    has_content = False
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {}

    _COLUMNS: ClassVar[tuple[tuple[str, int], ...]] = (
        ("Source", 34),
        ("Author", 18),
        ("Published", 28),
        ("Genre", 20),
    )

    def run(self) -> list[nodes.Node]:
        """Build the table from the catalogue file."""
        catalogue = get_catalogue(self.env)
        self.env.note_dependency(str(catalogue.path))
        table = nodes.table(classes=["edition-source-catalogue"])
        self.set_source_info(table)
        group = nodes.tgroup(cols=len(self._COLUMNS))
        table += group
        for _name, width in self._COLUMNS:
            group += nodes.colspec(colwidth=width)
        header = nodes.row()
        for name, _width in self._COLUMNS:
            header += nodes.entry("", _paragraph(nodes.Text(name)))
        group += nodes.thead("", header)
        body = nodes.tbody()
        for record in catalogue:
            row = nodes.row()
            cells: list[nodes.Node] = [
                _source_link(record),
                nodes.Text(_authors(record)),
                nodes.Text(f"{record.outlet}, {format_date(record.date)}"),
                nodes.Text(record.genre.label),
            ]
            for cell in cells:
                row += nodes.entry("", _paragraph(cell))
            body += row
        group += body
        return [table]


def setup_source_catalogue(app: Sphinx) -> None:
    """Register the directive and the catalogue check."""
    app.add_directive("source-catalogue", SourceCatalogueDirective)
    app.connect("builder-inited", report_catalogue_problems)
