"""A build frees each doctree once Sphinx is done with it, tunes the collector only
while it runs, and spares the process freeing its objects at exit
(``edition_tools.patches.memory``)."""

from __future__ import annotations

import gc
import subprocess
import sys
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from docutils import nodes
from sphinx.testing.util import SphinxTestApp

from conftest import ROOTS, warnings_of
from edition_tools.config import DEFAULT_GC_THRESHOLD
from edition_tools.patches.memory import release_doctree


@contextmanager
def edition_app(tmp_path: Path, **kwargs: Any) -> Iterator[SphinxTestApp]:
    """A build of the annotation test root (serial HTML unless told), to connect handlers to."""
    kwargs.setdefault("buildername", "html")
    app = SphinxTestApp(
        srcdir=ROOTS / "test-annotations",
        builddir=tmp_path / "out",
        freshenv=True,
        status=StringIO(),
        warning=StringIO(),
        **kwargs,
    )
    try:
        yield app
    finally:
        app.cleanup()


def alive(refs: list[weakref.ref[nodes.document]]) -> int:
    return sum(ref() is not None for ref in refs)


def build_without_the_collector(app: SphinxTestApp) -> None:
    """Build with the cyclic collector off: what is freed, reference counting freed."""
    gc.disable()
    try:
        app.build()
    finally:
        gc.enable()


def test_a_serial_build_keeps_one_read_doctree_in_memory(tmp_path):
    """Sphinx would keep every page's doctree from reading to writing; we keep the last."""
    with edition_app(tmp_path) as app:
        held: list[int] = []
        app.connect("env-updated", lambda app, env: held.append(len(env._write_doc_doctree_cache)))
        app.build()
    assert warnings_of(app) == []
    assert len(app.env.found_docs) > 5
    assert held == [1]


def test_written_doctrees_are_freed_without_the_cyclic_collector(tmp_path):
    """With the collector off, a doctree in reference cycles would stay in memory."""
    resolved: list[weakref.ref[nodes.document]] = []
    with edition_app(tmp_path) as app:
        app.connect(
            "doctree-resolved", lambda app, doctree, name: resolved.append(weakref.ref(doctree))
        )
        build_without_the_collector(app)
    assert warnings_of(app) == []
    assert len(resolved) > 5
    # At most the last page written is still held (by Sphinx's HTML writer).
    assert alive(resolved) <= 1


@pytest.mark.parametrize("buildername", ["html", "text"])
def test_a_written_page_is_freed_before_the_next_is_filled(tmp_path, buildername):
    """The aggregate pages are a build's largest doctrees, filled once resolved by handlers
    at the default priority or earlier: each page must be gone before the next is filled."""
    pages: list[list[weakref.ref[nodes.Element]]] = []
    still_alive: list[float] = []  # the share of each page's nodes alive at the next one

    def check(app: SphinxTestApp, doctree: nodes.document, name: str) -> None:
        if pages:
            alive_now = sum(ref() is not None for ref in pages[-1])
            still_alive.append(alive_now / len(pages[-1]))
        # sphinxcontrib-bibtex keeps its citations, to link to them.
        kept = {
            id(node) for citation in doctree.findall(nodes.citation) for node in citation.findall()
        }
        pages.append(
            [weakref.ref(node) for node in doctree.findall(nodes.Element) if id(node) not in kept]
        )

    with edition_app(tmp_path, buildername=buildername) as app:
        app.connect("doctree-resolved", check, priority=100)
        build_without_the_collector(app)
    assert warnings_of(app) == []
    assert len(still_alive) > 5
    # A few nodes may wait for the collector (a cross-reference replaced by its link, the
    # last table's columns, which the writer keeps), never the page.
    assert max(still_alive) < 0.5, still_alive


@pytest.mark.parametrize("parallel", [0, 2])
def test_the_bytes_of_a_written_page_are_not_kept(tmp_path, parallel):
    """Sphinx reads each page's doctree back from disk to write it, and would keep the
    bytes it read for the rest of the build."""
    with edition_app(tmp_path, parallel=parallel) as app:
        written: list[str] = []
        app.connect("doctree-resolved", lambda app, doctree, name: written.append(name))
        app.build()
    assert warnings_of(app) == []
    assert len(written) > 5
    assert set(written).isdisjoint(app.env._pickled_doctree_cache)


def test_the_bytes_of_pages_are_kept_for_builders_that_read_them_again(tmp_path):
    with edition_app(tmp_path, buildername="singlehtml") as app:
        app.build()
    assert warnings_of(app) == []
    assert app.env._pickled_doctree_cache


def test_a_released_doctree_keeps_its_content():
    """Nodes still held elsewhere keep their children and attributes, not their parent."""
    document = nodes.document(None, None)
    paragraph = nodes.paragraph("", "", nodes.Text("kept"), ids=["p1"])
    document += nodes.section("", paragraph)
    release_doctree(document)
    assert paragraph.astext() == "kept"
    assert paragraph["ids"] == ["p1"]
    assert paragraph.parent is None
    assert paragraph.document is None


def thresholds_seen(app: SphinxTestApp) -> dict[str, set[tuple[int, int, int]]]:
    """The collector's thresholds seen while reading (serial builds) and while writing."""
    seen: dict[str, set[tuple[int, int, int]]] = {"reading": set(), "writing": set()}
    app.connect("doctree-read", lambda app, doctree: seen["reading"].add(gc.get_threshold()))
    app.connect("doctree-resolved", lambda app, *args: seen["writing"].add(gc.get_threshold()))
    return seen


def test_the_collector_is_tuned_during_the_build_and_set_back_after(tmp_path):
    before = gc.get_threshold()
    tuned = (DEFAULT_GC_THRESHOLD, *before[1:])
    with edition_app(tmp_path) as app:
        # From the configuration on, so that loading a pickled environment is spared too.
        assert gc.get_threshold() == tuned
        seen = thresholds_seen(app)
        app.build()
    assert seen == {"reading": {tuned}, "writing": {tuned}}
    assert gc.get_threshold() == before


def test_the_collector_is_set_back_when_an_application_is_never_built(tmp_path):
    """No ``build-finished`` comes: the setting goes when the application is freed (Sphinx's
    logging holds an application until the next one starts)."""
    before = gc.get_threshold()
    with edition_app(tmp_path / "first"):
        assert gc.get_threshold() != before
    with edition_app(tmp_path / "second", confoverrides={"edition_gc_threshold": 0}):
        gc.collect()
        assert gc.get_threshold() == before


def test_the_collector_is_left_alone_when_written_pages_are_kept(tmp_path):
    """LaTeX assembles its pages into one document: the written pages are not released,
    so a less eager collector would only make the build hold more memory."""
    before = gc.get_threshold()
    with edition_app(tmp_path, buildername="latex") as app:
        assert gc.get_threshold() == before  # set back once the builder was known
        seen = thresholds_seen(app)
        app.build()
    assert seen == {"reading": {before}, "writing": {before}}
    assert gc.get_threshold() == before


def test_a_parallel_build_tunes_the_collector_but_keeps_its_pages(tmp_path):
    """With ``-j`` the main process resolves the pages that workers write: the less eager
    collector saves it time, and no page is released before a worker has written it."""
    before = gc.get_threshold()
    tuned = (DEFAULT_GC_THRESHOLD, *before[1:])
    resolved: list[weakref.ref[nodes.document]] = []
    with edition_app(tmp_path, parallel=2) as app:
        seen = thresholds_seen(app)  # pages are read in other processes
        app.connect(
            "doctree-resolved", lambda app, doctree, name: resolved.append(weakref.ref(doctree))
        )
        gc.disable()
        try:
            app.build()
            # Sphinx held every page for its workers: none was cut loose for reference
            # counting to free (the collector, off, freed none either).
            assert alive(resolved) == len(resolved) > 5
        finally:
            gc.enable()
    assert warnings_of(app) == []
    assert seen["writing"] == {tuned}
    assert gc.get_threshold() == before


def test_a_zero_threshold_leaves_the_collector_alone(tmp_path):
    before = gc.get_threshold()
    with edition_app(tmp_path, confoverrides={"edition_gc_threshold": 0}) as app:
        seen = thresholds_seen(app)
        app.build()
    assert seen == {"reading": {before}, "writing": {before}}
    assert gc.get_threshold() == before


# Registered before Sphinx runs, this handler runs after the edition's (atexit calls
# handlers last in, first out): it sees whether everything alive was frozen.
REPORT_FREEZE_AT_EXIT = """
import atexit, gc, sys
from sphinx.cmd.build import main
atexit.register(lambda: print("frozen at exit:", gc.get_freeze_count()))
print("frozen after the build:", (main(sys.argv[1:]), gc.get_freeze_count()))
"""


def frozen_counts(tmp_path: Path, *options: str) -> list[str]:
    """Build the test root in a new process; what it printed of the frozen objects."""
    result = subprocess.run(
        [
            *(sys.executable, "-c", REPORT_FREEZE_AT_EXIT, "-q", "-b", "html", *options),
            *(str(ROOTS / "test-annotations"), str(tmp_path / "out")),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def test_the_process_leaves_its_objects_to_the_system_at_exit(tmp_path):
    """Python would free every object of the build one by one as the process exits."""
    after_build, at_exit = frozen_counts(tmp_path)
    assert after_build == "frozen after the build: (0, 0)"  # nothing changes before exit
    assert int(at_exit.removeprefix("frozen at exit: ")) > 10_000


def test_a_zero_threshold_leaves_exit_alone(tmp_path):
    assert frozen_counts(tmp_path, "-D", "edition_gc_threshold=0") == [
        "frozen after the build: (0, 0)",
        "frozen at exit: 0",
    ]
