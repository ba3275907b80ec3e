"""The roles an account may hold, and what the rules read of an account.

The accounts themselves are ``training.auth.models.User`` (which builds on this package): the
rules take any object with these attributes, so ``policy`` imports nothing from ``auth``.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, Protocol


class Role(StrEnum):
    ADMIN = "admin"
    TRAINER = "trainer"
    COMMANDER = "commander"
    PARTICIPANT = "participant"


class Account(Protocol):
    """What the rules read of a user account (``training.auth.models.User``)."""

    id: int
    person_id: int | None
    #: The unit the account commands or trains for (a ``Unit``), or None.
    unit: Any
    is_authenticated: bool

    def has_role(self, *roles: str) -> bool: ...
