"""Account use cases: authenticate, create and edit accounts, passwords. Callers commit."""

import re
import secrets
from datetime import UTC, datetime

from flask_babel import gettext as _
from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from training.audit.services import record, record_update
from training.auth import directory, lockout, login_audit
from training.auth.models import User
from training.errors import RuleViolation
from training.extensions import db
from training.people.models import Person
from training.policy.roles import Role
from training.security.passwords import MIN_LENGTH, password_problem
from training.security.sessions import end_sessions
from training.units.models import Unit

USERNAME_PATTERN = re.compile(r"[A-Za-z0-9._-]{3,64}")
MIN_PASSWORD = MIN_LENGTH
LOCALES = ("id", "en")
#: Compared against when the username is unknown, so both paths take as long.
_DUMMY_HASH = generate_password_hash("presisi-dummy-password")


class AccountError(RuleViolation):
    """A rule refused an account change; ``field`` names the form field to blame."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def authenticate(
    username: str,
    password: str,
    now: datetime | None = None,
    *,
    ip: str = "",
    policy: lockout.LockoutPolicy | None = None,
) -> User:
    """Return the active, unlocked user with these credentials or raise RuleViolation.

    Every attempt is audited and failures count towards the account's lockout; the
    message is the same whatever went wrong, so it does not tell who has an account.
    """
    now, policy = now or datetime.now(UTC), policy or lockout.LockoutPolicy()
    user = find_user(username) or directory.first_sign_in(username, password, now)
    # Hash even when the user is unknown or locked, so every path takes as long.
    password_ok = user.check_password(password) if user else _dummy_check(password)
    password_ok = password_ok or directory.accepts(user, password)  # where one is set up
    action, detail = _classify(user, password_ok, policy, now)
    login_audit.record_attempt(action, username, ip, user=user, detail=detail, now=now)
    if action != login_audit.SUCCESS:
        raise RuleViolation(
            _(
                "Nama pengguna atau kata sandi salah. Setelah %(n)d kali gagal berturut-turut, "
                "akun dikunci %(minutes)d menit.",
                n=policy.attempts,
                minutes=policy.minutes,
            )
        )
    lockout.clear(user)
    user.last_login_at = now
    return user


def _utc(moment: datetime) -> str:
    return f"{moment:%Y-%m-%d %H:%M} UTC"


def _dummy_check(password: str) -> bool:
    check_password_hash(_DUMMY_HASH, password)
    return False


def _classify(user: User | None, password_ok: bool, policy, now) -> tuple[str, str]:
    """(audit action, detail) of one attempt; counts a wrong password towards the lock."""
    if user is None:
        return login_audit.FAILURE, "nama pengguna tidak dikenal"
    if lockout.is_locked(user, now):
        return login_audit.LOCKED, f"akun sedang dikunci sampai {_utc(user.locked_until)}"
    if not user.is_active:
        return login_audit.FAILURE, "akun nonaktif"
    if password_ok:
        return login_audit.SUCCESS, ""
    count = lockout.record_failure(user, policy, now)
    if count is None:  # a concurrent attempt locked it meanwhile
        return login_audit.LOCKED, f"akun sedang dikunci sampai {_utc(user.locked_until)}"
    if count == 0:
        until = _utc(user.locked_until)
        return login_audit.LOCKED, f"salah {policy.attempts} kali, dikunci sampai {until}"
    return login_audit.FAILURE, f"kata sandi salah (ke-{count})"


def find_user(username: str) -> User | None:
    """The user with this username, compared case-insensitively."""
    wanted = (username or "").strip().lower()
    return db.session.scalar(select(User).where(func.lower(User.username) == wanted))


def check_username(username: str) -> str:
    """Return the cleaned username, or raise if its format is wrong or it is taken."""
    username = (username or "").strip()
    if not USERNAME_PATTERN.fullmatch(username):
        raise AccountError(
            _(
                "Nama pengguna harus 3 sampai 64 karakter: huruf, angka, titik (.), "
                "garis bawah (_) atau tanda hubung (-)."
            ),
            "username",
        )
    if find_user(username) is not None:
        raise AccountError(_("Nama pengguna %(name)s sudah dipakai.", name=username), "username")
    return username


def check_password_policy(password: str, username: str, field: str = "password") -> None:
    """Raise AccountError (blaming ``field``) unless ``password`` suits ``username``."""
    problem = password_problem(password, username)
    if problem is not None:
        raise AccountError(problem, field)


def generate_password(username: str) -> str:
    """A random password that satisfies the policy."""
    while True:
        password = secrets.token_urlsafe(12)
        try:
            check_password_policy(password, username)
        except AccountError:
            continue
        return password


def find_unit(code: str | None) -> Unit | None:
    """The unit with this code, None for an empty code; unknown codes raise."""
    code = (code or "").strip()
    if not code:
        return None
    unit = db.session.scalar(select(Unit).where(func.upper(Unit.code) == code.upper()))
    if unit is None:
        raise AccountError(_("Satuan dengan kode %(code)s tidak ada.", code=code), "unit_code")
    return unit


def find_person(nrp: str | None) -> Person | None:
    """The person with this NRP/NIP, None for an empty value; unknown ones raise."""
    nrp = (nrp or "").strip()
    if not nrp:
        return None
    person = db.session.scalar(select(Person).where(Person.nrp == nrp))
    if person is None:
        raise AccountError(_("Personel dengan NRP/NIP %(nrp)s tidak ada.", nrp=nrp), "person_nrp")
    return person


def _check_roles(roles) -> set[str]:
    roles = {str(role).strip().lower() for role in roles}
    unknown = sorted(roles - {r.value for r in Role})
    if unknown:
        raise AccountError(_("Peran tidak dikenal: %(roles)s.", roles=", ".join(unknown)), "roles")
    if not roles:
        raise AccountError(_("Pilih minimal satu peran."), "roles")
    return roles


def _check_links(user: User | None, roles: set[str], unit, person) -> None:
    if Role.COMMANDER in roles and unit is None:
        raise AccountError(_("Akun komandan wajib memiliki satuan."), "unit_code")
    if Role.PARTICIPANT in roles and person is None:
        raise AccountError(_("Akun peserta wajib terhubung ke personel."), "person_nrp")
    if person is not None:
        owner = db.session.scalar(select(User).where(User.person_id == person.id))
        if owner is not None and owner is not user:
            raise AccountError(
                _(
                    "Personel %(nrp)s sudah terhubung ke akun %(name)s.",
                    nrp=person.nrp,
                    name=owner.username,
                ),
                "person_nrp",
            )


def create_account(
    username: str,
    roles,
    password: str,
    *,
    unit_code: str | None = None,
    person_nrp: str | None = None,
    locale: str = "id",
    actor: User | None = None,
) -> User:
    """Create a login account after checking every account rule (audited; no password)."""
    username = check_username(username)
    roles = _check_roles(roles)
    unit, person = find_unit(unit_code), find_person(person_nrp)
    _check_links(None, roles, unit, person)
    check_password_policy(password, username)
    user = User(username=username, unit=unit, person=person, locale=_check_locale(locale))
    user.set_roles(roles)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    record("user", "create", user=actor, entity_id=user.id, after=account_fields(user))
    return user


def account_fields(user: User) -> dict:
    """The audited fields of an account (never its password)."""
    return {
        "username": user.username,
        "roles": sorted(user.roles),
        "unit": user.unit.code if user.unit else None,
        "person": user.person.nrp if user.person else None,
        "is_active": user.is_active,
        "locale": user.locale,
    }


def update_account(
    user: User,
    *,
    actor: User,
    roles,
    unit_code: str | None,
    person_nrp: str | None,
    is_active: bool,
    locale: str,
) -> None:
    """Change roles, links, status and language; admins cannot lock themselves out."""
    roles, locale = _check_roles(roles), _check_locale(locale)
    if user.id == actor.id and Role.ADMIN in user.roles and Role.ADMIN not in roles:
        raise AccountError(_("Anda tidak dapat mencabut peran admin dari akun sendiri."), "roles")
    if user.id == actor.id and not is_active:
        raise AccountError(_("Anda tidak dapat menonaktifkan akun sendiri."), "is_active")
    unit, person = find_unit(unit_code), find_person(person_nrp)
    _check_links(user, roles, unit, person)
    before = account_fields(user)
    user.set_roles(roles)
    user.unit, user.person = unit, person
    if user.is_active and not is_active:
        end_sessions(user)  # a deactivated account is signed out everywhere, for good
    user.is_active = is_active
    user.locale = locale
    record_update("user", before, account_fields(user), user=actor, entity_id=user.id)


def reset_password(user: User, password: str, *, actor: User | None = None) -> None:
    """Set a new password chosen by an administrator (which also lifts a lockout).

    The audit entry says only that the password changed, never what to."""
    check_password_policy(password, user.username)
    user.set_password(password)
    before = _lock_fields(user)
    lockout.clear(user)
    after = {**_lock_fields(user), "password": CHANGED}
    record("user", "reset_password", user=actor, entity_id=user.id, before=before, after=after)


def unlock_account(user: User, *, actor: User | None = None) -> None:
    """An administrator lifts the lockout and forgets the failed sign-ins."""
    before = _lock_fields(user)
    lockout.clear(user)
    record("user", "unlock", user=actor, entity_id=user.id, before=before, after=_lock_fields(user))


#: What the audit log records instead of a password or a secret.
CHANGED = "changed"


def _lock_fields(user: User) -> dict:
    locked = user.locked_until.isoformat() if user.locked_until else None
    return {"locked_until": locked, "failed_logins": user.failed_logins}


def change_password(user: User, current: str, new: str) -> None:
    """The user changes their own password, proving they know the current one."""
    if not user.check_password(current):
        raise AccountError(_("Kata sandi sekarang salah."), "current")
    if new == current:
        raise AccountError(_("Kata sandi baru harus berbeda dari yang lama."), "new")
    check_password_policy(new, user.username, field="new")
    user.set_password(new)
    record("user", "change_password", user=user, entity_id=user.id, after={"password": CHANGED})


def _check_locale(locale: str) -> str:
    if locale not in LOCALES:
        raise AccountError(_("Bahasa tidak dikenal."), "locale")
    return locale


def set_locale(user: User, locale: str) -> None:
    user.locale = _check_locale(locale)
