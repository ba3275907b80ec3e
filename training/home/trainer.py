"""The trainer's blocks: today's and the next sessions, roll calls to take or sign off,
assessment grids left to fill, people eligible for a certificate not yet issued, planner
drafts to review. Only the sessions the trainer may manage (``managed_session_clause``);
drafts of their command (``session_clause``). One statement per block, whatever the scope;
the statements are built once per account (once for all national ones) and kept
(``core.sqlmemo``), the time bound at each read."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time

from sqlalchemy import Select, and_, bindparam, exists, func, or_, select
from sqlalchemy.orm import aliased, joinedload
from sqlalchemy.sql.elements import True_

from training.assessments.models import AssessmentAttempt, CourseCompetency
from training.attendance.models import Attendance, AttendanceSignoff
from training.certificates.models import Certificate, CertificateState
from training.core.sqlmemo import kept
from training.core.timefmt import to_utc, viewer_timezone, viewer_today
from training.home.listing import Listing, listed, read
from training.people.models import Person
from training.policy.scope import person_clause, scope_of
from training.policy.sessions import managed_session_clause, session_clause
from training.programs.models import CourseStatus, CourseStatusValue, Cycle, Program
from training.sessions.enrollments import Enrollment, EnrollmentStatus
from training.sessions.lifecycle import stage
from training.sessions.models import SessionStatus, TrainingSession

S = TrainingSession
#: The request's time and the start of the trainer's local today: bound at each read, so
#: that the statements below are built once and run again (``_statements``).
NOW, MIDNIGHT = bindparam("now"), bindparam("midnight")


@dataclass
class TrainerHome:
    sessions: Listing
    roll_calls: Listing
    grids: Listing
    certificates: Listing
    drafts: Listing


@dataclass(frozen=True)
class _Statements:
    sessions: Select
    roll_calls: Select
    grids: Select
    certificates: Select
    drafts: Select


def trainer_home(user, now: datetime) -> TrainerHome:
    stmts = _statements(user)
    midnight = to_utc(viewer_today(user, now), time(0), viewer_timezone(user))
    params = {"now": now, "midnight": midnight}
    sessions = read(stmts.sessions, params)
    sessions.rows = [(s, stage(s, now, signed)) for s, signed in sessions.rows]
    return TrainerHome(
        sessions=sessions,
        roll_calls=read(stmts.roll_calls, params),
        grids=read(stmts.grids, params),
        certificates=read(stmts.certificates, params),
        drafts=read(stmts.drafts),
    )


def _statements(user) -> _Statements:
    """The blocks' statements for ``user``, built on first use and then kept: building the
    SQL expressions (aliases, nested counts) costs more than running them. Accounts that
    manage every session and see every person (national trainers, admins) share one set."""
    managed, scope = managed_session_clause(user), scope_of(user)
    if scope.everything and isinstance(managed, True_):
        key = ("home.trainer", "everything")
    else:
        key = ("home.trainer", *_account_key(user))
    return kept(key, lambda: _build(managed, scope))


def _account_key(user) -> tuple:
    """Everything of the account that the scope and session rules read (``scope_of``,
    ``managed_session_clause``, ``session_clause``, ``person_clause``): the account and
    person ids, the roles and the unit's path. Accounts with the same key get the same SQL."""
    unit = user.unit
    return (user.id, user.person_id, tuple(sorted(user.roles)), unit.path if unit else None)


def _build(managed, scope) -> _Statements:
    return _Statements(
        sessions=listed(_sessions(managed)),
        roll_calls=listed(_roll_calls(managed)),
        grids=listed(_grids(managed)),
        certificates=listed(_certificates(scope, managed)),
        drafts=listed(_drafts(scope)),
    )


def _loaded(stmt):
    return stmt.options(joinedload(S.course), joinedload(S.venue_unit))


def _signed():
    return exists().where(AttendanceSignoff.session_id == S.id)


def _sessions(managed):
    """Sessions of the trainer's local today (also those over) and the next ones, with
    whether their roll call is signed off: (session, signed)."""
    return _loaded(
        select(S, _signed())
        .where(managed, S.status == SessionStatus.SCHEDULED, S.ends_at >= MIDNIGHT)
        .order_by(S.starts_at, S.id)
    )


def _count(model, *where):
    return select(func.count(model.id)).where(*where).scalar_subquery()


def _enrolled(*where):
    return _count(
        Enrollment,
        Enrollment.session_id == S.id,
        Enrollment.status == EnrollmentStatus.ENROLLED,
        *where,
    )


def _roll_calls(managed):
    """Sessions begun and not signed off: (session, marks, enrolled); the oldest first."""
    marks = _count(Attendance, Attendance.session_id == S.id)
    return _loaded(
        select(S, marks, _enrolled())
        .where(managed, S.status == SessionStatus.SCHEDULED, S.starts_at <= NOW, ~_signed())
        .order_by(S.ends_at, S.id)
    )


def _grids(managed):
    """Begun sessions whose course assesses competencies, with enrolled people not yet
    assessed in the course: (session, left, enrolled)."""
    here = aliased(S)  # the session again inside the count: the attempt's course is its own
    assessed = exists().where(
        AssessmentAttempt.person_id == Enrollment.person_id,
        AssessmentAttempt.course_id == here.course_id,
    )
    left = (
        select(func.count(Enrollment.id))
        .join(here, here.id == Enrollment.session_id)
        .where(
            Enrollment.session_id == S.id,
            Enrollment.status == EnrollmentStatus.ENROLLED,
            ~assessed,
        )
        .scalar_subquery()
    )
    competencies = exists().where(CourseCompetency.course_id == S.course_id)
    return _loaded(
        select(S, left, _enrolled())
        .where(
            managed,
            S.status == SessionStatus.SCHEDULED,
            S.starts_at <= NOW,
            competencies,
            left > 0,
        )
        .order_by(S.starts_at.desc(), S.id)
    )


def _certificates(scope, managed):
    """Signed-off sessions with people eligible for the course's certificate and none
    covering it yet (the rule of ``certificates.services.eligible_people``): (session, n).

    Inside the count the session is ``here`` (an alias joined there), so that the nested
    conditions correlate to the count's own FROM rather than to the outer query."""
    mine, here = aliased(Enrollment), aliased(S)
    other, held, signoff = aliased(Enrollment), aliased(S), aliased(AttendanceSignoff)
    pending = (
        select(other.id)
        .join(held, held.id == other.session_id)
        .outerjoin(signoff, signoff.session_id == held.id)
        .where(
            other.person_id == mine.person_id,
            other.status == EnrollmentStatus.ENROLLED,
            held.course_id == here.course_id,
            held.status == SessionStatus.SCHEDULED,
            or_(held.ends_at > NOW, signoff.id.is_(None)),
        )
    )
    covered = exists().where(
        Certificate.person_id == mine.person_id,
        Certificate.course_id == here.course_id,
        Certificate.state == CertificateState.VALID,
        or_(
            CourseStatus.completed_on.is_(None), Certificate.issued_on >= CourseStatus.completed_on
        ),
    )
    done = (
        select(S.id)
        .where(managed, S.status == SessionStatus.SCHEDULED, S.ends_at <= NOW, _signed())
        .scalar_subquery()
    )
    eligible = (
        select(mine.session_id, func.count(mine.id).label("n"))
        .join(here, here.id == mine.session_id)
        .join(
            CourseStatus,
            and_(
                CourseStatus.person_id == mine.person_id, CourseStatus.course_id == here.course_id
            ),
        )
        .join(Person, Person.id == mine.person_id)
        .where(
            mine.session_id.in_(done),
            mine.status == EnrollmentStatus.ENROLLED,
            CourseStatus.status == CourseStatusValue.COMPLETED,
            person_clause(scope),
            ~covered,  # most people done hold their certificate: ask that first
            ~pending.exists(),
        )
        .group_by(mine.session_id)
        .subquery()
    )
    return _loaded(
        select(S, eligible.c.n)
        .join(eligible, eligible.c.session_id == S.id)
        .order_by(S.ends_at.desc(), S.id)
    )


def _drafts(scope):
    """Planner drafts of the trainer's command, per cycle: (program, cycle, drafts)."""
    return (
        select(Program, Cycle, func.count(S.id))
        .select_from(S)
        .join(Cycle, Cycle.id == S.cycle_id)
        .join(Program, Program.id == Cycle.program_id)
        .where(S.status == SessionStatus.DRAFT, session_clause(scope))
        .group_by(Program.id, Cycle.id)
        .order_by(Cycle.starts_on, Program.id, Cycle.id)
    )
