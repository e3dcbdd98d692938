"""The catalogue of a build, read from disk once and again only when the file changes."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sphinx.environment import BuildEnvironment

from edition_tools.config import catalogue_path
from edition_tools.model.catalogue import Catalogue, load_catalogue

__all__ = ["get_catalogue"]


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
