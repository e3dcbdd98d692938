"""The claims register's script is loaded by the page that holds the register, and no other.

Every other page stays as light as before (the page weight budget of the browser tests),
and a builder that does not write with the edition's theme links to no script it lacks.
"""

from __future__ import annotations

import re
from pathlib import Path

from conftest import PROJECT, build_app, warnings_of

SCRIPT = "edition-claims.js"
_SCRIPT_TAG = re.compile(r'<script\b[^>]*\bsrc="[^"]*_static/edition-claims\.js[?"]')
_REGISTER = '<table class="edition-claims-register'


def _pages(outdir: Path) -> dict[str, str]:
    return {
        page.relative_to(outdir).as_posix(): page.read_text(encoding="utf-8")
        for page in sorted(outdir.rglob("*.html"))
    }


def test_the_script_is_loaded_only_where_the_register_is(tmp_path):
    app = build_app("html", PROJECT / "docs", tmp_path / "html")
    assert warnings_of(app) == []
    outdir = Path(app.outdir)
    pages = _pages(outdir)
    loading = {name for name, text in pages.items() if _SCRIPT_TAG.search(text)}
    holding = {name for name, text in pages.items() if _REGISTER in text}
    assert len(pages) > 20
    assert holding == {"claims.html"}
    assert loading == holding
    assert (outdir / "_static" / SCRIPT).is_file()
    # Loaded once, after the page is parsed (it looks for the table).
    tags = _SCRIPT_TAG.findall(pages["claims.html"])
    assert len(tags) == 1 and "defer" in tags[0]


def test_another_theme_links_to_no_script_of_the_edition(tmp_path):
    # The test roots use Sphinx's default theme, which has no such file to copy.
    app = build_app("html", PROJECT / "tests" / "roots" / "test-annotations", tmp_path / "html")
    assert warnings_of(app) == []
    outdir = Path(app.outdir)
    pages = _pages(outdir)
    assert any(_REGISTER in text for text in pages.values())
    assert not any(SCRIPT in text for text in pages.values())
    assert not (outdir / "_static" / SCRIPT).exists()
