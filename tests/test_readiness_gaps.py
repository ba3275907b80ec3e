"""The gap list: who is in it, which session is offered, and the enrol button."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from tests.factories import enrol, make_people_across_units, make_person, make_tree
from tests.readiness_dashboard_factories import future_session, gap_world, today
from tests.statements import count_statements
from training.enrolment.services import session_label
from training.policy.scope import Scope, scope_of
from training.readiness.gaps import gap_page, gap_total
from training.readiness.rollup import compute
from training.sessions.enrollments import Enrollment
from training.sessions.models import SessionStatus


@pytest.fixture
def world(db):
    tree = make_tree()
    data = gap_world(tree)
    db.session.commit()
    return {"tree": tree, **data}


def _gaps(world, root, scope=None, **kw):
    return gap_page(
        list(world["courses"]),
        scope or Scope(everything=True),
        root,
        on=today(),
        expiring_days=60,
        now=datetime.now(UTC),
        **kw,
    )


def _names(page):
    return [(r.person.full_name, r.kind) for r in page.items]


def test_gap_list_holds_untrained_failed_and_expiring_targets_only(world):
    page = _gaps(world, world["tree"]["mabes"])

    assert _names(page) == [
        ("Budi Operator", "failed"),
        ("Citra Kapolsek", "untrained"),
        ("Dedi Wakapolsek", "expiring"),
        ("Gita Kapolres", "untrained"),
    ]
    assert page.total == 4


@pytest.mark.parametrize(
    ("kind", "names"),
    [
        ("untrained", ["Citra Kapolsek", "Gita Kapolres"]),
        ("failed", ["Budi Operator"]),
        ("expiring", ["Dedi Wakapolsek"]),
    ],
)
def test_gap_list_filters_by_kind(world, kind, names):
    page = _gaps(world, world["tree"]["mabes"], kind=kind)

    assert [r.person.full_name for r in page.items] == names


def test_gap_list_filters_by_unit_and_stays_in_the_root_subtree(world):
    tree = world["tree"]

    assert [r.person.full_name for r in _gaps(world, tree["polda_a"], within=tree["polsek_a"])] == [
        "Citra Kapolsek",
        "Dedi Wakapolsek",
    ]
    assert [r.person.full_name for r in _gaps(world, tree["polres_b"])] == ["Gita Kapolres"]


def test_gap_list_respects_the_viewer_scope(world, login):
    tree = world["tree"]
    user = login("commander", unit=tree["polres_b"])

    page = _gaps(world, tree["mabes"], scope=scope_of(user))

    assert [r.person.full_name for r in page.items] == ["Gita Kapolres"]


def test_next_session_is_the_soonest_open_one_with_free_places_for_the_person(world, db):
    tree, (_t1, _t2, t3) = world["tree"], world["courses"]
    kapolsek = world["people"]["kapolsek_a"]
    full = future_session(t3, tree["polres_a"], tree["polres_a"], days=2, capacity=1)
    enrol(full, make_person(tree["polsek_a"], position="kapolsek"))
    cancelled = future_session(t3, tree["polres_a"], tree["polres_a"], days=3)
    cancelled.status = SessionStatus.CANCELLED
    future_session(t3, tree["polres_b"], tree["polres_b"], days=4)  # another audience
    future_session(t3, tree["polres_a"], tree["polres_a"], days=5, audience_positions=["x"])
    past = future_session(t3, tree["polres_a"], tree["polres_a"], days=1)
    past.starts_at -= timedelta(days=3)
    past.ends_at -= timedelta(days=3)
    wanted = future_session(t3, tree["polres_a"], tree["polda_a"], days=6, capacity=3)
    future_session(t3, tree["polres_a"], None, days=8)  # open to all, but later
    db.session.commit()

    (row,) = [r for r in _gaps(world, tree["polsek_a"]).items if r.person == kapolsek]

    assert row.next_session == wanted
    assert row.free == 3
    assert row.booked is None


def test_a_person_already_booked_is_shown_with_that_session(world, db):
    tree, t3 = world["tree"], world["courses"][2]
    kapolsek = world["people"]["kapolsek_a"]
    first = future_session(t3, tree["polres_a"], tree["polres_a"], days=2)
    enrol(first, kapolsek, status="waitlisted")
    future_session(t3, tree["polres_a"], tree["polres_a"], days=4)
    db.session.commit()

    (row,) = [r for r in _gaps(world, tree["polsek_a"]).items if r.person == kapolsek]

    assert (row.booked, row.booked_status, row.next_session) == (first, "waitlisted", None)


def _load(world):
    """Load what the caller holds already (the courses and the unit) after a commit."""
    for course in world["courses"]:
        _ = course.target_levels
    _ = world["tree"]["polsek_a"].path


def _shown(page) -> list[str]:
    """What the gap table shows of each row (unit, rank, position, course, session)."""
    shown = []
    for r in page.items:
        offered = r.booked or r.next_session
        shown.append(f"{r.person.rank_label} {r.person.position} {r.unit.name} {r.course.title}")
        if offered is not None:
            shown.append(session_label(offered))
    return shown


def test_gap_page_costs_the_same_statements_for_few_and_many_rows(world, db):
    """3 rows of a Polres and one Polsek, then 19 rows of 10 units with varied ranks, all
    read as the page shows them: the same statements."""
    tree, t3 = world["tree"], world["courses"][2]
    future_session(t3, tree["polres_a"], tree["polres_a"], days=2)
    db.session.commit()
    _load(world)
    with count_statements() as few:
        assert len(_shown(_gaps(world, tree["polres_a"]))) == 5
    make_people_across_units(8, 2, parent=tree["polres_a"], positions=("kapolsek", "wakapolsek"))
    db.session.commit()
    _load(world)
    with count_statements() as many:
        page = _gaps(world, tree["polres_a"])
        shown = _shown(page)

    assert len(page.items) == 19 and len(shown) == 37
    assert len({r.unit.id for r in page.items}) == 10
    assert len(many) == len(few)


# --- the enrol button -------------------------------------------------------------------------


def _enrolled(db, session, person):
    return db.session.scalar(
        select(Enrollment.status).where(
            Enrollment.session_id == session.id, Enrollment.person_id == person.id
        )
    )


def test_the_page_offers_daftarkan_and_the_button_enrols_the_person(world, db, client, login):
    tree, t3 = world["tree"], world["courses"][2]
    kapolsek = world["people"]["kapolsek_a"]
    session = future_session(t3, tree["polres_a"], tree["polres_a"], days=5, capacity=5)
    db.session.commit()
    login("commander", unit=tree["polda_a"])
    page = client.get(f"/readiness/units/{tree['polsek_a'].code}?kind=untrained")
    assert "Daftarkan" in page.text
    assert "Tidak ada sesi terbuka" not in page.text

    back = f"/readiness/units/{tree['polsek_a'].code}?kind=untrained"
    response = client.post(
        "/readiness/enrol",
        data={"person_id": kapolsek.id, "session_id": session.id, "next": back},
        follow_redirects=True,
    )

    assert response.request.path == f"/readiness/units/{tree['polsek_a'].code}"
    assert "Citra Kapolsek didaftarkan ke" in response.text
    assert _enrolled(db, session, kapolsek) == "enrolled"
    assert "Terdaftar" in response.text  # the row now shows the booked session


def test_without_an_open_session_the_row_says_so(world, client, login):
    login("admin")

    page = client.get(f"/readiness/units/{world['tree']['polsek_a'].code}")

    assert "Tidak ada sesi terbuka" in page.text
    assert "Daftarkan</button>" not in page.text


def test_enrol_outside_the_commanders_scope_is_404(world, db, client, login):
    tree, t3 = world["tree"], world["courses"][2]
    session = future_session(t3, tree["polres_a"], tree["polres_a"], days=5)
    db.session.commit()
    login("commander", unit=tree["polres_b"])

    response = client.post(
        "/readiness/enrol",
        data={"person_id": world["people"]["kapolsek_a"].id, "session_id": session.id},
    )

    assert response.status_code == 404
    assert _enrolled(db, session, world["people"]["kapolsek_a"]) is None


def test_a_full_session_is_not_overfilled_the_person_waits(world, db, client, login):
    tree, t3 = world["tree"], world["courses"][2]
    session = future_session(t3, tree["polres_a"], tree["polres_a"], days=5, capacity=1)
    enrol(session, make_person(tree["polsek_a"], position="kapolsek"))
    db.session.commit()
    login("commander", unit=tree["polda_a"])
    kapolsek = world["people"]["kapolsek_a"]

    response = client.post(
        "/readiness/enrol",
        data={"person_id": kapolsek.id, "session_id": session.id},
        follow_redirects=True,
    )

    assert "Kursi penuh: Citra Kapolsek masuk daftar tunggu" in response.text
    assert _enrolled(db, session, kapolsek) == "waitlisted"


def test_enrol_into_a_session_for_another_audience_is_refused(world, db, client, login):
    tree, t3 = world["tree"], world["courses"][2]
    session = future_session(t3, tree["polres_b"], tree["polres_b"], days=5)
    db.session.commit()
    login("admin")

    response = client.post(
        "/readiness/enrol",
        data={"person_id": world["people"]["kapolsek_a"].id, "session_id": session.id},
        follow_redirects=True,
    )

    assert "bukan sasaran sesi ini" in response.text
    assert _enrolled(db, session, world["people"]["kapolsek_a"]) is None


def test_enrol_with_bad_ids_flashes_and_returns_to_the_dashboard(world, client, login):
    login("admin")

    response = client.post("/readiness/enrol", data={"person_id": "abc", "session_id": ""})

    assert response.status_code == 302
    assert response.location.endswith("/readiness/")


def test_enrol_never_redirects_off_site(world, db, client, login):
    tree, t3 = world["tree"], world["courses"][2]
    session = future_session(t3, tree["polres_a"], tree["polres_a"], days=5)
    db.session.commit()
    login("admin")

    response = client.post(
        "/readiness/enrol",
        data={
            "person_id": world["people"]["kapolsek_a"].id,
            "session_id": session.id,
            "next": "https://contoh.example/",
        },
    )

    assert response.location.endswith("/readiness/")


@pytest.mark.parametrize("kind", [None, "untrained", "failed", "expiring"])
@pytest.mark.parametrize("root", ["mabes", "polda_a", "polsek_a", "polres_b"])
def test_the_rolled_up_counters_give_the_gap_total(world, kind, root):
    unit = world["tree"][root]
    readiness = compute(world["program"], Scope(everything=True), root=unit, on=today())

    counted = _gaps(world, unit, kind=kind).total

    assert gap_total(readiness.units[unit.id].subtree, kind) == counted
