"""Add a source to the edition in one step: the file, its catalogue entry, its page.

The text is copied byte for byte into ``sources/``, recorded in the catalogue with its
checksum, and written into a new MyST page inside a ``source-text`` block, escaped so
that the built page shows every character as it is. Nothing is written unless every
check passes first.

A text the edition cannot keep verbatim is refused (:func:`unkeepable_text`): one that
holds a control character other than tab, line feed and the carriage return of a CR LF
line end. NUL and the rest of C0, DEL and C1 cannot be shown on a page, and a lone
carriage return (old Mac line ends, or a stray one) is a line end to some readers and
none to others. Form feed and vertical tab are refused too: no page, HTML or PDF, shows
them, and Markdown takes them for spaces, so the reader would not see what the file
holds. Such a text is converted by a person, who says so in the provenance. The
fields written into the catalogue and the page (title, authors, outlet...) are one line
each, without control characters.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import tomli_w

from edition_tools.model.catalogue import check_fields, load_catalogue
from edition_tools.model.myst_escape import escape_heading, source_text_block

__all__ = [
    "NewSource",
    "NewSourceError",
    "add_source",
    "has_visible_text",
    "one_line_problem",
    "render_page",
    "unkeepable_text",
]

#: A control character a source text cannot hold: C0 but tab and line feed, DEL, C1,
#: and a carriage return that does not begin a CR LF line end.
_UNKEEPABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]|\r(?!\n)")


class NewSourceError(Exception):
    """A new source cannot be added; the message says why, nothing was written.

    With a ``path`` (and ``line``) the message reads ``path:line: message``.
    """

    def __init__(self, message: str, path: Path | None = None, line: int = 1) -> None:
        super().__init__(f"{path}:{line}: {message}" if path is not None else message)
        self.path = path
        self.line = line


#: Short names of the C0 controls, as in ASCII.
_C0_NAMES = [
    "NUL",
    "SOH",
    "STX",
    "ETX",
    "EOT",
    "ENQ",
    "ACK",
    "BEL",
    "BS",
    "TAB",
    "LF",
    "VT",
    "FF",
    "CR",
    "SO",
    "SI",
    "DLE",
    "DC1",
    "DC2",
    "DC3",
    "DC4",
    "NAK",
    "SYN",
    "ETB",
    "CAN",
    "EM",
    "SUB",
    "ESC",
    "FS",
    "GS",
    "RS",
    "US",
]
_SPELLED_OUT = {
    "\n": "line feed",
    "\r": "carriage return",
    "\x0b": "vertical tab",
    "\x0c": "form feed",
}


def _character_name(character: str) -> str:
    """``BEL (U+0007)``, ``form feed (U+000C)``, ``NEXT LINE (U+0085)``..."""
    code = ord(character)
    if character in _SPELLED_OUT:
        name = _SPELLED_OUT[character]
    elif code < 0x20:
        name = _C0_NAMES[code]
    elif code == 0x7F:
        name = "DEL"
    else:
        name = unicodedata.name(character, "NEXT LINE" if code == 0x85 else "C1 control")
    return f"{name} (U+{code:04X})"


def unkeepable_text(text: str) -> tuple[int, str] | None:
    """The line and the reason, if ``text`` holds what the edition cannot keep verbatim."""
    found = _UNKEEPABLE.search(text)
    if found is None:
        return None
    line = text.count("\n", 0, found.start()) + 1
    character = found.group()
    if character == "\r":
        return line, (
            "a carriage return not followed by a line feed: CR-only line ends cannot "
            "be kept verbatim; convert the text to LF or CR LF line ends (and say so in "
            "the provenance)"
        )
    return line, (
        f"a control character, {_character_name(character)}, which no page can show: "
        "remove it from a copy of the text (and say so in the provenance)"
    )


def one_line_problem(value: str) -> str | None:
    """Why ``value`` cannot be a one-line field, if it cannot."""
    for character in value:
        if character in "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029":
            return f"a line break ({_character_name(character)})"
        if unicodedata.category(character) == "Cc" and character != "\t":
            return f"a control character ({_character_name(character)})"
        if unicodedata.category(character) == "Cs":  # bytes that were not UTF-8
            return f"a character that is not text ({_character_name(character)}): not UTF-8"
    return None


#: Characters that show nothing: spaces and separators, format and control characters.
_INVISIBLE = frozenset({"Zs", "Zl", "Zp", "Cf", "Cc"})


def has_visible_text(value: str) -> bool:
    """Whether ``value`` shows anything: not only spaces, or marks such as U+202E."""
    return any(unicodedata.category(character) not in _INVISIBLE for character in value)


@dataclass(frozen=True)
class NewSource:
    """What the contributor says about the new source."""

    id: str
    title: str
    authors: tuple[str, ...] = ()
    outlet: str = "unknown"
    date: str = "unknown"
    url: str = "unknown"
    genre: str = "scholarly-book"
    language: str = "en"
    provenance: str = ""
    extra: dict[str, str] = field(default_factory=dict)


def render_page(source: NewSource, text: str) -> str:
    """The MyST page of a new source: title, headnote skeleton, the whole text."""
    title = source.title.replace("\n", " ")
    return (
        f"# {escape_heading(title)}\n\n"
        "## Headnote\n\n"
        "This headnote is still to be written: who wrote the text, when, for whom, and\n"
        "how to read it (see the contributing guide).\n\n"
        "## The text\n\n" + source_text_block(text, source.id)
    )


def _catalogue_entry(source: NewSource, received_as: str, sha256: str) -> dict[str, object]:
    """The catalogue record of ``source``, as it is written into ``catalogue.toml``."""
    return {
        "id": source.id,
        "file": f"{source.id}.txt",
        "received_as": received_as,
        "sha256": sha256,
        "title": source.title,
        "authors": list(source.authors),
        "outlet": source.outlet,
        "date": source.date,
        "genre": source.genre,
        "language": source.language,
        "url": source.url,
        "provenance": source.provenance,
        **source.extra,
    }


def add_source(text_file: Path, source: NewSource, *, sources_dir: Path, pages_dir: Path) -> Path:
    """Copy ``text_file`` into the edition as ``source``; return the new page's path.

    Raise :class:`NewSourceError` (having written nothing) when the id is malformed or
    taken, the file is not UTF-8, a field is invalid, or a target file exists.
    """
    fields = [
        ("title", source.title),
        ("outlet", source.outlet),
        ("url", source.url),
        ("date", source.date),
        ("language", source.language),
        *(("author", author) for author in source.authors),
        *source.extra.items(),
        ("file name", text_file.name),
    ]
    for name, value in fields:
        problem = one_line_problem(value)
        if problem:
            raise NewSourceError(f"the {name} {value!r} has {problem}; it must be one line")
    if not has_visible_text(source.title):
        raise NewSourceError(f"the title {source.title!r} shows nothing: give the source's title")
    # The catalogue's own validator, on the record that would be written (its checksum
    # is the edition's to work out, from the file, so a well-formed one stands in here).
    checked = check_fields(_catalogue_entry(source, text_file.name, "0" * 64))
    if checked.problems:
        raise NewSourceError("; ".join(problem.message for problem in checked.problems))
    try:
        data = text_file.read_bytes()
    except OSError as error:
        raise NewSourceError(f"cannot read {text_file}: {error.strerror}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise NewSourceError(
            f"the file is not UTF-8 (byte {error.start})", text_file, line
        ) from None
    if not text.strip():
        raise NewSourceError("the file is empty", text_file)
    unkeepable = unkeepable_text(text)
    if unkeepable is not None:
        line, reason = unkeepable
        raise NewSourceError(
            f"the text cannot be kept verbatim: it holds {reason}", text_file, line
        )

    catalogue_file = sources_dir / "catalogue.toml"
    catalogue = load_catalogue(catalogue_file, check_files=False)
    if source.id in catalogue.records:
        raise NewSourceError(f"source id {source.id!r} is already in {catalogue_file}")
    target = sources_dir / f"{source.id}.txt"
    page = pages_dir / f"{source.id}.md"
    for path in (target, page):
        if path.exists():
            raise NewSourceError(f"{path} already exists")

    entry = _catalogue_entry(source, text_file.name, hashlib.sha256(data).hexdigest())
    existing = catalogue_file.read_text(encoding="utf-8") if catalogue_file.exists() else ""
    separator = "" if not existing or existing.endswith("\n\n") else "\n"
    # Everything is made, and encoded, before anything is written; the catalogue is
    # replaced whole (a new file moved over it), never left half-written.
    catalogue_bytes = (existing + separator + tomli_w.dumps({"source": [entry]})).encode("utf-8")
    page_bytes = render_page(source, text).encode("utf-8")
    written: list[Path] = []
    try:
        target.write_bytes(data)
        written.append(target)
        pages_dir.mkdir(parents=True, exist_ok=True)
        page.write_bytes(page_bytes)
        written.append(page)
        replacement = catalogue_file.with_name(f".{catalogue_file.name}.new")
        replacement.write_bytes(catalogue_bytes)
        replacement.replace(catalogue_file)
    except OSError as error:
        for path in written:
            path.unlink(missing_ok=True)
        raise NewSourceError(f"cannot write the new source: {error.strerror}") from None
    return page
