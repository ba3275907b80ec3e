"""The readiness report of one unit as a PDF (reportlab platypus): cover, summary figures,
charts, the table of child units, the gap list, page numbers, generation time and data
cut-off. Pure: takes prepared data (see ``ReportData``) and returns bytes; no Flask here.
The document is in Indonesian, like the certificates (an official Polri document).
"""

from __future__ import annotations

import io

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

from training.certificates.pdf import AUTHOR, indonesian_date
from training.readiness.report_charts import STATUS_COLOURS, children_chart, trend_chart
from training.readiness.report_data import (
    GAP_TEXT,
    STATUS_TEXT,
    ReportData,
    dec,
    num,
    part_of,
    pct,
    report_fonts,
)

MARGIN = 15 * mm
CONTENT_W = A4[0] - 2 * MARGIN


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
    regular, bold = report_fonts(data)
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
        ["Personel sasaran", num(own["targets"]), num(sub["targets"])],
        [
            "Bersertifikat (berlaku)",
            f"{num(own['certified'])} ({pct(own['certified_pct'])})",
            f"{num(sub['certified'])} ({pct(sub['certified_pct'])})",
        ],
        [
            "Komandan bersertifikat",
            part_of(own["commanders_certified"], own["commanders"]),
            part_of(sub["commanders_certified"], sub["commanders"]),
        ],
        [
            "Akun resmi terverifikasi",
            f"{part_of(own['accounts_verified'], own['accounts'])} ({pct(own['accounts_pct'])})",
            f"{part_of(sub['accounts_verified'], sub['accounts'])} ({pct(sub['accounts_pct'])})",
        ],
        [
            "Rata-rata kompetensi (1-5)",
            dec(own["average_level"]),
            dec(sub["average_level"]),
        ],
        ["Kehadiran", pct(own["attendance_pct"]), pct(sub["attendance_pct"])],
        ["Sertifikat segera berakhir", num(own["expiring"]), num(sub["expiring"])],
        ["Tidak lulus", num(own["failed"]), num(sub["failed"])],
        ["Belum dilatih", num(own["untrained"]), num(sub["untrained"])],
        *_response_rows(data.response),
    ]
    table = Table(rows, colWidths=[70 * mm, 50 * mm, 50 * mm], repeatRows=1)
    style = _grid_style(regular)
    style.add("ALIGN", (1, 0), (-1, -1), "RIGHT")
    table.setStyle(style)
    story = [_p("Ringkasan", s["h2"]), table, Spacer(1, 4 * mm)]
    if data.unmet:
        story.append(_p("Kriteria Siap yang belum terpenuhi: " + "; ".join(data.unmet), s["body"]))
    if data.refresher:
        story.append(_p("Perlu penyegaran: " + data.refresher, s["body"]))
    story.append(_p("Tren persentase bersertifikat selama siklus", s["h2"]))
    story.append(trend_chart(data.trend, CONTENT_W, regular))
    return story


def _response_rows(response: dict) -> list[list[str]]:
    """The subtree's aduan over the window (the unit's own column stays empty)."""
    if not response:
        return []
    days, p90 = response["window_days"], response["p90_minutes"]
    return [
        [f"Aduan diterima ({days} hari terakhir)", "-", num(response["aduan"])],
        [
            "Aduan terjawab",
            "-",
            f"{num(response['aduan_answered'])} ({pct(response['answered_pct'])})",
        ],
        [
            f"P90 waktu tanggap aduan (target {response['target_minutes']} menit)",
            "-",
            "-" if p90 is None else f"{num(p90)} menit",
        ],
    ]


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
    header = ["Satuan", "Status", "Sasaran", "Bersert.", "Komandan", "Akun", "Kompet.", "Hadir"]
    rows = [[*header, "P90 aduan"]]
    for child in data.children:
        rows.append(
            [
                _p(child["name"], s["cell"]),
                STATUS_TEXT.get(child["status"], child["status"]),
                num(child["targets"]),
                pct(child["certified_pct"]),
                part_of(child["commanders_certified"], child["commanders"], "/"),
                part_of(child["accounts_verified"], child["accounts"], "/"),
                dec(child["average_level"]),
                pct(child["attendance_pct"]),
                num(child.get("p90_minutes")),
            ]
        )
    widths = [48 * mm, 20 * mm, 15 * mm, 17 * mm, 18 * mm, 14 * mm, 15 * mm, 17 * mm, 14 * mm]
    table = Table(rows, colWidths=widths, repeatRows=1)
    style = _grid_style(regular)
    style.add("ALIGN", (2, 0), (-1, -1), "RIGHT")
    for i, child in enumerate(data.children, start=1):
        style.add("TEXTCOLOR", (1, i), (1, i), STATUS_COLOURS.get(child["status"], colors.black))
    table.setStyle(style)
    story += [Spacer(1, 4 * mm), table]
    return story


def _gaps(data: ReportData, s, regular: str, bold: str) -> list:
    heading = _p(f"Daftar kesenjangan ({num(data.gaps_total)} personel)", s["h2"])
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
                f"Ditampilkan {num(len(data.gaps))} dari {num(data.gaps_total)}; daftar lengkap "
                "tersedia sebagai CSV/XLSX.",
                s["body"],
            )
        )
    return story
