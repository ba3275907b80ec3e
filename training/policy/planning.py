"""Who may plan: propose a whole cycle's drafts, and change or publish one draft.

Drafts are ``TrainingSession`` rows (read through their attributes only; see
``training.policy``).
"""

from __future__ import annotations

from training.policy.roles import Account
from training.policy.rules import PLAN
from training.policy.scope import can_see_unit, scope_of
from training.policy.sessions import can_see_session


def may_plan_cycle(user: Account | None) -> bool:
    """Propose a whole cycle's drafts: admins and national trainers (the CLI passes no
    user and may)."""
    return user is None or (PLAN(user) and scope_of(user).everything)


def may_plan_draft(user: Account | None, draft) -> bool:
    """Move, remove or publish one draft: planners whose scope holds the draft's audience
    (or, without an audience, its venue)."""
    if not PLAN(user):
        return False
    return can_see_unit(scope_of(user), draft.audience_unit or draft.venue_unit)


def may_see_draft(user: Account | None, draft) -> bool:
    """Open one draft of the planner: it concerns the user's command, and its audience (or,
    without an audience, its venue) lies inside it: a Polres does not open the drafts of a
    Polda-wide session above it."""
    scope = scope_of(user)
    unit = draft.audience_unit or draft.venue_unit
    return can_see_session(scope, draft) and can_see_unit(scope, unit)
