"""What the audit entries of accounts, units, people, sessions and enrolment say."""

from datetime import UTC, datetime

from sqlalchemy import select

from tests.factories import enrol, make_person, make_session, make_tree, make_unit, make_user
from tests.import_steps import upload_and_confirm
from training.audit.models import AuditEntry
from training.auth.services import reset_password, unlock_account
from training.auth.tokens import issue_token
from training.enrolment.services import remove_person
from training.people.importer import import_people

FUTURE = datetime(2031, 3, 4, 2, 0, tzinfo=UTC)


def entries(db, entity: str, action: str | None = None) -> list[AuditEntry]:
    stmt = select(AuditEntry).where(AuditEntry.entity == entity)
    if action is not None:
        stmt = stmt.where(AuditEntry.action == action)
    return list(db.session.scalars(stmt.order_by(AuditEntry.id)))


def test_a_password_reset_records_that_it_changed_never_the_password_or_hash(db):
    admin = make_user(roles=("admin",))
    user = make_user(roles=("trainer",))
    user.failed_logins, user.locked_until = 5, datetime(2099, 1, 1, tzinfo=UTC)

    reset_password(user, "Sandi-Rahasia-2026!", actor=admin)

    (entry,) = entries(db, "user", "reset_password")
    assert (entry.user_id, entry.entity_id) == (admin.id, user.id)
    assert entry.after == {"locked_until": None, "failed_logins": 0, "password": "changed"}
    assert entry.before["failed_logins"] == 5
    text = repr((entry.before, entry.after))
    assert "Sandi-Rahasia" not in text and user.password_hash not in text


def test_unlocking_records_the_lock_lifted(db):
    admin, user = make_user(roles=("admin",)), make_user(roles=("trainer",))
    user.failed_logins, user.locked_until = 5, datetime(2099, 1, 1, tzinfo=UTC)

    unlock_account(user, actor=admin)

    (entry,) = entries(db, "user", "unlock")
    assert entry.before == {"locked_until": "2099-01-01T00:00:00+00:00", "failed_logins": 5}
    assert entry.after == {"locked_until": None, "failed_logins": 0}


def test_a_token_is_audited_without_its_secret_or_hash(db):
    user = make_user(roles=("trainer",))

    token, secret = issue_token(user, "laptop", 30, actor=user)

    (entry,) = entries(db, "api_token", "create")
    assert entry.after["name"] == "laptop" and entry.after["scopes"] == ["read"]
    text = repr(entry.after)
    assert secret not in text and token.token_hash not in text and token.prefix not in text


def test_an_admin_edit_of_an_account_records_only_the_changed_fields(client, login, db):
    tree = make_tree()
    admin = login("admin")
    user = make_user(roles=("trainer",))
    db.session.commit()

    client.post(
        f"/admin/users/{user.id}/edit",
        data={"roles": ["trainer", "commander"], "unit_code": tree["polda_a"].code, "locale": "id"},
    )

    (entry,) = entries(db, "user", "update")
    assert entry.user_id == admin.id
    assert entry.before == {"roles": ["trainer"], "unit": None, "is_active": True}
    assert entry.after == {
        "roles": ["commander", "trainer"],
        "unit": tree["polda_a"].code,
        "is_active": False,
    }


def test_a_cancelled_session_is_audited_with_its_reason(client, login, db):
    unit = make_unit()
    session = make_session(venue_unit=unit, audience_unit=unit, starts_at=FUTURE)
    db.session.commit()
    admin = login("admin")

    response = client.post(
        f"/sessions/{session.id}/cancel",
        data={"scope": "this", "reason": "Banjir di lokasi", "confirm": "y"},
    )

    assert response.status_code == 302
    (entry,) = entries(db, "session", "cancel")
    assert (entry.user_id, entry.session_id, entry.reason) == (
        admin.id,
        session.id,
        "Banjir di lokasi",
    )
    assert (entry.before, entry.after) == ({"status": "scheduled"}, {"status": "cancelled"})


def test_removing_a_participant_audits_the_removal_and_the_promotion(db):
    unit = make_unit()
    session = make_session(venue_unit=unit, starts_at=FUTURE, capacity=1)
    seated, waiting = make_person(unit), make_person(unit)
    row = enrol(session, seated)
    enrol(session, waiting, status="waitlisted")
    trainer = make_user(roles=("trainer",))

    remove_person(row, actor=trainer)

    removed, promoted = entries(db, "enrollment")
    assert (removed.action, removed.person_id, removed.after) == (
        "remove",
        seated.id,
        {"status": "cancelled"},
    )
    assert (promoted.action, promoted.person_id) == ("promote", waiting.id)
    assert (promoted.before, promoted.after) == ({"status": "waitlisted"}, {"status": "enrolled"})
    assert {removed.user_id, promoted.user_id} == {trainer.id}


def test_an_import_records_its_counts_and_each_created_or_changed_person(db):
    unit = make_unit()
    renamed = make_person(unit, full_name="Nama Lama", nrp="83000001")
    admin = make_user(roles=("admin",))
    body = (
        "nrp,nama,pangkat,jabatan,kode_satuan\n"
        f"83000001,Nama Baru,AKP,operator_medsos,{unit.code}\n"
        f"83000002,Orang Baru,AKP,operator_medsos,{unit.code}\n"
    )

    import_people("p.csv", body.encode(), actor=admin)

    summary, *rows = entries(db, "person")
    assert (summary.action, summary.after) == (
        "import",
        {"new": 1, "changed": 1, "moved": 0, "unchanged": 0},
    )
    by_action = {e.action: e for e in rows}
    assert by_action["update"].person_id == renamed.id
    assert (by_action["update"].before, by_action["update"].after) == (
        {"full_name": "Nama Lama"},
        {"full_name": "Nama Baru"},
    )
    assert by_action["create"].after["nrp"] == "83000002"
    assert by_action["create"].after["unit"] == unit.code
    assert {e.user_id for e in (summary, *rows)} == {admin.id}


def test_a_unit_move_records_the_old_and_new_parent(client, login, db):
    tree = make_tree()
    db.session.commit()
    login("admin")

    client.post(f"/units/{tree['polres_a'].code}/move", data={"parent_code": tree["polda_b"].code})

    (entry,) = entries(db, "unit", "move")
    assert entry.before == {"parent": tree["polda_a"].code}
    assert entry.after == {"parent": tree["polda_b"].code}


def test_an_accounts_import_is_audited_with_the_accounts_it_created(client, login, db):
    unit = make_unit()
    db.session.commit()
    admin = login("admin")
    body = f"kode_satuan,platform,akun,status\n{unit.code},YouTube,@KanalAudit,aktif\n"

    upload_and_confirm(client, "/accounts/import", body.encode(), "a.csv")

    summary, created = entries(db, "account")
    assert (summary.action, summary.after["new"], summary.user_id) == ("import", 1, admin.id)
    assert (created.action, created.after["handle"]) == ("create", "kanalaudit")
