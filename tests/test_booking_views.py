"""Booking pages: the audience preview and its target filter, series booking from the
enrol pages and the gap list, cancellation and sign-up approval through the routes."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from tests.booking_factories import make_series
from tests.factories import (
    VARIED_POSITIONS,
    VARIED_RANKS,
    make_course,
    make_person,
    make_program,
    make_tree,
    make_unit,
)
from tests.statements import count_statements
from training.enrolment import series
from training.extensions import db as _db
from training.people.models import Person
from training.sessions.enrollments import Enrollment
from training.units.models import Unit

SOON = datetime.now(UTC).replace(microsecond=0) + timedelta(days=10)


@pytest.fixture
def tree(db):
    return make_tree()


def populated_polda(tree, per_unit=3):
    """Under Polda A: four Polres (kapolres, wakapolres, operators...) each with two
    Polsek (kapolsek, operators...), people of varied ranks and positions everywhere."""
    units = []
    for _ in range(4):
        polres = make_unit(tree["polda_a"])
        units += [polres, make_unit(polres), make_unit(polres)]
    k = 0
    for unit in [tree["polda_a"], *units]:
        for _ in range(per_unit):
            make_person(
                unit,
                rank=VARIED_RANKS[k % len(VARIED_RANKS)],
                position=VARIED_POSITIONS[k % len(VARIED_POSITIONS)],
            )
            k += 1
        # every Polres has its kapolres and wakapolres, every Polsek its kapolsek
        head = {"polres": ["kapolres", "wakapolres"], "polsek": ["kapolsek"]}
        for position in head.get(unit.level, []):
            make_person(unit, position=position, full_name=f"{position} {unit.name}")
    return units


def tier2_series(tree, capacity=5, meetings=3):
    return make_series(
        make_course(tier=2),
        tree["polda_a"],
        [SOON + timedelta(weeks=i) for i in range(meetings)],
        capacity=capacity,
        audience_unit=tree["polda_a"],
    )


def test_the_tier2_audience_is_the_polres_heads_only(client, db, login, tree):
    units = populated_polda(tree)
    meetings = tier2_series(tree, capacity=5)
    db.session.commit()
    login("trainer")
    page = client.get(f"/sessions/{meetings[0].id}/peserta/sasaran").text
    # the heads of the four Polres, plus the varied people who happen to hold a Polres head
    # position in a Polres (not in a Polsek, nor in the Polda itself): counted from the data
    heads = _db.session.scalars(
        select(Person.id)
        .join(Person.unit)
        .where(Unit.level == "polres", Person.position.in_(("kapolres", "wakapolres")))
    ).all()
    assert len(heads) >= 8
    assert _db.session.scalar(select(Enrollment.id)) is None  # the preview wrote nothing
    assert 'id="preview-seats">5<' in page
    assert f'id="preview-waitlisted">{len(heads) - 5}<' in page
    assert "Pendaftaran berlaku untuk 3 pertemuan" in page
    assert "operator" not in page.lower().split('id="preview-people"')[1].split("</table>")[0]
    for polres in (u for u in units if u.level == "polres"):
        assert polres.name in page
    for polsek in (u for u in units if u.level == "polsek"):
        assert polsek.name not in page


def test_confirming_the_preview_books_every_meeting_and_a_stale_plan_is_refused(
    client, db, login, tree
):
    populated_polda(tree, per_unit=1)
    meetings = tier2_series(tree, capacity=3)
    db.session.commit()
    login("trainer")
    page = client.get(f"/sessions/{meetings[0].id}/peserta/sasaran").text
    plan = page.split('name="plan" value="')[1].split('"')[0]
    late = make_person(tree["polres_a"], position="operator_medsos")  # not a target
    # a new Polres head appears between the preview and the confirmation
    newcomer_polres = make_unit(tree["polda_a"])
    make_person(newcomer_polres, position="kapolres")
    db.session.commit()
    stale = client.post(
        f"/sessions/{meetings[0].id}/peserta/sasaran", data={"plan": plan}, follow_redirects=True
    )
    assert "berubah sejak pratinjau" in stale.text
    assert _db.session.scalar(select(Enrollment.id)) is None
    page = client.get(f"/sessions/{meetings[0].id}/peserta/sasaran").text
    plan = page.split('name="plan" value="')[1].split('"')[0]
    with count_statements() as statements:
        done = client.post(f"/sessions/{meetings[0].id}/peserta/sasaran", data={"plan": plan})
    assert done.status_code == 302
    rows = _db.session.scalars(select(Enrollment)).all()
    people = {r.person_id for r in rows}
    assert late.id not in people
    assert len(rows) == 3 * len(people)
    per_meeting = {m.id: sum(1 for r in rows if r.session_id == m.id) for m in meetings}
    assert set(per_meeting.values()) == {len(people)}
    assert sum(1 for r in rows if r.status == "enrolled") == 3 * 3
    assert len(statements) < 40


def test_a_commander_books_a_person_from_the_gap_list_into_the_whole_series(
    client, db, login, tree
):
    meetings = make_series(
        make_course(tier=3),
        tree["polres_a"],
        [SOON + timedelta(weeks=i) for i in range(3)],
        audience_unit=tree["polda_a"],
    )
    kapolsek = make_person(tree["polsek_a"], position="kapolsek")
    db.session.commit()
    login("commander", unit=tree["polres_a"])
    response = client.post(
        "/readiness/enrol",
        data={"person_id": kapolsek.id, "session_id": meetings[1].id, "next": "/"},
        follow_redirects=True,
    )
    assert "(3 pertemuan)" in response.text
    statuses = _db.session.scalars(
        select(Enrollment.status).where(Enrollment.person_id == kapolsek.id)
    ).all()
    assert statuses == ["enrolled"] * 3
    for meeting in meetings:
        assert kapolsek.full_name in client.get(f"/sessions/{meeting.id}/peserta").text


def test_commander_cancel_is_scope_checked_and_participant_cancel_is_own(client, db, login, tree):
    meetings = make_series(
        make_course(tier=3),
        tree["polres_a"],
        [SOON + timedelta(weeks=i) for i in range(2)],
        audience_unit=tree["polda_a"],
    )
    kapolsek = make_person(tree["polsek_a"], position="kapolsek")
    series.book(meetings[0], [kapolsek], actor=None)
    db.session.commit()
    url = f"/sessions/{meetings[0].id}/peserta/orang/{kapolsek.id}/batal"
    sibling_polres = make_unit(tree["polda_a"])
    db.session.commit()
    login("commander", unit=sibling_polres)
    assert client.post(url).status_code == 404
    client.post("/logout")
    login("trainer", unit=sibling_polres)  # a regional trainer: not a commander
    assert client.post(url).status_code == 403
    client.post("/logout")
    login("participant", person=kapolsek)
    mine = client.get("/jadwal-saya").text
    assert mine.count("Batalkan pemesanan") == 1  # one button for the whole series
    response = client.post(f"/jadwal-saya/{meetings[1].id}/batal", follow_redirects=True)
    assert "Pemesanan Anda dibatalkan" in response.text
    statuses = _db.session.scalars(
        select(Enrollment.status).where(Enrollment.person_id == kapolsek.id)
    ).all()
    assert statuses == ["cancelled", "cancelled"]


def test_self_sign_up_then_approval_by_the_commander_page(client, db, login, tree):
    program = make_program(self_signup=True, signup_approval=True)
    meetings = make_series(
        make_course(program, tier=3),
        tree["polres_a"],
        [SOON + timedelta(weeks=i) for i in range(2)],
        audience_unit=tree["polda_a"],
    )
    kapolsek = make_person(tree["polsek_a"], position="kapolsek", full_name="Kapolsek Mandiri")
    db.session.commit()
    login("participant", person=kapolsek)
    listing = client.get("/daftar-mandiri").text
    assert listing.count("Daftar ke ") == 1  # the series once, not each meeting
    sent = client.post(f"/sessions/{meetings[0].id}/daftar-mandiri", follow_redirects=True)
    assert "menunggu persetujuan" in sent.text
    client.post("/logout")
    login("commander", unit=tree["polres_b"])
    assert "Kapolsek Mandiri" not in client.get("/persetujuan-pendaftaran").text
    client.post("/logout")
    login("commander", unit=tree["polres_a"])
    page = client.get("/persetujuan-pendaftaran").text
    assert "Kapolsek Mandiri" in page and "2 pertemuan" in page
    url = f"/sessions/{meetings[0].id}/persetujuan/{kapolsek.id}"
    done = client.post(url, data={"keputusan": "setujui"}, follow_redirects=True)
    assert "disetujui" in done.text
    statuses = _db.session.scalars(
        select(Enrollment.status).where(Enrollment.person_id == kapolsek.id)
    ).all()
    assert statuses == ["enrolled", "enrolled"]


def test_removing_from_a_meeting_of_a_series_removes_from_every_remaining_meeting(
    client, db, login, tree
):
    meetings = tier2_series(tree, capacity=1, meetings=3)
    seated = make_person(tree["polres_a"], position="kapolres", full_name="Rudi Duduk")
    waiting = make_person(tree["polres_a"], position="wakapolres", full_name="Sari Menunggu")
    series.book(meetings[0], [seated], actor=None)
    series.book(meetings[0], [waiting], actor=None)  # capacity 1: on the series' waitlist
    db.session.commit()
    row = _db.session.scalar(
        select(Enrollment).where(
            Enrollment.session_id == meetings[0].id, Enrollment.person_id == seated.id
        )
    )
    login("trainer")

    page = client.get(f"/sessions/{meetings[0].id}/peserta").text
    response = client.post(
        f"/sessions/{meetings[0].id}/peserta/{row.id}/hapus", follow_redirects=True
    )

    assert "mendaftarkan dan mengeluarkan peserta berlaku untuk semua pertemuan" in page
    assert "Rudi Duduk dikeluarkan dari 3 pertemuan seri." in response.text
    assert "Sari Menunggu naik dari daftar tunggu." in response.text

    def statuses(person):
        return _db.session.scalars(
            select(Enrollment.status)
            .where(Enrollment.person_id == person.id)
            .order_by(Enrollment.session_id)
        ).all()

    _db.session.expire_all()
    assert statuses(seated) == ["cancelled"] * 3
    assert statuses(waiting) == ["enrolled"] * 3
