"""Local times: UTC instants shown in a unit's zone with its label (WIB/WITA/WIT).

Every business day (issued on, revoked on, "today" for expiry and readiness) is the local
day of an instant in a unit's zone (``local_day``), or the viewer's zone where no unit
applies (``viewer_today``); never the UTC date nor the server's ``date.today()``.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from flask_babel import format_time

from training.core import numfmt
from training.core.docfmt import LONG_DAY, SHORT_DAY

#: Indonesian IANA zones with their everyday labels.
TIMEZONES = {
    "Asia/Jakarta": "WIB",
    "Asia/Pontianak": "WIB",
    "Asia/Makassar": "WITA",
    "Asia/Jayapura": "WIT",
}
DEFAULT_TZ = "Asia/Jakarta"


def zone_label(tz: str) -> str:
    return TIMEZONES.get(tz, tz)


def to_local(instant: datetime, tz: str) -> datetime:
    """The wall-clock time of an aware ``instant`` in zone ``tz``."""
    return instant.astimezone(ZoneInfo(tz))


def to_utc(local_day: date, local_time: time, tz: str) -> datetime:
    """The aware UTC instant of a wall-clock date and time in zone ``tz``."""
    return datetime.combine(local_day, local_time, ZoneInfo(tz)).astimezone(ZoneInfo("UTC"))


def local_day(instant: datetime | None = None, tz: str | None = None) -> date:
    """The calendar day of the aware ``instant`` (default: now) in zone ``tz`` (default WIB)."""
    return to_local(instant or datetime.now(UTC), tz or DEFAULT_TZ).date()


def unit_timezone(unit) -> str:
    """The zone of ``unit`` (WIB when there is none)."""
    return getattr(unit, "timezone", None) or DEFAULT_TZ


def viewer_today(user, now: datetime | None = None) -> date:
    """Today for ``user``: the local day in the zone they read times in."""
    return local_day(now, viewer_timezone(user))


def viewer_timezone(user) -> str:
    """The zone a user reads times in: their command's, else their own unit's, else WIB."""
    if user is not None and getattr(user, "is_authenticated", False):
        if user.unit is not None:
            return user.unit.timezone
        if user.person is not None:
            return user.person.unit.timezone
    return DEFAULT_TZ


def short_day(day: date) -> str:
    """The one short form of a day on every page: "3 Des 2026" (interface language)."""
    return numfmt.day(day, SHORT_DAY)


def long_day(day: date) -> str:
    """The one long form of a day (headings, documents): "3 Desember 2026"."""
    return numfmt.day(day, LONG_DAY)


def format_local(instant: datetime, tz: str, *, long: bool = False) -> str:
    """E.g. "3 Nov 2026 09.00 WITA" ("3 November 2026 09.00 WITA" when ``long``)."""
    local = to_local(instant, tz)
    day = long_day(local.date()) if long else short_day(local.date())
    return f"{day} {format_time(local.time(), 'HH.mm')} {zone_label(tz)}"


def format_local_time(instant: datetime, tz: str) -> str:
    """E.g. "09.00 WITA"."""
    return f"{format_time(to_local(instant, tz).time(), 'HH.mm')} {zone_label(tz)}"
