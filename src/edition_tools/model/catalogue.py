"""The source catalogue: one TOML file describing every text in ``sources/``.

Pure data and validation, no Sphinx. Each ``[[source]]`` table records what the edition
knows about one text (title, authors, outlet, date and its precision, URL, genre, the
file's SHA-256 and a provenance note). What could not be verified is written
``"unknown"``, never guessed. :func:`load_catalogue` never raises for bad content: it
returns the records it could read and a list of problems, each with the catalogue line,
so the build can report them all.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from edition_tools.model.choices import Choice
from edition_tools.model.dates import UNKNOWN, DatePrecision, parse_date
from edition_tools.model.markup import markup_in_value, web_url

__all__ = [
    "Catalogue",
    "CatalogueProblem",
    "CheckedFields",
    "DatePrecision",
    "FieldProblem",
    "Genre",
    "SourceRecord",
    "check_fields",
    "load_catalogue",
    "parse_date",
    "sha256_of",
]


#: Source ids are lower-case slugs, conventionally ``author-year-topic``.
ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_SHA256_PATTERN = re.compile(r"^[0-9a-f]{64}$")
# Digits are ASCII only: ``\d`` would take other scripts' digits (``1999-０１``), which
# int() reads as numbers too.
_SOURCE_HEADER = re.compile(r"^\s*\[\[\s*source\s*\]\]\s*(?:#.*)?$")


class Genre(Choice):
    """The kinds of source the edition holds, with the label readers see."""

    SCHOLARLY_BOOK = ("scholarly-book", "Scholarly book")
    NEWSPAPER_OP_ED = ("newspaper-op-ed", "Newspaper op-ed")
    GOVERNMENT_FACT_SHEET = ("government-fact-sheet", "Government fact sheet")
    THINK_TANK_ESSAY = ("think-tank-essay", "Think-tank essay")
    AI_ASSISTED_WEB_ARTICLE = ("ai-assisted-web-article", "AI-assisted web article")


@dataclass(frozen=True, slots=True)
class SourceRecord:
    """What the catalogue says of one source."""

    id: str
    file: str
    sha256: str
    title: str
    authors: tuple[str, ...]
    outlet: str
    date: str
    genre: Genre
    language: str
    url: str
    provenance: str
    date_note: str = ""
    #: Where the text as received can be read, when that is not :attr:`url`.
    copy_url: str = ""
    #: The file name under which the text reached the editors.
    received_as: str = ""
    #: The organisation that first published the source, by its name alone (for data:
    #: ``outlet`` describes the publication in words, and may name a reprint too).
    #: Empty: not given; ``unknown``: not known.
    publisher: str = ""
    #: Line of the record's ``[[source]]`` header in the catalogue file.
    line: int = 0

    @property
    def publisher_name(self) -> str | None:
        """The first publisher's name for the data exports; ``None`` when not known.

        ``publisher`` when the record gives it, else ``outlet``, which older records
        use for both.
        """
        name = self.publisher or self.outlet
        return name if name and name != UNKNOWN else None

    @property
    def date_precision(self) -> DatePrecision:
        """The precision of :attr:`date`, read from its format."""
        return parse_date(self.date)


@dataclass(frozen=True, slots=True)
class CatalogueProblem:
    """Something wrong in the catalogue, at a line of the catalogue file.

    ``subtype`` is the warning subtype: ``catalogue``, or ``hostile`` for markup or script
    URLs that could reach a reader's browser.
    """

    line: int
    message: str
    subtype: str = "catalogue"


@dataclass(frozen=True)
class Catalogue:
    """The records of a catalogue file, by id, and the problems found reading it."""

    path: Path
    records: Mapping[str, SourceRecord]
    problems: tuple[CatalogueProblem, ...] = field(default=())
    #: Every file a ``[[source]]`` table names, even one whose record has a problem.
    named_files: frozenset[str] = field(default=frozenset())
    #: The file does not exist: not a problem for a project that uses no source (the
    #: extension in any Sphinx project), reported where a page needs the catalogue.
    missing: bool = False

    @property
    def sources_dir(self) -> Path:
        """The folder holding the source files: the catalogue's own folder."""
        return self.path.parent

    def file_of(self, record: SourceRecord) -> Path:
        """The path of ``record``'s text file."""
        return self.sources_dir / record.file

    def __iter__(self) -> Iterator[SourceRecord]:
        """Iterate over the records in the order of the file."""
        return iter(self.records.values())

    def __len__(self) -> int:
        """Return the number of records read."""
        return len(self.records)


_REQUIRED_TEXT_FIELDS = ("id", "file", "sha256", "title", "outlet", "date", "genre", "language")
_OPTIONAL_TEXT_FIELDS = ("url", "copy_url", "provenance", "date_note", "received_as", "publisher")
_KNOWN_FIELDS = frozenset(_REQUIRED_TEXT_FIELDS + _OPTIONAL_TEXT_FIELDS + ("authors",))


def sha256_of(path: Path) -> str:
    """Return the hex SHA-256 of the file at ``path``."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


_FIELD = re.compile(r"^\s*([A-Za-z_][A-Za-z0-9_-]*)\s*=")


def _field_lines(text: str, headers: list[int]) -> list[dict[str, int]]:
    """For each ``[[source]]`` table, the line of each of its fields (its key's line)."""
    lines = text.splitlines()
    found: list[dict[str, int]] = []
    for index, header in enumerate(headers):
        end = headers[index + 1] - 1 if index + 1 < len(headers) else len(lines)
        fields: dict[str, int] = {}
        for number in range(header + 1, end + 1):
            match = _FIELD.match(lines[number - 1])
            if match and match.group(1) not in fields:
                fields[match.group(1)] = number
        found.append(fields)
    return found


def _header_lines(text: str) -> list[int]:
    """Line numbers of the ``[[source]]`` headers, in order (tomllib gives no lines)."""
    return [
        number
        for number, line in enumerate(text.splitlines(), start=1)
        if _SOURCE_HEADER.match(line)
    ]


def load_catalogue(path: Path, *, check_files: bool = True) -> Catalogue:
    """Read and validate the catalogue at ``path``.

    With ``check_files``, each record's file must exist, be UTF-8 and match its
    checksum. Problems are collected, not raised; a record with a problem in an
    essential field (id, file, genre) is left out of :attr:`Catalogue.records`.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as error:
        problem = CatalogueProblem(1, f"cannot read the catalogue: {error.strerror}")
        return Catalogue(path, {}, (problem,), missing=True)
    except (OSError, UnicodeDecodeError) as error:
        return Catalogue(path, {}, (CatalogueProblem(1, f"cannot read the catalogue: {error}"),))
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        line = getattr(error, "lineno", None) or _line_from_message(str(error))
        return Catalogue(path, {}, (CatalogueProblem(line, f"not valid TOML: {error}"),))

    tables = data.get("source", [])
    if not isinstance(tables, list):
        return Catalogue(path, {}, (CatalogueProblem(1, "'source' must be an array of tables"),))
    lines = _header_lines(text)
    field_lines = _field_lines(text, lines)
    named_files = frozenset(
        table["file"]
        for table in tables
        if isinstance(table, dict) and isinstance(table.get("file"), str)
    )
    records: dict[str, SourceRecord] = {}
    problems: list[CatalogueProblem] = []
    for index, table in enumerate(tables):
        line = lines[index] if index < len(lines) else 1
        fields = field_lines[index] if index < len(field_lines) else {}
        record, found = _read_record(table, line, fields)
        problems.extend(found)
        if record is None:
            continue
        if record.id in records:
            problems.append(
                CatalogueProblem(
                    line,
                    f"duplicate source id {record.id!r} (first at line {records[record.id].line})",
                )
            )
            continue
        if check_files:
            problems.extend(_check_file(path.parent, record))
        records[record.id] = record
    return Catalogue(path, records, tuple(problems), named_files)


def _line_from_message(message: str) -> int:
    match = re.search(r"line ([0-9]+)", message)
    return int(match.group(1)) if match else 1


@dataclass(frozen=True, slots=True)
class FieldProblem:
    """A problem with one field of a source's record (``field`` empty: the whole record)."""

    field: str
    message: str
    subtype: str = "catalogue"


@dataclass(frozen=True, slots=True)
class CheckedFields:
    """A record's fields as read, and what is wrong with them."""

    values: dict[str, str]
    authors: tuple[str, ...]
    genre: Genre | None
    problems: tuple[FieldProblem, ...]


def check_fields(table: Mapping[str, Any]) -> CheckedFields:
    """Check every field of one source's record: the one validator of the catalogue.

    Used for each ``[[source]]`` table of the catalogue and by ``edition new-source``
    before it writes anything.
    """
    problems: list[FieldProblem] = []

    def problem(field: str, message: str, subtype: str = "catalogue") -> None:
        problems.append(FieldProblem(field, message, subtype))

    for name in sorted(set(table) - _KNOWN_FIELDS):
        problem(name, f"unknown field {name!r}")
    values: dict[str, str] = {}
    for name in _REQUIRED_TEXT_FIELDS + _OPTIONAL_TEXT_FIELDS:
        value = table.get(name, "" if name in _OPTIONAL_TEXT_FIELDS else None)
        if value is None:
            problem("", f"missing required field {name!r} (write 'unknown' if it is not known)")
            value = ""
        elif not isinstance(value, str):
            problem(name, f"field {name!r} must be a string")
            value = ""
        values[name] = value
    authors = table.get("authors", [])
    if not isinstance(authors, list) or not all(isinstance(a, str) for a in authors):
        problem("authors", "field 'authors' must be a list of strings (empty when unknown)")
        authors = []
    if not ID_PATTERN.match(values["id"]):
        problem("id", f"id {values['id']!r} is not a lower-case slug like 'author-2000-topic'")
    if not values["file"] or Path(values["file"]).name != values["file"]:
        problem("file", f"file {values['file']!r} must be a plain file name inside sources/")
    for name in ("url", "copy_url"):
        url = values[name]
        if url and url != UNKNOWN and not web_url(url):
            problem(name, f"{name} {url!r} must be an http(s) URL or 'unknown'", "hostile")
    plain_values = [(n, v) for n, v in values.items() if n not in ("url", "copy_url")]
    for name, value in [*plain_values, *(("authors", a) for a in authors)]:
        found = markup_in_value(value)
        if found:
            problem(name, f"markup is not allowed in {name}: {found!r}", "hostile")
    if not _SHA256_PATTERN.match(values["sha256"]):
        problem("sha256", "sha256 must be 64 lower-case hexadecimal digits")
    try:
        parse_date(values["date"])
    except ValueError as error:
        problem("date", str(error))
    genre: Genre | None
    try:
        genre = Genre.from_slug(values["genre"])
    except ValueError:
        choices = ", ".join(g.slug for g in Genre)
        problem("genre", f"unknown genre {values['genre']!r} (one of: {choices})")
        genre = None
    return CheckedFields(values, tuple(authors), genre, tuple(problems))


def _read_record(
    table: Mapping[str, Any], line: int, field_lines: Mapping[str, int]
) -> tuple[SourceRecord | None, list[CatalogueProblem]]:
    """Build a record from one ``[[source]]`` table, or say why it cannot be built.

    Each problem is at its field's line (``field_lines``), else at the table's header.
    """
    label = f"source {table.get('id')!r}" if "id" in table else "source"
    checked = check_fields(table)
    problems = [
        CatalogueProblem(
            field_lines.get(problem.field, line), f"{label}: {problem.message}", problem.subtype
        )
        for problem in checked.problems
    ]
    values, authors, genre = checked.values, checked.authors, checked.genre
    essential_ok = genre is not None and not any(
        problem.field in ("id", "file") for problem in checked.problems
    )
    if not essential_ok or genre is None:
        return None, problems
    record = SourceRecord(
        id=values["id"],
        file=values["file"],
        sha256=values["sha256"],
        title=values["title"],
        authors=authors,
        outlet=values["outlet"],
        date=values["date"] if not _bad_date(values["date"]) else UNKNOWN,
        genre=genre,
        language=values["language"],
        url=values["url"],
        provenance=values["provenance"],
        date_note=values["date_note"],
        copy_url=values["copy_url"],
        received_as=values["received_as"],
        publisher=values["publisher"],
        line=line,
    )
    return record, problems


def _bad_date(value: str) -> bool:
    try:
        parse_date(value)
    except ValueError:
        return True
    return False


def _check_file(sources_dir: Path, record: SourceRecord) -> list[CatalogueProblem]:
    """Check that ``record``'s file exists, is UTF-8 and has the recorded checksum."""
    path = sources_dir / record.file
    label = f"source {record.id!r}"
    try:
        data = path.read_bytes()
    except OSError:
        return [CatalogueProblem(record.line, f"{label}: file sources/{record.file} not found")]
    problems = []
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        problems.append(
            CatalogueProblem(
                record.line,
                f"{label}: sources/{record.file} is not UTF-8 (byte {error.start})",
            )
        )
    actual = hashlib.sha256(data).hexdigest()
    if actual != record.sha256:
        problems.append(
            CatalogueProblem(
                record.line,
                f"{label}: sources/{record.file} has SHA-256 {actual}, "
                f"the catalogue says {record.sha256}: the source file was changed",
            )
        )
    return problems
