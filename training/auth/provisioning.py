"""Sign-in accounts for every person of a unit subtree, without typing, in bulk.

Username = the person's NRP/NIP. A person who already has an account, or whose NRP is
already somebody's username, is left alone; people marked inactive get none. Commanders
and deputies get the commander role on their own unit, everybody the participant role.

Fast by design (25,000 accounts in well under a minute, see bench/bench_provisioning.py):
nothing is hashed here. The account's password is unusable (``PENDING_HASH``) until the
person activates it with a one-time code and chooses a password (``training.auth.activation``);
rows go in with bulk INSERTs of ``BATCH`` rows. Callers commit.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import and_, exists, func, insert, select
from sqlalchemy.sql.elements import ColumnElement

from training.audit.services import entry, record_many
from training.auth.models import User, UserRole
from training.core.tabular import batches
from training.extensions import db
from training.people.models import Person
from training.people.ranks import COMMANDER_POSITIONS, DEPUTY_OF_LEVEL
from training.policy.roles import Role
from training.units.models import Unit, in_subtree

#: The password hash of an account nobody has activated yet: no password matches it.
PENDING_HASH = "!activation-pending"
BATCH = 1000
#: Positions whose account commands the person's own unit (and everything below it).
COMMANDING = frozenset(COMMANDER_POSITIONS) | frozenset(str(p) for p in DEPUTY_OF_LEVEL.values())


@dataclass(frozen=True)
class ProvisionPreview:
    #: Active people selected (the subtree, narrowed to the positions if any).
    people: int
    #: ...of whom already have an account (left alone).
    with_account: int
    #: ...whose NRP/NIP is already the username of another account (left alone).
    taken: int
    #: Accounts that provisioning would create.
    new: int
    #: ...for people without an e-mail address (they need the printed activation sheet).
    new_without_email: int


def is_pending(user: User) -> bool:
    """Provisioned but not activated yet: no password chosen."""
    return user.password_hash == PENDING_HASH


def _selected(unit: Unit, positions: Iterable[str] | None):
    """Conditions on Person: active, in ``unit``'s subtree, in ``positions`` if given."""
    conditions = [
        Person.is_active.is_(True),
        Person.unit_id.in_(select(Unit.id).where(in_subtree(unit.path))),
    ]
    if positions:
        conditions.append(Person.position.in_(sorted(set(positions))))
    return and_(*conditions)


def _has_account():
    return exists().where(User.person_id == Person.id)


def _name_taken():
    return exists().where(func.lower(User.username) == Person.nrp)


def preview(unit: Unit, positions: Iterable[str] | None = None) -> ProvisionPreview:
    """How many people, accounts already there, and new accounts (one query)."""
    selected = _selected(unit, positions)
    has, taken = _has_account(), _name_taken()
    new = and_(~has, ~taken)
    no_email = func.coalesce(Person.email, "") == ""
    row = db.session.execute(
        select(
            func.count(Person.id),
            func.count(Person.id).filter(has),
            func.count(Person.id).filter(and_(~has, taken)),
            func.count(Person.id).filter(new),
            func.count(Person.id).filter(new, no_email),
        ).where(selected)
    ).one()
    return ProvisionPreview(*row)


def provision(
    unit: Unit,
    positions: Iterable[str] | None = None,
    *,
    actor: User | None = None,
    now: datetime | None = None,
) -> list[int]:
    """Create the missing accounts of the selection; return the new users' ids (audited:
    one entry per account and one for the batch)."""
    now, positions = now or datetime.now(UTC), sorted(set(positions or ()))
    rows = db.session.execute(_missing(_selected(unit, positions))).all()
    summary = {"unit": unit.code, "positions": positions}
    return _create(rows, summary, actor, now)


def provision_people(
    person_ids: Iterable[int],
    *,
    within: ColumnElement[bool] | None = None,
    source: str = "import",
    actor: User | None = None,
    now: datetime | None = None,
) -> list[int]:
    """The same for these people (a people import, a directory user's first sign-in),
    narrowed by ``within`` (a condition on Person: the actor's scope) when given."""
    now, ids = now or datetime.now(UTC), sorted(set(person_ids))
    narrow = [within] if within is not None else []
    rows = []
    for chunk in batches(ids, 500):
        condition = and_(Person.is_active.is_(True), Person.id.in_(chunk), *narrow)
        rows.extend(db.session.execute(_missing(condition)).all())
    return _create(rows, {"source": source}, actor, now)


def count_new(people: Iterable[tuple[int | None, str, str, bool]]) -> tuple[int, int]:
    """(accounts, of which without e-mail) that provisioning would create for these
    (person id or None for a person not written yet, NRP/NIP, e-mail, active) rows."""
    people = list(people)
    ids = [row[0] for row in people if row[0] is not None]
    names = sorted({row[1].lower() for row in people})
    linked, taken = set(), set()
    for chunk in batches(ids, 500):
        linked.update(db.session.scalars(select(User.person_id).where(User.person_id.in_(chunk))))
    for chunk in batches(names, 500):
        name = func.lower(User.username)
        taken.update(db.session.scalars(select(name).where(name.in_(chunk))))
    new = [email for person_id, nrp, email, active in people
           if active and person_id not in linked and nrp.lower() not in taken]  # fmt: skip
    return len(new), sum(1 for email in new if not email)


def _missing(condition):
    """The people matching ``condition`` who have no account and whose NRP is free."""
    return (
        select(Person.id, Person.nrp, Person.position, Person.unit_id)
        .where(condition, ~_has_account(), ~_name_taken())
        .order_by(Person.id)
    )


def _create(rows, summary: dict, actor, now) -> list[int]:
    created: list[int] = []
    for chunk in batches(rows, BATCH):
        created.extend(_insert_accounts(chunk, actor, now))
    after = {**summary, "created": len(created)}
    record_many([entry("user", "provision", user=actor, after=after, now=now)])
    return created


def _insert_accounts(chunk, actor, now) -> list[int]:
    users = [
        {
            "username": nrp,
            "password_hash": PENDING_HASH,
            "is_active": True,
            "locale": "id",
            "unit_id": unit_id if position in COMMANDING else None,
            "person_id": person_id,
            "created_at": now,
            "failed_logins": 0,
            "session_version": 0,
        }
        for person_id, nrp, position, unit_id in chunk
    ]
    ids = db.session.execute(insert(User).returning(User.id, User.person_id), users).all()
    commanding = {pid for pid, _nrp, position, _unit in chunk if position in COMMANDING}
    roles, audits = [], []
    for user_id, person_id in ids:
        wanted = [Role.PARTICIPANT] + ([Role.COMMANDER] if person_id in commanding else [])
        roles.extend({"user_id": user_id, "role": str(role)} for role in wanted)
        after = {"roles": sorted(str(r) for r in wanted), "activation": "pending"}
        audits.append(
            entry("user", "create", user=actor, entity_id=user_id, person_id=person_id,
                  after=after, now=now)
        )  # fmt: skip
    db.session.execute(insert(UserRole), roles)
    record_many(audits)
    return [user_id for user_id, _person in ids]
