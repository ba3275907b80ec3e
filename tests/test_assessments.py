"""save_grid: attempts with real values, unchanged rows skipped, reassessment history,
validation before any write, audit, course standing, bounded statements."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from tests.factories import (
    enrol,
    make_course,
    make_people_across_units,
    make_person,
    make_session,
    make_tree,
    make_user,
)
from tests.statements import count_statements
from training.assessments import queries
from training.assessments.framework import assign_default_competencies
from training.assessments.models import AssessmentAttempt, AssessmentScore
from training.assessments.services import GridInvalid, GridRow, save_grid
from training.audit.models import AuditEntry
from training.programs.models import CourseStatus

T1 = datetime(2026, 11, 20, 3, 0, tzinfo=UTC)
T2 = datetime(2026, 11, 27, 3, 0, tzinfo=UTC)


def make_grid_world(n_people=3, *, regional_unit=None, n_units=1):
    """A course with the default six competencies, one held session, ``n_people`` enrolled
    (of one Polsek, or of ``n_units`` Polres with varied ranks and positions)."""
    tree = make_tree()
    course = make_course()
    comps = [cc.competency_id for cc in assign_default_competencies(course)]
    session = make_session(course, tree["polres_a"])
    if n_units == 1:
        people = [
            make_person(tree["polsek_a"], full_name=f"Peserta {i:02d}") for i in range(n_people)
        ]
    else:
        people = make_people_across_units(n_units, n_people // n_units, parent=tree["polda_a"])
    for person in people:
        enrol(session, person)
    trainer = make_user(roles=("trainer",), unit=regional_unit)
    return {
        "tree": tree,
        "course": course,
        "comps": comps,
        "session": session,
        "people": people,
        "trainer": trainer,
    }


def row(person, comps, levels, **kw):
    return GridRow(person.id, dict(zip(comps, levels, strict=False)), **kw)


def attempts_of(db, person, course):
    return db.session.scalars(
        select(AssessmentAttempt)
        .where(AssessmentAttempt.person_id == person.id, AssessmentAttempt.course_id == course.id)
        .order_by(AssessmentAttempt.attempt_no)
    ).all()


def test_save_grid_creates_one_attempt_per_person_with_the_typed_levels(db):
    w = make_grid_world(2)
    a, b = w["people"]
    rows = [
        row(
            a,
            w["comps"],
            ["3", "4", "3", "5", "3", "4"],
            note="Aktif di kelas",
            evidence={w["comps"][1]: "Balas 12 aduan < 1 jam"},
        ),
        row(b, w["comps"], ["1", "2", "", "", "", ""]),
    ]

    result = save_grid(w["course"], rows, actor=w["trainer"], session=w["session"], now=T1)

    assert sorted(result.created) == sorted([a.id, b.id])
    [attempt] = attempts_of(db, a, w["course"])
    assert (attempt.attempt_no, attempt.note, attempt.session_id, attempt.assessed_by_id) == (
        1,
        "Aktif di kelas",
        w["session"].id,
        w["trainer"].id,
    )
    assert attempt.assessed_at == T1
    levels = {s.competency_id: s.level for s in attempt.scores}
    assert levels == dict(zip(w["comps"], [3, 4, 3, 5, 3, 4], strict=True))
    evidence = {s.competency_id: s.evidence for s in attempt.scores if s.evidence}
    assert evidence == {w["comps"][1]: "Balas 12 aduan < 1 jam"}
    [partial] = attempts_of(db, b, w["course"])
    assert sorted(s.level for s in partial.scores) == [1, 2]


def test_save_grid_skips_rows_without_any_score(db):
    w = make_grid_world(2)
    a, b = w["people"]

    result = save_grid(
        w["course"],
        [row(a, w["comps"], ["3"]), row(b, w["comps"], ["", ""])],
        actor=w["trainer"],
        now=T1,
    )

    assert result.created == [a.id]
    assert attempts_of(db, b, w["course"]) == []


def test_unchanged_rows_get_no_new_attempt(db):
    w = make_grid_world(2)
    a, b = w["people"]
    levels = ["3", "3", "3", "3", "3", "3"]
    save_grid(
        w["course"],
        [row(a, w["comps"], levels), row(b, w["comps"], levels)],
        actor=w["trainer"],
        now=T1,
    )

    result = save_grid(
        w["course"],
        [row(a, w["comps"], levels), row(b, w["comps"], ["3", "3", "3", "3", "3", "4"])],
        actor=w["trainer"],
        now=T2,
    )

    assert (result.created, result.unchanged) == ([b.id], [a.id])
    assert [x.attempt_no for x in attempts_of(db, a, w["course"])] == [1]
    assert [x.attempt_no for x in attempts_of(db, b, w["course"])] == [1, 2]


def test_reassessment_keeps_every_attempt_and_the_latest_counts(db):
    w = make_grid_world(1)
    [a] = w["people"]
    course = w["course"]
    save_grid(
        course, [row(a, w["comps"], ["1", "3", "3", "3", "3", "3"])], actor=w["trainer"], now=T1
    )
    first_status = db.session.scalar(select(CourseStatus).where(CourseStatus.person_id == a.id))
    assert first_status.passed is False

    save_grid(
        course,
        [row(a, w["comps"], ["3", "4", "3", "3", "4", "3"], note="Ulang")],
        actor=w["trainer"],
        now=T2,
    )

    attempts, _users, _sessions = queries.history(course, a.id)
    assert [(x.attempt_no, x.assessed_at) for x in attempts] == [(2, T2), (1, T1)]
    latest = queries.latest_attempts(course.id, [a.id])[a.id]
    assert (latest.attempt_no, latest.note) == (2, "Ulang")
    status = db.session.scalar(select(CourseStatus).where(CourseStatus.person_id == a.id))
    # weights 2,2,1,2,2,1: (6+8+3+6+8+3)/10
    assert (status.passed, status.average_level) == (True, 3.4)


def test_each_attempt_is_audited_with_levels_before_and_after(db):
    w = make_grid_world(1)
    [a] = w["people"]
    save_grid(w["course"], [row(a, w["comps"], ["2", "2"])], actor=w["trainer"], now=T1)

    save_grid(w["course"], [row(a, w["comps"], ["3", "2"])], actor=w["trainer"], now=T2)

    entries = db.session.scalars(
        select(AuditEntry).where(AuditEntry.entity == "assessment").order_by(AuditEntry.id)
    ).all()
    assert [(e.action, e.person_id, e.course_id, e.user_id) for e in entries] == [
        ("create", a.id, w["course"].id, w["trainer"].id)
    ] * 2
    assert entries[1].before == {"attempt_no": 1, "levels": {"AKUN": 2, "ADUAN": 2}}
    assert entries[1].after == {"attempt_no": 2, "levels": {"AKUN": 3, "ADUAN": 2}}
    assert entries[1].at == T2


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("6", "Nilai harus 1"),
        ("0", "Nilai harus 1"),
        ("baik", "Nilai harus 1"),
        ("3.5", "Nilai harus 1"),
    ],
)
def test_levels_outside_the_scale_save_nothing(db, value, message):
    w = make_grid_world(2)
    a, b = w["people"]

    with pytest.raises(GridInvalid) as caught:
        save_grid(
            w["course"],
            [row(a, w["comps"], ["3", "3"]), row(b, w["comps"], ["3", value])],
            actor=w["trainer"],
            now=T1,
        )

    assert list(caught.value.errors) == [(b.id, w["comps"][1])]
    assert message in caught.value.errors[(b.id, w["comps"][1])]
    assert db.session.scalar(select(func.count()).select_from(AssessmentAttempt)) == 0


def test_competency_outside_the_course_is_refused(db):
    w = make_grid_world(1)
    [a] = w["people"]
    other = make_course(tier=2)
    from training.assessments.services import create_competency

    stray = create_competency("LAIN", "Di luar kursus")
    assert other is not None

    with pytest.raises(GridInvalid) as caught:
        save_grid(
            w["course"],
            [GridRow(a.id, {w["comps"][0]: "3", stray.id: "4"})],
            actor=w["trainer"],
            now=T1,
        )

    assert caught.value.errors == {(a.id, stray.id): "Kompetensi ini bukan bagian dari kursus."}


def test_person_not_enrolled_is_refused_and_nothing_is_saved(db):
    w = make_grid_world(1)
    [a] = w["people"]
    outsider = make_person(w["tree"]["polsek_a"])
    waiting = make_person(w["tree"]["polsek_a"])
    enrol(w["session"], waiting, "waitlisted")

    with pytest.raises(GridInvalid) as caught:
        save_grid(
            w["course"],
            [
                row(a, w["comps"], ["3"]),
                row(outsider, w["comps"], ["3"]),
                row(waiting, w["comps"], ["3"]),
            ],
            actor=w["trainer"],
            now=T1,
        )

    assert set(caught.value.errors) == {(outsider.id, None), (waiting.id, None)}
    assert db.session.scalar(select(func.count()).select_from(AssessmentAttempt)) == 0


def test_session_grid_accepts_only_people_of_that_session(db):
    w = make_grid_world(1)
    other_session = make_session(
        w["course"], w["tree"]["polres_a"], starts_at=datetime(2026, 11, 10, 2, 0, tzinfo=UTC)
    )
    elsewhere = make_person(w["tree"]["polsek_a"])
    enrol(other_session, elsewhere)

    with pytest.raises(GridInvalid):
        save_grid(
            w["course"],
            [row(elsewhere, w["comps"], ["3"])],
            actor=w["trainer"],
            session=w["session"],
            now=T1,
        )
    result = save_grid(w["course"], [row(elsewhere, w["comps"], ["3"])], actor=w["trainer"], now=T1)

    assert result.created == [elsewhere.id]


def test_regional_trainer_records_only_inside_their_region(db):
    tree_probe = make_grid_world(1)
    [inside] = tree_probe["people"]
    far = make_person(tree_probe["tree"]["polsek_b"])
    enrol(tree_probe["session"], far)
    regional = make_user(roles=("trainer",), unit=tree_probe["tree"]["polda_a"])

    with pytest.raises(GridInvalid) as caught:
        save_grid(
            tree_probe["course"],
            [row(inside, tree_probe["comps"], ["3"]), row(far, tree_probe["comps"], ["3"])],
            actor=regional,
            now=T1,
        )

    assert set(caught.value.errors) == {(far.id, None)}


def test_evidence_without_a_level_and_overlong_notes_are_refused(db):
    w = make_grid_world(1)
    [a] = w["people"]
    c0, c1 = w["comps"][:2]

    with pytest.raises(GridInvalid) as caught:
        save_grid(
            w["course"],
            [GridRow(a.id, {c0: "3"}, {c1: "bukti"}, "x" * 2001)],
            actor=w["trainer"],
            now=T1,
        )

    assert caught.value.errors == {
        (a.id, c1): "Isi nilai untuk bukti ini.",
        (a.id, "note"): "Catatan paling banyak 2000 karakter.",
    }


def _save_full_grid(w, level):
    rows = [row(p, w["comps"], [level] * 6, note="catatan") for p in w["people"]]
    with count_statements() as statements:
        save_grid(w["course"], rows, actor=w["trainer"], session=w["session"], now=T1)
    return len(statements)


def test_grid_statements_do_not_grow_with_the_number_of_people(db):
    small = _save_full_grid(make_grid_world(4), "3")
    large_world = make_grid_world(40, n_units=20)
    large = _save_full_grid(large_world, "4")

    assert large == small
    assert (
        db.session.scalar(
            select(func.count())
            .select_from(AssessmentScore)
            .join(AssessmentAttempt)
            .where(AssessmentAttempt.course_id == large_world["course"].id)
        )
        == 240
    )


def test_grid_page_statements_are_the_same_for_one_unit_or_twenty(db, client, login):
    """The grid page shows each row's unit: 4 people of one Polsek and 40 people of 20
    Polres (9 ranks, 5 positions), each with a saved attempt, cost the same statements."""
    worlds = [make_grid_world(4), make_grid_world(40, n_units=20)]
    for w in worlds:
        _save_full_grid(w, "3")
    db.session.commit()
    login("admin")

    def count(w):
        db.session.expire_all()
        with count_statements() as statements:
            html = client.get(f"/assessments/sessions/{w['session'].id}").text
        return len(statements), sum(p.unit.name in html for p in w["people"])

    few, many = count(worlds[0]), count(worlds[1])

    assert (few[1], many[1]) == (4, 40)
    assert many[0] == few[0]
