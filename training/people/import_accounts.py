"""The people import that also provisions sign-in accounts (the import page's checkbox,
``flask import-people --provision-accounts``).

The preview says how many accounts the import would create and how many of them are for
people without an e-mail address (they need the printed activation sheet); confirming
writes the people and then the accounts in the same transaction, so both are saved or
neither. The accounts themselves (username = NRP/NIP, people with an account left alone,
no hashing, activation codes by e-mail through the outbox) are the sign-in feature's: a
layer above this one, it hands its two answers over with ``use_provisioning`` when the app
is built.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import select

from training.core.importplan import Counts, Importer, Preview
from training.core.tabular import batches
from training.extensions import db
from training.people.import_write import apply_people
from training.people.importer import preview_people, read_people
from training.people.models import Person


@dataclass(frozen=True)
class Candidate:
    """A person of the file as the import leaves them."""

    person_id: int | None  # None: a new person
    nrp: str
    email: str
    is_active: bool


@dataclass(frozen=True)
class AccountNumbers:
    #: Accounts the import would create.
    new: int = 0
    #: ...for people without an e-mail address.
    without_email: int = 0


@dataclass(frozen=True)
class _Answers:
    count: Callable[[list[Candidate]], AccountNumbers]
    provision: Callable[[list[int], object], None]


_answers: list[_Answers] = []


def use_provisioning(
    count: Callable[[list[Candidate]], AccountNumbers],
    provision: Callable[[list[int], object], None],
) -> None:
    """Called when the app is built: ``count(candidates)`` for the preview and
    ``provision(person ids, actor)`` after the people are written (it may raise
    RuleViolation; it never commits)."""
    _answers[:] = [_Answers(count, provision)]


def _hooks() -> _Answers:
    if not _answers:
        raise RuntimeError("sign-in provisioning is not set up (see use_provisioning)")
    return _answers[0]


@dataclass(frozen=True)
class CountsWithAccounts(Counts):
    accounts: int = 0
    accounts_without_email: int = 0

    def text(self) -> str:
        return (
            super().text()
            + "; "
            + _(
                "%(n)d akun masuk baru (%(m)d tanpa email: cetak lembar aktivasinya)",
                n=self.accounts,
                m=self.accounts_without_email,
            )
        )


@dataclass
class PreviewWithAccounts(Preview):
    accounts: AccountNumbers = field(default_factory=AccountNumbers)

    def __post_init__(self):
        super().__post_init__()
        numbers = (self.accounts.new, self.accounts.without_email)
        self.counts = CountsWithAccounts(*vars(self.counts).values(), *numbers)

    def digest(self) -> str:
        """The people's fingerprint and the account numbers: a confirmation after someone
        else provisioned some of these accounts shows the new numbers first."""
        numbers = f"{self.accounts.new}/{self.accounts.without_email}"
        return hashlib.sha256(f"{super().digest()}:{numbers}".encode()).hexdigest()


def _candidates(preview: Preview) -> list[Candidate]:
    items, existing = preview.plan
    found = []
    for item in items:
        person = existing.get(item.nrp)
        person_id, active = (person.id, person.is_active) if person else (None, True)
        found.append(Candidate(person_id, item.nrp, item.values["email"] or "", active))
    return found


def preview_with_accounts(rows, progress=None) -> PreviewWithAccounts:
    """The people preview plus the accounts the import would create; writes nothing."""
    preview = preview_people(rows, progress)
    numbers = _hooks().count(_candidates(preview))
    return PreviewWithAccounts(preview.rows, preview.plan, accounts=numbers)


def _person_ids(nrps: list[str]) -> list[int]:
    ids = []
    for chunk in batches(sorted(set(nrps))):
        ids.extend(db.session.scalars(select(Person.id).where(Person.nrp.in_(chunk))))
    return ids


def apply_with_accounts(preview: Preview, user=None) -> None:
    """Write the people, then provision the accounts of the file's people (same
    transaction: the caller commits both or neither)."""
    apply_people(preview, user)
    items, _existing = preview.plan
    _hooks().provision(_person_ids([item.nrp for item in items]), user)


#: Its own name: an upload previewed with accounts is confirmed with accounts (the kept
#: upload is bound to the importer's name).
IMPORTER = Importer("people-accounts", read_people, preview_with_accounts, apply_with_accounts)
