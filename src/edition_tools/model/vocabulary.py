"""The vocabulary a contributed page may use: directives, roles and front-matter keys.

Data only; held to by :mod:`edition_tools.checks.security`, and the defaults of the
configuration values ``edition_allowed_directives``, ``edition_allowed_roles`` and
``edition_front_matter_keys`` (which a project may extend in ``conf.py``).
"""

from __future__ import annotations

__all__ = ["ALLOWED_DIRECTIVES", "ALLOWED_ROLES", "FRONT_MATTER_KEYS"]

#: The directives of the edition's pages: its own, and the few of Sphinx, docutils and
#: sphinxcontrib-bibtex that a page of notes, registers and sources needs.
ALLOWED_DIRECTIVES = frozenset(
    {
        # the edition's own
        "source-text",
        "event",
        "chronology",
        "disputed",
        "claims-register",
        "ai-content",
        "paratext",
        "source-catalogue",
        "edition-contributors",
        "edition-data-files",
        "edition-warning-types",
        "edition-refused-inclusion",
        "edition-refused-eval-rst",
        # structure and registers
        "toctree",
        "glossary",
        "rubric",
        "only",
        "bibliography",
        "footbibliography",
        "include",
        # boxes, figures, tables and code an editorial page may show
        "note",
        "warning",
        "tip",
        "important",
        "seealso",
        "admonition",
        "epigraph",
        "figure",
        "image",
        "table",
        "list-table",
        "csv-table",
        "code-block",
        "literalinclude",
    }
)

#: The roles of the edition's pages.
ALLOWED_ROLES = frozenset(
    {
        "claim",
        "event",
        "author-note",
        "term",
        "doc",
        "ref",
        "numref",
        "download",
        "abbr",
        "sub",
        "sup",
        "cite:p",
        "cite:t",
        "cite:ps",
        "cite:ts",
        "cite:ct",
        "cite:cp",
        "cite:alp",
        "footcite:p",
        "footcite:t",
        "footcite:ps",
        "footcite:ts",
    }
)

#: Front-matter keys a page may set, each a plain value Sphinx reads for the page alone.
FRONT_MATTER_KEYS = frozenset({"orphan", "nosearch", "tocdepth"})
