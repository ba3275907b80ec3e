"""The one way days and numbers are written, for documents made without a request (PDFs,
e-mails, exports): Babel with an explicit language. Pages use the same patterns through the
filters of ``training.core.templating`` and ``training.core.timefmt`` (the reader's
language). See docs/GLOSSARY.md, "Dates and numbers".
"""

from __future__ import annotations

from datetime import date

from babel.dates import format_date
from babel.numbers import format_decimal

#: Babel patterns: "3 Des 2026", "3 Desember 2026", "4,00", "87,5" (+ "%").
SHORT_DAY, LONG_DAY = "medium", "long"
DECIMAL, SHARE = "0.00", "0.#"


def short_day_in(day: date, locale: str = "id") -> str:
    """E.g. "3 Des 2026"."""
    return format_date(day, SHORT_DAY, locale=locale)


def long_day_in(day: date, locale: str = "id") -> str:
    """E.g. "3 Desember 2026" (documents: certificates, reports, reminders)."""
    return format_date(day, LONG_DAY, locale=locale)


def decimal_in(value: float, locale: str = "id", pattern: str = DECIMAL) -> str:
    """E.g. "4,00" in Indonesian."""
    return format_decimal(value, pattern, locale=locale)


def percent_in(value: float, locale: str = "id") -> str:
    """A share with at most one decimal, e.g. "87,5%"."""
    return f"{format_decimal(value, SHARE, locale=locale)}%"
