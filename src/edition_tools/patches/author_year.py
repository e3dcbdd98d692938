"""Author–year citations for sphinxcontrib-bibtex, with ``2000a``/``2000b`` where needed.

sphinxcontrib-bibtex's own ``author_year`` reference style (2.6 to 2.7) takes the year
from the entry alone: two works of one author and one year both read "(Blaustein,
2000)", and its bibliography keeps pybtex's numeric labels ("[26]"), so a reader cannot
tell which entry a citation means. This module registers two plugins that work together:

- a pybtex formatting style, ``edition_author_year`` (``bibtex_default_style``): the
  ``plain`` style, its entries labelled by author and year (``Blaustein 2000a``) and
  sorted by that label, so the list reads in the order of the citations' words;
- a sphinxcontrib-bibtex reference style, ``edition_author_year``
  (``bibtex_reference_style``), which writes a citation from that label: "(Blaustein
  2000a; Ron 2003)" for ``{cite:p}``, "Blaustein (2000a)" for ``{cite:t}``.

Who a work is by: the last names of its authors (an organisation as author keeps its
whole name: ``{International Crisis Group}``), "A and B" for two, "A et al." for more;
its editors when it has no author; its title when it has neither. The year is the
``year`` field, else "n.d.". Works whose author and year read the same are told apart
by a letter after the year, in the order of their titles (``n.d.-a`` after "n.d.").
"""

from __future__ import annotations

import string
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

__all__ = [
    "STYLE_NAME",
    "author_year_base",
    "disambiguated_labels",
    "register_author_year_styles",
    "setup_author_year",
]

#: The name both plugins are registered under.
STYLE_NAME = "edition_author_year"

#: What stands for the year of a work that has none.
NO_YEAR = "n.d."


def _who(entry: Any) -> str:
    people = entry.persons.get("author") or entry.persons.get("editor") or []
    names = [
        " ".join(part.render_as("text") for part in person.rich_last_names) for person in people
    ]
    if len(names) > 2:
        return f"{names[0]} et al."
    if names:
        return " and ".join(names)
    return str(entry.fields.get("title", entry.key))


def author_year_base(entry: Any) -> tuple[str, str]:
    """Who a pybtex entry is by, and its year, as its citations show them."""
    return _who(entry), str(entry.fields.get("year", NO_YEAR))


def _suffix(index: int) -> str:
    """``a`` … ``z``, then ``aa``, ``ab`` …: enough for any number of works."""
    letters = string.ascii_lowercase
    text = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        text = letters[rest] + text
    return text


def disambiguated_labels(bases: Sequence[tuple[str, str]]) -> list[str]:
    """``Who Year`` for each base, with ``a``, ``b`` … after years that two works share.

    ``bases`` are in the bibliography's order, which decides which work is ``a``.
    """
    counts: dict[tuple[str, str], int] = {}
    for base in bases:
        counts[base] = counts.get(base, 0) + 1
    seen: dict[tuple[str, str], int] = {}
    labels = []
    for who, year in bases:
        if counts[(who, year)] == 1:
            labels.append(f"{who} {year}")
            continue
        index = seen.get((who, year), 0)
        seen[(who, year)] = index + 1
        joiner = "-" if year == NO_YEAR else ""
        labels.append(f"{who} {year}{joiner}{_suffix(index)}")
    return labels


def _sort_key(entry: Any) -> tuple[str, str, str]:
    who, year = author_year_base(entry)
    folded = unicodedata.normalize("NFKD", who.casefold())
    plain = "".join(char for char in folded if not unicodedata.combining(char))
    return plain, year, str(entry.fields.get("title", "")).casefold()


def _formatting_style() -> type:
    """The ``plain`` style of pybtex, labelled and sorted by author and year."""
    from pybtex.style.formatting.plain import Style as Plain
    from pybtex.style.labels import BaseLabelStyle
    from pybtex.style.sorting import BaseSortingStyle

    class Labels(BaseLabelStyle):  # type: ignore[misc]
        def format_labels(self, sorted_entries: Iterable[Any]) -> Iterator[str]:
            entries = list(sorted_entries)
            yield from disambiguated_labels([author_year_base(entry) for entry in entries])

    class Sorting(BaseSortingStyle):  # type: ignore[misc]
        def sorting_key(self, entry: Any) -> tuple[str, str, str]:
            return _sort_key(entry)

    class Style(Plain):  # type: ignore[misc]
        default_label_style = Labels
        default_sorting_style = Sorting

    return Style


def _label_parts(data: dict[str, Any]) -> tuple[str, str]:
    """Who and year (with its letter) of a citation's entry, read from its label."""
    label = str(data["formatted_entry"].label)
    who, _space, year = label.rpartition(" ")
    return who, year


def _reference_style() -> type:
    """The reference style: parenthetical and textual citations from the label."""
    from pybtex.richtext import Text
    from pybtex.style.template import join, node
    from sphinxcontrib.bibtex.style.referencing import (
        BaseReferenceStyle,
        BracketStyle,
        GroupReferenceStyle,
    )
    from sphinxcontrib.bibtex.style.referencing.extra_author import ExtraAuthorReferenceStyle
    from sphinxcontrib.bibtex.style.referencing.extra_empty import ExtraEmptyReferenceStyle
    from sphinxcontrib.bibtex.style.referencing.extra_label import ExtraLabelReferenceStyle
    from sphinxcontrib.bibtex.style.template import (
        entry_label,
        join2,
        post_text,
        pre_text,
        reference,
    )

    @node  # type: ignore[untyped-decorator]
    def label_who(children: list[Any], data: dict[str, Any]) -> Any:
        return Text(_label_parts(data)[0])

    @node  # type: ignore[untyped-decorator]
    def label_year(children: list[Any], data: dict[str, Any]) -> Any:
        return Text(_label_parts(data)[1])

    def round_brackets() -> Any:
        return BracketStyle(left="(", right=")", sep="; ", sep2="; ", last_sep="; ")

    @dataclass
    class Parenthetical(BaseReferenceStyle):
        """``(Blaustein 2000a; Ron 2003)``; ``alp``: without the brackets."""

        bracket: Any = field(default_factory=round_brackets)

        def role_names(self) -> Iterable[str]:
            return [f"{alt}p{full}" for alt in ("", "al") for full in ("", "s")]

        def outer(self, role_name: str, children: list[Any]) -> Any:
            return self.bracket.outer(children, brackets="al" not in role_name, capfirst=False)

        def inner(self, role_name: str) -> Any:
            return join2(sep1=" ", sep2=", ")[pre_text, reference[entry_label], post_text]

    @dataclass
    class Textual(BaseReferenceStyle):
        """``Blaustein (2000a)``."""

        bracket: Any = field(default_factory=round_brackets)

        def role_names(self) -> Iterable[str]:
            return [f"{cap}t{full}" for cap in ("", "c") for full in ("", "s")]

        def outer(self, role_name: str, children: list[Any]) -> Any:
            return self.bracket.outer(children, brackets=False, capfirst="c" in role_name)

        def inner(self, role_name: str) -> Any:
            return join(sep=" ")[
                label_who,
                join[
                    "(", join2(sep1=" ", sep2=", ")[pre_text, reference[label_year], post_text], ")"
                ],
            ]

    @dataclass
    class Year(BaseReferenceStyle):
        """``2000a``, the year as the label has it."""

        bracket: Any = field(default_factory=round_brackets)

        def role_names(self) -> Iterable[str]:
            return ["year", "yearpar"]

        def outer(self, role_name: str, children: list[Any]) -> Any:
            return self.bracket.outer(children, brackets="par" in role_name, capfirst=False)

        def inner(self, role_name: str) -> Any:
            return reference[label_year]

    @dataclass
    class AuthorYear(GroupReferenceStyle):
        """The edition's author–year citations (module notes)."""

        def __post_init__(self) -> None:
            self.styles.extend(
                [
                    Parenthetical(),
                    Textual(),
                    Year(),
                    ExtraAuthorReferenceStyle(bracket=round_brackets()),
                    ExtraLabelReferenceStyle(bracket=round_brackets()),
                    ExtraEmptyReferenceStyle(),
                ]
            )
            super().__post_init__()  # type: ignore[no-untyped-call]

    return AuthorYear


def register_author_year_styles() -> None:
    """Register both plugins under :data:`STYLE_NAME` (idempotent; nothing without them)."""
    try:
        import pybtex.plugin
        from sphinxcontrib.bibtex import plugin
    except ImportError:
        return
    pybtex.plugin.register_plugin("pybtex.style.formatting", STYLE_NAME, _formatting_style())
    plugin.register_plugin("sphinxcontrib.bibtex.style.referencing", STYLE_NAME, _reference_style())


def plain_text_entries(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """In plain text, each bibliography entry is a paragraph opening with its label.

    Sphinx's text writer indents an entry by the width of its label, and an author–year
    label can be wider than its lines ("International Security Force (KFOR) and …
    1999"): the writer then fails (a negative width). So the text builder gets
    ``[label] entry`` as a plain paragraph (``doctree-resolved``).
    """
    if app.builder.format != "text":
        return
    for citation in list(doctree.findall(nodes.citation)):
        if not citation.children or not isinstance(citation[0], nodes.label):
            continue
        label = citation[0].astext()
        # Copies: sphinxcontrib-bibtex keeps the citation for the whole build, and nodes
        # moved out of it would keep this page's tree alive through their new parents.
        body = [
            child.deepcopy() for child in citation.children[1:] if isinstance(child, nodes.Element)
        ]
        if body and isinstance(body[0], nodes.paragraph):
            body[0].insert(0, nodes.Text(f"[{label}] "))
        else:
            body.insert(0, nodes.paragraph("", f"[{label}]"))
        citation.replace_self(body)
        citation.parent = None


def setup_author_year(app: Sphinx) -> None:
    """Make the styles available to ``conf.py`` before sphinxcontrib-bibtex looks them up."""
    register_author_year_styles()
    app.connect("doctree-resolved", plain_text_entries)
