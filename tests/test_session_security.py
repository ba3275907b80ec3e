"""A password change or reset ends the account's other signed-in sessions."""

from tests.factories import PASSWORD, make_user

NEW = "Sandi-Baru-2026"


def signed_in(app, username, password=PASSWORD):
    client = app.test_client()
    response = client.post("/login", data={"username": username, "password": password})
    assert response.status_code == 302
    return client


def test_changing_the_password_keeps_this_session_and_ends_the_others(app, db):
    make_user(username="budi")
    db.session.commit()
    here, elsewhere = signed_in(app, "budi"), signed_in(app, "budi")

    changed = here.post("/password", data={"current": PASSWORD, "new": NEW, "confirm": NEW})

    assert changed.status_code == 302
    assert here.get("/profile").status_code == 200
    other = elsewhere.get("/profile")
    assert other.status_code == 302 and other.headers["Location"].startswith("/login")
    assert signed_in(app, "budi", NEW).get("/profile").status_code == 200


def test_an_admin_reset_ends_the_users_sessions(app, db):
    user = make_user(username="budi")
    make_user(username="adm", roles=("admin",))
    db.session.commit()
    victim, admin = signed_in(app, "budi"), signed_in(app, "adm")

    admin.post(f"/admin/users/{user.id}/password", data={"new_password": NEW})

    assert victim.get("/profile").status_code == 302
    assert admin.get("/profile").status_code == 200


def test_an_admin_resetting_their_own_password_stays_signed_in(app, db):
    admin_user = make_user(username="adm", roles=("admin",))
    db.session.commit()
    admin = signed_in(app, "adm")

    response = admin.post(f"/admin/users/{admin_user.id}/password", data={"new_password": NEW})

    assert response.status_code == 302
    assert admin.get("/admin/users").status_code == 200


def test_an_unchanged_password_keeps_every_session(app, db):
    make_user(username="budi")
    db.session.commit()
    first, second = signed_in(app, "budi"), signed_in(app, "budi")

    assert [c.get("/profile").status_code for c in (first, second, first)] == [200, 200, 200]
