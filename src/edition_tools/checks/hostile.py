"""Hostile input refused: nothing a contributor writes may run in a reader's browser.

MyST is configured to show raw HTML as text (``myst_disable_syntax``), so a ``<script>``
in a page never reaches a reader. This module goes further and makes every such attempt
an ``edition.hostile`` error with its file and line, so that it is refused in review:

* raw HTML blocks and inline HTML in a page (found by parsing the page's Markdown with
  HTML on, exactly where MyST would have passed it through), event-handler attributes
  (``onerror=``) in them;
* the ``raw`` directive and role;
* every way of reading a file outside ``docs/`` into the output, whatever the fence or
  the parser (MyST or reStructuredText in ``eval-rst``): ``include``,
  ``literalinclude`` (and its ``:diff:``), ``csv-table`` ``:file:`` (and ``:url:``,
  which reads from the network), images and figures, the ``download`` role;
* NUL bytes, which no editor writes into a page, and pages that are not UTF-8 (these
  cannot be read at all: reported and left out of the build, not a traceback);
* script URLs written in a page's text, even where Markdown refused to make them links.

Links, images and every other node of a page are held to allowlists on the doctree by
:mod:`edition_tools.checks.security`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.mdit import create_md_parser
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.directives.code import LiteralInclude
from sphinx.directives.other import Include
from sphinx.directives.patches import CSVTable
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import SphinxDirective

from edition_tools.model.markup import markup_in_value
from edition_tools.store.lines import EditionRole
from edition_tools.store.problems import warn_at
from edition_tools.warnings_ import EditionWarning, warn

__all__ = ["html_in_markdown", "setup_hostile"]

#: A script or data URL written in a page, even where Markdown refused to make it a link.
_SCRIPT_URL = re.compile(
    r"(?<!\\)\b(?:javascript|vbscript)\s*:|(?<!\\)\bdata:[a-z]+/[a-z0-9.+-]+[;,]", re.IGNORECASE
)
_EVENT_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
_HTML_PARSER = MarkdownIt("commonmark", {"html": True})


def _markdown_directive(info: str) -> bool:
    """Whether a fence's info opens a directive whose content MyST reads as Markdown."""
    match = _DIRECTIVE_INFO.match(info.strip())
    return match is not None and match.group(1).lower() not in NOT_MARKDOWN


def html_in_markdown(text: str, first_line: int = 1) -> list[tuple[int, str]]:
    """The raw HTML a Markdown text holds: (1-based line, the HTML), in order.

    Backslash-escaped ``\\<`` and code spans are not HTML, as CommonMark says. The
    content of a MyST directive in a backtick fence (```` ```{glossary} ````), which
    CommonMark takes for code but MyST parses, is searched too.
    """
    found: list[tuple[int, str]] = []
    for token in _HTML_PARSER.parse(text):
        line = (token.map[0] if token.map else 0) + first_line
        if token.type == "html_block":
            found.append((line, token.content.strip()))
        elif token.type == "fence" and _markdown_directive(token.info):
            found += html_in_markdown(token.content, line + 1)
        # Inline HTML is on the line of its paragraph plus the line breaks before it.
        for child in token.children or ():
            if child.type in ("softbreak", "hardbreak"):
                line += 1
            elif child.type == "html_inline" and not child.content.startswith("</"):
                found.append((line, child.content))  # a closing tag adds nothing to report
    return found


#: Code spans and role contents (between backticks), where a "<" is never HTML.
_BACKTICKED = re.compile(r"`[^`\n]*`")
#: What could start HTML once those are left out: an unescaped "<" and a letter, "/", "!"
#: or "?".
_MAYBE_HTML = re.compile(r"(?<!\\)<[A-Za-z!/?]")


def might_hold_html(text: str) -> bool:
    """A quick test that saves parsing the pages that cannot hold HTML (most of them)."""
    return bool(_MAYBE_HTML.search(_BACKTICKED.sub("", text)))


def check_source_for_html(app: Sphinx, docname: str, source: list[str]) -> None:
    """Refuse raw HTML in a Markdown page (``source-read``)."""
    path = Path(app.env.doc2path(docname))
    if path.suffix != ".md":
        return
    # A script URL is refused wherever it is written, even where no HTML could be.
    for number, text in enumerate(source[0].splitlines(), start=1):
        for match in _SCRIPT_URL.finditer(text):
            warn_at(
                app.env,
                EditionWarning.HOSTILE,
                f"a {match.group(0).split(':')[0].strip().lower()}: URL is not allowed in the "
                "edition (escape the colon as '\\:' if a source prints it)",
                (docname, number),
            )
    if not might_hold_html(source[0]):
        return
    for line, html in html_in_markdown(source[0]):
        what = "an event-handler attribute" if _EVENT_HANDLER.search(html) else "raw HTML"
        excerpt = html if len(html) <= 60 else html[:57] + "..."
        warn_at(
            app.env,
            EditionWarning.HOSTILE,
            f"{what} is not allowed in the edition: {excerpt!r} (write the text, or escape "
            "the '<' as '\\<' if it is part of a source)",
            (docname, line),
        )


# -- Files from outside docs/ ----------------------------------------------------------
#
# Whatever reads a file is checked where Sphinx would resolve its path, before the file
# is read: the directives that read files are replaced by subclasses that check their
# paths first (``ReadsFiles``), images and downloads are taken out of the doctree before
# Sphinx's collectors note them for copying, and MyST's ``{include}``, which MyST carries
# out itself without running the directive, is renamed in the page's text.


def reads_outside_docs(env: BuildEnvironment, target: str, docname: str) -> bool:
    """Whether ``target``, a path written in ``docname``, names a file outside ``docs/``.

    Read as Sphinx reads it (``/`` is the top of ``docs/``, symbolic links are
    followed), and also, for ``/...``, as the absolute path that docutils' ``csv-table``
    reads when such a file exists. ``<isonum.txt>`` and the like, docutils' own files,
    are outside too. URLs (``scheme://``) are not files: images and downloads leave them
    to the browser, and the ``data:``, ``file:`` and script URLs are refused elsewhere.
    """
    if "://" in target:
        return False
    if target.startswith("<") and target.endswith(">"):
        return True
    docs = Path(env.srcdir).resolve()
    if not Path(env.relfn2path(target, docname)[1]).resolve().is_relative_to(docs):
        return True
    literal = Path(target)
    return literal.is_absolute() and literal.exists() and not literal.resolve().is_relative_to(docs)


class ReadsFiles(SphinxDirective):
    """Put before a directive that reads files: it runs only if they are all in ``docs/``."""

    def files_read(self) -> list[str]:
        """The paths the directive would read, as written."""
        return self.arguments[:1]

    def refusal(self) -> str | None:
        """Why the directive may not run, or ``None``."""
        for target in self.files_read():
            if reads_outside_docs(self.env, target, self.env.docname):
                return f"{self.name} of {target!r} from outside docs/ is not allowed"
        return None

    def run(self) -> list[nodes.Node]:
        """Refuse (warn, output nothing, read nothing) or run the directive."""
        refusal = self.refusal()
        if refusal is None:
            return list(super().run())
        warn_at(self.env, EditionWarning.HOSTILE, refusal, self.get_location())
        return []


class ConfinedInclude(ReadsFiles, Include):
    """``include`` in reStructuredText (``eval-rst``); MyST's is renamed at ``source-read``."""


class ConfinedLiteralInclude(ReadsFiles, LiteralInclude):
    """``literalinclude``, whose ``:diff:`` option reads a second file."""

    def files_read(self) -> list[str]:
        """The file shown and the file it is compared with."""
        return [*self.arguments[:1], *([self.options["diff"]] if "diff" in self.options else [])]


# docutils' stubs type Table.run apart from Directive.run; Sphinx ignores it the same way.
class ConfinedCSVTable(ReadsFiles, CSVTable):  # type: ignore[misc]
    """``csv-table`` with its data in a ``:file:``, or fetched from a ``:url:`` (refused)."""

    def files_read(self) -> list[str]:
        """The ``:file:``, if any (the content is the table otherwise)."""
        return [self.options["file"]] if "file" in self.options else []

    def refusal(self) -> str | None:
        """A ``:url:`` is fetched when the edition is built: its data is not in ``docs/``."""
        if "url" in self.options:
            return f"csv-table :url: {self.options['url']!r} is not allowed: keep the data in docs/"
        return super().refusal()


#: The directives that read files, each replaced by its confined subclass.
_CONFINED_DIRECTIVES: dict[str, type[ReadsFiles]] = {
    "include": ConfinedInclude,
    "literalinclude": ConfinedLiteralInclude,
    "csv-table": ConfinedCSVTable,
}


def refuse_files_from_outside(app: Sphinx, doctree: nodes.document) -> None:
    """Take images and downloads of files outside ``docs/`` out of the page.

    Connected to ``doctree-read`` ahead of Sphinx's image and download collectors, which
    note the files to copy into the output: a file taken out here is never copied. An
    image goes (its alt text is not the source's); a download keeps its words as text.
    """
    docname = app.env.docname
    for image in list(doctree.findall(nodes.image)):
        uri = image.get("uri", "")
        if reads_outside_docs(app.env, uri, docname):
            warn_at(
                app.env,
                EditionWarning.HOSTILE,
                f"image {uri!r} from outside docs/ is not allowed",
                image,
            )
            image.parent.remove(image)
    for download in list(doctree.findall(addnodes.download_reference)):
        target = download.get("reftarget", "")
        if reads_outside_docs(app.env, target, docname):
            warn_at(
                app.env,
                EditionWarning.HOSTILE,
                f"download of {target!r} from outside docs/ is not allowed",
                download,
            )
            download.replace_self(nodes.inline("", "", *download.children))


_DIRECTIVE_INFO = re.compile(r"\{([^}\s]+)\}\s*(.*)")
#: Directives whose content MyST does not read as Markdown (a fence in it is text).
NOT_MARKDOWN = frozenset(
    {
        "eval-rst",
        "code",
        "code-block",
        "code-cell",
        "sourcecode",
        "literalinclude",
        "math",
        "raw",
        "toctree",
        "csv-table",
        "highlight",
        "productionlist",
    }
)


#: MyST's parsers, by their configuration's ``repr`` (the configuration is not hashable).
_PARSERS: dict[str, MarkdownIt] = {}


def _block_parser(config: MdParserConfig) -> MarkdownIt:
    """MyST's own Markdown parser for ``config``: blocks exactly as MyST reads them."""
    key = repr(config)
    if key not in _PARSERS:
        _PARSERS[key] = create_md_parser(config, RendererHTML)
    return _PARSERS[key]


def block_parser(app: Sphinx | None = None) -> MarkdownIt:
    """The parser of the build's MyST configuration (MyST's defaults and colon fences)."""
    config = getattr(getattr(app, "env", None), "myst_config", None)
    if not isinstance(config, MdParserConfig):
        config = MdParserConfig(enable_extensions={"colon_fence"})
    return _block_parser(config)


def markdown_directives(
    text: str, first_line: int = 1, parser: MarkdownIt | None = None
) -> Iterator[tuple[int, str, str]]:
    """Every MyST directive of a Markdown text, nested ones too: (line, name, argument).

    The name is lower case, as Sphinx looks it up (``{Include}`` is ``include``). The
    text is parsed by MyST's own parser, so that a fence is found wherever MyST finds
    one (in a footnote's indented continuation, say), and nowhere else.
    """
    parser = parser or block_parser()
    for token in parser.parse(text):
        match = _DIRECTIVE_INFO.match(token.info.strip())
        if token.type not in ("fence", "colon_fence") or not token.map or not match:
            continue
        line = token.map[0] + first_line
        name = match.group(1).lower()
        yield line, name, match.group(2).strip()
        if name not in NOT_MARKDOWN:
            # The content starts on the line after the opening fence.
            yield from markdown_directives(token.content, line + 1, parser)


#: ``{include}`` in any case (Sphinx looks directive names up in lower case).
_MAYBE_INCLUDE = re.compile(r"\{include\}", re.IGNORECASE)


def _refuse_markdown_includes(app: Sphinx, text: str, path: Path) -> str:
    """``text`` with every ``{include}`` of a file outside ``docs/`` refused and renamed.

    MyST reads an included file itself, without running the directive, so the
    directive's name is changed, in the text handed to the parser (the file on disk is
    untouched, lines keep their numbers), to :data:`REFUSED_INCLUSION`, which reads
    nothing and outputs nothing. A warning alone is not enough: a build without ``-W``
    would still copy the file into the page.
    """
    if not _MAYBE_INCLUDE.search(text):  # the quick way out for nearly every page
        return text
    docname = app.env.docname
    lines = text.split("\n")
    for line, name, target in markdown_directives(text, parser=block_parser(app)):
        if name == "include" and reads_outside_docs(app.env, target, docname):
            warn_at(
                app.env,
                EditionWarning.HOSTILE,
                f"include of {target!r} from outside docs/ is not allowed",
                f"{path}:{line}",
            )
            lines[line - 1] = _MAYBE_INCLUDE.sub("{" + REFUSED_INCLUSION + "}", lines[line - 1], 1)
    return "\n".join(lines)


def check_source_for_includes(app: Sphinx, docname: str, source: list[str]) -> None:
    """Refuse MyST includes of files from outside ``docs/`` in a page (``source-read``)."""
    path = Path(app.env.doc2path(docname))
    if path.suffix == ".md":
        source[0] = _refuse_markdown_includes(app, source[0], path)


def check_included_text(app: Sphinx, relative_path: Path, parent: str, content: list[str]) -> None:
    """The same in a file a page includes (``include-read``): its includes are not a page's."""
    content[0] = _refuse_markdown_includes(app, content[0], Path(app.srcdir) / relative_path)


# -- Bytes no page may hold -------------------------------------------------------------


def leave_out_undecodable_pages(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """Report each page that is not UTF-8 and leave it out (``env-before-read-docs``).

    Sphinx would stop with a ``UnicodeDecodeError`` traceback while reading it. The
    file on disk is left as it is: it is for its author to save it again as UTF-8.
    """
    for docname in list(docnames):
        path = Path(env.doc2path(docname))
        data = path.read_bytes()
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as error:
            line = data.count(b"\n", 0, error.start) + 1
            column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
            warn_at(
                env,
                EditionWarning.ENCODING,
                f"the page is not UTF-8 (byte 0x{data[error.start]:02x} at line {line}, "
                f"column {column}); it was not read: save it as UTF-8",
                f"{path}:{line}",
            )
            # Not read, and not a page of this build: Sphinx would otherwise look for
            # its doctree when writing (a page that links to it is told it is missing).
            docnames.remove(docname)
            env.found_docs.discard(docname)


def check_source_for_nul(app: Sphinx, docname: str, source: list[str]) -> None:
    """Refuse NUL characters (``source-read``): no editor writes one, parsers drop them."""
    if "\x00" not in source[0]:
        return
    for number, text in enumerate(source[0].split("\n"), start=1):
        if "\x00" in text:
            warn_at(
                app.env,
                EditionWarning.HOSTILE,
                "a NUL character is not allowed in the edition: delete it",
                (docname, number),
            )


def check_bibliography_files(app: Sphinx) -> None:
    """Refuse HTML, script URLs and event handlers in the bibliography's fields."""
    for name in getattr(app.config, "bibtex_bibfiles", []):
        path = Path(app.srcdir) / name
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            continue
        for number, text in enumerate(lines, start=1):
            found = markup_in_value(text)
            if found:
                warn(
                    EditionWarning.HOSTILE,
                    f"markup or a script URL is not allowed in the bibliography: {found!r}",
                    f"{path}:{number}",
                )


class RefusedRawDirective(SphinxDirective):
    """``raw`` is refused: it would copy HTML or LaTeX into the output unchecked."""

    has_content = True
    optional_arguments = 1
    final_argument_whitespace = True
    option_spec: ClassVar[dict[str, Any]] = {
        "file": directives.unchanged,
        "url": directives.unchanged,
        "encoding": directives.unchanged,
    }

    def run(self) -> list[nodes.Node]:
        """Warn; output nothing."""
        warn_at(
            self.env,
            EditionWarning.HOSTILE,
            "the raw directive is not allowed in the edition",
            self.get_location(),
        )
        return []


#: The directive a refused MyST ``{include}`` is renamed to.
REFUSED_INCLUSION = "edition-refused-inclusion"


class RefusedInclusionDirective(SphinxDirective):
    """An inclusion already refused (and reported) at ``source-read``: read nothing."""

    has_content = True
    optional_arguments = 1
    final_argument_whitespace = True
    # Every option MyST's ``include`` takes, so that none is reported as unknown on top
    # of the refusal (MyST adds the last three to ``include`` only when it runs one).
    option_spec: ClassVar[dict[str, Any]] = {
        **(Include.option_spec or {}),
        "relative-images": directives.flag,
        "relative-docs": directives.path,
        "heading-offset": directives.nonnegative_int,
    }

    def run(self) -> list[nodes.Node]:
        """Output nothing: the refusal was reported when the page was read."""
        return []


class RefusedRawRole(EditionRole):
    """The ``raw`` role is refused, like the directive; its text is kept as text."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        """Warn; keep the text."""
        warn_at(
            self.env,
            EditionWarning.HOSTILE,
            "the raw role is not allowed in the edition",
            self.get_location(),
        )
        return [nodes.Text(self.text)], []


def setup_hostile(app: Sphinx) -> None:
    """Register the checks and the refusing directives and roles."""
    app.connect("source-read", check_source_for_html)
    app.connect("source-read", check_source_for_includes)
    app.connect("source-read", check_source_for_nul)
    app.connect("include-read", check_included_text)
    app.connect("env-before-read-docs", leave_out_undecodable_pages)
    app.connect("builder-inited", check_bibliography_files)
    # Before Sphinx's collectors (priority 500), which note images and downloads to copy.
    app.connect("doctree-read", refuse_files_from_outside, priority=400)
    app.add_directive("raw", RefusedRawDirective, override=True)
    for name, directive in _CONFINED_DIRECTIVES.items():
        app.add_directive(name, directive, override=True)
    app.add_directive(REFUSED_INCLUSION, RefusedInclusionDirective)
    app.add_role("raw", RefusedRawRole(), override=True)
