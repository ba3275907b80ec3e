"""CSV/XLSX import of mention logs (the platforms' tools, the monitoring desks).

All-or-nothing: every row is checked against the accounts the importer may see, the mentions
already stored and the rest of the file, and every problem is reported with its line before
anything is written. A mention is identified by its account (platform + handle) and its id
or URL: a known one is updated (late answers, corrections), and importing the same file again
changes nothing. Times with a zone (``+08:00``, ``Z``, ``WITA``) are read in it; times without
one in the zone of the account's unit (see ``training.responses.times``).

The web previews with the user's scope: an account outside it is "not found". A confirmed
preview written later as a job is checked again without a scope, which can only accept what
the scoped preview accepted: the job writes only if the outcome is the one that was shown.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from training.accounts.importer import PLATFORM_WORDS
from training.accounts.models import SocialAccount
from training.accounts.services import normalise_handle
from training.core.gcpause import collector_paused
from training.core.importplan import Importer, Preview
from training.core.tabular import ImportFailed, Limits, Row, RowError, batches, read_table
from training.core.timefmt import unit_timezone
from training.extensions import db
from training.people.models import Person
from training.policy.scope import Scope, can_see_unit
from training.responses.measures import pairs_table
from training.responses.models import Mention
from training.responses.preview import PreviewTexts
from training.responses.services import FIELDS, clean_mention, write_mentions
from training.responses.times import BadTime, parse_time

REQUIRED = ("platform", "akun", "id_mention", "diterima", "kategori")
OPTIONAL = ("respons_pertama", "dijawab_oleh", "selesai", "status", "tautan_balasan")
HEADER = REQUIRED + OPTIONAL
COLUMN_OF = dict(
    zip(
        FIELDS,
        (
            "id_mention",
            "diterima",
            "kategori",
            "respons_pertama",
            "dijawab_oleh",
            "selesai",
            "status",
            "tautan_balasan",
        ),
        strict=True,
    )
)
TIME_COLUMNS = {
    "received_at": "diterima",
    "first_response_at": "respons_pertama",
    "resolved_at": "selesai",
}
#: The template file: the header and two example rows.
EXAMPLE = (
    (
        "instagram",
        "polresmalang",
        "C9xYz12AbCd",
        "2026-11-03 23:50",
        "aduan",
        "2026-11-04 00:20",
        "",
        "",
        "dijawab",
        "https://www.instagram.com/p/C9xYz12AbCd/",
    ),
    (
        "x",
        "polresmalang",
        "https://x.com/warga/status/1850000000000000001",
        "2026-11-04T08:15:00+07:00",
        "pertanyaan",
        "",
        "",
        "",
        "terbuka",
        "",
    ),
)


@dataclass
class _Item:
    line: int
    account: SocialAccount
    tz: str
    values: dict
    mention: Mention | None


def _accounts(rows: list[Row], scope: Scope | None) -> dict[tuple[str, str], SocialAccount]:
    handles = {normalise_handle(row.text("akun")) for row in rows} - {""}
    found = {}
    for chunk in batches(sorted(handles)):
        stmt = (
            select(SocialAccount)
            .where(SocialAccount.handle.in_(chunk))
            .options(joinedload(SocialAccount.unit))
        )
        for account in db.session.scalars(stmt):
            if scope is None or can_see_unit(scope, account.unit):
                found[(account.platform, account.handle)] = account
    return found


def _people(rows: list[Row]) -> dict[str, Person]:
    numbers = {row.text("dijawab_oleh") for row in rows} - {""}
    found = {}
    for chunk in batches(sorted(numbers)):
        found.update(
            (p.nrp, p) for p in db.session.scalars(select(Person).where(Person.nrp.in_(chunk)))
        )
    return found


def _account_of(row: Row, ctx: dict) -> tuple[SocialAccount | None, str | None]:
    written, found = (row.text("platform"), row.text("akun")), ctx["written"]
    if written not in found:  # looked up once per way of writing the account
        found[written] = _find_account(row, ctx["accounts"])
    return found[written]


def _find_account(row: Row, accounts: dict) -> tuple[SocialAccount | None, str | None]:
    word = " ".join(row.text("platform").lower().split())
    platform = str(PLATFORM_WORDS.get(word, word))
    handle = normalise_handle(row.text("akun"))
    account = accounts.get((platform, handle))
    if account is None:
        return None, _(
            "akun @%(handle)s di %(platform)s tidak ditemukan.",
            handle=handle,
            platform=row.text("platform"),
        )
    return account, None


def _values(row: Row, tz: str, people: dict) -> tuple[dict, dict[str, str]]:
    values, problems = {"mention_key": row.text("id_mention")}, {}
    for name, heading in TIME_COLUMNS.items():
        try:
            values[name] = parse_time(row.text(heading), tz)
        except BadTime as exc:
            problems[name] = str(exc)
    values["category"] = "_".join(row.text("kategori").lower().split())
    values["status"] = row.text("status").lower()
    values["reply_url"] = row.text("tautan_balasan")
    number = row.text("dijawab_oleh")
    values["responded_by"] = people.get(number)
    if number and values["responded_by"] is None:
        problems["responded_by"] = _("NRP/NIP %(n)s tidak ditemukan.", n=number)
    return values, problems


def _parse(row: Row, ctx: dict, first: dict, now: datetime) -> list[str]:
    account, problem = _account_of(row, ctx)
    if account is None:
        return [f"akun: {problem}"]
    tz = ctx["zones"].get(account.id) or ctx["zones"].setdefault(
        account.id, unit_timezone(account.unit)
    )
    values, problems = _values(row, tz, ctx["people"])
    clean, errors = clean_mention(values, now)
    errors = {**errors, **problems}
    messages = [f"{COLUMN_OF[n]}: {errors[n]}" for n in FIELDS if n in errors]
    key = (account.id, clean["mention_key"])
    if not messages and key in first:
        messages.append(
            _(
                "mention %(key)s sudah ada di baris %(n)d berkas ini.",
                key=clean["mention_key"],
                n=first[key],
            )
        )
    first.setdefault(key, row.line)
    if not messages:
        ctx["items"].append(_Item(row.line, account, tz, clean, None))
    return messages


def plan_import(rows, progress=None, *, scope: Scope | None = None, now=None) -> list[_Item]:
    """Check every row; raise ImportFailed listing all problems by line."""
    now = now or datetime.now(UTC)
    ctx = {"accounts": _accounts(rows, scope), "people": _people(rows), "items": []}
    ctx.update(written={}, zones={})
    errors, first = [], {}
    for row in rows:
        errors.extend(RowError(row.line, m) for m in _parse(row, ctx, first, now))
        if progress is not None:
            progress(1)
    if errors:
        raise ImportFailed(errors)
    stored = _stored_mentions([(i.account.id, i.values["mention_key"]) for i in ctx["items"]])
    for item in ctx["items"]:
        item.mention = stored.get((item.account.id, item.values["mention_key"]))
    return ctx["items"]


def _stored_mentions(pairs: list[tuple[int, str]]) -> dict[tuple[int, str], Mention]:
    """The stored mentions by (account id, key): one statement per 20,000 pairs."""
    found = {}
    for chunk in batches(pairs, 20_000):
        wanted = pairs_table(chunk, Mention.account_id, Mention.mention_key)
        stmt = select(Mention).join(
            wanted,
            (Mention.account_id == wanted.c.account_id)
            & (Mention.mention_key == wanted.c.mention_key),
        )
        found.update(((m.account_id, m.mention_key), m) for m in db.session.scalars(stmt))
    return found


def preview_mentions(
    rows: list[Row], progress: Callable[[int], object] | None = None, *, scope=None, now=None
) -> Preview:
    """Validate every row and tell what each would do; raises ImportFailed, writes nothing."""
    with collector_paused():
        items = plan_import(rows, progress, scope=scope, now=now)
        texts = PreviewTexts()
        return Preview([texts.row_plan(item) for item in items], items)


def apply_mentions(preview: Preview, user=None, now: datetime | None = None) -> None:
    """Write the previewed mentions and keep their days' aggregates; the caller commits."""
    with collector_paused():
        items = [(i.account, i.values, i.mention) for i in preview.plan]
        write_mentions(items, user=user, source="import", now=now)


def read_mentions(filename: str, data: bytes, limits: Limits | None = None) -> list[Row]:
    """The rows of a mention log; raises ImportFailed when the file itself is unusable."""
    with collector_paused():
        return read_table(filename, data, REQUIRED, OPTIONAL, limits)


IMPORTER = Importer("mentions", read_mentions, preview_mentions, apply_mentions)


def scoped_importer(scope: Scope) -> Importer:
    """The importer whose previews see only the accounts inside ``scope``."""

    def preview(rows, progress=None):
        return preview_mentions(rows, progress, scope=scope)

    return Importer(IMPORTER.name, read_mentions, preview, apply_mentions)
