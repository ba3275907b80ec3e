"""Whose sign-in account a user may give a new activation code (a commander's reset, the
activation sheet): with the code, the holder of the paper chooses the account's password,
so it must not open an account that can do more than the one who hands it out.

- admins: any account;
- a user who may manage sign-in accounts (a commander): the account of a person of their
  scope, unless it is an admin's, a national trainer's, or commands or trains for a unit
  outside their subtree;
- nobody else.
"""

from __future__ import annotations

from typing import Any

from training.policy.roles import Account, Role
from training.policy.rules import MANAGE_SIGN_IN
from training.policy.scope import can_see_person, can_see_unit, scope_of


def may_give_code(actor: Account | None, account: Any) -> bool:
    """Whether ``actor`` may issue a new activation code for ``account`` (a User)."""
    if not MANAGE_SIGN_IN(actor):
        return False
    scope = scope_of(actor)
    if scope.everything:
        return True
    if account.person is None or not can_see_person(scope, account.person):
        return False
    if account.has_role(Role.ADMIN):
        return False
    if account.has_role(Role.COMMANDER, Role.TRAINER):
        return account.unit is not None and can_see_unit(scope, account.unit)
    return True
