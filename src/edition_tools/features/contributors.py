"""Attribution: who annotated each source page, and the edition's contributors page.

Names come from the git history of the pages (one ``git log`` for the whole project,
read once per build) and from ``docs/contributors.toml`` for work that reached the
edition another way. Without git (an exported tarball, say) the file alone is used.
Each source page lists its annotators under its description; ``{edition-contributors}``
lists everyone, with the pages each has worked on.
"""

from __future__ import annotations

import subprocess
import tomllib
from functools import cache
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from edition_tools.features.base import AggregateDirective, add_placeholder_nodes
from edition_tools.features.page_filler import PageFiller
from edition_tools.store.aggregates import add_aggregate, digest
from edition_tools.store.domain import AggregatePage, EditionDomain, edition_domain

__all__ = ["contributor_digest_parts", "page_contributors", "setup_contributors"]


class contributor_list(nodes.General, nodes.Element):  # noqa: N801 (docutils naming)
    """Placeholder for the list of contributors, filled when the page is written."""


@cache
def _git_history(folder: str) -> dict[str, tuple[str, ...]]:
    """File path (relative to the repository) to its authors, earliest first."""
    try:
        top = subprocess.run(
            ["git", "-C", folder, "rev-parse", "--show-toplevel"],
            capture_output=True,
            text=True,
            check=True,
            timeout=30,
        ).stdout.strip()
        log = subprocess.run(
            ["git", "-C", top, "log", "--reverse", "--format=@%aN", "--name-only", "--", "docs"],
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return {}
    authors: dict[str, list[str]] = {}
    author = ""
    for line in log.splitlines():
        if line.startswith("@"):
            author = line[1:].strip()
        elif line.strip() and author:
            names = authors.setdefault(str(Path(top) / line.strip()), [])
            if author not in names:
                names.append(author)
    return {path: tuple(names) for path, names in authors.items()}


def _contributors_file(srcdir: Path) -> dict[str, list[str]]:
    """Docname to names, from ``contributors.toml`` (``[[contributor]] name, pages``)."""
    path = srcdir / "contributors.toml"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return {}
    pages: dict[str, list[str]] = {}
    for entry in data.get("contributor", []):
        name = entry.get("name")
        if not isinstance(name, str):
            continue
        for docname in entry.get("pages", []):
            pages.setdefault(str(docname), []).append(name)
    return pages


def contributor_digest_parts(srcdir: str) -> list[object]:
    """What the attribution shows, for the digest that decides when to rewrite it."""
    return [
        *sorted(_git_history(srcdir).items()),
        *sorted(_contributors_file(Path(srcdir)).items()),
    ]


def _contributors_digest(env: BuildEnvironment, domain: EditionDomain) -> tuple[str, set[str]]:
    """The digest of the attribution, and the pages that show it."""
    pages = domain.pages_showing(AggregatePage.CONTRIBUTORS, AggregatePage.SOURCE_PAGES)
    return digest(contributor_digest_parts(str(env.srcdir))), pages


def page_contributors(app: Sphinx, docname: str) -> list[str]:
    """Who worked on ``docname``: from git, then from the contributors file."""
    history = _git_history(str(app.srcdir))
    names = list(history.get(str(Path(app.env.doc2path(docname)).resolve()), ()))
    for name in _contributors_file(Path(app.srcdir)).get(docname, []):
        if name not in names:
            names.append(name)
    return names


def add_page_contributors(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Append "Annotated by" to the description of a source page being written."""
    if docname not in edition_domain(app.env).pages_showing(AggregatePage.SOURCE_PAGES):
        return
    names = page_contributors(app, docname)
    if not names:
        return
    for description in doctree.findall(nodes.container):
        if "edition-source-description" in description["classes"]:
            paragraph = nodes.paragraph(classes=["edition-contributors"])
            paragraph += nodes.strong("", "Annotated by: ")
            paragraph += nodes.Text(", ".join(names))
            description += paragraph
            break


class ContributorsDirective(AggregateDirective):
    """``{edition-contributors}``: everyone who worked on the edition, and where."""

    placeholder = contributor_list
    aggregate = AggregatePage.CONTRIBUTORS


class ContributorsFiller(PageFiller):
    """Fill the contributors list: each name with the pages worked on."""

    def has_placeholders(self) -> bool:
        """Pages with a contributors list."""
        return edition_domain(self.env).shows(AggregatePage.CONTRIBUTORS, self.docname)

    def run(self) -> None:
        """Replace each placeholder by a bullet list, names in alphabetical order."""
        for placeholder in list(self.document.findall(contributor_list)):
            pages_by_name: dict[str, list[str]] = {}
            for docname in sorted(self.env.found_docs):
                for name in page_contributors(self.app, docname):
                    pages_by_name.setdefault(name, []).append(docname)
            listing = nodes.bullet_list(classes=["edition-contributor-list"])
            for name in sorted(pages_by_name, key=str.casefold):
                item = nodes.paragraph("", "", nodes.strong("", name))
                titles = [
                    self.env.titles[d].astext() for d in pages_by_name[name] if d in self.env.titles
                ]
                item += nodes.Text(": " + "; ".join(titles))
                listing += nodes.list_item("", item)
            placeholder.replace_self(
                listing if pages_by_name else nodes.paragraph("", "No contributors recorded yet.")
            )


def setup_contributors(app: Sphinx) -> None:
    """Register the directive and the page attribution."""
    add_placeholder_nodes(app, contributor_list)
    app.add_directive("edition-contributors", ContributorsDirective)
    app.connect("doctree-resolved", add_page_contributors)
    ContributorsFiller.connect(app)
    add_aggregate("contributors", _contributors_digest)
