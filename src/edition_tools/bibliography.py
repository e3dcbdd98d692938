"""What the edition needs of sphinxcontrib-bibtex: its domain, the keys cited, and speed.

sphinxcontrib-bibtex asks pybtex for its style plugins at every citation it resolves,
and pybtex looks them up among all installed entry points each time (reading package
metadata from disk): in a large edition that is most of the build. Plugins do not change
during a build, so :func:`cache_pybtex_plugin_lookup` memoises the lookup of installed
entry points (plugins registered at run time are still found first, as before).
"""

from __future__ import annotations

import functools
from typing import Any

from sphinx.environment import BuildEnvironment
from sphinx.errors import ExtensionError

__all__ = ["bibtex_domain", "cache_pybtex_plugin_lookup", "cited_keys"]


def bibtex_domain(env: BuildEnvironment) -> Any | None:
    """sphinxcontrib-bibtex's ``cite`` domain, or ``None`` when the project does not use it."""
    try:
        return env.get_domain("cite")
    except ExtensionError:
        return None


def cited_keys(env: BuildEnvironment) -> set[str]:
    """Every bibliography key cited anywhere in the project."""
    domain = bibtex_domain(env)
    if domain is None:
        return set()
    return {target.key for ref in domain.citation_refs for target in ref.targets}


def cache_pybtex_plugin_lookup() -> None:
    """Memoise pybtex's search of installed entry points for a plugin (idempotent)."""
    try:
        import pybtex.plugin as plugin
    except ImportError:
        return
    if getattr(plugin.entry_points, "cache_info", None) is not None:
        return
    search = plugin.entry_points

    @functools.cache
    def cached(group: str, name: str | None) -> tuple[Any, ...]:
        found = search(group=group) if name is None else search(group=group, name=name)
        return tuple(found)

    def entry_points(*, group: str, name: str | None = None) -> tuple[Any, ...]:
        return cached(group, name)

    entry_points.cache_info = cached.cache_info  # type: ignore[attr-defined]
    plugin.entry_points = entry_points
