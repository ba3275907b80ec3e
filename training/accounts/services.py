"""Official social-media accounts: validation, create and update, each change kept in history.

Services never commit. Validation collects one Indonesian message per field and raises
``AccountInvalid`` (a ``RuleViolation`` and a ``ValueError``) listing them all.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from urllib.parse import urlsplit

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from training.accounts.models import AccountStatus, Platform, SocialAccount, SocialAccountChange
from training.audit import services as audit
from training.core.events import emit
from training.core.timefmt import local_day
from training.errors import RuleViolation
from training.extensions import db
from training.units.models import Unit

PLATFORM_LABELS = {
    Platform.INSTAGRAM: "Instagram",
    Platform.X: "X (Twitter)",
    Platform.FACEBOOK: "Facebook",
    Platform.TIKTOK: "TikTok",
    Platform.YOUTUBE: "YouTube",
    Platform.OTHER: _l("Lainnya"),
}
STATUS_LABELS = {AccountStatus.ACTIVE: _l("Aktif"), AccountStatus.INACTIVE: _l("Nonaktif")}
FIELD_LABELS = {
    "unit": _l("Satuan"),
    "platform": _l("Platform"),
    "handle": _l("Nama akun"),
    "url": _l("URL"),
    "verified": _l("Terverifikasi"),
    "verified_on": _l("Tanggal verifikasi"),
    "evidence_note": _l("Catatan bukti"),
    "status": _l("Status"),
}
#: The order fields are validated, stored in history and shown.
FIELDS = tuple(FIELD_LABELS)
#: Hosts an account URL may point to, per platform (subdomains such as www. included).
PLATFORM_HOSTS = {
    Platform.INSTAGRAM: ("instagram.com",),
    Platform.X: ("x.com", "twitter.com"),
    Platform.FACEBOOK: ("facebook.com",),
    Platform.TIKTOK: ("tiktok.com",),
    Platform.YOUTUBE: ("youtube.com",),
}
HANDLE_RE = re.compile(r"[A-Za-z0-9._-]{1,100}")
URL_MAX, NOTE_MAX = 300, 2000
#: No platform gave blue ticks before 2009 (Twitter's verified accounts): earlier is a typo.
EARLIEST_VERIFICATION = date(2009, 1, 1)


class AccountInvalid(RuleViolation, ValueError):
    """The account's values were refused; ``errors`` maps each field to its message."""

    def __init__(self, errors: dict[str, str]):
        super().__init__(" ".join(errors.values()))
        self.errors = errors


def platform_label(code: str) -> str:
    return str(PLATFORM_LABELS.get(code, code))


def status_label(code: str) -> str:
    return str(STATUS_LABELS.get(code, code))


def local_today() -> date:
    """Today in Indonesia's western zone (a verification date may not be after it)."""
    return local_day()


def normalise_handle(text: str | None) -> str:
    """The handle as stored: without surrounding spaces and leading "@", lower case."""
    return (text or "").strip().lstrip("@").strip().lower()


def _check_handle(text: str | None) -> str:
    handle = normalise_handle(text)
    if not handle:
        raise ValueError(_("Nama akun wajib diisi."))
    if not HANDLE_RE.fullmatch(handle):
        raise ValueError(
            _(
                "Nama akun hanya boleh berisi huruf, angka, titik, garis bawah dan tanda hubung "
                "(paling banyak 100 karakter)."
            )
        )
    return handle


def _check_platform(value: str | None) -> str:
    if value not in set(Platform):
        raise ValueError(_("Platform tidak dikenal."))
    return str(value)


def _check_url(text: str | None, platform: str | None) -> str:
    url = (text or "").strip()
    if not url:
        return ""
    if len(url) > URL_MAX or any(c.isspace() or ord(c) < 32 or ord(c) == 127 for c in url):
        raise ValueError(
            _("URL tidak valid (tanpa spasi, paling banyak %(n)d karakter).", n=URL_MAX)
        )
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").rstrip(".")
    except ValueError:
        raise ValueError(_("URL tidak valid.")) from None
    if parts.scheme.lower() not in ("http", "https") or not host or "@" in parts.netloc:
        raise ValueError(_("URL harus diawali http:// atau https:// dan memuat nama situs."))
    hosts = PLATFORM_HOSTS.get(platform)
    if platform == Platform.OTHER and parts.scheme.lower() != "https":
        raise ValueError(_("URL akun platform lain harus diawali https://."))
    if hosts and not any(host == h or host.endswith("." + h) for h in hosts):
        raise ValueError(
            _(
                "URL tidak cocok dengan platform %(platform)s (harus di %(hosts)s).",
                platform=platform_label(platform),
                hosts=", ".join(hosts),
            )
        )
    return url


def _check_verified_on(verified: bool, day: date | None, today: date) -> date | None:
    if not verified:
        return None  # a date without the blue tick means nothing: it is dropped
    if day is None:
        raise ValueError(_("Tanggal verifikasi wajib diisi untuk akun terverifikasi."))
    if day > today:
        raise ValueError(_("Tanggal verifikasi tidak boleh setelah hari ini."))
    if day < EARLIEST_VERIFICATION:
        raise ValueError(_("Tanggal verifikasi tidak mungkin sebelum tahun 2009."))
    return day


def _check_status(value: str | None) -> str:
    if value not in set(AccountStatus):
        raise ValueError(_("Status harus aktif atau nonaktif."))
    return str(value)


def _check_note(text: str | None) -> str:
    note = (text or "").strip().replace("\x00", "")
    if len(note) > NOTE_MAX:
        raise ValueError(_("Catatan bukti paling banyak %(n)d karakter.", n=NOTE_MAX))
    return note


def clean_values(values: dict, today: date | None = None) -> tuple[dict, dict[str, str]]:
    """Check every field of ``values``; return (clean values, {field: message})."""
    today = today or local_today()
    clean: dict = {}
    errors: dict[str, str] = {}
    verified = bool(values.get("verified"))
    checks = {
        "unit": lambda: _check_unit(values.get("unit")),
        "platform": lambda: _check_platform(values.get("platform")),
        "handle": lambda: _check_handle(values.get("handle")),
        "url": lambda: _check_url(values.get("url"), values.get("platform")),
        "verified": lambda: verified,
        "verified_on": lambda: _check_verified_on(verified, values.get("verified_on"), today),
        "evidence_note": lambda: _check_note(values.get("evidence_note")),
        "status": lambda: _check_status(values.get("status")),
    }
    for name, check in checks.items():
        try:
            clean[name] = check()
        except ValueError as exc:
            errors[name] = str(exc)
    return clean, errors


def _check_unit(unit: Unit | None) -> Unit:
    if not isinstance(unit, Unit):
        raise ValueError(_("Satuan wajib dipilih."))
    return unit


def duplicate_message(platform: str, handle: str, unit: Unit) -> str:
    return _(
        "Akun @%(handle)s di %(platform)s sudah terdaftar untuk %(unit)s.",
        handle=handle,
        platform=platform_label(platform),
        unit=unit.name,
    )


def _check_unique(clean: dict, account: SocialAccount | None, errors: dict[str, str]) -> None:
    if "platform" not in clean or "handle" not in clean:
        return
    stmt = select(SocialAccount).where(
        SocialAccount.platform == clean["platform"], SocialAccount.handle == clean["handle"]
    )
    other = db.session.scalar(stmt)
    if other is not None and other is not account:
        errors["handle"] = duplicate_message(clean["platform"], clean["handle"], other.unit)


def _validated(values: dict, account: SocialAccount | None, today: date | None) -> dict:
    clean, errors = clean_values(values, today)
    _check_unique(clean, account, errors)
    if errors:
        raise AccountInvalid({f: errors[f] for f in FIELDS if f in errors})
    return clean


def history_value(name: str, value: object) -> object:
    """A value as kept in the history: units by code, dates as ISO strings."""
    if isinstance(value, Unit):
        return value.code
    if isinstance(value, date):
        return value.isoformat()
    return value


def current_values(account: SocialAccount) -> dict:
    return {name: getattr(account, name) for name in FIELDS}


def record_change(account, action: str, changes: dict, user=None, now=None) -> SocialAccountChange:
    """Add one history row for ``account`` and its audit entry; the caller commits."""
    now = now or datetime.now(UTC)
    change = SocialAccountChange(account=account, user=user, at=now, action=action, changes=changes)
    db.session.add(change)
    if account.id is None:
        db.session.flush()
    audit.record_many([audit_entry(account.id, action, changes, user, now)])
    return change


def audit_entry(account_id: int, action: str, changes: dict, user, now) -> dict:
    """The audit entry of a history row's ``{field: [before, after]}`` changes."""
    before = {n: pair[0] for n, pair in changes.items() if pair[0] is not None}
    after = {n: pair[1] for n, pair in changes.items()}
    return audit.entry(
        "account",
        action,
        user=user,
        entity_id=account_id,
        before=before or None,
        after=after,
        now=now,
    )


def create_account(
    unit: Unit, *, user=None, now=None, today=None, action: str = "create", **values
) -> SocialAccount:
    """Register an account of ``unit`` (platform, handle, url, verified, verified_on,
    evidence_note, status); raises AccountInvalid. The caller commits."""
    values.setdefault("status", AccountStatus.ACTIVE)
    clean = _validated({**values, "unit": unit}, None, today)
    now = now or datetime.now(UTC)
    account = SocialAccount(**clean, created_at=now, updated_at=now)
    db.session.add(account)
    changes = {n: [None, history_value(n, v)] for n, v in clean.items() if v not in ("", None)}
    record_change(account, action, changes, user, now)
    db.session.flush()
    return account


def update_account(
    account: SocialAccount, *, user=None, now=None, today=None, action: str = "update", **values
) -> dict:
    """Change the given fields of ``account``; return {field: [before, after]} of what changed.

    Fields not given keep their values. Nothing is recorded when nothing changed.
    Raises AccountInvalid. The caller commits.
    """
    unknown = set(values) - set(FIELDS)
    if unknown:
        raise TypeError(f"unknown account fields: {sorted(unknown)}")
    before = current_values(account)
    clean = _validated({**before, **values}, account, today)
    changes = {
        name: [history_value(name, before[name]), history_value(name, clean[name])]
        for name in FIELDS
        if history_value(name, before[name]) != history_value(name, clean[name])
    }
    if changes:
        for name in changes:
            setattr(account, name, clean[name])
        account.updated_at = now or datetime.now(UTC)
        record_change(account, action, changes, user, account.updated_at)
        db.session.flush()
        if "unit" in changes:  # another unit may mean another zone (the response measures)
            emit("accounts_moved", account_ids=[account.id])
    return changes
