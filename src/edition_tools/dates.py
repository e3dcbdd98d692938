"""Dates written at the precision they are known: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``."""

from __future__ import annotations

import calendar

from edition_tools.catalogue import DatePrecision, parse_date

__all__ = ["format_date"]


def format_date(value: str) -> str:
    """Write an ISO date for readers at its own precision: ``17 February 2000``.

    ``"unknown"`` becomes ``"date unknown"``; a malformed value is returned unchanged
    (the catalogue check reports it).
    """
    try:
        precision = parse_date(value)
    except ValueError:
        return value
    if precision is DatePrecision.UNKNOWN:
        return "date unknown"
    parts = [int(part) for part in value.split("-")]
    if precision is DatePrecision.YEAR:
        return f"{parts[0]}"
    month = calendar.month_name[parts[1]]
    if precision is DatePrecision.MONTH:
        return f"{month} {parts[0]}"
    return f"{parts[2]} {month} {parts[0]}"
