"""Readiness rows for the PDF report and the CSV/XLSX downloads (the same rows in each)."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from datetime import datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from training.certificates.pdf import indonesian_date
from training.core.labels import level_label, position_label
from training.enrolment.checks import session_label
from training.extensions import db
from training.policy.scope import Scope
from training.programs.models import Course
from training.programs.services import current_cycle
from training.readiness import gaps
from training.readiness.figures import STATUS_LABELS, unmet_labels
from training.readiness.models import ReadinessStatus
from training.readiness.outcome import Response, refresher_evidence
from training.readiness.report_data import ReportData
from training.readiness.rollup import Readiness
from training.readiness.trend import cycle_trend
from training.units.models import Unit

#: Gap rows printed in the PDF (all of them go to CSV/XLSX).
PDF_GAP_LIMIT = 500
#: Gap rows fetched per statement while a download streams.
DOWNLOAD_BATCH = 500


def child_rows(readiness: Readiness, unit_id: int) -> list[dict]:
    rows = []
    for child in readiness.children(unit_id):
        rows.append(
            {
                "code": child.code,
                "name": child.name,
                "level": child.level,
                "status": str(child.status),
                **child.subtree.as_dict(),
                **(child.response or Response()).as_dict(),
                "refresher": child.refresher,
            }
        )
    return rows


def child_table(readiness: Readiness, unit_id: int) -> tuple[list[str], list[list]]:
    header = [
        _("Kode"),
        _("Satuan"),
        _("Tingkat satuan"),
        _("Status"),
        _("Personel sasaran"),
        _("Bersertifikat"),
        _("Bersertifikat (%)"),
        _("Komandan"),
        _("Komandan bersertifikat"),
        _("Akun resmi aktif"),
        _("Akun terverifikasi"),
        _("Rata-rata kompetensi"),
        _("Kehadiran (%)"),
        _("Segera berakhir"),
        _("Tidak lulus"),
        _("Belum dilatih"),
        _("Aduan"),
        _("Aduan terjawab"),
        _("Aduan terjawab (%)"),
        _("P90 waktu tanggap aduan (menit)"),
        _("Perlu penyegaran"),
    ]
    rows = [
        [
            row["code"],
            row["name"],
            str(level_label(row["level"])),
            str(STATUS_LABELS[ReadinessStatus(row["status"])]),
            row["targets"],
            row["certified"],
            row["certified_pct"],
            row["commanders"],
            row["commanders_certified"],
            row["accounts"],
            row["accounts_verified"],
            row["average_level"],
            row["attendance_pct"],
            row["expiring"],
            row["failed"],
            row["untrained"],
            row["aduan"],
            row["aduan_answered"],
            row["answered_pct"],
            row["p90_minutes"],
            _("Ya") if row["refresher"] else _("Tidak"),
        ]
        for row in child_rows(readiness, unit_id)
    ]
    return header, rows


def gap_rows(
    readiness: Readiness, scope: Scope, unit: Unit, *, now: datetime, limit: int
) -> tuple[list[gaps.TargetRow], int]:
    """The first ``limit`` gaps below ``unit`` and their total (from the roll-up's counters,
    as on the page: no count statement)."""
    courses, total = _courses_and_total(readiness, unit)
    page = _gap_batch(readiness, scope, unit, courses, now=now, page=1, size=limit, total=total)
    return list(page.items), total


def all_gap_rows(
    readiness: Readiness, scope: Scope, unit: Unit, *, now: datetime
) -> Iterator[gaps.TargetRow]:
    """Every gap below ``unit``, fetched ``DOWNLOAD_BATCH`` rows at a time (for streaming)."""
    courses, total = _courses_and_total(readiness, unit)
    for number in itertools.count(1):
        batch = _gap_batch(
            readiness, scope, unit, courses, now=now, page=number, size=DOWNLOAD_BATCH, total=total
        ).items
        yield from batch
        if len(batch) < DOWNLOAD_BATCH:
            return


def _courses_and_total(readiness: Readiness, unit: Unit) -> tuple[list[Course], int]:
    stmt = select(Course).where(Course.program_id == readiness.program.id)
    total = gaps.gap_total(readiness.units[unit.id].subtree, None)
    return list(db.session.scalars(stmt)), total


def _gap_batch(readiness, scope, unit, courses, *, now, page: int, size: int, total: int):
    return gaps.gap_page(
        courses,
        scope,
        unit,
        on=readiness.on,
        expiring_days=readiness.rules.expiring_days,
        now=now,
        page=page,
        per_page=size,
        max_per_page=None,
        total=total,
    )


GAP_HEADER = (
    _l("NRP/NIP"),
    _l("Nama"),
    _l("Pangkat"),
    _l("Jabatan"),
    _l("Kode satuan"),
    _l("Satuan"),
    _l("Tingkat kursus"),
    _l("Kesenjangan"),
    _l("Sertifikat berlaku s.d."),
    _l("Sesi berikutnya"),
    _l("Satuan perlu penyegaran"),
)


def gap_table(
    rows: Iterable[gaps.TargetRow], flagged: set[int] = frozenset()
) -> tuple[list[str], Iterator[list]]:
    """The download header and its cells, one row per gap (lazily, as ``rows`` come);
    ``flagged``: the ids of the units flagged "perlu penyegaran" (the person's own unit)."""
    header = [str(label) for label in GAP_HEADER]
    return header, (_gap_cells(row, flagged) for row in rows)


def refresher_units(readiness: Readiness) -> set[int]:
    """The units of the roll-up flagged "perlu penyegaran"."""
    return {uid for uid, node in readiness.units.items() if node.refresher}


def _gap_cells(row: gaps.TargetRow, flagged: set[int]) -> list:
    return [
        row.person.nrp,
        row.person.full_name,
        row.person.rank,
        str(position_label(row.person.position)),
        row.unit.code,
        row.unit.name,
        row.course.tier,
        row.kind_label,
        row.until.isoformat() if row.until else "",
        _next_session(row),
        _("Ya") if row.unit.id in flagged else _("Tidak"),
    ]


def _next_session(row: gaps.TargetRow) -> str:
    if row.booked is not None:
        return _("Sudah terdaftar: %(session)s", session=session_label(row.booked))
    if row.next_session is not None:
        return session_label(row.next_session)
    return ""


def report_data(
    readiness: Readiness,
    unit: Unit,
    gap_list: list[gaps.TargetRow],
    gaps_total: int,
    *,
    generated_label: str,
) -> ReportData:
    node = readiness.units[unit.id]
    program = readiness.program
    outcome = readiness.response_rules()
    cycle = current_cycle(program, readiness.on)
    cycle_label = (
        f"Siklus {cycle.number}: {indonesian_date(cycle.starts_on)} s.d. "
        f"{indonesian_date(cycle.ends_on)}"
        if cycle
        else ""
    )
    return ReportData(
        unit_name=unit.name,
        unit_code=unit.code,
        unit_level=unit.level,
        program_title=program.title,
        cycle_label=cycle_label,
        status=str(node.status),
        unmet=unmet_labels(node, readiness.rules),
        own=node.own.as_dict(),
        subtree=node.subtree.as_dict(),
        children=child_rows(readiness, unit.id),
        trend=cycle_trend(program, unit.id, readiness.on).points,
        gaps=[
            {
                "name": row.person.full_name,
                "nrp": row.person.nrp,
                "rank": row.person.rank,
                "unit": row.unit.name,
                "position": str(position_label(row.person.position)),
                "kind": row.kind,
                "until": row.until,
                "session": _next_session(row),
            }
            for row in gap_list
        ],
        gaps_total=gaps_total,
        generated_label=generated_label,
        cutoff=readiness.on,
        thresholds={"ready_certified_pct": readiness.rules.ready_certified_pct},
        response={**(node.response or Response()).as_dict(), **outcome._asdict()},
        refresher=refresher_evidence(node, outcome.target_minutes) if node.refresher else "",
    )
