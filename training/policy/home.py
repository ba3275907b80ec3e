"""Which sections of the home page an account sees: one per role it holds.

Sections follow the roles, not the rules (admins hold every rule but their home page is the
administration's): a trainer sees the sessions they may manage, a commander attached to a
unit their command, an account linked to a person who takes part in training their own
training, an admin the state of the installation. An account holding several roles sees
each of their sections on one page.
"""

from __future__ import annotations

from training.policy.roles import Account, Role

TRAINER, COMMANDER, PARTICIPANT, ADMIN = "trainer", "commander", "participant", "admin"


def home_sections(user: Account | None) -> tuple[str, ...]:
    """The sections of ``user``'s home page, in page order (none for anonymous visitors)."""
    if user is None or not user.is_authenticated:
        return ()
    sections = []
    if user.has_role(Role.TRAINER):
        sections.append(TRAINER)
    if user.has_role(Role.COMMANDER) and user.unit is not None:
        sections.append(COMMANDER)
    if user.has_role(Role.PARTICIPANT) and user.person_id is not None:
        sections.append(PARTICIPANT)
    if user.has_role(Role.ADMIN):
        sections.append(ADMIN)
    return tuple(sections)
