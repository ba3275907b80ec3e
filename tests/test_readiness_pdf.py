"""The readiness report PDF: every part present, page numbers, charts drawn, hostile names."""

import io
import shutil
import subprocess
from datetime import date, timedelta

import pytest
from PIL import Image
from pypdf import PdfReader

from training.readiness.report_data import ReportData
from training.readiness.report_pdf import render_report

FIGURES = {
    "targets": 120,
    "certified": 80,
    "certified_pct": 66.7,
    "commanders": 20,
    "commanders_certified": 15,
    "accounts": 40,
    "accounts_verified": 35,
    "accounts_pct": 87.5,
    "average_level": 3.62,
    "attendance_pct": 91.3,
    "expiring": 4,
    "failed": 3,
    "untrained": 37,
}


def build_report(children=3, gaps=5, **overrides) -> ReportData:
    values = {
        "unit_name": "Polda Jawa Timur",
        "unit_code": "15",
        "unit_level": "polda",
        "program_title": "Pelatihan Akun Medsos Bercentang Biru",
        "cycle_label": "Siklus 1: 2 November 2026 - 11 Desember 2026",
        "status": "sebagian",
        "unmet": ["Personel bersertifikat di bawah 80%"],
        "own": FIGURES,
        "subtree": FIGURES,
        "children": [
            {**FIGURES, "code": f"15.{i:02d}", "name": f"Polres Uji {i}", "status": "siap"}
            for i in range(children)
        ],
        "trend": [(date(2026, 11, 2) + timedelta(days=i), 2.0 * i) for i in range(20)],
        "gaps": [
            {
                "name": f"Budi Santoso {i}",
                "nrp": f"8100{i:04d}",
                "rank": "AKP",
                "unit": "Polsek Uji",
                "position": "Kapolsek",
                "kind": "expiring" if i % 2 else "untrained",
                "until": date(2026, 12, 20) if i % 2 else None,
                "session": "Sel 1 Des 2026 09.00 WIB" if i % 2 else None,
            }
            for i in range(gaps)
        ],
        "gaps_total": gaps,
        "generated_label": "29 November 2026 18.50 WIB",
        "cutoff": date(2026, 11, 29),
    }
    values.update(overrides)
    return ReportData(**values)


def text_of(pdf: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(pdf))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def test_report_holds_cover_summary_children_gaps_and_footer():
    reader, text = text_of(render_report(build_report()))
    assert reader.metadata.title == "Laporan Kesiapan Polda Jawa Timur"
    assert "LAPORAN KESIAPAN" in text
    assert "Status: Sebagian" in text
    assert "80 (66,7%)" in text  # certified of targets
    assert "35 dari 40 (87,5%)" in text  # verified accounts
    assert "Polres Uji 2" in text
    assert "Budi Santoso 4" in text and "Belum ada sesi terbuka" in text
    assert "Sertifikat segera berakhir" in text and "(20 Desember" in text
    assert "Data per 29 November 2026" in text
    pages = len(reader.pages)
    assert f"Halaman 1 dari {pages}" in text and f"Halaman {pages} dari {pages}" in text


def test_long_tables_repeat_their_header_and_say_what_was_left_out():
    reader, text = text_of(render_report(build_report(children=45, gaps=300, gaps_total=420)))
    assert text.count("Nama / NRP") >= 3  # the gap table's header on each of its pages
    assert "Ditampilkan 300 dari 420" in text
    assert len(reader.pages) >= 6


def test_unit_without_children_or_gaps_still_renders():
    _, text = text_of(render_report(build_report(children=0, gaps=0, trend=[])))
    assert "Tidak ada kesenjangan." in text
    assert "Belum ada riwayat harian." in text


def test_hostile_names_are_printed_as_text():
    hostile = 'Polres <b>Uji</b> & "Kita" Ñoño Đặng'
    report = build_report(unit_name=hostile)
    report.gaps[0]["name"] = "</para><font>x"
    _, text = text_of(render_report(report))
    assert "<b>Uji</b> &" in text
    assert "</para><font>x" in text


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs poppler-utils")
def test_summary_page_renders_with_the_trend_line(tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(render_report(build_report()))
    subprocess.run(
        ["pdftoppm", "-r", "40", "-png", "-f", "2", "-l", "2", path, tmp_path / "p"], check=True
    )
    image = Image.open(next(tmp_path.glob("p*.png"))).convert("RGB")
    blue = sum(1 for pixel in image.get_flattened_data() if pixel[2] > 180 and pixel[0] < 80)
    assert blue > 20  # the trend line (#0d6efd) is drawn
