"""Incremental and parallel builds give the same output as a clean build.

Aggregate pages are rewritten only when what they show changes: a footnote edit rewrites
its page alone; an event's new date also rewrites the chronology.
"""

from __future__ import annotations

import os
import shutil
from io import StringIO
from pathlib import Path

from sphinx.testing.util import SphinxTestApp

from conftest import ROOTS, warnings_of


def make_app(
    srcdir: Path, outdir: Path, *, fresh: bool = False, parallel: int = 0
) -> SphinxTestApp:
    return SphinxTestApp(
        "html",
        srcdir=srcdir,
        builddir=outdir,
        freshenv=fresh,
        parallel=parallel,
        status=StringIO(),
        warning=StringIO(),
    )


def build(
    srcdir: Path, outdir: Path, *, fresh: bool = False, parallel: int = 0
) -> tuple[SphinxTestApp, list[str]]:
    """Build; return the app and the docnames written."""
    app = make_app(srcdir, outdir, fresh=fresh, parallel=parallel)
    written: list[str] = []
    app.connect("html-page-context", lambda app, name, *args: written.append(name))
    try:
        app.build()
    finally:
        app.cleanup()
    assert warnings_of(app) == []
    pages = sorted(name for name in written if name not in {"genindex", "search"})
    return app, pages


def html_files(outdir: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(outdir)): path.read_bytes() for path in sorted(outdir.rglob("*.html"))
    }


def copy_root(tmp_path: Path) -> Path:
    target = tmp_path / "src"
    shutil.copytree(ROOTS / "test-annotations", target)
    return target


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_parallel_incremental_build_equals_clean_build(tmp_path):
    src = copy_root(tmp_path)
    build(src, tmp_path / "inc", fresh=True, parallel=2)
    edit(src / "source.md", "counted differently", "counted in different ways")
    edit(src / "extra.md", ":date: 2000-10-28", ":date: 2000-10")
    build(src, tmp_path / "inc", parallel=2)
    build(src, tmp_path / "clean", fresh=True)
    incremental = html_files(tmp_path / "inc" / "html")
    clean = html_files(tmp_path / "clean" / "html")
    assert incremental.keys() == clean.keys()
    for name in clean:
        assert incremental[name] == clean[name], name


def test_deleting_an_events_page_rewrites_the_pages_that_link_to_it(tmp_path):
    """Once the source page kept its link to the deleted page (the warning was given)."""
    src = copy_root(tmp_path)
    # Out of the toctree, so that deleting it changes no other page's navigation (which
    # Sphinx does not rewrite either).
    edit(src / "index.md", "extra\n", "")
    edit(src / "extra.md", "# An event", "---\norphan: true\n---\n# An event")
    build(src, tmp_path / "inc", fresh=True)
    (src / "extra.md").unlink()  # it defines elections-2000, which source.md mentions
    for outdir, fresh in ((tmp_path / "inc", False), (tmp_path / "clean", True)):
        app = make_app(src, outdir, fresh=fresh)
        try:
            app.build()
        finally:
            app.cleanup()
        assert [line.rsplit(": ", 1)[-1] for line in warnings_of(app)] == [
            "unknown event 'elections-2000' in {event}`2000 <elections-2000>` [edition.event]"
        ]
    (tmp_path / "inc" / "html" / "extra.html").unlink()  # Sphinx leaves removed pages' files
    incremental = html_files(tmp_path / "inc" / "html")
    clean = html_files(tmp_path / "clean" / "html")
    assert b"extra.html" not in incremental["source.html"]
    assert incremental.keys() == clean.keys()
    for name in clean:
        assert incremental[name] == clean[name], name


def test_renaming_an_event_rewrites_only_the_pages_that_link_to_it(tmp_path):
    src = copy_root(tmp_path)
    build(src, tmp_path / "out", fresh=True)
    edit(src / "extra.md", "Municipal elections in Kosovo", "Municipal elections")
    app, written = build(src, tmp_path / "out")
    # The link's tooltip on source.md is the event's title.
    assert written == sorted({"chronology", "extra", "source"} | toctree_parents(app, "extra"))


def toctree_parents(app: SphinxTestApp, docname: str) -> set[str]:
    """Pages Sphinx always rewrites with ``docname``: those whose toctree lists it."""
    return {parent for parent, children in app.env.toctree_includes.items() if docname in children}


def test_footnote_edit_rewrites_only_its_page(tmp_path):
    src = copy_root(tmp_path)
    build(src, tmp_path / "out", fresh=True)
    edit(src / "source.md", "counted differently", "counted in different ways")
    app, written = build(src, tmp_path / "out")
    assert toctree_parents(app, "source") == {"index"}
    assert written == sorted({"source"} | toctree_parents(app, "source"))


def test_event_date_change_rewrites_the_chronology(tmp_path):
    src = copy_root(tmp_path)
    build(src, tmp_path / "out", fresh=True)
    edit(src / "extra.md", ":date: 2000-10-28", ":date: 2000-10-29")
    app, written = build(src, tmp_path / "out")
    assert written == sorted({"extra", "chronology"} | toctree_parents(app, "extra"))


def test_new_claim_span_rewrites_the_register_and_catalogue_counts(tmp_path):
    src = copy_root(tmp_path)
    build(src, tmp_path / "out", fresh=True)
    edit(
        src / "extra.md",
        "were peaceful.",
        "were {claim}`peaceful <peaceful>`.\n\n"
        ":::{disputed} peaceful\n:level: dubious\n:claimant: The sample\n:status: open\nNot all.\n:::\n",
    )
    _app, written = build(src, tmp_path / "out")
    assert written == ["claims", "extra", "index", "source"]


def test_warnings_are_given_again_on_an_unchanged_rebuild(tmp_path):
    """A failed build followed by a build with nothing changed must fail again."""
    src = copy_root(tmp_path)
    edit(src / "source.md", "The end.", "The end!")  # a fidelity error, found while reading
    edit(src / "extra.md", "<elections-2000>", "<no-such-event>")  # found checking records
    for _run in range(3):
        app = make_app(src, tmp_path / "out")
        try:
            app.build()
        finally:
            app.cleanup()
        subtypes = sorted(line.rsplit("[", 1)[-1] for line in warnings_of(app))
        assert subtypes == ["edition.event]", "edition.fidelity]"]


def rewritten(outdir: Path) -> set[str]:
    """The open-data files written since the last call (which marks them all as old).

    Marking with a fixed time, rather than comparing times, does not depend on the
    file system's clock resolution.
    """
    files = list((outdir / "html" / "data").iterdir())
    written = {path.name for path in files if path.stat().st_mtime_ns != 1}
    for path in files:
        os.utime(path, ns=(1, 1))
    return written


def test_exports_are_made_again_only_when_what_they_show_changes(tmp_path):
    src = copy_root(tmp_path)
    out = tmp_path / "out"
    build(src, out, fresh=True)
    assert rewritten(out) == {"sample.tei.xml", "sample.annotations.jsonld", "registers.xml"}

    build(src, out)
    assert rewritten(out) == set()

    edit(src / "source.md", "counted differently", "counted in different ways")
    build(src, out)
    assert rewritten(out) == {"sample.tei.xml", "sample.annotations.jsonld"}
    assert "counted in different ways" in (out / "html" / "data" / "sample.tei.xml").read_text()

    # The source page is not read again, but its TEI dates the event it mentions.
    edit(src / "chronology.md", ":date: 1999-05-27", ":date: 1999-05-24")
    build(src, out)
    assert rewritten(out) == {"sample.tei.xml", "sample.annotations.jsonld", "registers.xml"}
    assert 'when="1999-05-24"' in (out / "html" / "data" / "sample.tei.xml").read_text()

    (out / "html" / "data" / "sample.tei.xml").unlink()
    build(src, out)
    assert rewritten(out) == {"sample.tei.xml"}
