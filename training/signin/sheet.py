"""The activation sheet of a unit: a PDF with one slip per person to cut and hand out
(name, NRP/NIP, the one-time code, the address to open, how to set a password)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from flask_babel import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from training.certificates.fonts import draw_text, font_for

PAGE_W, PAGE_H = A4
MARGIN = 36
SLIP_H = 150
SLIPS_PER_PAGE = int((PAGE_H - 2 * MARGIN) // SLIP_H)


@dataclass(frozen=True)
class Slip:
    full_name: str
    id_label: str  # "NRP" or "NIP"
    nrp: str
    unit_name: str
    code: str  # formatted for typing: ABCD-EFGH-...


def _text(c: Canvas, x: float, y: float, text: str, size: float, bold=False) -> None:
    font = font_for(text, bold)
    c.setFont(font, size)
    draw_text(c, x, y, text, font, size, "left")


def _slip(c: Canvas, top: float, slip: Slip, address: str, until: str) -> None:
    x = MARGIN + 10
    c.setDash(4, 3)
    c.line(MARGIN, top - SLIP_H, PAGE_W - MARGIN, top - SLIP_H)
    c.setDash()
    _text(c, x, top - 22, _("AKTIVASI AKUN PRESISI TRAINING"), 9, bold=True)
    _text(c, x, top - 42, slip.full_name, 13, bold=True)
    _text(c, x, top - 58, f"{slip.id_label}: {slip.nrp} · {slip.unit_name}", 10)
    _text(c, x, top - 82, _("Kode aktivasi: %(code)s", code=slip.code), 14, bold=True)
    _text(c, x, top - 102, _("Buka %(address)s", address=address), 10)
    steps = _(
        "Isi NRP/NIP dan kode ini, lalu buat kata sandi sendiri (minimal 10 karakter). "
        "Kode hanya sekali pakai, berlaku sampai %(until)s.",
        until=until,
    )
    for n, line in enumerate(_lines(steps, 95)):
        _text(c, x, top - 118 - 12 * n, line, 8.5)


def _lines(text: str, width: int) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return [*lines, line] if line else lines


def render_sheet(title: str, slips: Sequence[Slip], address: str, until: str) -> bytes:
    """The PDF: ``SLIPS_PER_PAGE`` slips per A4 page, in the order given."""
    buffer = io.BytesIO()
    c = Canvas(buffer, pagesize=A4, invariant=1, pageCompression=1)
    c.setTitle(title)
    c.setAuthor("Presisi Training")
    for start in range(0, max(len(slips), 1), SLIPS_PER_PAGE):
        _text(c, MARGIN, PAGE_H - MARGIN + 8, title, 8)
        for n, slip in enumerate(slips[start : start + SLIPS_PER_PAGE]):
            _slip(c, PAGE_H - MARGIN - n * SLIP_H, slip, address, until)
        c.showPage()
    c.save()
    return buffer.getvalue()
