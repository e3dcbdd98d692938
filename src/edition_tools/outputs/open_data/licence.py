"""The licence of the editorial matter, as every export states it.

An edition names it in ``conf.py`` (``edition_licence``: the licence's address, and
``edition_licence_name``); the defaults are this project's, Creative Commons Attribution
4.0 International, which the Data page states.
"""

from __future__ import annotations

from sphinx.config import Config

__all__ = ["LICENCE", "LICENCE_NAME", "licence_name", "licence_url"]

#: Creative Commons Attribution 4.0 International: the defaults of the two settings.
LICENCE = "https://creativecommons.org/licenses/by/4.0/"
LICENCE_NAME = "Creative Commons Attribution 4.0 International"


def licence_url(config: Config) -> str:
    """The address of the editorial matter's licence (``edition_licence``)."""
    return str(config.edition_licence)


def licence_name(config: Config) -> str:
    """The name of the editorial matter's licence (``edition_licence_name``)."""
    return str(config.edition_licence_name)
