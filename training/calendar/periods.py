"""Calendar periods (month, week, agenda) and session times as a viewer reads them.

Pure date arithmetic plus formatting through flask-babel: the days a view shows, the UTC
range to query, the weeks of a month grid, and labels such as "09.00 WITA (08.00 WIB)"
(the viewer's zone first, the venue's local time in brackets when its zone differs).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from flask_babel import format_date, format_time

from training.core.timefmt import short_day, to_local, to_utc, zone_label

AGENDA_DAYS = 14


@dataclass(frozen=True)
class Period:
    view: str
    anchor: date  # the day the period was asked for
    first: date  # first day shown
    last: date  # last day shown (inclusive)
    prev: date
    next: date

    @property
    def days(self) -> list[date]:
        return [self.first + timedelta(days=n) for n in range((self.last - self.first).days + 1)]

    @property
    def weeks(self) -> list[list[date]]:
        days = self.days
        return [days[i : i + 7] for i in range(0, len(days), 7)]

    def utc_range(self, tz: str) -> tuple[datetime, datetime]:
        """The UTC instants bounding the shown days in zone ``tz``: [start, end)."""
        return to_utc(self.first, time(0), tz), to_utc(self.last + timedelta(days=1), time(0), tz)


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def month_period(anchor: date) -> Period:
    """The Monday-first weeks covering ``anchor``'s month."""
    first_of_month = anchor.replace(day=1)
    next_month = _add_months(first_of_month, 1)
    last_of_month = next_month - timedelta(days=1)
    return Period(
        view="month",
        anchor=first_of_month,
        first=first_of_month - timedelta(days=first_of_month.weekday()),
        last=last_of_month + timedelta(days=6 - last_of_month.weekday()),
        prev=_add_months(first_of_month, -1),
        next=next_month,
    )


def week_period(anchor: date) -> Period:
    monday = anchor - timedelta(days=anchor.weekday())
    return Period(
        view="week",
        anchor=anchor,
        first=monday,
        last=monday + timedelta(days=6),
        prev=monday - timedelta(days=7),
        next=monday + timedelta(days=7),
    )


def agenda_period(anchor: date) -> Period:
    step = timedelta(days=AGENDA_DAYS)
    return Period(
        view="agenda",
        anchor=anchor,
        first=anchor,
        last=anchor + step - timedelta(days=1),
        prev=anchor - step,
        next=anchor + step,
    )


PERIODS = {"month": month_period, "week": week_period, "agenda": agenda_period}


def hhmm(instant: datetime, tz: str) -> str:
    return format_time(to_local(instant, tz).time(), "HH.mm")


def time_label(start: datetime, tz: str, venue_tz: str, end: datetime | None = None) -> str:
    """E.g. "09.00 WITA (08.00 WIB)" or "09.00–11.00 WITA (08.00–10.00 WIB)"."""

    def one(zone: str) -> str:
        text = hhmm(start, zone)
        if end is not None:
            text += "–" + hhmm(end, zone)
        return f"{text} {zone_label(zone)}"

    label = one(tz)
    if zone_label(venue_tz) != zone_label(tz):
        label += f" ({one(venue_tz)})"
    return label


@dataclass(frozen=True)
class Entry:
    """A session as one viewer sees it: the local day and time labels."""

    session: object
    day: date
    start_label: str
    range_label: str
    url: str

    @property
    def is_cancelled(self) -> bool:
        return self.session.status == "cancelled"


def entries(sessions, tz: str, url_for_session) -> list[Entry]:
    """Wrap sessions for display in zone ``tz`` (already ordered by start)."""
    result = []
    for s in sessions:
        venue_tz = s.venue_unit.timezone
        result.append(
            Entry(
                session=s,
                day=to_local(s.starts_at, tz).date(),
                start_label=time_label(s.starts_at, tz, venue_tz),
                range_label=time_label(s.starts_at, tz, venue_tz, s.ends_at),
                url=url_for_session(s),
            )
        )
    return result


def by_day(items: list[Entry]) -> dict[date, list[Entry]]:
    grouped: dict[date, list[Entry]] = {}
    for item in items:
        grouped.setdefault(item.day, []).append(item)
    return grouped


def day_heading(day: date) -> str:
    """E.g. "Selasa, 3 November 2026"."""
    return format_date(day, "EEEE, d MMMM y")


def period_title(period: Period) -> str:
    if period.view == "month":
        return format_date(period.anchor, "LLLL y")
    return f"{short_day(period.first)} – {short_day(period.last)}"
