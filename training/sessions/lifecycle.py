"""A session's stage in its life: the one rule, in Python and in SQL.

Draf (a planner draft) or Terjadwal → Berlangsung → Selesai → Ditandatangani, or Dibatalkan.
The stage is computed, never stored: from the status, the start and end times and the
trainer's sign-off of the roll call. That sign-off lives in the attendance package (a layer
above); it calls ``use_signoff_table`` when its models exist, as the sessions package does
for ``training.policy``.

What a stage allows: a *closed* session (over, signed off or cancelled) is no longer
edited, cancelled or projected for check-in (``refuse_if_closed``).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from enum import StrEnum

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from sqlalchemy import and_, exists, false, not_, select
from sqlalchemy.sql.elements import ColumnElement

from training.errors import RuleViolation
from training.extensions import db
from training.sessions.models import SessionStatus, TrainingSession


class Stage(StrEnum):
    DRAFT = "draft"
    SCHEDULED = "scheduled"
    RUNNING = "running"
    ENDED = "ended"
    SIGNED = "signed"
    CANCELLED = "cancelled"


LABELS = {
    Stage.DRAFT: _l("Draf"),
    Stage.SCHEDULED: _l("Terjadwal"),
    Stage.RUNNING: _l("Berlangsung"),
    Stage.ENDED: lazy_pgettext("session stage", "Selesai"),  # not the "end" of a time
    Stage.SIGNED: _l("Ditandatangani"),
    Stage.CANCELLED: _l("Dibatalkan"),
}

#: Bootstrap colour of each badge (the label is always written: never colour alone).
BADGES = {
    Stage.DRAFT: "secondary",
    Stage.SCHEDULED: "primary",
    Stage.RUNNING: "success",
    Stage.ENDED: "warning",
    Stage.SIGNED: "dark",
    Stage.CANCELLED: "danger",
}

CLOSED = frozenset({Stage.ENDED, Stage.SIGNED, Stage.CANCELLED})


class _Tables:
    signoff = None  # training.attendance.models.AttendanceSignoff


def use_signoff_table(table) -> None:
    """Called by ``training.attendance.models``: the table of roll-call sign-offs."""
    _Tables.signoff = table


def _now(now: datetime | None) -> datetime:
    return now or datetime.now(UTC)


def signed_ids(session_ids: Iterable[int]) -> set[int]:
    """The ids among ``session_ids`` whose roll call is signed off (one statement)."""
    ids = sorted(set(session_ids))
    if not ids or _Tables.signoff is None:
        return set()
    table = _Tables.signoff
    return set(db.session.scalars(select(table.session_id).where(table.session_id.in_(ids))))


def stage(session: TrainingSession, now: datetime | None = None, signed: bool | None = None):
    """The stage of ``session`` at ``now``; ``signed`` (whether the roll call is signed off)
    is looked up when not given and only when it matters (the session has begun)."""
    now = _now(now)
    if session.status == SessionStatus.CANCELLED:
        return Stage.CANCELLED
    if session.status == SessionStatus.DRAFT:
        return Stage.DRAFT
    if now < session.starts_at:
        return Stage.SCHEDULED
    if signed is None:
        signed = session.id in signed_ids([session.id])
    if signed:
        return Stage.SIGNED
    return Stage.RUNNING if now < session.ends_at else Stage.ENDED


def stages(sessions: Iterable[TrainingSession], now: datetime | None = None) -> dict[int, Stage]:
    """session id → stage for many sessions, with at most one statement."""
    now = _now(now)
    sessions = list(sessions)
    begun = [s.id for s in sessions if s.status == SessionStatus.SCHEDULED and s.starts_at <= now]
    signed = signed_ids(begun)
    return {s.id: stage(s, now, s.id in signed) for s in sessions}


def stage_clause(wanted: str, now: datetime | None = None) -> ColumnElement[bool]:
    """The same rule as ``stage``, as an SQL condition on TrainingSession (list filters)."""
    now = _now(now)
    s = TrainingSession
    table = _Tables.signoff
    signed = exists().where(table.session_id == s.id) if table is not None else false()
    scheduled = s.status == SessionStatus.SCHEDULED
    clauses = {
        Stage.DRAFT: s.status == SessionStatus.DRAFT,
        Stage.CANCELLED: s.status == SessionStatus.CANCELLED,
        Stage.SCHEDULED: and_(scheduled, s.starts_at > now),
        Stage.RUNNING: and_(scheduled, s.starts_at <= now, s.ends_at > now, not_(signed)),
        Stage.ENDED: and_(scheduled, s.ends_at <= now, not_(signed)),
        Stage.SIGNED: and_(scheduled, s.starts_at <= now, signed),
    }
    return clauses.get(wanted, false())


def is_closed(session: TrainingSession, now: datetime | None = None) -> bool:
    return stage(session, now) in CLOSED


def closed_message(current: Stage) -> str:
    if current == Stage.CANCELLED:
        return _("Sesi ini sudah dibatalkan; tidak dapat diubah, dibatalkan, atau diproyeksikan.")
    if current == Stage.SIGNED:
        return _(
            "Daftar hadir sesi ini sudah ditandatangani; sesi tidak dapat diubah, "
            "dibatalkan, atau diproyeksikan lagi."
        )
    return _("Sesi ini sudah selesai; tidak dapat diubah, dibatalkan, atau diproyeksikan lagi.")


def refuse_if_closed(session: TrainingSession, now: datetime | None = None) -> None:
    """Raise RuleViolation (with the reason in words) for a session past, signed or
    cancelled: editing, cancelling and the projector end there."""
    current = stage(session, now)
    if current in CLOSED:
        raise RuleViolation(closed_message(current))


def register_template_globals(state) -> None:
    """Blueprint hook: ``session_stage(s)``, ``session_stages(list)``, ``stage_label`` and
    ``stage_colour`` for the badge macro (templates/sessions/_stage.html)."""
    state.app.jinja_env.globals.update(
        session_stage=stage,
        session_stages=stages,
        stage_label=lambda value: LABELS[Stage(value)],
        stage_colour=lambda value: BADGES[Stage(value)],
    )
