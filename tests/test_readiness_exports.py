"""Readiness downloads: the child-unit rows and the gap list as CSV/XLSX, and the PDF report,
with the same figures as the roll-up and within the viewer's scope."""

import csv
import io
from datetime import UTC, datetime, time, timedelta

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.factories import (
    make_course,
    make_course_status,
    make_person,
    make_program,
    make_session,
    make_tree,
    make_user,
)
from training.accounts.models import SocialAccount
from training.certificates.services import issue_certificate
from training.core.timefmt import local_day
from training.programs.services import create_cycle


@pytest.fixture
def region(db):
    """polda_a with polres_a (kapolres certified, wakapolres untrained, an open session) and
    polres_b elsewhere; a programme running today."""
    today = local_day()
    tree = make_tree()
    program = make_program(
        title="Program Kesiapan",
        starts_on=today - timedelta(days=10),
        ends_on=today + timedelta(days=30),
    )
    create_cycle(program, 1)
    course = make_course(program, tier=2, title="Tingkat Polres")
    head = make_person(
        tree["polres_a"], full_name="Kapolres Satu", position="kapolres", nrp="81000901"
    )
    deputy = make_person(
        tree["polres_a"], full_name="Wakapolres Belum", position="wakapolres", nrp="81000902"
    )
    make_person(tree["polres_b"], full_name="Kapolres Lain", position="kapolres", nrp="81000903")
    admin = make_user(roles=("admin",), username="exp_admin")
    make_course_status(head, course)
    issue_certificate(head, course, actor=admin, today=today)
    now = datetime.now(UTC)
    start = datetime.combine(today + timedelta(days=3), time(2, 0), tzinfo=UTC)
    make_session(
        course,
        tree["polres_a"],
        starts_at=start,
        audience_unit=tree["polda_a"],
        title="Sesi Kesiapan Terbuka",
    )
    db.session.add(
        SocialAccount(
            unit=tree["polres_a"],
            platform="instagram",
            handle="polres_a",
            verified=True,
            created_at=now,
            updated_at=now,
        )
    )
    db.session.commit()
    return tree, deputy


def _csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))


def test_child_rows_csv_holds_each_child_units_figures(client, login, region):
    tree, _deputy = region
    login("admin")
    response = client.get(f"/readiness/units/{tree['polda_a'].code}/readiness.csv")
    assert response.status_code == 200
    rows = _csv(response)
    header, body = rows[0], rows[1:]
    assert header[:4] == ["Kode", "Satuan", "Tingkat satuan", "Status"]
    assert len(body) == 1
    values = dict(zip(header, body[0], strict=True))
    assert values["Kode"] == tree["polres_a"].code
    assert (values["Personel sasaran"], values["Bersertifikat"]) == ("2", "1")
    assert values["Bersertifikat (%)"] == "50.0"
    assert (values["Akun resmi aktif"], values["Akun terverifikasi"]) == ("1", "1")
    assert values["Status"] == "Sebagian"


def test_gap_list_xlsx_names_the_untrained_person_and_the_next_session(client, login, region):
    tree, deputy = region
    login("admin")
    response = client.get(f"/readiness/units/{tree['polda_a'].code}/gaps.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.data)).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert len(rows) == 2  # header + the wakapolres (the kapolres is certified)
    values = dict(zip(rows[0], rows[1], strict=True))
    assert values["NRP/NIP"] == deputy.nrp
    assert values["Kesenjangan"] == "Belum dilatih"
    assert "Sesi Kesiapan Terbuka" in values["Sesi berikutnya"]


def test_pdf_report_carries_the_unit_its_child_and_gap(client, login, region):
    tree, deputy = region
    login("admin")
    response = client.get(f"/readiness/units/{tree['polda_a'].code}/report.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(response.data))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert tree["polda_a"].name in text
    assert tree["polres_a"].name in text
    assert "Wakapolres Belum" in text
    assert "Halaman 1 dari" in text


def test_kapolres_downloads_only_their_own_polres(client, login, region):
    tree, _deputy = region
    login("commander", unit=tree["polres_b"], username="kapolres_b")

    def status(unit, suffix):
        response = client.get(f"/readiness/units/{unit.code}/{suffix}")
        response.get_data()  # consume streamed downloads
        return response.status_code

    for suffix in ("report.pdf", "readiness.csv", "gaps.csv", "gaps.xlsx"):
        statuses = [status(tree[name], suffix) for name in ("polres_b", "polres_a", "polda_b")]
        assert statuses == [200, 404, 404], suffix
    rows = _csv(client.get(f"/readiness/units/{tree['polres_b'].code}/gaps.csv"))
    assert [row[1] for row in rows[1:]] == ["Kapolres Lain"]


@pytest.fixture
def many_gaps(db, region):
    """150 more untrained deputies in polres_a: 151 gaps, more than a page of 100."""
    tree, deputy = region
    for n in range(150):
        make_person(
            tree["polres_a"],
            full_name=f"Wakapolres Banyak {n:03d}",
            position="wakapolres",
            nrp=f"82{n:06d}",
        )
    db.session.commit()
    return tree, {deputy.nrp} | {f"82{n:06d}" for n in range(150)}


@pytest.mark.parametrize("batch", [500, 40])
def test_gap_csv_carries_every_gap(client, login, many_gaps, monkeypatch, batch):
    from training.readiness import exports

    monkeypatch.setattr(exports, "DOWNLOAD_BATCH", batch)
    tree, nrps = many_gaps
    login("admin")

    rows = _csv(client.get(f"/readiness/units/{tree['polda_a'].code}/gaps.csv"))

    body = [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
    assert len(body) == 151
    assert sorted(row["NRP/NIP"] for row in body) == sorted(nrps)


def test_gap_xlsx_carries_every_gap(client, login, many_gaps):
    tree, nrps = many_gaps
    login("admin")

    response = client.get(f"/readiness/units/{tree['polda_a'].code}/gaps.xlsx")

    sheet = load_workbook(io.BytesIO(response.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 152
    assert sorted(row[0] for row in rows[1:]) == sorted(nrps)


def test_pdf_report_lists_more_than_a_hundred_gaps(client, login, many_gaps):
    tree, _nrps = many_gaps
    login("admin")

    response = client.get(f"/readiness/units/{tree['polda_a'].code}/report.pdf")

    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages)
    assert "Daftar kesenjangan (151 personel)" in text
    assert "Wakapolres Banyak 149" in text
    assert "Ditampilkan" not in text
