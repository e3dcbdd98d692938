"""The catalogue: the real one is complete and matches the files; bad ones are reported."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from conftest import PROJECT, SHARED, require
from edition_tools.model.catalogue import DatePrecision, Genre, load_catalogue, parse_date

SOURCES = PROJECT / "sources"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_real_catalogue_has_no_problem_and_five_sources():
    catalogue = load_catalogue(SOURCES / "catalogue.toml")
    assert catalogue.problems == ()
    assert len(catalogue) == 5
    assert {record.genre for record in catalogue} == set(Genre)


def test_every_source_file_matches_its_checksum():
    catalogue = load_catalogue(SOURCES / "catalogue.toml")
    for record in catalogue:
        assert sha256(SOURCES / record.file) == record.sha256, record.id
    assert sorted(p.name for p in SOURCES.glob("*.txt")) == sorted(r.file for r in catalogue)


def test_sources_are_byte_identical_to_the_seeds():
    seeds = SHARED / "seeds"
    require(seeds.is_dir(), f"{seeds} (the seeds as received) is beside the project")
    catalogue = load_catalogue(SOURCES / "catalogue.toml")
    for record in catalogue:
        seed = seeds / record.received_as
        assert seed.read_bytes() == (SOURCES / record.file).read_bytes(), record.id


@pytest.mark.parametrize(
    ("value", "precision"),
    [
        ("1999", DatePrecision.YEAR),
        ("1999-03", DatePrecision.MONTH),
        ("1999-03-24", DatePrecision.DAY),
        ("unknown", DatePrecision.UNKNOWN),
    ],
)
def test_date_precision_is_read_from_the_format(value, precision):
    assert parse_date(value) is precision


@pytest.mark.parametrize(
    "value",
    [
        "1999-13",
        "1999-02-30",
        "24 March 1999",
        "99",
        "1999-3",
        "1999-\uff10\uff11",  # fullwidth digits
        "\u0661\u0669\u0669\u0669",  # Arabic-Indic digits
    ],
)
def test_malformed_dates_are_refused(value):
    with pytest.raises(ValueError, match="date"):
        parse_date(value)


@pytest.mark.parametrize("value", ["0000", "0000-01", "0000-02-29"])
def test_year_zero_is_refused(value):
    with pytest.raises(ValueError, match="year 0000 is not supported"):
        parse_date(value)


GOOD = """\
[[source]]
id = "a-2000-text"
file = "a.txt"
sha256 = "{digest}"
title = "A"
authors = ["Someone"]
outlet = "Outlet"
date = "2000-02"
genre = "newspaper-op-ed"
language = "en"
"""


def write_catalogue(tmp_path: Path, text: str, body: bytes = b"Some text.\n") -> Path:
    (tmp_path / "a.txt").write_bytes(body)
    path = tmp_path / "catalogue.toml"
    path.write_text(text.replace("{digest}", hashlib.sha256(body).hexdigest()), encoding="utf-8")
    return path


def problems_of(path: Path) -> list[str]:
    return [f"{p.line}: {p.message}" for p in load_catalogue(path).problems]


def test_a_good_catalogue_has_no_problem(tmp_path):
    assert problems_of(write_catalogue(tmp_path, GOOD)) == []


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            'genre = "newspaper-op-ed"',
            'genre = "blog"',
            "9: source 'a-2000-text': unknown genre 'blog' (one of: scholarly-book, newspaper-op-ed, "
            "government-fact-sheet, think-tank-essay, ai-assisted-web-article)",
        ),
        (
            'date = "2000-02"',
            'date = "Feb 2000"',
            "8: source 'a-2000-text': date 'Feb 2000' is not YYYY, YYYY-MM, YYYY-MM-DD or 'unknown'",
        ),
        (
            'id = "a-2000-text"',
            'id = "A Text"',
            "2: source 'A Text': id 'A Text' is not a lower-case slug like 'author-2000-topic'",
        ),
        (
            'title = "A"\n',
            "",
            "1: source 'a-2000-text': missing required field 'title' (write 'unknown' if it is not known)",
        ),
        (
            'language = "en"',
            'language = "en"\nsubtitle = "B"',
            "11: source 'a-2000-text': unknown field 'subtitle'",
        ),
        (
            'file = "a.txt"',
            'file = "../a.txt"',
            "3: source 'a-2000-text': file '../a.txt' must be a plain file name inside sources/",
        ),
    ],
)
def test_field_problems_name_the_line(tmp_path, old, new, message):
    assert problems_of(write_catalogue(tmp_path, GOOD.replace(old, new))) == [message]


def test_a_changed_source_file_is_reported(tmp_path):
    path = write_catalogue(tmp_path, GOOD)
    (tmp_path / "a.txt").write_bytes(b"Some text!\n")
    [problem] = problems_of(path)
    assert problem.startswith("1: source 'a-2000-text': sources/a.txt has SHA-256 ")
    assert problem.endswith("the source file was changed")


def test_a_missing_or_non_utf8_file_is_reported(tmp_path):
    path = write_catalogue(tmp_path, GOOD, body=b"caf\xe9\n")
    assert problems_of(path) == ["1: source 'a-2000-text': sources/a.txt is not UTF-8 (byte 3)"]
    (tmp_path / "a.txt").unlink()
    assert problems_of(path) == ["1: source 'a-2000-text': file sources/a.txt not found"]


def test_duplicate_ids_are_reported_at_the_second(tmp_path):
    text = "# A comment line\n\n" + GOOD + "\n" + GOOD
    assert problems_of(write_catalogue(tmp_path, text)) == [
        "14: duplicate source id 'a-2000-text' (first at line 3)"
    ]


def test_invalid_toml_is_reported_with_its_line(tmp_path):
    [problem] = problems_of(write_catalogue(tmp_path, GOOD + "title = \n"))
    assert problem == "11: not valid TOML: Invalid value (at line 11, column 9)"
