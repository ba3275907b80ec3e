"""What a page does once per request: the signed-in account in one statement, labels and
translations looked up once per locale, plain links from a cache equal to ``url_for``, the
people count without the list query (issue 13 point 2). Behaviour stays as before: a role
change applies on the next request and signing out elsewhere still ends the session."""

import re
from datetime import UTC, date, datetime
from decimal import Decimal

import flask_babel
import pytest
from flask import url_for
from flask_babel import force_locale
from flask_login import current_user, login_user
from sqlalchemy import select

from tests.factories import PASSWORD, make_person, make_tree, make_user
from tests.statements import count_statements
from training.auth.models import User
from training.core import numfmt, sqlmemo
from training.core.labels import position_label
from training.core.urlbuild import fast_url_for
from training.notifications.models import Notification
from training.notifications.queries import unread_for_page
from training.notifications.services import mark_all_read
from training.people import queries
from training.policy.scope import scope_of


def _browser(app, username):
    client = app.test_client()
    response = client.post("/login", data={"username": username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def test_the_signed_in_account_with_roles_unit_and_person_is_one_statement(app, db):
    tree = make_tree()
    person = make_person(tree["polda_a"], position="kapolda")
    make_user(username="kapolda", roles=("commander", "participant"), unit=tree["polda_a"],
              person=person)  # fmt: skip
    db.session.commit()
    browser = _browser(app, "kapolda")
    db.session.remove()  # a cold identity map, as in a real request
    with count_statements(db) as statements:
        assert browser.get("/profile").status_code == 200
    # PostgreSQL quotes the table name "user" (a reserved word)
    account = [s for s in statements if re.search(r'FROM "?user(_role)?"?\s', s)]
    assert len(account) == 1 and "user_role" in account[0] and "JOIN unit" in account[0]
    assert not any(s.startswith("SELECT person.") for s in statements if "FROM person" in s)


def test_a_role_taken_away_applies_on_the_next_request(app, db):
    tree = make_tree()
    user = make_user(username="pelatih", roles=("trainer",), unit=tree["polda_a"])
    person = make_person(tree["polda_a"], nrp="88010001")
    make_user(username="adm", roles=("admin",))
    db.session.commit()
    user_id = user.id
    trainer, admin = _browser(app, "pelatih"), _browser(app, "adm")
    assert trainer.get("/people/").status_code == 200

    form = {"roles": ["participant"], "person_nrp": person.nrp, "locale": "id", "is_active": "y"}
    assert admin.post(f"/admin/users/{user_id}/edit", data=form).status_code == 302

    db.session.remove()
    assert trainer.get("/people/").status_code == 403
    assert db.session.get(User, user_id).roles == {"participant"}


def test_signing_out_in_one_browser_ends_the_copied_session_on_the_people_list(app, db):
    make_user(username="budi", roles=("trainer",))
    db.session.commit()
    browser = _browser(app, "budi")
    copy = app.test_client()
    copy.set_cookie("session", browser.get_cookie("session").value)
    assert copy.get("/people/").status_code == 200

    browser.post("/logout")

    db.session.remove()
    replayed = copy.get("/people/")
    assert replayed.status_code == 302 and replayed.headers["Location"].startswith("/login")


def test_labels_follow_the_locale_within_one_request(app):
    with app.test_request_context("/"):
        assert position_label("operator_medsos") == "Operator media sosial"
        with force_locale("en"):
            assert position_label("operator_medsos") == "Social media operator"
        assert position_label("operator_medsos") == "Operator media sosial"
        assert position_label("unknown-code") == "unknown-code"


@pytest.mark.parametrize(
    ("endpoint", "values"),
    [
        ("home.index", {}),
        ("people.index", {}),
        ("people.detail", {"person_id": 7}),
        ("people.detail", {"person_id": 123456}),
        ("units.detail", {"code": "15"}),
        ("units.detail", {"code": "15.01-a"}),
        ("units.detail", {"code": "a b/ç?"}),  # reserved characters: url_for itself
        ("people.index", {"unit": "15"}),
        ("people.index", {"unit": "15", "page": 2}),
        ("people.index", {"unit": None}),
        ("people.index", {"q": "a b&c/ç", "sort": "name", "dir": "asc", "page": 1}),
        ("people.index", {"rank": ["AKP", "Bripda"], "unit": None, "page": 3}),
        ("people.index", {"page": 2, "_anchor": "daftar"}),
        ("people.export_csv", {"unit": "15", "per_page": 50}),
        ("units.detail", {"code": "15", "tab": "people"}),
        ("static", {"filename": "css/app.css"}),
    ],
)
def test_cached_links_are_exactly_what_url_for_builds(app, endpoint, values):
    for root in ("", "/presisi"):
        with app.test_request_context("/", base_url=f"http://localhost{root}"):
            assert fast_url_for(endpoint, dict(values)) == url_for(endpoint, **values)
            assert fast_url_for(endpoint, dict(values)) == url_for(endpoint, **values)


@pytest.mark.parametrize(
    "filters",
    [{}, {"q": "an"}, {"rank": "AKP"}, {"position": "kapolsek"}, {"unit": "polres_a"}],
)
def test_the_people_count_equals_the_rows_of_the_list_query(app, db, filters):
    tree = make_tree()
    units = list(tree.values())
    for n in range(30):
        make_person(units[n % len(units)], full_name=f"Anggota {n} {'ab'[n % 2]}n",
                    rank=("AKP", "Bripda", "AKBP")[n % 3],
                    position=("kapolsek", "operator_medsos")[n % 2])  # fmt: skip
    own = make_person(tree["polda_b"], full_name="Sendiri")
    user = make_user(roles=("commander", "participant"), unit=tree["polda_a"], person=own)
    db.session.commit()
    if "unit" in filters:
        filters = {**filters, "unit": tree[filters["unit"]]}
    scope = scope_of(user)
    listed = db.session.scalars(queries.people_query(scope, **filters)).all()
    assert queries.people_count(scope, **filters) == len(listed) > 0
    assert own in db.session.scalars(queries.people_query(scope)).all()


def test_row_links_with_the_apps_bounded_int_come_from_the_split_template(app):
    """``<int:person_id>`` is the app's bounded converter (core/guards.py): a row's link is
    still joined from the cached template, not built by url_for each time."""
    with app.test_request_context("/"):
        assert fast_url_for("people.detail", {"person_id": 42}) == "/people/42"
        cache = app.extensions["presisi_url_cache"]
        assert cache[("", "people.detail", "person_id", int)] == ("/people/", "")


def _bell(text: str) -> str:
    found = re.search(r'data-testid="unread-count">\s*(\d+)\s*<', text)
    return found.group(1) if found else "0"


def test_the_bell_is_read_with_the_signed_in_account_not_by_a_statement_of_its_own(app, db):
    tree = make_tree()
    person = make_person(tree["polsek_b"], position="operator_medsos")
    user = make_user(username="peserta", roles=("participant",), person=person)
    db.session.flush()
    now = datetime.now(UTC)
    for title, read_at in (("Satu", None), ("Dua", None), ("Dibaca", now)):
        db.session.add(Notification(user_id=user.id, kind="enrolled", title=title,
                                    created_at=now, read_at=read_at))  # fmt: skip
    db.session.commit()
    browser = _browser(app, "peserta")
    db.session.remove()
    with count_statements(db) as statements:
        page = browser.get("/profile")
    assert page.status_code == 200 and _bell(page.text) == "2"
    assert not [s for s in statements if re.match(r"\s*SELECT count\(notification", s)]
    account = [s for s in statements if re.search(r'FROM "?user"?\s', s)]
    assert len(account) == 1 and "FROM notification" in account[0]


def test_a_notice_read_in_the_request_is_counted_again_for_the_bell(app, db):
    make_user(username="peserta", roles=("participant",))
    db.session.commit()
    browser = _browser(app, "peserta")
    user = db.session.scalar(select(User).where(User.username == "peserta"))
    db.session.add(Notification(user_id=user.id, kind="enrolled", title="Satu",
                                created_at=datetime.now(UTC)))  # fmt: skip
    db.session.commit()
    assert _bell(browser.get("/profile").text) == "1"
    with app.test_request_context("/"):
        login_user(db.session.get(User, user.id))
        assert unread_for_page(current_user) == 1  # read with the account
        mark_all_read(user.id, datetime.now(UTC))
        assert unread_for_page(current_user) == 0  # counted again after the change


def test_a_participant_without_a_unit_has_their_person_s_unit_in_the_same_statement(app, db):
    tree = make_tree()
    person = make_person(tree["polsek_b"], position="operator_medsos")
    make_user(username="peserta", roles=("participant",), person=person)
    db.session.commit()
    browser = _browser(app, "peserta")
    db.session.remove()
    with count_statements(db) as statements:
        assert browser.get("/").status_code == 200  # the day and times in the unit's zone
    lazy_unit = re.compile(r"\s*SELECT unit\.\w+.*WHERE unit\.id = ", re.S)
    assert not [s for s in statements if lazy_unit.match(s)]


def test_kept_numbers_and_days_are_what_flask_babel_writes_in_each_language(app):
    values = [0, 1, 7, 4762, 1234567, 0.0, 0.05, 1.0, 12.34, 87.5, 99.95, 100.0, -3.25]
    patterns = [None, "0.00", "0.#", "#,##0", "#,##0.#"]
    days = [date(2026, 12, 3), date(2027, 1, 31), datetime(2026, 12, 3, 23, 30, tzinfo=UTC)]
    for locale in ("id", "en"):
        with app.test_request_context("/"), force_locale(locale):
            for pattern in patterns:
                for value in values:
                    expected = flask_babel.format_decimal(value, pattern)
                    assert numfmt.number(value, pattern) == expected, (locale, pattern, value)
                    assert numfmt.number(value, pattern) == expected  # the kept text
            for value in days:
                for pattern in ("medium", "long"):
                    assert numfmt.day(value, pattern) == flask_babel.format_date(value, pattern)
            assert numfmt.number(Decimal("1.10"), "0.00") == flask_babel.format_decimal(
                Decimal("1.10"), "0.00"
            )
    with app.test_request_context("/"):
        with force_locale("id"):
            assert numfmt.number(4762, "#,##0") == "4.762"
            assert numfmt.day(date(2026, 12, 3), "medium") == "3 Des 2026"
        with force_locale("en"):
            assert numfmt.number(4762, "#,##0") == "4,762"
            assert numfmt.day(date(2026, 12, 3), "medium") == "Dec 3, 2026"


def test_a_pages_formats_write_what_the_filters_write_in_each_language(app):
    """numfmt.Formats reads the language once for a page's many figures (the readiness
    table): the same texts as the percent and decimal filters and the page's counts."""
    values = [None, 0, 1, 4762, 1234567, 0.0, 0.05, 12.34, 87.5, 99.95, 100.0]
    percent, decimal = app.jinja_env.filters["percent"], app.jinja_env.filters["decimal"]
    for locale in ("id", "en"):
        with app.test_request_context("/"), force_locale(locale):
            fmt = numfmt.Formats()
            for value in values:
                assert fmt.percent(value) == percent(value), (locale, value)
                assert fmt.decimal(value) == decimal(value), (locale, value)
                counted = "—" if value is None else flask_babel.format_decimal(value, "#,##0")
                assert fmt.count(value) == counted, (locale, value)


def test_a_kept_statement_is_built_once_per_key_and_the_oldest_are_dropped(monkeypatch):
    monkeypatch.setattr(sqlmemo, "_kept", type(sqlmemo._kept)())
    monkeypatch.setattr(sqlmemo, "MAX_ENTRIES", 2)
    built = []

    def build(name):
        built.append(name)
        return select(User.id).where(User.username == name)

    first = sqlmemo.kept(("test", "a"), lambda: build("a"))
    assert sqlmemo.kept(("test", "a"), lambda: build("a")) is first
    sqlmemo.kept(("test", "b"), lambda: build("b"))
    sqlmemo.kept(("test", "c"), lambda: build("c"))  # drops "a", the least recently used
    assert sqlmemo.kept(("test", "a"), lambda: build("a")) is not first

    assert built == ["a", "b", "c", "a"]
