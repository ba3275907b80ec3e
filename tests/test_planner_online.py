"""The planner's online refresher proposals: people whose certificate runs out within the
cycle, per course and Polda, within the viewer's scope; accepting one opens the offering for
the rest of the cycle and enrols those people only."""

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from tests.factories import make_course, make_person, make_program, make_tree, make_user
from tests.test_reminders import make_certificate
from training.learning.online_models import OnlineEnrolment, OnlineOffering
from training.planner.online_refreshers import accept, proposals
from training.policy.scope import Scope, scope_of
from training.programs.models import Cycle

TODAY = datetime.now(UTC).date()  # the pages read the real clock


def _world(db):
    tree = make_tree()
    program = make_program(starts_on=TODAY - timedelta(days=10))
    cycle = Cycle(
        program=program,
        number=1,
        starts_on=TODAY - timedelta(days=10),
        ends_on=TODAY + timedelta(days=60),
    )
    db.session.add(cycle)
    course = make_course(program, tier=3, title="Tingkat 3")
    soon = [
        make_person(tree["polsek_a"], full_name=f"Kapolsek A{n}", position="kapolsek")
        for n in range(3)
    ]
    later = make_person(tree["polsek_a"], full_name="Kapolsek Nanti", position="kapolsek")
    far = make_person(tree["polsek_b"], full_name="Kapolsek B", position="kapolsek")
    for person in soon + [far]:
        make_certificate(person, course, TODAY + timedelta(days=30))
    make_certificate(later, course, TODAY + timedelta(days=200))
    db.session.commit()
    return tree, program, cycle, course, soon


def test_proposals_count_the_certificates_ending_within_the_cycle_per_polda(db):
    tree, program, cycle, course, _soon = _world(db)
    kapolda_a = make_user(("commander",), unit=tree["polda_a"])

    everyone = proposals(program, cycle, Scope(everything=True), TODAY)
    scoped = proposals(program, cycle, scope_of(kapolda_a), TODAY)

    assert [(p.polda.id, p.people) for p in everyone] == sorted(
        [(tree["polda_a"].id, 3), (tree["polda_b"].id, 1)],
        key=lambda x: db.session.get(type(tree["polda_a"]), x[0]).code,
    )
    assert [(p.polda.id, p.people) for p in scoped] == [(tree["polda_a"].id, 3)]


def test_accepting_opens_the_offering_and_enrols_the_expiring_people_only(db):
    tree, program, cycle, course, soon = _world(db)
    trainer = make_user(("trainer",))

    offering, n = accept(
        course, tree["polda_a"], cycle, Scope(everything=True), actor=trainer, today=TODAY
    )

    enrolled = db.session.scalars(select(OnlineEnrolment.person_id)).all()
    assert n == 3 and sorted(enrolled) == sorted(p.id for p in soon)
    assert (offering.opens_on, offering.closes_on, offering.cycle_id) == (
        TODAY,
        cycle.ends_on,
        cycle.id,
    )


def test_a_trainer_accepts_a_proposal_from_the_page(db, client, login):
    tree, program, cycle, course, _soon = _world(db)
    login("trainer")
    url = f"/planner/{program.id}/{cycle.id}/online"

    page = client.get(url).text
    response = client.post(url, data={"course": course.id, "unit": tree["polda_a"].code})

    assert 'id="online-proposals"' in page
    offering = db.session.scalar(select(OnlineOffering))
    assert response.headers["Location"].endswith(f"/online/{offering.id}")
    assert offering.unit_id == tree["polda_a"].id
    assert isinstance(offering.opens_on, date)
