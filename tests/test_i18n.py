"""English catalogue completeness, placeholders, language switching and Indonesian formatting."""

import re
from collections import Counter
from configparser import RawConfigParser
from datetime import UTC, datetime
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import g

from tests import factories
from tests.conftest import make_app
from training.auth.models import User
from training.extensions import db as _db

ROOT = Path(__file__).resolve().parent.parent
PO_PATH = ROOT / "training" / "translations" / "en" / "LC_MESSAGES" / "messages.po"
KEYWORDS = {
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "_l": None,
    "lazy_gettext": None,
    "lazy_ngettext": (1, 2),
}
PLACEHOLDER = re.compile(r"%(?:\((\w+)\))?[-#0 +]*\d*(?:\.\d+)?([diouxXeEfFgGcrs%])")


def babel_mapping() -> list[tuple[str, str]]:
    """The (pattern, method) pairs of babel.cfg, in file order."""
    config = RawConfigParser()
    config.read(ROOT / "babel.cfg")
    pairs = [section.split(":", 1) for section in config.sections()]
    return [(pattern.strip(), method.strip()) for method, pattern in pairs]


def source_messages() -> dict[str, str]:
    """Every msgid found in the source, with the first place it occurs."""
    found: dict[str, str] = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map=babel_mapping(), keywords=KEYWORDS
    ):
        for msgid in message if isinstance(message, tuple) else (message,):
            if msgid:
                found.setdefault(msgid, f"{filename}:{lineno}")
    return found


def english_catalogue():
    with PO_PATH.open("rb") as handle:
        return read_po(handle, locale="en")


def placeholders(text: str) -> Counter:
    return Counter(name or kind for name, kind in PLACEHOLDER.findall(text) if kind != "%" or name)


def test_babel_mapping_covers_python_and_templates():
    assert babel_mapping() == [("training/**.py", "python"), ("templates/**.html", "jinja2")]


def test_every_source_message_has_an_english_translation():
    catalogue = english_catalogue()
    found = source_messages()

    missing = []
    for msgid, where in sorted(found.items(), key=lambda item: item[1]):
        entry = catalogue.get(msgid)
        strings = (
            entry.string
            if entry and isinstance(entry.string, tuple)
            else ((entry.string,) if entry else ("",))
        )
        if entry is None or entry.fuzzy or not all(s and s.strip() for s in strings):
            missing.append(f"{where}: {msgid!r}")

    assert len(found) > 250
    assert not missing, (
        f"{len(missing)} message(s) lack an English translation; run "
        "scripts/update_translations.sh and fill in messages.po:\n" + "\n".join(missing)
    )


def test_the_catalogue_defines_each_message_once():
    """A message defined twice (a merge appended it again) is an error for msgfmt and,
    for Babel, silently the last one: one entry per (context, message)."""
    text = PO_PATH.read_text(encoding="utf-8")
    keys = re.findall(
        r'^(?:msgctxt ("(?:[^"\\]|\\.)*")\n)?msgid ("(?:[^"\\]|\\.)*"(?:\n"(?:[^"\\]|\\.)*")*)',
        text,
        flags=re.M,
    )
    twice = [key for key, count in Counter(keys).items() if count > 1 and key != ("", '""')]
    assert not twice, twice


def test_translations_keep_the_placeholders_of_their_source():
    mismatched = []
    for entry in english_catalogue():
        if not entry.id or not entry.string:
            continue
        ids = entry.id if isinstance(entry.id, tuple) else (entry.id,)
        strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        for translation in strings:
            if translation and placeholders(translation) != placeholders(ids[0]):
                mismatched.append(f"{ids[0]!r} -> {translation!r}")

    assert not mismatched, "placeholders differ:\n" + "\n".join(mismatched)


def test_placeholder_pattern_reads_named_and_formatted_fields():
    assert placeholders("%(n)d baris, %(seconds).1f detik, 100%%") == Counter(
        {"n": 1, "seconds": 1}
    )


# --- views ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def compiled_translations(tmp_path_factory):
    """messages.po compiled into a private directory, so the tests never depend on make."""
    directory = tmp_path_factory.mktemp("translations")
    target = directory / "en" / "LC_MESSAGES"
    target.mkdir(parents=True)
    with (target / "messages.mo").open("wb") as handle:
        write_mo(handle, english_catalogue())
    return directory


def forget_previous_request():
    """Drop per-request state that outlives a request in tests.

    The conftest keeps one app context open for the whole test, and Flask reuses it for every
    request, so ``g`` (where Flask-Login keeps the user and flask-babel the locale) would
    carry the first request's user and language into later requests and other clients.
    """
    g.pop("_login_user", None)
    g.pop("_flask_babel", None)


@pytest.fixture
def app(compiled_translations):
    app = make_app(BABEL_TRANSLATION_DIRECTORIES=str(compiled_translations))
    app.before_request(forget_previous_request)
    with app.app_context():
        _db.create_all()
        yield app
        _db.session.remove()
        _db.drop_all()
        _db.engine.dispose()


def participant_login(login):
    unit = factories.make_unit()
    person = factories.make_person(unit, full_name="Budi Santoso")
    return login("participant", person=person)


def html_lang(response) -> str:
    return re.search(r'<html[^>]*\blang="([^"]+)"', response.text).group(1)


def test_login_page_is_indonesian_by_default(client):
    response = client.get("/login")

    assert response.status_code == 200
    assert html_lang(response) == "id"
    for text in ("Nama pengguna", "Kata sandi", "Masuk", "Bahasa", "Ganti"):
        assert text in response.text
    assert "Username" not in response.text


def test_switching_to_english_translates_pages_and_saves_the_users_locale(client, login, db):
    user = participant_login(login)
    assert "Selamat datang, Budi Santoso" in client.get("/").text

    response = client.post("/lang", data={"lang": "en", "next": "/"})

    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    home = client.get("/")
    assert html_lang(home) == "en"
    for text in ("Welcome, Budi Santoso", "Personal details", "Rank", "Language", "Change"):
        assert text in home.text
    assert "Selamat datang" not in home.text
    assert db.session.get(User, user.id).locale == "en"


def test_saved_language_is_used_at_the_next_login_from_a_new_client(app, client, login, db):
    user = participant_login(login)
    client.post("/lang", data={"lang": "en"})

    fresh = app.test_client()
    assert html_lang(fresh.get("/login")) == "id"
    fresh.post("/login", data={"username": user.username, "password": factories.PASSWORD})
    home = fresh.get("/")

    assert html_lang(home) == "en"
    assert "Welcome, Budi Santoso" in home.text


def test_anonymous_visitors_choice_is_kept_in_the_session(client):
    response = client.post("/lang", data={"lang": "en", "next": "/login"})

    assert response.headers["Location"] == "/login"
    page = client.get("/login")
    assert html_lang(page) == "en"
    for text in ("Username", "Password", "Log in", "Language"):
        assert text in page.text
    assert "Nama pengguna" not in page.text
    with client.session_transaction() as session:
        assert session["lang"] == "en"


def test_unknown_language_is_ignored(client, login, db):
    user = participant_login(login)

    response = client.post("/lang", data={"lang": "xx", "next": "/"})

    assert response.status_code == 302
    assert html_lang(client.get("/")) == "id"
    assert db.session.get(User, user.id).locale == "id"
    with client.session_transaction() as session:
        assert session.get("lang") != "xx"


def test_language_switch_never_redirects_off_site(client):
    response = client.post("/lang", data={"lang": "en", "next": "//evil.example/"})

    assert response.status_code == 302
    assert "evil.example" not in response.headers["Location"]


def test_error_pages_and_flash_messages_follow_the_chosen_language(client, login):
    participant_login(login)
    client.post("/lang", data={"lang": "en"})

    missing = client.get("/no-such-page")
    client.post("/logout")
    after_logout = client.get("/login")

    assert missing.status_code == 404
    assert "Not found" in missing.text
    assert "You have logged out." in after_logout.text


def test_dates_are_formatted_for_the_chosen_language_in_jakarta_time(client, login, db):
    other = factories.make_user(roles=("trainer",))
    other.created_at = datetime(2026, 1, 15, 7, 30, tzinfo=UTC)
    login("admin")
    url = f"/admin/users/{other.id}/edit"

    indonesian = client.get(url)
    client.post("/lang", data={"lang": "en"})
    english = client.get(url)

    assert "15 Jan 2026 14.30 WIB" in indonesian.text
    assert "Jan 15, 2026 14.30 WIB" in english.text
