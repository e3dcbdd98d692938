"""What a page's doctree may hold: node types, classes and URLs, held to allowlists.

The checks run on the doctree, not on the page's text, so that every way markup can
take into it (MyST syntax, a directive, an option, a reference definition, a toctree
entry, a bibliography field) is judged by what it made:

* when a page has been read (``doctree-read``, before Sphinx's collectors note images,
  downloads and toctrees): every node's type and classes, every URL; ``only`` blocks
  around or inside source text (the text would be missing from one format while every
  check passed); a refused node is taken out, or, if it may hold source text, replaced by
  its content, so that nothing of a source is lost and nothing refused reaches a reader;
* when a page is resolved for writing (``doctree-resolved``), the URLs again, since
  references made then (a bibliography entry's ``url``) were not there before.

The ``edition-*`` classes mark the editorial layer, paratext and the edition's records;
contributors cannot write classes (see :mod:`edition_tools.checks.security.vocabulary`), and
the check makes sure that no other markup has brought one onto a page.
"""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx

from edition_tools.checks.security.urls import LinkVerdict, browser_form, judge_link, judge_resource
from edition_tools.model.editorial import ancestors, is_editorial, source_text
from edition_tools.store.problems import warn_at
from edition_tools.warnings_ import EditionWarning

__all__ = [
    "ACTIVE_SUFFIXES",
    "ALLOWED_NODE_TYPES",
    "allowed_class",
    "check_read_doctree",
    "check_resolved_urls",
    "setup_doctree_allowlist",
]

#: Docutils and Sphinx node types a page of the edition may hold when it has been read.
#: The edition's own nodes and sphinxcontrib-bibtex's are allowed by their package.
ALLOWED_NODE_TYPES: frozenset[type[nodes.Node]] = frozenset(
    {
        nodes.Text,
        # structure
        nodes.document,
        nodes.section,
        nodes.title,
        nodes.subtitle,
        nodes.rubric,
        nodes.transition,
        nodes.paragraph,
        nodes.compound,
        nodes.container,
        nodes.block_quote,
        nodes.attribution,
        nodes.line_block,
        nodes.line,
        nodes.docinfo,
        nodes.target,
        nodes.comment,
        # lists and fields
        nodes.bullet_list,
        nodes.enumerated_list,
        nodes.list_item,
        nodes.definition_list,
        nodes.definition_list_item,
        nodes.term,
        nodes.classifier,
        nodes.definition,
        nodes.field_list,
        nodes.field,
        nodes.field_name,
        nodes.field_body,
        # tables
        nodes.table,
        nodes.tgroup,
        nodes.colspec,
        nodes.thead,
        nodes.tbody,
        nodes.row,
        nodes.entry,
        # boxes and figures
        nodes.admonition,
        nodes.note,
        nodes.warning,
        nodes.tip,
        nodes.important,
        nodes.attention,
        nodes.caution,
        nodes.danger,
        nodes.error,
        nodes.hint,
        nodes.figure,
        nodes.image,
        nodes.caption,
        nodes.legend,
        nodes.literal_block,
        # inline
        nodes.emphasis,
        nodes.strong,
        nodes.literal,
        nodes.inline,
        nodes.reference,
        nodes.footnote,
        nodes.footnote_reference,
        nodes.citation,
        nodes.citation_reference,
        nodes.label,
        nodes.title_reference,
        nodes.abbreviation,
        nodes.subscript,
        nodes.superscript,
        # problems already reported
        nodes.system_message,
        nodes.problematic,
        # Sphinx's
        addnodes.toctree,
        addnodes.glossary,
        addnodes.index,
        addnodes.only,
        addnodes.pending_xref,
        addnodes.download_reference,
        addnodes.seealso,
        addnodes.literal_strong,
        addnodes.literal_emphasis,
        addnodes.number_reference,
        addnodes.compact_paragraph,
    }
)

#: Node types whose own packages are trusted code: the edition's, sphinxcontrib-bibtex's.
_TRUSTED_NODE_PACKAGES = ("edition_tools.", "sphinxcontrib.bibtex.")

#: Node types never kept, even their content: they write into the page's head or output.
_DROPPED_NODE_TYPES = (nodes.raw, nodes.meta, nodes.pending)

#: Classes that docutils, Sphinx, MyST and sphinxcontrib-bibtex give allowed markup.
_STRUCTURAL_CLASSES = frozenset(
    {
        "xref",
        "std",
        "std-term",
        "std-doc",
        "std-ref",
        "std-numref",
        "myst",
        "cite",
        "toctree-wrapper",
        "glossary",
        "colwidths-auto",
        "colwidths-given",
        "text-left",
        "text-right",
        "text-center",
        "download",
        "epigraph",
        "simple",
        "footnotes",
        # docinfo fields are classed by name: the front-matter keys a page may set
        "orphan",
        "nosearch",
        "tocdepth",
    }
)
_STRUCTURAL_PATTERNS = re.compile(
    r"(?:foot)?cite-[a-z]+|admonition-[a-z0-9-]+|align-(?:left|right|center|top|middle|bottom)"
)

#: The edition's own classes that its directives and roles put on a page as it is read.
_EDITION_CLASSES = frozenset(
    {
        "edition-editorial",
        "edition-source-text",
        "edition-source-description",
        "edition-event",
        "edition-event-heading",
        "edition-event-title",
        "edition-event-variance",
        "edition-event-ref",
        "edition-term-ref",
        "edition-claim",
        "edition-claim-label",
        "edition-claim-text",
        "edition-author-note",
        "edition-author-note-label",
        "edition-paratext",
        "edition-paratext-label",
        "edition-disputed",
        "edition-disputed-fields",
        "edition-ai-content",
        "edition-ai-fields",
        "edition-data-files",
        "edition-data-link",
        "edition-warning-types",
        "warning",  # an AI record is a warning box
    }
)
#: Families of the edition's classes named after a record's level, kind or scope.
_EDITION_PATTERNS = re.compile(r"edition-(?:disputed|claim|paratext|ai)-[a-z0-9-]+")

#: File types that run script when opened from the edition's own origin.
ACTIVE_SUFFIXES = frozenset(
    {".html", ".htm", ".xhtml", ".xht", ".shtml", ".xml", ".xsl", ".xslt", ".svg", ".svgz",
     ".js", ".mjs", ".swf", ".mht", ".mhtml"}
)  # fmt: skip
#: A link to a page of the edition ends in .html; any other active file is refused.
_ACTIVE_LINK_SUFFIXES = ACTIVE_SUFFIXES - {".html"}
#: Image types a page may show (an SVG is shown as an image, where it runs nothing; the
#: file itself is checked when it is copied into the output).
IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".svg"})


def allowed_class(name: str) -> bool:
    """Whether a page may carry the class ``name`` when it has been read."""
    return (
        name in _STRUCTURAL_CLASSES
        or name in _EDITION_CLASSES
        or bool(_STRUCTURAL_PATTERNS.fullmatch(name))
        or bool(_EDITION_PATTERNS.fullmatch(name))
    )


def _allowed_type(node: nodes.Node) -> bool:
    kind = type(node)
    return kind in ALLOWED_NODE_TYPES or kind.__module__.startswith(_TRUSTED_NODE_PACKAGES)


def _refuse(app: Sphinx, node: nodes.Node, message: str, docname: str | None = None) -> None:
    """Warn at ``node``'s line, or its nearest ancestor's, in the page being checked.

    Nodes that transforms made often have no line; the warning still names the page.
    """
    line = None
    current: nodes.Node | None = node
    while current is not None and line is None:
        line = current.line
        current = current.parent
    source = node.source or (current.source if current is not None else None)
    if source and line:
        location: object = f"{source}:{line}"
    else:
        location = (docname or app.env.docname, line)
    warn_at(app.env, EditionWarning.UNTRUSTED, message, location)


def _unwrap(node: nodes.Element) -> None:
    """Put ``node``'s content in its place: no text of it is lost."""
    for child in node.children:  # they keep the place the node was found at
        if isinstance(child, nodes.Element) and child.line is None:
            child.source, child.line = node.source, node.line
    _put_in_place(node, list(node.children))


def _put_in_place(node: nodes.Element, replacements: list[nodes.Node]) -> None:
    """Replace ``node`` by ``replacements``.

    By slice: ``replace_self`` refuses to drop the node's ids and classes.
    """
    parent = node.parent
    if parent is not None:
        index = parent.index(node)
        parent[index : index + 1] = replacements


#: What the text of a source may be made of, outside the editorial matter in it: its
#: blocks and the edition's marks on its words. A box, a table, a figure or a list item
#: around source words would give them a label or a frame the source does not have.
SOURCE_TEXT_NODE_TYPES: frozenset[type[nodes.Node]] = frozenset(
    {
        nodes.Text,
        nodes.paragraph,
        nodes.rubric,
        nodes.inline,
        nodes.emphasis,
        nodes.strong,
        nodes.literal,
        nodes.target,
        nodes.container,  # the edition's paratext only: classes are checked too
        addnodes.pending_xref,
        nodes.problematic,  # markup the parser could not read, reported where it is
    }
)
#: The cross-references whose words stay those written (a glossary term, an event, a
#: claim):
#: ``{ref}`` or ``{doc}`` without a title would show their target's title instead.
SOURCE_TEXT_REFERENCES = frozenset({"term", "event", "claim"})


def _check_source_text(app: Sphinx, text: nodes.Element) -> None:
    """Refuse markup inside a source's text that is not made of its words alone."""
    for node in list(text.findall(nodes.Element, include_self=False)):
        if node.parent is None or any(is_editorial(a) for a in (node, *ancestors(node))):
            continue
        kind = type(node)
        if kind.__module__.startswith(_TRUSTED_NODE_PACKAGES):
            continue
        if kind not in SOURCE_TEXT_NODE_TYPES:
            _refuse(
                app,
                node,
                f"markup of type {kind.__name__!r} is not allowed in a source's text: it "
                "would frame or label the source's words",
            )
            if isinstance(node, nodes.TextElement):
                # Its words stay a block of their own, which the fidelity check reads.
                _swap(node, nodes.paragraph("", "", *node.children))
            else:
                _unwrap(node)
        elif isinstance(node, nodes.container) and "edition-paratext" not in node["classes"]:
            _refuse(app, node, "a container is not allowed in a source's text")
            _unwrap(node)
        elif (
            isinstance(node, addnodes.pending_xref)
            and node.get("reftype") not in SOURCE_TEXT_REFERENCES
        ):
            _refuse(
                app,
                node,
                f"a {node.get('reftype')!r} cross-reference is not allowed in a source's text: "
                "its words could change to another's (use {term}, {event} or {claim})",
            )
            node.replace_self(nodes.inline("", "", *node.children))


def _swap(node: nodes.Element, replacement: nodes.Element) -> None:
    """Put ``replacement`` in ``node``'s place, at its line."""
    replacement.source = node.source
    parent_line = node.parent.line if node.parent is not None else None
    replacement.line = node.line if node.line is not None else parent_line
    _put_in_place(node, [replacement])


def _in_or_around_source_text(node: nodes.Element) -> bool:
    parent = node.parent
    while parent is not None:
        if isinstance(parent, source_text):
            return True
        parent = parent.parent
    return next(iter(node.findall(source_text)), None) is not None


def _active_file_of_the_edition(app: Sphinx, url: str, docname: str | None) -> bool:
    """Whether ``url`` links to a file under ``docs/`` that would run script if opened.

    Files the build makes (the open-data exports) are not under ``docs/``; pages are
    linked as ``.html``, and a ``.html`` file under ``docs/`` is refused by the audit of
    what is copied into the output.
    """
    if _suffix(url) not in _ACTIVE_LINK_SUFFIXES:
        return False
    path = browser_form(url).split("#", 1)[0].split("?", 1)[0]
    target = app.env.relfn2path(path, docname or app.env.docname)[1]
    return Path(target).exists()


def _suffix(url: str) -> str:
    return PurePosixPath(browser_form(url).split("#", 1)[0].split("?", 1)[0]).suffix.lower()


def check_read_doctree(app: Sphinx, doctree: nodes.document) -> None:
    """Hold a page just read to the allowlists (``doctree-read``, before the collectors)."""
    for node in list(doctree.findall(nodes.Element)):
        if node.parent is None and node is not doctree:
            continue  # already taken out with an ancestor
        if isinstance(node, _DROPPED_NODE_TYPES):
            _refuse(app, node, f"a {type(node).__name__} node is not allowed in the edition")
            node.parent.remove(node)
            continue
        if not _allowed_type(node):
            _refuse(
                app, node, f"markup of type {type(node).__name__!r} is not allowed in the edition"
            )
            _unwrap(node)
            continue
        refused = [name for name in node["classes"] if not allowed_class(name)]
        if refused:
            _refuse(app, node, f"the class(es) {', '.join(refused)} are not allowed here")
            node["classes"] = [name for name in node["classes"] if name not in refused]
        if isinstance(node, addnodes.only) and _in_or_around_source_text(node):
            _refuse(
                app,
                node,
                "an only block may not hold or sit in source text: every format shows all "
                "of a source",
            )
            _unwrap(node)
            continue
        _check_urls_of(app, node)
    for text in list(doctree.findall(source_text)):
        _check_source_text(app, text)


def _check_urls_of(app: Sphinx, node: nodes.Element, docname: str | None = None) -> None:
    """Refuse the URLs of one node: links, images, downloads, toctree entries."""
    if isinstance(node, nodes.reference | nodes.target) and "refuri" in node:
        refuri = node["refuri"]
        verdict = judge_link(refuri)
        if verdict is LinkVerdict.REFUSED or (
            verdict is LinkVerdict.RELATIVE and _active_file_of_the_edition(app, refuri, docname)
        ):
            _refuse(
                app,
                node,
                f"a link to {refuri!r} is not allowed: http, https and mailto links, and "
                "links to pages and passive files of the edition",
                docname,
            )
            if isinstance(node, nodes.reference):
                node.replace_self(nodes.inline("", "", *node.children))
            else:
                del node["refuri"]
    elif isinstance(node, nodes.image):
        _check_image(app, node, docname)
    elif isinstance(node, addnodes.download_reference):
        target = node.get("reftarget", "")
        if judge_resource(target) is LinkVerdict.REFUSED or _suffix(target) in ACTIVE_SUFFIXES:
            _refuse(
                app,
                node,
                f"a download of {target!r} is not allowed: a file of the edition, of a "
                "type that runs nothing (not HTML, XML, SVG or script)",
                docname,
            )
            node.replace_self(nodes.inline("", "", *node.children))
    elif isinstance(node, addnodes.toctree):
        kept = []
        for title, ref in node["entries"]:
            if ref != "self" and "://" in ref and judge_link(ref) is LinkVerdict.REFUSED:
                _refuse(app, node, f"a toctree entry linking to {ref!r} is not allowed", docname)
                continue
            kept.append((title, ref))
        node["entries"] = kept


def _check_image(app: Sphinx, node: nodes.image, docname: str | None = None) -> None:
    uri = node.get("uri", "")
    if judge_resource(uri) is LinkVerdict.REFUSED:
        message = f"an image from {uri!r} is not allowed: images are files of the edition"
        _refuse(app, node, message, docname)
    elif _suffix(uri) not in IMAGE_SUFFIXES:
        kind = _suffix(uri) or "unknown"
        shown = ", ".join(sorted(IMAGE_SUFFIXES))
        _refuse(app, node, f"an image of type {kind!r} is not allowed ({shown})", docname)
    else:
        return
    if node.parent is not None:
        node.parent.remove(node)


def check_resolved_urls(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Refuse the URLs made while the page was resolved (``doctree-resolved``)."""
    for node in list(doctree.findall(nodes.Element)):
        if isinstance(node, nodes.reference | nodes.image | addnodes.download_reference):
            _check_urls_of(app, node, docname)


def setup_doctree_allowlist(app: Sphinx) -> None:
    """Connect the checks, and order them.

    When a page is read: after the files from outside docs/ are refused (400), before
    Sphinx's collectors note images and downloads (500). When it is resolved: last.
    """
    app.connect("doctree-read", check_read_doctree, priority=450)
    app.connect("doctree-resolved", check_resolved_urls, priority=900)
