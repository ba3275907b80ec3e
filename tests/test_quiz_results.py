"""A quiz's results page for staff: each attempt with its person, number, start, hand-in,
score, level and status; filters; CSV/XLSX export; whose attempts each reader sees (trainers
their sessions' people, commanders their subtree, admins and national trainers all,
participants nothing); statements bounded whatever the number of people and units."""

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest
from openpyxl import load_workbook

from tests.factories import PASSWORD, enrol, make_person, make_unit, make_user
from tests.quiz_factories import make_quiz_world, right_position
from tests.statements import assert_same_for_small_and_large, count_statements
from training.extensions import db as _db
from training.learning import quiz_taking
from training.learning.quiz_grading import grade
from training.sessions.models import SessionTrainer


def _take(world, person, *, hand_in: bool, minutes_ago: int):
    """An attempt at the post-test started ``minutes_ago``: all right and handed in, or left
    open (graded at its deadline once it passed)."""
    start = datetime.now(UTC) - timedelta(minutes=minutes_ago)
    attempt = quiz_taking.begin(world["post"], person, None, now=start)
    for slot in attempt.slots:
        quiz_taking.answer_all(attempt, {slot.position: right_position(slot)}, None, now=start)
    if hand_in:
        quiz_taking.hand_in(attempt, None, now=start + timedelta(minutes=1))
    grade(attempt.id)
    return attempt


@pytest.fixture
def world(db):
    """Rina handed in (graded), Agus ran out of time (graded at the deadline), both in the
    session of polres_a; Yohanes of polsek_b, not enrolled, is still answering. A regional
    trainer is named on the session."""
    world = make_quiz_world(time_limit_minutes=20)
    people = world["people"]
    _take(world, people["rina"], hand_in=True, minutes_ago=30)
    _take(world, people["agus"], hand_in=False, minutes_ago=30)
    _take(world, people["outsider"], hand_in=False, minutes_ago=1)
    tree = world["tree"]
    named = make_person(tree["polres_a"], full_name="Pelatih Sesi")
    world["session"].trainers.append(SessionTrainer(person_id=named.id))
    world["readers"] = {
        "admin": make_user(("admin",), username="admin_hasil"),
        "national": make_user(("trainer",), username="nasional_hasil"),
        "named": make_user(("trainer",), unit=tree["polres_a"], person=named, username="sesi"),
        "regional": make_user(("trainer",), unit=tree["polres_a"], username="regional_hasil"),
        "cmd_polsek_b": make_user(("commander",), unit=tree["polsek_b"], username="kapolsek_b"),
        "cmd_polres_a": make_user(("commander",), unit=tree["polres_a"], username="kapolres_a"),
    }
    db.session.commit()
    return world


def _page(client, world, reader, query=""):
    client.post("/login", data={"username": reader, "password": PASSWORD})
    response = client.get(f"/quiz/{world['post'].id}/results{query}")
    client.post("/logout")
    return response


def _names(response) -> list[str]:
    return [n for n in ("Rina", "Agus", "Yohanes") if f"{n} " in response.text]


@pytest.mark.parametrize(
    ("reader", "seen"),
    [
        ("admin_hasil", ["Rina", "Agus", "Yohanes"]),
        ("nasional_hasil", ["Rina", "Agus", "Yohanes"]),
        ("sesi", ["Rina", "Agus"]),
        ("regional_hasil", []),
        ("kapolsek_b", ["Yohanes"]),
        ("kapolres_a", ["Rina", "Agus"]),
    ],
)
def test_each_reader_sees_the_attempts_of_their_people(client, world, reader, seen):
    response = _page(client, world, reader)

    assert response.status_code == 200
    assert _names(response) == seen


def test_participants_read_their_own_attempts_on_the_review_page_only(client, world):
    response = _page(client, world, "rina_kuis")

    assert response.status_code == 403


def test_the_page_shows_number_times_score_level_and_status(client, world):
    text = _page(client, world, "admin_hasil").text

    assert 'id="results"' in text
    assert "100%" in text and "Istimewa" in text
    assert "Dinilai" in text and "Waktu habis (dinilai)" in text
    assert "Sedang dikerjakan" in text


@pytest.mark.parametrize(
    ("query", "seen"),
    [
        ("?status=graded", ["Rina"]),
        ("?status=timed_out", ["Agus"]),
        ("?status=running", ["Yohanes"]),
        ("?q=rina", ["Rina"]),
        ("?unit={polsek_b}", ["Yohanes"]),
    ],
)
def test_filters_narrow_the_list(client, world, query, seen):
    query = query.format(polsek_b=world["tree"]["polsek_b"].code)

    assert _names(_page(client, world, "admin_hasil", query)) == seen


def test_an_unknown_unit_code_is_said_at_the_field_and_lists_nothing(client, world):
    response = _page(client, world, "admin_hasil", "?unit=TIDAKADA")

    assert response.status_code == 200
    assert 'value="TIDAKADA"' in response.text
    assert "Satuan TIDAKADA tidak ditemukan dalam lingkup Anda." in response.text
    assert _names(response) == []
    client.post("/login", data={"username": "admin_hasil", "password": PASSWORD})
    assert client.get(f"/quiz/{world['post'].id}/results.csv?unit=TIDAKADA").status_code == 404


def test_a_sibling_units_code_is_said_like_an_unknown_one(client, world):
    polsek_a = world["tree"]["polsek_a"].code

    response = _page(client, world, "kapolsek_b", f"?unit={polsek_a}")

    assert f"Satuan {polsek_a} tidak ditemukan dalam lingkup Anda." in response.text
    assert _names(response) == []
    assert 'id="results-downloads"' not in response.text
    client.post("/login", data={"username": "kapolsek_b", "password": PASSWORD})
    assert client.get(f"/quiz/{world['post'].id}/results.csv?unit={polsek_a}").status_code == 404


def test_a_trainer_named_on_another_commands_session_filters_by_its_unit(client, world):
    tree = world["tree"]
    visitor = make_person(tree["polres_b"], full_name="Pelatih Tamu")
    world["session"].trainers.append(SessionTrainer(person_id=visitor.id))
    make_user(("trainer",), unit=tree["polres_b"], person=visitor, username="tamu_hasil")
    _db.session.commit()

    response = _page(client, world, "tamu_hasil", f"?unit={tree['polsek_a'].code}")

    assert _names(response) == ["Rina", "Agus"]
    assert "tidak ditemukan" not in response.text
    # other filters that leave nothing do not make the unit unknown
    narrowed = _page(client, world, "tamu_hasil", f"?unit={tree['polsek_a'].code}&q=Tidak+Ada")
    assert _names(narrowed) == []
    assert "tidak ditemukan" not in narrowed.text
    assert 'id="results-downloads"' in narrowed.text
    client.post("/login", data={"username": "tamu_hasil", "password": PASSWORD})
    export = client.get(f"/quiz/{world['post'].id}/results.csv?unit={tree['polsek_a'].code}")
    assert export.status_code == 200
    assert len(list(csv.reader(io.StringIO(export.get_data(as_text=True))))) == 3


def test_the_csv_export_holds_the_rows_the_reader_sees(client, world):
    client.post("/login", data={"username": "kapolres_a", "password": PASSWORD})

    response = client.get(f"/quiz/{world['post'].id}/results.csv?status=graded")

    rows = list(csv.reader(io.StringIO(response.text.lstrip("\ufeff"))))
    assert rows[0][:5] == ["nama", "nrp", "pangkat", "satuan", "percobaan"]
    assert [(r[0], r[4], r[7], r[8], r[9]) for r in rows[1:]] == [
        ("Rina Wulandari", "1", "100.0", "Istimewa", "Dinilai")
    ]


def test_the_xlsx_export_has_every_attempt_for_an_admin(client, world):
    client.post("/login", data={"username": "admin_hasil", "password": PASSWORD})

    response = client.get(f"/quiz/{world['post'].id}/results.xlsx")

    sheet = load_workbook(io.BytesIO(response.data)).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert sorted(r[0] for r in rows[1:]) == ["Agus Salim", "Rina Wulandari", "Yohanes Wenda"]
    assert client.get(f"/quiz/{world['post'].id}/results.pdf").status_code == 404


def _crowd(world, count: int) -> None:
    """``count`` more people of as many new Polsek (ranks varied) with an attempt each."""
    for n in range(count):
        unit = make_unit(world["tree"]["polres_a"], level="polsek")
        person = make_person(unit, rank=("Bripda", "Briptu", "Aipda", "Iptu")[n % 4])
        enrol(world["session"], person)
        quiz_taking.begin(world["post"], person, None)
    _db.session.commit()


def test_statements_do_not_grow_with_people_and_units(app, world):
    client = app.test_client()
    client.post("/login", data={"username": "kapolres_a", "password": PASSWORD})
    url = f"/quiz/{world['post'].id}/results"
    client.get(url)  # warm the caches of the first request
    with count_statements() as small:
        assert client.get(url).status_code == 200
    _crowd(world, 25)
    with count_statements() as large:
        assert client.get(url).status_code == 200
    with count_statements() as export:
        assert len(client.get(url + ".csv").text.splitlines()) == 28

    assert_same_for_small_and_large(small, large, 20)
    assert len(export) <= len(large)


def test_the_trainer_home_page_leads_to_every_quiz_and_its_results(client, world):
    client.post("/login", data={"username": "sesi", "password": PASSWORD})

    home = client.get("/").text
    index = client.get("/quiz/results").text

    assert 'id="home-quiz-results" href="/quiz/results"' in home
    assert f'href="/quiz/{world["post"].id}/results"' in index
    assert f'href="/quiz/{world["pre"].id}/results"' in index


def test_the_download_links_carry_the_filters_and_odd_arguments_break_nothing(client, world):
    response = _page(client, world, "admin_hasil", "?status=graded&q=rina&quiz_id=7&fmt=pdf")

    assert response.status_code == 200
    assert f"/quiz/{world['post'].id}/results.csv?status=graded&amp;q=rina" in response.text
