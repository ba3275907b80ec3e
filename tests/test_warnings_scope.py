"""Absence warnings stay inside the viewer's command: a commander sees only their subtree's
people (never those enrolled in a session aimed at a unit above them), a trainer also sees
the people of the sessions they manage or train."""

from datetime import UTC, datetime

import pytest

from tests.factories import (
    enrol,
    make_command_tree,
    make_course,
    make_people_across_units,
    make_person,
    make_session,
    make_tree,
    make_user,
)
from tests.statements import count_statements
from training.attendance.models import AbsenceWarning
from training.attendance.reports import warnings_for
from training.extensions import db as _db
from training.sessions.models import SessionTrainer

RAISED = datetime(2026, 11, 20, tzinfo=UTC)


@pytest.fixture
def world(db):
    """Tier 3 of Polda Metro: a session at Polres Dua for the whole Polda, a national one in
    Papua; absent kapolsek of both Polres, the Polres Satu kapolres and a Papua officer."""
    tree = make_command_tree()
    course = make_course(tier=3, title="Kapolsek Bercentang Biru")
    polda_wide = make_session(course, tree["polres_2"], audience_unit=tree["polda"])
    national = make_session(course, tree["polres_x"], audience_unit=tree["mabes"])
    people = {
        "kapolsek_1": make_person(tree["polsek_1"], full_name="Ani Satu", position="kapolsek"),
        "kapolres_1": make_person(tree["polres_1"], full_name="Bima Satu", position="kapolres"),
        "kapolsek_2": make_person(tree["polsek_2"], full_name="Cici Dua", position="kapolsek"),
        "papua": make_person(tree["polsek_x"], full_name="Dedi Papua", position="kapolsek"),
    }
    for key in ("kapolsek_1", "kapolres_1", "kapolsek_2"):
        enrol(polda_wide, people[key])
    enrol(national, people["papua"])
    enrol(national, people["kapolsek_1"])
    for person in people.values():
        db.session.add(
            AbsenceWarning(
                person_id=person.id, course_id=course.id, attendance_pct=40.0, created_at=RAISED
            )
        )
    db.session.commit()
    return {"tree": tree, "people": people, "polda_wide": polda_wide, "national": national}


def _names(user) -> list[str]:
    return sorted(w.person.full_name for w in _db.session.scalars(warnings_for(user)))


@pytest.mark.parametrize(
    ("unit", "expected"),
    [
        ("polsek_1", ["Ani Satu"]),
        ("polres_1", ["Ani Satu", "Bima Satu"]),
        ("polres_2", ["Cici Dua"]),
        ("polda", ["Ani Satu", "Bima Satu", "Cici Dua"]),
        ("polda_x", ["Dedi Papua"]),
    ],
)
def test_commanders_see_only_their_subtrees_warnings_on_the_page(
    client, login, world, unit, expected
):
    login("commander", unit=world["tree"][unit])

    pages = [client.get("/reports/warnings").text, client.get("/reports/warnings?all=1").text]

    everybody = [p.full_name for p in world["people"].values()]
    for page in pages:
        assert [n for n in everybody if n in page] == [n for n in everybody if n in expected]


def test_a_regional_trainer_sees_no_one_of_a_session_aimed_above_them(db, world):
    satu = make_user(roles=("trainer",), unit=world["tree"]["polres_1"])
    polda = make_user(roles=("trainer",), unit=world["tree"]["polda"])

    assert _names(satu) == ["Ani Satu", "Bima Satu"]  # own subtree only
    assert _names(polda) == ["Ani Satu", "Bima Satu", "Cici Dua"]


def test_a_named_trainer_sees_the_people_of_the_session_they_train(db, world):
    trainer_person = make_person(world["tree"]["polres_x"], full_name="Eko Pelatih")
    named = make_user(roles=("trainer",), unit=world["tree"]["polres_x"], person=trainer_person)
    world["polda_wide"].trainers.append(SessionTrainer(person_id=trainer_person.id))
    db.session.commit()

    assert _names(named) == ["Ani Satu", "Bima Satu", "Cici Dua", "Dedi Papua"]


def test_warnings_page_statements_are_the_same_for_one_unit_or_many(client, login, db):
    """2 warnings of one unit and course, then 30 more of 10 Polres, 9 ranks and 3 courses:
    the page loads each row's person, unit and course with the rows."""
    tree = make_tree()
    login("admin")

    def warn(people, courses):
        for n, person in enumerate(people):
            course = courses[n % len(courses)]
            db.session.add(
                AbsenceWarning(
                    person_id=person.id,
                    course_id=course.id,
                    attendance_pct=40.0,
                    created_at=datetime(2026, 11, 20, tzinfo=UTC),
                )
            )
        db.session.commit()
        db.session.expire_all()
        with count_statements() as statements:
            html = client.get("/reports/warnings").text
        return len(statements), sum(p.full_name in html for p in people)

    few = warn([make_person(tree["polsek_a"]) for _ in range(2)], [make_course(tier=3)])
    many = warn(
        make_people_across_units(10, 3, parent=tree["polda_a"]),
        [make_course(tier=t) for t in (1, 2, 3)],
    )

    assert (few[1], many[1]) == (2, 30)
    assert many[0] == few[0]
