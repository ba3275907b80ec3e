"""Series booking: one booking covers every remaining meeting, one waitlist per series,
promotion books the remaining meetings, cancellation deadlines, self sign-up with approval."""

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from tests.factories import (
    make_course,
    make_person,
    make_program,
    make_session,
    make_tree,
    make_user,
)
from tests.statements import count_statements
from training.audit.models import AuditEntry
from training.enrolment import booking, series
from training.errors import RuleViolation
from training.extensions import db as _db
from training.sessions.enrollments import Enrollment
from training.sessions.models import SessionSeries

NOW = datetime(2026, 10, 1, tzinfo=UTC)
FIRST = datetime(2026, 11, 3, 2, 0, tzinfo=UTC)


@pytest.fixture
def tree(db):
    return make_tree()


def make_series(tree, meetings=4, capacity=2, course=None, past=0, **kw):
    """A weekly series of ``meetings`` future meetings (from FIRST) and ``past`` ones
    already held, in Polres A, aimed at Polda A's kapolsek."""
    course = course or make_course(tier=3)
    row = SessionSeries(
        course_id=course.id,
        rrule=f"FREQ=WEEKLY;COUNT={meetings + past}",
        dtstart_local=datetime(2026, 11, 3, 9, 0),
        duration_minutes=120,
        timezone="Asia/Jakarta",
        uid=f"{uuid.uuid4()}@presisi",
        created_at=NOW,
    )
    _db.session.add(row)
    starts = [FIRST - timedelta(weeks=past - i) for i in range(past)]
    starts += [FIRST + timedelta(weeks=i) for i in range(meetings)]
    kw.setdefault("audience_unit", tree["polda_a"])
    kw.setdefault("audience_positions", ["kapolsek"])
    return [
        make_session(course, tree["polres_a"], starts_at=s, capacity=capacity, series=row, **kw)
        for s in starts
    ]


def kapolsek(tree, name, unit="polsek_a"):
    return make_person(tree[unit], full_name=name, position="kapolsek")


def places(person):
    """[(meeting start, status, rank)] of the person, soonest first."""
    rows = _db.session.scalars(
        select(Enrollment)
        .where(Enrollment.person_id == person.id)
        .execution_options(populate_existing=True)
    )
    return sorted((r.session.starts_at, r.status, r.waitlist_rank) for r in rows)


def test_booking_one_meeting_books_every_future_meeting_of_the_series(db, tree):
    meetings = make_series(tree, meetings=4, past=1)
    ani = kapolsek(tree, "Ani")
    result = series.book(meetings[2], [ani], actor=None, now=datetime(2026, 10, 28, tzinfo=UTC))
    # the held meeting (in the past for "now") is left alone; the four future ones are booked
    future = [m.starts_at for m in meetings[1:]]
    assert [m.starts_at for m in result.meetings] == future
    assert places(ani) == [(s, "enrolled", None) for s in future]


def test_a_full_series_waitlists_for_the_whole_series_with_one_rank(db, tree):
    meetings = make_series(tree, meetings=3, capacity=1)
    ani, budi, citra = (kapolsek(tree, n) for n in ("Ani", "Budi", "Citra"))
    series.book(meetings[0], [ani], actor=None, now=NOW)
    result = series.book(meetings[1], [budi, citra], actor=None, now=NOW)
    assert result.enrolled == [] and result.waitlisted == [budi, citra]
    starts = [m.starts_at for m in meetings]
    assert places(budi) == [(s, "waitlisted", 1) for s in starts]
    assert places(citra) == [(s, "waitlisted", 2) for s in starts]


def test_a_seat_taken_in_one_meeting_makes_the_series_full(db, tree):
    meetings = make_series(tree, meetings=3, capacity=1)
    lone = kapolsek(tree, "Lone")
    series.write([meetings[2]], {lone.id: None}, [], None, NOW)  # booked only the last one
    ani = kapolsek(tree, "Ani")
    result = series.book(meetings[0], [ani], actor=None, now=NOW)
    assert result.waitlisted == [ani]


def test_booking_someone_already_in_the_series_is_refused(db, tree):
    meetings = make_series(tree)
    ani = kapolsek(tree, "Ani")
    series.book(meetings[0], [ani], actor=None, now=NOW)
    with pytest.raises(RuleViolation, match="sudah terdaftar di seri ini"):
        series.book(meetings[3], [ani], actor=None, now=NOW)


def test_series_booking_statements_do_not_grow_with_meetings_or_people(db, tree):
    counts = []
    for meetings_n, people_n in ((2, 2), (8, 12)):
        meetings = make_series(tree, meetings=meetings_n, capacity=people_n // 2)
        people = [kapolsek(tree, f"P{meetings_n}-{i}") for i in range(people_n)]
        with count_statements() as statements:
            series.book(meetings[0], people, actor=None, now=NOW)
        counts.append(len(statements))
        assert sum(1 for m in meetings for _e in m.enrollments) == meetings_n * people_n
    assert counts[0] == counts[1] <= 10


def test_cancelling_a_seat_promotes_the_first_waiting_person_in_every_remaining_meeting(db, tree):
    meetings = make_series(tree, meetings=3, capacity=1)
    commander = make_user(roles=("commander",), unit=tree["polres_a"])
    ani, budi, citra = (kapolsek(tree, n) for n in ("Ani", "Budi", "Citra"))
    series.book(meetings[0], [ani, budi, citra], actor=None, now=NOW)
    result = booking.cancel_booking(meetings[1], ani, actor=commander, now=NOW)
    assert result.promoted == [budi]
    starts = [m.starts_at for m in meetings]
    assert places(ani) == [(s, "cancelled", None) for s in starts]
    assert places(budi) == [(s, "enrolled", None) for s in starts]
    assert places(citra) == [(s, "waitlisted", 2) for s in starts]
    actions = _db.session.scalars(
        select(AuditEntry.action).where(AuditEntry.entity == "enrollment")
    ).all()
    assert actions.count("cancel") == 3 and actions.count("promote") == 3


def test_participant_cancels_before_the_deadline_only(db, tree):
    meetings = make_series(tree, meetings=2)
    ani = kapolsek(tree, "Ani")
    series.book(meetings[0], [ani], actor=None, now=NOW)
    late = FIRST - timedelta(hours=23)
    with pytest.raises(RuleViolation, match="Batas pembatalan sudah lewat"):
        booking.cancel_booking(meetings[0], ani, actor=None, now=late, own=True)
    booking.cancel_booking(meetings[0], ani, actor=None, now=FIRST - timedelta(hours=25), own=True)
    assert {status for _s, status, _r in places(ani)} == {"cancelled"}


def test_commander_cancels_after_the_participant_deadline_but_not_outside_scope(db, tree):
    meetings = make_series(tree, meetings=2)
    ani = kapolsek(tree, "Ani")
    series.book(meetings[0], [ani], actor=None, now=NOW)
    late = FIRST - timedelta(hours=2)
    sibling = make_user(roles=("commander",), unit=tree["polres_b"])
    with pytest.raises(RuleViolation, match="di luar lingkup"):
        booking.cancel_booking(meetings[0], ani, actor=sibling, now=late)
    own = make_user(roles=("commander",), unit=tree["polsek_a"])
    result = booking.cancel_booking(meetings[0], ani, actor=own, now=late)
    assert len(result.meetings) == 2
    assert {status for _s, status, _r in places(ani)} == {"cancelled"}


def test_a_started_meeting_keeps_its_roll_while_later_meetings_are_cancelled(db, tree):
    meetings = make_series(tree, meetings=3)
    ani = kapolsek(tree, "Ani")
    series.book(meetings[0], [ani], actor=None, now=NOW)
    during_first = FIRST + timedelta(minutes=30)
    commander = make_user(roles=("commander",), unit=tree["polres_a"])
    booking.cancel_booking(meetings[0], ani, actor=commander, now=during_first)
    assert [status for _s, status, _r in places(ani)] == ["enrolled", "cancelled", "cancelled"]


def signup_world(tree, approval):
    program = make_program(self_signup=True, signup_approval=approval)
    meetings = make_series(tree, meetings=2, course=make_course(program, tier=3))
    return meetings, kapolsek(tree, "Ani")


def test_self_sign_up_without_approval_books_the_series(db, tree):
    meetings, ani = signup_world(tree, approval=False)
    result = booking.sign_up(meetings[0], ani, actor=None, now=NOW)
    assert result.enrolled == [ani]
    assert [status for _s, status, _r in places(ani)] == ["enrolled", "enrolled"]


def test_self_sign_up_needs_the_programme_and_the_own_tier(db, tree):
    meetings = make_series(tree, meetings=1)  # programme without self sign-up
    with pytest.raises(RuleViolation, match="tidak membuka pendaftaran mandiri"):
        booking.sign_up(meetings[0], kapolsek(tree, "Ani"), actor=None, now=NOW)
    meetings, _ani = signup_world(tree, approval=False)
    kapolres = make_person(tree["polres_a"], position="kapolres")
    with pytest.raises(RuleViolation, match="bukan untuk tingkat Anda"):
        booking.sign_up(meetings[0], kapolres, actor=None, now=NOW)


def test_self_sign_up_with_approval_waits_then_the_own_commander_approves(db, tree):
    meetings, ani = signup_world(tree, approval=True)
    booking.sign_up(meetings[0], ani, actor=None, now=NOW)
    assert [status for _s, status, _r in places(ani)] == ["pending", "pending"]
    sibling = make_user(roles=("commander",), unit=tree["polres_b"])
    with pytest.raises(RuleViolation, match="di luar lingkup"):
        booking.decide_sign_up(meetings[0], ani, approve=True, actor=sibling, now=NOW)
    above = make_user(roles=("commander",), unit=tree["polda_a"])
    result = booking.decide_sign_up(meetings[0], ani, approve=True, actor=above, now=NOW)
    assert result.enrolled == [ani]
    assert [status for _s, status, _r in places(ani)] == ["enrolled", "enrolled"]


def test_a_refused_sign_up_holds_no_place(db, tree):
    meetings, ani = signup_world(tree, approval=True)
    booking.sign_up(meetings[0], ani, actor=None, now=NOW)
    commander = make_user(roles=("commander",), unit=tree["polres_a"])
    booking.decide_sign_up(meetings[0], ani, approve=False, actor=commander, now=NOW)
    assert [status for _s, status, _r in places(ani)] == ["refused", "refused"]
    assert series.free_seats(meetings) == 2
    with pytest.raises(RuleViolation, match="menunggu persetujuan"):
        booking.decide_sign_up(meetings[0], ani, approve=True, actor=commander, now=NOW)


def test_preview_confirm_and_cancel_statements_do_not_grow_with_meetings_units_or_people(db):
    """Tier-2 audiences of 4, 40 and 80 Polres heads over 1, 4 and 8 meetings."""
    from tests.booking_factories import make_series as series_of
    from tests.factories import make_unit
    from training.enrolment import audience

    tree, counts = make_tree(), set()
    for meetings_n, polres_n in ((1, 2), (4, 20), (8, 40)):
        polda = make_unit(tree["mabes"])
        for _ in range(polres_n):
            polres = make_unit(polda)
            for position in ("kapolres", "wakapolres", "operator_medsos"):
                make_person(polres, position=position)
            make_person(make_unit(polres), position="kapolres")  # a Polsek: not a target
        starts = [FIRST + timedelta(weeks=i) for i in range(meetings_n)]
        meetings = series_of(
            make_course(tier=2), polda, starts, capacity=polres_n, audience_unit=polda
        )
        commander = make_user(roles=("commander",), unit=polda)
        _db.session.commit()
        with count_statements() as preview:
            plan = audience.preview(meetings[0], NOW)
        assert (len(plan.result.enrolled), len(plan.result.waitlisted)) == (polres_n, polres_n)
        with count_statements() as confirm:
            done = audience.enrol(meetings[0], actor=None, now=NOW, fingerprint=plan.fingerprint)
            _db.session.flush()
        first = done.result.enrolled[0]
        with count_statements() as cancel:
            result = booking.cancel_booking(meetings[0], first, actor=commander, now=NOW)
            _db.session.flush()
        assert result.promoted == [done.result.waitlisted[0]]
        counts.add((len(preview), len(confirm), len(cancel)))
    assert len(counts) == 1
    (preview_n, confirm_n, cancel_n) = counts.pop()
    assert preview_n <= 10 and confirm_n <= 14 and cancel_n <= 20
