"""Builders of the response drill tests: a running session of a course with the default
framework, people of several units enrolled, some marked present, the default bank."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.factories import enrol, make_course, make_person, make_session, make_tree, make_user
from training.assessments.drill_scenarios import ensure_default_scenarios, scenarios
from training.assessments.framework import assign_default_competencies
from training.attendance.models import Attendance
from training.extensions import db

#: The session runs 09.00-11.00 WIB on 3 November 2026; the drill happens at 09.30 WIB.
STARTS = datetime(2026, 11, 3, 2, 0, tzinfo=UTC)
NOW = STARTS + timedelta(minutes=30)


def mark_present(session, person, status="hadir") -> None:
    db.session.add(
        Attendance(
            session_id=session.id,
            person_id=person.id,
            status=status,
            method="qr",
            checked_in_at=STARTS + timedelta(minutes=2),
            updated_at=STARTS + timedelta(minutes=2),
        )
    )
    db.session.flush()


def make_drill_world():
    """Three enrolled people in a Polsek and a sibling Polres (two present, one Hadir and
    one Terlambat; one absent), a trainer named on the session, the default bank."""
    tree = make_tree()
    course = make_course(tier=3)
    comps = {cc.competency.code: cc.competency_id for cc in assign_default_competencies(course)}
    session = make_session(
        course, tree["polres_a"], starts_at=STARTS, audience_unit=tree["polda_a"]
    )
    people = [
        make_person(tree["polsek_a"], full_name="Sari Wulandari", rank="Bripka", nrp="82000001"),
        make_person(tree["polres_a"], full_name="Agus Prasetyo", rank="AKP", nrp="82000002"),
        make_person(tree["polsek_b"], full_name="Yohana Rumbiak", rank="Ipda", nrp="82000003"),
    ]
    for person in people:
        enrol(session, person)
    mark_present(session, people[0])
    mark_present(session, people[1], "terlambat")
    trainer = make_user(roles=("trainer",))
    ensure_default_scenarios(NOW)
    return {
        "tree": tree,
        "course": course,
        "comps": comps,
        "session": session,
        "people": people,
        "trainer": trainer,
        "scenarios": scenarios(active_only=True),
    }
