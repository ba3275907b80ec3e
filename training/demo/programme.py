"""The demo programme: three tiers and a cycle in progress around the day of seeding.

Tier 1 (Polda level) was held in the cycle's first week and is done; tier 2 (Polres level)
runs in groups as recurring series, the first groups finished, later ones under way or to
come; tier 3 (Polsek level) is scheduled as recurring series in three regions, one per time
zone (WIB, WITA, WIT), trained by their kapolres (train-the-trainer).

The shape does not depend on the hour or weekday of seeding: every date is a whole number
of days from the demo day (the seeding instant's day in WIB, ``demo_day``), and a session
counts as held when it ended before that day began (``day_start``). Every session starts at
09:00 or 13:00 venue time in a zone of UTC+7..+9, so "held" is the same as "on an earlier
local day", whatever the hour of seeding. Sessions are created
through the scheduling services, so every rule (scope, cascade gate, conflicts) holds;
attendance and assessments of the sessions already held go through their services too
(``demo.results``), so every course standing is computed from raw rows.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import insert, select

from training.assessments.framework import assign_default_competencies
from training.auth.models import User
from training.demo.certificates import seed_certificates
from training.demo.learning import seed_learning
from training.demo.results import hold_sessions
from training.enrolment.services import audience_people
from training.extensions import db
from training.people.models import Person
from training.programs.models import Course, Program
from training.programs.services import create_cycle, create_program
from training.sessions.enrollments import Enrollment, EnrollmentStatus
from training.sessions.models import TrainingSession
from training.sessions.recurrence import WEEKLY, Repeat
from training.sessions.services import SessionData, create_series, create_session
from training.units.models import Unit, in_subtree

TITLE = "Pelatihan Akun Medsos Bercentang Biru"
#: The zone whose calendar day is the demo's "today".
HOME_ZONE = ZoneInfo("Asia/Jakarta")
#: Tier-1 sessions: (Polda hosting it, day of week 1) for each time zone group.
TIER1_HOSTS = (
    ("11", 1, ("Asia/Jakarta", "Asia/Pontianak")),
    ("27", 2, ("Asia/Makassar",)),
    ("33", 3, ("Asia/Jayapura",)),
)
#: Tier-2 regions with the days (from the start of a week of the cycle) of their series.
TIER2_POLDA = (("15", (0, 2)), ("27", (1, 3)), ("33", (4,)))
#: Tier-3 regions (one per zone) with their days from a week after the demo day; their
#: kapolres trains their kapolsek.
TIER3_POLRES = (("15.16", (1, 3)), ("27.01", (0, 2)), ("33.01", (1, 3)))
GROUP_SIZE = 80
HOURS = 3


def demo_program() -> Program | None:
    return db.session.scalar(select(Program).where(Program.title == TITLE))


def demo_day(now: datetime) -> date:
    """The demo's "today": the calendar day of ``now`` in WIB."""
    return now.astimezone(HOME_ZONE).date()


def day_start(day: date) -> datetime:
    """The instant (UTC) the demo day begins; sessions that ended before it are held."""
    return datetime.combine(day, time(0, 0), HOME_ZONE).astimezone(UTC)


def seed_programme(now: datetime) -> bool:
    """Create the demo programme once around ``now``; return False when it already exists."""
    if db.session.scalar(select(Program.id).where(Program.title == TITLE)):
        return False
    admin = db.session.scalar(select(User).where(User.username == "admin"))
    trainer = db.session.scalar(select(User).where(User.username == "pelatih"))
    today = demo_day(now)
    start = today - timedelta(days=26)  # the cycle began almost four weeks ago
    program = create_program(
        TITLE,
        start,
        start + timedelta(days=48),
        description="Pelatihan berjenjang dan periodik pengelolaan akun media sosial resmi "
        "satuan (bercentang biru): kapolda, kapolres dan kapolsek.",
        with_default_tiers=True,
    )
    cycle = create_cycle(program)
    tier1, tier2, tier3 = program.courses
    for course in program.courses:  # every tier assesses the framework from day one
        assign_default_competencies(course)
    seeder = _Seeder(admin, trainer, cycle, start, today)
    seeder.tier1(tier1)
    seeder.tier2(tier2)
    seeder.tier3(tier3)
    seed_certificates(program, today)
    seed_learning(program, admin, seeder.now)
    return True


def _unit(code: str) -> Unit:
    return db.session.scalar(select(Unit).where(Unit.code == code))


def _targets(course: Course, region: Unit) -> list[Person]:
    stmt = (
        select(Person)
        .join(Person.unit)
        .where(
            in_subtree(region.path),
            Unit.level.in_(course.target_levels),
            Person.position.in_(course.target_positions),
        )
        .order_by(Unit.code, Person.full_name)
    )
    return list(db.session.scalars(stmt))


class _Seeder:
    def __init__(self, admin: User, trainer: User, cycle, start: date, today: date):
        self.admin, self.trainer, self.cycle = admin, trainer, cycle
        self.start, self.today = start, today
        self.now = day_start(today)

    def _data(self, course, venue, audience, day, hour, **kw) -> SessionData:
        return SessionData(
            course=course,
            venue_unit=venue,
            audience_unit=audience,
            audience_positions=list(course.target_positions),
            start_local=datetime.combine(day, time(hour, 0)),
            duration_minutes=HOURS * 60,
            venue=kw.pop("venue", f"Aula {venue.name}"),
            capacity=kw.pop("capacity", GROUP_SIZE),
            cycle=self.cycle,
            **kw,
        )

    def _enrol(self, sessions: list[TrainingSession], people: list[Person]) -> None:
        rows = [
            {
                "session_id": s.id,
                "person_id": p.id,
                "status": EnrollmentStatus.ENROLLED,
                "created_at": self.now,
                "updated_at": self.now,
            }
            for s in sessions
            for p in people
        ]
        if rows:
            db.session.execute(insert(Enrollment), rows)

    def tier1(self, course) -> None:
        """One national session per time-zone group in week 1: held, a few failed."""
        scheduled = datetime.combine(self.start - timedelta(days=7), time(0, 0), UTC)
        people = _targets(course, _unit("00"))
        for host, offset, zones in TIER1_HOSTS:
            day = self.start + timedelta(days=offset)
            data = self._data(
                course, _unit(host), _unit("00"), day, 9, capacity=400, trainer_users=[self.trainer]
            )
            session = create_session(self.admin, data, now=scheduled)
            group = [p for p in people if p.unit.timezone in zones]
            self._enrol([session], group)
            self._hold(course, [session], group)
        db.session.flush()

    def _hold(self, course, sessions, people) -> None:
        """Hold the sessions; the regions of the next tier always pass (gates open)."""
        nxt = TIER2_POLDA if course.tier == 1 else TIER3_POLRES
        protected = tuple(code for code, _ in nxt)
        hold_sessions(
            course, sessions, people, trainer=self.trainer, now=self.now, protected=protected
        )

    def tier2(self, course) -> None:
        """Groups of kapolres per Polda, each a two-week series; early groups done."""
        opened = datetime.combine(self.start + timedelta(days=5), time(0, 0), UTC)
        for code, offsets in TIER2_POLDA:
            polda = _unit(code)
            people = _demo_regions_first(_targets(course, polda))
            for g in range(0, len(people), GROUP_SIZE):
                index = g // GROUP_SIZE
                week = self.start + timedelta(weeks=1 + index)
                first = week + timedelta(days=offsets[0])
                data = self._data(
                    course,
                    polda,
                    polda,
                    first,
                    9 if index % 2 == 0 else 13,
                    trainer_users=[self.trainer],
                )
                repeat = Repeat(
                    freq=WEEKLY, weekdays=_weekdays(week, offsets), count=2 * len(offsets)
                )
                series = create_series(self.admin, data, repeat, now=opened)
                group = people[g : g + GROUP_SIZE]
                self._enrol(series.sessions, group)
                self._hold(course, series.sessions, group)
        db.session.flush()

    def tier3(self, course) -> None:
        """Next week's kapolsek series in one Polres per zone, taught by its kapolres."""
        next_week = self.today + timedelta(days=7)
        for code, offsets in TIER3_POLRES:
            polres = _unit(code)
            kapolres = db.session.scalar(
                select(Person).where(Person.unit_id == polres.id, Person.position == "kapolres")
            )
            first = next_week + timedelta(days=offsets[0])
            data = self._data(
                course, polres, polres, first, 9, capacity=30, trainer_people=[kapolres]
            )
            repeat = Repeat(freq=WEEKLY, weekdays=_weekdays(next_week, offsets), count=4)
            series = create_series(self.admin, data, repeat, now=self.now)
            self._enrol(series.sessions, _tier3_first_bookings(series.sessions[0]))
        db.session.flush()


def _weekdays(week: date, offsets: tuple[int, ...]) -> tuple[int, ...]:
    """The weekdays of the days ``offsets`` after ``week`` (a weekly series' days)."""
    return tuple((week + timedelta(days=offset)).weekday() for offset in offsets)


def _tier3_first_bookings(session: TrainingSession) -> list[Person]:
    """Kapolsek and wakapolsek are booked first, with the whole first Polsek (the demo
    accounts' own); the other operators are left for their commanders to enrol from the
    readiness gap list, where the series shows as their next open session."""
    people = db.session.scalars(audience_people(session)).all()
    chosen = [
        p
        for p in people
        if p.unit.level == "polsek"
        and (p.position != "operator_medsos" or p.unit.code.endswith(".01"))
    ]
    return chosen[: session.capacity]


def _demo_regions_first(people: list[Person]) -> list[Person]:
    """The tier-3 regions' Polres in the first (finished) group of their Polda."""
    demo = {code for code, _ in TIER3_POLRES}
    return sorted(people, key=lambda p: (p.unit.code not in demo, p.unit.code, p.full_name))
