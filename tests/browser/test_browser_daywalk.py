"""Each role's day (issue 14, "Done means"), walked from its home page by links and buttons.

After signing in, a walk never types a URL: ``page.goto`` fails for anything but the login
page and the home page (``follow_links_only``). What a browser cannot wait for (a class
that began this morning, a certificate from last week) is put in place by
``daywalk_data`` through the services. Every step leaves a full-page screenshot under the
test's tmp dir, or under ``$DAYWALK_SHOTS`` (``DAYWALK_SHOTS=docs/screenshots``) to look at
them and pick the README's.

- trainer: today's class from the home page (projector, a participant checks in by the
  typed code on a phone, roll call, sign-off with its confirmation, assessment grid), next
  month's series with its audience booked through the preview, then, once the class is
  over, certificates from the home page's "Siap menerima sertifikat" and the session page;
- commander: the kapolres's readiness status and gaps from the home page, "Daftarkan" books
  a series, the booking in every meeting, the report waiting for the Polda; the kapolda
  opens it from the home page and verifies it;
- participant (laptop and phone): the booking in the bell, check-in from the home page with
  the typed code, the certificate PDF from the home page.
"""

import io
import os
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from tests.browser import daywalk_data as data
from tests.browser.conftest import DEMO_PASSWORD

pytestmark = pytest.mark.browser
LAPTOP, PHONE = {"width": 1366, "height": 900}, {"width": 390, "height": 844}


class Walk:
    """A signed-in page that follows links only and keeps a screenshot of every step."""

    def __init__(self, page: Page, base: str, folder: Path, role: str):
        self.page, self.base, self.folder, self.role = page, base, folder, role
        self.steps = 0
        width = page.viewport_size["width"]
        self.prefix = f"{role}-{width}"
        real_goto, homes = page.goto, []

        def goto(url, **kwargs):
            path = url.removeprefix(base)
            if path != "/login" and not (path == "/" and not homes):
                raise AssertionError(f"a day walk follows links, it does not open {url}")
            if path == "/":
                homes.append(url)  # the one start at home
            return real_goto(url, **kwargs)

        page.goto = goto

    def sign_in(self, username: str) -> None:
        page = self.page
        page.goto(self.base + "/login")
        page.get_by_label("Nama pengguna").fill(username)
        page.get_by_label("Kata sandi").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Masuk").click()
        expect(page).to_have_url(self.base + "/")
        self.shot(f"home-{username}")

    def sign_out(self) -> None:
        self.menu(self.page.locator("#nav-account").inner_text(), "Keluar", role="button")
        expect(self.page.get_by_label("Nama pengguna")).to_be_visible()

    def home(self) -> None:
        """Back to the home page by the brand link of the menu bar."""
        self.page.get_by_role("navigation", name="Navigasi utama").get_by_role(
            "link", name="Presisi Training"
        ).click()
        expect(self.page).to_have_url(self.base + "/")
        self.page.wait_for_load_state()  # the home page's scripts listen from here on

    def shot(self, step: str) -> None:
        self.steps += 1
        name = f"{self.prefix}-{self.steps:02d}-{step}.png"
        self.page.screenshot(path=str(self.folder / name), full_page=True)

    def menu(self, group: str, item: str | None = None, role: str = "link") -> None:
        """Open a menu entry as a user would: the hamburger first on a phone."""
        nav = self.page.get_by_role("navigation", name="Navigasi utama")
        if self.page.viewport_size["width"] < 992:  # the menu folds below 992 px
            nav.locator(".navbar-toggler").click()
            expect(nav.locator("#nav-main")).to_be_visible()
        if item is None:
            nav.get_by_role("link", name=group, exact=True).click()
            return
        nav.get_by_role("button", name=group, exact=True).click()
        nav.get_by_role(role, name=item, exact=True).click()

    def pick(self, label: str, typed: str, option: str) -> None:
        """Choose a unit in a search-as-you-type picker."""
        self.page.get_by_role("combobox", name=label).press_sequentially(typed, delay=20)
        self.page.get_by_role("option", name=re.compile(re.escape(option))).first.click()


@pytest.fixture
def folder(tmp_path) -> Path:
    shots = os.environ.get("DAYWALK_SHOTS")
    path = Path(shots) if shots else tmp_path
    path.mkdir(parents=True, exist_ok=True)
    return path


def _code_on_the_wall(wall: Page) -> str:
    """The typed code on the projector, a fresh one when it is about to change."""
    if int(wall.locator("#countdown").inner_text()) < 8:
        old = wall.locator("#short-code").inner_text()
        expect(wall.locator("#short-code")).not_to_have_text(old, timeout=15_000)
    return wall.locator("#short-code").inner_text().strip()


def _projector(browser, base: str, session_id: int) -> Page:
    """The trainer's projector on the wall of the room (a page of its own, not walked)."""
    wall = browser.new_context(viewport=LAPTOP).new_page()
    wall.goto(base + "/login")
    wall.get_by_label("Nama pengguna").fill("pelatih")
    wall.get_by_label("Kata sandi").fill(DEMO_PASSWORD)
    wall.get_by_role("button", name="Masuk").click()
    wall.goto(f"{base}/attendance/sessions/{session_id}/projector")
    return wall


def _check_in(walk: Walk, title: str, code: str) -> None:
    page = walk.page
    walk.home()
    next_session = page.locator("#home-next")
    expect(next_session).to_contain_text(title)
    next_session.get_by_role("link", name="Presensi sekarang").click()
    expect(page.get_by_role("heading", name="Presensi mandiri")).to_be_visible()
    choice = page.get_by_label("Sesi").locator("option", has_text=title)
    page.get_by_label("Sesi").select_option(choice.get_attribute("value"))
    page.get_by_label("Kode presensi").fill(code)
    walk.shot("checkin-code")
    page.get_by_role("button", name="Catat kehadiran").click()
    expect(page.locator(".alert-success")).to_contain_text("Presensi tercatat: Hadir")
    walk.shot("checked-in")
    walk.home()
    expect(page.locator("#home-next")).to_contain_text("Kehadiran tercatat: Hadir")


def participant_walk(walk: Walk, day: data.ParticipantDay, wall: Page) -> None:
    """The booking in the bell, check-in with the code on the wall, the certificate PDF."""
    page = walk.page
    walk.sign_in(day.username)
    bell = page.locator("#nav-bell")
    expect(bell.get_by_test_id("unread-count")).to_have_text(re.compile(r"[1-9]"))
    bell.click()
    expect(page.get_by_role("heading", name="Pemberitahuan")).to_be_visible()
    notice = page.locator(".list-group-item").filter(has_text=day.title)
    expect(notice).to_contain_text("Aula Polresta Jayapura Kota")
    walk.shot("bell")
    notice.get_by_role("button", name="Buka").click()
    expect(page.get_by_role("heading", name="Jadwal saya")).to_be_visible()
    expect(page.get_by_text(day.title).first).to_be_visible()
    walk.shot("schedule")

    _check_in(walk, day.title, _code_on_the_wall(wall))

    certificates = page.locator("#home-mycerts")
    expect(certificates).to_contain_text(day.course_title)
    walk.shot("home-after-checkin")
    with page.expect_download() as info:
        certificates.get_by_role("link", name=re.compile("Unduh PDF")).first.click()
    text = "".join(
        p.extract_text() for p in PdfReader(io.BytesIO(info.value.path().read_bytes())).pages
    )
    assert day.full_name in text
    assert "SERT/" in text


@pytest.mark.parametrize(
    ("viewport", "full_name"),
    [(LAPTOP, "Yohanes Wanimbo"), (PHONE, "Maria Kogoya")],
    ids=["laptop", "phone"],
)
def test_participant_day(browser, live_server, live_app, folder, viewport, full_name):
    username = f"peserta.{viewport['width']}"
    day = data.participant_day(live_app, username, full_name)
    context = browser.new_context(viewport=viewport, accept_downloads=True)
    wall = _projector(browser, live_server, day.session_id)
    try:
        walk = Walk(context.new_page(), live_server, folder, "participant")
        participant_walk(walk, day, wall)
    finally:
        wall.context.close()
        context.close()


def _first_monday_in_four_weeks() -> date:
    today = date.today()
    return today + timedelta(days=(7 - today.weekday()) % 7 + 28)


def trainer_class_today(walk: Walk, today: data.ClassToday, phone: Page) -> None:
    """Projector, a participant's typed code, roll call, sign-off, assessment grid."""
    page = walk.page
    page.locator("#home-sessions").get_by_role("link", name=today.title).click()
    expect(page.locator("h1 [data-stage]")).to_have_text("Berlangsung")
    walk.shot("class-today")
    page.locator("#main").get_by_role("link", name="Layar QR presensi").click()
    walk.shot("projector")
    code = _code_on_the_wall(page)

    other = Walk(phone, walk.base, walk.folder, "trainer-class")
    other.sign_in(today.checker)
    _check_in(other, today.title, code)

    page.locator("#main").get_by_role("link", name="Kembali ke daftar hadir").click()
    sheet = page.locator("#roll-call")
    checker = sheet.locator("li", has_text=today.names[0])
    expect(checker.get_by_role("combobox")).to_have_value("hadir", timeout=12_000)
    page.get_by_label(f"Status kehadiran {today.names[2]}").select_option("terlambat")
    page.get_by_label(f"Catatan untuk {today.names[2]}").fill(
        "Datang 20 menit terlambat, apel pagi"
    )
    page.get_by_role("button", name="Tandai semua hadir").click()
    expect(page.locator(".alert-success")).to_be_visible()
    expect(page.get_by_label(f"Status kehadiran {today.names[1]}")).to_have_value("hadir")
    walk.shot("roll-call")

    page.get_by_text("Tandatangani dan kunci daftar hadir…").click()
    page.get_by_label("Catatan penandatanganan (boleh kosong)").fill("Tiga peserta, satu terlambat")
    page.get_by_label(re.compile("Saya yakin: daftar hadir sudah benar")).check()
    walk.shot("signoff-confirmation")
    page.get_by_role("button", name="Tandatangani dan kunci daftar hadir").click()
    expect(page.locator("#signoff-info")).to_contain_text("Daftar hadir terkunci")
    walk.shot("signed-off")

    page.locator("#main").get_by_role("link", name="Kembali ke sesi").click()
    page.locator("#main").get_by_role("link", name="Penilaian", exact=True).click()
    grid = page.locator("select[id^='level-']")
    expect(grid.first).to_be_visible()
    for i in range(grid.count()):
        grid.nth(i).select_option(str(4 + i % 2))  # Baik Sekali and Istimewa
    walk.shot("grid")
    page.get_by_role("button", name="Simpan penilaian").click()
    expect(page.locator(".alert-success")).to_be_visible()
    page.locator("#main").get_by_role("link", name="Kembali ke sesi").click()
    page.locator("#main").get_by_role("link", name="Terbitkan sertifikat").click()
    early = page.locator("#issue-after-end")  # signed off, but the class is still on
    expect(early).to_contain_text("Sesi ini belum berakhir")
    walk.shot("issue-before-the-end")


def trainer_plans_a_series(walk: Walk) -> None:
    """Next month's tier-3 series for Polres Kediri Kota, its audience booked on preview."""
    page = walk.page
    walk.home()
    page.locator("#main").get_by_role("link", name="Buat sesi").click()
    expect(page.get_by_role("heading", name="Jadwalkan sesi")).to_be_visible()
    page.wait_for_load_state()  # the heading shows before the form's script listens
    course = page.get_by_label("Kursus (tingkat)")
    with page.expect_navigation():  # the trainer list follows the course
        course.select_option(course.locator("option", has_text="Tingkat 3").get_attribute("value"))
    with page.expect_navigation():  # ... and the audience
        walk.pick("Kode satuan sasaran", "Kediri Kota", "Polres Kediri Kota")
    page.get_by_label("Judul sesi (boleh kosong)").fill("Kelas Kapolsek Kediri Kota")
    page.get_by_label("Tanggal", exact=True).fill(_first_monday_in_four_weeks().isoformat())
    page.get_by_label("Jam mulai").fill("09:00")
    page.get_by_label("Jam selesai").fill("12:00")
    walk.pick("Kode satuan tempat", "Kediri Kota", "Polres Kediri Kota")
    page.get_by_label("Ruang / alamat (boleh kosong)").fill("Aula Polres Kediri Kota")
    page.get_by_label(re.compile(r"^Jajang Permana \(akun pelatih\)")).check()
    page.get_by_label("Ulangi", exact=True).select_option("weekly")
    page.get_by_label("Senin").check()
    page.get_by_label("Rabu").check()
    page.get_by_label("Jumlah pertemuan").fill("4")
    walk.shot("series-form")
    page.get_by_role("button", name="Simpan").click()
    expect(page.locator(".alert-success")).to_contain_text("4 pertemuan")
    expect(page.get_by_text("Jajang Permana")).to_be_visible()
    walk.shot("series-saved")
    page.locator("#main").get_by_role("link", name="Peserta", exact=True).click()
    page.locator("#main").get_by_role("link", name="Daftarkan sasaran").click()
    expect(page.get_by_text("Pendaftaran berlaku untuk 4 pertemuan seri ini")).to_be_visible()
    seats = int(page.locator("#preview-seats").inner_text())
    assert seats > 0
    expect(page.locator("#preview-units tbody tr").first).to_contain_text("Polsek")
    walk.shot("audience-preview")
    page.get_by_role("button", name=re.compile(r"Konfirmasi: daftarkan \d+ personel")).click()
    expect(page.locator(".alert-success")).to_be_visible()
    expect(page.locator("#count-enrolled")).to_have_text(f"{seats} / 30")
    walk.shot("audience-booked")


def trainer_issues_certificates(walk: Walk, today: data.ClassToday) -> None:
    """Once today's class is over: certificates from its page, through the confirmation."""
    page = walk.page
    walk.home()
    ready = page.locator("#home-certificates li").filter(has_text=today.title)
    for _ in range(60):  # the class ends a minute or two after it was set up
        if ready.count():
            break
        page.wait_for_timeout(2_000)
        page.reload()
    expect(ready).to_contain_text("3 orang memenuhi syarat")
    walk.shot("home-ready-for-certificates")
    ready.get_by_role("link", name="Terbitkan dari halaman sesi").click()
    expect(page.get_by_text("3 peserta sesi ini memenuhi syarat")).to_be_visible()
    page.get_by_label(re.compile("Saya yakin: terbitkan sertifikat")).check()
    walk.shot("issue-confirmation")
    page.get_by_role("button", name="Terbitkan sertifikat untuk semua (3)").click()
    expect(page.locator(".alert-success")).to_contain_text("3")
    walk.shot("certificates-issued")


def test_trainer_day(browser, live_server, live_app, folder):
    today = data.class_today(live_app, minutes_left=2)
    context = browser.new_context(viewport=LAPTOP)
    phone = browser.new_context(viewport=PHONE)
    try:
        walk = Walk(context.new_page(), live_server, folder, "trainer")
        walk.sign_in("pelatih")
        trainer_class_today(walk, today, phone.new_page())
        trainer_plans_a_series(walk)
        trainer_issues_certificates(walk, today)
    finally:
        phone.close()
        context.close()


def commander_books_a_gap(walk: Walk) -> str:
    """The kapolres's readiness status and gaps; "Daftarkan" books the whole series and the
    booking shows in every meeting. Returns the name booked."""
    page = walk.page
    expect(page.locator("#home-status")).to_contain_text(re.compile("Siap|Sebagian|Belum siap"))
    expect(page.locator("#home-gaps")).to_contain_text("personel sasaran belum dilatih")
    page.locator("#home-gaps").get_by_role("link", name="Buka daftar kesenjangan").click()
    expect(
        page.get_by_role("heading", level=1, name="Kesiapan: Polres Blitar Kota")
    ).to_be_visible()
    expect(page.locator("#status-heading")).to_have_text(
        re.compile(r"Status:\s+(Siap|Sebagian|Belum siap)")
    )
    walk.shot("readiness")
    page.get_by_label("Satuan", exact=True).select_option(label="Polsek Srengat")
    page.get_by_role("button", name="Saring").click()
    gaps = page.locator("#gaps tbody tr")
    row = gaps.filter(has=page.get_by_role("button", name="Daftarkan")).first
    expect(row).to_contain_text("Polsek Srengat")
    name = row.get_attribute("data-person")
    walk.shot("gaps")
    row.get_by_role("button", name="Daftarkan").click()
    expect(page.locator(".alert-success")).to_contain_text(f"{name} didaftarkan ke seri")
    meetings = int(
        re.search(r"\((\d+) pertemuan\)", page.locator(".alert-success").inner_text())[1]
    )
    assert meetings > 1
    booked = gaps.filter(has=page.locator(f"[data-person='{name}']")).or_(
        page.locator(f"#gaps tbody tr[data-person='{name}']")
    )
    expect(booked).to_contain_text("Terdaftar")
    walk.shot("booked")

    booked.locator("td").nth(4).get_by_role("link").click()
    series = page.locator("table", has=page.get_by_text("Pertemuan", exact=True)).locator("tbody a")
    expect(series).to_have_count(meetings)
    for i in range(meetings):
        series.nth(i).click()
        page.locator("#main").get_by_role("link", name="Peserta", exact=True).click()
        expect(page.get_by_text("Sesi ini bagian dari seri")).to_be_visible()
        expect(page.get_by_role("cell", name=name).first).to_be_visible()
        if i == meetings - 1:
            walk.shot("booked-in-the-last-meeting")
        page.go_back()  # to the meeting's page, which lists the series too
    return name


def commander_reports(walk: Walk) -> None:
    """The kapolres's report waits for the Polda; the kapolda opens it and verifies it."""
    page = walk.page
    walk.menu("Kesiapan", "Laporan kesiapan berjenjang")
    mine = page.locator("tr", has_text="Polres Blitar Kota").last
    expect(mine).to_contain_text("Menunggu verifikasi Polda")
    walk.shot("report-waiting")
    walk.sign_out()

    walk.sign_in("kapolda")
    page.locator("#home-reports").get_by_role("link", name="Polres Blitar Kota").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Polres Blitar Kota")
    page.get_by_label("Catatan verifikasi (tidak wajib)").fill("Angka sesuai dasbor, bukti lengkap")
    walk.shot("report-to-verify")
    page.get_by_role("button", name="Verifikasi").click()
    expect(page.locator(".alert-success")).to_be_visible()
    expect(page.get_by_text("Menunggu verifikasi Mabes").first).to_be_visible()
    walk.shot("report-verified")


def test_commander_day(browser, live_server, folder):
    context = browser.new_context(viewport=LAPTOP)
    try:
        walk = Walk(context.new_page(), live_server, folder, "commander")
        walk.sign_in("kapolres")
        commander_books_a_gap(walk)
        commander_reports(walk)
    finally:
        context.close()


def test_a_walk_opens_no_address_but_the_login_and_home_pages(page, live_server, tmp_path):
    walk = Walk(page, live_server, tmp_path, "guard")
    with pytest.raises(AssertionError, match="follows links"):
        page.goto(live_server + "/sessions/")
    walk.sign_in("pelatih")
    page.goto(live_server + "/")  # the one start at home
    with pytest.raises(AssertionError, match="follows links"):
        page.goto(live_server + "/")
