"""Cycle planner: targets, regions, dates, trainers, re-runs and the bounded write."""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import event, func, select

from tests.factories import (
    enrol,
    make_course,
    make_course_status,
    make_person,
    make_program,
    make_session,
    make_unit,
    make_user,
)
from training.planner.regions import Tree, group_regions, select_targets, split
from training.planner.services import propose_cycle
from training.programs.services import create_cycle
from training.sessions.enrollments import Enrollment
from training.sessions.models import SessionTrainer, TrainingSession

NOW = datetime(2026, 10, 20, 3, 0, tzinfo=UTC)  # cycle 1 runs 1 Nov - 10 Dec 2026


def world(db, polsek_a1=4, polsek_a2=2, polsek_b=3):
    """Mabes; Polda A (WIB) with Polres A1, A2; Polda B (WITA), Polda C (WIT), each with
    one Polres; a kapolda, kapolres and kapolsek everywhere; a three-tier programme."""
    mabes = make_unit(code="00", name="Mabes Polri")
    polda = {
        "a": make_unit(mabes, code="A", name="Polda A"),
        "b": make_unit(mabes, code="B", name="Polda B", timezone="Asia/Makassar"),
        "c": make_unit(mabes, code="C", name="Polda C", timezone="Asia/Jayapura"),
    }
    polres = {
        "a1": make_unit(polda["a"], code="A.1", name="Polres A1"),
        "a2": make_unit(polda["a"], code="A.2", name="Polres A2"),
        "b1": make_unit(polda["b"], code="B.1", name="Polres B1", timezone="Asia/Makassar"),
        "c1": make_unit(polda["c"], code="C.1", name="Polres C1", timezone="Asia/Jayapura"),
    }
    counts = {"a1": polsek_a1, "a2": polsek_a2, "b1": polsek_b, "c1": 1}
    polsek = {}
    for key, n in counts.items():
        for i in range(n):
            unit = make_unit(
                polres[key], code=f"{polres[key].code}.{i:02d}", timezone=polres[key].timezone
            )
            polsek[f"{key}.{i}"] = unit
            make_person(unit, position="kapolsek", full_name=f"Kapolsek {unit.code}")
    heads = {}
    for key, unit in {**polda, **polres}.items():
        heads[key] = make_person(unit, position=f"ka{unit.level}", full_name=f"Ka {unit.name}")
    program = make_program(cascade_threshold=80)
    courses = [make_course(program, tier) for tier in (1, 2, 3)]
    cycle = create_cycle(program)
    db.session.commit()
    return dict(
        mabes=mabes, polda=polda, polres=polres, polsek=polsek, heads=heads,
        program=program, courses=courses, cycle=cycle,
    )  # fmt: skip


def drafts(db, course=None):
    stmt = select(TrainingSession).where(TrainingSession.status == "draft")
    if course is not None:
        stmt = stmt.where(TrainingSession.course_id == course.id)
    return list(db.session.scalars(stmt.order_by(TrainingSession.starts_at, TrainingSession.id)))


def enrolled_ids(db, session):
    return set(
        db.session.scalars(select(Enrollment.person_id).where(Enrollment.session_id == session.id))
    )


@pytest.fixture
def trainer(db):
    return make_user(roles=("trainer",), username="pelatih_nasional")


# --- targets --------------------------------------------------------------------------------


def test_targets_are_the_untrained_and_those_expiring_before_the_cycle_ends(db):
    w = world(db)
    tier1 = w["courses"][0]
    valid = w["heads"]["a"]  # completed 5 Jan 2026, 12 months: valid until 5 Jan 2027
    make_course_status(valid, tier1, completed_on=date(2026, 1, 5))
    expiring = w["heads"]["b"]  # completed 1 Dec 2025: expires 1 Dec 2026, before 10 Dec
    make_course_status(expiring, tier1, completed_on=date(2025, 12, 1))
    failed = w["heads"]["c"]
    make_course_status(failed, tier1, status="failed")
    wakapolda = make_person(w["polda"]["a"], position="wakapolda")
    make_person(w["polda"]["a"], position="operator_medsos")  # not a tier-1 target position

    targets = select_targets(tier1, w["cycle"])

    by_person = {t.person_id: t.untrained for t in targets}
    assert by_person == {expiring.id: False, failed.id: True, wakapolda.id: True}


def _certificate(person, course, valid_until, state="valid"):
    from datetime import UTC, datetime

    from training.certificates.models import Certificate
    from training.extensions import db

    n = person.id
    row = Certificate(
        serial=f"SERT/T/{n:06d}/{state}",
        verify_code=f"CODE{n:06d}{state[:4].upper()}",
        person_id=person.id,
        course_id=course.id,
        issued_on=date(2026, 1, 5),
        valid_until=valid_until,
        state=state,
        holder_name=person.full_name,
        holder_rank=person.rank,
        holder_nrp=person.nrp,
        holder_unit="-",
        created_at=datetime(2026, 1, 5, tzinfo=UTC),
    )
    db.session.add(row)
    db.session.flush()
    return row


def test_certificates_decide_who_needs_training_when_they_exist(db):
    w = world(db)
    tier1 = w["courses"][0]
    covered, short, revoked = w["heads"]["a"], w["heads"]["b"], w["heads"]["c"]
    for person in (covered, short, revoked):
        make_course_status(person, tier1, completed_on=date(2026, 1, 5))  # valid to 2027
    _certificate(covered, tier1, date(2027, 1, 4))
    _certificate(short, tier1, date(2026, 12, 1))  # issued earlier: ends before 10 Dec
    _certificate(revoked, tier1, date(2027, 1, 4), state="revoked")

    targets = {t.person_id for t in select_targets(tier1, w["cycle"])}

    assert covered.id not in targets
    assert {short.id, revoked.id} <= targets


def test_people_already_booked_in_a_published_session_of_the_cycle_are_not_targets(db):
    w = world(db)
    tier1 = w["courses"][0]
    session = make_session(tier1, w["polda"]["a"], cycle=w["cycle"])
    enrol(session, w["heads"]["a"])

    targets = select_targets(tier1, w["cycle"])

    assert w["heads"]["a"].id not in {t.person_id for t in targets}
    assert {t.person_id for t in targets} == {w["heads"]["b"].id, w["heads"]["c"].id}


# --- regions and capacity ---------------------------------------------------------------


def test_split_makes_the_fewest_even_sessions():
    assert [len(c) for c in split(list(range(61)), 30)] == [21, 20, 20]
    assert [len(c) for c in split(list(range(30)), 30)] == [30]
    assert split([], 30) == []


def test_polsek_targets_go_per_polres_in_a_large_polda_and_per_polda_otherwise(db):
    w = world(db, polsek_a1=40, polsek_a2=5, polsek_b=10)
    tier3 = w["courses"][2]

    regions = group_regions(tier3, select_targets(tier3, w["cycle"]), 30, Tree())

    sizes = {r.unit.code: len(r.targets) for r in regions}
    assert sizes == {"A.1": 40, "A.2": 5, "B": 10, "C": 1}
    a1 = next(r for r in regions if r.unit.code == "A.1")
    assert [len(c) for c in split(a1.targets, 30)] == [20, 20]


def test_polda_targets_are_grouped_per_time_zone_unless_a_polda_is_large(db):
    w = world(db)
    tier1 = w["courses"][0]
    other_wib = make_unit(w["mabes"], code="D", name="Polda D", timezone="Asia/Pontianak")
    make_person(other_wib, position="kapolda")
    for _ in range(3):
        make_person(w["polda"]["c"], position="wakapolda")

    regions = group_regions(tier1, select_targets(tier1, w["cycle"]), 3, Tree())

    shown = [(r.label, r.unit.code, r.venue.code, len(r.targets)) for r in regions]
    assert shown == [
        ("WIB (2 Polda)", "00", "00", 2),  # A and D share one WIB session at Mabes
        ("Polda B", "B", "B", 1),
        ("Polda C", "C", "C", 4),  # more than the capacity of 3: a region of its own
    ]


def test_polres_targets_go_per_polda(db):
    w = world(db)
    tier2 = w["courses"][1]

    regions = group_regions(tier2, select_targets(tier2, w["cycle"]), 30, Tree())

    assert [(r.unit.code, len(r.targets)) for r in regions] == [("A", 2), ("B", 1), ("C", 1)]


# --- dates, local times, trainers ----------------------------------------------------------


def test_sessions_start_at_nine_local_time_in_each_zone_on_working_days(db, trainer):
    w = world(db)
    tier2 = w["courses"][1]
    for key in ("a", "b", "c"):
        make_course_status(w["heads"][key], w["courses"][0], completed_on=date(2026, 9, 1))

    propose_cycle(w["program"], w["cycle"], actor=trainer, now=NOW)

    by_zone = {s.venue_unit.code: s for s in drafts(db, tier2)}
    assert by_zone["A"].starts_at.time().isoformat() == "02:00:00"  # 09.00 WIB
    assert by_zone["B"].starts_at.time().isoformat() == "01:00:00"  # 09.00 WITA
    assert by_zone["C"].starts_at.time().isoformat() == "00:00:00"  # 09.00 WIT
    assert all(s.ends_at - s.starts_at == timedelta(hours=3) for s in drafts(db))
    assert all(s.starts_at.weekday() < 5 for s in drafts(db))


def test_tiers_follow_the_cascade_order(db, trainer):
    w = world(db)

    propose_cycle(w["program"], w["cycle"], actor=trainer, now=NOW)

    tier_days = [[s.starts_at.date() for s in drafts(db, c)] for c in w["courses"]]
    assert tier_days[0][0] == date(2026, 11, 2)  # the first working day of the cycle
    assert max(tier_days[0]) < min(tier_days[1])
    assert max(tier_days[1]) < min(tier_days[2])


def test_trainers_rotate_and_a_busy_trainer_is_not_double_booked(db, trainer):
    w = world(db, polsek_a1=0, polsek_a2=0, polsek_b=0)
    tier2 = w["courses"][1]
    for i in range(70):  # 72 Polres-level targets in Polda A: three sessions of 24
        make_person(w["polres"]["a1"], position="wakapolres", full_name=f"Waka {i:02d}")
    kapolda = w["heads"]["a"]
    for key in ("a", "b", "c"):  # tier 1 done everywhere: tier 2 may start on 2 Nov
        make_course_status(w["heads"][key], w["courses"][0], completed_on=date(2026, 9, 1))
    # the national trainer already teaches elsewhere on Monday 2 Nov and Tuesday 3 Nov
    for day in (2, 3):
        busy = make_session(w["courses"][0], w["polda"]["b"],
                            starts_at=datetime(2026, 11, day, 0, 30, tzinfo=UTC))  # fmt: skip
        db.session.add(SessionTrainer(session=busy, user_id=trainer.id))
    db.session.commit()
    other = make_user(roles=("trainer",), username="zz_pelatih_kedua")

    propose_cycle(w["program"], w["cycle"], actor=trainer, now=NOW)

    sessions = [s for s in drafts(db, tier2) if s.audience_unit.code == "A"]
    who = [
        (s.starts_at.date().isoformat(), s.trainers[0].person_id or s.trainers[0].user.username)
        for s in sessions
    ]
    # order: the certified kapolda, then the accounts; the national trainer is busy both days
    assert who == [
        ("2026-11-02", kapolda.id),
        ("2026-11-02", "zz_pelatih_kedua"),
        ("2026-11-03", kapolda.id),
    ]
    assert other.id  # the second account exists


def test_a_region_without_any_free_trainer_is_reported_without_slots(db):
    w = world(db)

    proposal = propose_cycle(w["program"], w["cycle"], actor=None, now=NOW)

    assert drafts(db) == []
    tier3 = proposal.tiers[2]
    assert tier3.total("unplaced") == 10  # 4 + 2 + 3 + 1 kapolsek
    assert "tidak ada pelatih yang memenuhi syarat" in tier3.regions[0].reasons


def test_proposal_prefills_every_target_once(db, trainer):
    w = world(db, polsek_a1=40, polsek_a2=5, polsek_b=10)

    proposal = propose_cycle(w["program"], w["cycle"], actor=trainer, now=NOW)

    tier3 = drafts(db, w["courses"][2])
    assert sorted(s.audience_unit.code for s in tier3) == ["A.1", "A.1", "A.2", "B", "C"]
    everyone = [pid for s in tier3 for pid in enrolled_ids(db, s)]
    assert len(everyone) == len(set(everyone)) == 56
    assert proposal.tiers[2].total("placed") == 56
    assert all(s.cycle_id == w["cycle"].id and s.capacity == 30 for s in tier3)
    assert all(s.audience_positions == ["kapolsek", "wakapolsek"] for s in tier3)


# --- re-running -------------------------------------------------------------------------


def test_running_again_replaces_drafts_and_keeps_published_sessions(db, trainer):
    w = world(db)
    tier1 = w["courses"][0]
    published = make_session(tier1, w["polda"]["a"], cycle=w["cycle"],
                             starts_at=datetime(2026, 11, 5, 2, 0, tzinfo=UTC))  # fmt: skip
    enrol(published, w["heads"]["a"])
    db.session.commit()
    first = propose_cycle(w["program"], w["cycle"], actor=trainer, now=NOW)
    db.session.commit()
    first_ids = set(first.session_ids)
    first_uids = {s.uid for s in drafts(db)}

    second = propose_cycle(w["program"], w["cycle"], actor=trainer, now=NOW)
    db.session.commit()

    assert second.replaced == len(first_ids)
    assert first_uids.isdisjoint({s.uid for s in drafts(db)})
    assert len(second.session_ids) == len(first_ids)
    assert db.session.get(TrainingSession, published.id).status == "scheduled"
    assert enrolled_ids(db, published) == {w["heads"]["a"].id}
    total = db.session.scalar(select(func.count(TrainingSession.id)))
    assert total == len(second.session_ids) + 1
    # tier 2 waits for the published tier-1 session on 5 Nov
    assert min(s.starts_at.date() for s in drafts(db, w["courses"][1])) == date(2026, 11, 6)


# --- bounded statements ----------------------------------------------------------------------


def _statements(db, fn):
    count = 0

    def before(*_args, **_kw):
        nonlocal count
        count += 1

    event.listen(db.engine, "before_cursor_execute", before)
    try:
        fn()
    finally:
        event.remove(db.engine, "before_cursor_execute", before)
    return count


def test_statements_do_not_grow_with_the_size_of_the_proposal(app, db, trainer):
    w = world(db, polsek_a1=3, polsek_a2=1, polsek_b=1)
    for key in ("a", "b", "c"):
        make_course_status(w["heads"][key], w["courses"][0], completed_on=date(2026, 9, 1))
    db.session.commit()
    run = lambda: propose_cycle(w["program"], w["cycle"], actor=trainer, now=NOW)  # noqa: E731
    small = _statements(db, run)
    small_drafts = len(drafts(db))
    for i in range(150):  # 150 more Polsek with their kapolsek, and 60 more wakapolres
        unit = make_unit(w["polres"]["a1" if i % 2 else "b1"], code=f"X.{i:03d}")
        make_person(unit, position="kapolsek")
        make_person(w["polres"]["a2" if i % 2 else "c1"], position="wakapolres") if i < 60 else None
    db.session.commit()

    big = _statements(db, run)

    assert len(drafts(db)) >= small_drafts + 6
    assert big == small
    # 30, the audit entry of the proposal, and the readiness roll-up read once for the units
    # flagged "perlu penyegaran" (planner.refresher: version, roll-up statements with the
    # response counts and times, store)
    assert big <= 39


def test_trainer_pool_offers_exactly_the_trainer_pickers_choices(db):
    from training.planner.scheduling import TrainerPool
    from training.programs.trainers import eligible_trainers

    w = world(db)
    tier2, tier3 = w["courses"][1], w["courses"][2]
    make_user(roles=("trainer",), username="nasional")
    make_user(roles=("trainer",), username="regional_b", unit=w["polda"]["b"])
    for key in ("a", "b"):
        make_course_status(w["heads"][key], w["courses"][0], completed_on=date(2026, 9, 1))
    make_course_status(w["heads"]["a1"], tier2, completed_on=date(2026, 9, 1))
    make_course_status(w["heads"]["b1"], tier2, completed_on=date(2025, 1, 1))  # expired

    for course in (tier2, tier3):
        pool = TrainerPool(course, NOW.date())
        for unit in [*w["polda"].values(), *w["polres"].values()]:
            picker = eligible_trainers(course, unit, NOW.date())
            expected = [("person", p.id) for p in picker.people] + [
                ("user", u.id) for u in picker.users
            ]
            assert [t.key for t in pool.for_region(unit)] == expected, (course.tier, unit.code)
