"""The ``edition`` domain: where the extension keeps what it learns while reading pages.

Records are plain frozen values (docname, line, id), never nodes, kept per document so
that :meth:`EditionDomain.clear_doc` forgets a page that is read again and
:meth:`EditionDomain.merge_domaindata` joins what parallel readers found.
"""

from __future__ import annotations

from collections.abc import Iterable, Set
from dataclasses import dataclass
from typing import Any, ClassVar, cast

from docutils import nodes
from docutils.nodes import Element
from sphinx.addnodes import pending_xref
from sphinx.builders import Builder
from sphinx.domains import Domain, ObjType
from sphinx.environment import BuildEnvironment
from sphinx.roles import XRefRole
from sphinx.util.nodes import make_refnode
from sphinx.util.typing import RoleFunction

from edition_tools.warnings_ import EditionWarning, warn

__all__ = ["EditionDomain", "SourceUse", "source_anchor"]


def source_anchor(source_id: str) -> str:
    """The HTML id of the ``source-text`` block of source ``source_id``."""
    return f"source-{source_id}"


@dataclass(frozen=True, slots=True)
class SourceUse:
    """A ``source-text`` block: which source, on which page, at which line."""

    source_id: str
    docname: str
    line: int
    title: str


class EditionDomain(Domain):
    """Stores the edition's records and resolves ``{edition:source}`` references."""

    name = "edition"
    label = "Edition"
    object_types: ClassVar[dict[str, ObjType]] = {"source": ObjType("source", "source")}
    roles: ClassVar[dict[str, RoleFunction | XRefRole]] = {"source": XRefRole()}
    initial_data: ClassVar[dict[str, Any]] = {"sources": {}}
    # Bump when the shape of the stored records changes, so old pickles are dropped.
    data_version = 1

    @property
    def sources(self) -> dict[str, SourceUse]:
        """Source id to the ``source-text`` block that carries it."""
        return cast(dict[str, SourceUse], self.data["sources"])

    def note_source(self, use: SourceUse) -> None:
        """Record a ``source-text`` block; warn if the source already has a page."""
        known = self.sources.get(use.source_id)
        if known is not None:
            warn(
                EditionWarning.SOURCE_TEXT,
                f"source {use.source_id!r} is already given in {known.docname!r} "
                f"at line {known.line}; a source has one source-text block",
                (use.docname, use.line),
            )
            return
        self.sources[use.source_id] = use

    def clear_doc(self, docname: str) -> None:
        """Forget the records of ``docname``, which is about to be read again."""
        for source_id, use in list(self.sources.items()):
            if use.docname == docname:
                del self.sources[source_id]

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        """Take over the records a parallel reader found for ``docnames``."""
        for use in cast(dict[str, SourceUse], otherdata["sources"]).values():
            if use.docname in docnames:
                self.note_source(use)

    def resolve_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        typ: str,
        target: str,
        node: pending_xref,
        contnode: Element,
    ) -> nodes.reference | None:
        """Resolve ``{edition:source}`id``` to the page of that source."""
        use = self.sources.get(target) if typ == "source" else None
        if use is None:
            return None
        return make_refnode(
            builder, fromdocname, use.docname, source_anchor(use.source_id), contnode, use.title
        )

    def resolve_any_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        target: str,
        node: pending_xref,
        contnode: Element,
    ) -> list[tuple[str, nodes.reference]]:
        """Resolve ``{any}`` references to sources."""
        ref = self.resolve_xref(env, fromdocname, builder, "source", target, node, contnode)
        return [] if ref is None else [("edition:source", ref)]

    def get_objects(self) -> Iterable[tuple[str, str, str, str, str, int]]:
        """List the sources for the object inventory, sorted for reproducible output."""
        for use in sorted(self.sources.values(), key=lambda u: u.source_id):
            yield (use.source_id, use.title, "source", use.docname, source_anchor(use.source_id), 1)
