"""The participant's blocks: their next session (with the check-in button while check-in
is open), their progress per course, their certificates with download links and their
calendar feed, the sessions awaiting their feedback, their open online refreshers and the pre-
and post-tests of their courses. Eight statements, whatever they hold."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from sqlalchemy import and_, select
from sqlalchemy.orm import joinedload

from training.attendance.checkin import DEFAULT_OPENS_MINUTES, check_in_open
from training.attendance.models import Attendance
from training.calendar.models import CalendarFeed
from training.calendar.services import active_feed
from training.certificates.models import Certificate
from training.extensions import db
from training.home.listing import Listing, listing
from training.learning.feedback_answering import awaiting_feedback
from training.learning.online import my_offerings
from training.learning.quiz_pages import quiz_states
from training.programs.models import Course, CourseStatus
from training.sessions.enrollments import Enrollment, EnrollmentStatus
from training.sessions.models import SessionStatus, TrainingSession

S = TrainingSession


@dataclass
class NextSession:
    session: TrainingSession
    #: Check-in is open now (and the person has not checked in yet).
    check_in: bool
    #: The person's mark, if any (e.g. checked in already).
    mark: str | None


@dataclass
class ParticipantHome:
    next: NextSession | None
    courses: list
    certificates: Listing
    feed: CalendarFeed | None
    #: How long before a session its check-in opens.
    opens_minutes: int
    #: Sessions the person attended whose feedback survey is open and unanswered.
    feedback: list
    #: (offering, enrolment) of the person's online refreshers not over yet.
    online: list
    #: The quizzes of the courses they take part in, with where they stand in each.
    quizzes: list


def participant_home(user, now: datetime) -> ParticipantHome:
    person_id = user.person_id
    return ParticipantHome(
        next=_next_session(person_id, now),
        courses=_courses(person_id),
        certificates=listing(_certificates(person_id)),
        feed=active_feed(user),
        opens_minutes=current_app.config.get("CHECKIN_OPENS_MINUTES", DEFAULT_OPENS_MINUTES),
        feedback=awaiting_feedback(person_id, now, current_app.config["FEEDBACK_WINDOW_DAYS"]),
        online=my_offerings(person_id, now.date()),
        quizzes=quiz_states(person_id),
    )


def _next_session(person_id: int, now: datetime) -> NextSession | None:
    """The first enrolled session not over yet, with the person's mark in it."""
    stmt = (
        select(S, Attendance.status)
        .join(Enrollment, Enrollment.session_id == S.id)
        .outerjoin(
            Attendance, and_(Attendance.session_id == S.id, Attendance.person_id == person_id)
        )
        .where(
            Enrollment.person_id == person_id,
            Enrollment.status == EnrollmentStatus.ENROLLED,
            S.status == SessionStatus.SCHEDULED,
            S.ends_at >= now,
        )
        .order_by(S.starts_at, S.id)
        .limit(1)
        .options(joinedload(S.course), joinedload(S.venue_unit))
    )
    found = db.session.execute(stmt).first()
    if found is None:
        return None
    session, mark = found
    return NextSession(session, check_in_open(session, now) and mark is None, mark)


def _courses(person_id: int) -> list[CourseStatus]:
    """The person's standing in every course they have begun, newest programme first."""
    return list(
        db.session.scalars(
            select(CourseStatus)
            .join(Course, Course.id == CourseStatus.course_id)
            .where(CourseStatus.person_id == person_id)
            .order_by(Course.program_id.desc(), Course.tier)
            .options(joinedload(CourseStatus.course))
            .limit(10)
        )
    )


def _certificates(person_id: int):
    return (
        select(Certificate)
        .where(Certificate.person_id == person_id)
        .order_by(Certificate.issued_on.desc(), Certificate.id.desc())
        .options(joinedload(Certificate.course))
    )
