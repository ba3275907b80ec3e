"""The standing engine: CourseStatus and absence warnings kept current from raw rows."""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from tests.factories import enrol, make_course, make_person, make_session, make_unit, make_user
from tests.oracles.standing import recompute_from_raw
from tests.statements import count_statements
from training.assessments.models import (
    AssessmentAttempt,
    AssessmentScore,
    Competency,
    CourseCompetency,
)
from training.attendance.models import AbsenceWarning, Attendance
from training.audit.models import AuditEntry
from training.programs.models import CourseStatus
from training.standing.engine import refresh_standing

DAY = datetime(2026, 11, 3, 2, 0, tzinfo=UTC)  # 09.00 WIB
AFTER_ALL = datetime(2027, 1, 1, tzinfo=UTC)


def competencies(db, course, weights=(2, 1, 1)):
    """Give ``course`` competencies with ``weights``; return their ids."""
    ids = []
    for n, weight in enumerate(weights):
        comp = Competency(code=f"C{course.id}-{n}", name=f"Kompetensi {n}")
        db.session.add(comp)
        db.session.flush()
        db.session.add(CourseCompetency(course_id=course.id, competency_id=comp.id, weight=weight))
        ids.append(comp.id)
    db.session.flush()
    return ids


def sessions(db, course, n, unit=None, start=DAY):
    unit = unit or make_unit()
    return [make_session(course, unit, starts_at=start + timedelta(days=7 * i)) for i in range(n)]


def mark(db, session, person, status, at=None):
    db.session.add(
        Attendance(
            session_id=session.id,
            person_id=person.id,
            status=status,
            method="roll_call",
            updated_at=at or session.ends_at,
        )
    )
    db.session.flush()


def assess(db, course, person, levels, attempt_no=1, at=None):
    attempt = AssessmentAttempt(
        person_id=person.id,
        course_id=course.id,
        attempt_no=attempt_no,
        assessed_at=at or DAY + timedelta(days=20),
    )
    attempt.scores = [AssessmentScore(competency_id=c, level=lv) for c, lv in levels.items()]
    db.session.add(attempt)
    db.session.flush()
    return attempt


@pytest.fixture
def course(db):
    return make_course(min_attendance_pct=75)


def test_nobody_enrolled_is_not_started(db, course):
    person = make_person()

    (row,) = refresh_standing(course, [person.id], now=AFTER_ALL)

    assert (row.status, row.attendance_pct, row.passed) == ("not_started", None, None)


def test_enrolled_before_the_first_session_is_in_progress_without_a_share(db, course):
    person = make_person()
    for s in sessions(db, course, 2):
        enrol(s, person)

    (row,) = refresh_standing(course, [person.id], now=DAY - timedelta(days=1))

    assert (row.status, row.attendance_pct) == ("in_progress", None)


def test_share_counts_late_as_attended_unmarked_as_alpa_and_leaves_out_excused(db, course):
    person = make_person()
    held = sessions(db, course, 5)
    for s in held:
        enrol(s, person)
    mark(db, held[0], person, "hadir")
    mark(db, held[1], person, "terlambat")
    mark(db, held[2], person, "sakit")  # excused
    mark(db, held[3], person, "cuti")  # not excused by default: counts as absent
    # held[4] ended without a mark: Alpa

    (row,) = refresh_standing(course, [person.id], now=AFTER_ALL)

    assert row.attendance_pct == 50.0  # 2 of 4
    assert row.status == "failed"  # every session ended, below 75 %


def test_passed_and_present_completes_on_the_local_day_of_the_last_session(db, course):
    comp = competencies(db, course)
    person = make_person()
    papua = make_unit(timezone="Asia/Jayapura")
    # 22.00 UTC on 9 Nov is 10 Nov 07.00 WIT; the session ends at 09.00 WIT
    (s,) = sessions(db, course, 1, unit=papua, start=datetime(2026, 11, 9, 22, tzinfo=UTC))
    enrol(s, person)
    mark(db, s, person, "hadir")
    assess(db, course, person, {comp[0]: 4, comp[1]: 3, comp[2]: 3}, at=s.ends_at)

    (row,) = refresh_standing(course, [person.id], now=AFTER_ALL)

    assert (row.status, row.passed, row.average_level) == ("completed", True, 3.5)
    assert row.completed_on == date(2026, 11, 10)


def test_completion_date_is_kept_while_it_stays_completed(db, course):
    comp = competencies(db, course)
    person = make_person()
    (s,) = sessions(db, course, 1)
    enrol(s, person)
    mark(db, s, person, "hadir")
    assess(db, course, person, dict.fromkeys(comp, 3), at=DAY + timedelta(days=1))
    refresh_standing(course, [person.id], now=AFTER_ALL)

    assess(db, course, person, dict.fromkeys(comp, 5), attempt_no=2, at=DAY + timedelta(days=9))
    (row,) = refresh_standing(course, [person.id], now=AFTER_ALL)

    assert (row.average_level, row.completed_on) == (5.0, date(2026, 11, 4))


def test_the_latest_attempt_decides(db, course):
    comp = competencies(db, course)
    person = make_person()
    (s,) = sessions(db, course, 1)
    enrol(s, person)
    mark(db, s, person, "hadir")
    assess(db, course, person, dict.fromkeys(comp, 4))
    assess(db, course, person, {comp[0]: 4, comp[1]: 4, comp[2]: 1}, attempt_no=2)

    (row,) = refresh_standing(course, [person.id], now=AFTER_ALL)

    assert (row.status, row.passed, row.average_level) == ("failed", False, 3.25)


def test_passed_but_below_minimum_with_sessions_to_come_stays_in_progress(db, course):
    comp = competencies(db, course)
    person = make_person()
    held = sessions(db, course, 3)
    for s in held:
        enrol(s, person)
    mark(db, held[0], person, "alpa")
    assess(db, course, person, dict.fromkeys(comp, 4))

    (row,) = refresh_standing(course, [person.id], now=held[1].starts_at)

    assert (row.status, row.attendance_pct) == ("in_progress", 0.0)


def test_drafts_cancelled_sessions_and_cancelled_enrolments_do_not_count(db, course):
    person = make_person()
    held = sessions(db, course, 4)
    held[1].status = "draft"
    held[2].status = "cancelled"
    for s in held[:3]:
        enrol(s, person)
    enrol(held[3], person, status="cancelled")
    mark(db, held[0], person, "hadir")

    (row,) = refresh_standing(course, [person.id], now=AFTER_ALL)

    assert row.attendance_pct == 100.0


def test_changes_are_audited_with_before_and_after(db, course):
    actor = make_user(roles=("trainer",))
    person = make_person()
    (s,) = sessions(db, course, 1)
    enrol(s, person)
    refresh_standing(course, [person.id], actor=actor, now=DAY)
    mark(db, s, person, "hadir")

    refresh_standing(course, [person.id], actor=actor, now=AFTER_ALL)
    refresh_standing(course, [person.id], actor=actor, now=AFTER_ALL)  # nothing changed

    standing = select(AuditEntry).where(AuditEntry.entity == "course_status")
    entries = db.session.scalars(standing.order_by(AuditEntry.id)).all()
    assert [(e.entity, e.action, e.user_id) for e in entries] == [
        ("course_status", "create", actor.id),
        ("course_status", "update", actor.id),
    ]
    assert entries[1].before["attendance_pct"] is None
    assert entries[1].after == {
        "status": "in_progress",
        "attendance_pct": 100.0,
        "average_level": None,
        "passed": None,
        "completed_on": None,
    }


def test_falling_below_the_minimum_raises_a_warning_and_recovering_resolves_it(db, course):
    person = make_person()
    held = sessions(db, course, 4)
    for s in held:
        enrol(s, person)
    mark(db, held[0], person, "alpa")
    refresh_standing(course, [person.id], now=held[1].starts_at)

    warning = db.session.scalar(select(AbsenceWarning))
    assert (warning.attendance_pct, warning.resolved_at) == (0.0, None)

    for s in held[1:]:
        mark(db, s, person, "hadir")
    refresh_standing(course, [person.id], now=AFTER_ALL)

    db.session.refresh(warning)
    assert warning.resolved_at == AFTER_ALL
    assert db.session.scalar(select(func.count(AbsenceWarning.id))) == 1


def _cohort(db, course, n):
    comp = competencies(db, course)
    held = sessions(db, course, 3)
    people = [make_person() for _ in range(n)]
    for i, person in enumerate(people):
        for s in held:
            enrol(s, person)
        mark(db, held[0], person, "hadir" if i % 3 else "alpa")
        assess(db, course, person, dict.fromkeys(comp, 2 + i % 3))
    return [p.id for p in people]


def test_statement_count_does_not_grow_with_the_number_of_people(db):
    small, large = make_course(), make_course()
    few, many = _cohort(db, small, 10), _cohort(db, large, 100)
    db.session.commit()

    with count_statements() as ten:
        refresh_standing(small, few, now=AFTER_ALL)
    with count_statements() as hundred:
        refresh_standing(large, many, now=AFTER_ALL)

    assert len(ten) == len(hundred) <= 11  # incl. one read of online refresher completions
    assert db.session.scalar(select(func.count(CourseStatus.id))) == 110


def test_engine_agrees_with_the_plain_recomputation(db, course):
    ids = _cohort(db, course, 6)

    rows = refresh_standing(course, ids, now=AFTER_ALL)

    for row in rows:
        plain = recompute_from_raw(course, row.person_id, AFTER_ALL)
        assert (row.status, row.attendance_pct, row.average_level, row.passed) == (
            plain.status,
            plain.attendance_pct,
            plain.average_level,
            plain.passed,
        )


# --- property: after any sequence of changes the stored row equals a plain recomputation ---

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from training.learning import online  # noqa: E402
from training.learning.online_models import OnlineEnrolment  # noqa: E402
from training.sessions.enrollments import Enrollment  # noqa: E402

MARKS = ["hadir", "terlambat", "izin", "sakit", "dinas_luar", "cuti", "alpa"]
PEOPLE, SESSIONS = 3, 4

change = st.one_of(
    st.tuples(
        st.just("mark"),
        st.integers(0, PEOPLE - 1),
        st.integers(0, SESSIONS - 1),
        st.sampled_from(MARKS),
    ),
    st.tuples(st.just("unmark"), st.integers(0, PEOPLE - 1), st.integers(0, SESSIONS - 1)),
    st.tuples(
        st.just("enrol"),
        st.integers(0, PEOPLE - 1),
        st.integers(0, SESSIONS - 1),
        st.sampled_from(["enrolled", "waitlisted", "cancelled"]),
    ),
    st.tuples(
        st.just("assess"),
        st.integers(0, PEOPLE - 1),
        st.lists(st.integers(1, 5), min_size=2, max_size=3),
    ),
    st.tuples(st.just("clock"), st.integers(0, SESSIONS + 1)),
    st.tuples(st.just("online"), st.integers(0, PEOPLE - 1)),
)

world = st.fixed_dictionaries(
    {
        "excused": st.sets(st.sampled_from(MARKS[2:6])),
        "minimum": st.sampled_from([50, 75, 100]),
        "session_status": st.lists(
            st.sampled_from(["scheduled", "scheduled", "draft", "cancelled"]),
            min_size=SESSIONS,
            max_size=SESSIONS,
        ),
        "changes": st.lists(change, min_size=1, max_size=12),
    }
)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(world)
def test_course_status_always_equals_a_recomputation_from_raw_rows(db, case):
    course = make_course(
        min_attendance_pct=case["minimum"], excused_statuses=sorted(case["excused"])
    )
    comp = competencies(db, course, weights=(2, 1, 1))
    held = sessions(db, course, SESSIONS)
    for s, status in zip(held, case["session_status"], strict=True):
        s.status = status
    people = [make_person() for _ in range(PEOPLE)]
    offering = online.create_offering(
        course, held[0].venue_unit, "", DAY.date(), DAY.date() + timedelta(days=60), actor=None
    )
    attempts = dict.fromkeys(range(PEOPLE), 0)
    now = DAY - timedelta(days=1)
    for op in case["changes"]:
        touched = range(PEOPLE)
        if op[0] == "mark":
            _, p, s, status = op
            row = db.session.scalar(
                select(Attendance).filter_by(session_id=held[s].id, person_id=people[p].id)
            )
            if row is None:
                mark(db, held[s], people[p], status)
            else:
                row.status = status
            touched = [p]
        elif op[0] == "unmark":
            _, p, s = op
            db.session.execute(
                Attendance.__table__.delete().where(
                    Attendance.session_id == held[s].id, Attendance.person_id == people[p].id
                )
            )
            touched = [p]
        elif op[0] == "enrol":
            _, p, s, status = op
            row = db.session.scalar(
                select(Enrollment).filter_by(session_id=held[s].id, person_id=people[p].id)
            )
            if row is None:
                enrol(held[s], people[p], status)
            else:
                row.status = status
            touched = [p]
        elif op[0] == "assess":
            _, p, levels = op
            attempts[p] += 1
            assess(
                db, course, people[p], dict(zip(comp, levels, strict=False)), attempt_no=attempts[p]
            )
            touched = [p]
        elif op[0] == "online":  # the person completes the online refresher now
            enrolment = online.enrolment_of(offering, people[op[1]].id)
            if enrolment is None:
                enrolment = OnlineEnrolment(
                    offering_id=offering.id, person_id=people[op[1]].id, enrolled_at=now
                )
                db.session.add(enrolment)
            enrolment.completed_at = now
            db.session.flush()
            touched = [op[1]]
        else:
            now = DAY + timedelta(days=7 * op[1], hours=1)  # mid-way through session op[1]
        refresh_standing(course, [people[p].id for p in touched], now=now)

        for person in people:
            stored = db.session.scalar(
                select(CourseStatus).filter_by(person_id=person.id, course_id=course.id)
            )
            plain = recompute_from_raw(course, person.id, now)
            got = (
                (
                    stored.status,
                    stored.attendance_pct,
                    stored.average_level,
                    stored.passed,
                    stored.completed_on is not None,
                )
                if stored is not None
                else ("not_started", None, None, None, False)  # never touched: no row yet
            )
            assert got == (
                plain.status,
                plain.attendance_pct,
                plain.average_level,
                plain.passed,
                plain.status == "completed",
            )
            warning = db.session.scalar(
                select(AbsenceWarning).filter_by(person_id=person.id, course_id=course.id)
            )
            below = (
                plain.attendance_pct is not None
                and plain.attendance_pct < course.min_attendance_pct
                and plain.online_on is None  # an online completion meets the requirement
            )
            assert (warning is not None and warning.resolved_at is None) == below


def test_refresh_standing_command_counts_unmarked_ended_sessions_as_alpa(app, db, course):
    person = make_person()
    (s,) = sessions(db, course, 1)
    enrol(s, person)
    db.session.commit()

    result = app.test_cli_runner().invoke(args=["refresh-standing", "--course", str(course.id)])

    assert result.exit_code == 0, result.output
    assert f"Kursus {course.id}" in result.output and "1 personel, 0 selesai" in result.output
    row = db.session.scalar(select(CourseStatus).filter_by(person_id=person.id))
    assert (row.status, row.attendance_pct) == ("failed", 0.0)


def test_refresh_standing_command_refuses_an_unknown_course(app, db):
    result = app.test_cli_runner().invoke(args=["refresh-standing", "--course", "999"])

    assert result.exit_code != 0 and "Kursus 999 tidak ditemukan." in result.output
