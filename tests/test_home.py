"""Home pages per role (issue 14 point 1): each role's blocks with real data, scoped by
training/policy, the empty states, combined roles, English, and a statement count that
does not grow with the command (Polsek, Polda, the nation)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from tests import home_factories as hf
from tests.factories import PASSWORD, make_command_tree, make_person, make_user
from tests.statements import count_statements
from training.certificates.models import OutboxMessage
from training.extensions import db as _db
from training.jobs.models import Job


def _block(html: str, block_id: str) -> str:
    """The text of one card of the page (tags dropped, spaces collapsed)."""
    start = html.index(f'id="{block_id}"')
    end = html.find('<div class="col-12 col-md-6', start)
    chunk = html[start : end if end > 0 else len(html)]
    return " ".join(re.sub(r"<[^>]+>", " ", chunk).split())


def _hrefs(html: str, block_id: str) -> list[str]:
    start = html.index(f'id="{block_id}"')
    end = html.find('<div class="col-12 col-md-6', start)
    return re.findall(r'href="([^"]+)"', html[start : end if end > 0 else len(html)])


def _sign_in(app, username: str):
    client = app.test_client()
    response = client.post("/login", data={"username": username, "password": PASSWORD})
    assert response.status_code == 302, response.text
    return client


@pytest.fixture
def world(db):
    tree = make_command_tree()
    program, (t1, t2, t3), cycle = hf.running_programme()
    now = hf.now()
    head = make_person(tree["polres_1"], position="kapolres", full_name="Bambang Kapolres")
    hf.certified(head, t2, until_days=10)
    operator = make_person(tree["polres_1"], full_name="Citra Operator", rank="Bripka")
    other = make_person(tree["polres_1"], position="wakapolres", full_name="Dodi Wakapolres")
    far = make_person(tree["polres_x"], position="kapolres", full_name="Eko Jauh", rank="AKBP")
    hf.staff_units(tree["polres_2"], 3)
    trainer = make_user(("trainer",), username="pelatih_polda", unit=tree["polda"])
    admin = make_user(("admin",), username="admin_beranda")
    p1 = tree["polres_1"]
    sessions = {
        "upcoming": hf.session_at(t2, p1, p1, now + timedelta(hours=3), title="Sesi Nanti"),
        "running": hf.session_at(t2, p1, p1, now - timedelta(hours=1), title="Sesi Berjalan"),
        "ended": hf.session_at(t2, p1, p1, now - timedelta(days=1), title="Sesi Kemarin"),
        "signed": hf.session_at(t2, p1, p1, now - timedelta(days=3), title="Sesi Lalu"),
        "tier1": hf.session_at(t1, p1, p1, now + timedelta(days=2), title="Sesi Tingkat Satu"),
        "foreign": hf.session_at(
            t2, tree["polres_x"], tree["polres_x"], now + timedelta(hours=2), title="Sesi Papua"
        ),
    }
    for key in ("running", "ended", "signed"):
        hf.enrol(sessions[key], operator)
        hf.enrol(sessions[key], other)
    hf.enrol(sessions["foreign"], far)
    graduate = make_person(p1, full_name="Gita Lulus", rank="Iptu")
    hf.enrol(sessions["signed"], graduate)
    hf.completed(graduate, t2)
    hf.mark(sessions["running"], operator)
    for person in (operator, other, graduate):
        hf.mark(sessions["signed"], person)
    hf.sign(sessions["signed"], admin)
    hf.completed(operator, t2)
    hf.draft(t2, p1, p1, cycle, now + timedelta(days=20))
    hf.draft(t2, tree["polres_x"], tree["polres_x"], cycle, now + timedelta(days=20))
    chain = {**tree, "admin": admin, "cycle": cycle}
    hf.make_report(chain, "polres_1", hf.ReportState.SUBMITTED)
    hf.make_report(chain, "polres_x", hf.ReportState.SUBMITTED)
    hf.warn(operator, t2)
    hf.warn(far, t2)
    commanders = {
        key: make_user(("commander",), username=f"kom_{key}", unit=tree[key])
        for key in ("polda", "polres_1", "polres_2", "polda_x", "polsek_1", "mabes")
    }
    db.session.commit()
    people = {"operator": operator, "head": head, "graduate": graduate}
    return {"tree": tree, "sessions": sessions, "trainer": trainer, "admin": admin,
            "commanders": commanders, "people": people,
            "courses": (t1, t2, t3), "program": program, "cycle": cycle}  # fmt: skip


def test_a_regional_trainer_sees_their_sessions_and_what_is_left_to_do(app, world):
    page = _sign_in(app, "pelatih_polda").get("/")
    html = page.text
    assert page.status_code == 200

    sessions = _block(html, "home-sessions")
    assert "Sesi Nanti" in sessions and "Terjadwal" in sessions
    assert "Sesi Berjalan" in sessions and "Berlangsung" in sessions
    assert "Sesi Papua" not in html  # held and aimed outside their command
    roll_calls = _block(html, "home-rollcalls")
    assert "Sesi Kemarin" in roll_calls and "0 dari 2 peserta ditandai" in roll_calls
    assert "Sesi Berjalan" in roll_calls and "1 dari 2 peserta ditandai" in roll_calls
    assert "Sesi Lalu" not in roll_calls  # signed off
    ended = world["sessions"]["ended"].id
    assert f"/attendance/sessions/{ended}" in _hrefs(html, "home-rollcalls")
    grids = _block(html, "home-grids")
    assert "Sesi Lalu" in grids and "3 dari 3 peserta belum dinilai" in grids
    signed = world["sessions"]["signed"].id
    assert f"/assessments/sessions/{signed}" in _hrefs(html, "home-grids")
    certificates = _block(html, "home-certificates")
    # Gita: completed, her only session signed off; Citra completed too but has sessions
    # not yet signed off (the rule of certificates.services.eligible_people)
    assert "Sesi Lalu" in certificates and "1 orang memenuhi syarat" in certificates
    assert f"/certificates/sessions/{signed}/issue" in _hrefs(html, "home-certificates")
    drafts = _block(html, "home-drafts")
    assert "Program Beranda · Siklus 1" in drafts and "1 draf sesi" in drafts  # not Papua's
    assert "Jajaran saya" not in html and "Administrasi" not in html


def test_a_trainer_moved_to_another_command_sees_that_command_at_once(app, db, world):
    """The blocks' statements are kept per account (home/trainer.py): a new unit, or a
    session the account is named on, shows on the next page."""
    client = _sign_in(app, "pelatih_polda")
    assert "Sesi Nanti" in client.get("/").text

    world["trainer"].unit = world["tree"]["polda_x"]
    db.session.commit()
    html = client.get("/").text
    assert "Sesi Papua" in _block(html, "home-sessions")
    assert "Sesi Nanti" not in html

    hf.name_trainer(world["sessions"]["upcoming"], world["trainer"])
    db.session.commit()
    assert "Sesi Nanti" in _block(client.get("/").text, "home-sessions")


def test_only_the_course_of_the_session_counts_for_grids_and_certificates(app, db, world):
    """An attempt or a certificate in another course changes nothing; an attempt in this
    course takes the person off the grid; the count equals eligible_people's."""
    from training.certificates.services import eligible_people
    from training.policy.scope import scope_of

    t1, t2, _t3 = world["courses"]
    signed = world["sessions"]["signed"]
    operator, graduate = world["people"]["operator"], world["people"]["graduate"]
    hf.attempt(operator, t1)
    hf.certified(graduate, t1)
    db.session.commit()
    html = _sign_in(app, "pelatih_polda").get("/").text
    assert "3 dari 3 peserta belum dinilai" in _block(html, "home-grids")
    assert "1 orang memenuhi syarat" in _block(html, "home-certificates")
    eligible = eligible_people(t2, scope=scope_of(world["trainer"]), session=signed)
    assert [p.full_name for p in eligible] == ["Gita Lulus"]

    hf.attempt(operator, t2, signed)
    db.session.commit()
    html = _sign_in(app, "pelatih_polda").get("/").text
    assert "2 dari 3 peserta belum dinilai" in _block(html, "home-grids")


def test_an_issued_certificate_leaves_the_trainers_list(app, db, world):
    from training.certificates.services import issue_all

    issue_all(world["courses"][1], actor=world["admin"])
    db.session.commit()

    html = _sign_in(app, "pelatih_polda").get("/").text

    assert "Belum ada peserta yang menunggu sertifikat" in _block(html, "home-certificates")


def test_a_trainer_with_nothing_to_do_is_told_what_to_do_next(app, db):
    make_user(("trainer",), username="pelatih_baru", unit=make_command_tree()["polres_2"])
    db.session.commit()

    html = _sign_in(app, "pelatih_baru").get("/").text

    assert "Tidak ada sesi yang Anda kelola" in _block(html, "home-sessions")
    assert "/sessions/new" in re.findall(r'href="([^"]+)"', html)  # "Buat sesi" above the blocks
    assert "Tidak ada daftar hadir yang menunggu" in _block(html, "home-rollcalls")
    assert "Semua peserta sesi yang sudah dimulai sudah dinilai" in _block(html, "home-grids")
    assert "Tidak ada draf yang menunggu" in _block(html, "home-drafts")


def test_a_polda_commander_sees_status_gaps_reports_warnings_and_expiring(app, world):
    html = _sign_in(app, "kom_polda").get("/").text

    status = _block(html, "home-status")
    assert "Polda Metro Uji" in html
    assert re.search(r"(Siap|Sebagian|Belum siap)", status)
    assert "Kriteria Siap yang belum terpenuhi" in status and "Personel bersertifikat" in status
    assert "/readiness/units/" + world["tree"]["polda"].code in _hrefs(html, "home-status")
    gaps = _block(html, "home-gaps")
    assert re.search(r"\b\d+ personel sasaran belum dilatih", gaps)
    assert any("#gaps-heading" in h for h in _hrefs(html, "home-gaps"))
    reports = _block(html, "home-reports")
    assert "Polres Satu" in reports and "Polres Jauh" not in reports
    assert "1 personel di bawah batas kehadiran" in _block(html, "home-warnings")
    expiring = _block(html, "home-expiring")
    assert "1 sertifikat di jajaran Anda berakhir dalam 60 hari" in expiring
    assert "Hari ini dan berikutnya" not in html  # no trainer section


def test_a_sibling_commander_sees_none_of_the_other_polres(app, world):
    html = _sign_in(app, "kom_polres_2").get("/").text

    assert "Polres Dua" in html
    assert "Tidak ada laporan kesiapan yang menunggu" in _block(html, "home-reports")
    assert "Tidak ada peringatan ketidakhadiran" in _block(html, "home-warnings")
    assert "Tidak ada sertifikat di jajaran Anda yang berakhir" in _block(html, "home-expiring")
    assert "Bambang" not in html and "Citra" not in html


def test_a_polres_commander_whose_report_went_up_waits_for_nothing(app, world):
    html = _sign_in(app, "kom_polres_1").get("/").text

    # submitted: the Polda acts next, not the Polres
    assert "Tidak ada laporan kesiapan yang menunggu" in _block(html, "home-reports")
    assert "1 personel di bawah batas kehadiran" in _block(html, "home-warnings")


def test_a_participant_sees_next_session_check_in_progress_certificates_and_feed(app, db, world):
    operator = world["people"]["operator"]
    make_user(("participant",), username="citra", person=operator)
    db.session.commit()
    client = _sign_in(app, "citra")

    html = client.get("/").text

    following = _block(html, "home-next")
    assert "Sesi Berjalan" in following and "Kehadiran tercatat: Hadir" in following
    progress = _block(html, "home-progress")
    assert "Tingkat 2" in progress and "Tuntas" in progress
    assert "/materials/" in _hrefs(html, "home-progress")  # the course materials, by a link
    assert "Belum ada sertifikat" in _block(html, "home-mycerts")
    assert "/calendar/feed" in _hrefs(html, "home-feed")
    assert "Buat tautan kalender" in _block(html, "home-feed")

    assert client.post("/calendar/feed", data={}).status_code == 302
    html = client.get("/").text
    assert re.search(r'value="http://localhost/calendar/feed/[^"]+\.ics"', html)


def test_the_check_in_button_shows_while_check_in_is_open(app, db, world):
    other = make_person(world["tree"]["polres_1"], full_name="Fajar Peserta")
    hf.enrol(world["sessions"]["running"], other)
    make_user(("participant",), username="fajar", person=other)
    db.session.commit()

    html = _sign_in(app, "fajar").get("/").text

    assert "Presensi sekarang" in _block(html, "home-next")
    assert "/attendance/checkin" in _hrefs(html, "home-next")


def test_a_certificate_holder_gets_the_download_link(app, db, world):
    head = world["people"]["head"]
    make_user(("commander", "participant"), username="bambang", unit=world["tree"]["polres_1"],
              person=head)  # fmt: skip
    db.session.commit()

    html = _sign_in(app, "bambang").get("/").text

    certs = _block(html, "home-mycerts")
    assert "Tingkat 2" in certs and "Berlaku" in certs
    assert any(re.fullmatch(r"/certificates/\d+\.pdf", h) for h in _hrefs(html, "home-mycerts"))
    assert "Jajaran saya: Polres Satu" in html  # both sections on one page
    assert html.index("home-commander") < html.index("home-participant")


def test_a_participant_without_sessions_is_sent_to_the_open_sessions(app, db, world):
    person = make_person(world["tree"]["polsek_1"])
    make_user(("participant",), username="baru", person=person)
    db.session.commit()

    html = _sign_in(app, "baru").get("/").text

    assert "Anda belum terdaftar di sesi yang akan datang" in _block(html, "home-next")
    assert "/daftar-mandiri" in _hrefs(html, "home-next")
    assert "Belum ada kemajuan kursus." in _block(html, "home-progress")


def test_the_admin_sees_jobs_outbox_failures_locked_accounts_and_migrations(app, db, world):
    now = hf.now()
    db.session.add(Job(kind="import", params={}, state="failed", created_at=now,
                       requested_by_id=world["admin"].id))  # fmt: skip
    db.session.add(OutboxMessage(kind="notify_enrolled", recipient="a@polri.go.id",
                                 subject="Pendaftaran sesi", body="-", created_at=now,
                                 attempts=1, last_error="SMTP 550 ditolak"))  # fmt: skip
    locked = make_user(("participant",), username="terkunci")
    locked.locked_until = now + timedelta(minutes=10)
    db.session.commit()

    html = _sign_in(app, "admin_beranda").get("/").text

    jobs = _block(html, "home-jobs")
    assert "Impor data" in jobs and "Gagal" in jobs
    assert "Pendaftaran sesi" in _block(html, "home-outbox")
    assert "SMTP 550 ditolak" in _block(html, "home-outbox")
    assert "/outbox?state=failed" in _hrefs(html, "home-outbox")
    assert "terkunci" in _block(html, "home-locked")
    assert f"/admin/users/{locked.id}/edit" in _hrefs(html, "home-locked")
    assert "Basis data dan migrasi" in html


def test_an_account_without_roles_is_told_whom_to_ask(app, db):
    user = make_user(("participant",), username="tanpa_orang")  # no person linked
    db.session.commit()
    assert user.person_id is None

    html = _sign_in(app, "tanpa_orang").get("/").text

    assert "Hubungi admin" in html


def test_the_page_speaks_english_when_asked(app, db, world):
    client = _sign_in(app, "kom_polda")
    client.post("/lang", data={"lang": "en"})

    html = client.get("/").text

    assert "Readiness reports waiting for you" in html
    assert "Absence warnings" in html


def _statements(client) -> int:
    client.get("/")  # warm up: the login's user, translations, the kept roll-up
    _db.session.remove()
    with count_statements() as statements:
        assert client.get("/").status_code == 200
    return len(statements)


def test_statements_are_the_same_for_a_polsek_a_polda_and_the_nation(app, db):
    tree = make_command_tree()
    _program, (_t1, t2, t3), _cycle = hf.running_programme("Program Skala")
    for polres in (tree["polres_1"], tree["polres_2"], tree["polres_x"]):
        hf.staff_units(polres, 6, certify=lambda p: hf.certified(p, t3))
    hf.staff_units(tree["polda"], 8, certify=lambda p: hf.certified(p, t2, until_days=20))
    hf.staff_units(tree["polda_x"], 8, certify=lambda p: hf.certified(p, t2))
    for key in ("polsek_1", "polda", "mabes"):
        make_user(("commander",), username=f"skala_{key}", unit=tree[key])
    db.session.commit()

    clients = {key: _sign_in(app, f"skala_{key}") for key in ("polsek_1", "polda", "mabes")}
    # a first round warms up: on PostgreSQL the first read of the kept roll-up asks once
    # whether its version table exists
    for _round in range(2):
        counts = {key: _statements(client) for key, client in clients.items()}

    assert counts["polsek_1"] == counts["polda"] == counts["mabes"], counts
    assert counts["polda"] <= 12, counts


def test_statements_are_the_same_for_a_regional_and_a_national_trainer(app, db):
    """Sessions in every stage in many units: the trainer's five blocks cost one statement
    each whatever they list."""
    tree = make_command_tree()
    _program, (_t1, t2, t3), cycle = hf.running_programme("Program Pelatih")
    admin = make_user(("admin",))
    now = hf.now()
    for n, key in enumerate(("polres_1", "polsek_1", "polres_2", "polres_x", "polsek_x")):
        people = hf.staff_units(tree[key] if key.startswith("polres") else tree["polda"], 2)
        for days in (-3, -1, 0, 2):
            session = hf.session_at(t2, tree[key], tree[key], now + timedelta(days=days, hours=n))
            for person in people[:3]:
                hf.enrol(session, person)
            if days == -3:  # someone who took only this session, completed
                graduate = make_person(tree[key], full_name=f"Lulus {key}")
                hf.enrol(session, graduate)
                hf.completed(graduate, t2)
            if days == -3:
                hf.mark(session, people[0])
                hf.sign(session, admin)
        hf.draft(t3, tree[key], tree[key], cycle, now + timedelta(days=30))
    make_user(("trainer",), username="latih_polres", unit=tree["polres_2"])
    make_user(("trainer",), username="latih_polda", unit=tree["polda"])
    make_user(("trainer",), username="latih_nasional")
    db.session.commit()

    clients = {key: _sign_in(app, f"latih_{key}") for key in ("polres", "polda", "nasional")}
    for _round in range(2):
        counts = {key: _statements(client) for key, client in clients.items()}

    assert counts["polres"] == counts["polda"] == counts["nasional"], counts
    assert counts["nasional"] <= 9, counts
    html = clients["nasional"].get("/").text
    for block in ("home-sessions", "home-rollcalls", "home-grids", "home-certificates"):
        assert "lainnya" in _block(html, block) or "Tingkat 2" in _block(html, block), block


def test_the_admin_is_told_to_upgrade_a_schema_behind_the_migrations(app, db, monkeypatch):
    from training.home import admin

    status = {"database": "ok", "migration": {"current": "abc123", "head": "def456",
                                               "up_to_date": False}}  # fmt: skip
    monkeypatch.setattr(admin, "database_status", lambda: status)
    make_user(("admin",), username="admin_lama")
    db.session.commit()

    health = _block(_sign_in(app, "admin_lama").get("/").text, "home-health")

    assert "Skema belum diperbarui" in health
    assert "Revisi abc123, terbaru def456" in health and "flask db upgrade" in health


def test_a_commander_without_a_programme_is_told_why_there_is_no_status(app, db):
    make_user(("commander",), username="kom_awal", unit=make_command_tree()["polres_1"])
    db.session.commit()

    html = _sign_in(app, "kom_awal").get("/").text

    assert "Belum ada program pelatihan yang aktif" in _block(html, "home-status")
    assert "Kesenjangan dihitung setelah ada program" in _block(html, "home-gaps")
