"""Sign-in accounts during a people import: the two answers the people import
(training/people/import_accounts.py) asks for, handed over when the app is built.

The accounts are those of the unit page's provisioning (username = NRP/NIP, people with an
account left alone, no hashing, a code by e-mail to those with an address). Who: the CLI
operator, an admin, or a user who may manage sign-in accounts for the people inside their
own scope (a commander's subtree); anyone else is refused. Callers commit.
"""

from __future__ import annotations

from datetime import UTC, datetime

from flask_babel import gettext as _

from training.auth.provisioning import count_new, provision_people
from training.errors import RuleViolation
from training.people.import_accounts import AccountNumbers, Candidate
from training.policy import rules
from training.policy.scope import Scope, person_clause, scope_of
from training.signin.services import mail_codes


def count_accounts(candidates: list[Candidate]) -> AccountNumbers:
    rows = ((c.person_id, c.nrp, c.email, c.is_active) for c in candidates)
    return AccountNumbers(*count_new(rows))


def _within(actor):
    """The condition on Person of whom ``actor`` may provision (None: everyone)."""
    if actor is None:
        return None  # the command line: the operator of the deployment
    if not rules.MANAGE_SIGN_IN(actor):
        raise RuleViolation(_("Anda tidak berwenang membuat akun masuk."))
    scope = scope_of(actor)
    if scope.everything:
        return None
    return person_clause(Scope(unit_paths=scope.unit_paths))  # their subtree, not themselves


def provision_imported(person_ids: list[int], actor=None, *, now=None) -> tuple[int, int]:
    """Accounts for the imported people (inside the actor's scope) and their codes by
    e-mail; (accounts created, e-mails queued)."""
    now = now or datetime.now(UTC)
    created = provision_people(person_ids, within=_within(actor), actor=actor, now=now)
    return len(created), mail_codes(created, actor=actor, now=now)
