"""Dates and trainers of proposed sessions: working days, 09.00 local, no double-booking.

The trainer rule is that of ``programs.trainers.eligible_trainers`` (trainer accounts whose
scope covers the region, and people certified in the previous tier whose unit is at or
above it), evaluated for every region at once: two statements per tier instead of two per
region. Bookings come from ``sessions.conflicts.trainer_conflicts`` over the cycle's span,
one statement per tier, and grow with the proposal's own sessions as they are placed.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from training.auth.models import User, UserRole
from training.core.timefmt import to_utc
from training.extensions import db
from training.people.models import Person
from training.policy.roles import Role
from training.programs.cascade import previous_course
from training.programs.models import Course, CourseStatus, CourseStatusValue
from training.programs.services import add_months
from training.sessions.conflicts import ACTIVE, trainer_conflicts
from training.sessions.enrollments import Enrollment, EnrollmentStatus
from training.sessions.models import TrainingSession
from training.units.models import Unit


@dataclass(frozen=True)
class PlannerSettings:
    #: Most people per proposed session.
    capacity: int = 30
    #: Local wall-clock start in the venue unit's zone.
    start_time: time = time(9, 0)
    duration_minutes: int = 180

    @classmethod
    def from_config(cls, config) -> PlannerSettings:
        return cls(
            capacity=int(config.get("PLANNER_CAPACITY", cls.capacity)),
            start_time=config.get("PLANNER_START_TIME", cls.start_time),
            duration_minutes=int(config.get("PLANNER_DURATION_MINUTES", cls.duration_minutes)),
        )


@dataclass(frozen=True)
class Trainer:
    kind: str  # "user" | "person"
    id: int
    name: str
    #: The unit id of a regional account or a certified person; None for a national account.
    unit_id: int | None

    @property
    def key(self) -> tuple[str, int]:
        return (self.kind, self.id)


def is_working_day(day: date) -> bool:
    return day.weekday() < 5


def next_working_day(day: date) -> date:
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


class TrainerPool:
    """The eligible trainers of one course for any region (two statements)."""

    def __init__(self, course: Course, today: date):
        accounts = db.session.execute(
            select(User.id, User.username, User.unit_id)
            .join(UserRole, UserRole.user_id == User.id)
            .where(UserRole.role == Role.TRAINER, User.is_active.is_(True))
            .order_by(User.username)
        ).all()
        self.accounts = list(
            dict.fromkeys(Trainer("user", uid, name, unit) for uid, name, unit in accounts)
        )
        self.people: list[Trainer] = []
        prev = previous_course(course)
        if prev is not None:
            rows = db.session.execute(
                select(Person.id, Person.full_name, Person.unit_id, CourseStatus.completed_on)
                .join(CourseStatus, CourseStatus.person_id == Person.id)
                .where(
                    CourseStatus.course_id == prev.id,
                    CourseStatus.status == CourseStatusValue.COMPLETED,
                    CourseStatus.completed_on.is_not(None),
                )
                .order_by(Person.full_name, Person.id)
            )
            self.people = [
                Trainer("person", pid, name, unit_id)
                for pid, name, unit_id, done in rows
                if add_months(done, prev.validity_months) > today
            ]
        self._cache: dict[int, list[Trainer]] = {}

    def for_region(self, unit: Unit) -> list[Trainer]:
        """Certified people of the region's chain first (train-the-trainer), then accounts."""
        if unit.id not in self._cache:
            chain = {*unit.ancestor_ids, unit.id}
            people = [t for t in self.people if t.unit_id in chain]
            accounts = [t for t in self.accounts if t.unit_id is None or t.unit_id in chain]
            self._cache[unit.id] = people + accounts
        return self._cache[unit.id]

    @property
    def everyone(self) -> list[Trainer]:
        return self.people + self.accounts


class Bookings:
    """Busy intervals (UTC) of trainers and participants."""

    def __init__(self, start: datetime, end: datetime):
        self.start, self.end = start, end
        self.trainers: dict[tuple[str, int], list[tuple[datetime, datetime]]] = defaultdict(list)
        self.people: dict[int, list[tuple[datetime, datetime]]] = defaultdict(list)
        self._loaded: set[tuple[str, int]] = set()

    def load_trainers(self, trainers: list[Trainer]) -> None:
        """Existing live sessions of these trainers in the span (one statement)."""
        fresh = [t for t in trainers if t.key not in self._loaded]
        self._loaded |= {t.key for t in fresh}
        users = [t.id for t in fresh if t.kind == "user"]
        people = [t.id for t in fresh if t.kind == "person"]
        for row, other in trainer_conflicts(users, people, self.start, self.end):
            key = ("user", row.user_id) if row.user_id is not None else ("person", row.person_id)
            self.trainers[key].append((other.starts_at, other.ends_at))

    def load_people(self) -> None:
        """Every live enrolment in the span (one statement; matched to targets in Python)."""
        stmt = (
            select(Enrollment.person_id, TrainingSession.starts_at, TrainingSession.ends_at)
            .join(TrainingSession, Enrollment.session_id == TrainingSession.id)
            .where(
                Enrollment.status == EnrollmentStatus.ENROLLED,
                TrainingSession.status.in_(ACTIVE),
                TrainingSession.starts_at < self.end,
                TrainingSession.ends_at > self.start,
            )
        )
        for person_id, starts_at, ends_at in db.session.execute(stmt):
            self.people[person_id].append((starts_at, ends_at))

    @staticmethod
    def _clear(intervals, start: datetime, end: datetime) -> bool:
        return all(not (s < end and e > start) for s, e in intervals)

    def trainer_free(self, trainer: Trainer, start: datetime, end: datetime) -> bool:
        return self._clear(self.trainers.get(trainer.key, ()), start, end)

    def person_free(self, person_id: int, start: datetime, end: datetime) -> bool:
        return self._clear(self.people.get(person_id, ()), start, end)

    def book(self, trainer: Trainer, person_ids, start: datetime, end: datetime) -> None:
        self.trainers[trainer.key].append((start, end))
        for pid in person_ids:
            self.people[pid].append((start, end))


@dataclass(frozen=True)
class Slot:
    day: date
    starts_at: datetime
    ends_at: datetime
    trainer: Trainer


class Scheduler:
    """Places sessions one by one: the first working day from ``first_day`` on which one of
    the region's trainers is free, trainers taken in rotation per region."""

    def __init__(self, bookings: Bookings, settings: PlannerSettings, last_day: date):
        self.bookings, self.settings, self.last_day = bookings, settings, last_day
        self._turn: dict[tuple, int] = defaultdict(int)

    def times(self, day: date, tz: str) -> tuple[datetime, datetime]:
        start = to_utc(day, self.settings.start_time, tz)
        return start, start + timedelta(minutes=self.settings.duration_minutes)

    def place(self, key: tuple, trainers: list[Trainer], venue: Unit, first_day: date):
        """The slot for one session, or None when no trainer is free before the cycle ends."""
        if not trainers:
            return None
        day = next_working_day(first_day)
        while day <= self.last_day:
            start, end = self.times(day, venue.timezone)
            turn = self._turn[key]
            for step in range(len(trainers)):
                trainer = trainers[(turn + step) % len(trainers)]
                if self.bookings.trainer_free(trainer, start, end):
                    self._turn[key] = (turn + step + 1) % len(trainers)
                    return Slot(day, start, end, trainer)
            day = next_working_day(day + timedelta(days=1))
        return None
