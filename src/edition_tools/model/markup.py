"""Recognise what could run code in a browser: tags, script URLs, event handlers.

Pure functions, shared by the checks of pages, the catalogue and the bibliography.
"""

from __future__ import annotations

import re

__all__ = ["markup_in_value", "web_url"]

_MARKUP = re.compile(
    r"<[a-z!/?][^>\n]{0,40}>?|\b(?:javascript|vbscript)\s*:|\son[a-z]+\s*=", re.IGNORECASE
)
_WEB_URL = re.compile(r"^https?://[^\s<>\"']+$")


def markup_in_value(value: str) -> str | None:
    """The first HTML tag, script URL or event handler in a plain value, if any."""
    match = _MARKUP.search(value)
    return match.group(0).strip() if match else None


def web_url(value: str) -> bool:
    """Whether ``value`` is a plain http(s) URL, safe to make a link of."""
    return bool(_WEB_URL.match(value))
