"""Reviewing a proposal: remove a draft, move it, publish the drafts the cascade allows."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time

from flask_babel import gettext as _
from sqlalchemy import delete, select, update
from sqlalchemy.orm import joinedload

from training.audit.services import entry, plain, record, record_many
from training.auth.models import User
from training.core.timefmt import to_utc
from training.errors import RuleViolation
from training.extensions import db
from training.policy.planning import may_plan_draft
from training.policy.rules import OVERRIDE_RULES
from training.programs.cascade import check_cascade
from training.programs.models import Cycle, OverrideRecord
from training.sessions.conflicts import Window, find_clashes
from training.sessions.enrollments import Enrollment, EnrollmentStatus
from training.sessions.models import SessionStatus, SessionTrainer, TrainingSession


@dataclass
class Held:
    session: TrainingSession
    reason: str


@dataclass
class PublishResult:
    published: list[TrainingSession] = field(default_factory=list)
    held: list[Held] = field(default_factory=list)
    overridden: int = 0


def _draft(session: TrainingSession) -> None:
    if session.status != SessionStatus.DRAFT:
        raise RuleViolation(_("Sesi ini sudah diterbitkan; ubah melalui halaman sesi."))


def cycle_drafts(cycle: Cycle) -> list[TrainingSession]:
    stmt = (
        select(TrainingSession)
        .where(TrainingSession.cycle_id == cycle.id, TrainingSession.status == SessionStatus.DRAFT)
        .options(
            joinedload(TrainingSession.course),
            joinedload(TrainingSession.venue_unit),
            joinedload(TrainingSession.audience_unit),
        )
        .order_by(TrainingSession.starts_at, TrainingSession.id)
    )
    return list(db.session.scalars(stmt))


def remove_draft(draft: TrainingSession, *, actor: User) -> None:
    """Delete one draft with its trainers and pre-filled enrolments."""
    _draft(draft)
    if not may_plan_draft(actor, draft):
        raise RuleViolation(_("Draf ini di luar wilayah kewenangan Anda."))
    db.session.execute(
        update(OverrideRecord).where(OverrideRecord.session_id == draft.id).values(session_id=None)
    )
    db.session.execute(delete(Enrollment).where(Enrollment.session_id == draft.id))
    db.session.execute(delete(SessionTrainer).where(SessionTrainer.session_id == draft.id))
    before = {"title": draft.title, "starts_at": plain(draft.starts_at), "status": "draft"}
    kw = dict(entity_id=draft.id, session_id=draft.id, course_id=draft.course_id)
    record("session", "delete", user=actor, before=before, **kw)
    db.session.delete(draft)
    db.session.flush()


def move_draft(
    draft: TrainingSession,
    day: date,
    start: time,
    *,
    actor: User,
    override_reason: str = "",
    now: datetime | None = None,
) -> TrainingSession:
    """Move a draft to another local date and start time (same length), re-checking
    trainer and participant double-bookings; an admin may override with a reason."""
    now = now or datetime.now(UTC)
    _draft(draft)
    if not may_plan_draft(actor, draft):
        raise RuleViolation(_("Draf ini di luar wilayah kewenangan Anda."))
    cycle = draft.cycle
    if cycle is not None and not cycle.starts_on <= day <= cycle.ends_on:
        raise RuleViolation(
            _(
                "Tanggal harus di dalam siklus %(n)d (%(start)s – %(end)s).",
                n=cycle.number,
                start=cycle.starts_on.isoformat(),
                end=cycle.ends_on.isoformat(),
            )
        )
    tz = draft.venue_unit.timezone
    starts_at = to_utc(day, start, tz)
    if starts_at <= now:
        raise RuleViolation(_("Waktu mulai sudah lewat; pilih waktu yang akan datang."))
    ends_at = starts_at + (draft.ends_at - draft.starts_at)
    people = db.session.scalars(
        select(Enrollment.person_id).where(
            Enrollment.session_id == draft.id, Enrollment.status == EnrollmentStatus.ENROLLED
        )
    ).all()
    clashes = find_clashes(
        [Window(starts_at, ends_at, tuple(people))],
        user_ids=[t.user_id for t in draft.trainers if t.user_id is not None],
        person_ids=[t.person_id for t in draft.trainers if t.person_id is not None],
        exclude_ids=[draft.id],
    )
    reason = (override_reason or "").strip()
    if clashes and not (reason and OVERRIDE_RULES(actor)):
        shown = " ".join(c.describe() for c in clashes[:3])
        more = len(clashes) - 3
        if more > 0:
            shown += " " + _("(dan %(n)d bentrok lain)", n=more)
        raise RuleViolation(shown)
    if clashes:
        db.session.add(
            OverrideRecord(
                kind="conflict",
                user_id=actor.id,
                course_id=draft.course_id,
                unit_id=draft.venue_unit_id,
                session_id=draft.id,
                reason=reason,
                detail="\n".join(c.describe() for c in clashes),
                created_at=now,
            )
        )
    before = {"starts_at": plain(draft.starts_at), "ends_at": plain(draft.ends_at)}
    draft.starts_at, draft.ends_at, draft.updated_at = starts_at, ends_at, now
    db.session.flush()
    after = {"starts_at": plain(starts_at), "ends_at": plain(ends_at)}
    kw = dict(entity_id=draft.id, session_id=draft.id, course_id=draft.course_id, now=now)
    reason_kw = {"reason": reason} if clashes else {}
    record("session", "update", user=actor, before=before, after=after, **kw, **reason_kw)
    return draft


def publish(
    cycle: Cycle,
    *,
    actor: User,
    override_reason: str = "",
    tier: int | None = None,
    now: datetime | None = None,
) -> PublishResult:
    """Schedule every draft of ``cycle`` (optionally one tier) whose cascade gate is open.

    The gate is checked once per course and audience region (``check_cascade``); drafts of
    a closed region stay drafts with the reason, unless an admin gives an override reason,
    which is recorded for each draft it publishes. Past drafts and drafts outside the
    actor's scope stay as they are.
    """
    now = now or datetime.now(UTC)
    result = PublishResult()
    reason = (override_reason or "").strip()
    if reason and not OVERRIDE_RULES(actor):
        raise RuleViolation(_("Hanya admin yang dapat melewati gerbang berjenjang."))
    groups: dict[tuple[int, int], list[TrainingSession]] = defaultdict(list)
    for draft in cycle_drafts(cycle):
        if tier is not None and draft.course.tier != tier:
            continue
        if not may_plan_draft(actor, draft):
            continue
        if draft.starts_at <= now:
            result.held.append(Held(draft, _("waktunya sudah lewat; ubah tanggalnya")))
            continue
        groups[(draft.course_id, draft.audience_unit_id)].append(draft)
    for drafts in sorted(groups.values(), key=lambda ds: (ds[0].course.tier, ds[0].starts_at)):
        first = drafts[0]
        try:
            record = check_cascade(
                first.course, first.audience_unit, user=actor, override_reason=reason, now=now
            )
        except RuleViolation as exc:
            result.held += [Held(d, str(exc)) for d in drafts]
            continue
        if record is not None:
            record.session_id = first.id
            for other in drafts[1:]:
                db.session.add(_copy(record, other.id))
            result.overridden += len(drafts)
        result.published += drafts
    ids = [d.id for d in result.published]
    if ids:
        db.session.execute(
            update(TrainingSession)
            .where(TrainingSession.id.in_(ids))
            .values(status=SessionStatus.SCHEDULED, updated_at=now),
            execution_options={"synchronize_session": False},
        )
        record_many(
            [
                entry(
                    "session",
                    "publish",
                    user=actor,
                    entity_id=d.id,
                    session_id=d.id,
                    course_id=d.course_id,
                    before={"status": "draft"},
                    after={"status": "scheduled"},
                    reason=reason,
                    now=now,
                )
                for d in result.published
            ]
        )
        for draft in result.published:
            db.session.expire(draft, ["status", "updated_at"])
    db.session.flush()
    return result


def _copy(record: OverrideRecord, session_id: int) -> OverrideRecord:
    return OverrideRecord(
        kind=record.kind,
        user_id=record.user.id,
        course_id=record.course.id,
        unit_id=record.unit.id if record.unit else None,
        session_id=session_id,
        reason=record.reason,
        detail=record.detail,
        created_at=record.created_at,
    )


__all__ = ["PublishResult", "Held", "cycle_drafts", "move_draft", "publish", "remove_draft"]
