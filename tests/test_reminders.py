"""Certificates nearing expiry: the scoped list, reminder queueing, the pages and the CLI."""

import secrets
from datetime import UTC, date, datetime

from sqlalchemy import func, select

from tests.factories import make_command_tree, make_course, make_person, make_tree, make_user
from training.certificates.models import Certificate, CertificateState, OutboxMessage
from training.certificates.reminders import expiring, format_day_id, queue_reminders
from training.extensions import db
from training.policy.scope import scope_of

TODAY = date(2026, 11, 29)
NOW = datetime(2026, 11, 29, 1, 0, tzinfo=UTC)


def make_certificate(person, course, valid_until, state=CertificateState.VALID, **kw):
    n = secrets.randbelow(10**6)
    cert = Certificate(
        serial=kw.pop("serial", f"SERT/2025/12/{n:06d}-{secrets.token_hex(2)}"),
        verify_code=secrets.token_hex(10).upper(),
        person=person,
        course=course,
        issued_on=date(2025, 12, 1),
        valid_until=valid_until,
        state=state,
        holder_name=person.full_name,
        holder_rank=person.rank,
        holder_nrp=person.nrp,
        holder_unit=person.unit.name,
        created_at=NOW,
        **kw,
    )
    db.session.add(cert)
    db.session.flush()
    return cert


def outbox():
    return db.session.scalars(
        select(OutboxMessage).order_by(OutboxMessage.certificate_id, OutboxMessage.recipient)
    ).all()


def test_expiring_lists_valid_certificates_within_the_window(app):
    tree = make_tree()
    course = make_course(title="Tingkat 3 Polsek")
    person = make_person(tree["polsek_a"], full_name="Budi Santoso", rank="AIPTU")
    soon = make_certificate(person, course, date(2026, 12, 20))
    make_certificate(make_person(tree["polsek_a"]), course, date(2027, 3, 1))  # too late
    make_certificate(make_person(tree["polsek_a"]), course, date(2026, 11, 28))  # expired
    make_certificate(
        make_person(tree["polsek_a"]), course, date(2026, 12, 1), CertificateState.REVOKED
    )
    make_certificate(
        make_person(tree["polsek_a"]), course, date(2026, 12, 2), CertificateState.SUPERSEDED
    )
    admin = make_user(roles=("admin",))

    rows = expiring(scope_of(admin), 30, today=TODAY)

    assert [(r.certificate_id, r.holder_name, r.holder_rank) for r in rows] == [
        (soon.id, "Budi Santoso", "AIPTU")
    ]
    row = rows[0]
    assert (row.unit_code, row.course_title) == (tree["polsek_a"].code, "Tingkat 3 Polsek")
    assert (row.valid_until, row.days_left) == (date(2026, 12, 20), 21)


def test_expiring_includes_the_last_day_of_the_window_and_today(app):
    course = make_course()
    unit = make_tree()["polres_a"]
    today = make_certificate(make_person(unit), course, TODAY)
    edge = make_certificate(make_person(unit), course, date(2026, 12, 29))
    make_certificate(make_person(unit), course, date(2026, 12, 30))
    admin = make_user(roles=("admin",))

    rows = expiring(scope_of(admin), 30, today=TODAY)

    assert [(r.certificate_id, r.days_left) for r in rows] == [(today.id, 0), (edge.id, 30)]


def test_expiring_is_limited_to_the_commanders_subtree_and_a_chosen_unit(app):
    tree = make_tree()
    course = make_course()
    inside = make_certificate(make_person(tree["polsek_a"]), course, date(2026, 12, 10))
    at_polda = make_certificate(make_person(tree["polda_a"]), course, date(2026, 12, 11))
    make_certificate(make_person(tree["polsek_b"]), course, date(2026, 12, 10))
    commander = make_user(roles=("commander",), unit=tree["polda_a"])

    everything = expiring(scope_of(commander), 60, today=TODAY)
    polres = expiring(scope_of(commander), 60, today=TODAY, unit=tree["polres_a"])

    assert [r.certificate_id for r in everything] == [inside.id, at_polda.id]
    assert [r.certificate_id for r in polres] == [inside.id]


def _reminder_world():
    tree = make_tree()
    course = make_course(title="Tingkat 3 Polsek")
    kapolsek = make_person(
        tree["polsek_a"],
        full_name="Kapolsek Uji",
        position="kapolsek",
        email="kapolsek@polri.go.id",
    )
    holder = make_person(
        tree["polsek_a"], full_name="Siti Aminah", rank="BRIPKA", email="siti@polri.go.id"
    )
    cert = make_certificate(holder, course, date(2026, 12, 20), serial="SERT/2025/12/000042")
    return tree, course, kapolsek, holder, cert


def test_queue_reminders_writes_one_message_to_the_holder_and_one_to_the_commander(app):
    _tree, _course, _kapolsek, holder, cert = _reminder_world()

    queued = queue_reminders(today=TODAY, now=NOW)

    assert queued == 2
    messages = outbox()
    assert [(m.kind, m.recipient, m.person_id) for m in messages] == [
        ("expiry_30", "kapolsek@polri.go.id", holder.id),
        ("expiry_30", "siti@polri.go.id", holder.id),
    ]
    to_commander, to_holder = messages
    assert to_holder.subject == "Sertifikat Tingkat 3 Polsek berakhir 20 Desember 2026"
    assert "Yth. BRIPKA Siti Aminah" in to_holder.body
    assert "SERT/2025/12/000042" in to_holder.body
    assert "21 hari lagi" in to_holder.body
    assert f"/verify/{cert.verify_code}" in to_holder.body
    assert "pelatihan penyegaran" in to_holder.body
    assert to_commander.subject.endswith(": BRIPKA Siti Aminah")
    assert "Mohon jadwalkan" in to_commander.body
    assert all(m.sent_at is None and m.created_at == NOW for m in messages)


def test_queue_reminders_is_idempotent(app):
    _reminder_world()
    queue_reminders(today=TODAY, now=NOW)

    again = queue_reminders(today=TODAY, now=NOW)
    next_day = queue_reminders(today=date(2026, 11, 30), now=NOW)

    assert (again, next_day) == (0, 0)
    assert db.session.scalar(select(func.count(OutboxMessage.id))) == 2


def test_queue_reminders_sends_the_seven_day_reminder_once_the_date_is_close(app):
    _reminder_world()
    queue_reminders(today=TODAY, now=NOW)

    queued = queue_reminders(today=date(2026, 12, 13), now=NOW)

    assert queued == 2
    assert sorted(m.kind for m in outbox()) == ["expiry_30", "expiry_30", "expiry_7", "expiry_7"]


def test_queue_reminders_picks_only_the_closest_window_for_a_late_discovery(app):
    _reminder_world()

    queue_reminders(today=date(2026, 12, 15), now=NOW)

    assert [m.kind for m in outbox()] == ["expiry_7", "expiry_7"]


def test_queue_reminders_skips_people_without_email_and_far_or_dead_certificates(app):
    tree = make_tree()
    course = make_course()
    make_certificate(make_person(tree["polres_a"], email=""), course, date(2026, 12, 1))
    far = make_person(tree["polres_a"], email="far@polri.go.id")
    make_certificate(far, course, date(2027, 1, 30))
    revoked = make_person(tree["polres_a"], email="revoked@polri.go.id")
    make_certificate(revoked, course, date(2026, 12, 1), CertificateState.REVOKED)

    assert queue_reminders(today=TODAY, now=NOW) == 0
    assert outbox() == []


def test_a_commander_holder_is_reminded_with_the_head_of_the_unit_above(app):
    tree = make_tree()
    course = make_course()
    make_person(tree["polres_a"], position="kapolres", email="kapolres@polri.go.id")
    kapolsek = make_person(tree["polsek_a"], position="kapolsek", email="kapolsek@polri.go.id")
    make_certificate(kapolsek, course, date(2026, 12, 1))

    queue_reminders(today=TODAY, now=NOW)

    assert [m.recipient for m in outbox()] == ["kapolres@polri.go.id", "kapolsek@polri.go.id"]


def test_indonesian_dates_are_written_in_words():
    assert format_day_id(date(2027, 3, 5)) == "5 Maret 2027"


def test_expiring_page_shows_the_commanders_people_only(app, client, login):
    tree = make_tree()
    course = make_course(title="Tingkat 2 Polres")
    make_certificate(
        make_person(tree["polsek_a"], full_name="Dedi Kurnia"), course, date(2027, 1, 5)
    )
    make_certificate(
        make_person(tree["polsek_b"], full_name="Orang Luar"), course, date(2027, 1, 5)
    )
    login("commander", unit=tree["polda_a"])

    page = client.get("/certificates/expiring?days=3650")

    assert page.status_code == 200
    assert "Dedi Kurnia" in page.text
    assert "Orang Luar" not in page.text


def test_expiring_page_rejects_bad_days_and_hides_foreign_units(app, client, login):
    tree = make_tree()
    login("commander", unit=tree["polda_a"])

    bad = client.get("/certificates/expiring?days=abc")
    foreign = client.get(f"/certificates/expiring?unit={tree['polres_b'].code}")
    unknown = client.get("/certificates/expiring?unit=NOPE")

    assert bad.status_code == 200
    assert "Jumlah hari harus angka 1 sampai 3650." in bad.text
    assert (foreign.status_code, unknown.status_code) == (200, 200)
    assert "Satuan NOPE tidak ditemukan dalam lingkup Anda." in unknown.text


def test_expiring_csv_lists_the_rows_of_the_chosen_unit(app, client, login):
    tree = make_tree()
    course = make_course(title="Tingkat 3 Polsek")
    person = make_person(tree["polsek_a"], full_name="=Rina", nrp="81010001", rank="BRIPTU")
    valid_until = datetime.now(UTC).date().replace(year=datetime.now(UTC).year + 1)
    make_certificate(person, course, valid_until, serial="SERT/2026/01/000007")
    make_certificate(make_person(tree["polsek_b"]), course, valid_until)
    login("trainer")

    with client.get(f"/certificates/expiring.csv?days=400&unit={tree['polres_a'].code}") as r:
        lines = r.get_data(as_text=True).splitlines()

    assert r.headers["Content-Disposition"].endswith(
        f"sertifikat-berakhir-400hari-{tree['polres_a'].code}.csv"
    )
    assert len(lines) == 2
    assert lines[1].startswith(
        f"SERT/2026/01/000007,81010001,BRIPTU,'=Rina,{tree['polsek_a'].code},"
    )
    assert valid_until.isoformat() in lines[1]


def test_participants_may_not_open_the_expiring_page(app, client, login):
    login("participant", person=make_person(make_tree()["polsek_a"]))

    assert client.get("/certificates/expiring").status_code == 403


def test_a_bad_unit_code_is_a_message_at_the_filter_for_a_kapolres(app, client, login):
    units, course = make_command_tree(), make_course(title="Tingkat 2 Polres")
    named = {"polres_1": "Kepala Satu", "polsek_1": "Anggota Satu", "polsek_2": "Anggota Dua"}
    for unit, name in named.items():
        make_certificate(make_person(units[unit], full_name=name), course, date(2027, 1, 5))
    login("commander", unit=units["polres_1"])

    for code in ("15.16.1", units["polres_2"].code):  # unknown, then the sibling Polres
        page = client.get(f"/certificates/expiring?days=3650&unit={code}")
        assert page.status_code == 200
        assert f"Satuan {code} tidak ditemukan dalam lingkup Anda." in page.text
        assert f'value="{code}"' in page.text
        assert "Anggota Dua" not in page.text and "Anggota Satu" not in page.text
        assert client.get(f"/certificates/expiring.csv?unit={code}").status_code == 404
    good = client.get(f"/certificates/expiring?days=3650&unit={units['polsek_1'].code}").text
    assert "Anggota Satu" in good and "Kepala Satu" not in good
