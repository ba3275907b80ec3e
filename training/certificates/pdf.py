"""Certificate PDFs drawn with the reportlab canvas: A4 landscape, Indonesian with English
subtitles, QR code of the verification URL. Pure (no Flask, no queries beyond the loaded
relationships ``cert.course`` and ``cert.course.program``).

Texts in any script go through ``fonts`` (fallback chain, shaping, bidi); a text no font
covers raises ``MissingGlyphs``: a PDF never shows empty boxes. A revoked or superseded
certificate carries a red band and a watermark (``cert.superseded_by`` is read for the
latter). The QR code is encoded by zxing-cpp and drawn as one filled path of rectangles (one
per run of dark modules) instead of reportlab's ``QrCodeWidget`` (which encodes twice and
builds a shape per module run).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from datetime import date

from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen.canvas import Canvas

from training.certificates.fonts import draw_text, font_for, text_width, uncovered
from training.core.docfmt import long_day_in
from training.core.qr import dark_runs, qr_matrix

PAGE_W, PAGE_H = landscape(A4)
MARGIN = 28
TEXT_W = PAGE_W - 2 * 90  # room for centred texts
AUTHOR = "Presisi Training — Polri"


def indonesian_date(day: date | None) -> str:
    """The long form of a day in Indonesian, "17 November 2026" (Babel, no request)."""
    return "-" if day is None else long_day_in(day, "id")


def missing_glyphs(cert) -> str:
    """The characters of ``cert``'s printed texts that no font has ("" when printable)."""
    return "".join(sorted({c for text in printed_texts(cert) for c in uncovered(text)}))


def tier_line(course) -> str:
    """The tier the certificate is for, e.g. "Tingkat 3 / Tier 3: Kapolsek"."""
    return f"Tingkat {course.tier} / Tier {course.tier}: {course.title}"


def printed_texts(cert) -> list[str]:
    course = cert.course
    return [
        cert.holder_name,
        cert.holder_rank,
        cert.holder_unit,
        course.title,
        course.program.title,
        cert.signatory_name or "",
        cert.signatory_position or "",
        cert.signatory_rank or "",
    ]


def _wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Greedy word wrap; a word wider than the line is cut between characters."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if text_width(candidate, font, size) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        current = ""
        for char in word:
            if current and text_width(current + char, font, size) > width:
                lines.append(current)
                current = ""
            current += char
    if current:
        lines.append(current)
    return lines or [""]


def _fit(
    c: Canvas,
    text: str,
    y: float,
    *,
    size: float,
    min_size: float,
    bold: bool = False,
    width: float = TEXT_W,
    max_lines: int = 3,
) -> float:
    """Draw ``text`` centred at ``y``: shrink it down to ``min_size`` to fit on one line,
    then wrap it (at the size where it fits in ``max_lines`` lines). Returns the y below it."""
    font = font_for(text, bold)
    while size > min_size and text_width(text, font, size) > width:
        size -= 1
    lines = [text] if text_width(text, font, size) <= width else _wrap(text, font, size, width)
    while len(lines) > max_lines and size > 6:
        size -= 1
        lines = _wrap(text, font, size, width)
    c.setFont(font, size)
    leading = size * 1.2
    for line in lines:
        draw_text(c, PAGE_W / 2, y, line, font, size, "centre")
        y -= leading
    return y


def _text(c: Canvas, x: float, y: float, text: str, size: float, bold=False, align="left"):
    font = font_for(text, bold)
    c.setFont(font, size)
    draw_text(c, x, y, text, font, size, align)


def _shrunk(text: str, size: float, width: float, bold=False) -> float:
    font = font_for(text, bold)
    while size > 4 and text_width(text, font, size) > width:
        size -= 0.5
    return size


def _draw_qr(c: Canvas, text: str, x: float, y: float, side: float) -> None:
    matrix = qr_matrix(text)
    n = len(matrix)
    module = side / n
    path = c.beginPath()
    top = y + side
    for row, col, run in dark_runs(matrix):
        path.rect(x + col * module, top - (row + 1) * module, run * module, module)
    c.setFillColorRGB(0, 0, 0)
    c.drawPath(path, stroke=0, fill=1)


def status_mark(cert) -> tuple[str, str] | None:
    """(watermark word, band text) of a revoked or superseded certificate; None if valid."""
    if cert.state == "revoked":
        day = indonesian_date(cert.revoked_on)
        return "DICABUT", f"DICABUT pada {day} — tidak berlaku / REVOKED, not valid"
    if cert.state == "superseded":
        new = cert.superseded_by
        serial, day = (new.serial, indonesian_date(new.issued_on)) if new else ("-", "-")
        return (
            "DIGANTIKAN",
            f"DIGANTIKAN oleh {serial} pada {day} — tidak berlaku / SUPERSEDED, not valid",
        )
    return None


def _draw_mark(c: Canvas, cert) -> None:
    """A red band at the top and a diagonal watermark on a certificate no longer valid."""
    mark = status_mark(cert)
    if mark is None:
        return
    word, band = mark
    c.saveState()
    c.setFillColorRGB(0.75, 0.05, 0.05)
    c.setFillAlpha(0.16)
    c.translate(PAGE_W / 2, PAGE_H / 2 - 20)
    c.rotate(28)
    c.setFont("Helvetica-Bold", 96 if len(word) < 9 else 80)
    c.drawCentredString(0, -30, word)
    c.restoreState()
    c.saveState()
    top = PAGE_H - MARGIN - 9
    c.setFillColorRGB(0.75, 0.05, 0.05)
    c.rect(MARGIN + 9, top - 24, PAGE_W - 2 * MARGIN - 18, 24, stroke=0, fill=1)
    c.setFillColorRGB(1, 1, 1)
    _text(
        c,
        PAGE_W / 2,
        top - 17,
        band,
        _shrunk(band, 12, PAGE_W - 2 * MARGIN - 40, True),
        True,
        "centre",
    )
    c.restoreState()


def _draw_page(c: Canvas, cert, verify_url: str) -> None:
    course = cert.course
    program = course.program
    # Border
    c.setStrokeColorRGB(0.55, 0.42, 0.12)
    c.setLineWidth(3)
    c.rect(MARGIN, MARGIN, PAGE_W - 2 * MARGIN, PAGE_H - 2 * MARGIN)
    c.setLineWidth(0.8)
    c.rect(MARGIN + 7, MARGIN + 7, PAGE_W - 2 * MARGIN - 14, PAGE_H - 2 * MARGIN - 14)
    c.setFillColorRGB(0.1, 0.1, 0.1)
    mid = PAGE_W / 2

    _text(c, mid, PAGE_H - 100, "SERTIFIKAT", 40, bold=True, align="centre")
    _text(c, mid, PAGE_H - 120, "Certificate", 13, align="centre")
    _text(c, mid, PAGE_H - 140, f"Nomor / Serial No.: {cert.serial}", 10, align="centre")
    _text(c, mid, PAGE_H - 172, "Diberikan kepada / Awarded to", 11, align="centre")

    y = _fit(c, cert.holder_name, PAGE_H - 206, size=28, min_size=16, bold=True)
    ident = f"{cert.holder_rank} — NRP/NIP {cert.holder_nrp}"
    y = _fit(c, ident, y - 2, size=13, min_size=8, max_lines=2)
    y = _fit(c, cert.holder_unit, y, size=12, min_size=8, max_lines=2)

    # What was completed, in words a reader understands: the programme, then its tier.
    _text(
        c,
        mid,
        y - 10,
        "telah menyelesaikan pelatihan / has completed the training",
        11,
        align="centre",
    )
    y = _fit(c, program.title, y - 36, size=18, min_size=11, bold=True, max_lines=2)
    y = _fit(c, tier_line(course), y, size=12, min_size=8, max_lines=2)

    dates = (
        f"Tanggal terbit / Issued: {indonesian_date(cert.issued_on)}     "
        f"Berlaku sampai / Valid until: {indonesian_date(cert.valid_until)}"
    )
    _fit(c, dates, y - 8, size=11, min_size=8, max_lines=2)

    # QR code and the URL, bottom left
    side = 92
    qx, qy = MARGIN + 30, MARGIN + 44
    _draw_qr(c, verify_url, qx, qy, side)
    c.setFillColorRGB(0.1, 0.1, 0.1)
    _text(c, qx, qy - 12, "Verifikasi / Verify:", 7)
    _text(c, qx, qy - 21, verify_url, _shrunk(verify_url, 7, 330))

    # Signatory, bottom right
    sx = PAGE_W - MARGIN - 150
    width = 260
    size = _shrunk(cert.signatory_position or "", 10, width)
    _text(c, sx, MARGIN + 150, cert.signatory_position or "", size, align="centre")
    name = cert.signatory_name or ""
    size = _shrunk(name, 11, width, bold=True)
    _text(c, sx, MARGIN + 84, name, size, bold=True, align="centre")
    c.setLineWidth(0.6)
    c.line(sx - width / 2, MARGIN + 80, sx + width / 2, MARGIN + 80)
    sig = f"{cert.signatory_rank} NRP {cert.signatory_nrp}".strip()
    _text(c, sx, MARGIN + 68, sig, _shrunk(sig, 10, width), align="centre")
    _draw_mark(c, cert)


def _canvas(buffer: io.BytesIO, title: str, subject: str) -> Canvas:
    c = Canvas(buffer, pagesize=(PAGE_W, PAGE_H), invariant=1, pageCompression=1)
    c.setTitle(title)
    c.setAuthor(AUTHOR)
    c.setSubject(subject)
    c.setCreator("Presisi Training")
    return c


def _subject(cert) -> str:
    return f"{cert.holder_name} — {cert.course.title}"


def render_certificate(cert, verify_url: str) -> bytes:
    """One certificate as a one-page PDF; the same certificate always gives the same bytes."""
    buffer = io.BytesIO()
    c = _canvas(buffer, f"Sertifikat {cert.serial}", _subject(cert))
    _draw_page(c, cert, verify_url)
    c.showPage()
    c.save()
    return buffer.getvalue()


def render_many(certs: Iterable, url_for_cert: Callable[[object], str]) -> bytes:
    """Many certificates as one printable PDF, one page each (fonts embedded once)."""
    buffer = io.BytesIO()
    c = _canvas(buffer, "Sertifikat", "Sertifikat / Certificates")
    pages = 0
    for cert in certs:
        _draw_page(c, cert, url_for_cert(cert))
        c.showPage()
        pages += 1
    if not pages:
        _text(c, PAGE_W / 2, PAGE_H / 2, "Tidak ada sertifikat / No certificates", 14)
        c.showPage()
    c.save()
    return buffer.getvalue()
