"""Creating and checking sessions and recurring series (duplicating: ``duplicating``).

Every write validates ALL occurrences first (fields, scope, audience, trainers, cascade,
conflicts) and only then inserts, in bulk: a series of any length takes the same handful of
statements. Services never commit; the view or CLI command does.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime

from flask_babel import gettext as _
from sqlalchemy import insert, select

from training.auth.models import User
from training.errors import RuleViolation
from training.extensions import db
from training.people.models import Person
from training.policy import rules
from training.programs.cascade import check_cascade
from training.programs.models import Course, Cycle, OverrideRecord
from training.sessions import audit
from training.sessions.conflicts import Clash, Window, find_clashes
from training.sessions.field_checks import check_fields, check_trainers
from training.sessions.models import SessionSeries, SessionStatus, SessionTrainer, TrainingSession
from training.sessions.recurrence import (
    Occurrence,
    Repeat,
    build_rrule,
    expand,
)
from training.units.models import Unit


@dataclass
class SessionData:
    """What a session form says; ``start_local`` is naive wall-clock time in the venue zone."""

    course: Course | None
    venue_unit: Unit | None
    start_local: datetime | None
    duration_minutes: int
    audience_unit: Unit | None = None
    audience_positions: list[str] = field(default_factory=list)
    title: str = ""
    venue: str = ""
    online_url: str = ""
    capacity: int = 30
    notes: str = ""
    cycle: Cycle | None = None
    trainer_users: list[User] = field(default_factory=list)
    trainer_people: list[Person] = field(default_factory=list)


@dataclass(frozen=True)
class Override:
    """An admin's "ignore the conflict / cascade gate" tick with its reason."""

    requested: bool = False
    reason: str = ""


NO_OVERRIDE = Override()


class ConflictError(RuleViolation):
    """Clashes found; the view lists them and offers admins the override."""

    def __init__(self, clashes: list[Clash]):
        self.clashes = clashes
        super().__init__(
            _("Jadwal bentrok (%(n)d). Ubah waktu, tempat atau pelatih.", n=len(clashes))
        )


def utcnow() -> datetime:
    return datetime.now(UTC)


def new_uid() -> str:
    return f"{uuid.uuid4()}@presisi"


# --- validation -------------------------------------------------------------------------


def validate(
    actor: User,
    data: SessionData,
    windows: list[Window],
    *,
    override: Override = NO_OVERRIDE,
    exclude_ids=(),
    now: datetime | None = None,
    check_cascade_gate: bool = True,
) -> list[OverrideRecord]:
    """Run every rule for ``windows``; return the override records to link (not yet added)."""
    now = now or utcnow()
    check_fields(actor, data)
    if override.requested and not rules.OVERRIDE_RULES(actor):
        raise RuleViolation(_("Hanya admin yang dapat mengabaikan aturan penjadwalan."))
    if override.requested and not override.reason.strip():
        raise RuleViolation(_("Tuliskan alasan pengecualian."))
    check_trainers(data, now.date())
    records = []
    if check_cascade_gate:
        reason = override.reason.strip() if override.requested else ""
        record = check_cascade(
            data.course, data.audience_unit, user=actor, override_reason=reason, now=now
        )
        if record is not None:
            records.append(record)
    clashes = find_clashes(
        windows,
        user_ids=[u.id for u in data.trainer_users],
        person_ids=[p.id for p in data.trainer_people],
        venue_unit_id=data.venue_unit.id,
        venue=data.venue,
        exclude_ids=exclude_ids,
    )
    if clashes and not override.requested:
        raise ConflictError(clashes)
    if clashes:
        records.append(
            OverrideRecord(
                kind="conflict",
                user_id=actor.id,
                course_id=data.course.id,
                unit_id=data.venue_unit.id,
                reason=override.reason.strip(),
                detail="\n".join(c.describe() for c in clashes),
                created_at=now,
            )
        )
    return records


def link_records(records: list[OverrideRecord], session_id: int | None) -> None:
    for record in records:
        record.session_id = session_id
        db.session.add(record)
    audit.record_overrides(records, session_id)


# --- writing ----------------------------------------------------------------------------


def session_row(data: SessionData, occ: Occurrence, actor: User | None, now: datetime) -> dict:
    return dict(
        course_id=data.course.id,
        cycle_id=data.cycle.id if data.cycle else None,
        title=data.title.strip(),
        starts_at=occ.starts_at,
        ends_at=occ.ends_at,
        venue_unit_id=data.venue_unit.id,
        venue=data.venue.strip(),
        online_url=data.online_url.strip(),
        capacity=data.capacity,
        audience_unit_id=data.audience_unit.id,
        audience_positions=list(data.audience_positions),
        status=SessionStatus.SCHEDULED,
        sequence=0,
        uid=new_uid(),
        notes=data.notes,
        created_by_id=actor.id if actor else None,
        created_at=now,
        updated_at=now,
    )


def insert_sessions(rows: list[dict], data: SessionData) -> list[int]:
    """Bulk insert sessions and their trainers: two statements whatever the count."""
    # Plain executemany, then ids by uid: RETURNING in parameter order falls back to one
    # statement per row on SQLite, this stays at two statements on both databases.
    db.session.execute(insert(TrainingSession), rows)
    uids = [row["uid"] for row in rows]
    found = dict(
        db.session.execute(
            select(TrainingSession.uid, TrainingSession.id).where(TrainingSession.uid.in_(uids))
        ).all()
    )
    ids = [found[uid] for uid in uids]
    trainer_rows = [
        {"session_id": sid, "user_id": u.id, "person_id": None}
        for sid in ids
        for u in data.trainer_users
    ] + [
        {"session_id": sid, "user_id": None, "person_id": p.id}
        for sid in ids
        for p in data.trainer_people
    ]
    if trainer_rows:
        db.session.execute(insert(SessionTrainer), trainer_rows)
    audit.record_created(rows, ids, data)
    return ids


def create_session(
    actor: User, data: SessionData, *, override: Override = NO_OVERRIDE, now=None
) -> TrainingSession:
    """One session on its own (no series)."""
    now = now or utcnow()
    check_fields(actor, data)
    (occ,) = expand("", data.start_local, data.duration_minutes, data.venue_unit.timezone)
    records = validate(
        actor, data, [Window(occ.starts_at, occ.ends_at)], override=override, now=now
    )
    (session_id,) = insert_sessions([session_row(data, occ, actor, now)], data)
    link_records(records, session_id)
    return db.session.get(TrainingSession, session_id)


def create_series(
    actor: User,
    data: SessionData,
    repeat: Repeat,
    *,
    override: Override = NO_OVERRIDE,
    now=None,
) -> SessionSeries:
    """A recurring series: every occurrence checked, then all inserted at once."""
    now = now or utcnow()
    check_fields(actor, data)
    tz = data.venue_unit.timezone
    if repeat.until and repeat.until < data.start_local.date():
        raise RuleViolation(_("Tanggal akhir pengulangan tidak boleh sebelum tanggal mulai."))
    rule = build_rrule(repeat, tz)
    exdates = sorted({d.isoformat() for d in repeat.exdates})
    occurrences = expand(rule, data.start_local, data.duration_minutes, tz, exdates)
    windows = [Window(o.starts_at, o.ends_at) for o in occurrences]
    records = validate(actor, data, windows, override=override, now=now)
    series = SessionSeries(
        course_id=data.course.id,
        rrule=rule,
        dtstart_local=data.start_local,
        duration_minutes=data.duration_minutes,
        timezone=tz,
        exdates=exdates,
        uid=new_uid(),
        created_by_id=actor.id,
        created_at=now,
    )
    db.session.add(series)
    db.session.flush()
    rows = []
    for occ in occurrences:
        row = session_row(data, occ, actor, now)
        rows.append({**row, "series_id": series.id, "recurrence_id": occ.starts_at})
    ids = insert_sessions(rows, data)
    link_records(records, ids[0])
    db.session.expire(series, ["sessions"])
    return series
