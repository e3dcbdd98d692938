"""The licence of the editorial matter, as every export states it."""

from __future__ import annotations

__all__ = ["LICENCE", "LICENCE_NAME"]

#: Creative Commons Attribution 4.0 International: the Data page says so.
LICENCE = "https://creativecommons.org/licenses/by/4.0/"
LICENCE_NAME = "Creative Commons Attribution 4.0 International"
