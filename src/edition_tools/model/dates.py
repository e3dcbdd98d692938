"""Dates known to a year, a month or a day: parsed, ordered, spanned and written once.

The edition writes a date only as precisely as the record allows (``YYYY``, ``YYYY-MM``
or ``YYYY-MM-DD``; ``unknown`` where nothing is known). :class:`PartialDate` is the one
reading of such a string: its precision, its sort key (a year before its months, a month
before its days), the first and last day it may mean, and its form for readers.

Month names come from Babel (which Sphinx brings) in English, never from
:mod:`calendar`, whose names follow the process locale: ``sphinx-build`` sets the locale
from the environment, and a build under ``LC_ALL=de_DE.UTF-8`` wrote "24 März". No
Sphinx here.
"""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass
from enum import Enum

from babel.dates import format_date as babel_format_date

__all__ = [
    "UNKNOWN",
    "DatePrecision",
    "PartialDate",
    "date_range",
    "format_date",
    "parse_date",
    "sort_key",
]

#: The value of a date that is not known.
UNKNOWN = "unknown"
#: The language every date of the edition is written in.
LOCALE = "en"

_DATE_PATTERN = re.compile(r"^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?$")


class DatePrecision(Enum):
    """How precisely a date is known: the format it is written in says which."""

    YEAR = "year"
    MONTH = "month"
    DAY = "day"
    UNKNOWN = UNKNOWN


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A date known to its year, month or day."""

    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, value: str) -> PartialDate:
        """Read ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (ASCII digits, from year 0001).

        Raise ``ValueError`` for anything else, including a month or day out of range,
        and year 0000: ISO 8601 reads it as 1 BC, which Python's dates cannot hold.
        """
        match = _DATE_PATTERN.match(value)
        if match is None:
            raise ValueError(f"date {value!r} is not YYYY, YYYY-MM, YYYY-MM-DD or 'unknown'")
        year, month, day = match.groups()
        if int(year) == 0:
            raise ValueError(f"date {value!r}: year 0000 is not supported")
        if month is not None and not 1 <= int(month) <= 12:
            raise ValueError(f"date {value!r} has no month {month}")
        if day is not None:
            try:
                datetime.date.fromisoformat(value)
            except ValueError:
                raise ValueError(f"date {value!r} is not a day of the calendar") from None
        return cls(int(year), int(month) if month else None, int(day) if day else None)

    @property
    def precision(self) -> DatePrecision:
        """Year, month or day."""
        if self.day is not None:
            return DatePrecision.DAY
        return DatePrecision.MONTH if self.month is not None else DatePrecision.YEAR

    @property
    def sort_key(self) -> tuple[int, int, int]:
        """Order of mixed precision: a year before its months, a month before its days."""
        return self.year, self.month or 0, self.day or 0

    @property
    def first_day(self) -> datetime.date:
        """The earliest day the date may mean."""
        return datetime.date(self.year, self.month or 1, self.day or 1)

    @property
    def last_day(self) -> datetime.date:
        """The latest day the date may mean."""
        if self.month is None:
            return datetime.date(self.year, 12, 31)
        return datetime.date(
            self.year, self.month, self.day or calendar.monthrange(self.year, self.month)[1]
        )

    def isoformat(self) -> str:
        """The date as it is written in the edition's sources: ``1999-03``."""
        parts = [f"{self.year:04d}"]
        parts += [f"{self.month:02d}"] if self.month is not None else []
        parts += [f"{self.day:02d}"] if self.day is not None else []
        return "-".join(parts)

    def for_readers(self) -> str:
        """``17 February 2000``, ``February 2000`` or ``2000``, in English."""
        if self.month is None:
            return str(self.year)
        pattern = "d MMMM y" if self.day is not None else "MMMM y"
        return babel_format_date(self.first_day, pattern, locale=LOCALE)

    def without_year(self) -> str:
        """The short form of a timeline: ``24 Mar``, ``Mar``, or ``—`` for a year."""
        if self.month is None:
            return "—"
        pattern = "d MMM" if self.day is not None else "MMM"
        return babel_format_date(self.first_day, pattern, locale=LOCALE)


def parse_date(value: str) -> DatePrecision:
    """The precision of ``value``, ``unknown`` included; ``ValueError`` if malformed."""
    if value == UNKNOWN:
        return DatePrecision.UNKNOWN
    return PartialDate.parse(value).precision


def sort_key(value: str) -> tuple[int, int, int]:
    """The sort key of a well-formed date (see :attr:`PartialDate.sort_key`)."""
    return PartialDate.parse(value).sort_key


def format_date(value: str) -> str:
    """Write a date for readers at its own precision: ``17 February 2000``.

    ``"unknown"`` becomes ``"date unknown"``; a malformed value is returned unchanged
    (the catalogue check reports it).
    """
    if value == UNKNOWN:
        return "date unknown"
    try:
        return PartialDate.parse(value).for_readers()
    except ValueError:
        return value


def date_range(start: str, end: str = "") -> str:
    """Write an event's dates for readers: ``24 March – 10 June 1999``, ``1998–1999``.

    What the two dates share (the year, or the year and month) is written once, as long
    as both are known to the same precision.
    """
    if not end:
        return format_date(start)
    first, last = PartialDate.parse(start), PartialDate.parse(end)
    if first.precision is last.precision is not DatePrecision.YEAR and first.year == last.year:
        if first.day is not None and first.month == last.month:
            return f"{first.day}–{last.for_readers()}"
        return f"{first.for_readers().rsplit(' ', 1)[0]} – {last.for_readers()}"
    joiner = "–" if first.precision is last.precision is DatePrecision.YEAR else " – "
    return f"{first.for_readers()}{joiner}{last.for_readers()}"
