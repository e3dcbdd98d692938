"""The bibliography of ``registers.xml``: each work a TEI ``biblStruct``, from the .bib data.

A work is described by its parts, as the BibTeX entry gives them, never as one
formatted string: who wrote it (a person as forename and surname, an organisation as
``orgName``), its title, the journal or book it appears in, where, by whom and when it
was published, volume, issue and pages, its address (``ptr``) and DOI (``idno``), and
the entry's ``howpublished`` and ``note`` as notes. An article or a chapter has an
``analytic`` part (itself) and a ``monogr`` part (the journal or book); anything else a
``monogr`` alone. A work's ``xml:id`` is ``bibl-`` and its key (see
:func:`~edition_tools.outputs.open_data.tei_xml.xml_id`); ``n`` is its label in the
edition's citations (``Blaustein 2000a``).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from typing import Any

from sphinx.environment import BuildEnvironment

from edition_tools.outputs.open_data.citations import bibliography_labels
from edition_tools.outputs.open_data.tei_xml import element, xml_id
from edition_tools.store.citations import bibtex_domain

__all__ = ["bibl_struct", "bibliography_structs"]

_ISO_DATE = re.compile(r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?")
_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
#: Entry types whose title is a part of something else (``analytic``), and what.
_PART_OF = {"article": "j", "incollection": "m", "inproceedings": "m", "inbook": "m"}


#: LaTeX's escaped special characters (``\\$2.1 billion``), which pybtex leaves escaped.
_ESCAPED = re.compile(r"\\([$%&_#])")


def _text(value: str) -> str:
    """A field as plain text: LaTeX markup and protecting braces gone."""
    from pybtex.richtext import Text

    plain = str(Text.from_latex(value).render_as("text"))
    return " ".join(_ESCAPED.sub(r"\1", plain).split())


def _person(parent: ET.Element, role: str, person: Any) -> None:
    """An author or editor: an organisation (one braced last name) as ``orgName``."""
    last = [_text(part) for part in person.prelast_names + person.last_names]
    first = [_text(part) for part in person.first_names + person.middle_names]
    holder = element(parent, role)
    if not first and len(person.last_names) == 1 and person.last_names[0].startswith("{"):
        element(holder, "orgName", " ".join(last))
        return
    name = element(holder, "persName")
    if first:
        element(name, "forename", " ".join(first))
    element(name, "surname", " ".join(last))
    if person.lineage_names:
        element(name, "genName", " ".join(_text(part) for part in person.lineage_names))


def _date(fields: Mapping[str, str]) -> tuple[str, str]:
    """The work's date as written and as ISO (``when``), from ``date``, else year and month."""
    date = fields.get("date", "")
    if _ISO_DATE.fullmatch(date):
        return date, date
    year = fields.get("year", "")
    if not re.fullmatch(r"[0-9]{4}", year):
        return (_text(year) if year else "n.d."), ""
    month = _MONTHS.get(fields.get("month", "").strip().lower())
    when = f"{year}-{month:02d}" if month else year
    return when, when


def bibl_struct(entry: Any, label: str = "") -> ET.Element:
    """The ``biblStruct`` of a pybtex entry."""
    fields = entry.fields
    struct = element(None, "biblStruct", xml_id=xml_id("bibl", entry.key), type=entry.type)
    if label:
        struct.set("n", label)
    level = _PART_OF.get(entry.type)
    people = entry.persons
    if level is not None:
        analytic = element(struct, "analytic")
        for person in people.get("author", []):
            _person(analytic, "author", person)
        element(analytic, "title", _text(fields.get("title", "")), level="a")
        if "doi" in fields:
            element(analytic, "idno", _text(fields["doi"]), type="DOI")
        monogr = element(struct, "monogr")
        host = fields.get("journal") or fields.get("booktitle") or ""
        for person in people.get("editor", []):
            _person(monogr, "editor", person)
        element(monogr, "title", _text(host), level=level)
    else:
        monogr = element(struct, "monogr")
        for person in people.get("author", []):
            _person(monogr, "author", person)
        for person in people.get("editor", []):
            _person(monogr, "editor", person)
        element(monogr, "title", _text(fields.get("title", "")), level="m")
        if "doi" in fields:
            element(monogr, "idno", _text(fields["doi"]), type="DOI")
    if "isbn" in fields:
        element(monogr, "idno", _text(fields["isbn"]), type="ISBN")
    imprint = element(monogr, "imprint")
    if "address" in fields:
        element(imprint, "pubPlace", _text(fields["address"]))
    for name in ("publisher", "institution", "organization", "school"):
        if name in fields:
            element(imprint, "publisher", _text(fields[name]))
    shown, when = _date(fields)
    date = element(imprint, "date", shown)
    if when:
        date.set("when", when)
    for name, unit in (("volume", "volume"), ("number", "issue"), ("pages", "page")):
        if name in fields:
            element(monogr, "biblScope", _text(fields[name]), unit=unit)
    if "type" in fields:
        element(struct, "note", _text(fields["type"]), type="genre")
    if "howpublished" in fields:
        element(struct, "note", _text(fields["howpublished"]), type="howpublished")
    if "note" in fields:
        element(struct, "note", _text(fields["note"]))
    if "url" in fields:
        element(struct, "ptr", target=fields["url"].strip())
    return struct


def bibliography_structs(env: BuildEnvironment) -> list[ET.Element]:
    """Every work of the bibliography as a ``biblStruct``, by key."""
    domain = bibtex_domain(env)
    if domain is None:
        return []
    labels = bibliography_labels(env)
    entries = domain.bibdata.data.entries
    return [bibl_struct(entries[key], labels.get(key, "")) for key in sorted(entries)]
