"""reportlab graphics for the readiness report: certified share by child unit, and the trend."""

from __future__ import annotations

from datetime import date, timedelta

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.charts.lineplots import LinePlot
from reportlab.graphics.shapes import Drawing, Line, String
from reportlab.lib import colors

STATUS_COLOURS = {
    "siap": colors.HexColor("#198754"),
    "sebagian": colors.HexColor("#e0a800"),
    "belum_siap": colors.HexColor("#dc3545"),
}
FONT = "Helvetica"
MAX_BARS = 60


def _short(name: str, limit: int = 34) -> str:
    return name if len(name) <= limit else name[: limit - 1] + "…"


def children_chart(
    rows: list[dict], width: float, font: str = FONT, threshold: float | None = None
) -> Drawing:
    """Horizontal bars of certified % per child unit, coloured by status (at most 60), with a
    dashed line at the Siap threshold when given."""
    rows = rows[:MAX_BARS]
    bar_h = 11
    height = max(60, bar_h * len(rows) + 40)
    drawing = Drawing(width, height)
    chart = HorizontalBarChart()
    chart.x, chart.y = 150, 25
    chart.width, chart.height = width - 170, height - 35
    chart.data = [[row["certified_pct"] or 0 for row in reversed(rows)]]
    chart.categoryAxis.categoryNames = [_short(row["name"]) for row in reversed(rows)]
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 7
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.valueAxis.valueMin, chart.valueAxis.valueMax, chart.valueAxis.valueStep = 0, 100, 20
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.labelTextFormat = "%d%%"
    chart.bars.strokeColor = None
    for i, row in enumerate(reversed(rows)):
        chart.bars[(0, i)].fillColor = STATUS_COLOURS.get(row["status"], colors.grey)
    drawing.add(chart)
    if threshold is not None:
        x = chart.x + chart.width * max(0.0, min(100.0, threshold)) / 100.0
        drawing.add(
            Line(x, chart.y, x, chart.y + chart.height, strokeColor=colors.black,
                 strokeWidth=0.8, strokeDashArray=[3, 2])
        )  # fmt: skip
        drawing.add(
            String(x + 2, chart.y + chart.height + 2, f"Siap {threshold:g}%", fontName=font,
                   fontSize=7)
        )  # fmt: skip
    return drawing


def trend_chart(points: list[tuple[date, float]], width: float, font: str = FONT) -> Drawing:
    """Certified % per day over the cycle; a note when there are fewer than two days."""
    height = 150
    drawing = Drawing(width, height)
    if len(points) < 2:
        drawing.add(String(10, height / 2, "Belum ada riwayat harian.", fontName=font, fontSize=9))
        return drawing
    first = points[0][0]
    plot = LinePlot()
    plot.x, plot.y = 40, 25
    plot.width, plot.height = width - 60, height - 40
    plot.data = [[((day - first).days, pct or 0) for day, pct in points]]
    plot.lines[0].strokeColor = colors.HexColor("#0d6efd")
    plot.lines[0].strokeWidth = 1.5
    plot.yValueAxis.valueMin, plot.yValueAxis.valueMax, plot.yValueAxis.valueStep = 0, 100, 20
    plot.yValueAxis.labelTextFormat = "%d%%"
    plot.yValueAxis.labels.fontName = font
    plot.yValueAxis.labels.fontSize = 7
    plot.xValueAxis.valueMin = 0
    plot.xValueAxis.valueMax = (points[-1][0] - first).days
    plot.xValueAxis.valueStep = max(1, plot.xValueAxis.valueMax // 6)
    plot.xValueAxis.labelTextFormat = lambda n: _day_label(first, int(n))
    plot.xValueAxis.labels.fontName = font
    plot.xValueAxis.labels.fontSize = 7
    drawing.add(plot)
    return drawing


def _day_label(first: date, offset: int) -> str:
    day = first + timedelta(days=offset)
    return f"{day.day}/{day.month}"
