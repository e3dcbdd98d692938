"""Dates at the precision they are known, written in English whatever the locale."""

from __future__ import annotations

import datetime
import os
import re
import subprocess
import sys

import pytest

from conftest import ROOTS, require
from edition_tools.model.dates import DatePrecision, PartialDate, format_date, parse_date

LOCALE = "de_DE.UTF-8"


@pytest.mark.parametrize(
    ("value", "precision", "first", "last", "written", "short"),
    [
        ("1999", DatePrecision.YEAR, (1999, 1, 1), (1999, 12, 31), "1999", "—"),
        ("2000-02", DatePrecision.MONTH, (2000, 2, 1), (2000, 2, 29), "February 2000", "Feb"),
        ("1999-03-24", DatePrecision.DAY, (1999, 3, 24), (1999, 3, 24), "24 March 1999", "24 Mar"),
    ],
)
def test_a_partial_date_reads_as_its_precision(value, precision, first, last, written, short):
    date = PartialDate.parse(value)
    assert date.precision is precision is parse_date(value)
    assert date.first_day == datetime.date(*first)
    assert date.last_day == datetime.date(*last)
    assert date.for_readers() == written == format_date(value)
    assert date.without_year() == short
    assert date.isoformat() == value


def test_order_is_a_year_then_its_months_then_their_days():
    values = ["1999-03-24", "1999", "1999-03", "1998-12-31", "1999-02"]
    ordered = sorted(values, key=lambda value: PartialDate.parse(value).sort_key)
    assert ordered == ["1998-12-31", "1999", "1999-02", "1999-03", "1999-03-24"]


@pytest.mark.parametrize(
    "value", ["0000", "1999-13", "1999-02-30", "99", "1999-3", "1999-०३", "", "1999/03"]
)
def test_a_malformed_date_is_refused(value):
    with pytest.raises(ValueError, match="date"):
        PartialDate.parse(value)
    assert format_date(value) == value  # shown as written; the check reports it


def _locale_available() -> bool:
    result = subprocess.run(["locale", "-a"], capture_output=True, text=True, check=False)
    return any(name.lower().replace("-", "") == "de_de.utf8" for name in result.stdout.split())


def test_month_names_are_english_under_another_locale(tmp_path):
    """Sphinx sets the locale from the environment; the chronology stays in English."""
    require(_locale_available(), f"the {LOCALE} locale (Debian: locales-all)")
    env = {**os.environ, "LC_ALL": LOCALE, "LANG": LOCALE}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-b",
            "html",
            "-q",
            "-E",
            str(ROOTS / "test-annotations"),
            str(tmp_path / "html"),
        ],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    chronology = (tmp_path / "html" / "chronology.html").read_text(encoding="utf-8")
    assert "24 March" in chronology
    assert re.findall(r"\b(?:März|Mai|Juni|Dezember)\b", chronology) == []
