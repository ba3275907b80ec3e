"""Who may edit the feedback survey, who answers it, whose results one may read.

The survey is national: editing it is for admins and national trainers (trainers without a
unit). Results are read in aggregate only: an admin reads every session's; a trainer the
sessions they are named trainer of (as an account or as the person it belongs to); a
commander the sessions of their subtree (held there or aimed at a unit of it; a session
aimed at the Polda above is not theirs). One account holding several roles reads the union.
A trainer's page of results (all their sessions) is read by that trainer, commanders (cut to
their subtree) and admins.

The session arguments are ``TrainingSession`` rows; like ``policy.sessions`` this module
reads the tables the sessions package handed over.
"""

from __future__ import annotations

from sqlalchemy import false, or_, select, true
from sqlalchemy.sql.elements import ColumnElement

from training.core.paths import in_subtree
from training.policy.commanders import commanded_unit
from training.policy.roles import Account, Role
from training.policy.rules import MANAGE_FEEDBACK_TEMPLATE, READ_FEEDBACK_RESULTS
from training.policy.scope import unit_table
from training.policy.sessions import is_session_trainer, session_table, trained_session_ids


def may_edit_feedback_template(user: Account | None) -> bool:
    """Add, change, move and remove the survey's questions."""
    if not MANAGE_FEEDBACK_TEMPLATE(user):
        return False
    return user.has_role(Role.ADMIN) or user.unit is None


def _commanded_path(user: Account) -> str | None:
    unit = commanded_unit(user)
    return unit.path if unit is not None else None


def _in_command(path: str, session) -> bool:
    audience = session.audience_unit
    return session.venue_unit.path.startswith(path) or (
        audience is not None and audience.path.startswith(path)
    )


def may_read_session_results(user: Account | None, session) -> bool:
    """Read the aggregated results of one session (see the module doc)."""
    if not READ_FEEDBACK_RESULTS(user):
        return False
    if user.has_role(Role.ADMIN):
        return True
    path = _commanded_path(user)
    if path is not None and _in_command(path, session):
        return True
    return is_session_trainer(user, session)


def results_session_clause(user: Account | None) -> ColumnElement[bool]:
    """The same rule as may_read_session_results, as an SQL condition on TrainingSession."""
    if not READ_FEEDBACK_RESULTS(user):
        return false()
    if user.has_role(Role.ADMIN):
        return true()
    sessions = session_table()
    conditions = [sessions.id.in_(trained_session_ids(user))]
    path = _commanded_path(user)
    if path is not None:
        units = unit_table()
        inside = select(units.id).where(in_subtree(path, units.path))
        conditions += [sessions.venue_unit_id.in_(inside), sessions.audience_unit_id.in_(inside)]
    return or_(*conditions)


def may_read_trainer_results(user: Account | None, trainer: Account) -> bool:
    """Open the results page of ``trainer`` (its sessions are cut by results_session_clause
    for a commander; a trainer reads only their own page)."""
    if not READ_FEEDBACK_RESULTS(user):
        return False
    if user.has_role(Role.ADMIN) or user.id == trainer.id:
        return True
    return commanded_unit(user) is not None
