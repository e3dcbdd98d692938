"""The edition's open data: TEI, Web Annotations and JSON-LD, built from the doctrees.

Two builders write the exports on their own (``-b tei``, ``-b annotations``); the HTML
build writes them too, into ``data/`` of the site, so that each source page can link to
its files and the "Data" page can list them.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from collections.abc import Set as AbstractSet
from pathlib import Path
from typing import Any, ClassVar

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import SphinxDirective

from edition_tools.bibliography import bibtex_domain
from edition_tools.domain import edition_domain
from edition_tools.open_data.annotations import annotation_collection
from edition_tools.open_data.spans import Span, source_spans
from edition_tools.open_data.tei import REGISTERS, registers_document, serialise, tei_document
from edition_tools.source_catalogue import get_catalogue
from edition_tools.source_text import source_text

__all__ = ["ExportedSource", "exported_sources", "setup_export", "write_exports"]

DATA_DIR = "data"


class ExportedSource:
    """A source with what the exports need: its record, text and annotation spans."""

    def __init__(self, source_id: str, text: str, spans: list[Span]) -> None:
        self.source_id = source_id
        self.text = text
        self.spans = spans


def exported_sources(env: BuildEnvironment) -> Iterator[ExportedSource]:
    """Every source with a page, in catalogue order."""
    catalogue = get_catalogue(env)
    domain = edition_domain(env)
    for record in catalogue:
        use = domain.sources.get(record.id)
        if use is None:
            continue
        try:
            text = catalogue.file_of(record).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        doctree = env.get_doctree(use.docname)
        container = next(
            (n for n in doctree.findall(source_text) if n.get("source") == record.id), None
        )
        if container is None:
            continue
        yield ExportedSource(record.id, text, source_spans(doctree, container, text))


def _bibliography(env: BuildEnvironment) -> dict[str, str]:
    """Every work of the bibliography, formatted as plain text."""
    domain = bibtex_domain(env)
    if domain is None:
        return {}
    from pybtex.plugin import find_plugin

    style = find_plugin("pybtex.style.formatting", env.config.bibtex_default_style)()
    entries = list(domain.bibdata.data.entries.values())
    return {entry.key: entry.text.render_as("text") for entry in style.format_entries(entries)}


def write_exports(
    env: BuildEnvironment, outdir: Path, base: str, *, tei: bool, annotations: bool
) -> list[Path]:
    """Write the TEI files and/or the annotation collections into ``outdir``."""
    outdir.mkdir(parents=True, exist_ok=True)
    written = []
    for source in exported_sources(env):
        if tei:
            path = outdir / f"{source.source_id}.tei.xml"
            path.write_bytes(
                serialise(tei_document(env, source.source_id, source.spans, source.text))
            )
            written.append(path)
        if annotations:
            path = outdir / f"{source.source_id}.annotations.jsonld"
            collection = annotation_collection(
                env, source.source_id, source.spans, source.text, base
            )
            path.write_text(
                json.dumps(collection, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
            )
            written.append(path)
    if tei:
        path = outdir / REGISTERS
        path.write_bytes(serialise(registers_document(env, _bibliography(env))))
        written.append(path)
    return written


class _ExportBuilder(Builder):
    """Common ground of the export builders: every page is read, nothing per page written."""

    format = "xml"
    epilog = "The exports are in %(outdir)s."
    tei = False
    annotations = False

    def get_outdated_docs(self) -> str:
        return "all sources"

    def get_target_uri(self, docname: str, typ: str | None = None) -> str:
        return docname

    def prepare_writing(self, docnames: AbstractSet[str]) -> None:
        pass

    def write_doc(self, docname: str, doctree: nodes.document) -> None:
        pass

    def finish(self) -> None:
        base = self.config.html_baseurl or ""
        write_exports(self.env, Path(self.outdir), base, tei=self.tei, annotations=self.annotations)


class TeiBuilder(_ExportBuilder):
    """``-b tei``: one TEI P5 document per source, and ``registers.xml``."""

    name = "tei"
    tei = True


class AnnotationsBuilder(_ExportBuilder):
    """``-b annotations``: one W3C Web Annotation collection (JSON-LD) per source."""

    name = "annotations"
    format = "json"
    annotations = True


def export_with_html(app: Sphinx, exception: Exception | None) -> None:
    """Write the exports into ``data/`` of the HTML site (``build-finished``)."""
    if exception is not None or app.builder.name not in ("html", "dirhtml"):
        return
    base = app.config.html_baseurl or ""
    write_exports(app.env, Path(app.outdir) / DATA_DIR, base, tei=True, annotations=True)


def _data_link(text: str, filename: str) -> nodes.reference:
    return nodes.reference("", text, refuri=f"{DATA_DIR}/{filename}", classes=["edition-data-link"])


def absolute_data_links(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Outside the HTML site (EPUB, PDF), link the data files on the published site."""
    if app.builder.name in ("html", "dirhtml"):
        return
    base = app.config.html_baseurl or ""
    for reference in doctree.findall(nodes.reference):
        if "edition-data-link" in reference["classes"] and base:
            reference["refuri"] = base + reference["refuri"]


class DataFilesDirective(SphinxDirective):
    """``{edition-data-files}``: the export files of every source, as links."""

    has_content = False
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {}

    def run(self) -> list[nodes.Node]:
        """A list: each source's TEI and annotations, then the registers."""
        catalogue = get_catalogue(self.env)
        self.env.note_dependency(str(catalogue.path))
        listing = nodes.bullet_list(classes=["edition-data-files"])
        for record in catalogue:
            item = nodes.paragraph("", f"{record.title}: ")
            item += _data_link("TEI XML", f"{record.id}.tei.xml")
            item += nodes.Text(" · ")
            item += _data_link("Web Annotations", f"{record.id}.annotations.jsonld")
            listing += nodes.list_item("", item)
        registers = nodes.paragraph("", "Registers (glossary, events, claims, bibliography): ")
        registers += _data_link(REGISTERS, REGISTERS)
        listing += nodes.list_item("", registers)
        return [listing]


def setup_export(app: Sphinx) -> None:
    """Register the builders, the data-files directive and the HTML exports."""
    app.add_directive("edition-data-files", DataFilesDirective)
    app.add_builder(TeiBuilder)
    app.add_builder(AnnotationsBuilder)
    app.connect("build-finished", export_with_html)
    app.connect("doctree-resolved", absolute_data_links)
