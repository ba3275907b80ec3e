"""Certificate services: eligibility, serial, verification code, supersede, revoke, audit."""

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from tests.factories import (
    enrol,
    make_course,
    make_course_status,
    make_person,
    make_session,
    make_tree,
    make_user,
    sign_off_roll_call,
)
from training.audit.models import AuditEntry
from training.certificates.codes import mask_nrp, normalize_code
from training.certificates.models import Certificate
from training.certificates.services import (
    eligible_people,
    issue_all,
    issue_certificate,
    revoke,
)
from training.errors import RuleViolation
from training.policy.scope import scope_of


@pytest.fixture
def world(db):
    tree = make_tree()
    course = make_course(validity_months=12)
    course.program.signatory_name = "Budi Hartono"
    course.program.signatory_rank = "Irjen Pol"
    admin = make_user(roles=("admin",))
    person = make_person(tree["polsek_a"], full_name="Siti Rahma", nrp="85010123")
    db.session.flush()
    return tree, course, admin, person


def test_issue_requires_a_completed_course(world):
    tree, course, admin, person = world
    make_course_status(person, course, status="in_progress")
    with pytest.raises(RuleViolation, match="belum menyelesaikan"):
        issue_certificate(person, course, actor=admin, today=date(2026, 11, 25))


def test_issue_sets_serial_dates_holder_and_signatory(world, db):
    tree, course, admin, person = world
    make_course_status(person, course)
    cert = issue_certificate(person, course, actor=admin, today=date(2026, 11, 25))
    assert cert.serial == f"SERT/2026/11/{cert.id:06d}"
    assert cert.issued_on == date(2026, 11, 25)
    assert cert.valid_until == date(2027, 11, 24)
    assert (cert.holder_name, cert.holder_nrp) == ("Siti Rahma", "85010123")
    assert cert.holder_unit == tree["polsek_a"].name
    assert (cert.signatory_name, cert.signatory_rank) == ("Budi Hartono", "Irjen Pol")
    assert cert.status_on(date(2027, 11, 24)) == "valid"
    assert cert.status_on(date(2027, 11, 25)) == "expired"
    audit = db.session.scalars(select(AuditEntry).where(AuditEntry.entity == "certificate")).one()
    assert (audit.action, audit.entity_id, audit.after["serial"]) == ("issue", cert.id, cert.serial)


def test_verify_code_has_80_random_bits_and_is_not_the_serial(world):
    tree, course, admin, person = world
    make_course_status(person, course)
    cert = issue_certificate(person, course, actor=admin, today=date(2026, 11, 25))
    assert re.fullmatch(r"[A-Z2-7]{16}", cert.verify_code)  # 16 x 5 bits = 80 bits
    assert str(cert.id) not in cert.verify_code
    other = make_person(tree["polsek_a"])
    make_course_status(other, course)
    second = issue_certificate(other, course, actor=admin, today=date(2026, 11, 25))
    assert second.verify_code != cert.verify_code


def test_issuing_twice_for_the_same_completion_is_refused(world):
    tree, course, admin, person = world
    make_course_status(person, course)
    issue_certificate(person, course, actor=admin, today=date(2026, 11, 25))
    with pytest.raises(RuleViolation, match="sudah memiliki"):
        issue_certificate(person, course, actor=admin, today=date(2026, 11, 26))


def test_reissue_after_a_refresher_supersedes_the_old_certificate(world, db):
    tree, course, admin, person = world
    standing = make_course_status(person, course, completed_on=date(2025, 10, 1))
    old = issue_certificate(person, course, actor=admin, today=date(2025, 10, 1))
    standing.completed_on = date(2026, 11, 20)
    new = issue_certificate(person, course, actor=admin, today=date(2026, 11, 25))
    assert old.state == "superseded" and old.superseded_by_id == new.id
    assert new.state == "valid"
    assert old.status_on(date(2026, 1, 1)) == "superseded"


def test_issue_all_covers_eligible_people_of_a_session_only_once(world, db):
    tree, course, admin, person = world
    session = make_session(course, tree["polres_a"])
    others = [make_person(tree["polsek_a"]) for _ in range(3)]
    for p in [person, *others]:
        make_course_status(p, course)
    make_course_status(make_person(tree["polsek_a"]), course, status="failed")
    for p in [person, *others[:2]]:
        enrol(session, p)
    sign_off_roll_call(session, admin)
    certs = issue_all(course, actor=admin, session=session, today=date(2026, 11, 25))
    assert sorted(c.person_id for c in certs) == sorted(p.id for p in [person, *others[:2]])
    rest = issue_all(course, actor=admin, today=date(2026, 11, 25))
    assert [c.person_id for c in rest] == [others[2].id]
    assert issue_all(course, actor=admin, today=date(2026, 11, 25)) == []
    assert db.session.scalar(select(Certificate.id).where(Certificate.serial.like("TMP%"))) is None


def test_issue_all_stays_inside_a_regional_trainers_subtree(world):
    tree, course, admin, person = world
    regional = make_user(roles=("trainer",), unit=tree["polda_b"])
    outside = make_person(tree["polres_b"])
    make_course_status(person, course)
    make_course_status(outside, course)
    certs = issue_all(course, actor=regional, today=date(2026, 11, 25))
    assert [c.person_id for c in certs] == [outside.id]


def test_revoke_needs_a_reason_and_is_audited(world, db):
    tree, course, admin, person = world
    make_course_status(person, course)
    cert = issue_certificate(person, course, actor=admin, today=date(2026, 11, 25))
    with pytest.raises(RuleViolation, match="wajib"):
        revoke(cert, actor=admin, reason="  ")
    at = datetime(2026, 11, 28, 3, 0, tzinfo=UTC)
    revoke(cert, actor=admin, reason="Data kehadiran dipalsukan", now=at)
    assert (cert.state, cert.revoke_reason, cert.revoked_at) == (
        "revoked",
        "Data kehadiran dipalsukan",
        at,
    )
    with pytest.raises(RuleViolation, match="sudah dicabut"):
        revoke(cert, actor=admin, reason="lagi")
    row = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "revoke")).one()
    assert (row.reason, row.after) == (
        "Data kehadiran dipalsukan",
        {"state": "revoked", "public_note": ""},
    )


def test_typed_codes_ignore_case_spaces_and_dashes():
    assert normalize_code(" abcd-efgh ijkl-mn2p ") == "ABCDEFGHIJKLMN2P"


def test_nrp_is_masked_except_the_last_three_digits():
    assert mask_nrp("85010123") == "•••••123"


def test_demo_certificates_include_expired_superseded_and_revoked_once(world, db):
    from collections import Counter

    from training.demo.certificates import seed_certificates

    tree, course, admin, person = world
    admin.username = "admin"
    people = [make_person(tree["polsek_a"]) for _ in range(6)]
    for p in people:
        make_course_status(p, course, completed_on=date(2026, 11, 20))
    today = date(2026, 11, 29)
    assert seed_certificates(course.program, today) == 7
    certs = db.session.scalars(select(Certificate)).all()
    states = Counter(c.status_on(today) for c in certs)
    assert states == {"expired": 3, "superseded": 1, "revoked": 1, "valid": 2}
    assert {c.issued_on for c in certs} == {date(2025, 9, 29), date(2026, 11, 20)}
    assert seed_certificates(course.program, today) == 0


# --- eligibility waits for the training (issue 11, point 6) --------------------------------

#: A session 03:05-05:05 WIB on 3 December 2026.
STARTS = datetime(2026, 12, 2, 20, 5, tzinfo=UTC)


def _premarked(world):
    """Two people completed (marks and a passing attempt taken early) for a session to come."""
    tree, course, admin, person = world
    session = make_session(course, tree["polres_a"], starts_at=STARTS)
    other = make_person(tree["polsek_a"])
    for p in (person, other):
        make_course_status(p, course, completed_on=date(2026, 12, 3))
        enrol(session, p)
    return session, [person, other]


def test_nobody_is_eligible_before_the_session_ended_and_was_signed_off(world):
    tree, course, admin, person = world
    session, people = _premarked(world)
    before = datetime(2026, 12, 2, 19, 59, tzinfo=UTC)  # 02:59 WIB
    assert eligible_people(course, scope=scope_of(admin), now=before) == []
    with pytest.raises(RuleViolation, match="belum dapat menerima sertifikat"):
        issue_certificate(person, course, actor=admin, now=before)
    assert issue_all(course, actor=admin, now=before) == []
    ended = STARTS + timedelta(hours=2, minutes=1)
    assert eligible_people(course, scope=scope_of(admin), now=ended) == []  # not signed off
    sign_off_roll_call(session, admin)
    assert eligible_people(course, scope=scope_of(admin), now=ended) == people
    assert len(issue_all(course, actor=admin, now=ended)) == 2


def test_a_name_no_certificate_font_can_print_is_refused_at_issue(world):
    tree, course, admin, person = world
    person.full_name = "Budi 𓀀"
    make_course_status(person, course)
    with pytest.raises(RuleViolation, match="tidak tersedia pada fon sertifikat"):
        issue_certificate(person, course, actor=admin, today=date(2026, 11, 25))
    chinese = make_person(tree["polsek_a"], full_name="王小明")
    make_course_status(chinese, course)
    assert issue_certificate(chinese, course, actor=admin).holder_name == "王小明"
