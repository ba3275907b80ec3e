"""The readiness report of one unit as a PDF (reportlab platypus): cover, summary figures,
charts, the table of child units, the gap list, page numbers, generation time and data
cut-off. Pure: takes prepared data (see ``ReportData``) and returns bytes; no Flask here.
The document is in Indonesian, like the certificates (an official Polri document).
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from training.certificates.pdf import AUTHOR, font_for, indonesian_date
from training.readiness.report_charts import STATUS_COLOURS, children_chart, trend_chart

STATUS_TEXT = {"siap": "Siap", "sebagian": "Sebagian", "belum_siap": "Belum siap"}
GAP_TEXT = {
    "untrained": "Belum dilatih",
    "failed": "Tidak lulus",
    "expiring": "Sertifikat segera berakhir",
}
MARGIN = 15 * mm
CONTENT_W = A4[0] - 2 * MARGIN


@dataclass
class ReportData:
    unit_name: str
    unit_code: str
    unit_level: str
    program_title: str
    cycle_label: str
    status: str
    unmet: list[str]
    own: dict
    subtree: dict
    #: Child units: dicts with code, name, status and the figures of Figures.as_dict().
    children: list[dict]
    #: (day, certified %) from the daily snapshots.
    trend: list[tuple[date, float | None]]
    #: Gap rows: dicts with name, nrp, rank, unit, position, kind, until (date|None), session.
    gaps: list[dict]
    gaps_total: int
    generated_label: str
    cutoff: date
    thresholds: dict = field(default_factory=dict)


def _pct(value) -> str:
    return "-" if value is None else f"{value:.1f}".replace(".", ",") + "%"


def _num(value) -> str:
    return "-" if value is None else f"{value:.2f}".replace(".", ",")


def _int(value) -> str:
    """A count with Indonesian grouping: 4762 -> "4.762"."""
    return "-" if value is None else f"{int(value):,}".replace(",", ".")


def _of(part, whole, sep: str = " dari ") -> str:
    return f"{_int(part)}{sep}{_int(whole)}"


def _texts(data: ReportData) -> list[str]:
    texts = [data.unit_name, data.program_title, data.cycle_label, *data.unmet]
    texts += [row["name"] for row in data.children]
    for gap in data.gaps:
        texts += [gap["name"], gap["unit"], gap.get("session") or ""]
    return texts


def _fonts(data: ReportData) -> tuple[str, str]:
    """Helvetica when every text fits cp1252, else a TTF covering them (embedded)."""
    joined = " ".join(_texts(data))
    return font_for(joined), font_for(joined, bold=True)


class _NumberedCanvas(Canvas):
    """Writes "Halaman X dari Y" and the footer once the page count is known."""

    footer = ""
    font = "Helvetica"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._pages = []

    def showPage(self):  # noqa: N802 (reportlab's name)
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self.setFont(self.font, 7.5)
            self.setFillColor(colors.HexColor("#555555"))
            self.drawString(MARGIN, 10 * mm, self.footer)
            self.drawRightString(
                A4[0] - MARGIN, 10 * mm, f"Halaman {self._pageNumber} dari {total}"
            )
            super().showPage()
        super().save()


def render_report(data: ReportData) -> bytes:
    regular, bold = _fonts(data)
    styles = _styles(regular, bold)
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=18 * mm,
        title=f"Laporan Kesiapan {data.unit_name}",
        author=AUTHOR,
        subject=data.program_title,
        creator="Presisi Training",
    )
    story = _cover(data, styles) + [PageBreak()]
    story += _summary(data, styles, regular)
    story += _children(data, styles, regular, bold)
    story += _gaps(data, styles, regular, bold)
    canvas_class = type(
        "ReportCanvas",
        (_NumberedCanvas,),
        {
            "footer": f"Laporan Kesiapan {data.unit_name} — dibuat {data.generated_label}, "
            f"data per {indonesian_date(data.cutoff)}",
            "font": regular,
        },
    )
    doc.build(story, canvasmaker=canvas_class)
    return buffer.getvalue()


def _styles(regular: str, bold: str) -> dict[str, ParagraphStyle]:
    return {
        "title": ParagraphStyle(
            "title", fontName=bold, fontSize=22, leading=28, alignment=TA_CENTER
        ),
        "subtitle": ParagraphStyle(
            "subtitle", fontName=regular, fontSize=13, leading=18, alignment=TA_CENTER
        ),
        "h2": ParagraphStyle("h2", fontName=bold, fontSize=13, leading=17, spaceBefore=8),
        "body": ParagraphStyle("body", fontName=regular, fontSize=9, leading=12),
        "cell": ParagraphStyle("cell", fontName=regular, fontSize=7.5, leading=9),
    }


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return Paragraph(escaped, style)


def _cover(data: ReportData, s) -> list:
    status = STATUS_TEXT.get(data.status, data.status)
    badge = Table([[_p(f"Status: {status}", s["subtitle"])]], colWidths=[80 * mm])
    badge.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 1.5, STATUS_COLOURS.get(data.status, colors.grey)),
                ("TOPPADDING", (0, 0), (-1, -1), 6),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
            ]
        )
    )
    return [
        Spacer(1, 55 * mm),
        _p("LAPORAN KESIAPAN", s["title"]),
        _p("Pengelolaan Akun Media Sosial Resmi Satuan", s["subtitle"]),
        Spacer(1, 12 * mm),
        _p(data.unit_name, s["title"]),
        _p(f"Kode satuan {data.unit_code}", s["subtitle"]),
        Spacer(1, 10 * mm),
        _p(data.program_title, s["subtitle"]),
        _p(data.cycle_label, s["subtitle"]),
        Spacer(1, 10 * mm),
        badge,
        Spacer(1, 30 * mm),
        _p(f"Dibuat {data.generated_label}", s["subtitle"]),
        _p(f"Data per {indonesian_date(data.cutoff)}", s["subtitle"]),
    ]


def _summary(data: ReportData, s, regular: str) -> list:
    own, sub = data.own, data.subtree
    rows = [
        ["Ukuran", "Satuan sendiri", "Seluruh jajaran"],
        ["Personel sasaran", _int(own["targets"]), _int(sub["targets"])],
        [
            "Bersertifikat (berlaku)",
            f"{_int(own['certified'])} ({_pct(own['certified_pct'])})",
            f"{_int(sub['certified'])} ({_pct(sub['certified_pct'])})",
        ],
        [
            "Komandan bersertifikat",
            _of(own["commanders_certified"], own["commanders"]),
            _of(sub["commanders_certified"], sub["commanders"]),
        ],
        [
            "Akun resmi terverifikasi",
            f"{_of(own['accounts_verified'], own['accounts'])} ({_pct(own['accounts_pct'])})",
            f"{_of(sub['accounts_verified'], sub['accounts'])} ({_pct(sub['accounts_pct'])})",
        ],
        ["Rata-rata kompetensi (1-5)", _num(own["average_level"]), _num(sub["average_level"])],
        ["Kehadiran", _pct(own["attendance_pct"]), _pct(sub["attendance_pct"])],
        ["Sertifikat segera berakhir", _int(own["expiring"]), _int(sub["expiring"])],
        ["Tidak lulus", _int(own["failed"]), _int(sub["failed"])],
        ["Belum dilatih", _int(own["untrained"]), _int(sub["untrained"])],
    ]
    table = Table(rows, colWidths=[70 * mm, 50 * mm, 50 * mm], repeatRows=1)
    style = _grid_style(regular)
    style.add("ALIGN", (1, 0), (-1, -1), "RIGHT")
    table.setStyle(style)
    story = [_p("Ringkasan", s["h2"]), table, Spacer(1, 4 * mm)]
    if data.unmet:
        story.append(_p("Kriteria Siap yang belum terpenuhi: " + "; ".join(data.unmet), s["body"]))
    story.append(_p("Tren persentase bersertifikat selama siklus", s["h2"]))
    story.append(trend_chart(data.trend, CONTENT_W, regular))
    return story


def _grid_style(regular: str) -> TableStyle:
    return TableStyle(
        [
            ("FONTNAME", (0, 0), (-1, -1), regular),
            ("FONTSIZE", (0, 0), (-1, -1), 8),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e9ecef")),
            ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#adb5bd")),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ]
    )


def _children(data: ReportData, s, regular: str, bold: str) -> list:
    if not data.children:
        return []
    story = [
        PageBreak(),
        _p("Kesiapan satuan di bawahnya", s["h2"]),
        children_chart(
            data.children, CONTENT_W, regular, data.thresholds.get("ready_certified_pct")
        ),
    ]
    rows = [["Satuan", "Status", "Sasaran", "Bersert.", "Komandan", "Akun", "Kompet.", "Hadir"]]
    for child in data.children:
        rows.append(
            [
                _p(child["name"], s["cell"]),
                STATUS_TEXT.get(child["status"], child["status"]),
                _int(child["targets"]),
                _pct(child["certified_pct"]),
                _of(child["commanders_certified"], child["commanders"], "/"),
                _of(child["accounts_verified"], child["accounts"], "/"),
                _num(child["average_level"]),
                _pct(child["attendance_pct"]),
            ]
        )
    widths = [62 * mm, 20 * mm, 15 * mm, 17 * mm, 18 * mm, 14 * mm, 15 * mm, 17 * mm]
    table = Table(rows, colWidths=widths, repeatRows=1)
    style = _grid_style(regular)
    style.add("ALIGN", (2, 0), (-1, -1), "RIGHT")
    for i, child in enumerate(data.children, start=1):
        style.add("TEXTCOLOR", (1, i), (1, i), STATUS_COLOURS.get(child["status"], colors.black))
    table.setStyle(style)
    story += [Spacer(1, 4 * mm), table]
    return story


def _gaps(data: ReportData, s, regular: str, bold: str) -> list:
    heading = _p(f"Daftar kesenjangan ({_int(data.gaps_total)} personel)", s["h2"])
    if not data.gaps:
        return [KeepTogether([heading, _p("Tidak ada kesenjangan.", s["body"])])]
    rows = [["Nama / NRP", "Satuan", "Jabatan", "Kesenjangan", "Sesi berikutnya"]]
    for gap in data.gaps:
        kind = GAP_TEXT.get(gap["kind"], gap["kind"])
        if gap.get("until"):
            kind += f" ({indonesian_date(gap['until'])})"
        rows.append(
            [
                _p(f"{gap['rank']} {gap['name']} / {gap['nrp']}", s["cell"]),
                _p(gap["unit"], s["cell"]),
                _p(gap["position"], s["cell"]),
                _p(kind, s["cell"]),
                _p(gap.get("session") or "Belum ada sesi terbuka", s["cell"]),
            ]
        )
    table = Table(rows, colWidths=[50 * mm, 40 * mm, 25 * mm, 32 * mm, 33 * mm], repeatRows=1)
    table.setStyle(_grid_style(regular))
    story = [PageBreak(), heading, table]
    if data.gaps_total > len(data.gaps):
        story.append(
            _p(
                f"Ditampilkan {_int(len(data.gaps))} dari {_int(data.gaps_total)}; daftar lengkap "
                "tersedia sebagai CSV/XLSX.",
                s["body"],
            )
        )
    return story
