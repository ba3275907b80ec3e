"""A batch of mentions for one account sent by a monitoring tool (the API's write endpoint):
the same checks as the import, all-or-nothing, idempotent by the mention's id."""

from __future__ import annotations

from datetime import UTC, datetime

from flask_babel import gettext as _
from sqlalchemy import select

from training.accounts.models import SocialAccount
from training.core.timefmt import unit_timezone
from training.extensions import db
from training.people.models import Person
from training.responses.services import Written, clean_mention, existing_mentions, write_mentions
from training.responses.times import BadTime, parse_time

MAX_ITEMS = 1000
#: JSON member → mention field.
MEMBERS = {
    "id": "mention_key",
    "received_at": "received_at",
    "category": "category",
    "first_response_at": "first_response_at",
    "responded_by": "responded_by",
    "resolved_at": "resolved_at",
    "status": "status",
    "reply_url": "reply_url",
}
TIMES = ("received_at", "first_response_at", "resolved_at")
FIELD_MEMBER = {field: member for member, field in MEMBERS.items()}


class BatchRefused(ValueError):
    """The batch was refused; ``errors`` lists {index, field, message} (index None: the body)."""

    def __init__(self, errors: list[dict]):
        super().__init__(_("Batch ditolak; tidak ada yang disimpan."))
        self.errors = errors


def _text(item: dict, member: str) -> str:
    value = item.get(member)
    return "" if value is None else str(value)


def _values(item: dict, tz: str, people: dict) -> tuple[dict, dict]:
    values, problems = {}, {}
    for member, name in MEMBERS.items():
        values[name] = _text(item, member).strip()
    for name in TIMES:
        try:
            values[name] = parse_time(values[name], tz)
        except BadTime as exc:
            problems[name] = str(exc)
    number = values["responded_by"]
    values["responded_by"] = people.get(number)
    if number and values["responded_by"] is None:
        problems["responded_by"] = _("NRP/NIP %(n)s tidak ditemukan.", n=number)
    return values, problems


def _people(items: list[dict]) -> dict[str, Person]:
    numbers = {_text(i, "responded_by").strip() for i in items} - {""}
    stmt = select(Person).where(Person.nrp.in_(sorted(numbers)))
    return {p.nrp: p for p in db.session.scalars(stmt)} if numbers else {}


def check_batch(account: SocialAccount, body, now: datetime) -> list[dict]:
    """The clean values of every item; raises BatchRefused listing every problem."""
    items = body.get("items") if isinstance(body, dict) else None
    if not isinstance(items, list) or not items or len(items) > MAX_ITEMS:
        message = _('Kirim {"items": [...]} dengan 1 sampai %(n)d mention.', n=MAX_ITEMS)
        raise BatchRefused([{"index": None, "field": None, "message": message}])
    if not all(isinstance(i, dict) for i in items):
        message = _("Setiap item harus objek JSON.")
        raise BatchRefused([{"index": None, "field": None, "message": message}])
    tz, people, errors, seen, cleaned = unit_timezone(account.unit), _people(items), [], {}, []
    for index, item in enumerate(items):
        values, problems = _values(item, tz, people)
        clean, found = clean_mention(values, now)
        found.update(problems)
        if not found and clean["mention_key"] in seen:
            found["mention_key"] = _("id sama dengan item %(n)d.", n=seen[clean["mention_key"]])
        seen.setdefault(clean["mention_key"], index)
        errors += [
            {"index": index, "field": FIELD_MEMBER[f], "message": m} for f, m in found.items()
        ]
        cleaned.append(clean)
    if errors:
        raise BatchRefused(errors)
    return cleaned


def save_batch(account: SocialAccount, body, *, user=None, now=None) -> Written:
    """Check and write a batch for ``account``; raises BatchRefused. The caller commits."""
    now = now or datetime.now(UTC)
    cleaned = check_batch(account, body, now)
    stored = existing_mentions(account.id, [c["mention_key"] for c in cleaned])
    items = [(account, c, stored.get(c["mention_key"])) for c in cleaned]
    return write_mentions(items, user=user, source="api", now=now)
