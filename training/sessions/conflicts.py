"""Double-booking checks, computed on UTC instants so time zones cannot hide a clash."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import func, select

from training.core.timefmt import format_local, format_local_time
from training.extensions import db
from training.people.models import Person
from training.sessions.enrollments import Enrollment, EnrollmentStatus
from training.sessions.models import SessionStatus, SessionTrainer, TrainingSession

ACTIVE = (SessionStatus.SCHEDULED, SessionStatus.DRAFT)


def _overlapping(starts_at: datetime, ends_at: datetime, exclude_ids: Iterable[int] = ()):
    """Condition: a live session overlapping [starts_at, ends_at) (touching ends allowed)."""
    condition = (
        (TrainingSession.starts_at < ends_at)
        & (TrainingSession.ends_at > starts_at)
        & TrainingSession.status.in_(ACTIVE)
    )
    exclude = [i for i in exclude_ids if i is not None]
    if exclude:
        condition &= TrainingSession.id.not_in(exclude)
    return condition


def person_conflicts(
    person_ids: Iterable[int], starts_at: datetime, ends_at: datetime, exclude_ids=()
) -> list[tuple[int, TrainingSession]]:
    """(person id, other session) for each person already enrolled somewhere overlapping."""
    ids = list(person_ids)
    if not ids:
        return []
    stmt = (
        select(Enrollment.person_id, TrainingSession)
        .join(Enrollment.session)
        .where(
            Enrollment.person_id.in_(ids),
            Enrollment.status == EnrollmentStatus.ENROLLED,
            _overlapping(starts_at, ends_at, exclude_ids),
        )
        .order_by(TrainingSession.starts_at)
    )
    return [(person_id, session) for person_id, session in db.session.execute(stmt)]


def trainer_conflicts(
    user_ids: Iterable[int],
    person_ids: Iterable[int],
    starts_at: datetime,
    ends_at: datetime,
    exclude_ids=(),
) -> list[tuple[SessionTrainer, TrainingSession]]:
    """Trainer rows (accounts or people) already teaching an overlapping session."""
    users, people = list(user_ids), list(person_ids)
    if not users and not people:
        return []
    stmt = (
        select(SessionTrainer, TrainingSession)
        .join(SessionTrainer.session)
        .where(
            SessionTrainer.user_id.in_(users) | SessionTrainer.person_id.in_(people),
            _overlapping(starts_at, ends_at, exclude_ids),
        )
        .order_by(TrainingSession.starts_at)
    )
    return [(trainer, session) for trainer, session in db.session.execute(stmt)]


# --- Batch checks for a whole series: a fixed number of statements for any number of
# occurrences (one query per kind over the series' time span, matched in Python).


@dataclass(frozen=True)
class Window:
    """One occurrence being checked: its UTC interval and the people enrolled in it."""

    starts_at: datetime
    ends_at: datetime
    participant_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class Clash:
    kind: str  # "trainer" | "participant" | "venue"
    who: str
    window: Window
    other: TrainingSession

    def describe(self) -> str:
        tz = self.other.venue_unit.timezone
        when = (
            f"{format_local(self.other.starts_at, tz)}–{format_local_time(self.other.ends_at, tz)}"
        )
        title = self.other.title or self.other.course.title
        kind = {
            "trainer": _("Pelatih %(who)s"),
            "participant": _("Peserta %(who)s"),
            "venue": _("Tempat %(who)s"),
        }[self.kind] % {"who": self.who}
        return _(
            "%(kind)s sudah terjadwal di sesi «%(title)s» (%(when)s), bentrok dengan "
            "jadwal %(mine)s.",
            kind=kind,
            title=title,
            when=when,
            mine=format_local(self.window.starts_at, tz),
        )


def _overlaps(window: Window, other: TrainingSession) -> bool:
    return other.starts_at < window.ends_at and other.ends_at > window.starts_at


def find_clashes(
    windows: list[Window],
    *,
    user_ids: Iterable[int] = (),
    person_ids: Iterable[int] = (),
    venue_unit_id: int | None = None,
    venue: str = "",
    exclude_ids: Iterable[int] = (),
) -> list[Clash]:
    """Every clash of ``windows`` with live sessions: trainers, participants, venue."""
    if not windows:
        return []
    span = _overlapping(
        min(w.starts_at for w in windows), max(w.ends_at for w in windows), exclude_ids
    )
    clashes: list[Clash] = []
    users, people = list(user_ids), list(person_ids)
    if users or people:
        stmt = (
            select(SessionTrainer, TrainingSession)
            .join(SessionTrainer.session)
            .where(SessionTrainer.user_id.in_(users) | SessionTrainer.person_id.in_(people), span)
        )
        for trainer, other in db.session.execute(stmt):
            who = _trainer_name(trainer)
            clashes += [Clash("trainer", who, w, other) for w in windows if _overlaps(w, other)]
    participants = {p for w in windows for p in w.participant_ids}
    if participants:
        stmt = (
            select(Person, TrainingSession)
            .join(Enrollment, Enrollment.person_id == Person.id)
            .join(Enrollment.session)
            .where(
                Enrollment.person_id.in_(participants),
                Enrollment.status == EnrollmentStatus.ENROLLED,
                span,
            )
        )
        for person, other in db.session.execute(stmt):
            clashes += [
                Clash("participant", person.full_name, w, other)
                for w in windows
                if person.id in w.participant_ids and _overlaps(w, other)
            ]
    if venue_unit_id is not None and (venue or "").strip():
        stmt = select(TrainingSession).where(
            TrainingSession.venue_unit_id == venue_unit_id,
            func.lower(TrainingSession.venue) == venue.strip().lower(),
            span,
        )
        for other in db.session.scalars(stmt):
            clashes += [
                Clash("venue", venue.strip(), w, other) for w in windows if _overlaps(w, other)
            ]
    return sorted(clashes, key=lambda c: (c.window.starts_at, c.kind, c.who))


def _trainer_name(trainer: SessionTrainer) -> str:
    if trainer.person is not None:
        return trainer.person.full_name
    user = trainer.user
    return user.person.full_name if user.person is not None else user.username
