"""Issue-5 benchmarks: certificate PDFs, no database needed.

- one certificate per PDF, certificates per second in one process: the fast renderer
  (zxing-cpp QR drawn as one path of rectangles, standard fonts) side by side with the usual
  reportlab recipe (the same page with ``QrCodeWidget`` in a ``Drawing``);
- 1,000 certificates as one printable PDF (target <= 10 s) and as a streamed ZIP (<= 20 s).
"""

from __future__ import annotations

import statistics
import time as clock
from datetime import date
from types import SimpleNamespace

from training.certificates import bundle, pdf

SINGLE_TARGET_PER_SECOND = 60.0
MANY_TARGET_SECONDS = 10.0
ZIP_TARGET_SECONDS = 20.0
URL = "https://presisi.example.go.id/verify/"


def _certs(count: int) -> list:
    program = SimpleNamespace(title="Program Literasi Media Sosial Presisi 2026")
    course = SimpleNamespace(title="Komunikasi Publik di Media Sosial", tier=2, program=program)
    return [
        SimpleNamespace(
            serial=f"SERT/2026/11/{n:06d}",
            holder_name=f"Budi Santoso Wirawan {n}",
            holder_rank="Bripka",
            holder_nrp=f"{87050000 + n}",
            holder_unit="Polres Metro Jakarta Selatan",
            course=course,
            issued_on=date(2026, 11, 17),
            valid_until=date(2029, 11, 16),
            signatory_name="Dr. Ahmad Wijaya, S.I.K., M.Si.",
            signatory_rank="Brigjen Pol.",
            signatory_nrp="70010234",
            signatory_position="Kepala Divisi Humas Polri",
        )
        for n in range(1, count + 1)
    ]


def _url(cert) -> str:
    return URL + f"K7QF3WZ2MB{cert.holder_nrp}"


def _widget_qr(c, text, x, y, side):
    """The usual recipe: reportlab's QrCodeWidget in a Drawing, drawn with renderPDF."""
    from reportlab.graphics import renderPDF
    from reportlab.graphics.barcode.qr import QrCodeWidget
    from reportlab.graphics.shapes import Drawing

    widget = QrCodeWidget(text)
    x0, y0, x1, y1 = widget.getBounds()
    drawing = Drawing(side, side, transform=[side / (x1 - x0), 0, 0, side / (y1 - y0), 0, 0])
    drawing.add(widget)
    renderPDF.draw(drawing, c, x, y)


def _per_second(certs: list) -> float:
    started = clock.perf_counter()
    for cert in certs:
        pdf.render_certificate(cert, _url(cert))
    return len(certs) / (clock.perf_counter() - started)


def _usual_per_second(certs: list) -> float:
    fast = pdf._draw_qr
    pdf._draw_qr = _widget_qr
    try:
        return _per_second(certs)
    finally:
        pdf._draw_qr = fast


def _seconds(fn) -> float:
    started = clock.perf_counter()
    fn()
    return clock.perf_counter() - started


def run(repetitions: int) -> list[dict]:
    batch = _certs(200)
    pdf.render_certificate(batch[0], _url(batch[0]))  # warm up imports and font metrics
    fast = [_per_second(batch) for _ in range(max(3, min(repetitions, 7)))]
    usual = [_usual_per_second(batch[:16]) for _ in range(3)]
    thousand = _certs(1000)
    many = _seconds(lambda: pdf.render_many(thousand, _url))
    zipped = _seconds(lambda: sum(len(chunk) for chunk in bundle.iter_zip(thousand, _url)))
    rate, usual_rate = statistics.median(fast), statistics.median(usual)
    return [
        {
            "name": "certificate PDF, one per file (certificates/s, one process; higher is better)",
            "median": round(rate, 1),
            "unit": "/s",
            "reference_median": round(usual_rate, 1),
            "reference": "usual recipe: QrCodeWidget in a Drawing (target >= 60/s)",
            "ratio": round(rate / usual_rate, 2),
            "repetitions": len(fast),
            "meets_target": rate >= SINGLE_TARGET_PER_SECOND,
        },
        {
            "name": "1,000 certificates as one printable PDF",
            "median": round(many, 3),
            "unit": "s",
            "reference_median": MANY_TARGET_SECONDS,
            "reference": "target: at most 10 s",
            "ratio": round(many / MANY_TARGET_SECONDS, 3),
            "repetitions": 1,
        },
        {
            "name": "1,000 certificates as a streamed ZIP of PDFs",
            "median": round(zipped, 3),
            "unit": "s",
            "reference_median": ZIP_TARGET_SECONDS,
            "reference": "target: at most 20 s",
            "ratio": round(zipped / ZIP_TARGET_SECONDS, 3),
            "repetitions": 1,
        },
    ]


if __name__ == "__main__":
    for entry in run(5):
        print(entry)
