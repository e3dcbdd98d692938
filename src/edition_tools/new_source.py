"""Add a source to the edition in one step: the file, its catalogue entry, its page.

The text is copied byte for byte into ``sources/``, recorded in the catalogue with its
checksum, and written into a new MyST page inside a ``source-text`` block, escaped so
that the built page shows every character as it is. Nothing is written unless every
check passes first.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import tomli_w

from edition_tools.catalogue import ID_PATTERN, Genre, load_catalogue, parse_date
from edition_tools.checks.markup import markup_in_value, web_url
from edition_tools.myst_escape import escape_inline, source_text_block

__all__ = ["NewSource", "NewSourceError", "add_source", "render_page"]


class NewSourceError(Exception):
    """A new source cannot be added; the message says why, nothing was written."""


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
        f"# {escape_inline(title)}\n\n"
        "## Headnote\n\n"
        "This headnote is still to be written: who wrote the text, when, for whom, and\n"
        "how to read it (see the contributing guide).\n\n"
        "## The text\n\n" + source_text_block(text, source.id)
    )


def add_source(text_file: Path, source: NewSource, *, sources_dir: Path, pages_dir: Path) -> Path:
    """Copy ``text_file`` into the edition as ``source``; return the new page's path.

    Raise :class:`NewSourceError` (having written nothing) when the id is malformed or
    taken, the file is not UTF-8, a field is invalid, or a target file exists.
    """
    if not ID_PATTERN.match(source.id):
        raise NewSourceError(f"id {source.id!r} is not a lower-case slug like 'author-2000-topic'")
    try:
        Genre.from_slug(source.genre)
    except ValueError:
        choices = ", ".join(g.slug for g in Genre)
        raise NewSourceError(f"unknown genre {source.genre!r} (one of: {choices})") from None
    for name, value in [("title", source.title), ("outlet", source.outlet), ("url", source.url)]:
        found = markup_in_value(value)
        if found:
            raise NewSourceError(f"markup is not allowed in the {name}: {found!r}")
    for author in source.authors:
        if markup_in_value(author):
            raise NewSourceError(f"markup is not allowed in the author {author!r}")
    if source.url != "unknown" and not web_url(source.url):
        raise NewSourceError(f"url {source.url!r} must be an http(s) URL or 'unknown'")
    try:
        parse_date(source.date)
    except ValueError as error:
        raise NewSourceError(str(error)) from None
    try:
        data = text_file.read_bytes()
    except OSError as error:
        raise NewSourceError(f"cannot read {text_file}: {error.strerror}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise NewSourceError(f"{text_file} is not UTF-8 (byte {error.start})") from None
    if not text.strip():
        raise NewSourceError(f"{text_file} is empty")

    catalogue_file = sources_dir / "catalogue.toml"
    catalogue = load_catalogue(catalogue_file, check_files=False)
    if source.id in catalogue.records:
        raise NewSourceError(f"source id {source.id!r} is already in {catalogue_file}")
    target = sources_dir / f"{source.id}.txt"
    page = pages_dir / f"{source.id}.md"
    for path in (target, page):
        if path.exists():
            raise NewSourceError(f"{path} already exists")

    entry: dict[str, object] = {
        "id": source.id,
        "file": target.name,
        "received_as": text_file.name,
        "sha256": hashlib.sha256(data).hexdigest(),
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
    fragment = tomli_w.dumps({"source": [entry]})
    target.write_bytes(data)
    existing = catalogue_file.read_text(encoding="utf-8") if catalogue_file.exists() else ""
    separator = "" if not existing or existing.endswith("\n\n") else "\n"
    catalogue_file.write_text(existing + separator + fragment, encoding="utf-8")
    pages_dir.mkdir(parents=True, exist_ok=True)
    page.write_text(render_page(source, text), encoding="utf-8")
    return page
