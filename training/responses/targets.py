"""Response-time targets per programme and category (a setting: no official target exists),
and the programme whose targets a page uses."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import select

from training.audit import services as audit
from training.extensions import db
from training.programs.models import Cycle, Program
from training.programs.services import current_cycle
from training.responses.models import MentionCategory, ResponseTarget

#: Targets (minutes) used where a programme sets none.
DEFAULT_TARGETS = {
    MentionCategory.ADUAN.value: 60,
    MentionCategory.PERTANYAAN.value: 120,
    MentionCategory.INFORMASI.value: 240,
    MentionCategory.ISU_NEGATIF.value: 60,
}


def targets_for(program: Program | None) -> dict[str, int]:
    """The programme's target per category, the defaults where it sets none."""
    targets = dict(DEFAULT_TARGETS)
    if program is not None:
        stmt = select(ResponseTarget).where(ResponseTarget.program_id == program.id)
        targets.update((t.category, t.minutes) for t in db.session.scalars(stmt))
    return targets


def save_targets(program: Program, minutes: dict[str, int], *, user=None, now=None) -> None:
    """Store the programme's target per category (audited); the caller commits."""
    before = targets_for(program)
    stored = {
        t.category: t
        for t in db.session.scalars(
            select(ResponseTarget).where(ResponseTarget.program_id == program.id)
        )
    }
    for category in DEFAULT_TARGETS:
        row = stored.get(category) or ResponseTarget(program_id=program.id, category=category)
        row.minutes = minutes[category]
        db.session.add(row)
    db.session.flush()
    audit.record_update(
        "response_target",
        before,
        targets_for(program),
        user=user,
        entity_id=program.id,
        now=now or datetime.now(UTC),
    )


def current_program(today: date) -> Program | None:
    """The active programme with a cycle running today; else the latest active one."""
    programs = list(
        db.session.scalars(
            select(Program).where(Program.is_active.is_(True)).order_by(Program.starts_on.desc())
        )
    )
    for program in programs:
        cycle = current_cycle(program, today)
        if cycle is not None and cycle.starts_on <= today <= cycle.ends_on:
            return program
    return programs[0] if programs else None


def running_cycle(program: Program | None, today: date) -> Cycle | None:
    return current_cycle(program, today) if program is not None else None
