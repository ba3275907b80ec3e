"""The competency framework: the default six, admin CRUD rules, course weights."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from tests.factories import make_course, make_person, make_user
from training.assessments import services
from training.assessments.framework import (
    DEFAULT_CODES,
    assign_default_competencies,
    ensure_default_framework,
)
from training.assessments.models import AssessmentAttempt, AssessmentScore, Competency
from training.assessments.queries import course_weights
from training.audit.models import AuditEntry
from training.errors import RuleViolation


def _count(db, model):
    return db.session.scalar(select(func.count()).select_from(model))


def test_default_framework_creates_six_competencies_once(db):
    first = ensure_default_framework()
    second = ensure_default_framework()

    assert [c.code for c in first] == list(DEFAULT_CODES)
    assert [c.id for c in second] == [c.id for c in first]
    assert _count(db, Competency) == 6
    assert first[4].name == "Hukum & etika (UU ITE)"
    assert "target waktu respons" in first[1].description


def test_default_framework_keeps_an_admins_edits(db):
    ensure_default_framework()[0].name = "Keamanan akun resmi"
    db.session.flush()

    assert ensure_default_framework()[0].name == "Keamanan akun resmi"


def test_assign_default_competencies_gives_weights_once(db):
    course = make_course()

    assign_default_competencies(course)
    assign_default_competencies(course)

    weights = course_weights(course.id)
    by_code = {c.id: c.code for c in ensure_default_framework()}
    assert {by_code[cid]: w for cid, w in weights.items()} == {
        "AKUN": 2,
        "ADUAN": 2,
        "KONTEN": 1,
        "KRISIS": 2,
        "HUKUM": 2,
        "ANALITIK": 1,
    }


def test_create_competency_normalises_the_code(db):
    item = services.create_competency(" etika-2 ", "Etika lanjutan", "Uraian", 7)

    assert (item.code, item.name, item.position, item.is_active) == (
        "ETIKA-2",
        "Etika lanjutan",
        7,
        True,
    )


@pytest.mark.parametrize("code", ["", "A", "AB CD", "kode/miring", "X" * 33])
def test_create_competency_refuses_bad_codes(db, code):
    with pytest.raises(RuleViolation, match="Kode 2–32 karakter"):
        services.create_competency(code, "Nama")


def test_create_competency_refuses_a_taken_code(db):
    ensure_default_framework()

    with pytest.raises(RuleViolation, match="AKUN sudah dipakai"):
        services.create_competency("akun", "Lagi")


def test_update_competency_may_keep_its_own_code(db):
    item = ensure_default_framework()[0]

    services.update_competency(item, code="AKUN", name="Akun aman", description="", position=1)

    assert (item.code, item.name) == ("AKUN", "Akun aman")


def test_update_competency_refuses_another_ones_code(db):
    items = ensure_default_framework()

    with pytest.raises(RuleViolation, match="ADUAN sudah dipakai"):
        services.update_competency(items[0], code="ADUAN", name="x", description="", position=1)


def test_competency_with_scores_cannot_be_deleted_but_can_be_deactivated(db):
    course = make_course()
    item = ensure_default_framework()[0]
    attempt = AssessmentAttempt(
        person_id=make_person().id,
        course_id=course.id,
        attempt_no=1,
        assessed_at=datetime(2026, 11, 20, 3, 0, tzinfo=UTC),
    )
    attempt.scores.append(AssessmentScore(competency_id=item.id, level=3))
    db.session.add(attempt)
    db.session.flush()

    with pytest.raises(RuleViolation, match="sudah punya nilai"):
        services.delete_competency(item)
    services.set_active(item, False)

    assert db.session.get(Competency, item.id).is_active is False


def test_competency_used_by_a_course_cannot_be_deleted(db):
    assign_default_competencies(make_course())

    with pytest.raises(RuleViolation, match="masih dipakai kursus"):
        services.delete_competency(ensure_default_framework()[2])


def test_unused_competency_is_deleted(db):
    item = services.create_competency("SEMENTARA", "Sementara")

    services.delete_competency(item)

    assert db.session.scalar(select(Competency).where(Competency.code == "SEMENTARA")) is None


def test_course_weights_replace_the_previous_choice_and_are_audited(db):
    course = make_course()
    admin = make_user(roles=("admin",))
    a, b, c, *_ = ensure_default_framework()
    services.set_course_competencies(course, {a.id: "2", b.id: "3"}, actor=admin)

    changed = services.set_course_competencies(course, {b.id: "5", c.id: "1"}, actor=admin)

    assert changed is True
    assert course_weights(course.id) == {b.id: 5, c.id: 1}
    audit = db.session.scalars(
        select(AuditEntry).where(AuditEntry.entity == "course_competencies").order_by(AuditEntry.id)
    ).all()
    assert (audit[-1].before, audit[-1].after) == (
        {"AKUN": 2, "ADUAN": 3},
        {"ADUAN": 5, "KONTEN": 1},
    )


def test_course_weights_unchanged_write_nothing(db):
    course = make_course()
    a = ensure_default_framework()[0]
    services.set_course_competencies(course, {a.id: 2})

    assert services.set_course_competencies(course, {a.id: "2"}) is False


@pytest.mark.parametrize("weight", ["0", "11", "", "dua", "2.5", "-1"])
def test_course_weights_outside_one_to_ten_are_refused(db, weight):
    course = make_course()
    a, b, *_ = ensure_default_framework()

    with pytest.raises(services.GridInvalid) as caught:
        services.set_course_competencies(course, {a.id: "3", b.id: weight})

    assert caught.value.errors == {b.id: "Bobot harus bilangan bulat 1 sampai 10."}
    assert course_weights(course.id) == {}


def test_course_needs_at_least_one_competency(db):
    with pytest.raises(RuleViolation, match="minimal satu kompetensi"):
        services.set_course_competencies(make_course(), {})


def test_course_cannot_pick_an_inactive_competency(db):
    course = make_course()
    item = ensure_default_framework()[0]
    services.set_active(item, False)

    with pytest.raises(services.GridInvalid) as caught:
        services.set_course_competencies(course, {item.id: "2", 99999: "1"})

    assert set(caught.value.errors) == {item.id, 99999}
