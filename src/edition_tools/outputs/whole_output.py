"""An output folder is whole: one build at a time, never a cut-short build's remains.

Every build that loads the extension (``make html``, ``sphinx-build``, ``edition build``)
gets these, from ``config-inited`` on:

* Two builds writing into ``docs/_build`` at once overwrite each other's pages, search
  index and pickled environment: :class:`BuildLock` makes the second wait, with a
  message (``edition build`` refuses at once instead), rather than crash or leave mixed
  output.
* A build killed while it writes leaves pages, a search index and a sitemap that
  Sphinx's next incremental build takes for finished: :class:`IncompleteMarker`
  remembers that a build began and did not end, and the next one reads every page
  afresh (the pickled environment is thrown away before Sphinx loads it), so that every
  page, the search index and the sitemap are written whole.
* sphinx-sitemap (2.9) lists the pages written in this build only: an incremental
  build's sitemap lost every page it did not rewrite. The pages not written are added.
"""

from __future__ import annotations

import fcntl
import os
import queue
from pathlib import Path
from types import TracebackType
from typing import Any
from weakref import WeakKeyDictionary

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import SphinxError
from sphinx.util import logging

__all__ = [
    "LOCK_NAME",
    "MARKER_NAME",
    "AnotherBuildRunningError",
    "BuildLock",
    "IncompleteMarker",
    "setup_whole_output",
]

_logger = logging.getLogger(__name__)

#: The lock file, in the build folder (``docs/_build``).
LOCK_NAME = ".edition.lock"
#: The marker of a build that began and has not ended, beside the builder's output
#: folder (inside it, the EPUB builder would pack it into the book).
MARKER_NAME = ".edition-incomplete"


class AnotherBuildRunningError(SphinxError):
    """Another process holds the build lock; the message says which file."""

    category = "Another build is running"


class BuildLock:
    """An exclusive ``flock`` on ``build_dir/.edition.lock``, refused at once if taken.

    The kernel drops a ``flock`` when its holder dies, even by ``kill -9``, so a stale
    lock file never blocks a later build.
    """

    def __init__(self, build_dir: Path, shown_as: str | None = None) -> None:
        self.path = build_dir / LOCK_NAME
        self.shown_as = shown_as or str(self.path)
        self._fd: int | None = None

    def __enter__(self) -> BuildLock:
        self.acquire(wait=False)
        return self

    def acquire(self, *, wait: bool) -> None:
        """Take the lock; if another process has it, wait, or refuse at once.

        Raise :class:`AnotherBuildRunningError` when refusing.
        """
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if not wait:
                os.close(fd)
                raise AnotherBuildRunningError(self.busy_message()) from None
            _logger.info("edition: waiting for another build to finish (%s)", self.shown_as)
            fcntl.flock(fd, fcntl.LOCK_EX)
        self._fd = fd

    def busy_message(self) -> str:
        """What a build that may not wait says."""
        return f"another build of this edition is running ({self.shown_as}); wait for it to finish"

    def is_held_elsewhere(self) -> bool:
        """Whether another process holds the lock now (asked without taking it)."""
        try:
            self.acquire(wait=False)
        except AnotherBuildRunningError:
            return True
        self.__exit__(None, None, None)
        return False

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._fd is not None:
            # Closing the descriptor releases the lock; the file stays, harmlessly.
            os.close(self._fd)
            self._fd = None


class IncompleteMarker:
    """A file beside an output folder saying a build into it began and has not finished."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir
        self.path = out_dir.parent / f"{MARKER_NAME}-{out_dir.name}"

    def previous_build_was_cut_short(self) -> bool:
        """Whether a build into this folder began and never finished."""
        return self.path.exists()

    def begin(self) -> None:
        """Mark the folder as being written."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(
            "A build into this folder began and has not finished; the next build reads "
            "every page afresh.\n",
            encoding="utf-8",
        )

    def finish(self) -> None:
        """The build ended: its output is whole."""
        self.path.unlink(missing_ok=True)


def lock_for(outdir: Path, shown_from: Path) -> BuildLock:
    """The lock of the build folder holding ``outdir``, shown relative to ``shown_from``."""
    build_dir = outdir.parent
    return BuildLock(build_dir, shown_as=os.path.relpath(build_dir / LOCK_NAME, shown_from))


#: The lock each build holds until it finishes (per application: tests run several).
_LOCKS: WeakKeyDictionary[Sphinx, BuildLock] = WeakKeyDictionary()


def begin_build(app: Sphinx, config: Config) -> None:
    """Take the lock; start afresh after a cut-short build; mark the build begun.

    ``config-inited`` comes before Sphinx loads the pickled environment, so removing it
    here makes this build read every page.
    """
    outdir = Path(app.outdir)
    lock = lock_for(Path(app.outdir), Path(app.srcdir).parent)
    # A second `make html` waits for the first (refusing would end in Sphinx's report of
    # an error, with its traceback); `edition build` refuses before it starts.
    lock.acquire(wait=True)
    _LOCKS[app] = lock
    marker = IncompleteMarker(outdir)
    if marker.previous_build_was_cut_short():
        _logger.info(
            "edition: the last build into %s did not finish; building afresh",
            os.path.relpath(outdir, Path(app.srcdir).parent),
        )
        (Path(app.doctreedir) / "environment.pickle").unlink(missing_ok=True)
    marker.begin()


def end_build(app: Sphinx, exception: BaseException | None) -> None:
    """The build is over: its output is whole unless it failed; release the lock."""
    if exception is None:
        IncompleteMarker(Path(app.outdir)).finish()
    lock = _LOCKS.pop(app, None)
    if lock is not None:
        lock.__exit__(None, None, None)


def complete_sitemap(app: Sphinx, exception: BaseException | None) -> None:
    """Have sphinx-sitemap list every page, not only those this build wrote.

    sphinx-sitemap (written for 2.9) queues a page's link in ``html-page-context``,
    which fires only for pages written in this build (in the worker processes of a
    ``-j`` build), and writes ``sitemap.xml`` from the queue at ``build-finished``. Just
    before, every page's link is queued through its own function (which knows the
    excluded pages and the directory builder), each link kept once, in order: the
    sitemap of an incremental build is then the same as a full build's.
    """
    links = getattr(app, "sitemap_links", None)
    if exception is not None or links is None or app.builder.name not in {"html", "dirhtml"}:
        return
    from sphinx_sitemap import add_html_link  # type: ignore[import-untyped]

    written = _drained(links)
    for docname in sorted(app.env.found_docs):
        add_html_link(app, docname, None, None, None)
    every: dict[str, Any] = dict(_drained(links))
    every.update(written)  # a written page's own entry (with its date) is kept
    for link, last_updated in sorted(every.items()):
        links.put((link, last_updated))


def _drained(links: Any) -> list[tuple[str, Any]]:
    """Everything in a multiprocessing queue, which is left empty."""
    entries: list[tuple[str, Any]] = []
    while True:
        try:
            entries.append(links.get_nowait())
        except queue.Empty:
            return entries


def setup_whole_output(app: Sphinx) -> None:
    """Guard every build (first and last of all handlers) and complete the sitemap."""
    app.connect("config-inited", begin_build, priority=1)
    app.connect("build-finished", complete_sitemap, priority=400)  # before the sitemap
    app.connect("build-finished", end_build, priority=999)
