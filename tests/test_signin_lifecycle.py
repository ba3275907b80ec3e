"""End to end through the pages: a commander's reset (a new activation code, by real SMTP),
whose accounts a commander may reset, and leavers and movers (roles, scope, sessions)."""

import re
from email import message_from_bytes, policy

import pytest
from sqlalchemy import select

from tests.factories import PASSWORD, make_person, make_tree, make_user
from tests.import_steps import token_of, upload
from tests.test_reminders_mail import mail_app, smtp_server  # noqa: F401  (fixtures)
from training.audit.models import AuditEntry
from training.auth.models import User
from training.auth.services import authenticate
from training.certificates.outbox import send_outbox
from training.errors import RuleViolation
from training.extensions import db

NEW = "Sandi-Setelah-Reset-2026"


@pytest.fixture
def tree(db):
    tree = make_tree()
    kapolres = make_person(tree["polres_a"], full_name="Kapolres A", nrp="82000001",
                           position="kapolres", rank="AKBP")  # fmt: skip
    make_user(roles=("commander", "participant"), username="kapolres.a", person=kapolres,
              unit=tree["polres_a"])  # fmt: skip
    siti = make_person(tree["polsek_a"], full_name="Siti Aminah", nrp="82000002",
                       email="siti@polri.go.id", rank="Bripka")  # fmt: skip
    make_user(username="siti.a", person=siti)  # typed by an admin: not named by the NRP
    db.session.commit()
    return tree


def _user(username):
    db.session.expire_all()
    return db.session.scalar(select(User).where(User.username == username))


def _signed_in(app, username, password=PASSWORD):
    client = app.test_client()
    response = client.post("/login", data={"username": username, "password": password})
    assert response.status_code == 302, response.text
    return client


def _activate(client, username, code, password=NEW):
    data = {"username": username, "code": code, "password": password, "confirm": password}
    return client.post("/aktivasi", data=data)


def test_a_commander_s_reset_mails_a_new_code_that_replaces_the_password_once(
    tree,
    mail_app,  # noqa: F811
    smtp_server,  # noqa: F811
):
    siti = _user("siti.a")
    commander = _signed_in(mail_app, "kapolres.a")

    shown = commander.post(f"/signin/users/{siti.id}/code")
    code = re.search(r'id="new-code">([A-Z2-7-]+)<', shown.text).group(1)
    assert send_outbox() == (1, 0)
    mail = message_from_bytes(smtp_server.received[0][2], policy=policy.default)
    assert mail["To"] == "siti@polri.go.id" and code in mail.get_content()

    anonymous = mail_app.test_client()
    assert _activate(anonymous, "82000002", code).status_code == 302  # by her NRP
    again = _activate(anonymous, "82000002", code, NEW + "!")

    assert "sudah dipakai" in again.text
    assert authenticate("siti.a", NEW).username == "siti.a"
    with pytest.raises(RuleViolation):
        authenticate("siti.a", PASSWORD)  # the old password no longer opens the account
    issued = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "issue_code"))
    assert issued.user_id == _user("kapolres.a").id and issued.entity_id == siti.id
    assert code.replace("-", "") not in str(issued.after)


def test_a_second_reset_makes_the_first_code_useless(tree, app):
    siti = _user("siti.a")
    commander = _signed_in(app, "kapolres.a")
    first = re.search(r'id="new-code">([A-Z2-7-]+)<', commander.post(
        f"/signin/users/{siti.id}/code").text).group(1)  # fmt: skip
    commander.post(f"/signin/users/{siti.id}/code")

    assert "Kode tidak berlaku" in _activate(app.test_client(), "siti.a", first).text


def test_a_commander_resets_no_account_that_can_do_more_than_they_can(tree, app, login):
    inside = {name: make_person(tree["polsek_a"], full_name=name) for name in
              ("Admin", "Pelatih Nasional", "Komandan Lain", "Kapolsek A")}  # fmt: skip
    admin = make_user(roles=("admin",), username="admin.polsek", person=inside["Admin"])
    national = make_user(
        roles=("trainer",), username="pelatih.nas", person=inside["Pelatih Nasional"]
    )
    other = make_user(roles=("commander",), username="komandan.b", person=inside["Komandan Lain"],
                      unit=tree["polres_b"])  # fmt: skip
    kapolsek = make_user(roles=("commander",), username="kapolsek.a", person=inside["Kapolsek A"],
                         unit=tree["polsek_a"])  # fmt: skip
    db.session.commit()
    commander = _signed_in(app, "kapolres.a")

    for refused in (admin, national, other):
        assert commander.post(f"/signin/users/{refused.id}/code").status_code == 404
    assert commander.post(f"/signin/users/{kapolsek.id}/code").status_code == 200
    page = commander.get(f"/signin/units/{tree['polsek_a'].code}?per_page=50").text
    assert f"/signin/users/{kapolsek.id}/code" in page
    assert f"/signin/users/{admin.id}/code" not in page
    admin_client = _signed_in(app, "admin.polsek")
    assert admin_client.post(f"/signin/users/{other.id}/code").status_code == 200


def test_a_commander_moved_by_an_admin_loses_the_old_subtree_at_their_next_request(tree, app):
    commander = _signed_in(app, "kapolres.a")
    old = f"/signin/units/{tree['polres_a'].code}"
    assert commander.get(old).status_code == 200
    make_user(roles=("admin",), username="admin.pusat")
    db.session.commit()
    admin = _signed_in(app, "admin.pusat")
    person = _user("kapolres.a").person

    edit = admin.post(f"/people/{person.id}/edit", data={
        "full_name": person.full_name, "nrp": person.nrp, "rank": person.rank,
        "position": "lainnya", "unit_code": tree["polres_b"].code})  # fmt: skip

    assert edit.status_code == 302
    assert commander.get(old).status_code == 403  # no longer a commander at all
    assert commander.get(f"/people/{_user('siti.a').person_id}").status_code == 404
    moved = _user("kapolres.a")
    assert moved.roles == {"participant"} and moved.unit is None
    row = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "follow_person"))
    assert row.user_id == _user("admin.pusat").id
    assert row.before["roles"] == ["commander", "participant"] and row.after["unit"] is None


def test_a_kapolsek_moved_by_the_people_import_commands_the_new_polsek(tree, client, login):
    person = make_person(tree["polsek_a"], full_name="Kapolsek Pindah", nrp="82000009",
                         position="kapolsek", rank="AKP")  # fmt: skip
    make_user(roles=("commander", "participant"), username="82000009", person=person,
              unit=tree["polsek_a"])  # fmt: skip
    db.session.commit()
    login("admin", username="admin.pusat")
    row = f"82000009,Kapolsek Pindah,AKP,kapolsek,{tree['polsek_b'].code}\n"
    preview = upload(
        client, "/people/import", b"nrp,nama,pangkat,jabatan,kode_satuan\n" + row.encode()
    )
    client.post("/people/import/confirm", data={"token": token_of(preview.text)})

    moved = _user("82000009")
    assert moved.unit == tree["polsek_b"] and "commander" in moved.roles
    row = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "follow_person"))
    assert row.after == {"unit": tree["polsek_b"].code}


def test_a_leaver_is_signed_out_and_refused_and_a_returner_signs_in_again(tree, app):
    siti = _user("siti.a")
    participant = _signed_in(app, "siti.a")
    assert participant.get("/profile").status_code == 200
    make_user(roles=("admin",), username="admin.pusat")
    db.session.commit()
    admin = _signed_in(app, "admin.pusat")

    admin.post(f"/signin/people/{siti.person_id}/leave")

    assert participant.get("/profile").status_code == 302  # the session ended
    refused = app.test_client().post("/login", data={"username": "siti.a", "password": PASSWORD})
    assert refused.status_code == 200 and _user("siti.a").is_active is False
    admin.post(f"/signin/people/{siti.person_id}/return")
    assert _user("siti.a").is_active is True
    assert _signed_in(app, "siti.a").get("/profile").status_code == 200
    actions = db.session.scalars(
        select(AuditEntry.action).where(AuditEntry.entity.in_(("person", "user")))
        .order_by(AuditEntry.id)
    ).all()  # fmt: skip
    assert sorted(a for a in actions if a in ("leave", "return", "follow_person")) == [
        "follow_person", "follow_person", "leave", "return"
    ]  # fmt: skip
    back = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "follow_person").order_by(AuditEntry.id)
    ).all()[-1]
    assert (back.before, back.after) == ({"is_active": False}, {"is_active": True})
