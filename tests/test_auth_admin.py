"""Account management pages (/admin/users) and who may reach them."""

import pytest

from tests.factories import PASSWORD, make_person, make_tree, make_user
from training.auth.models import User

GOOD = "Bhayangkara-2026"


def new_account(**overrides):
    return {"username": "kapolres.a", "roles": ["trainer"], "password": GOOD, **overrides}


def edit_data(user, **overrides):
    data = {
        "roles": sorted(user.roles),
        "unit_code": user.unit.code if user.unit else "",
        "person_nrp": user.person.nrp if user.person else "",
        "locale": user.locale,
    }
    if user.is_active:
        data["is_active"] = "y"
    return {**data, **overrides}


# --- who may reach what -----------------------------------------------------------------


ADMIN_PAGES = [
    ("get", "/admin/users"),
    ("get", "/admin/users/new"),
    ("post", "/admin/users/new"),
    ("get", "/admin/users/{id}/edit"),
    ("post", "/admin/users/{id}/edit"),
    ("post", "/admin/users/{id}/password"),
]


@pytest.mark.parametrize(("method", "url"), ADMIN_PAGES)
@pytest.mark.parametrize("role", ["trainer", "commander", "participant"])
def test_account_pages_are_forbidden_to_non_admins(client, db, login, method, url, role):
    target = make_user(username="sasaran", roles=("trainer",))
    login(role)

    response = getattr(client, method)(url.format(id=target.id), data=new_account())

    assert response.status_code == 403
    assert "Akses ditolak" in response.text
    db.session.refresh(target)
    assert target.check_password(PASSWORD)
    assert db.session.query(User).filter_by(username="kapolres.a").count() == 0


@pytest.mark.parametrize(("method", "url"), ADMIN_PAGES)
def test_account_pages_send_anonymous_users_to_login(client, db, method, url):
    target = make_user(username="sasaran")
    db.session.commit()

    response = getattr(client, method)(url.format(id=target.id), data=new_account())

    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")


@pytest.mark.parametrize(("method", "url"), [m for m in ADMIN_PAGES if "{id}" in m[1]])
def test_unknown_account_ids_answer_404_for_admins(client, login, method, url):
    login("admin")

    response = getattr(client, method)(url.format(id=9999), data={})

    assert response.status_code == 404


def test_admin_with_other_roles_reaches_account_pages(client, login):
    login("admin", "trainer")

    assert client.get("/admin/users").status_code == 200


def test_nav_shows_the_account_link_to_admins_only(client, login):
    login("trainer")

    assert "/admin/users" not in client.get("/profile").text


# --- list -----------------------------------------------------------------------------


def test_account_list_shows_roles_unit_person_status_and_last_login(client, db, login):
    tree = make_tree()
    person = make_person(tree["polres_a"], full_name="Agus Salim")
    make_user(
        username="kapolres.a", roles=("commander", "participant"), unit=tree["polres_a"],
        person=person, is_active=False,
    )  # fmt: skip
    login("admin")

    html = client.get("/admin/users").text

    assert "kapolres.a" in html
    assert "Komandan" in html and "Peserta" in html
    assert tree["polres_a"].code in html
    assert f'Agus Salim <small class="text-muted">({person.nrp})</small>' in html
    assert "Nonaktif" in html
    assert "Belum pernah" in html


def test_account_list_searches_usernames_case_insensitively(client, db, login):
    for name in ("kapolda.jabar", "kapolres.bogor", "operator_1"):
        make_user(username=name)
    login("admin")

    html = client.get("/admin/users?q=KAPOL").text

    assert "kapolda.jabar" in html and "kapolres.bogor" in html
    assert "operator_1" not in html


def test_account_search_treats_wildcards_literally(client, db, login):
    make_user(username="operator_1")
    make_user(username="operatorx1")
    login("admin")

    html = client.get("/admin/users?q=r_1").text

    assert "operator_1" in html
    assert "operatorx1" not in html


def test_account_list_filters_by_role(client, db, login):
    make_user(username="pelatih.satu", roles=("trainer",))
    make_user(username="peserta.satu", roles=("participant",))
    login("admin")

    html = client.get("/admin/users?role=trainer").text

    assert "pelatih.satu" in html and "peserta.satu" not in html


def test_account_list_is_paginated(app, client, db, login):
    app.config["PAGE_SIZE"] = 2
    for n in range(4):
        make_user(username=f"akun{n}")
    login("admin")

    first = client.get("/admin/users?q=akun").text
    last = client.get("/admin/users?q=akun&page=2").text
    beyond = client.get("/admin/users?q=akun&page=9")

    assert "akun0" in first and "akun1" in first and "akun2" not in first
    assert "akun2" in last and "akun3" in last and "akun0" not in last
    assert 'href="/admin/users?q=akun&amp;page=2"' in first
    assert beyond.status_code == 200


# --- create ---------------------------------------------------------------------------


def test_admin_creates_a_commander_participant_account(client, db, login):
    tree = make_tree()
    person = make_person(tree["polres_a"])
    login("admin")

    response = client.post(
        "/admin/users/new",
        data=new_account(
            roles=["commander", "participant"],
            unit_code=tree["polres_a"].code,
            person_nrp=person.nrp,
        ),
    )

    assert response.status_code == 302
    user = db.session.query(User).filter_by(username="kapolres.a").one()
    assert user.roles == {"commander", "participant"}
    assert (user.unit, user.person) == (tree["polres_a"], person)
    assert user.check_password(GOOD)


def test_new_account_form_has_role_checkboxes_with_labels(client, login):
    login("admin")

    html = client.get("/admin/users/new").text

    for role in ("admin", "trainer", "commander", "participant"):
        assert f'type="checkbox" value="{role}"' in html
    assert '<label class="form-check-label" for="roles-2">Komandan</label>' in html


def test_commander_without_unit_is_refused_and_the_form_keeps_typed_values(client, db, login):
    login("admin")

    response = client.post("/admin/users/new", data=new_account(roles=["commander"]))

    assert response.status_code == 200
    assert "Akun komandan wajib memiliki satuan." in response.text
    assert 'value="kapolres.a"' in response.text
    assert (
        '<input checked class="form-check-input" id="roles-2" name="roles" type="checkbox"'
        in response.text
    )
    assert db.session.query(User).filter_by(username="kapolres.a").count() == 0


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"username": "a b"}, "Nama pengguna harus 3 sampai 64 karakter"),
        ({"password": "pendek"}, "Kata sandi minimal 10 karakter."),
        ({"password": "kapolres.a-2026"}, "tidak boleh memuat nama pengguna"),
        ({"roles": []}, "Pilih minimal satu peran."),
        ({"roles": ["participant"]}, "Akun peserta wajib terhubung ke personel."),
        ({"roles": ["commander"], "unit_code": "ZZZ"}, "Satuan dengan kode ZZZ tidak ada."),
        ({"roles": ["root"]}, "Peran tidak dikenal: root."),
        ({"username": ""}, "Wajib diisi."),
    ],
)
def test_invalid_new_accounts_are_refused_with_indonesian_messages(
    client, db, login, data, message
):
    login("admin")

    response = client.post("/admin/users/new", data=new_account(**data))

    assert response.status_code == 200
    assert message in response.text
    assert db.session.query(User).count() == 1


def test_unknown_nrp_is_refused_and_the_typed_nrp_is_kept(client, db, login):
    login("admin")

    response = client.post(
        "/admin/users/new", data=new_account(roles=["participant"], person_nrp="87654321")
    )

    assert "Personel dengan NRP/NIP 87654321 tidak ada." in response.text
    assert 'value="87654321"' in response.text


def test_duplicate_username_in_another_case_is_refused(client, db, login):
    make_user(username="Kapolres.A")
    login("admin")

    response = client.post("/admin/users/new", data=new_account())

    assert "Nama pengguna kapolres.a sudah dipakai." in response.text


# --- edit and reset -------------------------------------------------------------------


def test_edit_form_is_prefilled_with_the_account(client, db, login):
    tree = make_tree()
    user = make_user(username="kapolres.a", roles=("commander",), unit=tree["polres_a"])
    login("admin")

    html = client.get(f"/admin/users/{user.id}/edit").text

    assert f'value="{tree["polres_a"].code}"' in html
    assert (
        '<input checked class="form-check-input" id="roles-2" name="roles" type="checkbox"' in html
    )
    assert '<input checked class="form-check-input" id="is_active"' in html


def test_admin_edits_roles_unit_person_status_and_language(client, db, login):
    tree = make_tree()
    person = make_person(tree["polsek_a"])
    user = make_user(username="budi", roles=("trainer",))
    login("admin")

    response = client.post(
        f"/admin/users/{user.id}/edit",
        data={
            "roles": ["participant", "commander"],
            "unit_code": tree["polsek_a"].code,
            "person_nrp": person.nrp,
            "locale": "en",
        },
    )

    assert response.status_code == 302
    db.session.refresh(user)
    assert user.roles == {"participant", "commander"}
    assert (user.unit, user.person) == (tree["polsek_a"], person)
    assert (user.is_active, user.locale) == (False, "en")


def test_admin_cannot_deactivate_themselves_through_the_form(client, db, login):
    admin = login("admin")

    response = client.post(
        f"/admin/users/{admin.id}/edit", data={"roles": ["admin"], "locale": "id"}
    )

    assert response.status_code == 200
    assert "Anda tidak dapat menonaktifkan akun sendiri." in response.text
    db.session.refresh(admin)
    assert admin.is_active is True


def test_admin_cannot_drop_their_own_admin_role_through_the_form(client, db, login):
    admin = login("admin")

    response = client.post(
        f"/admin/users/{admin.id}/edit", data=edit_data(admin, roles=["trainer"])
    )

    assert "Anda tidak dapat mencabut peran admin dari akun sendiri." in response.text
    db.session.refresh(admin)
    assert admin.roles == {"admin"}


def test_linking_a_person_already_linked_elsewhere_is_refused(client, db, login):
    person = make_person()
    make_user(username="pemilik", person=person)
    other = make_user(username="kedua", roles=("trainer",))
    login("admin")

    response = client.post(
        f"/admin/users/{other.id}/edit", data=edit_data(other, person_nrp=person.nrp)
    )

    assert f"Personel {person.nrp} sudah terhubung ke akun pemilik." in response.text
    db.session.refresh(other)
    assert other.person is None


def test_admin_resets_a_password(client, db, login):
    user = make_user(username="lupa")
    login("admin")

    response = client.post(f"/admin/users/{user.id}/password", data={"new_password": GOOD})

    assert response.status_code == 302
    db.session.refresh(user)
    assert user.check_password(GOOD)


def test_weak_reset_password_is_refused_next_to_the_field(client, db, login):
    user = make_user(username="lupa")
    login("admin")

    response = client.post(f"/admin/users/{user.id}/password", data={"new_password": "lupa-lupa-1"})

    assert response.status_code == 200
    assert "Kata sandi tidak boleh memuat nama pengguna." in response.text
    db.session.refresh(user)
    assert user.check_password(PASSWORD)


def test_user_with_reset_password_logs_in_with_it(app, db, login):
    user = make_user(username="lupa")
    admin_client, user_client = app.test_client(), app.test_client()
    make_user(username="adm", roles=("admin",))
    db.session.commit()
    admin_client.post("/login", data={"username": "adm", "password": PASSWORD})

    admin_client.post(f"/admin/users/{user.id}/password", data={"new_password": GOOD})
    response = user_client.post("/login", data={"username": "lupa", "password": GOOD})

    assert response.status_code == 302


def test_the_token_help_shows_the_api_path_with_its_id_placeholder(client, db, login):
    login("admin")
    user = make_user(roles=("commander",), unit=make_tree()["polres_a"])
    db.session.commit()

    page = client.get(f"/admin/users/{user.id}/edit").text

    assert "POST /api/v1/accounts/&lt;id&gt;/mentions" in page
    assert "/api/v1/accounts/<id>" not in page  # was read by the browser as a tag
