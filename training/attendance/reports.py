"""Export and report queries: attendance with results per session, course or unit subtree;
absence warnings in a user's scope.

Each export is one streamed statement (person × session rows with the person's course
standing); callers apply the scope through ``person_clause`` so commanders only get their
subtree's people.
"""

from __future__ import annotations

from collections.abc import Iterator

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, and_, select, true, union
from sqlalchemy.orm import aliased, selectinload

from training.attendance.models import AbsenceWarning, Attendance
from training.attendance.services import METHOD_LABELS, STATUS_LABELS
from training.core.labels import position_label
from training.core.timefmt import to_local, zone_label
from training.extensions import db
from training.people.models import Person
from training.policy.scope import Scope, person_clause, scope_of
from training.policy.sessions import managed_session_clause
from training.programs.models import Course, CourseStatus
from training.sessions.enrollments import Enrollment, EnrollmentStatus
from training.sessions.models import SessionStatus, TrainingSession
from training.units.models import Unit, in_subtree

STANDING_LABELS = {
    "not_started": _l("Belum mulai"),
    "in_progress": _l("Sedang berjalan"),
    "completed": _l("Tuntas"),
    "failed": _l("Tidak lulus"),
}


def header() -> list[str]:
    return [
        str(h)
        for h in (
            _l("NRP/NIP"),
            _l("Nama"),
            _l("Pangkat"),
            _l("Jabatan"),
            _l("Satuan"),
            _l("Kursus"),
            _l("Sesi"),
            _l("Waktu (lokal)"),
            _l("Status kehadiran"),
            _l("Metode"),
            _l("Catatan"),
            _l("Kehadiran %"),
            _l("Rata-rata"),
            _l("Lulus"),
            _l("Status"),
        )
    ]


def export_query(
    scope: Scope,
    *,
    session: TrainingSession | None = None,
    course: Course | None = None,
    unit: Unit | None = None,
) -> Select:
    """Person × session rows (enrolled or marked) of published sessions, inside ``scope``."""
    enrolled = select(Enrollment.session_id, Enrollment.person_id).where(
        Enrollment.status == EnrollmentStatus.ENROLLED
    )
    marked = select(Attendance.session_id, Attendance.person_id)
    # The filters go inside both halves of the union so the database reads only the rows
    # of this session, course or subtree.
    if session is not None:
        enrolled = enrolled.where(Enrollment.session_id == session.id)
        marked = marked.where(Attendance.session_id == session.id)
    if course is not None:
        sessions = select(TrainingSession.id).where(TrainingSession.course_id == course.id)
        enrolled = enrolled.where(Enrollment.session_id.in_(sessions))
        marked = marked.where(Attendance.session_id.in_(sessions))
    if unit is not None:
        people = select(Person.id).where(
            Person.unit_id.in_(select(Unit.id).where(in_subtree(unit.path)))
        )
        enrolled = enrolled.where(Enrollment.person_id.in_(people))
        marked = marked.where(Attendance.person_id.in_(people))
    pairs = union(enrolled, marked).subquery()
    home = aliased(Unit)
    venue = aliased(Unit)
    stmt = (
        select(
            Person,
            home.name,
            Course.title,
            TrainingSession,
            venue.timezone,
            Attendance,
            CourseStatus,
        )
        .select_from(pairs)
        .join(Person, Person.id == pairs.c.person_id)
        .join(home, home.id == Person.unit_id)
        .join(TrainingSession, TrainingSession.id == pairs.c.session_id)
        .join(venue, venue.id == TrainingSession.venue_unit_id)
        .join(Course, Course.id == TrainingSession.course_id)
        .outerjoin(
            Attendance,
            and_(
                Attendance.session_id == pairs.c.session_id,
                Attendance.person_id == pairs.c.person_id,
            ),
        )
        .outerjoin(
            CourseStatus,
            and_(
                CourseStatus.person_id == pairs.c.person_id,
                CourseStatus.course_id == TrainingSession.course_id,
            ),
        )
        .where(TrainingSession.status == SessionStatus.SCHEDULED, person_clause(scope))
        .order_by(Course.id, TrainingSession.starts_at, TrainingSession.id, Person.full_name)
    )
    return stmt


def export_rows(stmt: Select) -> Iterator[list]:
    """The export's rows as cell values (Indonesian labels, local times)."""
    result = db.session.execute(stmt.execution_options(yield_per=500))
    for person, unit_name, course_title, s, tz, mark, standing in result:
        yield [
            person.nrp,
            person.full_name,
            person.rank,
            position_label(person.position),
            unit_name,
            course_title,
            s.title or course_title,
            _local(s.starts_at, tz),
            str(STATUS_LABELS.get(mark.status, mark.status)) if mark else "",
            str(METHOD_LABELS.get(mark.method, mark.method)) if mark else "",
            mark.note if mark else "",
            _number(standing.attendance_pct if standing else None),
            _number(standing.average_level if standing else None),
            _yes_no(standing.passed if standing else None),
            str(STANDING_LABELS.get(standing.status, standing.status)) if standing else "",
        ]


def _local(instant, tz: str) -> str:
    """E.g. "2026-11-03 09.00 WITA": sortable, unambiguous in both languages."""
    return f"{to_local(instant, tz):%Y-%m-%d %H.%M} {zone_label(tz)}"


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}".rstrip("0").rstrip(".")


def _yes_no(value: bool | None) -> str:
    if value is None:
        return ""
    return str(_l("Ya")) if value else str(_l("Tidak"))


def warnings_for(user, *, include_resolved: bool = False) -> Select:
    """Absence warnings ``user`` should see: the people of their scope (a commander: their
    subtree, nothing more), and, for those who run sessions, anyone enrolled in a session of
    the course they manage (may_manage_session), never merely one aimed at a unit above."""
    scope = scope_of(user)
    # Warning ids of the viewer's people, and of (person, course) pairs enrolled in a session
    # the viewer manages: a union of two plain joins, which PostgreSQL hash-joins (an OR of
    # sub-plans made it walk every person for each page).
    mine = (
        select(AbsenceWarning.id)
        .join(Person, Person.id == AbsenceWarning.person_id)
        .where(person_clause(scope))
    )
    enrolled = (
        select(AbsenceWarning.id)
        .join(Enrollment, Enrollment.person_id == AbsenceWarning.person_id)
        .join(TrainingSession, TrainingSession.id == Enrollment.session_id)
        .where(
            TrainingSession.course_id == AbsenceWarning.course_id,
            Enrollment.status == EnrollmentStatus.ENROLLED,
            managed_session_clause(user),
        )
    )
    visible = true() if scope.everything else AbsenceWarning.id.in_(union(mine, enrolled))
    stmt = (
        select(AbsenceWarning)
        .join(Person, Person.id == AbsenceWarning.person_id)
        .where(visible)
        .order_by(AbsenceWarning.resolved_at.is_not(None), AbsenceWarning.attendance_pct)
        .order_by(Person.full_name)
        .options(  # by primary key once the page is chosen: joins here misled PostgreSQL
            selectinload(AbsenceWarning.person).selectinload(Person.unit),
            selectinload(AbsenceWarning.course),
        )
    )
    if not include_resolved:
        stmt = stmt.where(AbsenceWarning.resolved_at.is_(None))
    return stmt
