"""Session services: creating one-off sessions and series, with every rule checked first."""

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from tests.factories import make_course, make_person, make_program, make_tree, make_user
from tests.statements import count_statements
from training.errors import RuleViolation
from training.extensions import db
from training.programs.models import OverrideRecord
from training.sessions.models import SessionSeries, SessionTrainer, TrainingSession
from training.sessions.recurrence import WEEKLY, Repeat
from training.sessions.services import (
    ConflictError,
    Override,
    SessionData,
    create_series,
    create_session,
)

NOW = datetime(2026, 10, 1, tzinfo=UTC)
TU, TH = 1, 3


@pytest.fixture
def world(db):
    tree = make_tree()
    program = make_program()
    course = make_course(program, tier=1)
    admin = make_user(roles=("admin",))
    trainer = make_user(roles=("trainer",))
    regional = make_user(roles=("trainer",), unit=tree["polda_a"])
    return dict(
        tree=tree, program=program, course=course, admin=admin, trainer=trainer, regional=regional
    )


def data_for(world, **kw) -> SessionData:
    tree = world["tree"]
    values = dict(
        course=world["course"],
        venue_unit=tree["polda_a"],
        audience_unit=tree["polda_a"],
        audience_positions=["kapolda", "wakapolda"],
        start_local=datetime(2026, 11, 3, 9, 0),
        duration_minutes=120,
        venue="Aula Utama",
        capacity=30,
        trainer_users=[world["trainer"]],
    )
    values.update(kw)
    return SessionData(**values)


def count_sessions():
    return db.session.scalar(select(func.count(TrainingSession.id)))


def test_create_session_stores_utc_times_from_the_venue_wall_clock(world):
    data = data_for(world, venue_unit=world["tree"]["polda_b"])  # WITA

    session = create_session(world["admin"], data, now=NOW)

    assert session.starts_at == datetime(2026, 11, 3, 1, 0, tzinfo=UTC)
    assert session.ends_at == datetime(2026, 11, 3, 3, 0, tzinfo=UTC)
    assert session.series_id is None and session.sequence == 0
    assert [t.user_id for t in session.trainers] == [world["trainer"].id]
    assert session.audience_positions == ["kapolda", "wakapolda"]


def test_create_series_materialises_every_occurrence_with_its_own_uid(world):
    repeat = Repeat(freq=WEEKLY, weekdays=(TU, TH), count=8)

    series = create_series(world["trainer"], data_for(world), repeat, now=NOW)

    sessions = series.sessions
    assert len(sessions) == 8
    assert series.rrule == "FREQ=WEEKLY;BYDAY=TU,TH;COUNT=8"
    assert series.timezone == "Asia/Jakarta"
    assert len({s.uid for s in sessions}) == 8
    assert [s.recurrence_id for s in sessions] == [s.starts_at for s in sessions]
    assert sessions[1].starts_at == datetime(2026, 11, 5, 2, 0, tzinfo=UTC)
    assert all(len(s.trainers) == 1 and s.capacity == 30 for s in sessions)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"course": None}, "kursus \\(tingkat\\)"),
        ({"duration_minutes": -60}, "setelah jam mulai"),
        ({"duration_minutes": 10}, "paling singkat 15 menit"),
        ({"capacity": 0}, "Kapasitas paling sedikit 1"),
        ({"audience_positions": ["raja"]}, "Jabatan sasaran tidak dikenal"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_saved(world, change, message):
    with pytest.raises(RuleViolation, match=message):
        create_session(world["admin"], data_for(world, **change), now=NOW)

    assert count_sessions() == 0


def test_an_audience_outside_the_trainers_scope_gets_a_clear_message(world):
    tree = world["tree"]
    data = data_for(
        world, venue_unit=tree["polda_a"], audience_unit=tree["polda_b"], trainer_users=[]
    )

    with pytest.raises(RuleViolation, match="di luar wilayah kewenangan Anda"):
        create_session(world["regional"], data, now=NOW)

    assert count_sessions() == 0


def test_a_venue_outside_the_trainers_scope_is_refused(world):
    data = data_for(world, venue_unit=world["tree"]["polres_b"], trainer_users=[])

    with pytest.raises(RuleViolation, match="Satuan tempat"):
        create_session(world["regional"], data, now=NOW)


def test_a_series_of_ten_thousand_is_refused_and_nothing_is_saved(world):
    repeat = Repeat(freq=WEEKLY, weekdays=(TU,), count=10_000)

    with pytest.raises(RuleViolation, match="lebih dari 200"):
        create_series(world["admin"], data_for(world), repeat, now=NOW)

    assert count_sessions() == 0
    assert db.session.scalar(select(func.count(SessionSeries.id))) == 0


def test_an_until_date_before_the_start_is_refused(world):
    repeat = Repeat(freq=WEEKLY, weekdays=(TU,), until=date(2026, 10, 1))

    with pytest.raises(RuleViolation, match="sebelum tanggal mulai"):
        create_series(world["admin"], data_for(world), repeat, now=NOW)


def test_a_trainer_who_is_not_eligible_is_refused(world):
    outsider = make_user(roles=("trainer",), unit=world["tree"]["polda_b"])

    with pytest.raises(RuleViolation, match="tidak dapat menjadi pelatih"):
        create_session(world["admin"], data_for(world, trainer_users=[outsider]), now=NOW)


def test_a_person_certified_in_the_tier_above_may_train_inside_their_command(world):
    tree = world["tree"]
    tier2 = make_course(world["program"], tier=2)
    kapolda = make_person(tree["polda_a"], position="kapolda")
    from tests.factories import make_course_status

    make_course_status(kapolda, world["course"], "completed", completed_on=date(2026, 9, 1))
    data = data_for(
        world,
        course=tier2,
        audience_unit=tree["polres_a"],
        venue_unit=tree["polres_a"],
        trainer_users=[],
        trainer_people=[kapolda],
        audience_positions=["kapolres"],
    )

    session = create_session(world["admin"], data, now=NOW)

    assert [t.person_id for t in session.trainers] == [kapolda.id]


def test_the_cascade_gate_refuses_a_tier_two_session_while_tier_one_lags(world):
    tree = world["tree"]
    tier2 = make_course(world["program"], tier=2)
    make_person(tree["polda_a"], position="kapolda")
    data = data_for(
        world,
        course=tier2,
        audience_unit=tree["polres_a"],
        venue_unit=tree["polres_a"],
        audience_positions=["kapolres"],
    )

    with pytest.raises(RuleViolation, match="belum bisa dijadwalkan"):
        create_session(world["trainer"], data, now=NOW)

    assert count_sessions() == 0


def test_an_admin_passes_the_cascade_gate_with_a_recorded_reason(world):
    tree = world["tree"]
    tier2 = make_course(world["program"], tier=2)
    make_person(tree["polda_a"], position="kapolda")
    data = data_for(
        world,
        course=tier2,
        audience_unit=tree["polres_a"],
        venue_unit=tree["polres_a"],
        audience_positions=["kapolres"],
    )

    session = create_session(
        world["admin"], data, override=Override(True, "Instruksi Kapolri"), now=NOW
    )

    record = db.session.scalar(select(OverrideRecord))
    assert (record.kind, record.reason, record.session_id) == (
        "cascade",
        "Instruksi Kapolri",
        session.id,
    )


def test_creating_a_52_week_series_takes_a_bounded_number_of_statements(world):
    data = data_for(world)
    db.session.flush()

    def statements_for(weeks, day):
        with count_statements() as statements:
            create_series(
                world["admin"],
                replace(data, start_local=datetime(2027, day, 1, 9, 0)),
                Repeat(freq=WEEKLY, weekdays=(0,), count=weeks),
                now=NOW,
            )
        return len(statements)

    short, long = statements_for(4, 1), statements_for(52, 2)

    assert long == short
    assert long <= 15
    assert count_sessions() == 56
    assert db.session.scalar(select(func.count(SessionTrainer.id))) == 56


def test_conflict_error_lists_the_clashes_and_nothing_is_saved(world):
    create_session(world["admin"], data_for(world), now=NOW)
    repeat = Repeat(freq=WEEKLY, weekdays=(TU,), count=3)

    with pytest.raises(ConflictError) as caught:
        create_series(
            world["admin"],
            data_for(world, start_local=datetime(2026, 10, 27, 10, 0)),
            repeat,
            now=NOW,
        )

    kinds = sorted(c.kind for c in caught.value.clashes)
    assert kinds == ["trainer", "venue"]
    assert "10.00 WIB" in caught.value.clashes[0].describe()
    assert count_sessions() == 1


def test_an_admin_override_of_a_conflict_is_recorded_with_the_clashes(world):
    create_session(world["admin"], data_for(world), now=NOW)

    session = create_session(
        world["admin"],
        data_for(world),
        override=Override(True, "Ruang dipakai bergantian"),
        now=NOW,
    )

    record = db.session.scalar(select(OverrideRecord).where(OverrideRecord.kind == "conflict"))
    assert record.session_id == session.id
    assert record.reason == "Ruang dipakai bergantian"
    assert "Aula Utama" in record.detail and world["trainer"].username in record.detail


def test_a_trainer_cannot_override_a_conflict(world):
    create_session(world["admin"], data_for(world), now=NOW)

    with pytest.raises(RuleViolation, match="Hanya admin"):
        create_session(world["trainer"], data_for(world), override=Override(True, "perlu"), now=NOW)

    assert count_sessions() == 1


def test_an_override_without_a_reason_is_refused(world):
    create_session(world["admin"], data_for(world), now=NOW)

    with pytest.raises(RuleViolation, match="alasan"):
        create_session(world["admin"], data_for(world), override=Override(True, "  "), now=NOW)
