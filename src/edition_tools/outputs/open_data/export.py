"""The edition's open data: TEI, Web Annotations and JSON-LD, built from the doctrees.

Two builders write the exports on their own (``-b tei``, ``-b annotations``); the HTML
build writes them too, into ``data/`` of the site, so that each source page can link to
its files and the "Data" page can list them.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import SphinxDirective

from edition_tools.model.catalogue import SourceRecord
from edition_tools.model.records import GlossaryEntry, Span
from edition_tools.outputs.open_data.annotations import annotation_collection, glossary_index
from edition_tools.outputs.open_data.bibliography import bibliography_structs
from edition_tools.outputs.open_data.citations import AuthorYears
from edition_tools.outputs.open_data.history import History
from edition_tools.outputs.open_data.spans import record_spans, verbatim_text
from edition_tools.outputs.open_data.tei import (
    REGISTERS,
    registers_document,
    serialise,
    tei_document,
)
from edition_tools.store.aggregates import shown
from edition_tools.store.catalogue import get_catalogue
from edition_tools.store.domain import edition_domain

__all__ = [
    "SITE_BUILDERS",
    "ExportCache",
    "ExportedSource",
    "exported_sources",
    "setup_export",
    "write_exports",
]

DATA_DIR = "data"
#: The digests of what each export file was made from (see :class:`ExportCache`).
EXPORT_DIGESTS = "edition-exports.json"
#: Bump when the exports' form changes, so that every file is made again.
EXPORT_FORMAT = 4


@dataclass(frozen=True)
class ExportedSource:
    """A source with what the exports need: its record, file and annotation spans."""

    record: SourceRecord
    path: Path
    spans: tuple[Span, ...]

    @property
    def source_id(self) -> str:
        return self.record.id

    def text(self) -> str:
        """The verbatim text of the source file, line endings as stored."""
        return verbatim_text(self.path)


def exported_sources(env: BuildEnvironment) -> Iterator[ExportedSource]:
    """Every source with a page whose text could be read, in catalogue order."""
    catalogue = get_catalogue(env)
    domain = edition_domain(env)
    for record in catalogue:
        use = domain.sources.get(record.id)
        spans = domain.spans.get(use.docname, {}).get(record.id) if use else None
        if spans is not None:
            yield ExportedSource(record, catalogue.file_of(record), spans)


def _source_inputs(
    env: BuildEnvironment,
    source: ExportedSource,
    terms: dict[str, GlossaryEntry],
    base: str,
    bibliography: tuple[object, ...],
    revision: str,
) -> tuple[object, ...]:
    """Everything a source's TEI and annotations are made from, as plain values.

    The text of the source file stands in by its size and modification time; the
    records the spans point to by their fields (less their lines: see
    :func:`~edition_tools.store.aggregates.shown`); the works the notes cite by the
    bibliography files; the dates of the records by the repository's last commit
    (``revision``), so that a commit makes the files again with the dates it gives.
    """
    domain = edition_domain(env)
    docname = domain.sources[source.source_id].docname
    try:
        stat = source.path.stat()
    except OSError:
        return ()
    referenced: list[object] = []
    for span in source.spans:
        if span.kind == "term":
            entry = terms.get(span.target)
            referenced.append(shown(entry) if entry else None)
        elif span.kind == "event":
            event = domain.events.get(span.target)
            referenced.append(shown(event) if event else None)
        elif span.kind == "claim":
            claim = domain.claims.get(span.target)
            referenced.append(shown(claim) if claim else None)
    ai = domain.on_page("ai", docname)
    return (
        EXPORT_FORMAT,
        base,
        source.record,
        stat.st_size,
        stat.st_mtime_ns,
        source.spans,
        referenced,
        ai,
        bibliography,
        revision,
    )


def _bibliography_inputs(env: BuildEnvironment) -> tuple[object, ...]:
    """The bibliography files by their modification times, and the style."""
    bibfiles = []
    for name in getattr(env.config, "bibtex_bibfiles", None) or []:
        path = Path(env.srcdir, name)
        bibfiles.append((name, path.stat().st_mtime_ns if path.exists() else None))
    return (env.config.bibtex_default_style if bibfiles else None, *bibfiles)


def _registers_inputs(
    env: BuildEnvironment, bibliography: tuple[object, ...]
) -> tuple[object, ...]:
    """Everything ``registers.xml`` is made from (the bibliography by its files)."""
    domain = edition_domain(env)
    return (
        EXPORT_FORMAT,
        [shown(entry) for entry in domain.glossary_entries],
        sorted(shown(event) for event in domain.events.values()),
        sorted(shown(claim) for claim in domain.claims.values()),
        bibliography,
    )


class ExportCache:
    """What each export file was made from at the last build, as a digest.

    An incremental HTML build writes again only the files whose inputs changed: a note
    edited on one page remakes that source's files, an event's new date those of the
    sources that mention it, and nothing else. The digests live beside the doctrees,
    so a clean build (no ``_build``) starts afresh.
    """

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.digests: dict[str, str] = {}
        if path is not None:
            try:
                self.digests = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                self.digests = {}
        self.fresh: dict[str, str] = {}

    @staticmethod
    def digest(inputs: tuple[object, ...]) -> str:
        """A digest of ``inputs``, which are plain values; empty when there are none."""
        if not inputs:
            return ""
        return hashlib.blake2b(repr(inputs).encode("utf-8"), digest_size=16).hexdigest()

    def is_current(self, target: Path, digest: str) -> bool:
        """Whether ``target`` exists and was made from inputs with ``digest``; remembers it."""
        self.fresh[target.name] = digest
        return bool(digest) and self.digests.get(target.name) == digest and target.exists()

    def remove_stale(self, outdir: Path) -> None:
        """Remove the files of the last build that this one did not make again.

        A source dropped from the edition leaves no TEI or annotations behind; only files
        the exports wrote (those with a digest) are touched, never others in ``outdir``.
        """
        for name in sorted(self.digests.keys() - self.fresh.keys()):
            (outdir / name).unlink(missing_ok=True)

    def save(self) -> None:
        """Keep the digests of this build for the next one."""
        if self.path is not None:
            self.path.write_text(json.dumps(self.fresh, sort_keys=True), encoding="utf-8")


def write_exports(
    env: BuildEnvironment,
    outdir: Path,
    base: str,
    *,
    tei: bool,
    annotations: bool,
    cache: ExportCache | None = None,
) -> list[Path]:
    """Write the TEI files and/or the annotation collections into ``outdir``.

    With a ``cache``, only the files whose inputs changed since the last build are
    written; the others are left as they are. Returns the files written.
    """
    cache = cache or ExportCache(None)
    outdir.mkdir(parents=True, exist_ok=True)
    terms = glossary_index(env)
    author_years = AuthorYears(env)
    bibliography = _bibliography_inputs(env)
    history = History(Path(env.srcdir))
    written = []
    for source in exported_sources(env):
        # One digest for both files: the inputs of a thousand sources take a while to print.
        inputs = _source_inputs(env, source, terms, base, bibliography, history.revision)
        digest = cache.digest(inputs)
        tei_path = outdir / f"{source.source_id}.tei.xml"
        annotations_path = outdir / f"{source.source_id}.annotations.jsonld"
        wanted = [
            path
            for path, kind in ((tei_path, tei), (annotations_path, annotations))
            if kind and not cache.is_current(path, digest)
        ]
        if not wanted:
            continue
        try:
            text = source.text()
        except (OSError, UnicodeDecodeError):
            continue  # the fidelity check reports it
        if tei_path in wanted:
            document = tei_document(env, source.source_id, source.spans, text, author_years, terms)
            tei_path.write_bytes(serialise(document))
            written.append(tei_path)
        if annotations_path in wanted:
            collection = annotation_collection(
                env, source.source_id, source.spans, text, base, terms, author_years, history
            )
            # Compact: with an indent, the json module falls back to its pure-Python
            # encoder, which took most of the time of the exports.
            annotations_path.write_text(
                json.dumps(collection, ensure_ascii=False, separators=(",", ":")) + "\n",
                encoding="utf-8",
            )
            written.append(annotations_path)
    registers = outdir / REGISTERS
    if tei and not cache.is_current(registers, cache.digest(_registers_inputs(env, bibliography))):
        registers.write_bytes(serialise(registers_document(env, bibliography_structs(env))))
        written.append(registers)
    cache.remove_stale(outdir)
    cache.save()
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


#: The builders whose site carries the ``data/`` folder.
SITE_BUILDERS = ("html", "dirhtml")


def export_with_html(app: Sphinx, exception: Exception | None) -> None:
    """Write the exports into ``data/`` of the HTML site (``build-finished``)."""
    if exception is not None or app.builder.name not in SITE_BUILDERS:
        return
    base = app.config.html_baseurl or ""
    cache = ExportCache(Path(app.doctreedir) / EXPORT_DIGESTS)
    write_exports(
        app.env, Path(app.outdir) / DATA_DIR, base, tei=True, annotations=True, cache=cache
    )


def _data_link(text: str, filename: str) -> nodes.reference:
    return nodes.reference("", text, refuri=f"{DATA_DIR}/{filename}", classes=["edition-data-link"])


def absolute_data_links(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Outside the HTML site (EPUB, PDF), link the data files on the published site."""
    if app.builder.name in SITE_BUILDERS:
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
    # Late, so that the other doctree-read handlers (which wrap term references, for
    # one) have made the page what the exports read.
    app.connect("doctree-read", record_spans, priority=900)
    app.connect("build-finished", export_with_html)
    app.connect("doctree-resolved", absolute_data_links)
