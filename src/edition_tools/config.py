"""Configuration values of the extension, and the paths they resolve to."""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

__all__ = ["catalogue_path", "setup_config"]


def setup_config(app: Sphinx) -> None:
    """Register the extension's configuration values."""
    # "env": every source page depends on the catalogue, so a new path rereads them all.
    app.add_config_value("edition_catalogue", "../sources/catalogue.toml", "env", types=[str])


def catalogue_path(env: BuildEnvironment) -> Path:
    """The catalogue file: ``edition_catalogue``, relative to the source directory."""
    relative: str = env.config.edition_catalogue
    return (Path(env.srcdir) / relative).resolve()
