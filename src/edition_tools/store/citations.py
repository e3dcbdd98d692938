"""The bibliography's store: sphinxcontrib-bibtex's ``cite`` domain, read through views."""

from __future__ import annotations

from typing import Any

from sphinx.environment import BuildEnvironment
from sphinx.errors import ExtensionError

__all__ = ["bibtex_domain", "cited_keys"]


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
