"""Enrolment services: audience fill, manual add/remove, waitlist order and promotion."""

from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import event, select

from tests.factories import (
    enrol,
    make_course,
    make_person,
    make_session,
    make_tree,
    make_unit,
    make_user,
)
from training.enrolment import services
from training.errors import RuleViolation
from training.extensions import db
from training.sessions.enrollments import Enrollment

NOW = datetime(2026, 10, 1, tzinfo=UTC)
START = datetime(2026, 11, 3, 2, 0, tzinfo=UTC)  # 09.00 WIB, 10.00 WITA


@pytest.fixture
def tree(db):
    return make_tree()


@pytest.fixture
def admin(db):
    return make_user(roles=("admin",))


def kapolsek_session(tree, capacity=30, **kw):
    kw.setdefault("starts_at", START)
    kw.setdefault("audience_unit", tree["polda_a"])
    return make_session(
        make_course(tier=3),
        tree["polres_a"],
        capacity=capacity,
        audience_positions=["kapolsek"],
        **kw,
    )


def kapolsek(unit, name, **kw):
    return make_person(unit, full_name=name, position="kapolsek", **kw)


def statuses(session):
    rows = select(Enrollment).where(Enrollment.session_id == session.id)
    return {
        e.person.full_name: (e.status, e.waitlist_rank)
        for e in db.session.scalars(rows.execution_options(populate_existing=True))
    }


@contextmanager
def counting(db):
    statements = []

    def count(_conn, _cursor, statement, *_args):
        statements.append(statement.split()[0] + " " + statement[:90])

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


# --- audience ---------------------------------------------------------------------------


def test_audience_people_are_the_subtree_kapolsek_ordered_by_unit_then_name(db, tree):
    second_polsek = make_unit(tree["polres_a"], code="ZZ-SEK")
    session = kapolsek_session(tree)
    kapolsek(second_polsek, "Ahmad Zaini")
    kapolsek(tree["polsek_a"], "Budi Santoso")
    kapolsek(tree["polsek_a"], "Agus Salim")
    make_person(tree["polsek_a"], full_name="Wakil Sekali", position="wakapolsek")
    kapolsek(tree["polsek_b"], "Orang Polda Lain")

    people = db.session.scalars(services.audience_people(session)).all()

    assert [p.full_name for p in people] == ["Agus Salim", "Budi Santoso", "Ahmad Zaini"]


def test_enrol_audience_fills_the_seats_then_the_waitlist_in_order(db, tree, admin):
    session = kapolsek_session(tree, capacity=3)
    for name in ["Eko", "Dedi", "Citra", "Bayu", "Andi"]:
        kapolsek(tree["polsek_a"], name)

    result = services.enrol_audience(session, actor=admin, now=NOW)

    assert [p.full_name for p in result.enrolled] == ["Andi", "Bayu", "Citra"]
    assert [p.full_name for p in result.waitlisted] == ["Dedi", "Eko"]
    assert statuses(session) == {
        "Andi": ("enrolled", None),
        "Bayu": ("enrolled", None),
        "Citra": ("enrolled", None),
        "Dedi": ("waitlisted", 1),
        "Eko": ("waitlisted", 2),
    }


def test_enrol_audience_skips_people_already_in_and_double_booked(db, tree, admin):
    session = kapolsek_session(tree, capacity=10)
    already = kapolsek(tree["polsek_a"], "Sudah Ada")
    busy = kapolsek(tree["polsek_a"], "Sibuk Sekali")
    kapolsek(tree["polsek_a"], "Baru Datang")
    enrol(session, already)
    # 10.30 WITA = 09.30 WIB: overlaps the 09.00-11.00 WIB session although the clocks differ
    elsewhere = make_session(
        make_course(tier=2),
        tree["polres_b"],
        starts_at=START + timedelta(minutes=30),
        title="Rapat Polres B",
    )
    enrol(elsewhere, busy)

    result = services.enrol_audience(session, actor=admin, now=NOW)

    assert [p.full_name for p in result.enrolled] == ["Baru Datang"]
    assert [p.full_name for p in result.already] == ["Sudah Ada"]
    assert [(p.full_name, s.title) for p, s in result.skipped_conflicts] == [
        ("Sibuk Sekali", "Rapat Polres B")
    ]
    assert "Sibuk Sekali" not in statuses(session)


def test_enrol_audience_twice_adds_nobody_new(db, tree, admin):
    session = kapolsek_session(tree, capacity=1)
    kapolsek(tree["polsek_a"], "Andi")
    kapolsek(tree["polsek_a"], "Bayu")
    services.enrol_audience(session, actor=admin, now=NOW)

    again = services.enrol_audience(session, actor=admin, now=NOW)

    assert (again.enrolled, again.waitlisted) == ([], [])
    assert len(again.already) == 2


def test_enrol_audience_does_not_bring_back_removed_people(db, tree, admin):
    session = kapolsek_session(tree)
    removed = kapolsek(tree["polsek_a"], "Pernah Keluar")
    services.remove_person(enrol(session, removed), actor=admin, now=NOW)

    result = services.enrol_audience(session, actor=admin, now=NOW)

    assert [p.full_name for p in result.removed_before] == ["Pernah Keluar"]
    assert statuses(session) == {"Pernah Keluar": ("cancelled", None)}


def test_enrol_audience_needs_an_audience_unit(db, tree, admin):
    session = kapolsek_session(tree, audience_unit=None)

    with pytest.raises(RuleViolation, match="belum punya satuan sasaran"):
        services.enrol_audience(session, actor=admin, now=NOW)


def test_enrol_audience_refuses_a_cancelled_session(db, tree, admin):
    session = kapolsek_session(tree, status="cancelled")

    with pytest.raises(RuleViolation, match="dibatalkan"):
        services.enrol_audience(session, actor=admin, now=NOW)


def test_enrol_audience_takes_the_same_statements_for_10_or_200_people(db, tree, admin):
    small = kapolsek_session(tree, capacity=5)
    large = kapolsek_session(tree, capacity=100, audience_unit=tree["polda_b"])
    for size, polres in ((10, tree["polres_a"]), (200, tree["polres_b"])):
        polsek = [make_unit(polres) for _ in range(5)]
        for i in range(size):
            kapolsek(polsek[i % 5], f"Kapolsek {polres.code} {i:03d}")
    counts = {}
    for session in (small, large):
        db.session.commit()
        with counting(db) as statements:
            result = services.enrol_audience(session, actor=admin, now=NOW)
            db.session.flush()
        counts[session.capacity] = (len(result.enrolled), len(result.waitlisted), len(statements))

    assert counts == {5: (5, 5, counts[5][2]), 100: (100, 100, counts[5][2])}
    # 14 to enrol, 1 reads the course's target positions and levels, 2 find whom to tell
    assert counts[5][2] <= 17


# --- manual add -------------------------------------------------------------------------


def test_enrol_person_takes_a_free_seat_then_goes_to_the_end_of_the_waitlist(db, tree, admin):
    session = kapolsek_session(tree, capacity=1)
    first, second, third = (kapolsek(tree["polsek_a"], n) for n in ["Satu", "Dua", "Tiga"])

    rows = [services.enrol_person(session, p, actor=admin, now=NOW) for p in (first, second, third)]

    assert [(r.status, r.waitlist_rank) for r in rows] == [
        ("enrolled", None),
        ("waitlisted", 1),
        ("waitlisted", 2),
    ]


def test_enrol_person_re_adds_someone_removed_earlier(db, tree, admin):
    session = kapolsek_session(tree)
    person = kapolsek(tree["polsek_a"], "Kembali Lagi")
    row = enrol(session, person)
    services.remove_person(row, actor=admin, now=NOW)

    again = services.enrol_person(session, person, actor=admin, now=NOW)

    assert (again.id, again.status) == (row.id, "enrolled")


def test_enrol_person_refuses_an_ended_session(db, tree, admin):
    session = kapolsek_session(tree)
    person = kapolsek(tree["polsek_a"], "Terlambat Datang")

    with pytest.raises(RuleViolation, match="sudah selesai"):
        services.enrol_person(session, person, actor=admin, now=START + timedelta(hours=3))


def test_enrol_person_refuses_someone_already_enrolled(db, tree, admin):
    session = kapolsek_session(tree)
    person = kapolsek(tree["polsek_a"], "Dua Kali")
    enrol(session, person)

    with pytest.raises(RuleViolation, match="Dua Kali sudah terdaftar di sesi ini"):
        services.enrol_person(session, person, actor=admin, now=NOW)


def test_enrol_person_refuses_people_outside_the_actors_command(db, tree):
    session = kapolsek_session(tree)
    person = kapolsek(tree["polsek_a"], "Bukan Anak Buah")
    other_commander = make_user(roles=("commander",), unit=tree["polres_b"])

    with pytest.raises(RuleViolation, match="di luar lingkup"):
        services.enrol_person(session, person, actor=other_commander, now=NOW)


def test_enrol_person_names_the_clashing_session_and_its_local_time(db, tree, admin):
    session = kapolsek_session(tree)
    person = kapolsek(tree["polsek_a"], "Jadwal Bentrok", nrp="88000001")
    other = make_session(
        make_course(tier=2),
        tree["polres_b"],  # Asia/Makassar: 10.00 WITA is 09.00 WIB
        starts_at=START,
        title="Evaluasi Medsos",
    )
    enrol(other, person)

    with pytest.raises(RuleViolation) as error:
        services.enrol_person(session, person, actor=admin, now=NOW)

    assert str(error.value) == (
        "Jadwal Bentrok (NRP 88000001) sudah terdaftar di sesi Evaluasi Medsos "
        "(3 Nov 2026 10.00 WITA) yang waktunya bertabrakan."
    )


# --- removal, promotion, capacity -------------------------------------------------------


def test_remove_person_keeps_the_row_and_promotes_the_first_waiting(db, tree, admin):
    session = kapolsek_session(tree, capacity=2)
    for name in ["Andi", "Bayu", "Citra", "Dedi"]:
        kapolsek(tree["polsek_a"], name)
    services.enrol_audience(session, actor=admin, now=NOW)
    andi = db.session.scalar(select(Enrollment).where(Enrollment.waitlist_rank.is_(None)))

    result = services.remove_person(andi, actor=admin, now=NOW)

    assert [e.person.full_name for e in result.promoted] == ["Citra"]
    assert statuses(session) == {
        "Andi": ("cancelled", None),
        "Bayu": ("enrolled", None),
        "Citra": ("enrolled", None),
        "Dedi": ("waitlisted", 2),
    }


def test_promotion_passes_over_a_waiting_person_booked_elsewhere_meanwhile(db, tree, admin):
    session = kapolsek_session(tree, capacity=1)
    seated = enrol(session, kapolsek(tree["polsek_a"], "Duduk"))
    busy = kapolsek(tree["polsek_a"], "Sibuk")
    free = kapolsek(tree["polsek_a"], "Luang")
    services.enrol_person(session, busy, actor=admin, now=NOW)
    services.enrol_person(session, free, actor=admin, now=NOW)
    enrol(make_session(make_course(tier=2), tree["polres_a"], starts_at=START), busy)

    result = services.remove_person(seated, actor=admin, now=NOW)

    assert [e.person.full_name for e in result.promoted] == ["Luang"]
    assert statuses(session)["Sibuk"] == ("waitlisted", 1)


def test_remove_person_twice_is_refused(db, tree, admin):
    session = kapolsek_session(tree)
    row = enrol(session, kapolsek(tree["polsek_a"], "Sekali Saja"))
    services.remove_person(row, actor=admin, now=NOW)

    with pytest.raises(RuleViolation, match="sudah dikeluarkan"):
        services.remove_person(row, actor=admin, now=NOW)


def test_rebalance_promotes_when_capacity_grows(db, tree, admin):
    session = kapolsek_session(tree, capacity=1)
    for name in ["Andi", "Bayu", "Citra"]:
        kapolsek(tree["polsek_a"], name)
    services.enrol_audience(session, actor=admin, now=NOW)
    session.capacity = 2

    result = services.rebalance(session, now=NOW)

    assert [e.person.full_name for e in result.promoted] == ["Bayu"]
    assert statuses(session)["Citra"] == ("waitlisted", 2)


def test_rebalance_never_demotes_and_reports_over_capacity(db, tree, admin):
    session = kapolsek_session(tree, capacity=3)
    for name in ["Andi", "Bayu", "Citra"]:
        kapolsek(tree["polsek_a"], name)
    services.enrol_audience(session, actor=admin, now=NOW)
    session.capacity = 1

    result = services.rebalance(session, now=NOW)

    assert (result.promoted, result.over_capacity) == ([], 2)
    assert {s for s, _ in statuses(session).values()} == {"enrolled"}


# --- commanders -------------------------------------------------------------------------


def test_commander_enrols_several_of_their_people(db, tree):
    session = kapolsek_session(tree)
    commander = make_user(roles=("commander",), unit=tree["polres_a"])
    people = [kapolsek(tree["polsek_a"], n) for n in ["Andi", "Bayu"]]

    rows = services.enrol_people(session, people, actor=commander, now=NOW, open_only=True)

    assert [(r.person.full_name, r.status, r.enrolled_by_id) for r in rows] == [
        ("Andi", "enrolled", commander.id),
        ("Bayu", "enrolled", commander.id),
    ]


def test_commander_enrolment_is_all_or_nothing(db, tree):
    session = kapolsek_session(tree)
    commander = make_user(roles=("commander",), unit=tree["mabes"])
    inside = kapolsek(tree["polsek_a"], "Dalam Sasaran")
    outside = kapolsek(tree["polsek_b"], "Luar Sasaran")

    with pytest.raises(RuleViolation, match="Luar Sasaran bukan sasaran sesi ini"):
        services.enrol_people(session, [inside, outside], actor=commander, now=NOW, open_only=True)

    assert statuses(session) == {}


def test_commander_cannot_enrol_into_a_started_or_draft_session(db, tree):
    commander = make_user(roles=("commander",), unit=tree["polda_a"])
    person = kapolsek(tree["polsek_a"], "Andi")
    draft = kapolsek_session(tree, status="draft")
    started = kapolsek_session(tree, starts_at=START + timedelta(days=1))

    with pytest.raises(RuleViolation, match="belum dibuka"):
        services.enrol_people(draft, [person], actor=commander, now=NOW, open_only=True)
    with pytest.raises(RuleViolation, match="sudah dimulai"):
        services.enrol_people(
            started,
            [person],
            actor=commander,
            now=START + timedelta(days=1, minutes=5),
            open_only=True,
        )
