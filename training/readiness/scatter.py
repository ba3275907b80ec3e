"""Does the training work? Per unit of one level, the certified share (x, 0..100 %) against
the aduan p90 time to first response (y, minutes, 0 at the bottom): a server-built SVG
(charts._svg: no script, a title and a description) with one circle per unit that has both
figures, a dashed line at the programme's aduan target, and the same figures in a table."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext
from markupsafe import Markup, escape

from training.readiness.charts import STATUS_FILL, WIDTH, _pct_text, _svg

LEVELS = ("polda", "polres", "polsek")
HEIGHT, LEFT, RIGHT, TOP, BOTTOM = 360, 56, WIDTH - 16, 12, 316


@dataclass(frozen=True)
class Point:
    code: str
    name: str
    certified_pct: float | None
    p90_minutes: int | None
    aduan: int
    status: str
    status_label: str
    refresher: bool

    @property
    def plotted(self) -> bool:
        return self.certified_pct is not None and self.p90_minutes is not None


def points(readiness, level: str) -> list[Point]:
    """One Point per unit of ``level`` in view (path order)."""
    return [
        Point(
            node.code,
            node.name,
            node.subtree.certified_pct,
            node.response.p90_minutes if node.response else None,
            node.response.mentions if node.response else 0,
            str(node.status),
            node.status_label,
            node.refresher,
        )
        for node in readiness.units.values()
        if node.level == level
    ]


def _top(found: list[Point], target: int) -> int:
    """The y axis' top: the largest p90 or the target (x1.2), rounded up to 30 minutes."""
    largest = max([p.p90_minutes for p in found if p.plotted] + [target, 1])
    return -(-int(largest * 1.2) // 30) * 30


def scatter_svg(found: list[Point], target: int, title: str) -> Markup:
    top_minutes = _top(found, target)

    def x(pct: float) -> float:
        return LEFT + (RIGHT - LEFT) * pct / 100

    def y(minutes: float) -> float:
        return BOTTOM - (BOTTOM - TOP) * minutes / top_minutes

    body = ['<g class="axes">']
    for pct in (0, 25, 50, 75, 100):
        body.append(
            f'<line x1="{x(pct):.1f}" y1="{TOP}" x2="{x(pct):.1f}" y2="{BOTTOM}" stroke="#dee2e6"/>'
            f'<text x="{x(pct):.1f}" y="{BOTTOM + 16}" text-anchor="middle" fill="#6c757d">'
            f"{pct}%</text>"
        )
    for step in range(5):
        minutes = top_minutes * step // 4
        body.append(
            f'<line x1="{LEFT}" y1="{y(minutes):.1f}" x2="{RIGHT}" y2="{y(minutes):.1f}" '
            f'stroke="#dee2e6"/><text x="{LEFT - 6}" y="{y(minutes) + 4:.1f}" text-anchor="end" '
            f'fill="#6c757d">{minutes}</text>'
        )
    x_label = gettext("Personel bersertifikat (%)")
    y_label = gettext("P90 waktu tanggap aduan (menit)")
    mid_x, mid_y = (LEFT + RIGHT) / 2, (TOP + BOTTOM) / 2
    body.append(
        f'<text class="x-axis" x="{mid_x:.1f}" y="{HEIGHT - 8}" text-anchor="middle" '
        f'fill="#212529">{escape(x_label)}</text>'
        f'<text class="y-axis" x="14" y="{mid_y:.1f}" text-anchor="middle" fill="#212529" '
        f'transform="rotate(-90 14 {mid_y:.1f})">{escape(y_label)}</text>'
    )
    tip = gettext("Target aduan: %(n)d menit", n=target)
    body.append(
        f'<line class="target" x1="{LEFT}" y1="{y(target):.1f}" x2="{RIGHT}" y2="{y(target):.1f}" '
        f'stroke="#212529" stroke-width="1.5" stroke-dasharray="4 3"><title>{escape(tip)}</title>'
        f"</line></g>"
    )
    for point in found:
        if not point.plotted:
            continue
        tip = gettext(
            "%(unit)s: %(pct)s bersertifikat, P90 %(m)d menit (%(status)s)",
            unit=point.name,
            pct=_pct_text(point.certified_pct),
            m=point.p90_minutes,
            status=point.status_label,
        )
        ring = ' stroke="#212529" stroke-width="2"' if point.refresher else ""
        cy = y(min(point.p90_minutes, top_minutes))
        body.append(
            f'<circle class="unit" data-code="{escape(point.code)}" '
            f'cx="{x(point.certified_pct):.1f}" cy="{cy:.1f}" r="5" '
            f'fill="{STATUS_FILL.get(point.status, "#6c757d")}"{ring}><title>{escape(tip)}</title>'
            f"</circle>"
        )
    plotted = sum(1 for p in found if p.plotted)
    desc = gettext(
        "%(n)d satuan dengan angka lengkap dari %(all)d; garis putus-putus: target aduan "
        "%(t)d menit. Angka lengkap ada di tabel di bawah grafik.",
        n=plotted,
        all=len(found),
        t=target,
    )
    return _svg(HEIGHT, title, desc, body)
