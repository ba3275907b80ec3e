"""CSV/XLSX import and export of the official social-media accounts.

Imports are all-or-nothing: every row is checked (against units, the accounts already
registered and the rest of the file, loaded in a few batched queries) and any problem is
reported with its line number before anything is written. An account is identified by
platform + handle: a known one is updated, and re-importing the same file changes nothing
(a history row "import" is written only for an account whose values changed). A column
left out of the file keeps the stored values; an empty cell means empty or the default.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from flask_babel import gettext as _
from sqlalchemy import Select, select

from training.accounts.bulk import insert_accounts
from training.accounts.models import AccountStatus, Platform, SocialAccount
from training.accounts.services import (
    FIELD_LABELS,
    FIELDS,
    audit_entry,
    clean_values,
    current_values,
    history_value,
    local_today,
    normalise_handle,
    platform_label,
    record_change,
    status_label,
)
from training.audit import services as audit
from training.core.events import emit
from training.core.importplan import Change, Importer, Preview, row_plan, text
from training.core.tabular import ImportFailed, Limits, Row, RowError, batches, read_table
from training.extensions import db
from training.units.lookup import units_by_code
from training.units.models import Unit

REQUIRED = ("kode_satuan", "platform", "akun")
OPTIONAL = ("url", "terverifikasi", "tanggal_verifikasi", "catatan_bukti", "status")
#: Same columns, same order, for the export: an export re-imports unchanged.
HEADER = REQUIRED + OPTIONAL
COLUMN_OF = dict(zip(FIELDS, HEADER, strict=True))
BATCH = 500

PLATFORM_WORDS = {
    **{p.value: p.value for p in Platform},
    "ig": Platform.INSTAGRAM,
    "twitter": Platform.X,
    "x (twitter)": Platform.X,
    "fb": Platform.FACEBOOK,
    "tik tok": Platform.TIKTOK,
    "yt": Platform.YOUTUBE,
    "other": Platform.OTHER,
    "lain-lain": Platform.OTHER,
}
YES = frozenset({"ya", "y", "yes", "true", "1", "benar"})
NO = frozenset({"tidak", "tdk", "no", "n", "false", "0", "salah", ""})
STATUS_WORDS = {
    "aktif": AccountStatus.ACTIVE,
    "active": AccountStatus.ACTIVE,
    "": AccountStatus.ACTIVE,
    "nonaktif": AccountStatus.INACTIVE,
    "non-aktif": AccountStatus.INACTIVE,
    "non aktif": AccountStatus.INACTIVE,
    "tidak aktif": AccountStatus.INACTIVE,
    "inactive": AccountStatus.INACTIVE,
}
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?")
_DMY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


@dataclass
class _Item:
    line: int
    values: dict  # clean values, FIELDS
    account: SocialAccount | None


@dataclass
class _Context:
    units: dict[str, Unit]
    accounts: dict[tuple[str, str], SocialAccount]
    today: date
    items: list[_Item] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


def parse_day(text: str) -> date | None:
    """A date written YYYY-MM-DD or DD/MM/YYYY (or an XLSX date cell); "" is None."""
    text = text.strip()
    if not text:
        return None
    if match := _ISO.fullmatch(text):
        year, month, day = match.groups()
    elif match := _DMY.fullmatch(text):
        day, month, year = match.groups()
    else:
        raise ValueError(_("Tanggal harus ditulis YYYY-MM-DD atau DD/MM/YYYY."))
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        raise ValueError(_("Tanggal %(day)s tidak ada di kalender.", day=text)) from None


def _load_accounts(handles: Iterable[str]) -> dict[tuple[str, str], SocialAccount]:
    accounts = {}
    for chunk in batches(sorted(set(handles))):
        stmt = select(SocialAccount).where(SocialAccount.handle.in_(chunk))
        accounts.update(((a.platform, a.handle), a) for a in db.session.scalars(stmt))
    return accounts


def _given(row: Row, ctx: _Context) -> tuple[dict, dict[str, str]]:
    """The values the row states (columns present in the file) and its parsing problems."""
    values, problems = {}, {}
    values["unit"] = ctx.units.get(row.text("kode_satuan"))
    platform = row.text("platform")
    values["platform"] = PLATFORM_WORDS.get(" ".join(platform.lower().split()), platform)
    values["handle"] = row.text("akun")
    for column, key in (("url", "url"), ("catatan_bukti", "evidence_note")):
        if column in row.values:
            values[key] = row.text(column)
    if "terverifikasi" in row.values:
        word = row.text("terverifikasi").lower()
        values["verified"] = word in YES
        if word not in YES | NO:
            problems["verified"] = _("isi ya atau tidak.")
    if "tanggal_verifikasi" in row.values:
        try:
            values["verified_on"] = parse_day(row.text("tanggal_verifikasi"))
        except ValueError as exc:
            problems["verified_on"] = str(exc)
    if "status" in row.values:
        word = " ".join(row.text("status").lower().split())
        values["status"] = STATUS_WORDS.get(word, word)
    return values, problems


def _parse(row: Row, ctx: _Context, first: dict[tuple[str, str], int]) -> None:
    given, problems = _given(row, ctx)
    key = (str(given["platform"]), normalise_handle(given["handle"]))
    account = ctx.accounts.get(key)
    defaults = current_values(account) if account else {"status": AccountStatus.ACTIVE}
    merged = {**defaults, **given}
    if account is not None and "verified" in given and "verified_on" not in given:
        merged["verified_on"] = account.verified_on
    clean, errors = clean_values(merged, ctx.today)
    if "unit" in errors:
        code = row.text("kode_satuan")
        errors["unit"] = (
            _("satuan %(code)s tidak ditemukan.", code=code) if code else _("wajib diisi.")
        )
    errors = {**errors, **problems}
    messages = [f"{COLUMN_OF[name]}: {errors[name]}" for name in FIELDS if name in errors]
    if not messages and key in first:
        messages.append(
            _(
                "akun @%(handle)s di %(platform)s sudah ada di baris %(n)d berkas ini.",
                handle=key[1],
                platform=key[0],
                n=first[key],
            )  # fmt: skip
        )
    first.setdefault(key, row.line)
    ctx.errors.extend(RowError(row.line, m) for m in messages)
    if not messages:
        ctx.items.append(_Item(row.line, clean, account))


def plan_import(
    rows: list[Row], progress: Callable[[int], object] | None = None, today: date | None = None
) -> list[_Item]:
    """Check every row; raise ImportFailed listing all problems by line."""
    codes = {row.text("kode_satuan") for row in rows} - {""}
    handles = {normalise_handle(row.text("akun")) for row in rows} - {""}
    ctx = _Context(units_by_code(codes), _load_accounts(handles), today or local_today())
    first: dict[tuple[str, str], int] = {}
    for row in rows:
        _parse(row, ctx, first)
        if progress is not None:
            progress(1)
    if ctx.errors:
        raise ImportFailed(sorted(ctx.errors, key=lambda e: e.line or 0))
    return ctx.items


def _shown(name: str, value) -> str:
    if isinstance(value, Unit):
        return f"{value.code} {value.name}"
    if name == "platform":
        return platform_label(value)
    if name == "status":
        return status_label(value)
    if name == "verified":
        return _("ya") if value else _("tidak")
    return text(history_value(name, value))


def _row_plan(item: _Item):
    values = item.values
    key, label = f"@{values['handle']}", platform_label(values["platform"])
    if item.account is None:
        unit = Change(str(FIELD_LABELS["unit"]), "", _shown("unit", values["unit"]))
        return row_plan(item.line, key, label, [unit], new=True, moved=False)
    before = current_values(item.account)
    changes = [
        Change(str(FIELD_LABELS[n]), _shown(n, before[n]), _shown(n, values[n]))
        for n in FIELDS
        if history_value(n, before[n]) != history_value(n, values[n])
    ]
    moved = before["unit"] != values["unit"]
    return row_plan(item.line, key, label, changes, new=False, moved=moved)


def preview_accounts(
    rows: list[Row], progress: Callable[[int], object] | None = None, today: date | None = None
) -> Preview:
    """Validate every row and tell what each would do; raises ImportFailed, writes nothing."""
    items = plan_import(rows, progress, today)
    return Preview([_row_plan(item) for item in items], items)


def apply_accounts(preview: Preview, user=None, now: datetime | None = None) -> None:
    """Create new accounts and update changed ones, with their history; the caller commits."""
    now = now or datetime.now(UTC)
    moved = [i.account.id for i in preview.plan if i.account and i.account.unit != i.values["unit"]]
    for item in preview.plan:
        if item.account is None:
            continue
        before = current_values(item.account)
        changes = {
            n: [history_value(n, before[n]), history_value(n, item.values[n])]
            for n in FIELDS
            if history_value(n, before[n]) != history_value(n, item.values[n])
        }
        if not changes:
            continue
        for name in changes:
            setattr(item.account, name, item.values[name])
        item.account.updated_at = now
        record_change(item.account, "import", changes, user, now)
    db.session.flush()
    fresh = [item.values for item in preview.plan if item.account is None]
    history = insert_accounts(fresh, "import", user.id if user is not None else None, now)
    counts = dict(vars(preview.counts))
    if moved:  # another unit may mean another zone (the response measures)
        emit("accounts_moved", account_ids=moved)
    audit.record_many(
        [audit.entry("account", "import", user=user, after=counts, now=now)]
        + [audit_entry(h["account_id"], "create", h["changes"], user, now) for h in history]
    )


def read_accounts(filename: str, data: bytes, limits: Limits | None = None) -> list[Row]:
    """The rows of an accounts file; raises ImportFailed when the file itself is unusable."""
    return read_table(filename, data, REQUIRED, OPTIONAL, limits)


IMPORTER = Importer("accounts", read_accounts, preview_accounts, apply_accounts)


def import_accounts(
    filename: str, data: bytes, limits: Limits | None = None, *, user=None, today=None
):
    """Read, validate and apply an accounts file (counts returned). The caller commits."""
    preview = preview_accounts(read_accounts(filename, data, limits), today=today)
    apply_accounts(preview, user)
    return preview.counts


def export_rows(stmt: Select) -> Iterator[tuple]:
    """Yield import-ready tuples (see ``HEADER``) from ``queries.export_query``."""
    result = db.session.execute(stmt.execution_options(yield_per=1000))
    for code, platform, handle, url, verified, day, note, status in result:
        yield (
            code,
            platform,
            handle,
            url,
            "ya" if verified else "tidak",
            day.isoformat() if day else "",
            note,
            "aktif" if status == AccountStatus.ACTIVE else "nonaktif",
        )
