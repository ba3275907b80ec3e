"""Recurrence rules (RFC 5545 RRULE via python-dateutil) built from simple form choices.

A series is defined in the venue unit's LOCAL wall-clock time: ``dtstart_local`` (naive) in
zone ``tz``. Occurrences are expanded on local wall-clock times and each one is converted to
UTC on its own with zoneinfo, so a "09.00 every Tuesday" stays 09.00 locally even in a zone
with daylight saving (WIB/WITA/WIT have none, but the code does not rely on that).

The stored RRULE text carries no DTSTART. Its UNTIL is written in UTC (``...Z``) as RFC 5545
requires when DTSTART has a TZID: the end of the chosen local day, so the until-date is
inclusive in local time. EXDATEs are local dates; as in RFC 5545 they are removed after the
rule is expanded, so COUNT counts them too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from itertools import islice
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr
from flask import current_app, has_app_context
from flask_babel import gettext as _

from training.core.timefmt import short_day
from training.errors import RuleViolation
from training.sessions.labels import NTH_LABELS, WEEKDAY_LABELS

NONE, WEEKLY, MONTHLY_DAY, MONTHLY_NTH = "none", "weekly", "monthly_day", "monthly_nth"
FREQS = (NONE, WEEKLY, MONTHLY_DAY, MONTHLY_NTH)
DAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
DEFAULT_MAX = 200


@dataclass(frozen=True)
class Repeat:
    """Form choices for a recurrence; weekdays are 0 = Monday .. 6 = Sunday."""

    freq: str = NONE
    interval: int = 1
    weekdays: tuple[int, ...] = ()
    month_day: int | None = None
    #: 1..4 = first..fourth, -1 = last (with ``nth_weekday``).
    nth: int | None = None
    nth_weekday: int | None = None
    until: date | None = None
    count: int | None = None
    exdates: tuple[date, ...] = field(default=())


@dataclass(frozen=True)
class Occurrence:
    local_start: datetime  # aware, in the series zone
    starts_at: datetime  # aware UTC
    ends_at: datetime  # aware UTC


def max_occurrences() -> int:
    if has_app_context():
        return int(current_app.config.get("SERIES_MAX_OCCURRENCES", DEFAULT_MAX))
    return DEFAULT_MAX


def until_utc(until: date, tz: str) -> datetime:
    """The last instant of local day ``until`` in zone ``tz``, in UTC."""
    local = datetime.combine(until, time(23, 59, 59), ZoneInfo(tz))
    return local.astimezone(UTC)


def build_rrule(repeat: Repeat, tz: str) -> str:
    """RRULE text (without DTSTART) for ``repeat``; "" for a one-off session."""
    if repeat.freq == NONE:
        return ""
    if repeat.freq not in FREQS:
        raise RuleViolation(_("Pilihan pengulangan tidak dikenal."))
    parts = []
    if repeat.freq == WEEKLY:
        if not repeat.weekdays:
            raise RuleViolation(_("Pilih paling sedikit satu hari dalam seminggu."))
        days = ",".join(DAY_CODES[d] for d in sorted(set(repeat.weekdays)))
        parts = ["FREQ=WEEKLY", f"BYDAY={days}"]
    elif repeat.freq == MONTHLY_DAY:
        if not repeat.month_day or not 1 <= repeat.month_day <= 31:
            raise RuleViolation(_("Tanggal dalam bulan harus antara 1 dan 31."))
        parts = ["FREQ=MONTHLY", f"BYMONTHDAY={repeat.month_day}"]
    elif repeat.freq == MONTHLY_NTH:
        if repeat.nth not in (1, 2, 3, 4, -1) or repeat.nth_weekday not in range(7):
            raise RuleViolation(_("Pilih urutan dan hari untuk pengulangan bulanan."))
        parts = ["FREQ=MONTHLY", f"BYDAY={repeat.nth}{DAY_CODES[repeat.nth_weekday]}"]
    if repeat.interval < 1 or repeat.interval > 52:
        raise RuleViolation(_("Interval pengulangan harus antara 1 dan 52."))
    if repeat.interval > 1:
        parts.insert(1, f"INTERVAL={repeat.interval}")
    if repeat.until and repeat.count:
        raise RuleViolation(_("Pilih salah satu: sampai tanggal atau jumlah pertemuan."))
    if repeat.until:
        parts.append(f"UNTIL={until_utc(repeat.until, tz):%Y%m%dT%H%M%SZ}")
    elif repeat.count:
        parts.append(f"COUNT={repeat.count}")
    else:
        raise RuleViolation(_("Seri berulang harus berakhir pada tanggal tertentu atau jumlah."))
    return ";".join(parts)


def parse_rrule(text: str, tz: str, exdates=()) -> Repeat:
    """The form choices behind an RRULE written by ``build_rrule``."""
    if not text:
        return Repeat(exdates=tuple(_as_dates(exdates)))
    parts = dict(p.split("=", 1) for p in text.split(";") if "=" in p)
    kw: dict = {"interval": int(parts.get("INTERVAL", 1)), "exdates": tuple(_as_dates(exdates))}
    byday = parts.get("BYDAY", "")
    if parts.get("FREQ") == "WEEKLY":
        kw.update(freq=WEEKLY, weekdays=tuple(DAY_CODES.index(d) for d in byday.split(",")))
    elif "BYMONTHDAY" in parts:
        kw.update(freq=MONTHLY_DAY, month_day=int(parts["BYMONTHDAY"]))
    else:
        kw.update(freq=MONTHLY_NTH, nth=int(byday[:-2]), nth_weekday=DAY_CODES.index(byday[-2:]))
    if "UNTIL" in parts:
        instant = datetime.strptime(parts["UNTIL"], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
        kw["until"] = instant.astimezone(ZoneInfo(tz)).date()
    if "COUNT" in parts:
        kw["count"] = int(parts["COUNT"])
    return Repeat(**kw)


def _as_dates(values) -> list[date]:
    return [v if isinstance(v, date) else date.fromisoformat(v) for v in values]


def expand(
    rule: str,
    dtstart_local: datetime,
    duration_minutes: int,
    tz: str,
    exdates=(),
    *,
    limit: int | None = None,
) -> list[Occurrence]:
    """Every occurrence of the series, in order; refuses more than ``limit`` of them."""
    limit = limit or max_occurrences()
    zone = ZoneInfo(tz)
    start = dtstart_local.replace(tzinfo=zone)
    duration = timedelta(minutes=duration_minutes)
    if not rule:
        locals_ = [start]
    else:
        _check_end(rule, start, tz, limit)
        locals_ = list(islice(rrulestr(rule, dtstart=start), limit + 1))
        if len(locals_) > limit:
            raise too_many(limit)
    skipped = set(_as_dates(exdates))
    result = []
    for local in locals_:
        if local.date() in skipped:
            continue
        local = local.replace(tzinfo=zone)  # wall clock first, then its own UTC offset
        starts_at = local.astimezone(UTC)
        ends_at = (local + duration).astimezone(UTC)
        result.append(Occurrence(local, starts_at, ends_at))
    if not result:
        raise RuleViolation(_("Aturan pengulangan ini tidak menghasilkan satu pun pertemuan."))
    return result


def too_many(limit: int) -> RuleViolation:
    return RuleViolation(
        _(
            "Seri ini menghasilkan lebih dari %(n)d pertemuan. Persingkat rentang tanggal atau "
            "kurangi jumlah pertemuan; tidak ada yang disimpan.",
            n=limit,
        )
    )


def _check_end(rule: str, start: datetime, tz: str, limit: int) -> None:
    parts = dict(p.split("=", 1) for p in rule.split(";") if "=" in p)
    if "COUNT" in parts:
        count = int(parts["COUNT"])
        if count < 1:
            raise RuleViolation(_("Jumlah pertemuan paling sedikit 1."))
        if count > limit:
            raise too_many(limit)
    elif "UNTIL" in parts:
        until = datetime.strptime(parts["UNTIL"], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
        if until < start:
            raise RuleViolation(_("Tanggal akhir pengulangan tidak boleh sebelum tanggal mulai."))
    else:
        raise RuleViolation(_("Seri berulang harus berakhir pada tanggal tertentu atau jumlah."))


def cut_before(rule: str, instant: datetime) -> str:
    """``rule`` ending just before ``instant`` (UNTIL one second earlier, COUNT dropped)."""
    parts = [p for p in rule.split(";") if not p.startswith(("UNTIL=", "COUNT="))]
    parts.append(f"UNTIL={(instant - timedelta(seconds=1)).astimezone(UTC):%Y%m%dT%H%M%SZ}")
    return ";".join(parts)


def with_count(rule: str, count: int) -> str:
    parts = [p for p in rule.split(";") if not p.startswith(("UNTIL=", "COUNT="))]
    return ";".join([*parts, f"COUNT={count}"])


def describe(repeat: Repeat) -> str:
    """A short Indonesian description, e.g. "Setiap 2 minggu: Selasa, Kamis; 8 kali"."""
    if repeat.freq == WEEKLY:
        days = ", ".join(str(WEEKDAY_LABELS[d]) for d in repeat.weekdays)
        head = (
            _("Setiap minggu: %(days)s", days=days)
            if repeat.interval == 1
            else _("Setiap %(n)d minggu: %(days)s", n=repeat.interval, days=days)
        )
    elif repeat.freq == MONTHLY_DAY:
        head = _("Setiap bulan pada tanggal %(d)d", d=repeat.month_day)
    elif repeat.freq == MONTHLY_NTH:
        head = _(
            "Setiap bulan pada %(nth)s %(day)s",
            nth=NTH_LABELS[repeat.nth],
            day=WEEKDAY_LABELS[repeat.nth_weekday],
        )
    else:
        return _("Tidak berulang")
    if repeat.interval > 1 and repeat.freq != WEEKLY:
        head += " " + _("(setiap %(n)d bulan)", n=repeat.interval)
    if repeat.count:
        return head + "; " + _("%(n)d kali", n=repeat.count)
    if repeat.until:
        return head + "; " + _("sampai %(d)s", d=short_day(repeat.until))
    return head
