"""Demo attendance and assessments for the sessions already held.

A realistic mix, deterministic by person and session: mostly Hadir, some Terlambat, Izin,
Sakit or Alpa; most people pass, a few fail on attendance or on a Kurang. Everything goes
through the attendance and assessment services, so course standings come from raw rows.
The demo regions (``protected``) always pass, so their cascade gates open.
"""

from __future__ import annotations

from datetime import timedelta

from training.assessments.framework import assign_default_competencies
from training.assessments.grid import GridRow, save_grid
from training.attendance.services import Mark, save_roll_call, sign_off


def _is_protected(person, protected: tuple[str, ...]) -> bool:
    return any(person.unit.code.startswith(code) for code in protected)


def _mark(i: int, k: int, failing: bool) -> str:
    if failing:
        return "alpa"
    if i % 9 == 4 and k == 0:
        return "izin"
    if i % 13 == 6 and k == 1:
        return "sakit"
    if i % 7 == 3:
        return "terlambat"
    return "hadir"


def hold_sessions(course, sessions, people, *, trainer, now, protected=()) -> None:
    """Record roll calls (and sign them off) for the sessions that ended before ``now``;
    when all of them have ended, assess the group."""
    held = [s for s in sorted(sessions, key=lambda s: s.starts_at) if s.ends_at <= now]
    failing = {
        p.id for i, p in enumerate(people) if i % 23 == 22 and not _is_protected(p, protected)
    }
    for k, session in enumerate(held):
        marks = [Mark(p.id, _mark(i, k, p.id in failing)) for i, p in enumerate(people)]
        save_roll_call(session, marks, actor=trainer, now=session.ends_at)
        sign_off(session, actor=trainer, now=session.ends_at + timedelta(minutes=30))
    if held and len(held) == len(sessions):
        _assess(course, people, trainer, held[-1], protected)


def _assess(course, people, trainer, last, protected) -> None:
    competencies = [cc.competency_id for cc in assign_default_competencies(course)]
    rows = []
    for i, person in enumerate(people):
        levels = {cid: 3 + (i + n) % 3 for n, cid in enumerate(competencies)}
        if i % 19 == 10 and not _is_protected(person, protected):
            levels[competencies[-1]] = 1  # a Kurang: not passed, to be reassessed
        rows.append(GridRow(person.id, levels=levels))
    save_grid(course, rows, actor=trainer, session=last, now=last.ends_at + timedelta(hours=1))
