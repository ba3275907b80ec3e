"""The administrator's blocks: recent background jobs (large imports, bulk certificate
files, snapshots, reminders), e-mails the outbox failed to send, locked accounts and the
database's migration state (the health check's). A fixed number of statements."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, select

from training.auth.models import User
from training.certificates.models import OutboxMessage
from training.certificates.reminder_queries import outbox_query
from training.core.health import database_status
from training.home.listing import Listing, listing


class _Hooks:
    #: Set by training/jobs (a layer above): the SELECT of every job, newest first.
    jobs: Callable[[], Select] | None = None


def use_jobs_query(query: Callable[[], Select]) -> None:
    """Called by ``training.jobs``: how to read the recent jobs."""
    _Hooks.jobs = query


@dataclass
class AdminHome:
    jobs: Listing
    outbox_failures: Listing
    locked: Listing
    health: dict


def admin_home(now: datetime) -> AdminHome:
    jobs = listing(_Hooks.jobs()) if _Hooks.jobs is not None else Listing()
    return AdminHome(
        jobs=jobs,
        outbox_failures=listing(_failures(), limit=3),
        locked=listing(_locked(now)),
        health=database_status(),
    )


def _failures():
    """Unsent messages whose last attempt failed (the outbox page's "Gagal" filter)."""
    return outbox_query("failed", "").with_only_columns(
        OutboxMessage.id, OutboxMessage.subject, OutboxMessage.recipient, OutboxMessage.last_error
    )


def _locked(now: datetime):
    return (
        select(User.id, User.username, User.locked_until)
        .where(User.locked_until > now)
        .order_by(User.locked_until.desc(), User.id)
    )
