"""Readiness roll-up: a property test on generated trees against a brute-force recomputation
from the raw rows, and examples of the Siap / Sebagian / Belum siap rule."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from tests.factories import make_course, make_person, make_program, make_unit
from tests.statements import count_statements
from training.accounts.models import SocialAccount
from training.certificates.models import Certificate
from training.people.models import Person
from training.people.ranks import COMMANDER_OF_LEVEL, Position
from training.policy.scope import Scope
from training.programs.models import Course, CourseStatus, CourseStatusValue, Cycle
from training.readiness.figures import (
    Figures,
    UnitReadiness,
    decide,
    default_thresholds,
    unmet_labels,
)
from training.readiness.models import ReadinessStatus, ReadinessThresholds
from training.readiness.rollup import compute, current_program
from training.units.models import Unit

ON = date(2026, 11, 29)
NOW = datetime(2026, 11, 1, tzinfo=UTC)
POSITIONS = [p.value for p in Position]
LEVELS = ["polda", "polres", "polsek"]
STATUSES = [s.value for s in CourseStatusValue]
_serial = itertools.count(1)

# --- generated worlds ----------------------------------------------------------------------

#: Polda -> Polres -> number of Polsek: random width at every level, depth stops anywhere.
trees = st.lists(
    st.lists(st.integers(0, 3), max_size=3),
    min_size=1,
    max_size=3,
)
courses = st.lists(
    st.tuples(
        st.sets(st.sampled_from(LEVELS), min_size=1),
        st.sets(st.sampled_from(POSITIONS), min_size=1, max_size=4),
    ),
    min_size=0,
    max_size=3,
)
#: (state, issued offset, valid-until offset, revoked/successor offset) in days from ON.
certificates = st.tuples(
    st.sampled_from(["valid", "valid", "superseded", "revoked"]),
    st.integers(-400, 3),
    st.integers(-5, 90),
    st.integers(-3, 3),
)
standings = st.one_of(
    st.none(),
    st.tuples(
        st.sampled_from(STATUSES),
        st.one_of(st.none(), st.integers(4, 20).map(lambda n: n / 4)),
        st.one_of(st.none(), st.integers(0, 200).map(lambda n: n / 2)),
    ),
)
#: One person: position and, per course index, a standing and up to two certificates.
people = st.lists(
    st.tuples(
        st.sampled_from(POSITIONS),
        st.lists(st.tuples(standings, st.lists(certificates, max_size=2)), min_size=3, max_size=3),
    ),
    max_size=4,
)
accounts = st.lists(st.tuples(st.booleans(), st.sampled_from(["active", "inactive"])), max_size=2)
thresholds = st.fixed_dictionaries(
    {
        "ready_certified_pct": st.sampled_from([0, 30, 50, 80, 100]),
        "ready_accounts_pct": st.sampled_from([0, 50, 100]),
        "ready_min_level": st.sampled_from([1.0, 2.5, 3.0, 4.5]),
        "ready_attendance_pct": st.sampled_from([0, 50, 80]),
        "ready_requires_commander": st.booleans(),
        "partial_certified_pct": st.sampled_from([0, 20, 50]),
        "expiring_days": st.sampled_from([0, 10, 60]),
    }
)


def _build_tree(shape) -> list[Unit]:
    mabes = make_unit()
    units = [mabes]
    for polres_list in shape:
        polda = make_unit(mabes)
        units.append(polda)
        for polsek_count in polres_list:
            polres = make_unit(polda)
            units.append(polres)
            units += [make_unit(polres) for _ in range(polsek_count)]
    return units


def _certificate(person, course, state, issued, until, other, successor=None) -> Certificate:
    n = next(_serial)
    issued_on = ON + timedelta(days=issued)
    cert = Certificate(
        serial=f"UJI/{n:06d}",
        verify_code=f"KODE{n:012d}",
        person_id=person.id,
        course_id=course.id,
        issued_on=issued_on,
        valid_until=max(issued_on, ON + timedelta(days=until)),
        state=state,
        holder_name=person.full_name,
        holder_rank=person.rank,
        holder_nrp=person.nrp,
        holder_unit="-",
        created_at=NOW,
        superseded_by_id=successor.id if successor is not None else None,
        revoked_at=(
            datetime.combine(ON + timedelta(days=other), time(3), UTC)
            if state == "revoked"
            else None
        ),
        revoked_on=ON + timedelta(days=other) if state == "revoked" else None,
    )
    return cert


def _add_person_rows(db, person, course_list, spec) -> None:
    for course, (standing, certs) in zip(course_list, spec, strict=False):
        if standing is not None:
            status, level, attendance = standing
            db.session.add(
                CourseStatus(
                    person_id=person.id,
                    course_id=course.id,
                    status=status,
                    average_level=level,
                    attendance_pct=attendance,
                    updated_at=NOW,
                )
            )
        for state, issued, until, other in certs:
            successor = None
            if state == "superseded":
                successor = _certificate(person, course, "valid", other, 400, 0)
                db.session.add(successor)
                db.session.flush()
            db.session.add(_certificate(person, course, state, issued, until, other, successor))
    db.session.flush()


# --- brute force: plain Python over the raw rows -------------------------------------------


def _in_force(cert: Certificate, certs_by_id: dict[int, Certificate], on: date) -> bool:
    if not (cert.issued_on <= on <= cert.valid_until):
        return False
    if cert.state == "valid":
        return True
    if cert.state == "superseded":
        return certs_by_id[cert.superseded_by_id].issued_on > on
    return cert.revoked_on > on


def _pct(part, whole):
    return round(100.0 * part / whole, 1) if whole else None


def brute_force(db, rules: ReadinessThresholds, on: date) -> dict[int, dict]:
    units = list(db.session.scalars(select(Unit)))
    persons = list(db.session.scalars(select(Person)))
    course_rows = list(db.session.scalars(select(Course)))
    standings = {(s.person_id, s.course_id): s for s in db.session.scalars(select(CourseStatus))}
    certs = list(db.session.scalars(select(Certificate)))
    by_id = {c.id: c for c in certs}
    accounts = list(db.session.scalars(select(SocialAccount)))
    own = {}
    for unit in units:
        f = dict.fromkeys(
            ["targets", "certified", "commanders", "commanders_certified", "accounts",
             "accounts_verified", "level_n", "attendance_n", "expiring", "failed"],
            0,
        )  # fmt: skip
        f["level_sum"] = f["attendance_sum"] = 0.0
        for person in (p for p in persons if p.unit_id == unit.id):
            for course in course_rows:
                if unit.level not in course.target_levels:
                    continue
                if person.position not in course.target_positions:
                    continue
                f["targets"] += 1
                ends = [
                    c.valid_until
                    for c in certs
                    if c.person_id == person.id
                    and c.course_id == course.id
                    and _in_force(c, by_id, on)
                ]
                until = max(ends) if ends else None
                head = COMMANDER_OF_LEVEL.get(unit.level) == person.position
                standing = standings.get((person.id, course.id))
                f["certified"] += until is not None
                f["commanders"] += head
                f["commanders_certified"] += head and until is not None
                if standing is not None and standing.average_level is not None:
                    f["level_sum"] += standing.average_level
                    f["level_n"] += 1
                if standing is not None and standing.attendance_pct is not None:
                    f["attendance_sum"] += standing.attendance_pct
                    f["attendance_n"] += 1
                f["expiring"] += until is not None and until <= on + timedelta(
                    days=rules.expiring_days
                )
                f["failed"] += (
                    until is None and standing is not None and standing.status == "failed"
                )
        for account in (a for a in accounts if a.unit_id == unit.id and a.status == "active"):
            f["accounts"] += 1
            f["accounts_verified"] += account.verified
        f["untrained"] = f["targets"] - f["certified"] - f["failed"]
        own[unit.id] = f
    head_levels = {
        level
        for course in course_rows
        for level in course.target_levels
        if COMMANDER_OF_LEVEL.get(level) in course.target_positions
    }
    expected = {}
    for unit in units:
        subtree = {key: 0 for key in own[unit.id]}
        for other in units:
            if other.path.startswith(unit.path):
                for key, value in own[other.id].items():
                    subtree[key] += value
        commander = (
            (own[unit.id]["commanders_certified"] > 0) if unit.level in head_levels else None
        )
        expected[unit.id] = {
            "own": own[unit.id],
            "subtree": subtree,
            "commander_certified": commander,
            "status": _brute_status(subtree, commander, rules),
        }
    return expected


def _brute_status(f: dict, commander: bool | None, rules) -> str:
    certified = _pct(f["certified"], f["targets"])
    accounts = _pct(f["accounts_verified"], f["accounts"])
    level = round(f["level_sum"] / f["level_n"], 2) if f["level_n"] else None
    attendance = round(f["attendance_sum"] / f["attendance_n"], 1) if f["attendance_n"] else None
    ready = (
        certified is not None
        and certified >= rules.ready_certified_pct
        and (
            rules.ready_accounts_pct == 0
            or (accounts is not None and accounts >= rules.ready_accounts_pct)
        )
        and level is not None
        and level >= rules.ready_min_level
        and attendance is not None
        and attendance >= rules.ready_attendance_pct
        and not (rules.ready_requires_commander and commander is False)
    )
    if ready:
        return "siap"
    if certified is not None and certified >= rules.partial_certified_pct:
        return "sebagian"
    return "belum_siap"


def _figures(f: Figures) -> dict:
    return {
        "targets": f.targets,
        "certified": f.certified,
        "commanders": f.commanders,
        "commanders_certified": f.commanders_certified,
        "accounts": f.accounts,
        "accounts_verified": f.accounts_verified,
        "level_sum": f.level_sum,
        "level_n": f.level_n,
        "attendance_sum": f.attendance_sum,
        "attendance_n": f.attendance_n,
        "expiring": f.expiring,
        "failed": f.failed,
        "untrained": f.untrained,
    }


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    shape=trees,
    course_specs=courses,
    rule_values=thresholds,
    data=st.data(),
)
def test_rolled_up_figures_equal_a_brute_force_recomputation(
    db, shape, course_specs, rule_values, data
):
    try:
        units = _build_tree(shape)
        program = make_program()
        course_list = [
            make_course(program, tier, target_levels=sorted(levels), target_positions=sorted(pos))
            for tier, (levels, pos) in enumerate(course_specs, start=1)
        ]
        for unit in units:
            for position, spec in data.draw(people, label=f"people of {unit.level}"):
                person = make_person(unit, position=position)
                _add_person_rows(db, person, course_list, spec)
            for i, (verified, status) in enumerate(data.draw(accounts, label="accounts")):
                db.session.add(
                    SocialAccount(
                        unit_id=unit.id, platform="instagram", handle=f"{unit.code}-{i}".lower(),
                        verified=verified, status=status, created_at=NOW, updated_at=NOW,
                    )
                )  # fmt: skip
        db.session.flush()
        rules = ReadinessThresholds(program_id=program.id, **rule_values)

        readiness = compute(program, Scope(everything=True), on=ON, rules=rules)
        expected = brute_force(db, rules, ON)

        assert set(readiness.units) == set(expected)
        for unit_id, want in expected.items():
            node = readiness.units[unit_id]
            assert _figures(node.own) == want["own"], node.code
            assert _figures(node.subtree) == want["subtree"], node.code
            assert node.commander_certified == want["commander_certified"], node.code
            assert node.status == want["status"], node.code
        polda = units[1]
        below = compute(program, Scope(everything=True), root=polda, on=ON, rules=rules)
        assert below.root_ids == [polda.id]
        assert _figures(below.units[polda.id].subtree) == expected[polda.id]["subtree"]
    finally:
        db.session.rollback()


# --- the status rule, by example --------------------------------------------------------------


def _unit(commander=None, **counters) -> UnitReadiness:
    unit = UnitReadiness(1, None, "X", "Satuan X", "polres", "/1/")
    unit.subtree = Figures(**counters)
    unit.commander_certified = commander
    return unit


GOOD = dict(
    targets=10, certified=8, accounts=2, accounts_verified=2,
    level_sum=30.0, level_n=10, attendance_sum=800.0, attendance_n=10,
)  # fmt: skip


@pytest.fixture
def rules(app):
    return default_thresholds(1)


def test_every_criterion_met_is_siap(rules):
    assert decide(_unit(commander=True, **GOOD), rules) == (ReadinessStatus.READY, [])


def test_too_few_certified_but_above_the_partial_bar_is_sebagian(rules):
    status, unmet = decide(_unit(commander=True, **{**GOOD, "certified": 6}), rules)

    assert status == ReadinessStatus.PARTIAL
    assert unmet == ["certified"]


def test_below_the_partial_bar_is_belum_siap(rules):
    status, unmet = decide(_unit(commander=True, **{**GOOD, "certified": 4}), rules)

    assert status == ReadinessStatus.NOT_READY
    assert unmet == ["certified"]


def test_an_uncertified_commander_keeps_an_otherwise_ready_unit_at_sebagian(rules):
    status, unmet = decide(_unit(commander=False, **GOOD), rules)

    assert (status, unmet) == (ReadinessStatus.PARTIAL, ["commander"])
    rules.ready_requires_commander = False
    assert decide(_unit(commander=False, **GOOD), rules) == (ReadinessStatus.READY, [])


def test_a_level_without_commander_course_is_not_held_against_the_unit(rules):
    assert decide(_unit(commander=None, **GOOD), rules)[0] == ReadinessStatus.READY


def test_unverified_accounts_and_low_level_and_attendance_are_listed(rules):
    unit = _unit(
        commander=True,
        **{**GOOD, "accounts_verified": 1, "level_sum": 20.0, "attendance_sum": 700.0},
    )

    assert decide(unit, rules) == (ReadinessStatus.PARTIAL, ["accounts", "level", "attendance"])


def test_no_accounts_only_counts_when_accounts_are_required(rules):
    unit = _unit(commander=True, **{**GOOD, "accounts": 0, "accounts_verified": 0})

    assert decide(unit, rules)[1] == ["accounts"]
    rules.ready_accounts_pct = 0
    assert decide(unit, rules) == (ReadinessStatus.READY, [])


def test_a_unit_without_targets_is_belum_siap(rules):
    status, unmet = decide(_unit(commander=None), rules)

    assert status == ReadinessStatus.NOT_READY
    assert unmet == ["certified", "accounts", "level", "attendance"]


def test_unmet_criteria_without_data_say_there_is_no_data_yet(rules):
    unit = _unit(commander=None)
    unit.status, unit.unmet = decide(unit, rules)

    assert unmet_labels(unit, rules) == [
        "Belum ada data: belum ada personel sasaran di satuan ini",
        "Belum ada data: belum ada akun resmi yang terdaftar",
        "Belum ada data: belum ada penilaian kompetensi",
        "Belum ada data: belum ada kehadiran tercatat",
    ]


def test_unmet_criteria_with_data_name_the_threshold(rules):
    unit = _unit(commander=True, **{**GOOD, "certified": 4, "level_sum": 20.0})
    unit.status, unit.unmet = decide(unit, rules)

    labels = unmet_labels(unit, rules)

    assert labels[0].startswith("Personel bersertifikat di bawah ")
    assert labels[1].startswith("Rata-rata kompetensi di bawah ")


def test_the_current_programme_and_every_active_one_s_cycles_are_one_statement(db):
    """The programme running today is found among all active ones without one statement
    per programme for its cycles."""
    old = make_program(title="Lama", starts_on=date(2026, 1, 1), ends_on=date(2026, 6, 30))
    new = make_program(title="Baru", starts_on=date(2026, 7, 1), ends_on=date(2026, 12, 31))
    make_program(title="Nonaktif", starts_on=date(2027, 1, 1), is_active=False)
    for program, months in ((old, (1, 4)), (new, (7, 10))):
        for number, month in enumerate(months, start=1):
            db.session.add(Cycle(program=program, number=number, starts_on=date(2026, month, 1),
                                 ends_on=date(2026, month + 2, 28)))  # fmt: skip
    db.session.commit()
    db.session.expire_all()

    with count_statements() as statements:
        assert current_program(date(2026, 5, 2)).title == "Lama"
    assert len(statements) == 1
    db.session.expire_all()
    assert current_program(date(2026, 12, 20)).title == "Baru"  # in its second cycle
