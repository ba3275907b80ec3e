"""Cycle planner: publishing through the cascade gate, moving and removing drafts, pages."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import select

from tests.factories import make_course_status, make_session, make_user
from tests.test_planner import NOW, drafts, world
from training.errors import RuleViolation
from training.planner.drafts import move_draft, publish, remove_draft
from training.planner.services import propose_cycle
from training.programs.models import OverrideRecord
from training.sessions.models import SessionTrainer, TrainingSession


@pytest.fixture
def planned(db):
    w = world(db)
    w["trainer"] = make_user(roles=("trainer",), username="pelatih_nasional")
    w["admin"] = make_user(roles=("admin",), username="admin_pusat")
    propose_cycle(w["program"], w["cycle"], actor=w["trainer"], now=NOW)
    db.session.commit()
    return w


def test_publish_schedules_tier_one_and_holds_tier_two_where_the_region_is_closed(db, planned):
    w = planned

    result = publish(w["cycle"], actor=w["trainer"], now=NOW)
    db.session.commit()

    tiers = sorted({s.course.tier for s in result.published})
    assert tiers == [1]
    held_tiers = {h.session.course.tier for h in result.held}
    assert held_tiers == {2, 3}
    reason = next(h.reason for h in result.held if h.session.audience_unit.code == "A")
    assert "Tingkat 2 belum bisa dijadwalkan di Polda A" in reason
    assert "baru 0% (0 dari 1)" in reason
    assert all(s.status == "draft" for s in drafts(db, w["courses"][1]))


def test_publish_opens_a_region_once_its_completion_reaches_the_threshold(db, planned):
    w = planned
    make_course_status(w["heads"]["a"], w["courses"][0], completed_on=date(2026, 10, 15))

    result = publish(w["cycle"], actor=w["trainer"], tier=2, now=NOW)

    assert [s.audience_unit.code for s in result.published] == ["A"]
    assert sorted(h.session.audience_unit.code for h in result.held) == ["B", "C"]


def test_admin_override_publishes_and_records_one_override_per_session(db, planned):
    w = planned

    result = publish(
        w["cycle"], actor=w["admin"], tier=2, override_reason="Instruksi Kapolri", now=NOW
    )
    db.session.commit()

    assert len(result.published) == 3 and result.overridden == 3
    records = db.session.scalars(select(OverrideRecord).order_by(OverrideRecord.id)).all()
    assert [r.kind for r in records] == ["cascade"] * 3
    assert {r.session_id for r in records} == {s.id for s in result.published}
    assert all(r.reason == "Instruksi Kapolri" and r.user_id == w["admin"].id for r in records)
    assert all(s.status == "scheduled" for s in result.published)


def test_only_admins_may_override_the_gate_when_publishing(db, planned):
    with pytest.raises(RuleViolation, match="Hanya admin"):
        publish(planned["cycle"], actor=planned["trainer"], override_reason="alasan", now=NOW)


def test_rerun_after_publishing_keeps_published_sessions_and_their_people(db, planned):
    w = planned
    published = publish(w["cycle"], actor=w["trainer"], tier=1, now=NOW).published
    db.session.commit()

    again = propose_cycle(w["program"], w["cycle"], actor=w["trainer"], now=NOW)
    db.session.commit()

    assert again.tiers[0].total("targets") == 0
    assert all(db.session.get(TrainingSession, s.id).status == "scheduled" for s in published)
    assert drafts(db, w["courses"][0]) == []


def test_move_draft_to_another_local_time_and_refuse_a_trainer_clash(db, planned):
    w = planned
    draft = next(s for s in drafts(db, w["courses"][1]) if s.venue_unit.code == "B")  # WITA

    move_draft(draft, date(2026, 11, 20), time(13, 30), actor=w["trainer"], now=NOW)

    assert draft.starts_at == datetime(2026, 11, 20, 5, 30, tzinfo=UTC)  # 13.30 WITA
    trainer = draft.trainers[0]
    busy = make_session(
        w["courses"][0], w["polda"]["a"], starts_at=datetime(2026, 11, 23, 5, 0, tzinfo=UTC)
    )
    db.session.add(
        SessionTrainer(session=busy, user_id=trainer.user_id, person_id=trainer.person_id)
    )
    db.session.flush()
    with pytest.raises(RuleViolation, match="bentrok"):
        move_draft(draft, date(2026, 11, 23), time(13, 0), actor=w["trainer"], now=NOW)
    moved = move_draft(
        draft, date(2026, 11, 23), time(13, 0), actor=w["admin"], override_reason="Darurat", now=NOW
    )
    assert moved.starts_at == datetime(2026, 11, 23, 5, 0, tzinfo=UTC)
    record = db.session.scalar(select(OverrideRecord))
    assert (record.kind, record.session_id, record.reason) == ("conflict", draft.id, "Darurat")


def test_move_draft_refuses_a_date_outside_the_cycle(db, planned):
    draft = drafts(db)[0]

    with pytest.raises(RuleViolation, match="di dalam siklus 1"):
        move_draft(draft, date(2027, 1, 4), time(9, 0), actor=planned["trainer"], now=NOW)


def test_remove_draft_deletes_it_with_its_enrolments(db, planned):
    draft = drafts(db)[0]
    draft_id = draft.id

    remove_draft(draft, actor=planned["trainer"])
    db.session.commit()

    assert db.session.get(TrainingSession, draft_id) is None


def test_published_sessions_cannot_be_removed_as_drafts(db, planned):
    session = publish(planned["cycle"], actor=planned["trainer"], tier=1, now=NOW).published[0]

    with pytest.raises(RuleViolation, match="sudah diterbitkan"):
        remove_draft(session, actor=planned["trainer"])


# --- pages ------------------------------------------------------------------------------


def test_review_page_groups_drafts_by_tier_and_region_with_local_times(app, client, db, login):
    w = world(db)
    user = login("trainer")
    propose_cycle(w["program"], w["cycle"], actor=user, now=NOW)
    db.session.commit()

    html = client.get(f"/planner/{w['program'].id}/{w['cycle'].id}").text

    assert "Tingkat 3" in html and "Polda A" in html  # six kapolsek: one region per Polda
    assert "09.00 WITA" in html and "09.00 WIT" in html
    assert "Tertutup" in html  # tier 2 regions below the 80% threshold
    assert "pelatih_nasional" not in html and user.username in html


def _cycle_ahead(db, w) -> None:
    """Move the cycle whole weeks ahead so that it starts after today (the button and the
    command plan from the real clock): the same weekdays, so the same plan, at any date."""
    today = datetime.now(UTC).date()
    weeks = max(0, (today - w["cycle"].starts_on).days // 7 + 2)
    w["cycle"].starts_on += timedelta(weeks=weeks)
    w["cycle"].ends_on += timedelta(weeks=weeks)
    db.session.commit()


def test_propose_button_creates_drafts_and_flashes_the_counts(app, client, db, login):
    w = world(db)
    _cycle_ahead(db, w)
    user = login("trainer")

    response = client.post(
        f"/planner/{w['program'].id}/{w['cycle'].id}/propose", follow_redirects=True
    )

    assert (
        "Usulan dibuat: 9 sesi draf, 17 peserta terjadwal, 0 orang belum mendapat jadwal; "
        "0 draf lama diganti." in response.text
    )
    made = drafts(db)
    assert sorted((s.course.tier, s.audience_unit.code) for s in made) == [
        (1, "A"),
        (1, "B"),
        (1, "C"),
        (2, "A"),
        (2, "B"),
        (2, "C"),
        (3, "A"),
        (3, "B"),
        (3, "C"),
    ]
    assert {t.user_id for s in made for t in s.trainers} == {user.id}


def test_commander_sees_only_drafts_of_their_subtree_and_no_buttons(app, client, db):
    w = world(db)
    trainer = make_user(roles=("trainer",), username="pelatih_nasional")
    for key in ("a", "b", "c"):
        make_course_status(w["heads"][key], w["courses"][0], completed_on=date(2026, 9, 1))
    propose_cycle(w["program"], w["cycle"], actor=trainer, now=NOW)
    commander = make_user(roles=("commander",), username="kapolda_b", unit=w["polda"]["b"])
    db.session.commit()
    from tests.factories import PASSWORD

    client.post("/login", data={"username": commander.username, "password": PASSWORD})
    html = client.get(f"/planner/{w['program'].id}/{w['cycle'].id}").text

    assert "Polda B" in html and "Polda A" not in html
    assert "Buat usulan" not in html and "Hapus draf" not in html


def test_moving_a_draft_with_a_bad_date_flashes_a_message(app, client, db, login):
    w = world(db)
    user = login("trainer")
    propose_cycle(w["program"], w["cycle"], actor=user, now=NOW)
    db.session.commit()
    draft = drafts(db)[0]

    response = client.post(
        f"/planner/{w['program'].id}/{w['cycle'].id}/drafts/{draft.id}/move",
        data={"day": "31-31-2026", "start": "09:00"},
        follow_redirects=True,
    )

    assert response.status_code == 200
    assert "alert-danger" in response.text


def test_plan_cycle_command_prints_the_summary(app, db):
    w = world(db)
    _cycle_ahead(db, w)
    make_user(roles=("trainer",), username="pelatih_nasional")
    db.session.commit()

    result = app.test_cli_runner().invoke(args=["plan-cycle", str(w["program"].id), "1"])

    assert result.exit_code == 0, result.output
    assert "Tingkat 3: 10 sasaran" in result.output
    assert "Tingkat 1: 3 sasaran, 3 sesi, 3 terjadwal, 0 tanpa jadwal." in result.output
    assert "Selesai: 9 sesi draf dibuat, 0 draf lama diganti." in result.output
    assert sorted((s.course.tier, s.audience_unit.code) for s in drafts(db)) == [
        (1, "A"),
        (1, "B"),
        (1, "C"),
        (2, "A"),
        (2, "B"),
        (2, "C"),
        (3, "A"),
        (3, "B"),
        (3, "C"),
    ]


def test_plan_cycle_command_reports_an_unknown_cycle(app, db):
    w = world(db)

    result = app.test_cli_runner().invoke(args=["plan-cycle", str(w["program"].id), "7"])

    assert result.exit_code != 0
    assert "Siklus 7 tidak ditemukan" in result.output
