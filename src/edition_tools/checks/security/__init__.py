"""What the edition lets untrusted contributions reach: the checks of pages, doctrees and output.

The threat model is in ``docs/security.md``. Each module closes one way in:

* :mod:`.page_config`: front matter, ``docutils.conf`` and page formats, which would
  configure the parser;
* :mod:`.vocabulary`: the directives, roles and options a page may use;
* :mod:`.doctree_allowlist`: the node types, classes and URLs a page may hold;
* :mod:`.output_audit` and :mod:`.active_files`: what readers receive, every written page
  parsed as a browser parses it and every copied file, after the build;
* :mod:`.urls`: which URLs are links a reader may follow, and which resources a page may
  load.
"""

from __future__ import annotations

from sphinx.application import Sphinx

from edition_tools.checks.security.doctree_allowlist import setup_doctree_allowlist
from edition_tools.checks.security.output_audit import setup_output_audit
from edition_tools.checks.security.page_config import setup_page_config
from edition_tools.checks.security.vocabulary import setup_vocabulary

__all__ = ["setup_security"]


def setup_security(app: Sphinx) -> None:
    """Register every check of untrusted content."""
    setup_page_config(app)
    setup_vocabulary(app)
    setup_doctree_allowlist(app)
    setup_output_audit(app)
