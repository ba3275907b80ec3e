"""Reminders of an online refresher's deadline: a person enrolled and not done is reminded
once when the deadline is ``ONLINE_REMINDER_DAYS`` days away or nearer (the notice key
carries the offering and its deadline: a moved deadline is reminded again). Run with the
session reminders (``flask notifications remind``)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from training.core.timefmt import long_day, to_local
from training.extensions import db
from training.learning.online_models import OnlineEnrolment, OnlineOffering
from training.notifications import kinds
from training.notifications.delivery import Message, Notice, deliver, path_for
from training.notifications.recipients import accounts_of


def _render(items: list[OnlineOffering]) -> Message:
    offering = items[0]
    return Message(
        title=_("Pengingat: batas akhir %(course)s", course=offering.title),
        body=_(
            "Selesaikan materi dan post-test penyegaran daring %(title)s sebelum %(day)s.",
            title=offering.title,
            day=long_day(offering.closes_on),
        ),
        link=path_for("online.detail", offering_id=offering.id),
    )


def queue_online_reminders(now: datetime | None = None) -> int:
    """Queue the deadline reminders due (in the app and by e-mail); how many were new."""
    now = now or datetime.now(UTC)
    today = to_local(now, "Asia/Jakarta").date()
    last = today + timedelta(days=current_app.config["ONLINE_REMINDER_DAYS"])
    rows = db.session.execute(
        select(OnlineOffering, OnlineEnrolment.person_id)
        .join(OnlineEnrolment, OnlineEnrolment.offering_id == OnlineOffering.id)
        .where(
            OnlineOffering.closes_on >= today,
            OnlineOffering.closes_on <= last,
            OnlineOffering.opens_on <= today,
            OnlineEnrolment.completed_at.is_(None),
        )
        .order_by(OnlineOffering.id, OnlineEnrolment.person_id)
    ).all()
    accounts = accounts_of(person_id for _o, person_id in rows)
    notices = [
        Notice(
            accounts[person_id],
            kinds.REMINDER,
            [offering],
            _render,
            key=f"online:{offering.id}:{offering.closes_on.isoformat()}",
        )
        for offering, person_id in rows
        if person_id in accounts
    ]
    return deliver(notices, now)
