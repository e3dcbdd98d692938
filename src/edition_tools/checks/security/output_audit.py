"""An audit of what readers receive: every written page and every copied file, after a build.

The checks of pages and doctrees look at what a contributor wrote; this one looks at what
MyST, docutils, Sphinx, the extensions and the theme made of it, so a way into the output
that no earlier check knows about is still caught. It runs at ``build-finished`` for the
HTML builders (html, dirhtml, singlehtml, epub), and each finding is an
``edition.hostile`` warning at the source page it came from, so ``-W`` fails the build.
The pages are audited when they are written with the edition's theme (or Sphinx's EPUB
theme), whose output the allowlists describe; the copied files always.

Each rule is an allowlist: the elements and attributes the edition writes today; scripts
only the theme's, Sphinx's and the extensions' own files in ``_static`` (and
``searchindex.js``), plus JSON-LD data blocks; URLs http, https, mailto or relative, and
resources (scripts, images, style sheets, icons) from the edition's own origin; no meta
refresh; no ``@import``, ``expression()`` or other-origin ``url()`` in styles. Copied
files: see :mod:`.active_files`.

The pages are read with selectolax's Lexbor parser, with scripting on: Lexbor
implements the WHATWG parsing algorithm as browsers do (entity decoding, ``<noscript>``
and foreign content, misnested tags), so the tree audited is the tree a browser builds,
and a string trick that fools a regular expression does not fool it. html5lib follows the
same algorithm but in pure Python it is about fifty times slower, and has no scripting
flag (``<noscript>`` is then read the way a browser without script reads it). On the
real edition the whole audit costs well under a tenth of a second, against a build of
about nine; it reads every page in the output, not only those written in this run, so a
page refused once is refused again by the next incremental build.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Collection, Iterable
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode
from sphinx.application import Sphinx

from edition_tools.checks.security.active_files import Finding, audit_file, css_problems, names
from edition_tools.checks.security.urls import LinkVerdict, browser_form, judge_link, judge_resource
from edition_tools.warnings_ import EditionWarning, warn

__all__ = [
    "Finding",
    "audit_html",
    "audit_output",
    "default_scripts",
    "setup_output_audit",
]


#: The elements Sphinx, docutils, the extensions and the theme write today, in any of
#: the HTML builders; a page holding anything else is refused.
ALLOWED_ELEMENTS = names(
    """
    html head meta title link script body noscript header nav main footer section
    article aside div span p h1 h2 h3 h4 h5 h6 a em strong b i u s small sub sup code
    kbd samp var abbr cite dfn mark q del ins time br hr wbr pre blockquote figure
    figcaption img ul ol li dl dt dd table caption colgroup col thead tbody tfoot tr th
    td details summary form label input button
    """
)
#: ``hidden``: the theme writes the editorial-layer switch hidden, for its script to show.
_GLOBAL_ATTRIBUTES = frozenset(
    {"id", "class", "title", "lang", "dir", "role", "style", "tabindex", "hidden"}
)
_ELEMENT_ATTRIBUTES: dict[str, frozenset[str]] = {
    "html": frozenset({"data-content_root", "xmlns", "xmlns:epub", "xml:lang"}),
    "meta": frozenset({"charset", "name", "content", "property", "http-equiv"}),
    "link": frozenset({"rel", "href", "type", "media", "sizes", "hreflang"}),
    "script": frozenset({"src", "type", "defer", "async"}),
    "a": frozenset({"href", "rel", "hreflang", "type", "aria-current", "download"}),
    "form": frozenset({"action", "method"}),
    "input": frozenset(
        {
            "type",
            "name",
            "value",
            "placeholder",
            "autocomplete",
            "autocorrect",
            "autocapitalize",
            "spellcheck",
            "checked",
        }
    ),
    "button": frozenset({"type", "name", "value"}),
    "label": frozenset({"for"}),
    "img": frozenset({"src", "srcset", "sizes", "alt", "width", "height", "loading", "decoding"}),
    "td": frozenset({"colspan", "rowspan", "headers"}),
    "th": frozenset({"colspan", "rowspan", "headers", "scope", "abbr"}),
    "col": frozenset({"span", "width"}),
    "colgroup": frozenset({"span", "width"}),
    "ol": frozenset({"start", "reversed", "type"}),
    "li": frozenset({"value"}),
    "details": frozenset({"open"}),
    "blockquote": frozenset({"cite"}),
    "q": frozenset({"cite"}),
    "del": frozenset({"cite", "datetime"}),
    "ins": frozenset({"cite", "datetime"}),
    "time": frozenset({"datetime"}),
    "nav": frozenset({"epub:type"}),
    "section": frozenset({"epub:type"}),
    "aside": frozenset({"epub:type"}),
}
#: Attributes whose value is a URL, in HTML or in foreign content.
URL_ATTRIBUTES = names(
    """
    href src srcset action formaction poster data cite xlink:href background ping
    longdesc usemap manifest codebase classid archive profile lowsrc dynsrc icon
    imagesrcset xml:base
    """
)
# URLs a reader follows by choice; every other URL attribute loads something by itself.
_FOLLOWED = frozenset(
    {("a", "href"), ("blockquote", "cite"), ("q", "cite"), ("del", "cite"), ("ins", "cite")}
)
_LINK_RELATIONS = names(
    """
    canonical index search next prev author copyright license help alternate up first
    last top contents glossary bookmark
    """
)
_RESOURCE_RELATIONS = frozenset({"stylesheet", "icon", "shortcut", "apple-touch-icon"})
_ALLOWED_HTTP_EQUIV = frozenset({"content-security-policy", "content-type"})
_INPUT_TYPES = frozenset({"text", "search", "submit", "radio", "checkbox"})
_SCRIPT_TYPES = frozenset({"", "text/javascript"})
_BASE = "https://edition.invalid/"
# The search page as each builder names it (dirhtml: "search/", and "#" on that page).
_SEARCH_PATHS = frozenset({"/search.html", "/search/", "/search", "/search/index.html"})
_STATIC = "_static"


@functools.cache
def default_scripts() -> frozenset[str]:
    """The script files the theme, Sphinx and the extensions the edition uses may install."""
    import sphinx

    theme_static = Path(__file__).parents[2] / "outputs" / "html" / "theme" / "edition" / "static"
    folders = [
        Path(sphinx.__file__).parent / "themes" / "basic" / "static",
        Path(sphinx.__file__).parent / "search" / "minified-js",
        Path(sphinx.__file__).parent / "search" / "non-minified-js",
        theme_static,
    ]
    names = {"documentation_options.js", "language_data.js", "translations.js", "_stemmer.js"}
    names |= {"design-tabs.js"}  # sphinx-design's tabs
    for folder in folders:
        if folder.is_dir():
            names |= {p.name.removesuffix(".jinja").removesuffix("_t") for p in folder.iterdir()}
    return frozenset(name for name in names if name.endswith(".js"))


def _tag_excerpt(node: LexborNode) -> str:
    """The opening tag of ``node``, on one line, shortened."""
    markup = node.html or ""
    end = markup.find(">")
    tag = markup[: end + 1] if end >= 0 else markup
    line = " ".join(tag.split())
    return line if len(line) <= 120 else line[:119] + "…"


class _PageAudit:
    """The findings of one page, gathered in one walk over its tree."""

    def __init__(self, page: str, scripts: Collection[str]) -> None:
        self.base = urljoin(_BASE, page)
        self.scripts = scripts
        self.findings: list[Finding] = []

    def add(self, what: str, node: LexborNode, needle: str = "") -> None:
        """Record a finding about ``node``."""
        self.findings.append(Finding(what, _tag_excerpt(node), needle or f"<{node.tag}"))

    def same_origin_path(self, url: str) -> str | None:
        """The path ``url`` loads on the edition's origin, or ``None`` if another origin."""
        if judge_resource(url) is not LinkVerdict.RELATIVE:
            return None
        resolved = urlsplit(urljoin(self.base, browser_form(url)))
        return resolved.path if resolved.netloc == urlsplit(_BASE).netloc else None

    def walk(self, root: LexborNode) -> None:
        """Check every element under ``root``."""
        for node in root.traverse():
            tag = node.tag or ""
            if tag.startswith("-"):  # the document, comments
                continue
            if tag not in ALLOWED_ELEMENTS:
                self.add(f"a <{tag}> element, which the edition never writes", node)
                continue
            attributes = node.attributes
            self.attributes(node, tag, attributes)
            check = getattr(self, f"element_{tag}", None)
            if check is not None:
                check(node, attributes)

    def attributes(self, node: LexborNode, tag: str, attributes: dict[str, str | None]) -> None:
        """Check each attribute of ``node``: the allowlist, URLs, styles."""
        own = _ELEMENT_ATTRIBUTES.get(tag, frozenset())
        for name, value in attributes.items():
            key = name.lower()
            if key.startswith("on"):
                self.add(f"an event-handler attribute ({name})", node, name)
                continue
            if not (key in _GLOBAL_ATTRIBUTES or key in own or key.startswith(("aria-", "data-"))):
                self.add(f"an attribute the edition never writes ({name})", node, name)
                continue
            if value is None:
                continue
            if key in URL_ATTRIBUTES:
                self.url(node, tag, key, value)
            elif key == "style":
                for what, target in css_problems(value):
                    self.add(f"{what} in a style attribute", node, target)

    def url(self, node: LexborNode, tag: str, key: str, value: str) -> None:
        """Check a URL attribute: a scheme of the allowlist, and resources from this origin."""
        urls = [part.split()[0] for part in value.split(",") if part.split()]
        if key not in {"srcset", "imagesrcset"}:
            urls = [value]
        resource = (tag, key) not in _FOLLOWED and not (
            tag == "link" and _relations(node) <= _LINK_RELATIONS
        )
        if tag == "form" and key == "action":
            resource = False
        for url in urls:
            if judge_link(url) is LinkVerdict.REFUSED:
                self.add(f"a {key} URL with a scheme the edition refuses", node, value)
            elif resource and judge_resource(url) is not LinkVerdict.RELATIVE:
                self.add(f"a resource from another origin ({key})", node, value)

    def element_meta(self, node: LexborNode, attributes: dict[str, str | None]) -> None:
        """Only the two inert kinds of ``http-equiv``; never a refresh."""
        equiv = attributes.get("http-equiv")
        if equiv is None and "http-equiv" not in attributes:
            return
        kind = (equiv or "").strip().lower()
        if kind == "refresh":
            self.add("a meta refresh", node, "refresh")
        elif kind not in _ALLOWED_HTTP_EQUIV:
            self.add(f"a meta http-equiv the edition never writes ({kind})", node, "http-equiv")

    def element_link(self, node: LexborNode, attributes: dict[str, str | None]) -> None:
        """Only relations that name a page or load a style sheet or icon."""
        unknown = _relations(node) - _LINK_RELATIONS - _RESOURCE_RELATIONS
        if unknown or not _relations(node):
            shown = " ".join(sorted(unknown)) or "none"
            self.add(f"a <link> relation the edition never writes ({shown})", node, "<link")

    def element_script(self, node: LexborNode, attributes: dict[str, str | None]) -> None:
        """External scripts of the theme and Sphinx only, and JSON-LD data blocks."""
        kind = (attributes.get("type") or "").strip().lower()
        text = node.text(deep=True)
        if kind == "application/ld+json" and "src" not in attributes:
            try:
                json.loads(text)
            except ValueError:
                self.add("a JSON-LD block that is not JSON", node, "ld+json")
            return
        if kind not in _SCRIPT_TYPES:
            self.add(f"a script of a type the edition never writes ({kind})", node, kind)
            return
        src = attributes.get("src")
        if src is None:
            self.add("an inline script", node, text.strip()[:40] or "<script")
            return
        if text.strip():
            self.add("a script with both a file and inline code", node, "<script")
        path = self.same_origin_path(src)
        parts = PurePosixPath(path or "/").parts
        allowed = path == "/searchindex.js" or (
            len(parts) == 3 and parts[1] == _STATIC and parts[2] in self.scripts
        )
        if not allowed:
            self.add("a script that is not the theme's or Sphinx's", node, src)

    def element_form(self, node: LexborNode, attributes: dict[str, str | None]) -> None:
        """Only the theme's search form: GET to the edition's search page."""
        action = attributes.get("action") or ""
        method = (attributes.get("method") or "get").strip().lower()
        if self.same_origin_path(action) not in _SEARCH_PATHS or method != "get":
            self.add("a form that is not the edition's search", node, "<form")

    def element_input(self, node: LexborNode, attributes: dict[str, str | None]) -> None:
        """Only text, search and button-like inputs (no password, file or image)."""
        kind = (attributes.get("type") or "text").strip().lower()
        if kind not in _INPUT_TYPES:
            self.add(f"an input the edition never writes ({kind})", node, "<input")

    def element_noscript(self, node: LexborNode, attributes: dict[str, str | None]) -> None:
        """Read the inside as a browser without script does: it is markup for that reader."""
        inner = LexborHTMLParser(node.text(deep=True), is_fragment=True, scripting=False)
        if inner.root is not None:
            self.walk(inner.root)


def _relations(node: LexborNode) -> set[str]:
    """The link relations of a ``<link>``, lower case."""
    return set((node.attributes.get("rel") or "").lower().split())


def _check_policy(tree: LexborHTMLParser, policy: str) -> list[Finding]:
    """The page's first element after its charset and viewport must be the edition's CSP."""
    head = tree.head
    if head is None:
        return [Finding("a page without a head", "", "")]
    for node in head.iter():
        attributes = node.attributes
        if node.tag == "meta" and ("charset" in attributes or attributes.get("name") == "viewport"):
            continue
        equiv = (attributes.get("http-equiv") or "").lower()
        if node.tag == "meta" and equiv == "content-security-policy":
            if attributes.get("content") == policy:
                return []
            return [
                Finding("a Content-Security-Policy other than the edition's", _tag_excerpt(node))
            ]
        break
    return [Finding("a page whose head does not begin with the edition's CSP", "<head>", "")]


def audit_html(
    text: str,
    *,
    page: str = "index.html",
    scripts: Collection[str] | None = None,
    policy: str | None = None,
) -> list[Finding]:
    """What in a written page could run, redirect or load from elsewhere in a reader's browser.

    ``page`` is the page's path in the output (relative URLs are resolved against it);
    ``scripts`` the file names allowed under ``_static`` (default: :func:`default_scripts`);
    ``policy``, if given, the Content-Security-Policy the page must begin with.
    """
    tree = LexborHTMLParser(text, scripting=True)
    audit = _PageAudit(page, default_scripts() if scripts is None else scripts)
    if tree.root is not None:
        audit.walk(tree.root)
    if policy is not None:
        audit.findings += _check_policy(tree, policy)
    return audit.findings


# -- The build: pages, copied files, and where each came from ------------------------


def _inside(path: Path, folder: Path) -> bool:
    """Whether ``path`` is ``folder`` or lies under it."""
    return path == folder or folder in path.parents


def _project_sources(app: Sphinx, entries: Iterable[str], target: Path) -> dict[Path, Path]:
    """Files the project copies from ``entries`` (relative to conf.py) into ``target``.

    Entries outside the project (an extension's own static folder) and inside the output
    are not the project's: their files come from installed code.
    """
    confdir = Path(app.confdir).resolve()
    outputs = (Path(app.outdir).resolve(), Path(app.doctreedir).resolve())
    copied: dict[Path, Path] = {}
    for entry in entries:
        source = (confdir / entry).resolve()
        if not _inside(source, confdir) or any(_inside(source, out) for out in outputs):
            continue
        files = [source] if source.is_file() else sorted(source.rglob("*"))
        for file in files:
            if not file.is_file():
                continue
            name = file.name if file == source else file.relative_to(source).as_posix()
            # Sphinx renders "x.js.jinja" (and the older "x.js_t") as a template into "x.js".
            copied[target / name.removesuffix(".jinja").removesuffix("_t")] = file
    return copied


def copied_files(app: Sphinx) -> dict[Path, Path]:
    """Every file the build copied from the project into the output: output path → source."""
    return {out: source for out, source in project_files(app).items() if out.is_file()}


def project_files(app: Sphinx) -> dict[Path, Path]:
    """Every file an HTML build copies from the project: output path → source.

    Whether or not this build wrote them, so that a build that writes nothing
    (``edition check``) audits the same files.
    """
    outdir = Path(app.outdir)
    srcdir = Path(app.srcdir)
    config = app.config
    copied = _project_sources(app, getattr(config, "html_static_path", []), outdir / _STATIC)
    copied |= _project_sources(app, getattr(config, "html_extra_path", []), outdir)
    for name in ("html_logo", "html_favicon"):
        value = getattr(config, name, None)
        if value and judge_link(str(value)) is LinkVerdict.RELATIVE:
            copied |= _project_sources(app, [str(value)], outdir / _STATIC)
    images = getattr(app.builder, "imagedir", "_images")
    for image, (_docnames, unique) in app.env.images.items():
        copied[outdir / images / unique] = srcdir / image
    for download, (_docnames, destination) in app.env.dlfiles.items():
        copied[outdir / "_downloads" / destination] = srcdir / download
    return {out: source for out, source in copied.items() if source.is_file()}


def _pages(app: Sphinx) -> dict[Path, str]:
    """Each page the builder wrote from a document: output path → docname."""
    builder: Any = app.builder
    pages: dict[Path, str] = {}
    for docname in app.env.found_docs:
        try:
            pages[Path(builder.get_outfilename(docname))] = docname
        except AttributeError:
            return pages
    return pages


def _line_of(source: Path, needle: str) -> int:
    """The first line of ``source`` that holds ``needle`` (any case), else 1."""
    if not needle:
        return 1
    try:
        text = source.read_text(encoding="utf-8", errors="replace").lower()
    except OSError:
        return 1
    found = text.find(needle.lower())
    return text.count("\n", 0, found) + 1 if found >= 0 else 1


def audit_output(app: Sphinx) -> list[tuple[str, str]]:
    """Audit the whole output of a finished HTML build: (``path:line``, message) pairs."""
    from edition_tools.model.content_policy import CONTENT_SECURITY_POLICY

    outdir = Path(app.outdir)
    copied = copied_files(app)
    static = outdir / _STATIC
    scripts = {p.name for p in static.glob("*.js") if p not in copied} if static.is_dir() else set()
    uses_policy = app.config.html_theme == "edition" and app.builder.name != "epub"
    policy = CONTENT_SECURITY_POLICY if uses_policy else None
    pages = _pages(app)
    skipped = {outdir / "_static", outdir / "_images", outdir / "_downloads", outdir / "_sources"}
    results: list[tuple[str, str]] = []
    # The allowlists are those of the edition's theme (and Sphinx's EPUB theme): another
    # theme writes elements and inline scripts of its own, which are its authors' code.
    written_pages = (
        sorted(p for ext in ("*.html", "*.xhtml") for p in outdir.rglob(ext))
        if app.config.html_theme == "edition" or app.builder.name == "epub"
        else []
    )
    for written in written_pages:
        if written in copied or any(_inside(written, folder) for folder in skipped):
            continue
        page = written.relative_to(outdir).as_posix()
        text = written.read_text(encoding="utf-8", errors="replace")
        for finding in audit_html(text, page=page, scripts=scripts, policy=policy):
            docname = pages.get(written)
            if docname is not None:
                source = Path(app.env.doc2path(docname))
                where = f"{source}:{_line_of(source, finding.needle)}"
            else:
                where = f"{written}:{_line_of(written, finding.needle)}"
            results.append((where, f"{finding.what} in the written page: {finding.excerpt}"))
    return results + _audit_files({out: out for out in copied}, copied)


def audit_project_files(app: Sphinx) -> list[tuple[str, str]]:
    """Audit the files an HTML build would copy, as they are in the project."""
    files = project_files(app)
    return _audit_files(files, files)


def _audit_files(read: dict[Path, Path], sources: dict[Path, Path]) -> list[tuple[str, str]]:
    """Audit each output path's bytes (from ``read``); report at its source file."""
    results: list[tuple[str, str]] = []
    for out, source in sorted(sources.items()):
        for finding in audit_file(out.name, read[out].read_bytes()):
            line = finding.line or _line_of(source, finding.needle)
            message = f"{finding.what} in a file copied into the output: {finding.excerpt}"
            results.append((f"{source}:{line}", message))
    return results


def check_output(app: Sphinx, exception: BaseException | None) -> None:
    """After a successful build, warn about everything the audit finds (``build-finished``).

    An HTML build's whole output is audited; any other build (``edition check``'s, which
    writes nothing) audits the files an HTML build would copy from the project.
    """
    if exception is not None:
        return
    found = audit_output(app) if app.builder.format == "html" else audit_project_files(app)
    for where, message in found:
        warn(EditionWarning.HOSTILE, message, where)


def setup_output_audit(app: Sphinx) -> None:
    """Audit the output of every HTML build once it is written."""
    app.connect("build-finished", check_output)
