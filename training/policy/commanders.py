"""What a commander commands, and which step of the report sign-off chain is whose.

A Polres's readiness report is submitted by the Polres's commander, verified by the
commander of the Polda above it, then by HQ (a commander of the Mabes root); an admin may
act at every step. Which step is due depends on the report's state:
``training.signoff.workflow`` combines the two.
"""

from __future__ import annotations

from typing import Any

from training.policy.roles import Account, Role
from training.policy.rules import SIGN_OFF_FOR_ANY_UNIT

#: The level of the national headquarters (``training.units.models.UnitLevel.MABES``, a
#: ``StrEnum``: a unit's level compares equal to its value); units hand nothing over here.
MABES = "mabes"

#: A ``training.units.models.Unit`` row (read through its attributes only).
Unit = Any


def commanded_unit(user: Account | None) -> Unit | None:
    """The unit ``user`` commands (a commander attached to a unit), else None."""
    if user is None or not user.is_authenticated or not user.has_role(Role.COMMANDER):
        return None
    return user.unit


def _commands(user: Account, unit_id: int | None) -> bool:
    unit = commanded_unit(user)
    return unit_id is not None and unit is not None and unit.id == unit_id


def is_polres_actor(user: Account, unit: Unit) -> bool:
    """Submit (write, attach, submit): the Polres's own commander (or an admin)."""
    return SIGN_OFF_FOR_ANY_UNIT(user) or _commands(user, unit.id)


def is_polda_actor(user: Account, unit: Unit) -> bool:
    """Verify or return a submitted report: the commander of the Polda above (or an admin)."""
    return SIGN_OFF_FOR_ANY_UNIT(user) or _commands(user, unit.parent_id)


def is_hq_actor(user: Account) -> bool:
    """Verify or return a Polda-verified report: an admin, or a commander of the Mabes root."""
    if SIGN_OFF_FOR_ANY_UNIT(user):
        return True
    unit = commanded_unit(user)
    return unit is not None and unit.level == MABES
