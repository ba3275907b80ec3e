"""A quiz of one cycle (a refresher's) is open only to the people of a session or an online
refresher of its course in that cycle: the others of the course do not see it listed, and
opening or starting it is refused with the reason in Indonesian."""

from datetime import date

import pytest

from tests.factories import PASSWORD, enrol, make_person, make_session
from tests.quiz_factories import later, make_quiz, make_quiz_world
from training.errors import RuleViolation
from training.learning import online, quiz_taking
from training.learning.quiz_pages import quiz_states
from training.programs.models import Cycle

REFUSAL = "Kuis ini khusus peserta siklus 2 kursus ini"


@pytest.fixture
def world(db):
    """The quiz world: its session (rina, agus) belongs to cycle 1; a post-test of cycle 2."""
    world = make_quiz_world()
    course = world["course"]
    first, second = (
        Cycle(
            program_id=course.program_id,
            number=n,
            starts_on=date(2026, 11, 1),
            ends_on=date(2026, 12, 31),
        )
        for n in (1, 2)
    )
    db.session.add_all([first, second])
    db.session.flush()
    world["session"].cycle_id = first.id
    world["cycle2"] = second
    world["refresher"] = make_quiz(course, "post", title="Post-test siklus 2", cycle_id=second.id)
    db.session.commit()
    return world


def _titles(person) -> list[str]:
    return [s.quiz.title for s in quiz_states(person.id)]


def test_people_of_another_cycle_do_not_see_it_and_may_not_start_it(world):
    rina = world["people"]["rina"]

    assert "Post-test siklus 2" not in _titles(rina)
    assert "Post-test Tingkat 3 Polsek" in _titles(rina)  # the course's own quizzes stay
    with pytest.raises(RuleViolation, match=REFUSAL):
        quiz_taking.begin(world["refresher"], rina, world["users"]["rina"], now=later(0))


def test_a_session_of_that_cycle_opens_it(world, db):
    agus = world["people"]["agus"]
    session = make_session(world["course"], world["tree"]["polres_a"], cycle_id=world["cycle2"].id)
    enrol(session, agus)
    db.session.commit()

    assert "Post-test siklus 2" in _titles(agus)
    assert quiz_taking.begin(world["refresher"], agus, world["users"]["agus"], now=later(0))


def test_an_online_refresher_of_that_cycle_opens_it_to_its_people_only(world, db):
    kapolsek = make_person(world["tree"]["polsek_a"], position="kapolsek")
    offering = online.create_offering(
        world["course"],
        world["tree"]["polres_a"],
        "",
        date(2026, 11, 20),
        date(2026, 11, 30),
        actor=None,
    )
    offering.cycle_id = world["cycle2"].id
    online.enrol_targets(offering, actor=None, only=[kapolsek.id])
    db.session.commit()

    assert "Post-test siklus 2" in _titles(kapolsek)
    assert quiz_taking.begin(world["refresher"], kapolsek, None, now=later(0))
    assert "Post-test siklus 2" not in _titles(world["people"]["rina"])


def test_the_quiz_page_refuses_with_the_reason(world, client):
    client.post("/login", data={"username": "rina_kuis", "password": PASSWORD})

    page = client.get(f"/quiz/{world['refresher'].id}")
    started = client.post(f"/quiz/{world['refresher'].id}/start", follow_redirects=True)
    listed = client.get(f"/materials/courses/{world['course'].id}").text

    assert page.status_code == 403 and REFUSAL in page.text
    assert started.status_code == 403 and REFUSAL in started.text
    assert "Post-test siklus 2" not in listed
