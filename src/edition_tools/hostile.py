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
from markdown_it import MarkdownIt
from sphinx.application import Sphinx
from sphinx.directives.code import LiteralInclude
from sphinx.directives.other import Include as SphinxInclude
from sphinx.util.docutils import SphinxDirective, SphinxRole

from edition_tools.warnings_ import EditionWarning, warn_at

__all__ = ["dangerous_url", "html_in_markdown", "setup_hostile"]

_DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:", "file:")
_EVENT_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
_HTML_PARSER = MarkdownIt("commonmark", {"html": True})


def dangerous_url(url: str) -> bool:
    """Whether ``url`` would run code or read local files when followed."""
    squeezed = re.sub(r"[\s\x00-\x1f]", "", url).lower()
    return squeezed.startswith(_DANGEROUS_SCHEMES)


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
        for child in token.children or ():
            if child.type == "html_inline":
                found.append((line, child.content))
    return found


def check_source_for_html(app: Sphinx, docname: str, source: list[str]) -> None:
    """Refuse raw HTML in a Markdown page (``source-read``)."""
    path = Path(app.env.doc2path(docname))
    if path.suffix != ".md":
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


class RefusedRawRole(SphinxRole):
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


def _outside_docs(directive: SphinxDirective, argument: str) -> bool:
    _relative, absolute = directive.env.relfn2path(argument, directive.env.docname)
    srcdir = Path(directive.env.srcdir).resolve()
    return not Path(absolute).resolve().is_relative_to(srcdir)


class CheckedInclude(SphinxInclude):
    """``include``, for files inside ``docs/`` only."""

    def run(self) -> list[nodes.Node]:
        """Refuse a path outside the source folder (or docutils' own files)."""
        target = self.arguments[0]
        if target.startswith("<") or _outside_docs(self, target):
            warn_at(
                self.env,
                EditionWarning.HOSTILE,
                f"include of {target!r} from outside docs/ is not allowed",
                self.get_location(),
            )
            return []
        return list(super().run())


class CheckedLiteralInclude(LiteralInclude):
    """``literalinclude``, for files inside ``docs/`` only."""

    def run(self) -> list[nodes.Node]:
        """Refuse a path outside the source folder; include others as usual."""
        if _outside_docs(self, self.arguments[0]):
            warn_at(
                self.env,
                EditionWarning.HOSTILE,
                f"literalinclude of {self.arguments[0]!r} from outside docs/ is not allowed",
                self.get_location(),
            )
            return []
        return super().run()


def setup_hostile(app: Sphinx) -> None:
    """Register the checks and the refusing directives and roles."""
    app.connect("source-read", check_source_for_html)
    app.connect("doctree-read", check_urls)
    app.add_directive("raw", RefusedRawDirective, override=True)
    app.add_role("raw", RefusedRawRole(), override=True)
    app.add_directive("include", CheckedInclude, override=True)
    app.add_directive("literalinclude", CheckedLiteralInclude, override=True)
