"""What the readiness report PDF shows (``ReportData``) and how its figures are written:
percentages and decimals with a comma, counts with Indonesian grouping."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from training.certificates.pdf import font_for
from training.core.docfmt import decimal_in, percent_in

STATUS_TEXT = {"siap": "Siap", "sebagian": "Sebagian", "belum_siap": "Belum siap"}
GAP_TEXT = {
    "untrained": "Belum dilatih",
    "failed": "Tidak lulus",
    "expiring": "Sertifikat segera berakhir",
}


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
    #: The subtree's aduan response (outcome.Response.as_dict) and the response rules
    #: (outcome.ResponseRules._asdict); the "perlu penyegaran" evidence ("" when not flagged).
    response: dict = field(default_factory=dict)
    refresher: str = ""


def pct(value) -> str:
    return "-" if value is None else percent_in(value)


def dec(value) -> str:
    return "-" if value is None else decimal_in(value)


def num(value) -> str:
    """A count with Indonesian grouping: 4762 -> "4.762"."""
    return "-" if value is None else decimal_in(int(value), pattern="#,##0")


def part_of(part, whole, sep: str = " dari ") -> str:
    return f"{num(part)}{sep}{num(whole)}"


def report_texts(data: ReportData) -> list[str]:
    texts = [data.unit_name, data.program_title, data.cycle_label, *data.unmet, data.refresher]
    texts += [row["name"] for row in data.children]
    for gap in data.gaps:
        texts += [gap["name"], gap["unit"], gap.get("session") or ""]
    return texts


def report_fonts(data: ReportData) -> tuple[str, str]:
    """Helvetica when every text fits cp1252, else a TTF covering them (embedded)."""
    joined = " ".join(report_texts(data))
    return font_for(joined), font_for(joined, bold=True)
