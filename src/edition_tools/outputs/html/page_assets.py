"""Light, valid pages: each HTML page loads only what it uses, with correct ARIA roles.

sphinx-design adds its stylesheet (55 KB) and tab script to every page, and Sphinx its
syntax-highlighting stylesheet; most pages of the edition use neither. Leaving them out
of the pages that do not need them keeps a source page well under the weight budget,
whatever the number of sources (see the browser tests). The theme's own script for the
claims register (sorting and filtering) is offered to every page the same way and kept
only by the page that holds the register.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx

__all__ = ["setup_page_assets"]

#: Asset file name to the text a page must contain to need it.
_NEEDED_WHEN = {
    "sphinx-design.min.css": "sd-",
    "design-tabs.js": "sd-tab",
    "pygments.css": 'class="highlight',
    # Not the class name alone: a page may mention it in prose (escaped quotes there).
    "edition-claims.js": 'class="edition-claims-register',
    "edition-claims.css": 'class="edition-claims-register',
    "edition-chronology.css": 'class="edition-timeline',
}

#: The scripts of the edition's theme (in its ``static`` folder), each loaded after the
#: page is parsed; ``_NEEDED_WHEN`` says which pages keep them.
_THEME_SCRIPTS = ("edition-claims.js",)


def _needed(filename: str, body: str | None) -> bool:
    """Whether a page needs the asset; ``body`` is None on a page made of templates alone.

    Such a page (search, the general index) is left its assets, except the theme's
    scripts: they serve only what a page's text holds.
    """
    for asset, marker in _NEEDED_WHEN.items():
        if filename.endswith(asset):
            if body is None:
                return asset not in _THEME_SCRIPTS
            return marker in body
    return True


#: Markup of docutils' HTML writer that breaks ARIA rules (axe: aria-required-children):
#: a citation list with role="list" whose entries are not list items.
_ARIA_FIXES = {' role="list" class="citation-list"': ' class="citation-list"'}


def fix_aria(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Remove ARIA roles the writer sets wrongly (``html-page-context``)."""
    body = context.get("body")
    if isinstance(body, str):
        for wrong, right in _ARIA_FIXES.items():
            body = body.replace(wrong, right)
        context["body"] = body


def drop_unused_assets(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Remove the assets a page does not use from its context (``html-page-context``)."""
    body = context.get("body", "")
    if not isinstance(body, str):
        return
    text = body if doctree is not None else None
    for key in ("css_files", "script_files"):
        files = context.get(key)
        if isinstance(files, list):
            context[key] = [f for f in files if _needed(getattr(f, "filename", str(f)), text)]


def add_theme_scripts(app: Sphinx) -> None:
    """Offer the theme's scripts to the pages it writes (``builder-inited``).

    Only a builder that writes with the edition's theme copies its ``static`` folder: the
    EPUB builder (its own theme) and a project on another theme would link to a file they
    do not have.
    """
    theme = getattr(app.builder, "theme", None)
    if getattr(theme, "name", None) != "edition":
        return
    for script in _THEME_SCRIPTS:
        app.add_js_file(script, loading_method="defer")


def setup_page_assets(app: Sphinx) -> None:
    """Connect the scripts of the theme and the filter."""
    app.connect("builder-inited", add_theme_scripts)
    app.connect("html-page-context", drop_unused_assets)
    app.connect("html-page-context", fix_aria)
