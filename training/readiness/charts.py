"""Server-built inline SVG charts (no JavaScript, no style attributes): readiness by child
unit as horizontal bars, and the certified share over the cycle as a line.

Each chart is an ``<svg role="img">`` with a ``<title>`` and a description; every bar and
point carries its own ``<title>`` (a tooltip and a label for screen readers). The pages also
show the same numbers in a table.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from itertools import count

from flask_babel import gettext
from markupsafe import Markup, escape

from training.core.numfmt import number
from training.core.timefmt import short_day
from training.readiness.models import ReadinessStatus

#: Bootstrap's success / warning / danger, readable on white.
STATUS_FILL = {
    ReadinessStatus.READY: "#198754",
    ReadinessStatus.PARTIAL: "#e0a800",
    ReadinessStatus.NOT_READY: "#dc3545",
}
WIDTH = 640
_ids = count(1)


@dataclass(frozen=True)
class Bar:
    label: str
    pct: float | None
    status: str
    status_label: str


def _pct_text(pct: float | None) -> str:
    return "—" if pct is None else f"{number(pct, '0.#')}%"


def _svg(height: int, title: str, desc: str, body: list[str]) -> Markup:
    n = next(_ids)
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" role="img" aria-labelledby="chart-t{n} chart-d{n}" '
        f'font-family="system-ui, sans-serif" font-size="12" class="readiness-chart">'
        f'<title id="chart-t{n}">{escape(title)}</title><desc id="chart-d{n}">{escape(desc)}</desc>'
    )
    return Markup(head + "".join(body) + "</svg>")


def bars_svg(bars: list[Bar], title: str, target: float | None = None) -> Markup:
    """Horizontal bars of the certified share, one per unit, coloured by status; a dashed
    line marks ``target`` (the Siap threshold) when given."""
    row, top, label_w, bar_w = 24, 8, 200, 340
    height = top * 2 + row * max(len(bars), 1)
    body = []
    for x in (0, 50, 100):
        gx = label_w + bar_w * x / 100
        body.append(
            f'<line x1="{gx:.1f}" y1="{top}" x2="{gx:.1f}" y2="{height - top}" '
            f'stroke="#dee2e6" stroke-width="1"/>'
        )
    pcts = [_pct_text(bar.pct) for bar in bars]  # each written once, used three times
    for i, (bar, pct) in enumerate(zip(bars, pcts, strict=True)):
        y = top + i * row
        width = bar_w * (bar.pct or 0) / 100
        name = bar.label if len(bar.label) <= 30 else bar.label[:29] + "…"
        tip = f"{bar.label}: {pct} ({bar.status_label})"
        body.append(
            f"<g><title>{escape(tip)}</title>"
            f'<text x="{label_w - 6}" y="{y + 16}" text-anchor="end" fill="#212529">'
            f"{escape(name)}</text>"
            f'<rect x="{label_w}" y="{y + 4}" width="{width:.1f}" height="{row - 8}" '
            f'fill="{STATUS_FILL.get(bar.status, "#6c757d")}"/>'
            f'<text x="{label_w + width + 6:.1f}" y="{y + 16}" fill="#212529">'
            f"{escape(pct)} · {escape(bar.status_label)}</text></g>"
        )
    if target is not None:
        tx = label_w + bar_w * target / 100
        tip = gettext("Batas Siap: %(pct)s", pct=_pct_text(target))
        body.append(
            f'<line x1="{tx:.1f}" y1="{top}" x2="{tx:.1f}" y2="{height - top}" '
            f'stroke="#212529" stroke-width="1.5" stroke-dasharray="4 3">'
            f"<title>{escape(tip)}</title></line>"
        )
    desc = "; ".join(f"{b.label} {pct} {b.status_label}" for b, pct in zip(bars, pcts, strict=True))
    return _svg(height, title, desc, body)


def trend_svg(
    first: date, last: date, points: list[tuple[date, float | None]], title: str
) -> Markup:
    """A line of the certified share per day from ``first`` to ``last`` (0..100 %)."""
    height, left, right, top, bottom = 220, 44, WIDTH - 16, 12, 188
    span = max((last - first).days, 1)

    def x(day: date) -> float:
        return left + (right - left) * (day - first).days / span

    def y(pct: float) -> float:
        return bottom - (bottom - top) * pct / 100

    body = []
    for pct in (0, 25, 50, 75, 100):
        body.append(
            f'<line x1="{left}" y1="{y(pct):.1f}" x2="{right}" y2="{y(pct):.1f}" '
            f'stroke="#dee2e6" stroke-width="1"/>'
            f'<text x="{left - 6}" y="{y(pct) + 4:.1f}" text-anchor="end" fill="#6c757d">'
            f"{pct}%</text>"
        )
    for day, anchor in ((first, "start"), (last, "end")):
        body.append(
            f'<text x="{x(day):.1f}" y="{height - 10}" text-anchor="{anchor}" fill="#6c757d">'
            f"{escape(short_day(day))}</text>"
        )
    known = [(d, p) for d, p in points if p is not None]
    if known:
        line = " ".join(f"{x(d):.1f},{y(p):.1f}" for d, p in known)
        body.append(f'<polyline points="{line}" fill="none" stroke="#0d6efd" stroke-width="2"/>')
    for day, pct in known:
        tip = f"{short_day(day)}: {_pct_text(pct)}"
        body.append(
            f'<circle cx="{x(day):.1f}" cy="{y(pct):.1f}" r="3" fill="#0d6efd">'
            f"<title>{escape(tip)}</title></circle>"
        )
    desc = gettext(
        "%(n)d hari tercatat; terakhir %(pct)s.",
        n=len(points),
        pct=_pct_text(known[-1][1]) if known else "—",
    )
    return _svg(height, title, desc, body)
