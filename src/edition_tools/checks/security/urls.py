"""Which URLs a contributed page may link to, or load from: an allowlist of schemes.

Pure functions, no Sphinx. A URL is read as a browser reads it before deciding what it
is: character references decoded (``jav&#x09;ascript:``), ASCII tab and line breaks
removed anywhere, C0 controls and spaces stripped at the ends, the scheme compared
without case, a backslash taken for a slash. Only then is its scheme compared with the
allowlist: a denylist of bad schemes would miss the next one a browser learns.
"""

from __future__ import annotations

import html
import re
from enum import Enum

__all__ = ["LinkVerdict", "browser_form", "judge_link", "judge_resource"]

#: Schemes a reader may follow from a page.
LINK_SCHEMES = frozenset({"http", "https", "mailto"})

# What the URL standard removes before parsing: tab and newlines anywhere, C0 controls
# and spaces at either end.
_REMOVED_ANYWHERE = re.compile(r"[\t\n\r]")
_STRIPPED_AT_ENDS = "".join(chr(code) for code in range(0x21))
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")


class LinkVerdict(Enum):
    """What a URL is, for a page of the edition."""

    RELATIVE = "relative"  #: a path or fragment inside the edition
    EXTERNAL = "external"  #: http, https or mailto: another site, followed by a reader
    REFUSED = "refused"  #: any other scheme (javascript:, data:, file:, vbscript:, ...)


def browser_form(url: str) -> str:
    """``url`` as a browser parses it: references decoded, tabs and ends removed."""
    decoded = html.unescape(url)
    return _REMOVED_ANYWHERE.sub("", decoded).strip(_STRIPPED_AT_ENDS).replace("\\", "/")


def scheme_of(url: str) -> str | None:
    """The scheme of ``url`` (lower case) as a browser reads it, or ``None`` if relative."""
    match = _SCHEME.match(browser_form(url))
    return match.group(1).lower() if match else None


def judge_link(url: str) -> LinkVerdict:
    """Whether a reader may follow ``url`` from a page of the edition."""
    scheme = scheme_of(url)
    if scheme is None:
        return LinkVerdict.RELATIVE
    return LinkVerdict.EXTERNAL if scheme in LINK_SCHEMES else LinkVerdict.REFUSED


def judge_resource(url: str) -> LinkVerdict:
    """Whether a page may load ``url`` (an image, a download): from the edition only.

    A protocol-relative ``//host/x`` is another site; so is any scheme at all, http
    included, since the edition promises a reader that it makes no request elsewhere.
    """
    form = browser_form(url)
    if scheme_of(url) is not None or form.startswith("//"):
        return LinkVerdict.REFUSED
    return LinkVerdict.RELATIVE
