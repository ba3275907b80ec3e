"""The bell, the list (open one, mark all read), the preferences page, reports and the CLI."""

import re
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from tests.factories import enrol, make_course, make_person, make_session, make_tree, make_user
from tests.signoff_factories import make_chain, make_report
from tests.statements import count_statements
from training.extensions import db
from training.notifications.models import Notification, NotificationPreference
from training.notifications.services import preferences
from training.signoff import workflow
from training.signoff.models import ReportState

NOW = datetime(2026, 11, 20, 3, 0, tzinfo=UTC)


def _note(user, title="Anda terdaftar: Uji", link="/jadwal-saya", read=False):
    row = Notification(
        user_id=user.id,
        kind="enrolled",
        title=title,
        body="- Uji: 3 Nov 2026 09.00 WIB",
        link=link,
        created_at=NOW,
        read_at=NOW if read else None,
    )
    db.session.add(row)
    db.session.commit()
    return row


def _bell(text: str) -> str:
    found = re.search(r'data-testid="unread-count">(\d+)<', text)
    return found.group(1) if found else "0"


def test_the_bell_shows_the_unread_count_on_every_page(client, login):
    user = login("participant")
    _note(user)
    _note(user, title="Lain")
    _note(user, title="Sudah dibaca", read=True)
    _note(make_user(), title="Milik orang lain")

    assert _bell(client.get("/").text) == "2"
    assert _bell(client.get("/profile").text) == "2"
    assert "Pemberitahuan: 2 belum dibaca" in client.get("/").text


def test_the_bell_costs_one_statement_per_page(client, login):
    user = login("participant")
    _note(user)
    client.get("/profile")
    with count_statements() as one:
        client.get("/profile")
    for _ in range(30):
        _note(user)
    client.get("/profile")
    with count_statements() as many:
        page = client.get("/profile")

    assert _bell(page.text) == "31"
    assert len(many) == len(one)
    assert sum("FROM notification" in s for s in many) == 1


def test_the_list_marks_all_read_and_opens_an_item_at_its_object(client, login):
    user = login("participant")
    first = _note(user, title="Jadwal berubah: Uji")
    _note(user, title="Sesi dibatalkan: Uji")

    page = client.get("/notifications/").text
    assert "Jadwal berubah: Uji" in page and "Sesi dibatalkan: Uji" in page
    opened = client.post(f"/notifications/{first.id}/open")
    assert (opened.status_code, opened.location) == (302, "/jadwal-saya")
    assert db.session.get(Notification, first.id).read_at is not None
    assert _bell(client.get("/").text) == "1"

    done = client.post("/notifications/read-all", follow_redirects=True)

    assert "1 pemberitahuan ditandai sudah dibaca." in done.text
    assert _bell(done.text) == "0"


def test_an_item_links_only_inside_the_site(client, login):
    user = login("participant")
    row = _note(user, link="//evil.example/x")

    opened = client.post(f"/notifications/{row.id}/open")

    assert opened.location == "/notifications/"


def test_the_preferences_page_saves_the_channels_from_the_profile(client, login):
    user = login("participant")
    assert "/notifications/preferences" in client.get("/profile").text

    response = client.post(
        "/notifications/preferences",
        data={"in_app": ["enrolled", "reminder"], "email": ["enrolled"]},
        follow_redirects=True,
    )

    assert "Pengaturan pemberitahuan sudah disimpan." in response.text
    chosen = preferences(user.id)
    assert chosen["enrolled"] == (True, True)
    assert chosen["reminder"] == (True, False)
    assert chosen["session_cancelled"] == (False, False)
    rows = db.session.scalars(select(NotificationPreference.kind)).all()
    assert "enrolled" not in rows  # the default keeps no row


def test_a_returned_report_tells_the_submitter_and_the_polres_commander_not_the_actor(db):
    chain = make_chain()
    report = make_report(chain, state=ReportState.SUBMITTED)
    db.session.commit()

    workflow.return_report(report, chain["kapolda_a"], "Bukti belum lengkap.", now=NOW)

    told = db.session.scalars(select(Notification).order_by(Notification.user_id)).all()
    assert sorted(n.user_id for n in told) == sorted([chain["admin"].id, chain["kapolres_a"].id])
    assert {n.kind for n in told} == {"report_returned"}
    assert "Alasan: Bukti belum lengkap." in told[0].body
    assert told[0].link == f"/readiness/reports/{report.id}"


def test_a_verified_report_is_told_and_the_verifier_is_not(db):
    chain = make_chain()
    report = make_report(chain, state=ReportState.SUBMITTED)
    db.session.commit()

    workflow.verify(report, chain["kapolda_a"], now=NOW)

    told = db.session.scalars(select(Notification)).all()
    assert {n.kind for n in told} == {"report_verified"}
    assert chain["kapolda_a"].id not in {n.user_id for n in told}


def test_the_cli_queues_tomorrows_reminders(app, db):
    tree = make_tree()
    person = make_person(tree["polsek_a"])
    user = make_user(person=person)
    jakarta = ZoneInfo(tree["polres_a"].timezone)
    tomorrow = datetime.now(jakarta).date() + timedelta(days=1)
    starts_at = datetime.combine(tomorrow, time(9, 0), jakarta).astimezone(UTC)
    enrol(make_session(make_course(), tree["polres_a"], starts_at=starts_at), person)
    db.session.commit()

    result = app.test_cli_runner().invoke(args=["notifications", "remind"])
    again = app.test_cli_runner().invoke(args=["notifications", "remind"])

    assert (result.exit_code, result.output) == (0, "1 pengingat diantrekan.\n")
    assert again.output == "0 pengingat diantrekan.\n"
    assert db.session.scalars(select(Notification.user_id)).all() == [user.id]
