"""Sign-in accounts of a unit: provision and mail codes, the activation sheet, a new code
for one account. The rules are training/auth's; this adds the outbox and the sheet.
Callers commit."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from training.auth.activation import issue_codes
from training.auth.codes import format_code
from training.auth.models import User
from training.auth.provisioning import PENDING_HASH, provision
from training.core.tabular import batches
from training.core.timefmt import format_local
from training.extensions import db
from training.people.models import Person
from training.policy.signin import may_give_code
from training.signin.letters import queue_activations
from training.signin.sheet import Slip
from training.units.models import Unit, in_subtree


def code_lifetime() -> timedelta:
    return timedelta(hours=current_app.config["ACTIVATION_CODE_HOURS"])


def valid_until(now: datetime, tz: str = "Asia/Jakarta") -> str:
    """When codes issued ``now`` expire, e.g. "17 Desember 2026 14.00 WIB"."""
    return format_local(now + code_lifetime(), tz, long=True)


def _pending_rows(conditions):
    """(user id, person id, name, username, e-mail) of pending accounts matching."""
    query = (
        select(User.id, Person.id, Person.full_name, User.username, Person.email)
        .join(Person, User.person_id == Person.id)
        .where(User.password_hash == PENDING_HASH, User.is_active.is_(True), *conditions)
        .order_by(Person.full_name, Person.id)
    )
    return db.session.execute(query).all()


def provision_unit(unit: Unit, positions=None, *, actor=None, now=None) -> tuple[int, int]:
    """Create the missing accounts and mail a code to those with an e-mail address;
    return (accounts created, e-mails queued)."""
    now = now or datetime.now(UTC)
    created = provision(unit, positions, actor=actor, now=now)
    return len(created), mail_codes(created, actor=actor, now=now)


def mail_codes(user_ids: list[int], *, actor=None, now=None) -> int:
    """An activation code by e-mail to each of these new accounts whose person has an
    address (the others get theirs on the unit's activation sheet); how many queued."""
    now = now or datetime.now(UTC)
    rows = []
    for chunk in batches(user_ids, 500):
        rows.extend(r for r in _pending_rows([User.id.in_(chunk)]) if r.email)
    codes = issue_codes([r[0] for r in rows], lifetime=code_lifetime(), actor=actor, now=now)
    return queue_activations(rows, codes, valid_until(now), now)


def in_unit(unit: Unit):
    return Person.unit_id.in_(select(Unit.id).where(in_subtree(unit.path)))


def sheet_slips(unit: Unit, everyone: bool, *, actor=None, now=None) -> list[Slip]:
    """New codes for the unit subtree's pending accounts (without e-mail unless
    ``everyone``), as slips; their earlier codes stop working."""
    now = now or datetime.now(UTC)
    conditions = [in_unit(unit)]
    if not everyone:
        conditions.append(func.coalesce(Person.email, "") == "")
    rows = db.session.execute(
        select(User, Person)
        .join(Person, User.person_id == Person.id)
        .options(joinedload(Person.unit), joinedload(User.unit))
        .where(User.password_hash == PENDING_HASH, User.is_active.is_(True), *conditions)
        .order_by(Person.full_name, Person.id)
    ).all()
    rows = [(u.id, p) for u, p in rows if actor is None or may_give_code(actor, u)]
    codes = issue_codes([uid for uid, _p in rows], lifetime=code_lifetime(), actor=actor, now=now)
    return [
        Slip(p.full_name, p.id_label, p.nrp, p.unit.name, format_code(codes[uid]))
        for uid, p in rows
    ]


def new_code(user: User, *, actor=None, now=None) -> str:
    """A commander's reset: a new activation code for ``user`` (shown once, and mailed
    when the person has an address); the earlier code stops working."""
    now = now or datetime.now(UTC)
    code = issue_codes([user.id], lifetime=code_lifetime(), actor=actor, now=now)[user.id]
    person = user.person
    if person is not None and person.email:
        row = (user.id, person.id, person.full_name, user.username, person.email)
        queue_activations([row], {user.id: code}, valid_until(now), now)
    return code


def people_of(unit: Unit):
    """The subtree's people, for the unit's account page."""
    return select(Person).where(in_unit(unit)).order_by(Person.full_name, Person.id)


def accounts_of(people) -> dict[int, User]:
    """{person id: account} of these people (one query)."""
    ids = [p.id for p in people]
    users = db.session.scalars(select(User).where(User.person_id.in_(ids))) if ids else []
    return {u.person_id: u for u in users}
