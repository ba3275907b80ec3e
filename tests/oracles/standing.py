"""An independent, plain recomputation of one person's standing (the test oracle of
``training.standing.engine``).

Deliberately unoptimised and separate from the batched code in ``training.standing.engine``:
it walks ORM objects one by one and restates the rules documented there.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select

from training.assessments.models import AssessmentAttempt, CourseCompetency
from training.assessments.rules import evaluate
from training.attendance.models import Attendance
from training.extensions import db
from training.learning.online_models import OnlineEnrolment, OnlineOffering
from training.programs.models import Course
from training.sessions.enrollments import EnrollmentStatus
from training.sessions.models import SessionStatus, TrainingSession
from training.standing.engine import Standing


def recompute_from_raw(course: Course, person_id: int, now: datetime) -> Standing:
    """The standing of one person computed plainly, row by row."""
    sessions = db.session.scalars(
        select(TrainingSession).where(TrainingSession.course_id == course.id)
    ).all()
    mine = []
    for session in sessions:
        if session.status != SessionStatus.SCHEDULED:
            continue
        if not any(
            e.person_id == person_id and e.status == EnrollmentStatus.ENROLLED
            for e in session.enrollments
        ):
            continue
        mark = db.session.scalar(
            select(Attendance).where(
                Attendance.session_id == session.id, Attendance.person_id == person_id
            )
        )
        if mark is None and session.ends_at > now:
            status = None  # still to come
        else:
            status = mark.status if mark is not None else "alpa"
        mine.append((session, status))
    counted = [(s, st) for s, st in mine if st is not None and st not in course.excused_statuses]
    attended = [(s, st) for s, st in counted if st in ("hadir", "terlambat")]
    pct = round(100 * len(attended) / len(counted), 2) if counted else None
    attempts = db.session.scalars(
        select(AssessmentAttempt).where(
            AssessmentAttempt.person_id == person_id, AssessmentAttempt.course_id == course.id
        )
    ).all()
    latest = max(attempts, key=lambda a: a.attempt_no) if attempts else None
    average = passed = None
    if latest is not None:
        links = db.session.scalars(
            select(CourseCompetency).where(CourseCompetency.course_id == course.id)
        ).all()
        weights = {link.competency_id: link.weight for link in links}
        verdict = evaluate(course, weights, {s.competency_id: s.level for s in latest.scores})
        average, passed = verdict.average, verdict.passed
    enough = bool(counted) and len(attended) / len(counted) * 100 >= course.min_attendance_pct
    # the requirement is met by the sessions or by a completed online refresher (its moment)
    met = []
    if enough:
        last = max((s for s, _ in attended), key=lambda s: s.ends_at)
        met.append((last.ends_at, last.venue_unit.timezone))
    finished = [
        e
        for e in db.session.scalars(select(OnlineEnrolment).filter_by(person_id=person_id))
        if e.completed_at is not None
        and db.session.get(OnlineOffering, e.offering_id).course_id == course.id
    ]
    online_on = None
    if finished:
        newest = max(finished, key=lambda e: e.completed_at)
        zone = ZoneInfo(newest.offering.unit.timezone)
        met.append((newest.completed_at, newest.offering.unit.timezone))
        online_on = min(newest.completed_at, now).astimezone(zone).date()
    everything_ended = bool(mine) and all(s.ends_at <= now for s, _ in mine)
    completed_on = None
    if met and passed:
        status = "completed"
        at, zone = max(met)
        moment = min(max(at, latest.assessed_at), now)
        completed_on = moment.astimezone(ZoneInfo(zone)).date()
    elif passed is False or (everything_ended and counted and not met):
        status = "failed"
    elif mine or latest is not None or finished:
        status = "in_progress"
    else:
        status = "not_started"
    return Standing(status, pct, average, passed, completed_on, online_on)
