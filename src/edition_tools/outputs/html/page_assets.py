"""Light, valid pages: each HTML page loads only what it uses, with correct ARIA roles.

sphinx-design adds its stylesheet (55 KB) and tab script to every page, and Sphinx its
syntax-highlighting stylesheet; most pages of the edition use neither. Leaving them out
of the pages that do not need them keeps a source page well under the weight budget,
whatever the number of sources (see the browser tests).
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
}


def _needed(filename: str, body: str) -> bool:
    for asset, marker in _NEEDED_WHEN.items():
        if filename.endswith(asset):
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
    if not isinstance(body, str) or doctree is None:
        return
    for key in ("css_files", "script_files"):
        files = context.get(key)
        if isinstance(files, list):
            context[key] = [f for f in files if _needed(getattr(f, "filename", str(f)), body)]


def setup_page_assets(app: Sphinx) -> None:
    """Connect the filter."""
    app.connect("html-page-context", drop_unused_assets)
    app.connect("html-page-context", fix_aria)
