"""What a build keeps in memory, and how soon Python frees what it has finished with.

Four measures, each tried on the synthetic editions of ``benchmarks/`` (see the
Performance page):

**One doctree at a time while reading.** In a serial build Sphinx keeps each doctree
it has read in memory until the page is written (``BuildEnvironment.
_write_doc_doctree_cache``), which spares it unpickling the doctree again. An annotated
source page has about nine times the nodes of the same text as plain paragraphs, and at
a thousand sources those doctrees came to two thirds of the build's peak memory. Each
doctree is saved to disk before the next page is read, so :func:`forget_saved_doctrees`
empties the cache then, and Sphinx reads each doctree back when it writes the page.

**No pickled doctree kept once its page is written.** Sphinx keeps the bytes of each
doctree it reads back from disk (``BuildEnvironment._pickled_doctree_cache``), in case
it is asked for the same page again; for a build that writes each page once, they only
pile up. Since the measure above has Sphinx read every page back, they came to 70 MB at
a thousand sources, most of what the memory grew by while writing (found by comparing
:mod:`tracemalloc` snapshots a hundred and nine hundred pages in): 56 MB over the
source pages, where plain Sphinx grows by 5.
:func:`forget_pickled_doctree` drops a page's bytes once its doctree is resolved, with
the builders of :data:`RELEASING_BUILDERS`, serial or parallel; a page asked for again
is read from disk again.

**A less eager collector.** Python's cyclic garbage collector starts a young collection
after every 700 new container objects and, now and then, a full one that walks every
object alive. A build makes objects by the million, most of them alive until their page
is done: at a thousand sources it ran 16,562 young collections and 104 full ones, which
took 28 of its 86 seconds (counted with ``gc.callbacks``). From the start of reading the
first threshold is raised to ``edition_gc_threshold`` (20,000; ``0`` leaves Python's
setting), as mypy does for the same reason, and it is set back when the build finishes:
the build took 66 s, but its peak memory rose from 237 to 267 MB, since what a page
leaves behind waits longer to be freed. Hence the next measure. The threshold is raised
as soon as the configuration is read, before Sphinx loads the environment pickled by the
last build: unpickling makes objects by the million, all alive, and the collections it
set off found nothing to free (0.2 of the 2.1 s of a one-page rebuild at a thousand
sources).

**Written doctrees freed at once.** Most of what a page leaves behind is its doctree. A
docutils node holds its parent and its document, so a doctree is a web of reference
cycles that reference counting cannot free: it waits for the collector.
:func:`release_doctree` cuts the node-to-parent and node-to-document links, and
:meth:`MemoryKeeper.release_written` applies it to each page written, once the next
page's doctree is resolved, so that the page is freed when Sphinx drops it: peak memory
back to 238 MB. It runs before the handlers that fill the next page's aggregates and
backlinks: the aggregate pages (the chronology, the claims register, the glossary) are
the largest doctrees of a build, and each was kept while the next was filled (at a
thousand sources, with the measure above, 223 MB at the peak instead of 259). Only in
serial builds with a builder known to write each page before resolving the next
(:data:`RELEASING_BUILDERS`): with ``-j``, resolved doctrees wait in the main process
for a worker to write them. Doctrees of pages read are not released:
MyST's parser holds the top of each until the collector frees the parser, and releasing
them changed neither time nor memory.

**Parallel builds trade memory for time.** With ``-j``, the main process resolves every
page while forked workers write them, and the doctrees waiting for a worker are most of
its objects. Each full collection walks them all, and the walk writes to every object's
header, so the kernel copies each memory page the main process still shares with a
worker. At a thousand sources and ``-j 2``, the main process's full collections took 20
of its 36 seconds of writing. So ``-j`` builds with the builders above get the less
eager collector too, though their doctrees cannot be released: the build took 46 s
instead of 55, and 608 MB at the peak instead of 421 (medians of three). A serial build
is the one that spares memory. Builders that keep every page (LaTeX) are left alone in
either case, once the builder is known.

**No teardown at exit.** When ``sphinx-build`` returns, Python frees every object still
alive, one by one, the environment and its records included: half a second of a
2.5-second incremental build at a thousand sources. :func:`freeze_at_exit` has Python
move them all to the collector's permanent generation as the process exits (an
:mod:`atexit` handler calling :func:`gc.freeze`), so the interpreter leaves their memory
to the operating system, as mypy does for the same reason by ending with
:func:`os._exit` (``mypy.util.hard_exit``). Nothing changes while the process lives: a
test run or a server that builds many times is not affected until it exits.
``edition_gc_threshold = 0`` turns this off too.

Sphinx's doctree caches are private; if they are renamed or removed, the first two
measures do nothing and the build only uses more memory.
"""

from __future__ import annotations

import atexit
import gc
import weakref
from dataclasses import dataclass

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config

__all__ = [
    "MemoryKeeper",
    "forget_pickled_doctree",
    "forget_saved_doctrees",
    "freeze_at_exit",
    "release_doctree",
    "setup_memory",
]


#: Sphinx's builders that write each page before resolving the next, and keep nothing of
#: its doctree: a page they have written can be released. (LaTeX, Texinfo, man pages and
#: single-page HTML assemble pages into one document; other builders are not known.)
RELEASING_BUILDERS = frozenset({"html", "dirhtml", "epub", "text", "xml", "pseudoxml", "dummy"})


def release_doctree(doctree: nodes.document) -> None:
    """Cut a finished doctree's links back to parents and document, so it can be freed.

    The nodes keep their children and attributes (anything still holding one of them
    can read it), but no longer know their parent or their document.
    """
    for node in doctree.findall():
        attributes = vars(node)
        # Back to the class defaults (``None``): ``Node.parent`` and ``Node._document``.
        attributes.pop("parent", None)
        attributes.pop("_document", None)
    # The document's own tables (ids, names, footnotes...) point into the tree.
    vars(doctree).clear()


def forget_saved_doctrees(app: Sphinx, doctree: nodes.document) -> None:
    """Drop the doctrees of the pages read before this one (``doctree-read``).

    They are on disk already: Sphinx pickles a page's doctree right after its
    ``doctree-read`` and before it reads the next page.
    """
    cache = getattr(app.env, "_write_doc_doctree_cache", None)
    if isinstance(cache, dict):
        cache.clear()


def forget_pickled_doctree(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Drop the bytes Sphinx read this page's doctree from (``doctree-resolved``).

    Only with a builder that writes each page once (:data:`RELEASING_BUILDERS`): LaTeX
    and the single-page builders read pages again as they assemble their documents.
    """
    cache = getattr(app.env, "_pickled_doctree_cache", None)
    if isinstance(cache, dict) and app.builder.name in RELEASING_BUILDERS:
        cache.pop(docname, None)


@dataclass
class MemoryKeeper:
    """The collector's settings and the last page written, for one Sphinx application."""

    #: The collector's thresholds before the build, set back when it finishes.
    saved_thresholds: tuple[int, int, int] | None = None
    #: Sets the thresholds back if the application is freed before its build finishes.
    safety_net: weakref.finalize[..., Sphinx] | None = None
    #: The doctree resolved last, released when the next one is resolved.
    last_resolved: nodes.document | None = None

    def tune_collector(self, app: Sphinx, config: Config) -> None:
        """Raise the collector's first threshold (``config-inited``).

        Before Sphinx loads the pickled environment: unpickling makes objects by the
        million, all of them alive, and the collections it set off found nothing to free.
        :meth:`keep_tuning` sets the threshold back once the builder is known, if it is
        not one that :meth:`tunes_collector`; ``build-finished``, which Sphinx emits
        whatever happens once a build has begun, sets it back otherwise. Should Sphinx
        fail before then (a theme it cannot find), it is set back when the application
        is freed.
        """
        threshold: int = config.edition_gc_threshold
        if threshold > 0 and self.saved_thresholds is None:
            self.saved_thresholds = gc.get_threshold()
            gc.set_threshold(threshold, *self.saved_thresholds[1:])
            self.safety_net = weakref.finalize(app, gc.set_threshold, *self.saved_thresholds)

    def keep_tuning(self, app: Sphinx) -> None:
        """Set the collector back if this builder keeps its pages (``builder-inited``)."""
        if not self.tunes_collector(app):
            self.restore_collector(app, None)

    def restore_collector(self, app: Sphinx, exception: Exception | None) -> None:
        """Set the collector's thresholds back (``build-finished``)."""
        if self.saved_thresholds is not None:
            gc.set_threshold(*self.saved_thresholds)
            self.saved_thresholds = None
        if self.safety_net is not None:
            self.safety_net.detach()
            self.safety_net = None
        self.last_resolved = None

    @staticmethod
    def tunes_collector(app: Sphinx) -> bool:
        """Whether this build gets the less eager collector: a builder that keeps no page.

        Serial or parallel (see the module's notes): in a serial build the pages written
        are released, and in a parallel one the time saved is worth the memory.
        """
        return app.builder.name in RELEASING_BUILDERS

    @staticmethod
    def releases(app: Sphinx) -> bool:
        """Whether this build releases each page it has written (serial, known builder).

        With ``-j`` resolved doctrees wait in the main process for a worker to write them.
        """
        return app.parallel <= 1 and app.builder.name in RELEASING_BUILDERS

    def release_written(self, app: Sphinx, doctree: nodes.document, docname: str) -> None:
        """Free the page written before this one (``doctree-resolved``), if :meth:`releases`."""
        if not self.releases(app):
            return
        if self.last_resolved is not None and self.last_resolved is not doctree:
            release_doctree(self.last_resolved)
        self.last_resolved = doctree


def freeze_at_exit(app: Sphinx) -> None:
    """Have Python freeze every object as the process exits (``builder-inited``).

    Once a process, however many builds it runs: :func:`atexit.unregister` drops an
    earlier registration first. ``edition_gc_threshold = 0`` leaves exit as it was.
    """
    if app.config.edition_gc_threshold > 0:
        atexit.unregister(gc.freeze)
        atexit.register(gc.freeze)


def setup_memory(app: Sphinx) -> None:
    """Register the configuration value and the handlers."""
    keeper = MemoryKeeper()
    app.connect("builder-inited", freeze_at_exit)
    app.connect("config-inited", keeper.tune_collector)
    app.connect("builder-inited", keeper.keep_tuning)
    app.connect("build-finished", keeper.restore_collector)
    app.connect("doctree-read", forget_saved_doctrees)
    # Before the handlers that fill the page's aggregates (at the default priority).
    app.connect("doctree-resolved", keeper.release_written, priority=1)
    app.connect("doctree-resolved", forget_pickled_doctree)
