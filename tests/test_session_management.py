"""Managing a session is not seeing it: a regional trainer manages only sessions whose venue
and audience lie inside their command, or sessions they are named trainer of (one rule,
``may_manage_session``, used by cancelling, editing, the roll call, the projector and its
codes, enrolment and the session's assessment grid)."""

from datetime import UTC, datetime

import pytest

from tests.factories import (
    enrol,
    make_command_tree,
    make_course,
    make_person,
    make_session,
    make_user,
)
from training.errors import RuleViolation
from training.extensions import db as _db
from training.policy.sessions import may_manage_session
from training.sessions.cancelling import cancel_session
from training.sessions.models import SessionTrainer, TrainingSession

FUTURE = datetime(2031, 3, 4, 2, 0, tzinfo=UTC)


@pytest.fixture
def world(db):
    """A future tier-3 session held at Polres Dua for the kapolsek of the whole Polda, with
    the kapolsek of both Polres enrolled; a trainer of the Papua Polres is its named trainer."""
    tree = make_command_tree()
    course = make_course(tier=3, title="Kapolsek Bercentang Biru")
    session = make_session(
        course,
        tree["polres_2"],
        starts_at=FUTURE,
        title="Sesi Polres Dua",
        audience_unit=tree["polda"],
        audience_positions=["kapolsek"],
        capacity=30,
    )
    satu = make_person(tree["polsek_1"], full_name="Ani Satu", nrp="83000001", position="kapolsek")
    dua = make_person(tree["polsek_2"], full_name="Cici Dua", nrp="83000002", position="kapolsek")
    for person in (satu, dua):
        enrol(session, person)
    extra = make_person(tree["polsek_2"], full_name="Eka Dua", nrp="83000003", position="kapolsek")
    trainer_person = make_person(tree["polres_x"], full_name="Fajar Pelatih", nrp="83000009")
    session.trainers.append(SessionTrainer(person_id=trainer_person.id))
    db.session.commit()
    return {
        "tree": tree,
        "session": session,
        "satu": satu,
        "dua": dua,
        "extra": extra,
        "trainer_person": trainer_person,
    }


def _status(session_id) -> str:
    _db.session.expire_all()
    return _db.session.get(TrainingSession, session_id).status


def test_the_rule_separates_seeing_from_managing(db, world):
    tree, session = world["tree"], world["session"]
    regional = make_user(roles=("trainer",), unit=tree["polres_1"])
    venue_only = make_user(roles=("trainer",), unit=tree["polres_2"])
    polda = make_user(roles=("trainer",), unit=tree["polda"])
    national = make_user(roles=("trainer",))
    named = make_user(roles=("trainer",), unit=tree["polres_x"], person=world["trainer_person"])
    commander = make_user(roles=("commander",), unit=tree["polda"])

    allowed = {
        name: may_manage_session(user, session)
        for name, user in {
            "regional": regional,
            "venue_only": venue_only,
            "polda": polda,
            "national": national,
            "named": named,
            "commander": commander,
        }.items()
    }

    assert allowed == {
        "regional": False,
        "venue_only": False,  # the audience (the Polda) lies above Polres Dua
        "polda": True,
        "national": True,
        "named": True,
        "commander": False,
    }


def test_a_sibling_polres_trainer_cannot_cancel(client, login, world):
    login("trainer", unit=world["tree"]["polres_1"])
    session_id = world["session"].id

    response = client.post(f"/sessions/{session_id}/cancel", data={"scope": "this"})

    assert response.status_code == 403
    assert _status(session_id) == "scheduled"


def test_the_cancel_service_checks_the_actor(db, world):
    regional = make_user(roles=("trainer",), unit=world["tree"]["polres_1"])

    with pytest.raises(RuleViolation, match="tidak berwenang"):
        cancel_session(world["session"], actor=regional)
    assert _status(world["session"].id) == "scheduled"


@pytest.mark.parametrize("who", ["polda", "named"])
def test_the_polda_trainer_and_the_named_trainer_cancel(client, login, world, who):
    if who == "polda":
        login("trainer", unit=world["tree"]["polda"])
    else:
        login("trainer", unit=world["tree"]["polres_x"], person=world["trainer_person"])
    session_id = world["session"].id

    response = client.post(
        f"/sessions/{session_id}/cancel",
        data={"scope": "this", "reason": "Pelatih sakit", "confirm": "y"},
    )

    assert response.status_code == 302
    assert _status(session_id) == "cancelled"


# --- roll call, projector, codes, enrolment, assessments ---------------------------------


def _marks(session_id):
    from training.attendance.models import Attendance

    _db.session.expire_all()
    rows = _db.session.query(Attendance).filter_by(session_id=session_id).all()
    return {row.person.full_name: row.status for row in rows}


def _enrolled(session_id):
    from training.sessions.enrollments import Enrollment

    _db.session.expire_all()
    rows = _db.session.query(Enrollment).filter_by(session_id=session_id).all()
    return sorted(row.person.full_name for row in rows)


def test_a_sibling_polres_trainer_reads_only_their_own_people_and_changes_nothing(
    client, login, world
):
    login("trainer", unit=world["tree"]["polres_1"])
    sid, dua = world["session"].id, world["dua"]

    sheet = client.get(f"/attendance/sessions/{sid}")
    feed = client.get(f"/attendance/sessions/{sid}/sheet.json").get_json()
    save = client.post(f"/attendance/sessions/{sid}", data={f"status-{dua.id}": "alpa"})
    all_present = client.post(f"/attendance/sessions/{sid}", data={"all_present": "1"})
    signoff = client.post(f"/attendance/sessions/{sid}/signoff", data={})
    projector = client.get(f"/attendance/sessions/{sid}/projector")
    code = client.get(f"/attendance/sessions/{sid}/code.json")
    audience = client.post(f"/sessions/{sid}/peserta/sasaran")
    add = client.post(f"/sessions/{sid}/peserta/tambah", data={"nrp": "83000003"})
    grid = client.post(f"/assessments/sessions/{sid}", data={"person": str(dua.id)})

    assert sheet.status_code == 200
    assert "Ani Satu" in sheet.text and "Cici Dua" not in sheet.text
    assert list(feed["marks"]) == [str(world["satu"].id)]
    statuses = [r.status_code for r in (save, all_present, signoff, projector, code)]
    assert statuses == [403, 403, 403, 403, 403]
    assert [audience.status_code, add.status_code, grid.status_code] == [403, 403, 403]
    assert _marks(sid) == {}
    assert _enrolled(sid) == ["Ani Satu", "Cici Dua"]


def test_a_trainer_of_another_polda_does_not_even_see_the_session(client, login, world):
    login("trainer", unit=world["tree"]["polda_x"])
    sid = world["session"].id

    urls = ["", "/sheet.json", "/projector", "/code.json"]
    statuses = [client.get(f"/attendance/sessions/{sid}{u}").status_code for u in urls]

    assert statuses == [404, 404, 404, 404]


def test_a_papua_trainer_reads_no_jakarta_people_of_a_national_session(client, login, world):
    session = world["session"]
    session.audience_unit = world["tree"]["mabes"]
    _db.session.commit()
    login("trainer", unit=world["tree"]["polda_x"])

    sheet = client.get(f"/attendance/sessions/{session.id}")
    feed = client.get(f"/attendance/sessions/{session.id}/sheet.json").get_json()

    assert sheet.status_code == 200 and "83000001" not in sheet.text
    assert feed["marks"] == {}
    assert client.get(f"/attendance/sessions/{session.id}/code.json").status_code == 403


def test_the_named_trainer_runs_the_roll_call_of_everyone_enrolled(client, login, world):
    login("trainer", unit=world["tree"]["polres_x"], person=world["trainer_person"])
    sid, satu, dua = world["session"].id, world["satu"], world["dua"]

    sheet = client.get(f"/attendance/sessions/{sid}").text
    save = client.post(
        f"/attendance/sessions/{sid}",
        data={f"status-{satu.id}": "hadir", f"status-{dua.id}": "sakit"},
    )
    projector = client.get(f"/attendance/sessions/{sid}/projector")
    code = client.get(f"/attendance/sessions/{sid}/code.json")
    audience = client.post(f"/sessions/{sid}/peserta/sasaran")

    assert "Ani Satu" in sheet and "Cici Dua" in sheet
    assert save.status_code == 302 and _marks(sid) == {"Ani Satu": "hadir", "Cici Dua": "sakit"}
    assert [projector.status_code, code.status_code, audience.status_code] == [200, 200, 302]
    assert len(code.get_json()["code"]) == 6
    assert _enrolled(sid) == ["Ani Satu", "Cici Dua", "Eka Dua"]


def test_all_present_marks_only_the_people_the_manager_sees(client, login, world):
    """A Polres Dua trainer managing a Polres Dua session in which an admin enrolled
    somebody of Polres Satu: "all present" leaves that person alone."""
    session = world["session"]
    session.audience_unit = world["tree"]["polres_2"]
    _db.session.commit()
    login("trainer", unit=world["tree"]["polres_2"])

    response = client.post(f"/attendance/sessions/{session.id}", data={"all_present": "1"})

    assert response.status_code == 302
    assert _marks(session.id) == {"Cici Dua": "hadir"}
