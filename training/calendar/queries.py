"""Read-only session queries for the calendars, the iCalendar feeds and the sessions API.

Who sees which session (drafts are never shown):
- admins and national trainers: every session;
- commanders and regional trainers: sessions whose venue unit or audience unit lies in
  their subtree;
- participants: sessions they are enrolled or waitlisted in, or train;
- anybody: sessions they train (as a trainer account or as a person).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, false, func, or_, select
from sqlalchemy.orm import aliased, joinedload, lazyload, selectinload
from sqlalchemy.sql.elements import ColumnElement

from training.auth.models import User
from training.extensions import db
from training.people.models import Person
from training.policy.scope import Scope, scope_of
from training.policy.sessions import calendar_session_clause
from training.programs.models import Course
from training.sessions.enrollments import Enrollment, EnrollmentStatus
from training.sessions.models import SessionStatus, SessionTrainer, TrainingSession
from training.units.models import Unit, in_subtree


@dataclass(frozen=True)
class Viewer:
    """What a query needs to know about the reader: their scope and who they are."""

    scope: Scope
    user_id: int | None = None
    person_id: int | None = None

    @classmethod
    def of(cls, scope_or_user: Scope | User) -> Viewer:
        if isinstance(scope_or_user, Scope):
            return cls(scope_or_user)
        user = scope_or_user
        return cls(scope_of(user), user.id, user.person_id)


def _units_in(clause: ColumnElement[bool]):
    return select(Unit.id).where(clause)


def held_in(clause: ColumnElement[bool]) -> ColumnElement[bool]:
    """Sessions whose venue unit or audience unit satisfies the Unit ``clause``."""
    units = _units_in(clause)
    return or_(
        TrainingSession.venue_unit_id.in_(units), TrainingSession.audience_unit_id.in_(units)
    )


def visible_clause(viewer: Viewer) -> ColumnElement[bool]:
    """SQL condition on TrainingSession: the sessions ``viewer`` may see (drafts included):
    the policy's rule ``calendar_session_clause``."""
    return calendar_session_clause(viewer.scope, viewer.user_id, viewer.person_id)


def with_details(stmt: Select) -> Select:
    """Load course (and programme), venue unit and trainers with a fixed number of queries."""
    return stmt.options(
        joinedload(TrainingSession.course).joinedload(Course.program),
        joinedload(TrainingSession.venue_unit),
        joinedload(TrainingSession.audience_unit),
        selectinload(TrainingSession.trainers).options(
            # roles are not needed here: load them only if somebody asks
            joinedload(SessionTrainer.user).options(
                joinedload(User.person), lazyload(User.role_rows)
            ),
            joinedload(SessionTrainer.person),
        ),
    )


def trainer_clause(trainer: str) -> ColumnElement[bool]:
    """Sessions trained by ``trainer``, a key "u<user id>" or "p<person id>"."""
    kind, number = trainer[:1], trainer[1:]
    if kind not in ("u", "p") or not number.isdigit() or len(number) > 9:
        return false()
    column = SessionTrainer.user_id if kind == "u" else SessionTrainer.person_id
    return TrainingSession.id.in_(select(SessionTrainer.session_id).where(column == int(number)))


def sessions_query(
    scope_or_user: Scope | User,
    start_utc: datetime,
    end_utc: datetime,
    unit: Unit | None = None,
    course: Course | int | None = None,
    trainer: str | None = None,
) -> Select:
    """The statement behind :func:`sessions_between` (for callers that add their own clauses)."""
    stmt = (
        select(TrainingSession)
        .where(
            TrainingSession.status != SessionStatus.DRAFT,
            TrainingSession.starts_at < end_utc,
            TrainingSession.ends_at > start_utc,
            visible_clause(Viewer.of(scope_or_user)),
        )
        .order_by(TrainingSession.starts_at, TrainingSession.id)
    )
    if unit is not None:
        stmt = stmt.where(held_in(in_subtree(unit.path)))
    if course is not None:
        stmt = stmt.where(TrainingSession.course_id == getattr(course, "id", course))
    if trainer:
        stmt = stmt.where(trainer_clause(trainer))
    return with_details(stmt)


def sessions_between(
    scope_or_user: Scope | User,
    start_utc: datetime,
    end_utc: datetime,
    unit: Unit | None = None,
    course: Course | int | None = None,
    trainer: str | None = None,
) -> list[TrainingSession]:
    """Published (scheduled or cancelled) sessions overlapping [start_utc, end_utc) that the
    viewer may see, optionally only those held in/for ``unit``'s subtree, of ``course``, or
    trained by ``trainer`` ("u<user id>" / "p<person id>"). Two statements in all."""
    stmt = sessions_query(scope_or_user, start_utc, end_utc, unit, course, trainer)
    return list(db.session.scalars(stmt).unique())


def visible_session(scope_or_user: Scope | User, session_id: int) -> TrainingSession | None:
    """One published session if the viewer may see it, else None."""
    stmt = with_details(
        select(TrainingSession).where(
            TrainingSession.id == session_id,
            TrainingSession.status != SessionStatus.DRAFT,
            visible_clause(Viewer.of(scope_or_user)),
        )
    )
    return db.session.scalars(stmt).unique().one_or_none()


def enrolled_counts(session_ids) -> dict[int, int]:
    """Number of enrolled (not waitlisted) people per session, in one grouped query."""
    ids = list(session_ids)
    counts = dict.fromkeys(ids, 0)
    if ids:
        rows = db.session.execute(
            select(Enrollment.session_id, func.count())
            .where(Enrollment.session_id.in_(ids), Enrollment.status == EnrollmentStatus.ENROLLED)
            .group_by(Enrollment.session_id)
        )
        counts.update({session_id: n for session_id, n in rows})
    return counts


def trainer_name(row: SessionTrainer) -> str:
    if row.person is not None:
        return row.person.full_name
    user = row.user
    return user.person.full_name if user.person is not None else user.username


def trainer_choices(scope_or_user: Scope | User) -> list[tuple[str, str]]:
    """(key, name) of every trainer of a published session the viewer may see (one query)."""
    user_person, trainer_person = aliased(Person), aliased(Person)
    stmt = (
        select(
            SessionTrainer.user_id,
            SessionTrainer.person_id,
            User.username,
            user_person.full_name,
            trainer_person.full_name,
        )
        .join(TrainingSession, SessionTrainer.session_id == TrainingSession.id)
        .outerjoin(User, User.id == SessionTrainer.user_id)
        .outerjoin(user_person, user_person.id == User.person_id)
        .outerjoin(trainer_person, trainer_person.id == SessionTrainer.person_id)
        .where(
            TrainingSession.status != SessionStatus.DRAFT,
            visible_clause(Viewer.of(scope_or_user)),
        )
        .distinct()
    )
    names = {}
    for user_id, person_id, username, user_name, person_name in db.session.execute(stmt):
        key = f"u{user_id}" if user_id is not None else f"p{person_id}"
        names[key] = person_name or user_name or username
    return sorted(names.items(), key=lambda item: item[1].lower())


def course_choices(scope_or_user: Scope | User) -> list[Course]:
    """Courses that have a published session the viewer may see."""
    visible = select(TrainingSession.course_id).where(
        TrainingSession.status != SessionStatus.DRAFT, visible_clause(Viewer.of(scope_or_user))
    )
    stmt = (
        select(Course)
        .where(Course.id.in_(visible))
        .options(joinedload(Course.program))
        .order_by(Course.program_id, Course.tier)
    )
    return list(db.session.scalars(stmt))


def trainer_names(training_session: TrainingSession) -> list[str]:
    """The session's trainers' names, in the order they were assigned."""
    return [trainer_name(row) for row in sorted(training_session.trainers, key=lambda t: t.id)]
