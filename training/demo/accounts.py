"""Demo login accounts, one per role, linked to the synthetic people of Jawa Timur."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from sqlalchemy import select

from training.auth.models import User
from training.extensions import db
from training.people.models import Person
from training.people.ranks import Position
from training.policy.roles import Role
from training.units.models import Unit

DEFAULT_PASSWORD = "presisi2022"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    roles: tuple[str, ...]
    #: Commander scope (unit code), if any.
    unit_code: str | None = None
    #: Where the linked person sits and which position they hold.
    person_unit: str | None = None
    person_position: str | None = None


ACCOUNTS = (
    DemoAccount("admin", (Role.ADMIN,)),
    DemoAccount("pelatih", (Role.TRAINER,), None, "00", Position.OPERATOR),
    DemoAccount("kapolda", (Role.COMMANDER, Role.PARTICIPANT), "15", "15", Position.KAPOLDA),
    DemoAccount(
        "kapolres", (Role.COMMANDER, Role.PARTICIPANT), "15.16", "15.16", Position.KAPOLRES
    ),
    DemoAccount(
        "kapolsek", (Role.COMMANDER, Role.PARTICIPANT), "15.16.01", "15.16.01", Position.KAPOLSEK
    ),
    DemoAccount("peserta", (Role.PARTICIPANT,), None, "15.16.01", Position.OPERATOR),
)


def admin_exists() -> bool:
    return db.session.scalar(select(User.id).where(User.username == "admin")) is not None


def _unit(code: str | None) -> Unit | None:
    return db.session.scalar(select(Unit).where(Unit.code == code)) if code else None


def _free_person(account: DemoAccount) -> Person | None:
    """The first person in the account's unit and position not linked to another account."""
    unit = _unit(account.person_unit)
    if unit is None:
        return None
    taken = select(User.person_id).where(User.person_id.is_not(None))
    return db.session.scalar(
        select(Person)
        .where(Person.unit_id == unit.id, Person.position == account.person_position)
        .where(Person.id.not_in(taken))
        .order_by(Person.id)
        .limit(1)
    )


def ensure_accounts(password: str, reset_password: bool) -> int:
    """Create the missing demo accounts; reset existing ones' passwords only if asked.

    Returns the number of accounts created. The caller commits.
    """
    created = 0
    # The demo accounts share one (printed) password: hashed once (scrypt, ~0.2 s a hash)
    # instead of once per account.
    hashed = cache(lambda: _hashed(password))
    for account in ACCOUNTS:
        user = db.session.scalar(select(User).where(User.username == account.username))
        if user is not None:
            if reset_password:
                user.password_hash = hashed()
            continue
        user = User(username=account.username, unit=_unit(account.unit_code))
        if account.person_unit:
            user.person = _free_person(account)
        user.set_roles(account.roles)
        user.password_hash = hashed()
        db.session.add(user)
        db.session.flush()
        created += 1
    return created


def _hashed(password: str) -> str:
    probe = User()
    probe.set_password(password)
    return probe.password_hash


def account_rows() -> list[tuple[str, str, str, str]]:
    """(username, roles, unit, person) of every demo account that exists."""
    rows = []
    for account in ACCOUNTS:
        user = db.session.scalar(select(User).where(User.username == account.username))
        if user is None:
            continue
        unit = f"{user.unit.code} {user.unit.name}" if user.unit else "-"
        person = user.person
        who = f"{person.rank} {person.full_name} ({person.nrp})" if person else "-"
        rows.append((user.username, ", ".join(sorted(user.roles)), unit, who))
    return rows
