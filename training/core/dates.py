"""The one reading of a date typed into a query string or form: ``YYYY-MM-DD``, years 1970-2200
(other years are refused: a calendar could not shift them by a month or a week)."""

from datetime import date

from flask import request

MIN_YEAR, MAX_YEAR = 1970, 2200


def parse_day(text: str | None, *, month: bool = False) -> date | None:
    """The day written ``YYYY-MM-DD`` in ``text`` (with ``month``, also ``YYYY-MM``: its
    first day), if its year is from 1970 to 2200; else None."""
    text = (text or "").strip()
    if month and len(text) == 7:
        text += "-01"
    try:
        day = date.fromisoformat(text) if len(text) == 10 else None
    except ValueError:
        return None
    return day if day is not None and MIN_YEAR <= day.year <= MAX_YEAR else None


def day_arg(name: str, default: date | None = None) -> date | None:
    """The day in query parameter ``name``; ``default`` when it is absent or blank.
    Raises ValueError when it is given but is not a day ``parse_day`` accepts."""
    text = request.args.get(name, "").strip()
    if not text:
        return default
    day = parse_day(text)
    if day is None:
        raise ValueError(name)
    return day
