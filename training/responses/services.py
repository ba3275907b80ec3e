"""Mentions: labels, validation shared by the form, the import and the API, and the writes.

Services never commit. Every write recomputes the daily aggregates of the days it touches
(``measures.recompute``) and leaves an audit entry.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from training.accounts.models import SocialAccount
from training.audit import services as audit
from training.core.bulkwrite import insert_rows
from training.core.tabular import batches
from training.core.timefmt import local_day, unit_timezone
from training.errors import RuleViolation
from training.extensions import db
from training.responses import measures
from training.responses.models import Mention, MentionCategory, MentionStatus

CATEGORY_LABELS = {
    MentionCategory.ADUAN: _l("Aduan"),
    MentionCategory.PERTANYAAN: _l("Pertanyaan"),
    MentionCategory.INFORMASI: _l("Informasi"),
    MentionCategory.ISU_NEGATIF: _l("Isu negatif"),
}
STATUS_LABELS = {
    MentionStatus.TERBUKA: _l("Terbuka"),
    MentionStatus.DIJAWAB: _l("Dijawab"),
    MentionStatus.SELESAI: _l("Selesai"),
    MentionStatus.DITERUSKAN: _l("Diteruskan"),
}
FIELD_LABELS = {
    "mention_key": _l("ID atau URL mention"),
    "received_at": _l("Diterima"),
    "category": _l("Kategori"),
    "first_response_at": _l("Respons pertama"),
    "responded_by": _l("Dijawab oleh"),
    "resolved_at": _l("Selesai"),
    "status": _l("Status"),
    "reply_url": _l("Tautan balasan"),
}
FIELDS = tuple(FIELD_LABELS)
KEY_MAX, URL_MAX = 300, 500
CATEGORIES, STATUSES = frozenset(MentionCategory), frozenset(MentionStatus)


class MentionInvalid(RuleViolation, ValueError):
    """The mention's values were refused; ``errors`` maps each field to its message."""

    def __init__(self, errors: dict[str, str]):
        super().__init__(" ".join(errors.values()))
        self.errors = errors


def category_label(code: str) -> str:
    return str(CATEGORY_LABELS.get(code, code))


def status_label(code: str) -> str:
    return str(STATUS_LABELS.get(code, code))


def derived_status(values: dict) -> str:
    """The status a mention has when none is given: from its times."""
    if values.get("resolved_at") is not None:
        return MentionStatus.SELESAI
    if values.get("first_response_at") is not None:
        return MentionStatus.DIJAWAB
    return MentionStatus.TERBUKA


def _check_time(name: str, value, received, now, errors: dict) -> None:
    if value is None:
        return
    if value > now:
        errors[name] = _("tidak boleh di masa depan.")
    elif received is not None and value < received:
        errors[name] = _("tidak boleh sebelum waktu mention diterima.")


def _check_status(status: str, values: dict, errors: dict) -> None:
    if status not in STATUSES:
        errors["status"] = _("isi terbuka, dijawab, selesai atau diteruskan.")
    elif status == MentionStatus.DIJAWAB and values.get("first_response_at") is None:
        errors["status"] = _("status dijawab memerlukan waktu respons pertama.")
    elif status == MentionStatus.SELESAI and values.get("resolved_at") is None:
        errors["status"] = _("status selesai memerlukan waktu selesai.")
    elif status == MentionStatus.TERBUKA and values.get("first_response_at") is not None:
        errors["status"] = _("mention yang sudah direspons tidak terbuka lagi (pakai dijawab).")


def clean_mention(values: dict, now: datetime) -> tuple[dict, dict[str, str]]:
    """Checked values (FIELDS) and one message per refused field; the times are aware UTC."""
    errors: dict[str, str] = {}
    clean = {name: values.get(name) for name in FIELDS}
    clean["mention_key"] = (values.get("mention_key") or "").strip()
    if not clean["mention_key"]:
        errors["mention_key"] = _("wajib diisi.")
    elif len(clean["mention_key"]) > KEY_MAX:
        errors["mention_key"] = _("paling panjang %(n)d karakter.", n=KEY_MAX)
    received = clean["received_at"]
    if received is None:
        errors["received_at"] = _("wajib diisi.")
    elif received > now:
        errors["received_at"] = _("tidak boleh di masa depan.")
    if clean["category"] not in CATEGORIES:
        errors["category"] = _("isi aduan, pertanyaan, informasi atau isu_negatif.")
    for name in ("first_response_at", "resolved_at"):
        _check_time(name, clean[name], received, now, errors)
    clean["status"] = (values.get("status") or "").strip() or derived_status(clean)
    _check_status(clean["status"], clean, errors)
    clean["reply_url"] = (values.get("reply_url") or "").strip()
    url = clean["reply_url"]
    if url and (len(url) > URL_MAX or not url.startswith(("https://", "http://"))):
        errors["reply_url"] = _("harus alamat http:// atau https://, paling panjang 500 karakter.")
    return clean, errors


def existing_mentions(account_id: int, keys: Iterable[str]) -> dict[str, Mention]:
    """The stored mentions of an account by key, for the keys given."""
    found = {}
    for chunk in batches(sorted(set(keys))):
        stmt = select(Mention).where(
            Mention.account_id == account_id, Mention.mention_key.in_(chunk)
        )
        found.update((m.mention_key, m) for m in db.session.scalars(stmt))
    return found


def _stored(mention: Mention, name: str):
    if name == "responded_by":
        return mention.responded_by_id
    return getattr(mention, name)


def _wanted(values: dict, name: str):
    if name == "responded_by":
        person = values.get("responded_by")
        return person.id if person is not None else None
    return values[name]


def changed_fields(mention: Mention | None, values: dict) -> list[str]:
    """The fields whose stored value differs from ``values`` (every field for a new one)."""
    if mention is None:
        return list(FIELDS)
    return [n for n in FIELDS if _stored(mention, n) != _wanted(values, n)]


def _new_row(account: SocialAccount, values: dict, now: datetime) -> dict:
    row = {name: values[name] for name in FIELDS if name != "responded_by"}
    person = values.get("responded_by")
    return {
        **row,
        "account_id": account.id,
        "responded_by_id": person.id if person is not None else None,
        "created_at": now,
        "updated_at": now,
    }


@dataclass
class Written:
    new: int = 0
    changed: int = 0
    unchanged: int = 0


def write_mentions(
    items: list[tuple[SocialAccount, dict, Mention | None]],
    *,
    user=None,
    source: str,
    now: datetime | None = None,
    audited: bool = True,
) -> Written:
    """Create or update mentions from clean values (the stored one, if any, beside them),
    keep the daily aggregates and audit the batch. The caller commits.

    New mentions go in one bulk insert and are added to the aggregates of their days
    (``measures.add_mentions``); a changed one rebuilds its old and new days from the raw
    rows (``measures.recompute``), new mentions of those days included."""
    now = now or datetime.now(UTC)
    written, days, new = Written(), set(), []
    for account, values, mention in items:
        if mention is None:
            new.append((account, values))
            continue
        if not changed_fields(mention, values):
            written.unchanged += 1
            continue
        tz = unit_timezone(account.unit)
        days.add((account.id, local_day(values["received_at"], tz)))
        days.add((account.id, local_day(mention.received_at, tz)))
        written.changed += 1
        for name in FIELDS:
            setattr(mention, name, values[name])
        mention.updated_at = now
    db.session.flush()
    written.new = insert_rows(Mention.__table__, [_new_row(a, v, now) for a, v in new])
    measures.recompute(days)
    measures.add_mentions(
        [
            (a.id, unit_timezone(a.unit), v["received_at"], v["category"], v["first_response_at"])
            for a, v in new
        ],
        skip=days,
    )
    if audited and (written.new or written.changed):
        accounts = sorted({account.id for account, _v, _m in items})
        after = {**vars(written), "accounts": accounts}
        audit.record("mention", source, user=user, after=after, now=now)
    return written


def record_mention(account: SocialAccount, values: dict, *, user=None, now=None) -> Mention:
    """Add one mention typed in the form (a known key is refused); raises MentionInvalid."""
    now = now or datetime.now(UTC)
    clean, errors = clean_mention(values, now)
    if not errors and existing_mentions(account.id, [clean["mention_key"]]):
        errors["mention_key"] = _("mention ini sudah tercatat untuk akun ini.")
    if errors:
        raise MentionInvalid(errors)
    write_mentions([(account, clean, None)], user=user, source="create", now=now)
    return existing_mentions(account.id, [clean["mention_key"]])[clean["mention_key"]]


def _current(mention: Mention) -> dict:
    values = {n: getattr(mention, n) for n in FIELDS if n != "responded_by"}
    return {**values, "responded_by": mention.responded_by}


def mark_answered(
    mention: Mention, at: datetime, *, person=None, reply_url="", user=None, now=None
):
    """Record the first response (at ``at``); raises MentionInvalid. The caller commits."""
    values = {**_current(mention), "first_response_at": at, "status": MentionStatus.DIJAWAB}
    values["responded_by"] = person or mention.responded_by
    values["reply_url"] = reply_url or mention.reply_url
    _update(mention, values, "answer", user, now)


def resolve(mention: Mention, at: datetime, *, user=None, now=None) -> None:
    """Mark the mention resolved at ``at``; raises MentionInvalid. The caller commits."""
    values = {**_current(mention), "resolved_at": at, "status": MentionStatus.SELESAI}
    _update(mention, values, "resolve", user, now)


def _update(mention: Mention, values: dict, action: str, user, now) -> None:
    now = now or datetime.now(UTC)
    clean, errors = clean_mention(values, now)
    if errors:
        raise MentionInvalid(errors)
    before = {n: audit.plain(_stored(mention, n)) for n in changed_fields(mention, clean)}
    write_mentions(
        [(mention.account, clean, mention)], user=user, source=action, now=now, audited=False
    )
    after = {n: audit.plain(_stored(mention, n)) for n in before}
    audit.record(
        "mention", action, user=user, entity_id=mention.id, before=before, after=after, now=now
    )
