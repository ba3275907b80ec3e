"""Feedback through the pages: answering from the home page, results only in aggregate and
from five responses, exports under the same rule, scope, and editing the survey."""

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from tests.factories import PASSWORD, make_command_tree, make_course, make_person, make_user
from tests.feedback_factories import answer_all, ended_session, mark
from tests.home_factories import name_trainer
from training.learning.feedback_models import FeedbackResponse, FeedbackTemplate

NAMES = ("Siti Rahmawati", "Yohanes Wenda", "I Made Sudarsana", "Andi Pratama", "Rina Marpaung")
RANKS = ("Bripka", "AKP", "Iptu", "III/a", "Brigpol")


@pytest.fixture
def world(db):
    tree = make_command_tree()
    course = make_course(tier=2, title="Tingkat 2 Polres")
    end = datetime.now(UTC) - timedelta(days=1)
    session = ended_session(
        course, tree["polres_1"], audience_unit=tree["polres_1"], end=end, title="Sesi Humas"
    )
    trainer = make_user(("trainer",), username="pelatih_sesi", unit=tree["polres_1"])
    name_trainer(session, trainer)
    people = [
        make_person(tree["polsek_1"], full_name=n, rank=r, position="kapolsek")
        for n, r in zip(NAMES, RANKS, strict=True)
    ]
    users = {
        "trainer": trainer,
        "admin": make_user(("admin",), username="admin_fb"),
        "kapolres_1": make_user(("commander",), username="kapolres_fb", unit=tree["polres_1"]),
        "kapolres_2": make_user(("commander",), username="kapolres_sebelah", unit=tree["polres_2"]),
        "regional": make_user(("trainer",), username="pelatih_wilayah", unit=tree["polres_1"]),
        "national": make_user(("trainer",), username="pelatih_nasional"),
    }
    db.session.commit()
    return {"tree": tree, "course": course, "session": session, "people": people, "users": users}


def sign_in(client, user):
    client.post("/logout")
    response = client.post("/login", data={"username": user.username, "password": PASSWORD})
    assert response.status_code == 302


def _now():
    return datetime.now(UTC)


def test_a_participant_answers_from_the_home_page_once(client, world, db):
    session, person = world["session"], world["people"][0]
    mark(session, person)
    user = make_user(("participant",), username="siti_fb", person=person)
    db.session.commit()
    sign_in(client, user)

    home = client.get("/").text
    assert "Isi umpan balik" in home and "Sesi Humas" in home
    url = f"/feedback/sessions/{session.id}"
    assert url in home
    page = client.get(url).text
    assert "Sangat tidak setuju" in page and "Sangat setuju" in page
    assert "tanpa nama" in page or "tidak dicatat dengan nama" in page

    # a required answer missing: the page again, with the message and what was typed
    response = client.post(url, data={"q1": "5", "q2": "4", "q3": "4", "q5": "Tambah praktik"})
    assert response.status_code == 200
    assert "Pilih salah satu jawaban." in response.text
    assert "Tambah praktik" in response.text
    assert db.session.scalar(select(func.count()).select_from(FeedbackResponse)) == 0

    data = {"q1": "5", "q2": "4", "q3": "4", "q4": "5", "q5": "Tambah praktik"}
    response = client.post(url, data=data, follow_redirects=True)
    assert "umpan balik Anda tersimpan tanpa nama" in response.text
    assert "home-feedback" not in response.text  # nothing left awaiting
    again = client.post(url, data=data)
    assert "sudah mengisi umpan balik" in again.text
    assert db.session.scalar(select(func.count()).select_from(FeedbackResponse)) == 1


def test_a_person_who_did_not_attend_gets_404(client, world, db):
    session, person = world["session"], world["people"][1]
    mark(session, person, "alpa")
    user = make_user(("participant",), username="alpa_fb", person=person)
    db.session.commit()
    sign_in(client, user)

    assert "home-feedback" not in client.get("/").text
    assert client.get(f"/feedback/sessions/{session.id}").status_code == 404


def test_the_window_closes_after_the_setting(app, client, world, db):
    session, person = world["session"], world["people"][2]
    mark(session, person)
    user = make_user(("participant",), username="telat_fb", person=person)
    db.session.commit()
    app.config["FEEDBACK_WINDOW_DAYS"] = 0  # the session ended a day ago
    sign_in(client, user)

    assert "home-feedback" not in client.get("/").text
    page = client.get(f"/feedback/sessions/{session.id}").text
    assert "Masa pengisian umpan balik sesi ini sudah berakhir." in page
    assert 'id="feedback-form"' not in page


def test_results_below_five_show_no_figure_and_no_name(client, world, db):
    session = world["session"]
    answer_all(session, world["people"][:4], [5, 4, 4, 2], texts=["Materi padat"], now=_now())
    db.session.commit()
    sign_in(client, world["users"]["trainer"])

    page = client.get(f"/feedback/sessions/{session.id}/results").text
    assert "belum cukup tanggapan (n < 5)" in page
    assert "Rata-rata" not in page and "Materi padat" not in page
    csv_text = client.get(f"/feedback/sessions/{session.id}/results.csv").text
    rows = list(csv.reader(io.StringIO(csv_text.lstrip("\ufeff"))))
    assert rows[1][2] == "belum cukup tanggapan (n < 5)"
    assert "Materi padat" not in csv_text


def test_results_from_five_with_the_indonesian_comma_and_exports(client, world, db):
    session = world["session"]
    texts = ["Perbanyak praktik", "Contoh unggahan Polres"]
    answer_all(session, world["people"], [5, 4, 4, 4, 4], texts=texts, now=_now())
    db.session.commit()
    sign_in(client, world["users"]["kapolres_1"])

    page = client.get(f"/feedback/sessions/{session.id}/results").text
    assert "4,20" in page  # (5 + 4 + 4 + 4 + 4) / 5
    assert "Perbanyak praktik" in page and "Contoh unggahan Polres" in page
    for person in world["people"]:
        assert person.full_name not in page
        assert person.nrp not in page
    xlsx = client.get(f"/feedback/sessions/{session.id}/results.xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.data)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0][2] == "Pertanyaan"
    assert values[1][4:7] == [5, 5, 4.2]
    assert values[1][7:12] == [0, 0, 0, 4, 1]
    assert {r[-1] for r in values[5:]} == set(texts)
    names = {p.full_name for p in world["people"]}
    assert not names & {str(v) for row in values for v in row}

    world["users"]["kapolres_1"].locale = "en"
    db.session.commit()
    english = client.get(f"/feedback/sessions/{session.id}/results").text
    assert "4.20" in english and "4,20" not in english


def test_the_sibling_commander_and_a_regional_trainer_see_nothing(client, world, db):
    session, course = world["session"], world["course"]
    answer_all(session, world["people"], [4], texts=["Rahasia unit"], now=_now())
    db.session.commit()

    for key in ("kapolres_2", "regional", "national"):
        sign_in(client, world["users"][key])
        assert client.get(f"/feedback/sessions/{session.id}/results").status_code == 404
        assert client.get(f"/feedback/sessions/{session.id}/results.csv").status_code == 404
        course_page = client.get(f"/feedback/courses/{course.id}/results").text
        assert "Belum ada tanggapan. Angka ditampilkan setelah ada 5 tanggapan." in course_page
        assert "belum cukup tanggapan" not in course_page and "Rahasia unit" not in course_page
        assert "Sesi Humas" not in client.get("/feedback/").text

    sign_in(client, world["users"]["kapolres_1"])
    assert "Rahasia unit" in client.get(f"/feedback/courses/{course.id}/results").text
    index = client.get("/feedback/").text
    assert "Sesi Humas" in index and "pelatih_sesi" in index
    assert f"· {session.venue_unit.name} · " in index  # two classes of a day told apart
    sign_in(client, world["users"]["trainer"])
    own = client.get(f"/feedback/trainers/{world['users']['trainer'].id}/results").text
    assert "Rahasia unit" in own
    detail = client.get(f"/sessions/{session.id}").text
    assert f"/feedback/sessions/{session.id}/results" in detail


def test_editing_the_survey_after_answers_makes_version_two(client, world, db):
    session = world["session"]
    template = answer_all(session, world["people"][:1], [4], now=_now())
    first = template.questions[0]
    db.session.commit()
    sign_in(client, world["users"]["national"])

    assert "Versi ini sudah dijawab peserta" in client.get("/feedback/template").text
    response = client.post(
        f"/feedback/template/questions/{first.id}/edit",
        data={"kind": "likert", "prompt": "Materi sesuai kebutuhan satuan.", "is_required": "y"},
        follow_redirects=True,
    )
    assert "Versi 2" in response.text and "Materi sesuai kebutuhan satuan." in response.text
    versions = db.session.scalars(select(FeedbackTemplate.version)).all()
    assert sorted(versions) == [1, 2]
    blank = client.post("/feedback/template/questions", data={"kind": "likert", "prompt": ""})
    assert blank.status_code == 400 and "Tuliskan pertanyaannya." in blank.text


def test_the_results_are_linked_from_the_trainer_home_and_the_programme_page(client, world, db):
    course = world["course"]
    sign_in(client, world["users"]["trainer"])

    home = client.get("/").text
    assert 'href="/feedback/"' in home
    programme = client.get(f"/programs/{course.program_id}").text
    assert f"/feedback/courses/{course.id}/results" in programme
    index = client.get("/feedback/").text
    assert f"/feedback/trainers/{world['users']['trainer'].id}/results" in index
    sign_in(client, world["users"]["kapolres_1"])
    assert "Hasil sesi saya" not in client.get("/feedback/").text
