"""Citations inside the notes of the exports: kept by key when read, written when exported.

A note's text is taken when its page is read, before sphinxcontrib-bibtex has formatted
its citations, and kept for later builds, which may come after the bibliography has
changed. So the text keeps each ``{cite}`` as its keys between two :data:`MARK`
characters (:func:`note_text`), and the exports write them out from the bibliography of
the build at hand: as author and year in plain text (:func:`plain_note`), as links to
the bibliography of ``registers.xml`` in TEI (:func:`note_parts`). Author and year are
the labels the bibliography style gives (``Blaustein 2000a``, ``Blaustein 2000b``), so
that the exports tell two works apart as the pages do.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from docutils import nodes
from sphinx import addnodes
from sphinx.environment import BuildEnvironment

from edition_tools.store.citations import bibtex_domain

__all__ = [
    "MARK",
    "AuthorYears",
    "author_year",
    "bibliography_labels",
    "note_parts",
    "note_text",
    "plain_note",
]

#: Brackets the keys of a citation in a note's text: a private-use character, which no
#: note has, and which is not whitespace (folding whitespace must not remove it).
MARK = "\ue000"


def _text(node: nodes.Node) -> str:
    if isinstance(node, addnodes.pending_xref) and node.get("refdomain") == "cite":
        return f"{MARK}{node['reftarget']}{MARK}"
    if isinstance(node, nodes.Element):
        return "".join(_text(child) for child in node.children)
    return node.astext()


def note_text(footnote: nodes.footnote | None) -> str:
    """The text of a note without its label, whitespace folded, citations marked."""
    if footnote is None:
        return ""
    return " ".join(" ".join(_text(child) for child in footnote.children[1:]).split())


def author_year(env: BuildEnvironment | None, key: str) -> str:
    """``Blaustein 2000``, ``Holbrooke and Milošević 1998``, ``Albright et al. 1999``.

    Authors by last name (organisations in full), else editors; ``n.d.`` without a
    year; the key itself when the bibliography does not have it.
    """
    domain = bibtex_domain(env) if env is not None else None
    entry = domain.bibdata.data.entries.get(key) if domain is not None else None
    if entry is None:
        return key
    people = entry.persons.get("author") or entry.persons.get("editor") or []
    names = [
        " ".join(part.render_as("text") for part in person.rich_last_names) for person in people
    ]
    if len(names) > 2:
        who = f"{names[0]} et al."
    else:
        who = " and ".join(names) or str(entry.fields.get("title", key))
    return f"{who} {entry.fields.get('year', 'n.d.')}"


def bibliography_labels(env: BuildEnvironment) -> dict[str, str]:
    """The label the bibliography style gives each work (``Blaustein 2000a``), by key.

    The style's own sorting and labelling, without formatting the entries: the labels
    read as the citations on the pages do, letters and all.
    """
    domain = bibtex_domain(env)
    if domain is None:
        return {}
    from pybtex.plugin import find_plugin

    style = find_plugin("pybtex.style.formatting", env.config.bibtex_default_style)()
    entries = style.sort(list(domain.bibdata.data.entries.values()))
    return {
        entry.key: str(label)
        for entry, label in zip(entries, style.format_labels(entries), strict=True)
    }


class AuthorYears(dict[str, str]):
    """The label of each key asked for, worked out once for an export.

    An export writes the same keys again and again (each of a source's notes may cite
    the same work): a memo made for one export, so a later build with another
    bibliography starts afresh. A key the style does not label (no bibliography, or a
    work missing from it) reads as :func:`author_year` has it.
    """

    def __init__(self, env: BuildEnvironment | None) -> None:
        super().__init__()
        self.env = env
        self._labels: dict[str, str] | None = None

    def __missing__(self, key: str) -> str:
        if self._labels is None:
            self._labels = bibliography_labels(self.env) if self.env is not None else {}
        found = self._labels.get(key)
        label = self[key] = found if found is not None else author_year(self.env, key)
        return label


def note_parts(text: str) -> Iterator[str | tuple[str, ...]]:
    """The note's text in order: plain strings, and tuples of the keys of a citation."""
    for index, part in enumerate(text.split(MARK)):
        if index % 2:
            yield tuple(key.strip() for key in part.split(",") if key.strip())
        elif part:
            yield part


def plain_note(author_years: Mapping[str, str], text: str) -> str:
    """The note as plain text, each citation as ``(Author Year; Author Year)``.

    ``author_years`` is an :class:`AuthorYears` of the build.
    """
    return "".join(
        part if isinstance(part, str) else "(" + "; ".join(author_years[key] for key in part) + ")"
        for part in note_parts(text)
    )
