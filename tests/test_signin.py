"""Sign-in accounts: provisioning a subtree, activation codes, the sheet, leavers and movers."""

import io
from datetime import UTC, datetime, timedelta

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from tests.factories import PASSWORD, make_person, make_tree, make_user
from training.audit.models import AuditEntry
from training.auth.activation import activate, issue_codes
from training.auth.codes import SignInCode
from training.auth.models import User
from training.auth.provisioning import PENDING_HASH, preview, provision
from training.auth.services import AccountError, authenticate
from training.certificates.models import OutboxMessage
from training.errors import RuleViolation
from training.extensions import db
from training.people.models import Person
from training.people.status import set_active

NEW = "Sandi-Peserta-2026"
NOW = datetime(2026, 12, 3, 6, 0, tzinfo=UTC)


@pytest.fixture
def tree(db):
    tree = make_tree()
    make_person(tree["polres_a"], full_name="Kapolres A", nrp="80000001", position="kapolres",
                email="kapolres@polri.go.id")  # fmt: skip
    make_person(tree["polsek_a"], full_name="Siti Aminah", nrp="80000002", email="siti@polri.go.id")
    make_person(tree["polsek_a"], full_name="Budi Santoso", nrp="80000003")
    make_person(tree["polres_b"], full_name="Orang Lain", nrp="80000004")
    return tree


def _account(nrp):
    return db.session.scalar(select(User).where(User.username == nrp))


def test_preview_counts_new_accounts_and_those_without_email(tree):
    make_user(username="80000003", person=None)  # the NRP is somebody's username already

    counts = preview(tree["polres_a"])

    assert (counts.people, counts.with_account, counts.taken) == (3, 0, 1)
    assert (counts.new, counts.new_without_email) == (2, 0)


def test_provision_creates_pending_accounts_named_by_nrp_with_roles_from_the_position(tree):
    ids = provision(tree["polres_a"])

    assert len(ids) == 3
    kapolres, siti = _account("80000001"), _account("80000002")
    assert kapolres.roles == {"commander", "participant"} and kapolres.unit == tree["polres_a"]
    assert siti.roles == {"participant"} and siti.unit is None
    assert siti.password_hash == PENDING_HASH and not siti.check_password("")
    assert _account("80000004") is None  # another Polres
    assert provision(tree["polres_a"]) == []  # people with an account are left alone


def test_provision_narrowed_to_a_course_s_target_positions(tree):
    ids = provision(tree["mabes"], positions=["kapolres"])

    assert [db.session.get(User, i).username for i in ids] == ["80000001"]


def test_a_pending_account_cannot_sign_in_until_activated(tree):
    provision(tree["polres_a"])
    code = issue_codes([_account("80000003").id], lifetime=timedelta(days=1))

    with pytest.raises(RuleViolation):
        authenticate("80000003", PENDING_HASH)
    activate("80000003", code[_account("80000003").id].lower(), NEW)

    assert authenticate("80000003", NEW).username == "80000003"


def test_an_activation_code_works_once_and_only_for_its_account(tree):
    provision(tree["polres_a"])
    budi, siti = _account("80000003"), _account("80000002")
    codes = issue_codes([budi.id, siti.id], lifetime=timedelta(days=1))

    with pytest.raises(AccountError, match="Kode tidak berlaku"):
        activate("80000002", codes[budi.id], NEW)  # somebody else's code
    activate("80000003", codes[budi.id], NEW)
    with pytest.raises(AccountError, match="sudah dipakai"):
        activate("80000003", codes[budi.id], NEW + "x")


def test_an_expired_code_is_refused_and_a_new_code_replaces_the_old(tree):
    provision(tree["polres_a"])
    budi = _account("80000003")
    old = issue_codes([budi.id], lifetime=timedelta(hours=1), now=NOW)[budi.id]

    with pytest.raises(AccountError, match="kedaluwarsa"):
        activate("80000003", old, NEW, now=NOW + timedelta(hours=2))
    new = issue_codes([budi.id], lifetime=timedelta(hours=1), now=NOW)[budi.id]
    with pytest.raises(AccountError):
        activate("80000003", old, NEW, now=NOW)
    activate("80000003", new, NEW, now=NOW)


def test_codes_are_stored_hashed(tree):
    provision(tree["polres_a"])
    budi = _account("80000003")
    code = issue_codes([budi.id], lifetime=timedelta(hours=1))[budi.id]

    stored = db.session.scalar(select(SignInCode.code_hash))
    assert code not in stored and len(stored) == 64


def test_a_leaver_s_account_is_deactivated_and_its_sessions_end(tree, app):
    person = make_person(tree["polsek_a"], nrp="80000009")
    user = make_user(username="peserta9", person=person)
    db.session.commit()
    client = app.test_client()
    client.post("/login", data={"username": "peserta9", "password": PASSWORD})
    assert client.get("/profile").status_code == 200

    set_active(person, False)
    db.session.commit()

    assert user.is_active is False
    assert client.get("/profile").status_code == 302  # the session ended
    row = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "follow_person"))
    assert row.before == {"is_active": True} and row.after == {"is_active": False}


def test_a_commander_who_moves_to_a_staff_post_loses_the_old_subtree_at_once(tree):
    person = db.session.scalar(select(Person).where(Person.nrp == "80000001"))
    kapolres = make_user(roles=("commander", "participant"), username="kapolres.a",
                         person=person, unit=tree["polres_a"])  # fmt: skip
    db.session.commit()

    person.unit = tree["polres_b"]
    person.position = "operator_medsos"
    db.session.commit()

    assert kapolres.roles == {"participant"} and kapolres.unit is None


def test_a_commander_moved_to_head_another_unit_commands_that_one(tree):
    person = make_person(tree["polsek_a"], nrp="80000010", position="kapolsek")
    user = make_user(roles=("commander",), username="kapolsek.a", person=person,
                     unit=tree["polsek_a"])  # fmt: skip
    db.session.commit()

    person.unit = tree["polsek_b"]
    db.session.commit()

    assert user.unit == tree["polsek_b"] and "commander" in user.roles


def test_unit_page_provisions_and_the_sheet_lists_each_pending_person(tree, app):
    make_user(roles=("commander",), username="kapolres.a", unit=tree["polres_a"])
    db.session.commit()
    client = app.test_client()
    client.post("/login", data={"username": "kapolres.a", "password": PASSWORD})
    code = tree["polres_a"].code

    page = client.get(f"/signin/units/{code}").text
    assert 'data-count="new">3<' in page and 'data-count="new_without_email">1<' in page
    client.post(f"/signin/units/{code}/provision")
    pdf = client.post(f"/signin/units/{code}/sheet", data={"everyone": "y"})

    assert db.session.scalar(select(func.count(User.id)).where(User.username.like("8%"))) == 3
    assert db.session.scalar(select(func.count(OutboxMessage.id))) == 2  # those with e-mail
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.data)).pages)
    assert "Budi Santoso" in text and "NRP: 80000003" in text and "/aktivasi" in text
    assert client.get(f"/signin/units/{tree['polres_b'].code}").status_code == 404
