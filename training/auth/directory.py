"""Directory sign-in (optional): check a password against an LDAP directory.

Where a deployment has OpenLDAP or Active Directory, set ``LDAP_URL`` (e.g.
``ldap://ldap.polri.go.id:389`` or ``ldaps://...``), ``LDAP_BASE_DN``, a service account
(``LDAP_BIND_DN``, ``LDAP_BIND_PASSWORD``; empty for an anonymous search) and
``LDAP_USER_FILTER``, where ``{nrp}`` stands for the NRP/NIP (escaped), e.g.
``(employeeNumber={nrp})`` or, on Active Directory, ``(&(objectClass=user)(employeeID={nrp}))``.
The service account finds the one entry of that NRP/NIP; the user's own password is then
checked by binding as that entry. Accounts are matched by NRP/NIP (the linked person's, else
the username); local passwords keep working. Any directory error counts as a wrong password
(logged), so a directory outage never lets anyone in and never locks local sign-in out.

A directory user without an account whose NRP/NIP is that of an active person who has none
gets one at their first sign-in, as provisioning would make it (username = NRP/NIP, the
participant role, and the commander role on their unit for a commander's position; no local
password), audited; ``LDAP_CREATE_ACCOUNTS = False`` turns this off.
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Mapping
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import exists, select

from training.auth.models import User
from training.auth.provisioning import provision_people
from training.extensions import db
from training.people.models import Person

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DirectorySettings:
    url: str
    base_dn: str
    bind_dn: str = ""
    bind_password: str = ""
    user_filter: str = "(employeeNumber={nrp})"
    timeout: int = 5

    @classmethod
    def from_config(cls, config: Mapping) -> DirectorySettings | None:
        """The settings, or None when no directory is configured."""
        url = (config.get("LDAP_URL") or "").strip()
        if not url:
            return None
        return cls(
            url=url,
            base_dn=config.get("LDAP_BASE_DN") or "",
            bind_dn=config.get("LDAP_BIND_DN") or "",
            bind_password=config.get("LDAP_BIND_PASSWORD") or "",
            user_filter=config.get("LDAP_USER_FILTER") or cls.user_filter,
            timeout=max(1, round(float(config.get("LDAP_TIMEOUT") or cls.timeout))),
        )


def _ldap3():
    """ldap3, imported only where a directory is configured; it uses pyasn1 names that
    newer pyasn1 releases deprecate (harmless, but an error under ``-W error``)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        import ldap3  # only where a directory is configured (see above)
        from ldap3.core import exceptions
        from ldap3.utils import conv
    return ldap3, exceptions.LDAPException, conv.escape_filter_chars


def _server(settings: DirectorySettings):
    return _ldap3()[0].Server(settings.url, connect_timeout=settings.timeout)


def _close(conn) -> None:
    """Unbind, and close a socket whose connect failed (ldap3 2.9.1 leaves it open)."""
    conn.unbind()
    if conn.socket is not None:
        conn.socket.close()


def find_dn(settings: DirectorySettings, nrp: str) -> str | None:
    """The DN of the single directory entry of this NRP/NIP, or None."""
    ldap3, _error, escape = _ldap3()
    search = settings.user_filter.format(nrp=escape(nrp))
    conn = ldap3.Connection(
        _server(settings),
        user=settings.bind_dn or None,
        password=settings.bind_password or None,
        receive_timeout=settings.timeout,
    )
    try:  # not ``with``: ldap3 leaves a connection bound before entering it open
        if not conn.bind():
            return None
        conn.search(settings.base_dn, search, attributes=[], size_limit=2)
        entries = [e.entry_dn for e in conn.entries]
    finally:
        _close(conn)
    return entries[0] if len(entries) == 1 else None


def check_password(settings: DirectorySettings, nrp: str, password: str) -> bool:
    """Whether the directory accepts ``password`` for the entry of ``nrp``."""
    if not nrp or not password:  # an empty password would be an anonymous bind
        return False
    ldap3, error, _escape = _ldap3()
    try:
        dn = find_dn(settings, nrp)
        if dn is None:
            return False
        conn = ldap3.Connection(
            _server(settings), user=dn, password=password, receive_timeout=settings.timeout
        )
        try:
            return bool(conn.bind())
        finally:
            _close(conn)
    except (error, OSError) as exc:
        log.warning("directory sign-in failed for %s: %s", nrp, exc)
        return False


def accepts(user, password: str) -> bool:
    """Whether the configured directory accepts ``password`` for ``user``'s NRP/NIP (False
    when there is no user or no directory)."""
    settings = DirectorySettings.from_config(current_app.config)
    if user is None or settings is None:
        return False
    nrp = user.person.nrp if user.person is not None else user.username
    return check_password(settings, nrp, password)


def first_sign_in(username: str, password: str, now=None) -> User | None:
    """The account created for a directory user signing in for the first time: the person
    with this NRP/NIP is active and has no account, and the directory accepts the password;
    None otherwise (nothing written)."""
    settings = DirectorySettings.from_config(current_app.config)
    if settings is None or not current_app.config.get("LDAP_CREATE_ACCOUNTS", True):
        return None
    nrp = (username or "").strip()
    person_id = db.session.scalar(
        select(Person.id).where(
            Person.nrp == nrp,
            Person.is_active.is_(True),
            ~exists().where(User.person_id == Person.id),
        )
    )
    if person_id is None or not check_password(settings, nrp, password):
        return None
    created = provision_people([person_id], source="directory", now=now)
    return db.session.get(User, created[0]) if created else None
