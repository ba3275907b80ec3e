"""Leavers: a person is marked inactive (left the service or the programme) or active again.

The linked sign-in account follows at once (training/auth/follow.py). Callers commit."""

from __future__ import annotations

from training.audit.services import record
from training.people.models import Person


def set_active(person: Person, active: bool, *, actor=None) -> bool:
    """Mark ``person`` active or inactive; False when nothing changed (audited otherwise)."""
    if person.is_active == active:
        return False
    person.is_active = active
    record(
        "person",
        "return" if active else "leave",
        user=actor,
        entity_id=person.id,
        person_id=person.id,
        before={"is_active": not active},
        after={"is_active": active},
    )
    return True
