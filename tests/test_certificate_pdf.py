"""Certificate PDFs: every printed field, hostile names, metadata, deterministic bytes, a QR
code that decodes to the verification URL, multi-page PDFs and streamed ZIPs."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import unicodedata
import zipfile
from datetime import date
from types import SimpleNamespace

import pytest
from pypdf import PdfReader

from training.certificates.bundle import iter_zip, zip_name
from training.certificates.fonts import MissingGlyphs, bidi_runs, missing_fonts, uncovered
from training.certificates.pdf import indonesian_date, render_certificate, render_many

URL = "https://presisi.example.go.id/verify/K7QF3WZ2MB5XJ4HA"


def make_cert(number=123, **overrides):
    program = SimpleNamespace(title="Program Literasi Media Sosial Presisi 2026")
    course = SimpleNamespace(title="Komunikasi Publik di Media Sosial", tier=2, program=program)
    values = dict(
        serial=f"SERT/2026/11/{number:06d}",
        holder_name="Budi Santoso",
        holder_rank="Bripka",
        holder_nrp="87050123",
        holder_unit="Polres Metro Jakarta Selatan",
        course=course,
        issued_on=date(2026, 11, 17),
        valid_until=date(2029, 11, 16),
        signatory_name="Dr. Ahmad Wijaya, S.I.K., M.Si.",
        signatory_rank="Brigjen Pol.",
        signatory_nrp="70010234",
        signatory_position="Kepala Divisi Humas Polri",
        state="valid",
        revoked_on=None,
        superseded_by=None,
    )
    values.update(overrides)
    return SimpleNamespace(**values)


def text_of(pdf: bytes, page: int = 0) -> str:
    """The page's text with whitespace (line breaks of wrapped texts) collapsed."""
    return " ".join(PdfReader(io.BytesIO(pdf)).pages[page].extract_text().split())


def test_indonesian_date_spells_the_month_in_indonesian():
    assert indonesian_date(date(2026, 11, 17)) == "17 November 2026"
    assert indonesian_date(date(2027, 2, 1)) == "1 Februari 2027"
    assert indonesian_date(date(2027, 8, 31)) == "31 Agustus 2027"


def test_certificate_prints_every_field():
    text = text_of(render_certificate(make_cert(), URL))

    for expected in (
        "SERTIFIKAT",
        "Certificate",
        "SERT/2026/11/000123",
        "Budi Santoso",
        "Bripka",
        "NRP/NIP 87050123",
        "Polres Metro Jakarta Selatan",
        "telah menyelesaikan pelatihan / has completed the training",
        "Program Literasi Media Sosial Presisi 2026",
        "Tingkat 2 / Tier 2: Komunikasi Publik di Media Sosial",
        "Issued: 17 November 2026",
        "Valid until: 16 November 2029",
        "Dr. Ahmad Wijaya, S.I.K., M.Si.",
        "Brigjen Pol. NRP 70010234",
        "Kepala Divisi Humas Polri",
        URL,
    ):
        assert expected in text, expected


@pytest.mark.parametrize(
    "name",
    [
        '<b>&"O\'Brien"',
        "Zoë Ångström",
        "Şükrü Yıldız Łukaszewski",  # outside cp1252: Vera
        " ".join(["Muhammad Abdurrahman Wiratmaja"] * 4)[:120],
    ],
)
def test_hostile_names_print_exactly_as_stored(name):
    text = text_of(render_certificate(make_cert(holder_name=name), URL))

    assert " ".join(name.split()) in text


def test_a_120_character_name_stays_inside_the_page():
    name = " ".join(["Muhammad Abdurrahman Wiratmaja"] * 4)[:120]
    pdf = render_certificate(make_cert(holder_name=name), URL)
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    xs = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            xs.append(tm[4] * cm[0] + cm[4])

    page.extract_text(visitor_text=visit)

    assert len(name) == 120
    assert xs and min(xs) >= 28 and max(xs) < float(page.mediabox.width) - 28


def require_fonts() -> None:
    """Fail (never skip) with the Debian packages to install when a font is missing."""
    missing = missing_fonts()
    assert not missing, f"certificate fonts missing: apt-get install {' '.join(missing)}"


def test_the_font_chain_is_installed():
    require_fonts()


def _name_line(pdf: bytes) -> str:
    """The line printed under "Awarded to", as extracted (NFKC: Arabic presentation forms
    back to letters)."""
    lines = PdfReader(io.BytesIO(pdf)).pages[0].extract_text().splitlines()
    raw = lines[lines.index("Diberikan kepada / Awarded to") + 1].strip()
    return raw


@pytest.mark.parametrize(
    ("name", "font"),
    [
        ("Budi Santoso", b"/Helvetica-Bold"),
        ("Nguyễn Thị Minh Khai", b"DejaVuSans-Bold"),
        ("Nguyễn Thị Hương Đặng", b"DejaVuSans-Bold"),
        ("王小明", b"WenQuanYiMicroHei"),
        ("محمد عبد الله", b"NotoSansArabic-Bold"),
    ],
)
def test_names_in_every_script_print_with_a_font_that_has_their_glyphs(name, font):
    require_fonts()
    pdf = render_certificate(make_cert(holder_name=name), URL)

    assert unicodedata.normalize("NFKC", _name_line(pdf)) == name
    assert font in pdf


def test_an_arabic_name_is_shaped_joined_forms_not_isolated_letters():
    require_fonts()
    raw = _name_line(render_certificate(make_cert(holder_name="محمد عبد الله"), URL))

    # Joined letters are the contextual forms (initial, medial, final) of U+FE70..U+FEFF.
    assert raw != "محمد عبد الله"
    assert sum(0xFE70 <= ord(c) <= 0xFEFF for c in raw) >= 6


def test_bidi_runs_are_in_visual_order_with_rtl_runs_left_to_harfbuzz():
    assert bidi_runs("محمد عبد الله") == ["محمد عبد الله"]
    assert bidi_runs("Polres محمد 12 Selatan") == ["Polres ", "12", "محمد ", " Selatan"]
    assert bidi_runs("Budi Santoso") == ["Budi Santoso"]


def test_a_text_no_font_has_is_refused_not_printed_as_boxes():
    require_fonts()
    name = "Budi 𓀀𓀁"  # Egyptian hieroglyphs: in no font of the chain

    with pytest.raises(MissingGlyphs) as refused:
        render_certificate(make_cert(holder_name=name), URL)

    assert refused.value.chars == "𓀀𓀁"
    assert uncovered(name) == "𓀀𓀁" and uncovered("王小明") == ""


def test_plain_latin_texts_embed_no_font():
    pdf = render_certificate(make_cert(holder_name="Zoë Ångström"), URL)

    assert b"FontFile" not in pdf
    assert b"/Helvetica" in pdf


def test_metadata_has_title_author_and_subject():
    meta = PdfReader(io.BytesIO(render_certificate(make_cert(), URL))).metadata

    assert meta.title == "Sertifikat SERT/2026/11/000123"
    assert meta.author == "Presisi Training — Polri"
    assert meta.subject == "Budi Santoso — Komunikasi Publik di Media Sosial"


def test_same_certificate_gives_the_same_bytes():
    cert = make_cert(holder_name="Şükrü Yıldız")

    assert render_certificate(cert, URL) == render_certificate(cert, URL)


def test_the_page_is_a4_landscape():
    page = PdfReader(io.BytesIO(render_certificate(make_cert(), URL))).pages[0]

    assert round(float(page.mediabox.width)) == 842
    assert round(float(page.mediabox.height)) == 595


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed")
def test_qr_code_decodes_to_the_verification_url(tmp_path):
    zxingcpp = pytest.importorskip("zxingcpp")
    from PIL import Image

    pdf_path = tmp_path / "cert.pdf"
    pdf_path.write_bytes(render_certificate(make_cert(holder_name='<b>&"O\'Brien"'), URL))
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            "150",
            "-png",
            "-singlefile",
            "-f",
            "1",
            str(pdf_path),
            str(tmp_path / "p"),
        ],
        check=True,
    )
    with Image.open(tmp_path / "p.png") as image:
        codes = zxingcpp.read_barcodes(image.convert("L"))

    assert [code.text for code in codes if code.format == zxingcpp.BarcodeFormat.QRCode] == [URL]


def test_render_many_makes_one_page_per_certificate():
    certs = [make_cert(n, holder_name=f"Peserta {n}") for n in range(1, 6)]

    pdf = render_many(certs, lambda cert: f"{URL}{cert.serial[-3:]}")

    assert len(PdfReader(io.BytesIO(pdf)).pages) == 5
    assert "Peserta 4" in text_of(pdf, 3)
    assert "SERT/2026/11/000004" in text_of(pdf, 3)


def test_render_many_embeds_a_unicode_font_once():
    certs = [make_cert(n, holder_name=f"Yıldız {n}") for n in range(1, 4)]

    pdf = render_many(certs, lambda cert: URL)

    assert len(re.findall(rb"/FontFile2", pdf)) == 1


def test_zip_holds_one_pdf_per_certificate_named_by_serial():
    certs = [make_cert(n) for n in (7, 8, 9)]

    chunks = list(iter_zip(certs, lambda cert: URL))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(chunks)))

    assert len(chunks) >= 3  # streamed: at least one chunk per member
    assert archive.namelist() == [
        "SERT-2026-11-000007.pdf",
        "SERT-2026-11-000008.pdf",
        "SERT-2026-11-000009.pdf",
    ]
    for name in archive.namelist():
        data = archive.read(name)
        assert data.startswith(b"%PDF-")
        assert name[:-4].replace("-", "/") in text_of(data)
    assert zip_name(certs[0]) == "SERT-2026-11-000007.pdf"


def test_revoked_and_superseded_certificates_are_marked_on_the_page():
    valid = text_of(render_certificate(make_cert(), URL))
    revoked = render_certificate(make_cert(state="revoked", revoked_on=date(2026, 12, 3)), URL)
    newer = SimpleNamespace(serial="SERT/2027/11/000456", issued_on=date(2027, 11, 20))
    superseded = render_certificate(make_cert(state="superseded", superseded_by=newer), URL)

    assert "DICABUT" not in valid and "DIGANTIKAN" not in valid
    assert "DICABUT pada 3 Desember 2026 — tidak berlaku / REVOKED, not valid" in text_of(revoked)
    assert "DIGANTIKAN oleh SERT/2027/11/000456 pada 20 November 2027 — tidak berlaku" in text_of(
        superseded
    )
    assert "Budi Santoso" in text_of(revoked)  # still readable under the mark
