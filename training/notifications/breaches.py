"""The commanders told of response breaches (issue 15 point 5): when a unit's own accounts
hold more than ``RESPONSE_BREACH_NOTIFY_COUNT`` open mentions past their target, the
commander of the unit and the commander of the unit above get one notice that local day.

``notify_breaches(now)`` may run as often as wanted (the hourly notifications task,
``flask notifications breaches``): each unit's day is claimed in ``BreachNotice`` with an
insert that skips a taken key, in the transaction of the notices, so two processes checking
at once tell the commanders once. A unit still over the limit the next day is told again.
"""

from __future__ import annotations

from datetime import UTC, datetime

from flask import current_app
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from training.core.timefmt import local_day
from training.extensions import db
from training.notifications import kinds
from training.notifications.delivery import Message, Notice, deliver, path_for
from training.notifications.models import BreachNotice
from training.notifications.recipients import users_commanding_unit
from training.responses.queries import crowded_units
from training.responses.targets import current_program, targets_for
from training.units.models import Unit


def _claim(rows: list[dict]) -> set[int]:
    """Insert the (unit, day) rows not taken yet; the ids of the units claimed now."""
    if not rows:
        return set()
    dialect = db.session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    stmt = (
        insert(BreachNotice).values(rows).on_conflict_do_nothing().returning(BreachNotice.unit_id)
    )
    return set(db.session.scalars(stmt))


def _render(unit: Unit, count: int):
    def render(_items) -> Message:
        return Message(
            title=_("Mention lewat batas: %(unit)s", unit=unit.name),
            body=ngettext(
                "%(num)d mention di akun resmi %(unit)s belum dijawab melewati batas waktu "
                "respons.",
                "%(num)d mention di akun resmi %(unit)s belum dijawab melewati batas waktu "
                "respons.",
                count,
                unit=unit.name,
            ),
            link=path_for("responses.breaches", code=unit.code),
        )

    return render


def notify_breaches(now: datetime | None = None) -> int:
    """Tell the commanders of the units over the limit (once a local day per unit); return
    how many users were told. The caller commits."""
    now = now or datetime.now(UTC)
    limit = current_app.config["RESPONSE_BREACH_NOTIFY_COUNT"]
    targets = targets_for(current_program(local_day(now)))
    counts = crowded_units(now, targets, limit)
    if not counts:
        return 0
    units = {u.id: u for u in db.session.scalars(select(Unit).where(Unit.id.in_(counts)))}
    claims = [
        {"unit_id": uid, "day": local_day(now, unit.timezone), "breaches": counts[uid],
         "created_at": now}
        for uid, unit in sorted(units.items())
    ]  # fmt: skip
    notices = []
    for unit_id in sorted(_claim(claims)):
        unit = units[unit_id]
        users = set(users_commanding_unit(unit.id))
        if unit.parent_id is not None:
            users |= set(users_commanding_unit(unit.parent_id))
        render = _render(unit, counts[unit_id])
        notices += [Notice(uid, kinds.RESPONSE_BREACH, [unit], render) for uid in sorted(users)]
    return deliver(notices, now)
