"""The response drill's services: starting in a running session only, server-measured
reply times, replies kept as typed, scores validated before any write, finishing as an
ADUAN attempt (source "drill") that keeps the other competencies and refreshes standing."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.drill_factories import NOW, STARTS, make_drill_world
from tests.factories import make_course, make_session
from training.assessments import queries
from training.assessments.drill_models import Drill, DrillReply
from training.assessments.drill_results import (
    finish_drill,
    outcomes,
    round_level,
    save_scores,
)
from training.assessments.drill_services import show_next, start_drill, submit_reply
from training.assessments.grid import GridInvalid, GridRow, save_grid
from training.assessments.models import AssessmentAttempt
from training.audit.models import AuditEntry
from training.errors import RuleViolation
from training.programs.models import CourseStatus


def _start(w, n=3, now=NOW):
    ids = [s.id for s in w["scenarios"][:n]]
    return start_drill(w["session"], actor=w["trainer"], scenario_ids=ids, now=now)


def test_a_drill_starts_only_while_the_session_runs(db):
    w = make_drill_world()
    for when in (STARTS - timedelta(minutes=1), STARTS + timedelta(hours=2)):
        with pytest.raises(RuleViolation, match="saat sesi berlangsung"):
            _start(w, now=when)

    drill = _start(w)

    assert [i.code for i in drill.items] == [s.code for s in w["scenarios"][:3]]
    assert drill.items[0].mention_text == w["scenarios"][0].mention_text
    assert drill.competency_id == w["comps"]["ADUAN"]
    with pytest.raises(RuleViolation, match="sudah punya latihan"):
        _start(w)


def test_a_course_without_aduan_and_unknown_scenarios_are_refused(db):
    w = make_drill_world()
    bare = make_session(make_course(tier=2), w["tree"]["polres_a"], starts_at=STARTS)
    with pytest.raises(RuleViolation, match="ADUAN"):
        start_drill(bare, actor=w["trainer"], count=2, now=NOW)
    with pytest.raises(RuleViolation, match="tidak dikenal"):
        start_drill(w["session"], actor=w["trainer"], scenario_ids=[999999], now=NOW)
    with pytest.raises(RuleViolation, match="Paling banyak 10"):
        start_drill(w["session"], actor=w["trainer"], count=11, now=NOW)

    drill = start_drill(w["session"], actor=w["trainer"], count=4, now=NOW)

    assert len({i.code for i in drill.items}) == 4


def test_the_server_measures_the_time_to_reply_and_keeps_the_text_as_typed(db):
    w = make_drill_world()
    drill = _start(w)
    sari = w["people"][0]
    shown = show_next(drill, sari, now=NOW + timedelta(seconds=10))
    again = show_next(drill, sari, now=NOW + timedelta(minutes=5))  # a reload: same mention
    assert again.id == shown.id and again.shown_at == NOW + timedelta(seconds=10)

    text = "  Selamat pagi Kak, mohon maaf atas kejadiannya.\nSilakan DM kami ya 🙏  "
    reply = submit_reply(drill, sari, shown.item_id, text, now=NOW + timedelta(seconds=95))

    assert reply.text == text
    assert reply.seconds == 85
    assert db.session.get(DrillReply, reply.id).replied_at == NOW + timedelta(seconds=95)
    nxt = show_next(drill, sari, now=NOW + timedelta(minutes=2))
    assert nxt.item.position == 2
    entries = db.session.scalars(select(AuditEntry).where(AuditEntry.entity == "drill"))
    assert [(e.action, e.person_id) for e in entries if e.person_id] == [
        ("show", sari.id),
        ("submit", sari.id),
        ("show", sari.id),
    ]


def test_absent_people_empty_and_repeated_replies_are_refused(db):
    w = make_drill_world()
    drill = _start(w)
    absent, sari = w["people"][2], w["people"][0]
    with pytest.raises(RuleViolation, match="belum tercatat hadir"):
        show_next(drill, absent, now=NOW)
    first = drill.items[0].id
    with pytest.raises(RuleViolation, match="belum ditampilkan"):
        submit_reply(drill, sari, first, "Baik", now=NOW)
    show_next(drill, sari, now=NOW)
    with pytest.raises(RuleViolation, match="Tulis balasan"):
        submit_reply(drill, sari, first, "   \n ", now=NOW)
    submit_reply(drill, sari, first, "Baik, kami tindak lanjuti.", now=NOW)
    again = submit_reply(drill, sari, first, "Baik, kami tindak lanjuti.", now=NOW + timedelta(1))
    assert again.replied_at == NOW  # sent twice: the first arrival counts
    with pytest.raises(RuleViolation, match="sudah Anda jawab"):
        submit_reply(drill, sari, first, "Lagi", now=NOW)


def _answer(drill, person, count, start=NOW):
    for n in range(count):
        shown = show_next(drill, person, now=start + timedelta(minutes=n * 3))
        submit_reply(
            drill,
            person,
            shown.item_id,
            f"Balasan {n + 1}",
            now=start + timedelta(minutes=n * 3, seconds=40 + 20 * n),
        )


def test_scores_are_validated_before_anything_is_written(db):
    w = make_drill_world()
    drill = _start(w)
    sari, agus = w["people"][:2]
    _answer(drill, sari, 2)
    items = [i.id for i in drill.items]
    typed = {(sari.id, items[0]): "4", (sari.id, items[1]): "9", (agus.id, items[0]): "3"}
    with pytest.raises(GridInvalid) as refused:
        save_scores(drill, typed, actor=w["trainer"], now=NOW)
    assert set(refused.value.errors) == {(sari.id, items[1]), (agus.id, items[0])}
    assert {r.level for r in db.session.scalars(select(DrillReply))} == {None}

    changed = save_scores(
        drill, {(sari.id, items[0]): "4", (sari.id, items[1]): "5"}, actor=w["trainer"], now=NOW
    )

    assert changed == 2
    result = outcomes(drill)[sari.id]
    assert (result.level, result.answered, result.total) == (3, 2, 3)  # (4 + 5 + 1) / 3
    assert result.median_seconds == 50


def test_round_level_rounds_half_up_on_the_scale():
    assert [round_level(v) for v in ([1, 2], [2, 3, 3, 2], [5, 5, 4], [1], [3, 4])] == [
        2,
        3,
        5,
        1,
        4,
    ]


def test_finishing_records_an_aduan_attempt_that_keeps_the_other_competencies(db):
    w = make_drill_world()
    comps, course, sari, agus = w["comps"], w["course"], *w["people"][:2]
    earlier = {cid: 4 for cid in comps.values()}
    save_grid(
        course,
        [GridRow(sari.id, earlier)],
        actor=w["trainer"],
        session=w["session"],
        now=NOW - timedelta(minutes=20),
    )
    drill = _start(w)
    _answer(drill, sari, 3)
    _answer(drill, agus, 1)
    items = [i.id for i in drill.items]
    with pytest.raises(RuleViolation, match="4 balasan yang belum dinilai"):
        finish_drill(drill, actor=w["trainer"], now=NOW + timedelta(minutes=30))
    levels = {(sari.id, items[0]): 2, (sari.id, items[1]): 2, (sari.id, items[2]): 3}
    save_scores(drill, {**levels, (agus.id, items[0]): 5}, actor=w["trainer"], now=NOW)

    results = finish_drill(drill, actor=w["trainer"], now=NOW + timedelta(minutes=30))

    assert {pid: o.level for pid, o in results.items()} == {sari.id: 2, agus.id: 2}
    latest = queries.latest_attempts(course.id, [sari.id, agus.id])
    assert latest[sari.id].attempt_no == 2
    assert latest[sari.id].levels == {**earlier, comps["ADUAN"]: 2}
    assert latest[agus.id].levels == {comps["ADUAN"]: 2}  # (5 + 1 + 1) / 3 = 2.33
    assert "1 dari 3 mention dijawab" in latest[agus.id].evidence[comps["ADUAN"]]
    sources = db.session.scalars(
        select(AssessmentAttempt.source).order_by(AssessmentAttempt.id)
    ).all()
    assert sources == ["grid", "drill", "drill"]
    assert db.session.get(Drill, drill.id).finished_at == NOW + timedelta(minutes=30)
    standing = db.session.scalar(select(CourseStatus).where(CourseStatus.person_id == sari.id))
    assert standing.average_level == pytest.approx(3.6)  # ADUAN (weight 2 of 10) 4 -> 2
    with pytest.raises(RuleViolation, match="sudah diselesaikan"):
        finish_drill(drill, actor=w["trainer"], now=NOW + timedelta(minutes=31))
    with pytest.raises(RuleViolation, match="sudah diselesaikan pelatih"):
        show_next(drill, sari, now=NOW + timedelta(minutes=32))


def test_the_cli_loads_the_default_bank_once_and_imports_a_file(app, db, tmp_path):
    from training.assessments.drill_models import DrillScenario

    runner = app.test_cli_runner()
    first = runner.invoke(args=["drill-scenarios"])
    assert first.exit_code == 0 and "12 skenario bawaan ditambahkan" in first.output
    hoax = db.session.scalar(select(DrillScenario).where(DrillScenario.code == "HOAKS-CULIK"))
    assert hoax.category == "isu_negatif" and "110" in hoax.rubric
    hoax.title = "Hoaks penculikan (disunting)"
    db.session.commit()
    assert "0 skenario bawaan" in runner.invoke(args=["drill-scenarios"]).output
    assert db.session.get(DrillScenario, hoax.id).title == "Hoaks penculikan (disunting)"
    categories = set(db.session.scalars(select(DrillScenario.category)))
    assert categories == {"aduan", "pertanyaan", "informasi", "isu_negatif", "darurat"}

    bad = tmp_path / "bank.csv"
    bad.write_text(
        "kode,judul,platform,akun_warga,kategori,teks_mention,petunjuk_penilaian\n"
        "OK-1,Baik,x,warga,aduan,Tolong,Empati\n"
        "OK-2,Buruk,x,warga,aduan,,Empati\n",
        encoding="utf-8",
    )
    refused = runner.invoke(args=["drill-scenarios", str(bad)])
    assert refused.exit_code == 1 and "Baris 3: teks_mention: Wajib diisi." in refused.output
    assert db.session.scalar(select(DrillScenario).where(DrillScenario.code == "OK-1")) is None
