"""Session pages: list scope and filters, the new/edit form with repeat, cancel, duplicate."""

import re
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from tests.factories import (
    make_command_tree,
    make_course,
    make_program,
    make_session,
    make_tree,
    make_user,
)
from training.extensions import db
from training.programs.models import OverrideRecord
from training.sessions.models import SessionSeries, TrainingSession


@pytest.fixture
def tree(db):
    return make_tree()


@pytest.fixture
def course(db):
    return make_course(make_program(), tier=1, title="Dasar Akun Medsos")


def form_values(tree, course, trainer, **kw):
    values = {
        "course": str(course.id),
        "title": "Kelas Polda",
        "day": "2026-11-03",
        "start_time": "09:00",
        "end_time": "11:00",
        "venue_code": tree["polda_b"].code,
        "venue": "Aula Presisi",
        "audience_code": tree["polda_b"].code,
        "capacity": "30",
        "trainers": [f"u:{trainer.id}"],
        "freq": "none",
        "interval": "1",
        "ends": "count",
    }
    values.update(kw)
    return values


def count_sessions():
    return db.session.scalar(select(func.count(TrainingSession.id)))


def test_the_list_shows_a_commander_only_sessions_of_their_command(client, login, tree, course):
    make_session(course, tree["polres_a"], title="Sesi Polres A", audience_unit=tree["polres_a"])
    make_session(course, tree["polres_b"], title="Sesi Polres B", audience_unit=tree["polres_b"])
    login("commander", unit=tree["polda_a"])

    html = client.get("/sessions/").text

    assert "Sesi Polres A" in html and "Sesi Polres B" not in html


def test_the_list_filters_by_status_and_local_dates(client, login, tree, course):
    make_session(course, tree["polda_a"], title="Awal November")
    make_session(
        course,
        tree["polda_a"],
        title="Akhir November",
        starts_at=datetime(2026, 11, 28, 2, 0, tzinfo=UTC),
        status="cancelled",
    )
    login("trainer")

    by_date = client.get("/sessions/?from=2026-11-20&to=2026-11-30").text
    by_status = client.get("/sessions/?status=ended").text

    assert "Akhir November" in by_date and "Awal November" not in by_date
    assert "Awal November" in by_status and "Akhir November" not in by_status


def test_participants_get_403_on_the_list(client, login):
    login("participant")

    assert client.get("/sessions/").status_code == 403


def test_the_new_form_has_the_repeat_section_and_no_inline_script(client, login, tree, course):
    login("trainer")

    html = client.get("/sessions/new").text

    assert 'id="repeat-section"' in html
    assert 'src="/static/js/sessions-form.js"' in html
    assert re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html) is None
    with client.get("/static/js/sessions-form.js") as script:
        assert script.status_code == 200


def test_a_trainer_creates_a_weekly_series_on_tuesday_and_thursday(client, login, tree, course):
    trainer = login("trainer")
    values = form_values(tree, course, trainer, freq="weekly", weekdays=["1", "3"], count="8")

    response = client.post("/sessions/new", data=values)

    assert response.status_code == 302
    series = db.session.scalar(select(SessionSeries))
    assert series.rrule == "FREQ=WEEKLY;BYDAY=TU,TH;COUNT=8"
    starts = [s.starts_at for s in series.sessions]
    assert len(starts) == 8
    assert starts[0] == datetime(2026, 11, 3, 1, 0, tzinfo=UTC)  # 09.00 WITA
    assert starts[-1] == datetime(2026, 11, 26, 1, 0, tzinfo=UTC)


def test_bad_input_keeps_what_was_typed_and_saves_nothing(client, login, tree, course):
    trainer = login("trainer")
    values = form_values(tree, course, trainer, capacity="0", end_time="08:00")

    html = client.post("/sessions/new", data=values).text

    assert "Kapasitas 1 sampai 10.000" in html
    assert 'value="Kelas Polda"' in html and 'value="Aula Presisi"' in html
    assert count_sessions() == 0


def test_end_before_start_gets_a_clear_message(client, login, tree, course):
    trainer = login("trainer")

    html = client.post(
        "/sessions/new", data=form_values(tree, course, trainer, end_time="08:00")
    ).text

    assert "Jam selesai harus setelah jam mulai" in html
    assert count_sessions() == 0


def test_a_series_of_ten_thousand_gets_a_message_and_nothing_is_saved(client, login, tree, course):
    trainer = login("trainer")
    values = form_values(tree, course, trainer, freq="weekly", weekdays=["1"], count="10000")

    html = client.post("/sessions/new", data=values).text

    assert "lebih dari 200 pertemuan" in html
    assert count_sessions() == 0


def test_an_until_before_the_start_gets_a_message(client, login, tree, course):
    trainer = login("trainer")
    values = form_values(tree, course, trainer, freq="weekly", ends="until", until="2026-10-01")

    html = client.post("/sessions/new", data=values).text

    assert "tidak boleh sebelum tanggal mulai" in html
    assert count_sessions() == 0


def test_an_audience_outside_the_trainers_scope_gets_a_message(client, login, tree, course):
    trainer = login("trainer", unit=tree["polda_a"])
    values = form_values(tree, course, trainer, venue_code=tree["polda_a"].code, trainers=[])

    html = client.post("/sessions/new", data=values).text

    assert "di luar wilayah kewenangan Anda" in html
    assert count_sessions() == 0


def test_the_trainer_picker_lists_exactly_the_eligible_trainers(client, login, tree, course):
    login("admin")
    national = make_user(roles=("trainer",), username="pelatih_nasional")
    make_user(roles=("trainer",), username="pelatih_lain", unit=tree["polda_a"])
    db.session.commit()

    html = client.get(f"/sessions/new?course={course.id}&audience_code={tree['polda_b'].code}").text

    assert f'value="u:{national.id}"' in html
    assert "pelatih_nasional" in html and "pelatih_lain" not in html


def test_a_trainer_who_is_not_eligible_is_refused_on_submit(client, login, tree, course):
    login("admin")
    outsider = make_user(roles=("trainer",), unit=tree["polda_a"])
    db.session.commit()

    html = client.post("/sessions/new", data=form_values(tree, course, outsider)).text

    assert "tidak memenuhi syarat" in html
    assert count_sessions() == 0


def test_a_conflict_is_listed_and_an_admin_may_override_with_a_reason(client, login, tree, course):
    admin = login("admin")
    trainer = make_user(roles=("trainer",))
    db.session.commit()
    client.post("/sessions/new", data=form_values(tree, course, trainer))

    html = client.post(
        "/sessions/new",
        data=form_values(tree, course, trainer, start_time="10:00", end_time="12:00"),
    ).text
    assert "bentrok" in html and 'id="clashes"' in html
    assert 'name="override"' in html and 'value="10:00"' in html
    assert count_sessions() == 1

    response = client.post(
        "/sessions/new",
        data=form_values(
            tree,
            course,
            trainer,
            start_time="10:00",
            end_time="12:00",
            override="y",
            override_reason="Kelas gabungan",
        ),
    )
    assert response.status_code == 302
    record = db.session.scalar(select(OverrideRecord))
    assert (record.kind, record.user_id, record.reason) == ("conflict", admin.id, "Kelas gabungan")


def test_the_detail_shows_venue_time_and_the_viewers_zone(client, login, tree, course):
    session = make_session(
        course, tree["polda_b"], title="Kelas Makassar", audience_unit=tree["polda_b"]
    )
    login("trainer", unit=tree["mabes"])  # Mabes is WIB: viewer zone differs

    html = client.get(f"/sessions/{session.id}").text

    assert "10.00 WITA" in html and "09.00 WIB" in html


def test_cancel_this_and_following_from_the_detail_page(client, login, tree, course):
    trainer = login("trainer")
    client.post(
        "/sessions/new",
        data=form_values(
            tree, course, trainer, freq="weekly", weekdays=["1"], count="4", day="2030-01-01"
        ),
    )
    sessions = db.session.scalar(select(SessionSeries)).sessions

    response = client.post(
        f"/sessions/{sessions[2].id}/cancel",
        data={"scope": "following", "reason": "Ruang dipakai", "confirm": "y"},
    )

    assert response.status_code == 302
    db.session.expire_all()
    assert [s.status for s in sessions] == ["scheduled", "scheduled", "cancelled", "cancelled"]


def test_edit_all_occurrences_changes_the_time_of_day(client, login, tree, course):
    trainer = login("trainer")
    client.post(
        "/sessions/new",
        data=form_values(
            tree, course, trainer, freq="weekly", weekdays=["1"], count="3", day="2030-01-01"
        ),
    )
    series = db.session.scalar(select(SessionSeries))
    first = series.sessions[0]
    page = client.get(f"/sessions/{first.id}/edit").text
    assert 'value="following"' in page

    values = form_values(
        tree,
        course,
        trainer,
        freq="weekly",
        weekdays=["1"],
        count="3",
        day="2030-01-01",
        start_time="13:00",
        end_time="15:00",
        scope="all",
    )
    response = client.post(f"/sessions/{first.id}/edit", data=values)

    assert response.status_code == 302
    db.session.expire_all()
    assert [s.starts_at.hour for s in series.sessions] == [5, 5, 5]


def test_duplicate_a_session_to_another_day(client, login, tree, course):
    session = make_session(course, tree["polda_b"], audience_unit=tree["polda_b"])
    login("trainer")

    response = client.post(
        f"/sessions/{session.id}/duplicate", data={"what": "session", "day": "2026-12-08"}
    )

    assert response.status_code == 302
    copy = db.session.scalar(select(TrainingSession).where(TrainingSession.id != session.id))
    assert copy.starts_at == datetime(2026, 12, 8, 2, 0, tzinfo=UTC)


def test_a_bad_unit_code_is_a_message_at_the_filter_for_a_kapolres(client, login, course):
    units = make_command_tree()
    titled = {"polres_1": "Sesi Polres", "polsek_1": "Sesi Satu", "polsek_2": "Sesi Dua"}
    for unit, title in titled.items():
        make_session(course, units[unit], title=title, audience_unit=units[unit])
    login("commander", unit=units["polres_1"])

    for code in ("15.16.1", units["polres_2"].code):  # unknown, then the sibling Polres
        page = client.get(f"/sessions/?unit={code}")
        assert page.status_code == 200
        assert f"Satuan {code} tidak ditemukan dalam lingkup Anda." in page.text
        assert f'value="{code}"' in page.text
        assert "Sesi Dua" not in page.text and "Sesi Satu" not in page.text
    good = client.get(f"/sessions/?unit={units['polsek_1'].code}").text
    assert "Sesi Satu" in good and "Sesi Polres" not in good
