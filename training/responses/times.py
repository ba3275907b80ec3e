"""Reading the times of a mention: with a zone (offset, Z, WIB/WITA/WIT) or in the unit's zone.

A mention log states when a mention arrived and was answered. A time that carries its zone
(``2026-11-03T23:50:00+08:00``, ``...Z``, ``2026-11-03 23:50 WITA``) is read in that zone; a
time without one (``2026-11-03 23:50``, ``03/11/2026 23:50``, an XLSX date-time cell) is
read in the zone of the account's unit, because the monitoring desks record local times.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo

from flask_babel import gettext as _

#: Zone words written after a local time, and the fixed offsets they stand for.
ZONE_WORDS = {"WIB": 7, "WITA": 8, "WIT": 9, "UTC": 0, "GMT": 0, "Z": 0}
_TIME = re.compile(
    r"(?P<date>\d{4}-\d{1,2}-\d{1,2}|\d{1,2}/\d{1,2}/\d{4})[ T]"
    r"(?P<h>\d{1,2})[:.](?P<m>\d{2})(?:[:.](?P<s>\d{2})(?:\.\d+)?)?"
    r"\s*(?P<zone>Z|[+-]\d{2}:?\d{2}|[A-Za-z]{1,4})?"
)


class BadTime(ValueError):
    """A time that cannot be read; the message says how to write it."""


def _date_parts(text: str) -> tuple[int, int, int]:
    parts = text.replace("/", "-").split("-")  # 2026-12-03 or 03/12/2026
    if "-" in text:
        year, month, day = parts
    else:
        day, month, year = parts
    return int(year), int(month), int(day)


@lru_cache(maxsize=256)
def _zone(word: str | None, tz: str):
    """The zone of a written word (or of ``tz`` when none): looked up once per pair, not
    once per time read (an import reads up to three times on each of 100,000 rows)."""
    if not word:
        return ZoneInfo(tz)
    upper = word.upper()
    if upper in ZONE_WORDS:
        return timezone(timedelta(hours=ZONE_WORDS[upper]))
    if upper[0] in "+-" and upper[1:].replace(":", "").isdigit():
        digits = upper[1:].replace(":", "")
        delta = timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
        return timezone(delta if upper[0] == "+" else -delta)
    raise BadTime(
        _("zona waktu %(zone)s tidak dikenal (pakai WIB, WITA, WIT atau +07:00).", zone=word)
    )


def parse_time(text: str | None, tz: str) -> datetime | None:
    """The aware UTC instant written in ``text`` ("" is None); no zone means zone ``tz``."""
    text = " ".join((text or "").split())
    if not text:
        return None
    match = _TIME.fullmatch(text)
    if match is None:
        raise BadTime(
            _("tulis waktu sebagai YYYY-MM-DD HH:MM (boleh dengan zona, mis. +08:00 atau WITA).")
        )
    zone = _zone(match["zone"], tz)
    try:
        local = datetime(
            *_date_parts(match["date"]), int(match["h"]), int(match["m"]), int(match["s"] or 0)
        )
    except ValueError:
        raise BadTime(_("waktu %(text)s tidak ada di kalender.", text=text)) from None
    return local.replace(tzinfo=zone).astimezone(UTC)
