"""The audit trail of sign-ins: one entry per attempt with the username typed and the
client address, never the password; shown and filterable on the audit page."""

from sqlalchemy import select

from tests.factories import PASSWORD, make_user
from training.audit.models import AuditEntry

WRONG = "Rahasia-Sekali-77"


def login_entries(db):
    query = select(AuditEntry).where(AuditEntry.entity == "login").order_by(AuditEntry.id)
    return list(db.session.scalars(query))


def post_login(client, username, password, ip="10.1.2.3"):
    return client.post(
        "/login",
        data={"username": username, "password": password},
        environ_base={"REMOTE_ADDR": ip},
    )


def test_every_attempt_is_audited_with_action_username_and_address(client, db):
    user = make_user(username="budi")
    db.session.commit()

    post_login(client, "tidak.ada", WRONG, ip="10.0.0.7")
    post_login(client, "budi", WRONG)
    post_login(client, "BUDI", PASSWORD, ip="192.0.2.44")

    entries = login_entries(db)
    assert [(e.action, e.user_id, e.entity_id) for e in entries] == [
        ("failure", None, None),
        ("failure", user.id, None),
        ("success", user.id, None),
    ]
    assert entries[0].reason == "tidak.ada dari 10.0.0.7: nama pengguna tidak dikenal"
    assert entries[1].reason == "budi dari 10.1.2.3: kata sandi salah (ke-1)"
    assert entries[2].reason == "BUDI dari 192.0.2.44"
    assert all(e.at is not None for e in entries)


def test_the_locking_failure_and_attempts_during_the_lock_are_audited_as_locked(client, db):
    make_user(username="siti")
    db.session.commit()

    for _ in range(6):
        post_login(client, "siti", WRONG)
    post_login(client, "siti", PASSWORD)

    actions = [e.action for e in login_entries(db)]
    assert actions == ["failure"] * 4 + ["locked"] * 3
    reasons = [e.reason for e in login_entries(db)][4:]
    assert reasons[0].startswith("siti dari 10.1.2.3: salah 5 kali, dikunci sampai ")
    assert all("akun sedang dikunci sampai" in r for r in reasons[1:])


def test_inactive_accounts_are_audited_as_failures(client, db):
    make_user(username="pensiun", is_active=False)
    db.session.commit()

    post_login(client, "pensiun", PASSWORD)

    assert [(e.action, e.reason) for e in login_entries(db)] == [
        ("failure", "pensiun dari 10.1.2.3: akun nonaktif")
    ]


def test_no_password_is_ever_stored_in_the_audit_trail(app, db):
    make_user(username="budi")
    db.session.commit()

    for password in (WRONG, "kata sandi dengan spasi", PASSWORD):
        post_login(app.test_client(), "budi", password)

    stored = " ".join(f"{e.reason} {e.before} {e.after}" for e in login_entries(db))
    assert [e.action for e in login_entries(db)] == ["failure", "failure", "success"]
    for password in (WRONG, "kata sandi dengan spasi", PASSWORD):
        assert password not in stored


def test_an_invalid_form_is_not_an_attempt(client, db):
    post_login(client, "", "")

    assert login_entries(db) == []


def test_sign_ins_show_on_the_audit_page_and_filter_by_entity_and_user(app, db):
    make_user(username="adm", roles=("admin",))
    make_user(username="budi")
    db.session.commit()
    budi, admin = app.test_client(), app.test_client()
    post_login(budi, "budi", WRONG)
    post_login(admin, "adm", PASSWORD)

    page = admin.get("/audit/?entity=login").text
    only_budi = admin.get("/audit/?entity=login&user=budi").text

    assert "Jenis data tidak dikenal" not in page
    assert '<option value="login" selected>Masuk aplikasi</option>' in page
    assert "2 entri ditemukan." in page
    assert "Berhasil" in page and "Gagal" in page
    assert "budi dari 10.1.2.3: kata sandi salah (ke-1)" in page
    assert "1 entri ditemukan." in only_budi and "adm dari" not in only_budi
