"""GET /api/v1/sessions: local times with offsets, scope, 404s, 400s, bounded statements."""

from datetime import UTC, date, datetime, time, timedelta

import pytest

from tests.factories import (
    enrol,
    make_course,
    make_person,
    make_program,
    make_session,
    make_tree,
    make_unit,
    make_user,
)
from tests.statements import count_statements
from training.sessions.models import SessionTrainer

NINE_WITA = datetime(2026, 11, 3, 1, 0, tzinfo=UTC)  # Tuesday 3 November 2026
TEN_WIT = datetime(2026, 11, 4, 1, 0, tzinfo=UTC)
NOVEMBER = "from=2026-11-01&to=2026-11-30"


@pytest.fixture
def world(db):
    tree = make_tree()
    tree["papua"] = make_unit(tree["mabes"], timezone="Asia/Jayapura", name="Polda Papua")
    program = make_program(title="Pelatihan Akun Medsos Bercentang Biru")
    course = make_course(program, 2, title="Kapolres Bercentang Biru")
    makassar = make_session(
        course, tree["polres_b"], starts_at=NINE_WITA, venue="Aula Polres B", capacity=2
    )
    jayapura = make_session(
        course, tree["papua"], starts_at=TEN_WIT, online_url="https://zoom.example/j/1"
    )
    db.session.add(
        SessionTrainer(session=makassar, user=make_user(roles=("trainer",), username="ani"))
    )
    db.session.add(SessionTrainer(session=makassar, person=make_person(full_name="Budi Hartono")))
    for status in ("enrolled", "enrolled", "waitlisted", "cancelled"):
        enrol(makassar, make_person(tree["polsek_b"]), status)
    db.session.commit()
    return {"tree": tree, "course": course, "makassar": makassar, "jayapura": jayapura}


def test_sessions_carry_local_times_with_the_venue_offset(client, login, world):
    login("trainer")

    data = client.get(f"/api/v1/sessions?{NOVEMBER}").json

    by_id = {item["id"]: item for item in data["items"]}
    wita, wit = by_id[world["makassar"].id], by_id[world["jayapura"].id]
    assert wita == {
        "id": world["makassar"].id,
        "course": "Kapolres Bercentang Biru",
        "tier": 2,
        "title": "",
        "status": "scheduled",
        "starts_at": "2026-11-03T09:00:00+08:00",
        "ends_at": "2026-11-03T11:00:00+08:00",
        "timezone": "Asia/Makassar",
        "zone_label": "WITA",
        "venue_unit": world["tree"]["polres_b"].code,
        "venue": "Aula Polres B",
        "online_url": None,
        "trainers": ["ani", "Budi Hartono"],
        "capacity": 2,
        "enrolled": 2,
    }
    assert wit["starts_at"] == "2026-11-04T10:00:00+09:00" and wit["zone_label"] == "WIT"
    assert wit["online_url"] == "https://zoom.example/j/1" and wit["enrolled"] == 0
    assert data["from"] == "2026-11-01" and data["to"] == "2026-11-30" and data["count"] == 2


def test_unit_narrows_to_its_subtree_and_reads_days_in_its_zone(client, login, world):
    login("admin")

    data = client.get(f"/api/v1/sessions?unit={world['tree']['polda_b'].code}&{NOVEMBER}").json

    assert [item["id"] for item in data["items"]] == [world["makassar"].id]
    assert data["timezone"] == "Asia/Makassar"


def test_to_date_is_inclusive_in_local_days(client, login, world):
    login("admin")
    code = world["tree"]["papua"].code

    same_day = client.get(f"/api/v1/sessions?unit={code}&from=2026-11-04&to=2026-11-04").json
    day_before = client.get(f"/api/v1/sessions?unit={code}&from=2026-11-03&to=2026-11-03").json

    assert [item["id"] for item in same_day["items"]] == [world["jayapura"].id]
    assert day_before["items"] == []


def test_commander_sees_only_their_command(client, login, world):
    login("commander", unit=world["tree"]["polda_b"])

    data = client.get(f"/api/v1/sessions?{NOVEMBER}").json

    assert [item["id"] for item in data["items"]] == [world["makassar"].id]


def test_unit_outside_scope_or_unknown_is_404(client, login, world):
    login("commander", unit=world["tree"]["polda_b"])

    outside = client.get(f"/api/v1/sessions?unit={world['tree']['papua'].code}")
    unknown = client.get("/api/v1/sessions?unit=TIDAKADA")

    assert outside.status_code == 404 and outside.json["error"]
    assert unknown.status_code == 404


def test_participant_sees_only_sessions_they_take_part_in(client, login, db, world):
    me = make_person(world["tree"]["papua"])
    enrol(world["jayapura"], me, "waitlisted")
    db.session.commit()
    login("participant", person=me)

    data = client.get(f"/api/v1/sessions?{NOVEMBER}").json

    assert [item["id"] for item in data["items"]] == [world["jayapura"].id]


def test_drafts_are_left_out(client, login, db, world):
    make_session(world["course"], world["tree"]["papua"], starts_at=TEN_WIT, status="draft")
    db.session.commit()
    login("admin")

    assert client.get(f"/api/v1/sessions?{NOVEMBER}").json["count"] == 2


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("from=2026-02-30", "Tanggal 'from' tidak valid"),
        ("from=kemarin", "Tanggal 'from' tidak valid"),
        ("from=2026-11-01&to=2026-11", "Tanggal 'to' tidak valid"),
        ("from=9999-12-31", "Tanggal 'from' tidak valid"),
        ("from=0001-01-01&to=0001-01-02", "Tanggal 'from' tidak valid"),
        ("from=2026-11-10&to=2026-11-01", "tidak boleh sebelum"),
        ("from=2026-01-01&to=2027-01-03", "paling panjang 366 hari"),
    ],
)
def test_bad_dates_answer_400_in_indonesian(client, login, world, query, message):
    login("admin")

    response = client.get(f"/api/v1/sessions?{query}")

    assert response.status_code == 400
    assert message in response.json["error"]


def test_a_full_366_day_range_is_accepted(client, login, world):
    login("admin")

    response = client.get("/api/v1/sessions?from=2026-01-01&to=2027-01-02")

    assert response.status_code == 200 and response.json["count"] == 2


def test_default_range_is_today_to_thirty_days_ahead(client, login, db, world):
    today = datetime.now(UTC).date()
    soon = make_session(world["course"], world["tree"]["mabes"], starts_at=_noon(today, 2))
    make_session(world["course"], world["tree"]["mabes"], starts_at=_noon(today, 40))
    make_session(world["course"], world["tree"]["mabes"], starts_at=_noon(today, -3))
    db.session.commit()
    login("admin")

    data = client.get("/api/v1/sessions").json

    assert [item["id"] for item in data["items"]] == [soon.id]
    assert data["to"] == (date.fromisoformat(data["from"]) + timedelta(days=30)).isoformat()


def _noon(day: date, days: int) -> datetime:
    return datetime.combine(day + timedelta(days=days), time(5, 0), UTC)


def test_bearer_token_works_and_anonymous_gets_401(client, db, world):
    from training.auth.tokens import issue_token

    _token, secret = issue_token(make_user(roles=("trainer",)), "kalender", 30)
    db.session.commit()

    with_token = client.get(
        f"/api/v1/sessions?{NOVEMBER}", headers={"Authorization": f"Bearer {secret}"}
    )

    assert with_token.status_code == 200 and with_token.json["count"] == 2
    assert client.get("/api/v1/sessions").status_code == 401


def test_statements_do_not_grow_with_the_number_of_sessions(client, login, db, world):
    login("trainer")
    with count_statements(db) as few:
        client.get(f"/api/v1/sessions?{NOVEMBER}")
    for day in range(5, 25):
        s = make_session(
            world["course"],
            world["tree"]["polres_a"],
            starts_at=datetime(2026, 11, day, 2, tzinfo=UTC),
        )
        db.session.add(SessionTrainer(session=s, user=make_user(roles=("trainer",))))
        enrol(s, make_person(world["tree"]["polsek_a"]))
    db.session.commit()

    with count_statements(db) as many:
        data = client.get(f"/api/v1/sessions?{NOVEMBER}").json

    assert data["count"] == 22
    assert len(many) == len(few)
