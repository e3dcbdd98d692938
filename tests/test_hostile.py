"""Hostile input is refused with path:line, and nothing of it runs in a reader's browser.

``test-hostile`` puts more than twenty hostile snippets where a contributor can write:
the source text, notes, directive options and bodies, the glossary, the chronology,
bibliography fields, catalogue metadata, includes and the raw directive and role.
"""

from __future__ import annotations

import json
import re

import pytest
from browser import chromium, serve
from lxml import html

from conftest import ROOTS, build_app, warnings_of

ROOT = ROOTS / "test-hostile"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    app = build_app("html", ROOT, tmp_path_factory.mktemp("hostile"))
    return app


def _lines(app) -> list[str]:
    return [line.replace(f"{ROOT}/", "") for line in warnings_of(app)]


def test_every_snippet_is_refused_with_its_line(built, file_regression):
    lines = _lines(built)
    file_regression.check("\n".join(lines) + "\n", basename="hostile-warnings", extension=".txt")
    hostile = {
        tuple(line.split(":")[:2])
        for line in lines
        if line.endswith(("[edition.hostile]", "[edition.untrusted]"))
    }
    assert len(hostile) >= 20  # distinct places (file, line)
    for where in (
        ("sources/catalogue.toml", "5"),  # the title's line
        ("refs.bib", "10"),
        ("refs.bib", "12"),
        ("source.md", "6"),  # a directive option
        ("source.md", "8"),  # a directive body
        ("source.md", "13"),  # the source text
        ("source.md", "22"),  # a note
        ("glossary.md", "5"),
        ("chronology.md", "8"),
        ("includes.md", "3"),
        ("source.md", "26"),  # the raw directive
        ("includes.md", "11"),  # the raw role
        ("includes.md", "13"),  # an include in a tilde fence
        ("includes.md", "16"),  # eval-rst (and the include in it)
        ("includes.md", "20"),  # a csv-table's :file:
        ("includes.md", "24"),  # an image
        ("includes.md", "26"),  # a download
    ):
        assert where in hostile, where


def test_a_refused_include_reads_nothing(built):
    """Refused, not just reported: a build without -W must not copy the file in.

    Not into a page (include, csv-table, in any fence, in eval-rst), nor beside the
    pages (an image in _images/, a download in _downloads/).
    """
    assert (ROOT.parent / "hostile-outside.txt").exists()
    for file in sorted(built.outdir.rglob("*")):
        assert not file.name.startswith("hostile-outside"), file
        if file.is_file():
            assert b"HOSTILE-OUTSIDE-MARKER" not in file.read_bytes(), file


def _pages(app):
    return sorted(app.outdir.rglob("*.html"))


def _scripts(page) -> set[str]:
    """The scripts of a page; JSON-LD is data, not code, and is checked as such."""
    tree = html.fromstring(page.read_bytes())
    scripts = set()
    for script in tree.iter("script"):
        if script.get("type") == "application/ld+json":
            assert "<" not in script.text_content()
            json.loads(script.text_content())
            continue
        scripts.add(script.get("src", "").split("?")[0] or script.text_content().strip())
    return scripts


def test_built_pages_hold_no_script_but_the_theme_own(built, tmp_path):
    # What the theme puts in a harmless page is all a page may hold.
    clean = build_app("html", ROOTS / "test-fidelity", tmp_path)
    allowed = set().union(*(_scripts(page) for page in _pages(clean)))
    for page in _pages(built):
        assert _scripts(page) <= allowed, page
        tree = html.fromstring(page.read_bytes())
        for element in tree.iter():
            if not isinstance(element.tag, str):
                continue
            for name, value in element.attrib.items():
                assert not name.lower().startswith("on"), (page, name)
                if name in ("href", "src", "data", "action"):
                    assert not re.match(r"\s*(javascript|vbscript|data):", value, re.I), (
                        page,
                        value,
                    )


def test_nothing_runs_in_the_browser(built):
    with serve(built.outdir) as base, chromium() as browser:
        page = browser.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        for path in _pages(built):
            page.goto(base + path.relative_to(built.outdir).as_posix())
            # Give every element the events hostile handlers wait for.
            page.evaluate(
                """for (const element of document.querySelectorAll('*')) {
                     for (const type of ['mouseover', 'click', 'focus', 'load', 'error']) {
                       element.dispatchEvent(new Event(type));
                     }
                   }"""
            )
            page.wait_for_timeout(100)
        assert dialogs == []
