"""Certificate PDFs drawn with the reportlab canvas: A4 landscape, Indonesian with English
subtitles, QR code of the verification URL. Pure (no Flask, no queries beyond the loaded
relationships ``cert.course`` and ``cert.course.program``).

Speed: texts use the standard PDF fonts (Helvetica, nothing embedded) whenever they fit
cp1252; other texts use the first TTF of a fallback chain that has every glyph (reportlab's
Vera, then Debian's font packages: Noto Sans Arabic, DejaVu Sans, WenQuanYi Micro Hei),
shaped by HarfBuzz (uharfbuzz: Arabic joining, Vietnamese marks) in bidi runs (python-bidi:
right-to-left runs in visual order). A text no font of the chain covers is refused
(``MissingGlyphs``): a PDF never shows empty boxes. The QR code is
encoded by zxing-cpp and drawn as one filled path of rectangles (one per run of dark
modules) instead of reportlab's ``QrCodeWidget`` (which encodes twice and builds a shape per
module run).
"""

from __future__ import annotations

import io
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Iterator
from datetime import date

from bidi import algorithm as bidi_algorithm
from reportlab.lib.abag import ABag
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont, shapeFragWord
from reportlab.pdfgen.canvas import Canvas

from training.certificates.qr import dark_runs, qr_matrix

PAGE_W, PAGE_H = landscape(A4)
MARGIN = 28
TEXT_W = PAGE_W - 2 * 90  # room for centred texts
AUTHOR = "Presisi Training — Polri"
_TTF = "/usr/share/fonts/truetype"

MONTHS = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)

_STANDARD = {False: "Helvetica", True: "Helvetica-Bold"}
_ARABIC = f"{_TTF}/noto/NotoSansArabic"
_CJK = f"{_TTF}/wqy/wqy-microhei.ttc"
#: Fallbacks for texts outside cp1252, first that has every glyph wins: (name, file, the
#: Debian package that installs it). Vera is bundled with reportlab (Latin-1 plus Turkish,
#: Polish, Czech... little Vietnamese); Noto Sans Arabic has Arabic only (no Latin letters);
#: DejaVu Sans has Latin with Vietnamese, Greek, Cyrillic and Arabic; WenQuanYi Micro Hei has
#: Chinese with Latin (no bold face: the regular one is used).
FONT_CHAIN = {
    False: (
        ("Vera", "Vera.ttf", None),
        ("NotoSansArabic", f"{_ARABIC}-Regular.ttf", "fonts-noto-core"),
        ("DejaVuSans", f"{_TTF}/dejavu/DejaVuSans.ttf", "fonts-dejavu-core"),
        ("WenQuanYiMicroHei", _CJK, "fonts-wqy-microhei"),
    ),
    True: (
        ("Vera-Bold", "VeraBd.ttf", None),
        ("NotoSansArabic-Bold", f"{_ARABIC}-Bold.ttf", "fonts-noto-core"),
        ("DejaVuSans-Bold", f"{_TTF}/dejavu/DejaVuSans-Bold.ttf", "fonts-dejavu-core"),
        ("WenQuanYiMicroHei", _CJK, "fonts-wqy-microhei"),
    ),
}
_glyphs: dict[str, set[int] | None] = {}


class MissingGlyphs(ValueError):
    """No font of the chain has every character of a text to print."""

    def __init__(self, text: str, chars: str) -> None:
        super().__init__(f"no font has {chars!r} (in {text!r})")
        self.text = text
        self.chars = chars


def indonesian_date(day: date | None) -> str:
    """17 November 2026 (no Babel needed)."""
    if day is None:
        return "-"
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def _covered(name: str, filename: str) -> set[int] | None:
    """Registers the TTF once; the code points it has a real glyph for (None: unavailable)."""
    if name not in _glyphs:
        try:
            font = TTFont(name, filename)  # a .ttc: its first face
        except Exception:  # e.g. the package is not installed: fall back to the next font
            _glyphs[name] = None
        else:
            pdfmetrics.registerFont(font)
            _glyphs[name] = {code for code, glyph in font.face.charToGlyph.items() if glyph}
    return _glyphs[name]


def missing_fonts() -> list[str]:
    """The Debian packages of the chain whose font file is not installed."""
    return sorted(
        {
            package
            for chain in FONT_CHAIN.values()
            for name, filename, package in chain
            if package and _covered(name, filename) is None
        }
    )


def _needed(text: str) -> set[int]:
    """Code points that need a glyph (spaces and invisible format marks do not)."""
    return {ord(c) for c in text if not c.isspace() and unicodedata.category(c) != "Cf"}


def font_for(text: str, bold: bool = False) -> str:
    """Helvetica when ``text`` fits cp1252 (nothing embedded), else the first TTF of the chain
    that has every glyph; ``MissingGlyphs`` when none has."""
    try:
        text.encode("cp1252")
    except UnicodeEncodeError:
        needed = _needed(text)
        best = None
        for name, filename, _package in FONT_CHAIN[bold]:
            glyphs = _covered(name, filename)
            if glyphs is None:
                continue
            if needed <= glyphs:
                return name
            if best is None or len(needed - glyphs) < len(needed - best):
                best = glyphs
        missing = needed - (best or set())
        raise MissingGlyphs(text, "".join(sorted(chr(c) for c in missing))) from None
    return _STANDARD[bold]


def uncovered(text: str) -> str:
    """The characters of ``text`` no font of the chain has ("" when it can be printed)."""
    try:
        font_for(text)
        font_for(text, bold=True)
    except MissingGlyphs as exc:
        return exc.chars
    return ""


def missing_glyphs(cert) -> str:
    """The characters of ``cert``'s printed texts that no font has ("" when printable)."""
    return "".join(sorted({c for text in printed_texts(cert) for c in uncovered(text)}))


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


def _runs(text: str) -> list[str]:
    """``text`` cut into bidi runs in visual order, each run's characters still in logical
    order (HarfBuzz lays out a right-to-left run itself). One run without RTL characters."""
    if not any(unicodedata.bidirectional(c) in ("R", "AL", "AN") for c in text):
        return [text]
    storage = bidi_algorithm.get_empty_storage()
    storage["base_level"] = bidi_algorithm.get_base_level(text)
    storage["base_dir"] = ("L", "R")[storage["base_level"]]
    bidi_algorithm.get_embedding_levels(text, storage)
    bidi_algorithm.explicit_embed_and_overrides(storage)
    bidi_algorithm.resolve_weak_types(storage)
    bidi_algorithm.resolve_neutral_types(storage, False)
    bidi_algorithm.resolve_implicit_levels(storage, False)
    runs: list[list] = []  # [level, text] in logical order
    for char in storage["chars"]:
        if runs and runs[-1][0] == char["level"]:
            runs[-1][1] += char["ch"]
        else:
            runs.append([char["level"], char["ch"]])
    top = max(level for level, _t in runs)
    lowest_odd = (
        min(level for level, _t in runs if level % 2)
        if any(level % 2 for level, _t in runs)
        else top + 1
    )
    for level in range(top, lowest_odd - 1, -1):  # rule L2, on whole runs
        i = 0
        while i < len(runs):
            if runs[i][0] >= level:
                j = i
                while j < len(runs) and runs[j][0] >= level:
                    j += 1
                runs[i:j] = runs[i:j][::-1]
                i = j
            else:
                i += 1
    return [t for _level, t in runs]


def _shaped(text: str, font: str, size: float):
    """(runs ready to draw, total width): HarfBuzz-shaped runs for a TTF, the text else."""
    if font in _STANDARD.values():
        return [text], pdfmetrics.stringWidth(text, font, size)
    runs = [_shape(run, font, size) for run in _runs(text)]
    width = sum(_run_width(run, font, size) for run in runs)
    return runs, width


#: HarfBuzz features: kerning and standard ligatures, no discretionary ones (a font's
#: decorative ligature would print marks the name does not have).
_FEATURES = {"kern": True, "liga": True, "dlig": False}


def _shape(run: str, font: str, size: float):
    word = [pdfmetrics.stringWidth(run, font, size), (ABag(fontName=font, fontSize=size), run)]
    return shapeFragWord(word, features=_FEATURES)[1][1]


def _run_width(run, font: str, size: float) -> float:
    data = getattr(run, "__shapeData__", None)
    if data is None:
        return pdfmetrics.stringWidth(run, font, size)
    return sum(d.x_advance for d in data) * size / 1000


def _draw(c: Canvas, x: float, y: float, text: str, font: str, size: float, align: str):
    runs, width = _shaped(text, font, size)
    x -= {"left": 0, "centre": width / 2, "right": width}[align]
    for run in runs:
        c.drawString(x, y, run)
        x += _run_width(run, font, size)


def _width(text: str, font: str, size: float) -> float:
    return _shaped(text, font, size)[1]


def _wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Greedy word wrap; a word wider than the line is cut between characters."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if _width(candidate, font, size) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        current = ""
        for char in word:
            if current and _width(current + char, font, size) > width:
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
    while size > min_size and _width(text, font, size) > width:
        size -= 1
    lines = [text] if _width(text, font, size) <= width else _wrap(text, font, size, width)
    while len(lines) > max_lines and size > 6:
        size -= 1
        lines = _wrap(text, font, size, width)
    c.setFont(font, size)
    leading = size * 1.2
    for line in lines:
        _draw(c, PAGE_W / 2, y, line, font, size, "centre")
        y -= leading
    return y


def _text(c: Canvas, x: float, y: float, text: str, size: float, bold=False, align="left"):
    font = font_for(text, bold)
    c.setFont(font, size)
    _draw(c, x, y, text, font, size, align)


def _shrunk(text: str, size: float, width: float, bold=False) -> float:
    font = font_for(text, bold)
    while size > 4 and _width(text, font, size) > width:
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

    _text(c, mid, y - 10, "telah menyelesaikan / has completed", 11, align="centre")
    y = _fit(c, course.title, y - 36, size=18, min_size=11, bold=True, max_lines=2)
    tier = f"Tingkat {course.tier} / Tier {course.tier}"
    y = _fit(c, tier, y, size=11, min_size=8, max_lines=1)
    y = _fit(c, f"Program / Programme: {program.title}", y, size=11, min_size=8, max_lines=2)

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


def zip_name(cert) -> str:
    return cert.serial.replace("/", "-") + ".pdf"


class _Chunks:
    """A write-only file for zipfile: collects bytes until the generator hands them out."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []

    def write(self, data) -> int:
        self.parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def take(self) -> bytes:
        data = b"".join(self.parts)
        self.parts.clear()
        return data


def iter_zip(certs: Iterable, url_for_cert: Callable[[object], str]) -> Iterator[bytes]:
    """A ZIP of one PDF per certificate, streamed: yields each member as soon as it is made,
    so only one PDF is held in memory at a time. PDFs are stored (already compressed)."""
    out = _Chunks()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_STORED) as archive:
        for cert in certs:
            info = zipfile.ZipInfo(zip_name(cert), date_time=(2000, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_STORED
            archive.writestr(info, render_certificate(cert, url_for_cert(cert)))
            chunk = out.take()
            if chunk:
                yield chunk
    tail = out.take()
    if tail:
        yield tail
