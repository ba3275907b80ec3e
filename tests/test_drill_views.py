"""Drill pages over HTTP: a trainer starts a drill in a running session, participants see
one mention after another (reloading keeps the time running), replies are kept as typed,
refused input keeps what was typed, scores and finishing; commanders read only their
subtree's rows; the scenario bank's forms, import (all or nothing) and export."""

import re
from datetime import UTC, datetime, timedelta

from markupsafe import escape
from sqlalchemy import select

from tests.drill_factories import make_drill_world
from tests.factories import PASSWORD, make_user
from tests.import_steps import token_of, upload
from training.assessments import queries
from training.assessments.drill_bank import IMPORTER
from training.assessments.drill_models import Drill, DrillReply, DrillScenario
from training.sessions.models import SessionTrainer


def _client(app, user):
    client = app.test_client()
    response = client.post("/login", data={"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def _without_tokens(html: str) -> str:
    """A page without its CSRF tokens (they carry the second they were made)."""
    return re.sub(r'name="csrf_token"[^>]*', "", html)


def _running_world(db):
    """The drill world with the session moved to now (it began 30 minutes ago)."""
    w = make_drill_world()
    now = datetime.now(UTC)
    w["session"].starts_at = now - timedelta(minutes=30)
    w["session"].ends_at = now + timedelta(hours=2)
    w["session"].trainers.append(SessionTrainer(user_id=w["trainer"].id))
    w["accounts"] = [make_user(person=p) for p in w["people"]]
    db.session.commit()
    return w


def _start(app, w, n=2):
    trainer = _client(app, w["trainer"])
    page = trainer.get(f"/assessments/drills/sessions/{w['session'].id}")
    assert "Mulai latihan" in page.text and w["scenarios"][0].title in page.text
    ids = [str(s.id) for s in w["scenarios"][:n]]
    response = trainer.post(
        f"/assessments/drills/sessions/{w['session'].id}/start", data={"scenario": ids}
    )
    drill_id = int(response.headers["Location"].rsplit("/", 1)[1])
    return trainer, drill_id


def test_a_participant_answers_one_mention_after_another_and_a_reload_loses_nothing(app, db):
    w = _running_world(db)
    _trainer, drill_id = _start(app, w)
    sari = _client(app, w["accounts"][0])
    assert f"/assessments/drills/{drill_id}/play" in sari.get("/assessments/drills/mine").text
    assert "Tampilkan mention berikutnya" in sari.get(f"/assessments/drills/{drill_id}/play").text

    sari.post(f"/assessments/drills/{drill_id}/show")
    first = sari.get(f"/assessments/drills/{drill_id}/play").text
    shown = db.session.scalar(select(DrillReply))
    again = sari.get(f"/assessments/drills/{drill_id}/play").text  # a reload
    sari.post(f"/assessments/drills/{drill_id}/show")  # a second click: same mention

    assert str(escape(w["scenarios"][0].mention_text)) in first
    assert _without_tokens(again) == _without_tokens(first)  # same mention, same shown time
    assert db.session.scalars(select(DrillReply)).all() == [shown]
    text = "Selamat pagi Kak,\r\nmohon segera lapor ke SPKT ya.  "
    response = sari.post(
        f"/assessments/drills/{drill_id}/reply", data={"item_id": shown.item_id, "text": text}
    )
    assert response.status_code == 302
    reply = db.session.get(DrillReply, shown.id)
    assert reply.text == text and reply.replied_at >= reply.shown_at
    page = sari.get(f"/assessments/drills/{drill_id}/play").text
    assert "1 dari 2 mention dijawab" in page and "mohon segera lapor ke SPKT" in page


def test_refused_replies_keep_what_was_typed_and_absent_or_foreign_people_are_kept_out(app, db):
    w = _running_world(db)
    _trainer, drill_id = _start(app, w)
    sari = _client(app, w["accounts"][0])
    sari.post(f"/assessments/drills/{drill_id}/show")
    item = db.session.scalar(select(DrillReply)).item_id
    long_text = "Mohon maaf " * 200

    response = sari.post(
        f"/assessments/drills/{drill_id}/reply", data={"item_id": item, "text": long_text}
    )

    assert response.status_code == 422
    assert (
        "paling banyak 2000 karakter" in response.text and "Mohon maaf Mohon maaf" in response.text
    )
    yohana = _client(app, w["accounts"][2])  # enrolled, not checked in
    assert "belum tercatat hadir" in yohana.get(f"/assessments/drills/{drill_id}/play").text
    yohana.post(f"/assessments/drills/{drill_id}/show")
    assert (
        db.session.scalar(select(DrillReply).where(DrillReply.person_id == w["people"][2].id))
        is None
    )
    stranger = _client(app, make_user())
    assert stranger.get(f"/assessments/drills/{drill_id}/play").status_code == 404


def test_the_trainer_scores_on_one_screen_and_finishing_records_the_aduan_level(app, db):
    w = _running_world(db)
    trainer, drill_id = _start(app, w, n=1)
    for account in w["accounts"][:2]:
        player = _client(app, account)
        player.post(f"/assessments/drills/{drill_id}/show")
        item = db.session.get(Drill, drill_id).items[0].id
        player.post(
            f"/assessments/drills/{drill_id}/reply",
            data={"item_id": item, "text": "Siap, kami bantu."},
        )
    sari, agus = w["people"][:2]
    board = trainer.get(f"/assessments/drills/{drill_id}").text
    assert "Sari Wulandari" in board and "Agus Prasetyo" in board and "Waktu balas" in board

    refused = trainer.post(
        f"/assessments/drills/{drill_id}/scores",
        data={f"level-{sari.id}-{item}": "4", f"level-{agus.id}-{item}": "7"},
    )
    assert refused.status_code == 422 and "1 (Kurang) sampai 5 (Istimewa)" in refused.text
    assert '<option value="7"' not in refused.text and 'value="4" selected' in refused.text
    trainer.post(
        f"/assessments/drills/{drill_id}/scores",
        data={f"level-{sari.id}-{item}": "4", f"level-{agus.id}-{item}": "5"},
    )
    trainer.post(f"/assessments/drills/{drill_id}/finish", data={})
    assert db.session.get(Drill, drill_id).finished_at is None  # "Saya yakin" not ticked
    trainer.post(f"/assessments/drills/{drill_id}/finish", data={"confirm": "y"})

    latest = queries.latest_attempts(w["course"].id, [sari.id, agus.id])
    aduan = w["comps"]["ADUAN"]
    assert (latest[sari.id].levels[aduan], latest[agus.id].levels[aduan]) == (4, 5)
    mine = _client(app, w["accounts"][0]).get(f"/assessments/drills/{drill_id}/play").text
    assert "4 Baik Sekali" in mine


def test_commanders_see_only_their_subtree_rows_and_cannot_score(app, db):
    w = _running_world(db)
    _trainer, drill_id = _start(app, w, n=1)
    for account in w["accounts"][:2]:
        player = _client(app, account)
        player.post(f"/assessments/drills/{drill_id}/show")
    kapolsek = make_user(roles=("commander",), unit=w["tree"]["polsek_a"])
    db.session.commit()
    commander = _client(app, kapolsek)

    board = commander.get(f"/assessments/drills/{drill_id}")

    assert "Sari Wulandari" in board.text and "Agus Prasetyo" not in board.text
    assert "1 peserta di luar satuan Anda" in board.text and "Simpan nilai" not in board.text
    assert (
        commander.post(f"/assessments/drills/{drill_id}/finish", data={"confirm": "y"}).status_code
        == 403
    )


def test_the_bank_form_keeps_what_was_typed_and_the_import_is_all_or_nothing(app, db):
    make_drill_world()
    admin = make_user(roles=("admin",))
    db.session.commit()
    client = _client(app, admin)
    bad = {
        "code": "curi motor!",
        "title": "Uji",
        "platform": "x",
        "handle": "warga",
        "category": "aduan",
        "mention_text": "@polres tolong",
        "rubric": "Empati",
    }
    page = client.post("/assessments/drills/scenarios/new", data=bad)
    assert "Kode 2–32 karakter" in page.text and "@polres tolong" in page.text
    before = db.session.scalars(select(DrillScenario.code)).all()
    hostile = (
        b"kode,judul,platform,akun_warga,kategori,teks_mention,petunjuk_penilaian,aktif\n"
        b"BARU-1,Baru,x,warga1,aduan,Tolong pak,Empati,ya\n"
        b"BARU-1,Ganda,x,warga2,aduan,Tolong,Empati,ya\n"
        b"BARU-2,Salah,myspace,warga3,gosip,,Empati,mungkin\n"
    )
    refused = upload(client, "/assessments/drills/scenarios/import", hostile)
    assert "Baris 3" in refused.text and "Baris 4" in refused.text
    assert "sudah ada di baris 2" in refused.text and "aktif: isi ya atau tidak" in refused.text
    assert db.session.scalars(select(DrillScenario.code)).all() == before

    export = client.get("/assessments/drills/scenarios/export.csv").data
    again = upload(client, "/assessments/drills/scenarios/import", export)
    assert "Berkas ini tidak mengubah apa pun" in again.text
    good = hostile.splitlines()[:2]
    preview = upload(client, "/assessments/drills/scenarios/import", b"\n".join(good))
    client.post(
        "/assessments/drills/scenarios/import/confirm", data={"token": token_of(preview.text)}
    )
    assert (
        db.session.scalar(select(DrillScenario).where(DrillScenario.code == "BARU-1")).title
        == "Baru"
    )
    counts = IMPORTER.run("bank.csv", export)
    assert (counts.new, counts.changed, counts.unchanged) == (0, 0, len(before))


def test_a_large_confirmed_bank_import_runs_as_a_job_with_progress(app, db):
    from training.jobs.models import Job

    app.config["IMPORT_JOB_MIN_ROWS"] = 3
    admin = make_user(roles=("admin",))
    db.session.commit()
    client = _client(app, admin)
    rows = "".join(
        f"JOB-{n},Skenario {n},tiktok,warga{n},pertanyaan,Halo min,Ramah\n" for n in range(3)
    )
    header = "kode,judul,platform,akun_warga,kategori,teks_mention,petunjuk_penilaian\n"
    preview = upload(client, "/assessments/drills/scenarios/import", (header + rows).encode())
    response = client.post(
        "/assessments/drills/scenarios/import/confirm", data={"token": token_of(preview.text)}
    )
    job = db.session.scalar(select(Job))
    assert response.location == f"/jobs/{job.id}"
    assert (job.kind, job.state, job.total, job.done) == ("import", "done", 3, 3)
    codes = db.session.scalars(select(DrillScenario.code).where(DrillScenario.code.like("JOB-%")))
    assert sorted(codes) == ["JOB-0", "JOB-1", "JOB-2"]
