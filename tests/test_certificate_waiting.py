"""The issue page of a session names who passed but waits for another session of the course
(a certificate needs every booked session of the course ended and signed off), with those
sessions, instead of an unexplained "0 eligible"; removing the booking makes them eligible."""

from datetime import UTC, datetime, timedelta

import pytest

from tests.factories import (
    enrol,
    make_course,
    make_course_status,
    make_person,
    make_session,
    make_tree,
    sign_off_roll_call,
)
from training.certificates.services import issue_certificate
from training.extensions import db as _db
from training.sessions.enrollments import EnrollmentStatus

LATER = datetime.now(UTC).replace(microsecond=0) + timedelta(days=10)


@pytest.fixture
def world(db):
    """A signed-off past class of a tier-3 course with three who passed: Ani is also booked
    in a later class of the course, Budi and Cici in nothing else."""
    tree = make_tree()
    course = make_course(tier=3, title="Kapolsek Bercentang Biru")
    past = make_session(course, tree["polres_a"], title="Kelas November")
    later = make_session(course, tree["polres_a"], starts_at=LATER, title="Kelas Desember")
    ani, budi, cici = (
        make_person(tree["polsek_a"], full_name=name, nrp=nrp)
        for name, nrp in (
            ("Ani Lulus", "85000001"),
            ("Budi Lulus", "85000002"),
            ("Cici Lulus", "85000003"),
        )
    )
    for person in (ani, budi, cici):
        make_course_status(person, course)
        enrol(past, person)
    ani_later = enrol(later, ani)
    return {
        "tree": tree,
        "course": course,
        "past": past,
        "later": later,
        "ani_later": ani_later,
        "cici": cici,
    }


def test_who_waits_for_another_session_is_named_with_it(client, login, world):
    trainer = login("trainer")
    sign_off_roll_call(world["past"], trainer)
    issue_certificate(world["cici"], world["course"], actor=trainer)
    enrol(world["later"], world["cici"])  # certified, then booked again for a refresher
    _db.session.commit()
    past, later = world["past"], world["later"]

    page = client.get(f"/certificates/sessions/{past.id}/issue").text
    waiting = page[page.index('id="issue-waiting"') :]

    assert "1 peserta sesi ini memenuhi syarat" in page
    assert "Lulus, menunggu sesi lain dari kursus ini (1)" in waiting
    assert "Ani Lulus" in waiting and f"/sessions/{later.id}" in waiting
    assert "Kelas Desember" in waiting
    assert "Budi Lulus" not in waiting  # eligible, listed above
    assert "Cici Lulus" not in page  # certified already: neither eligible nor waiting


def test_removing_the_later_booking_makes_them_eligible(client, login, world):
    trainer = login("trainer")
    sign_off_roll_call(world["past"], trainer)
    world["ani_later"].status = EnrollmentStatus.CANCELLED
    _db.session.commit()

    page = client.get(f"/certificates/sessions/{world['past'].id}/issue").text

    assert "3 peserta sesi ini memenuhi syarat" in page
    assert "Ani Lulus" in page and 'id="issue-waiting"' not in page


def test_a_session_not_signed_off_yet_lists_nobody_as_waiting_for_it(client, login, world):
    login("trainer")

    page = client.get(f"/certificates/sessions/{world['past'].id}/issue").text

    assert "0 peserta sesi ini memenuhi syarat" in page
    assert "Ani Lulus" in page  # waits for the later class, not for this one
    assert "Budi Lulus" not in page
