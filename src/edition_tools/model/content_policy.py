"""The Content-Security-Policy of the edition's pages: what a page may load and run."""

from __future__ import annotations

__all__ = ["CONTENT_SECURITY_POLICY"]

#: The Content-Security-Policy every page of the theme begins with (a ``<meta>``, since
#: the edition is served as static files from hosts whose headers it does not set).
#: Script only from the edition's own files: an inline script or event handler that
#: reached a page would still not run. ``style-src-elem`` refuses ``<style>`` elements
#: while ``style-src`` keeps the ``style`` attributes docutils writes on tables (browsers
#: that do not know ``style-src-elem`` fall back to ``style-src``). ``form-action 'self'``
#: keeps the search form working. A ``<meta>`` policy cannot set ``frame-ancestors`` and
#: does not stop a meta refresh: the output audit refuses those
#: (:mod:`edition_tools.checks.security.output_audit`).
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "style-src-elem 'self'; img-src 'self'; font-src 'self'; connect-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-src 'none'; "
    "worker-src 'none'; manifest-src 'self'"
)
