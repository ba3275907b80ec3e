"""The standing engine: keep CourseStatus (and absence warnings) current from raw rows.

Rules (one place; ``tests/oracles/standing.py`` restates them plainly for the property test):

- Counted sessions: the course's *scheduled* sessions (not drafts, not cancelled) the person
  is **enrolled** in that have ended by ``now`` or already have an Attendance row. A session
  that ended without a row counts as Alpa. Statuses in ``course.excused_statuses`` are left
  out of both numerator and denominator. Attended = Hadir or Terlambat.
- ``attendance_pct`` = attended / counted * 100 (None while nothing counts).
- The latest attempt (highest ``attempt_no``) gives ``average_level`` and ``passed``
  through ``assessments.rules.evaluate`` with the course's competency weights.
- Online refresher: a completed online enrolment in an offering of the course
  (``standing.online``) meets the attendance requirement whatever the sessions say, and
  no absence warning stands beside it.
- Status, first match wins:
  ``completed``  attendance >= ``min_attendance_pct`` (or an online completion) and the
                 latest attempt passed;
  ``failed``     the latest attempt did not pass, or every enrolled session has ended and
                 attendance is below the minimum;
  ``in_progress`` enrolled in a session, or any attendance, attempt or online completion;
  ``not_started`` otherwise.
- ``completed_on``: kept while the row stays completed, unless a later online completion
  renews it; otherwise the day both conditions were met: the later of the latest attempt and
  the attendance requirement's moment (the later of the last attended session's end, when
  the sessions suffice, and the latest online completion), as a date in the zone of that
  session's venue or that offering's unit (capped at ``now``).
- Absence warning: raised (or reopened/updated) while ``attendance_pct`` < minimum, resolved
  once it is back at or above the minimum or nothing counts any more.
- Certificate eligibility (``settled_clause``): ``completed`` alone is not enough; every
  scheduled session of the course the person is enrolled in must have ended and its roll
  call must be signed off (a mark taken before a session ends can still change).

``refresh_standing`` runs a fixed number of statements per call whatever the number of
people (grouped reads with ``IN``, one upsert per table, one audit insert); callers commit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, Select, and_, or_, select

from training.assessments.latest import latest_attempt_join
from training.assessments.models import AssessmentAttempt, AssessmentScore, CourseCompetency
from training.assessments.rules import evaluate
from training.attendance.models import (
    Attendance,
    AttendanceSignoff,
    AttendanceStatus,
)
from training.audit.services import entry, record_many
from training.extensions import db
from training.programs.models import Course, CourseStatus, CourseStatusValue
from training.sessions.enrollments import Enrollment, EnrollmentStatus
from training.sessions.models import SessionStatus, TrainingSession
from training.standing.online import online_completions
from training.standing.store import snapshot, snapshot_values, sync_warnings, upsert_person_course
from training.units.models import Unit

ATTENDED = frozenset({AttendanceStatus.HADIR.value, AttendanceStatus.TERLAMBAT.value})
#: People handled per batch (keeps IN lists well below driver parameter limits).
BATCH = 1000


@dataclass(frozen=True)
class Standing:
    status: str
    attendance_pct: float | None
    average_level: float | None
    passed: bool | None
    #: The day both completion conditions were met (None unless completed).
    completed_on: date | None
    #: The local day of the latest online refresher completion (None without one).
    online_on: date | None = None


def refresh_standing(course: Course, person_ids, *, actor=None, now=None) -> list[CourseStatus]:
    """Recompute the CourseStatus of ``person_ids`` for ``course``; return the rows."""
    now = now or datetime.now(UTC)
    ids = sorted(set(person_ids))
    rows: list[CourseStatus] = []
    for start in range(0, len(ids), BATCH):
        rows.extend(_refresh_batch(course, ids[start : start + BATCH], actor, now))
    return rows


def _refresh_batch(course: Course, ids: list[int], actor, now: datetime) -> list[CourseStatus]:
    if not ids:
        return []
    sessions = _session_facts(course, ids)
    online = online_completions(course.id, ids)
    attempts = _latest_attempts(course, ids)
    weights = dict(
        db.session.execute(
            select(CourseCompetency.competency_id, CourseCompetency.weight).where(
                CourseCompetency.course_id == course.id
            )
        ).all()
    )
    existing = {
        row.person_id: row
        for row in db.session.execute(
            select(CourseStatus).where(
                CourseStatus.course_id == course.id, CourseStatus.person_id.in_(ids)
            )
        ).scalars()
    }
    computed = {
        pid: _standing(
            course, sessions.get(pid, []), attempts.get(pid), weights, now, online.get(pid)
        )
        for pid in ids
    }
    upserts, audits = [], []
    for pid, new in computed.items():
        old = existing.get(pid)
        before = snapshot(old) if old is not None else None
        completed_on = new.completed_on
        stays_completed = new.status == CourseStatusValue.COMPLETED and old is not None
        kept = (
            old.completed_on
            if stays_completed and old.status == CourseStatusValue.COMPLETED
            else None
        )
        if kept and not (new.online_on and new.online_on > kept):  # not renewed online
            completed_on = kept
        values = {
            "status": new.status,
            "attendance_pct": new.attendance_pct,
            "average_level": new.average_level,
            "passed": new.passed,
            "completed_on": completed_on,
        }
        after = snapshot_values(values)
        if before == after:
            continue
        upserts.append({"person_id": pid, "course_id": course.id, "updated_at": now, **values})
        audits.append((pid, "update" if old is not None else "create", before, after))
    upsert_person_course(CourseStatus, upserts, now)
    result = db.session.execute(
        select(CourseStatus)
        .where(CourseStatus.course_id == course.id, CourseStatus.person_id.in_(ids))
        .order_by(CourseStatus.person_id)
        .execution_options(populate_existing=True)
    ).scalars()
    rows = list(result)
    row_ids = {row.person_id: row.id for row in rows}
    record_many(
        [
            entry(
                "course_status",
                action,
                user=actor,
                entity_id=row_ids.get(pid),
                person_id=pid,
                course_id=course.id,
                before=before,
                after=after,
                now=now,
            )
            for pid, action, before, after in audits
        ]
    )
    sync_warnings(course, computed, now)
    return rows


def pending_sessions(course: Course, now: datetime) -> Select:
    """SELECT (person_id, session_id) of the enrolments in a scheduled session of ``course``
    that is still to end at ``now`` or lacks the sign-off of its roll call."""
    return (
        select(Enrollment.person_id, TrainingSession.id.label("session_id"))
        .join(TrainingSession, TrainingSession.id == Enrollment.session_id)
        .outerjoin(AttendanceSignoff, AttendanceSignoff.session_id == TrainingSession.id)
        .where(
            Enrollment.status == EnrollmentStatus.ENROLLED,
            TrainingSession.course_id == course.id,
            TrainingSession.status == SessionStatus.SCHEDULED,
            or_(TrainingSession.ends_at > now, AttendanceSignoff.id.is_(None)),
        )
    )


def settled_clause(course: Course, person_id, now: datetime) -> ColumnElement[bool]:
    """SQL condition on ``person_id`` (a column): none of ``pending_sessions``."""
    return ~pending_sessions(course, now).where(Enrollment.person_id == person_id).exists()


def _session_facts(course: Course, ids: list[int]) -> dict[int, list[tuple]]:
    """Per person: (ends_at, venue timezone, attendance status or None) of enrolled sessions."""
    stmt = (
        select(Enrollment.person_id, TrainingSession.ends_at, Unit.timezone, Attendance.status)
        .join(TrainingSession, TrainingSession.id == Enrollment.session_id)
        .join(Unit, Unit.id == TrainingSession.venue_unit_id)
        .outerjoin(
            Attendance,
            and_(
                Attendance.session_id == TrainingSession.id,
                Attendance.person_id == Enrollment.person_id,
            ),
        )
        .where(
            TrainingSession.course_id == course.id,
            TrainingSession.status == SessionStatus.SCHEDULED,
            Enrollment.status == EnrollmentStatus.ENROLLED,
            Enrollment.person_id.in_(ids),
        )
    )
    facts: dict[int, list[tuple]] = {}
    for pid, ends_at, tz, status in db.session.execute(stmt):
        facts.setdefault(pid, []).append((ends_at, tz, status))
    return facts


def _latest_attempts(course: Course, ids: list[int]) -> dict[int, tuple[datetime, dict]]:
    """Per person: (assessed_at, {competency_id: level}) of the highest attempt_no."""
    stmt = (
        select(
            AssessmentAttempt.person_id,
            AssessmentAttempt.assessed_at,
            AssessmentScore.competency_id,
            AssessmentScore.level,
        )
        .join(
            *latest_attempt_join(
                AssessmentAttempt.course_id == course.id, AssessmentAttempt.person_id.in_(ids)
            )
        )
        .outerjoin(AssessmentScore, AssessmentScore.attempt_id == AssessmentAttempt.id)
        .where(AssessmentAttempt.course_id == course.id)
    )
    attempts: dict[int, tuple[datetime, dict]] = {}
    for pid, assessed_at, competency_id, level in db.session.execute(stmt):
        _, levels = attempts.setdefault(pid, (assessed_at, {}))
        if competency_id is not None:
            levels[competency_id] = level
    return attempts


def _standing(course, sessions, attempt, weights, now, online=None) -> Standing:
    excused = set(course.excused_statuses or ())
    attended = counted = 0
    last_attended: tuple[datetime, str] | None = None
    all_ended = bool(sessions)
    for ends_at, tz, status in sessions:
        if ends_at > now:
            all_ended = False
        if status is None:
            if ends_at > now:
                continue
            status = AttendanceStatus.ALPA.value
        if status in excused:
            continue
        counted += 1
        if status in ATTENDED:
            attended += 1
            if last_attended is None or ends_at > last_attended[0]:
                last_attended = (ends_at, tz)
    pct = round(attended * 100 / counted, 2) if counted else None
    enough = counted > 0 and attended * 100 >= course.min_attendance_pct * counted
    met = [last_attended] if enough else []
    online_on = None
    if online is not None:
        met.append(online)
        online_on = min(online[0], now).astimezone(ZoneInfo(online[1])).date()
    verdict = evaluate(course, weights, attempt[1]) if attempt else None
    average = verdict.average if verdict else None
    passed = verdict.passed if verdict else None
    completed_on = None
    if met and passed is True:
        status = CourseStatusValue.COMPLETED
        completed_on = _completion_day(max(met), attempt[0], now)
    elif passed is False or (all_ended and counted > 0 and not met):
        status = CourseStatusValue.FAILED
    elif sessions or attempt or online:
        status = CourseStatusValue.IN_PROGRESS
    else:
        status = CourseStatusValue.NOT_STARTED
    return Standing(str(status), pct, average, passed, completed_on, online_on)


def _completion_day(met: tuple[datetime, str], assessed_at: datetime, now: datetime) -> date:
    ends_at, tz = met
    moment = min(max(ends_at, assessed_at), now)
    return moment.astimezone(ZoneInfo(tz)).date()
