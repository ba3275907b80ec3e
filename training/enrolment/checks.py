"""What an enrolment checks before it changes seats: the session is open (or not started),
the people are in its audience and in the actor's scope, and how a clash is told."""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _

from training.core.timefmt import format_local
from training.errors import RuleViolation
from training.people.models import Person
from training.policy.scope import can_see_unit, scope_of
from training.sessions.models import SessionStatus, TrainingSession


def session_label(training_session: TrainingSession) -> str:
    """E.g. "Tingkat 2 (3 Nov 2026 09.00 WITA)"."""
    title = training_session.title or training_session.course.title
    when = format_local(training_session.starts_at, training_session.venue_unit.timezone)
    return f"{title} ({when})"


def check_open(training_session: TrainingSession, now: datetime) -> None:
    if training_session.status == SessionStatus.CANCELLED:
        raise RuleViolation(_("Sesi ini sudah dibatalkan."))
    if training_session.ends_at <= now:
        raise RuleViolation(_("Sesi ini sudah selesai."))


def check_not_started(training_session: TrainingSession, now: datetime) -> None:
    if training_session.status != SessionStatus.SCHEDULED:
        raise RuleViolation(_("Sesi ini belum dibuka untuk pendaftaran."))
    if training_session.starts_at <= now:
        raise RuleViolation(_("Sesi ini sudah dimulai; pendaftaran ditutup."))


def outside_audience(training_session: TrainingSession, people) -> list[str]:
    audience = training_session.audience_unit
    if audience is None:
        return []
    return [
        _(
            "%(name)s bukan sasaran sesi ini (di luar %(unit)s).",
            name=p.full_name,
            unit=audience.name,
        )
        for p in people
        if not p.unit.path.startswith(audience.path)
    ]


def in_actor_scope(actor, person: Person) -> bool:
    return actor is None or can_see_unit(scope_of(actor), person.unit)


def conflict_message(person: Person, other: TrainingSession) -> str:
    return _(
        "%(name)s (%(id_label)s %(nrp)s) sudah terdaftar di sesi %(session)s "
        "yang waktunya bertabrakan.",
        name=person.full_name,
        id_label=person.id_label,
        nrp=person.nrp,
        session=session_label(other),
    )
