"""Hostile input refused: nothing a contributor writes may run in a reader's browser.

MyST is configured to show raw HTML as text (``myst_disable_syntax``), so a ``<script>``
in a page never reaches a reader. This module goes further and makes every such attempt
an ``edition.hostile`` error with its file and line, so that it is refused in review:

* raw HTML blocks and inline HTML in a page (found by parsing the page's Markdown with
  HTML on, exactly where MyST would have passed it through), event-handler attributes
  (``onerror=``) in them;
* the ``raw`` directive and role;
* ``include`` and ``literalinclude`` of files outside ``docs/``;
* links and images with ``javascript:``, ``vbscript:``, ``data:`` or ``file:`` URLs, which
  are also taken out of the page.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.parsers.rst.directives.misc import Include
from markdown_it import MarkdownIt
from sphinx.application import Sphinx
from sphinx.directives.code import LiteralInclude
from sphinx.util.docutils import SphinxDirective

from edition_tools.checks.markup import dangerous_url, markup_in_value
from edition_tools.inline_lines import EditionRole
from edition_tools.warnings_ import EditionWarning, warn, warn_at

__all__ = ["html_in_markdown", "setup_hostile"]

#: A script or data URL written in a page, even where Markdown refused to make it a link.
_SCRIPT_URL = re.compile(
    r"(?<!\\)\b(?:javascript|vbscript)\s*:|(?<!\\)\bdata:[a-z]+/[a-z0-9.+-]+[;,]", re.IGNORECASE
)
_EVENT_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
_HTML_PARSER = MarkdownIt("commonmark", {"html": True})


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
        elif token.type == "fence" and token.info.strip().startswith("{"):
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
    if path.suffix != ".md" or not might_hold_html(source[0]):
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
    for number, text in enumerate(source[0].splitlines(), start=1):
        for match in _SCRIPT_URL.finditer(text):
            warn_at(
                app.env,
                EditionWarning.HOSTILE,
                f"a {match.group(0).split(':')[0].strip().lower()}: URL is not allowed in the "
                "edition (escape the colon as '\\:' if a source prints it)",
                (docname, number),
            )


_INCLUDE = re.compile(r"^\s*(?:`{3,}|:{3,})\s*\{(include|literalinclude)\}\s+(\S+)")


def _include_outside_docs(app: Sphinx, docname: str, target: str) -> bool:
    if target.startswith("<"):  # docutils' own files
        return True
    base = Path(app.srcdir) if target.startswith("/") else Path(app.env.doc2path(docname)).parent
    resolved = (base / target.lstrip("/")).resolve()
    return not resolved.is_relative_to(Path(app.srcdir).resolve())


def check_source_for_includes(app: Sphinx, docname: str, source: list[str]) -> None:
    """Refuse the inclusion of files from outside ``docs/`` (``source-read``).

    Found in the page's text, so that it works whichever parser (MyST or docutils)
    would carry out the inclusion. A warning alone is not enough: a build without
    ``-W`` would still copy the file into the page. So the directive's name is changed,
    in the text handed to the parser (the file on disk is untouched, lines keep their
    numbers), to :data:`REFUSED_INCLUSION`, which reads nothing and outputs nothing.
    """
    lines = source[0].split("\n")
    for index, text in enumerate(lines):
        match = _INCLUDE.match(text)
        if match and _include_outside_docs(app, docname, match.group(2)):
            warn_at(
                app.env,
                EditionWarning.HOSTILE,
                f"{match.group(1)} of {match.group(2)!r} from outside docs/ is not allowed",
                (docname, index + 1),
            )
            name_at = match.start(1)
            lines[index] = (
                text[:name_at] + REFUSED_INCLUSION + text[name_at + len(match.group(1)) :]
            )
    source[0] = "\n".join(lines)


def neutralise_resolved_urls(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Take script URLs out of the finished page (``doctree-resolved``).

    Some links are made only when a page is written (a bibliography entry's URL, say);
    their source was reported already, this makes sure none reaches a reader.
    """
    for reference in list(doctree.findall(nodes.reference)):
        if dangerous_url(reference.get("refuri", "")):
            reference.replace_self(nodes.inline("", "", *reference.children))


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


def check_urls(app: Sphinx, doctree: nodes.document) -> None:
    """Refuse links and images with dangerous URLs, and take them out of the page."""
    for reference in list(doctree.findall(nodes.reference)):
        url = reference.get("refuri", "")
        if url and dangerous_url(url):
            warn_at(
                app.env,
                EditionWarning.HOSTILE,
                f"link to a {url.split(':')[0]}: URL is not allowed",
                reference,
            )
            reference.replace_self(nodes.inline("", "", *reference.children))
    for image in list(doctree.findall(nodes.image)):
        if dangerous_url(image.get("uri", "")):
            warn_at(
                app.env,
                EditionWarning.HOSTILE,
                "image with a data: or script URL is not allowed",
                image,
            )
            image.parent.remove(image)


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


#: The directive a refused ``include`` or ``literalinclude`` is renamed to.
REFUSED_INCLUSION = "edition-refused-inclusion"


class RefusedInclusionDirective(SphinxDirective):
    """An inclusion already refused (and reported) at ``source-read``: read nothing."""

    has_content = True
    optional_arguments = 1
    final_argument_whitespace = True
    # Every option ``include`` and ``literalinclude`` take, so that none is reported as
    # unknown on top of the refusal.
    option_spec: ClassVar[dict[str, Any]] = {
        **(Include.option_spec or {}),
        **(LiteralInclude.option_spec or {}),
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
    app.connect("doctree-resolved", neutralise_resolved_urls)
    app.connect("builder-inited", check_bibliography_files)
    app.connect("doctree-read", check_urls)
    app.add_directive("raw", RefusedRawDirective, override=True)
    app.add_directive(REFUSED_INCLUSION, RefusedInclusionDirective)
    app.add_role("raw", RefusedRawRole(), override=True)
