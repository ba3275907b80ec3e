"""Numbers and days in the request's language, formatted once per value, pattern and language.

Babel's formatting is a pure function of the value, the pattern and the language, but one
call through Flask-Babel costs ~50 µs (the request's locale, parsing the pattern, applying
it); the readiness dashboard writes some 250 figures and 60 days per page, the same few
values again and again. ``number`` and ``day`` give what ``flask_babel.format_decimal`` and
``flask_babel.format_date`` give, from a bounded per-process memo keyed by the value's type,
the value, the pattern and the language (exact: nothing else goes into the text).
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from babel.dates import format_date as babel_format_date
from babel.numbers import format_decimal as babel_format_decimal
from flask_babel import format_date, format_decimal, get_locale

from training.core.docfmt import SHARE

#: Formatted texts kept per process (a few dozen bytes each), least recently used dropped.
MAX_ENTRIES = 8192
_KEPT_NUMBERS = (int, float)


@lru_cache(maxsize=MAX_ENTRIES)
def _number(_kind: type, value, pattern: str | None, locale: str) -> str:
    return babel_format_decimal(value, pattern, locale=locale)


@lru_cache(maxsize=MAX_ENTRIES)
def _day(value: date, pattern: str, locale: str) -> str:
    return babel_format_date(value, pattern, locale=locale)


def number(value, pattern: str | None = None) -> str:
    """``flask_babel.format_decimal(value, pattern)``, from the memo."""
    locale = get_locale()
    if locale is None or type(value) not in _KEPT_NUMBERS:
        return format_decimal(value, pattern)
    return _number(type(value), value, pattern, str(locale))


def day(value: date, pattern: str) -> str:
    """``flask_babel.format_date(value, pattern)`` for a plain date, from the memo (a
    datetime goes through Flask-Babel, which moves it to the viewer's zone first)."""
    locale = get_locale()
    if locale is None or type(value) is not date:
        return format_date(value, pattern)
    return _day(value, pattern, str(locale))


class Formats:
    """``number`` for the many figures of one page: the request's language read once
    rather than per figure; ``count``, ``percent`` and ``decimal`` write them the way the
    pages do (the ``percent`` and ``decimal`` filters, "—" for an unknown value)."""

    def __init__(self) -> None:
        locale = get_locale()
        self.locale = None if locale is None else str(locale)

    def number(self, value, pattern: str | None = None) -> str:
        if self.locale is None or type(value) not in _KEPT_NUMBERS:
            return format_decimal(value, pattern)
        return _number(type(value), value, pattern, self.locale)

    def count(self, value) -> str:
        """A whole number with the language's grouping ("4.762" in Indonesian)."""
        return "—" if value is None else self.number(value, "#,##0")

    def percent(self, value) -> str:
        """A share in percent with at most one decimal: "87,5%"."""
        return "—" if value is None else f"{self.number(value, SHARE)}%"

    def decimal(self, value, places: int = 2) -> str:
        return "—" if value is None else self.number(value, "0." + "0" * places)
