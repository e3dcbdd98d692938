"""Configuration values of the extension, and the paths they resolve to."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

__all__ = ["add_repository_links", "catalogue_path", "setup_config"]


def setup_config(app: Sphinx) -> None:
    """Register the extension's configuration values."""
    # "env": every source page depends on the catalogue, so a new path rereads them all.
    app.add_config_value("edition_catalogue", "../sources/catalogue.toml", "env", types=[str])
    # Where the edition's sources live, for "Edit this page" and "Suggest an annotation".
    app.add_config_value("edition_repository_url", "", "html", types=[str])
    app.add_config_value("edition_repository_branch", "main", "html", types=[str])
    app.connect("html-page-context", add_repository_links)


def add_repository_links(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Give the page template its edit and suggestion links (``html-page-context``)."""
    repository = app.config.edition_repository_url.rstrip("/")
    if not repository or doctree is None:
        return
    source = f"docs/{pagename}{context.get('page_source_suffix', '.md')}"
    branch = app.config.edition_repository_branch
    title = quote(f"Annotation: {context.get('title', pagename)}")
    context["edition_edit_url"] = f"{repository}/edit/{branch}/{source}"
    context["edition_suggest_url"] = (
        f"{repository}/issues/new?template=new-annotation.yml&title={title}"
    )


def catalogue_path(env: BuildEnvironment) -> Path:
    """The catalogue file: ``edition_catalogue``, relative to the source directory."""
    relative: str = env.config.edition_catalogue
    return _resolved(str(env.srcdir), relative)


@functools.lru_cache(maxsize=32)
def _resolved(srcdir: str, relative: str) -> Path:
    # Asked for several times a page; resolving walks the path, one system call for each part.
    return (Path(srcdir) / relative).resolve()
