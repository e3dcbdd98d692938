"""The catalogue of a build, read from disk once and again only when the file changes."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sphinx.environment import BuildEnvironment

from edition_tools.config import catalogue_path
from edition_tools.model.catalogue import Catalogue, load_catalogue
from edition_tools.store.problems import warn_at
from edition_tools.warnings_ import EditionWarning

__all__ = ["get_catalogue", "warn_missing_catalogue"]


@dataclass(frozen=True, slots=True)
class _CachedCatalogue:
    stamp: tuple[int, int]
    catalogue: Catalogue


# A cache of one parsed file, keyed by its path and (mtime, size): not per-document state,
# so it is safe in parallel builds (each process fills its own).
_cache: dict[Path, _CachedCatalogue] = {}


def get_catalogue(env: BuildEnvironment) -> Catalogue:
    """The catalogue of this build, read from disk only when the file changed."""
    path = catalogue_path(env)
    try:
        stat = path.stat()
        stamp = (stat.st_mtime_ns, stat.st_size)
    except OSError:
        stamp = (-1, -1)
    cached = _cache.get(path)
    if cached is None or cached.stamp != stamp:
        cached = _CachedCatalogue(stamp, load_catalogue(path))
        _cache[path] = cached
    return cached.catalogue


def warn_missing_catalogue(env: BuildEnvironment, catalogue: Catalogue, location: Any) -> None:
    """Say, at a page that needs it, that the catalogue file does not exist.

    Only such a page makes it a problem: a Sphinx project may use the glossary, the
    chronology or the claims without sources, and so without a catalogue.
    """
    warn_at(
        env,
        EditionWarning.CATALOGUE,
        f"this page needs the source catalogue, and {catalogue.path} does not exist: "
        "add a source with 'edition new-source', or set edition_catalogue in conf.py",
        location,
    )
