"""Editing occurrences: this one, this and following, or the whole series.

"This and following" follows RFC 5545 (and what Google Calendar and Thunderbird do): the
series is SPLIT. The old series' RRULE gets an UNTIL just before this occurrence; a new
series (new UID) takes this occurrence and the later ones, with the remaining COUNT or the
same UNTIL. Occurrences edited on their own (``is_detached``) move to the new series but keep
their own times. The date of an occurrence is governed by the rule, so "following"/"all"
edits change time of day, duration, venue, trainers, capacity and audience; a new rule is
given to ``update_series``. Past occurrences (already started) are history and never change.
Cancelling is ``training.sessions.cancelling``.
"""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from sqlalchemy import func, select

from training.auth.models import User
from training.core.timefmt import format_local
from training.errors import RuleViolation
from training.extensions import db
from training.sessions.cancelling import cancel_rows, local_of
from training.sessions.enrollments import Enrollment, EnrollmentStatus
from training.sessions.field_checks import check_fields
from training.sessions.models import SessionSeries, SessionStatus, TrainingSession
from training.sessions.occurrence_values import apply_values, enrolled_ids, window_of
from training.sessions.recurrence import Repeat, build_rrule, cut_before, expand, with_count
from training.sessions.services import (
    NO_OVERRIDE,
    Override,
    SessionData,
    insert_sessions,
    link_records,
    new_uid,
    session_row,
    utcnow,
    validate,
)


def update_occurrence(
    session: TrainingSession,
    actor: User,
    data: SessionData,
    *,
    override: Override = NO_OVERRIDE,
    now=None,
) -> TrainingSession:
    """Change this occurrence only; in a series it becomes detached (series edits skip it)."""
    now = now or utcnow()
    check_fields(actor, data)
    (occ,) = expand("", data.start_local, data.duration_minutes, data.venue_unit.timezone)
    participants = enrolled_ids([session])[session.id]
    window = window_of(occ.starts_at, occ.ends_at, participants)
    records = validate(actor, data, [window], override=override, exclude_ids=[session.id], now=now)
    apply_values(session, data, occ.starts_at, occ.ends_at, now, actor)
    if session.series_id is not None:
        session.is_detached = True
    link_records(records, session.id)
    return session


def _future(series: SessionSeries, now: datetime, after: datetime | None = None):
    start = after or now
    return [
        s
        for s in series.sessions
        if s.status != SessionStatus.CANCELLED and s.starts_at >= start and s.starts_at > now
    ]


def _same_date_plan(sessions, data: SessionData, new_time: time):
    """(session, new UTC start, new UTC end) keeping each occurrence's local date."""
    tz = ZoneInfo(data.venue_unit.timezone)
    plan = []
    for s in sessions:
        day = local_of(s).date()
        local = datetime.combine(day, new_time, tz)
        (occ,) = expand("", local.replace(tzinfo=None), data.duration_minutes, tz.key)
        plan.append((s, occ.starts_at, occ.ends_at))
    return plan


def _apply_plan(actor, data, plan, *, override, now, check_cascade_gate=True) -> list:
    enrolled = enrolled_ids([s for s, _a, _b in plan])
    windows = [window_of(a, b, enrolled[s.id]) for s, a, b in plan]
    return validate(
        actor,
        data,
        windows,
        override=override,
        exclude_ids=[s.id for s, _a, _b in plan],
        now=now,
        check_cascade_gate=check_cascade_gate,
    )


def _check_same_date(session: TrainingSession, data: SessionData) -> None:
    if data.start_local.date() != local_of(session).date():
        raise RuleViolation(
            _(
                "Tanggal hanya dapat diubah untuk pertemuan ini saja. Untuk memindahkan "
                "tanggal seluruh seri, ubah aturan pengulangan."
            )
        )


def update_following(
    session: TrainingSession,
    actor: User,
    data: SessionData,
    *,
    override: Override = NO_OVERRIDE,
    now=None,
) -> SessionSeries | None:
    """This occurrence and the later ones: split the series (RFC 5545), see module doc."""
    now = now or utcnow()
    series = session.series
    if series is None:
        update_occurrence(session, actor, data, override=override, now=now)
        return None
    check_fields(actor, data)
    _check_same_date(session, data)
    following = [s for s in series.sessions if s.recurrence_id >= session.recurrence_id]
    earlier = [s for s in series.sessions if s.recurrence_id < session.recurrence_id]
    movable = [s for s in following if not s.is_detached and s.status != SessionStatus.CANCELLED]
    plan = _same_date_plan(movable, data, data.start_local.time())
    records = _apply_plan(actor, data, plan, override=override, now=now)
    if not earlier:
        target = series
    else:
        target = _split(series, session, data, now)
        for s in following:
            s.series = target
    _retime_series(target, data)
    for s, starts_at, ends_at in plan:
        apply_values(s, data, starts_at, ends_at, now, actor)
        s.recurrence_id = starts_at
    link_records(records, session.id)
    return target


def _split(series: SessionSeries, session: TrainingSession, data, now) -> SessionSeries:
    old_rule = series.rrule
    cut_day = local_of(session).date().isoformat()
    rule = old_rule
    if "COUNT=" in old_rule:
        instances = expand(old_rule, series.dtstart_local, series.duration_minutes, series.timezone)
        before = sum(1 for o in instances if o.starts_at < session.recurrence_id)
        count = int(dict(p.split("=") for p in old_rule.split(";"))["COUNT"])
        rule = with_count(old_rule, max(1, count - before))
    new = SessionSeries(
        course_id=series.course_id,
        rrule=rule,
        dtstart_local=local_of(session).replace(tzinfo=None),
        duration_minutes=series.duration_minutes,
        timezone=series.timezone,
        exdates=[d for d in series.exdates if d >= cut_day],
        uid=new_uid(),
        created_by_id=series.created_by_id,
        created_at=now,
    )
    series.rrule = cut_before(old_rule, session.recurrence_id)
    series.exdates = [d for d in series.exdates if d < cut_day]
    db.session.add(new)
    db.session.flush()
    return new


def _retime_series(series: SessionSeries, data: SessionData) -> None:
    series.dtstart_local = datetime.combine(series.dtstart_local.date(), data.start_local.time())
    series.duration_minutes = data.duration_minutes
    series.timezone = data.venue_unit.timezone
    series.course_id = data.course.id


def update_series(
    series: SessionSeries,
    actor: User,
    data: SessionData,
    repeat: Repeat | None = None,
    *,
    confirm_drop: bool = False,
    override: Override = NO_OVERRIDE,
    now=None,
) -> SessionSeries:
    """Every future, non-detached occurrence; a new ``repeat`` regenerates the dates.

    Dates the new rule no longer produces are cancelled; when people are enrolled in any
    of them the change is refused unless ``confirm_drop`` is set.
    """
    now = now or utcnow()
    check_fields(actor, data)
    tz = data.venue_unit.timezone
    future = _future(series, now)
    movable = [s for s in future if not s.is_detached]
    if repeat is None:
        plan = _same_date_plan(movable, data, data.start_local.time())
        records = _apply_plan(actor, data, plan, override=override, now=now)
        _retime_series(series, data)
        for s, starts_at, ends_at in plan:
            apply_values(s, data, starts_at, ends_at, now, actor)
            s.recurrence_id = starts_at
        link_records(records, movable[0].id if movable else None)
        return series
    return _regenerate(
        series, actor, data, repeat, movable, future, confirm_drop, override, now, tz
    )


def _regenerate(series, actor, data, repeat, movable, future, confirm_drop, override, now, tz):
    rule = build_rrule(repeat, tz)
    exdates = sorted({d.isoformat() for d in repeat.exdates})
    start_local = datetime.combine(series.dtstart_local.date(), data.start_local.time())
    occurrences = [
        o
        for o in expand(rule, start_local, data.duration_minutes, tz, exdates)
        if o.starts_at > now
    ]
    taken = {local_of(s).date() for s in future if s.is_detached}
    wanted = {o.local_start.date(): o for o in occurrences if o.local_start.date() not in taken}
    existing = {local_of(s).date(): s for s in movable}
    keep = [(s, wanted[d].starts_at, wanted[d].ends_at) for d, s in existing.items() if d in wanted]
    drop = [s for d, s in existing.items() if d not in wanted]
    add = [o for d, o in wanted.items() if d not in existing]
    _check_drop(drop, confirm_drop)
    windows_plan = keep + [(None, o.starts_at, o.ends_at) for o in add]
    enrolled = enrolled_ids([s for s, _a, _b in keep])
    windows = [window_of(a, b, enrolled.get(s.id, ()) if s else ()) for s, a, b in windows_plan]
    records = validate(
        actor, data, windows, override=override, exclude_ids=[s.id for s in movable], now=now
    )
    series.rrule, series.exdates = rule, exdates
    _retime_series(series, data)
    for s, starts_at, ends_at in keep:
        apply_values(s, data, starts_at, ends_at, now, actor)
        s.recurrence_id = starts_at
    cancel_rows(drop, now, actor)
    ids = []
    if add:
        rows = [
            {
                **session_row(data, o, actor, now),
                "series_id": series.id,
                "recurrence_id": o.starts_at,
            }
            for o in add
        ]
        ids = insert_sessions(rows, data)
    first = keep[0][0].id if keep else (ids[0] if ids else None)
    link_records(records, first)
    db.session.expire(series, ["sessions"])
    return series


def _check_drop(drop: list[TrainingSession], confirmed: bool) -> None:
    if not drop or confirmed:
        return
    ids = [s.id for s in drop]
    stmt = (
        select(Enrollment.session_id, func.count())
        .where(
            Enrollment.session_id.in_(ids),
            Enrollment.status.in_((EnrollmentStatus.ENROLLED, EnrollmentStatus.WAITLISTED)),
        )
        .group_by(Enrollment.session_id)
    )
    counts = dict(db.session.execute(stmt).all())
    busy = [s for s in drop if counts.get(s.id)]
    if busy:
        when = ", ".join(format_local(s.starts_at, s.venue_unit.timezone) for s in busy)
        raise RuleViolation(
            _(
                "Aturan baru akan membatalkan %(n)d pertemuan yang sudah ada pesertanya "
                "(%(when)s). Centang konfirmasi untuk tetap membatalkannya.",
                n=len(busy),
                when=when,
            )
        )
