"""Who a cycle must train in each tier, and how they are grouped into regions and sessions.

Targets of a course: people holding its target positions at units of its target levels who
have not completed it, or whose certificate expires before the cycle ends, and who are not
already booked into a published session of that course for the cycle.

Regions follow the tier's deepest target level:
- Polda level: one group per time zone (WIB/WITA/WIT) nationally; a Polda with more targets
  than a session holds forms its own region;
- Polres level: one region per Polda;
- Polsek level: per Polres where the Polda has more targets than a session holds, else
  per Polda.
Each region's targets are split evenly into sessions of at most the capacity.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy import and_, exists, func, or_, select

from training.certificates.models import Certificate, CertificateState
from training.core.paths import path_ids
from training.core.timefmt import to_utc
from training.extensions import db
from training.people.models import Person
from training.programs.cascade import target_people_filter
from training.programs.models import Course, CourseStatus, CourseStatusValue, Cycle
from training.programs.services import add_months
from training.sessions.enrollments import Enrollment, EnrollmentStatus
from training.sessions.models import SessionStatus, TrainingSession
from training.units.models import Unit, UnitLevel

ZONE_ORDER = {"WIB": 0, "WITA": 1, "WIT": 2}


@dataclass(frozen=True)
class Target:
    person_id: int
    unit_id: int
    unit_code: str
    path: str
    timezone: str
    #: True when the person never completed the course; False when their certificate expires.
    untrained: bool


@dataclass
class Region:
    """A group of targets trained together: audience ``unit``, sessions held at ``venue``."""

    unit: Unit
    venue: Unit
    label: str
    targets: list[Target] = field(default_factory=list)

    @property
    def key(self) -> tuple:
        return (ZONE_ORDER.get(self.venue.zone_label, 9), self.unit.path, self.label)


def expiry_is_before(completed_on: date | None, months: int, day: date) -> bool:
    """Whether a certificate obtained on ``completed_on`` expires before ``day``."""
    return completed_on is None or add_months(completed_on, months) < day


def placed_clause(course: Course, cycle: Cycle):
    """SQL: the person already holds a seat (or waitlist place) in a published session of
    ``course`` belonging to ``cycle`` (by cycle id, or held within the cycle's window)."""
    return (
        select(Enrollment.id)
        .join(TrainingSession, Enrollment.session_id == TrainingSession.id)
        .where(
            Enrollment.person_id == Person.id,
            Enrollment.status.in_((EnrollmentStatus.ENROLLED, EnrollmentStatus.WAITLISTED)),
            TrainingSession.course_id == course.id,
            TrainingSession.status == SessionStatus.SCHEDULED,
            or_(
                TrainingSession.cycle_id == cycle.id,
                and_(TrainingSession.cycle_id.is_(None), _within(cycle)),
            ),
        )
        .exists()
    )


def cycle_window(cycle: Cycle) -> tuple[datetime, datetime]:
    """The UTC span of the cycle's days in every Indonesian zone (WIT start, WIB end)."""
    start = to_utc(cycle.starts_on, time(0, 0), "Asia/Jayapura")
    end = to_utc(cycle.ends_on + timedelta(days=1), time(0, 0), "Asia/Jakarta")
    return start, end


def _within(cycle: Cycle):
    start, end = cycle_window(cycle)
    return and_(TrainingSession.starts_at >= start, TrainingSession.starts_at < end)


def _certificates(course: Course):
    """Correlated columns: the latest valid-until of the person's valid certificates for
    ``course``, and whether they hold any certificate for it at all (revoked included)."""
    mine = and_(Certificate.person_id == Person.id, Certificate.course_id == course.id)
    valid_until = (
        select(func.max(Certificate.valid_until))
        .where(mine, Certificate.state == CertificateState.VALID)
        .scalar_subquery()
    )
    return valid_until, exists().where(mine)


def needs_training(completed_on, valid_until, any_certificate, course, cycle) -> bool:
    """Untrained, or certified only until before the cycle ends.

    A valid certificate decides; holding only revoked (or superseded) ones means training
    again; without any certificate yet, the completion day plus the course validity decides.
    """
    if valid_until is not None:
        return valid_until < cycle.ends_on
    if any_certificate:
        return True
    return expiry_is_before(completed_on, course.validity_months, cycle.ends_on)


def select_targets(course: Course, cycle: Cycle) -> list[Target]:
    """The course's targets for ``cycle`` (one statement), ordered by unit code then id."""
    valid_until, any_certificate = _certificates(course)
    stmt = (
        select(
            Person.id,
            Unit.id,
            Unit.code,
            Unit.path,
            Unit.timezone,
            CourseStatus.completed_on,
            valid_until,
            any_certificate,
        )
        .join(Unit, Person.unit_id == Unit.id)
        .outerjoin(
            CourseStatus,
            and_(
                CourseStatus.person_id == Person.id,
                CourseStatus.course_id == course.id,
                CourseStatus.status == CourseStatusValue.COMPLETED,
            ),
        )
        .where(target_people_filter(course), ~placed_clause(course, cycle))
        .order_by(Unit.code, Person.full_name, Person.id)
    )
    return [
        Target(pid, uid, code, path, tz, completed_on is None)
        for pid, uid, code, path, tz, completed_on, until, held in db.session.execute(stmt)
        if needs_training(completed_on, until, held, course, cycle)
    ]


def deepest_level(course: Course) -> str:
    levels = [UnitLevel(lv) for lv in course.target_levels or [] if lv in set(UnitLevel)]
    return max(levels, key=lambda lv: lv.depth, default=UnitLevel.POLSEK).value


class Tree:
    """The Mabes, Polda and Polres units (one statement), to find a target's ancestors."""

    def __init__(self):
        stmt = select(Unit).where(Unit.level.in_(("mabes", "polda", "polres")))
        self.units = {unit.id: unit for unit in db.session.scalars(stmt)}

    def ancestor(self, path: str, level: str) -> Unit | None:
        for unit_id in path_ids(path):
            unit = self.units.get(unit_id)
            if unit is not None and unit.level == level:
                return unit
        return None

    def common_ancestor(self, units: list[Unit]) -> Unit:
        shared = []
        for column in zip(*(path_ids(u.path) for u in units), strict=False):
            if len(set(column)) != 1:
                break
            shared.append(column[0])
        for unit_id in reversed(shared):
            if unit_id in self.units:
                return self.units[unit_id]
        return units[0]


def group_regions(course: Course, targets: list[Target], capacity: int, tree: Tree) -> list[Region]:
    """Regions of ``targets`` for ``course`` (see the module docstring), in a stable order."""
    level = deepest_level(course)
    by_polda: dict[int, list[Target]] = defaultdict(list)
    loose: dict[int, Region] = {}
    for target in targets:
        polda = tree.ancestor(target.path, "polda")
        if polda is None:  # a target above Polda level: a region of its own unit
            unit = db.session.get(Unit, target.unit_id)
            loose.setdefault(unit.id, Region(unit, unit, unit.name)).targets.append(target)
            continue
        by_polda[polda.id].append(target)
    poldas = {pid: tree.units[pid] for pid in by_polda}
    if level in ("mabes", "polda"):
        regions = _zone_regions(poldas, by_polda, capacity, tree)
    elif level == "polres":
        regions = [
            Region(poldas[pid], poldas[pid], poldas[pid].name, ts) for pid, ts in by_polda.items()
        ]
    else:
        regions = []
        for pid, polda_targets in by_polda.items():
            if len(polda_targets) <= capacity:
                regions.append(Region(poldas[pid], poldas[pid], poldas[pid].name, polda_targets))
            else:
                regions += _polres_regions(polda_targets, poldas[pid], tree)
    return sorted([*regions, *loose.values()], key=lambda r: r.key)


def _polres_regions(targets: list[Target], polda: Unit, tree: Tree) -> list[Region]:
    by_polres: dict[int, list[Target]] = defaultdict(list)
    for target in targets:
        polres = tree.ancestor(target.path, "polres")
        by_polres[polres.id if polres else polda.id].append(target)
    units = {pid: tree.units[pid] for pid in by_polres}
    return [Region(units[pid], units[pid], units[pid].name, ts) for pid, ts in by_polres.items()]


def _zone_regions(poldas, by_polda, capacity: int, tree: Tree) -> list[Region]:
    """Polda-level targets: one group per zone label; a large Polda stands alone."""
    regions: list[Region] = []
    zones: dict[str, list[int]] = defaultdict(list)
    for pid, polda_targets in sorted(by_polda.items(), key=lambda item: poldas[item[0]].code):
        polda = poldas[pid]
        if len(polda_targets) > capacity:
            regions.append(Region(polda, polda, polda.name, polda_targets))
        else:
            zones[polda.zone_label].append(pid)
    for label, members in zones.items():
        units = [poldas[pid] for pid in members]
        people = [t for pid in members for t in by_polda[pid]]
        if len(units) == 1:
            regions.append(Region(units[0], units[0], units[0].name, people))
            continue
        audience = tree.common_ancestor(units)
        venue = audience if audience.zone_label == label else _largest(units, by_polda)
        regions.append(Region(audience, venue, f"{label} ({len(units)} Polda)", people))
    return regions


def _largest(units: list[Unit], by_polda) -> Unit:
    return max(units, key=lambda u: (len(by_polda[u.id]), [-ord(c) for c in u.code]))


def split(targets: list[Target], capacity: int) -> list[list[Target]]:
    """``targets`` in order, cut into the fewest sessions of at most ``capacity``, evenly."""
    if not targets:
        return []
    count = math.ceil(len(targets) / capacity)
    size, extra = divmod(len(targets), count)
    chunks, start = [], 0
    for i in range(count):
        end = start + size + (1 if i < extra else 0)
        chunks.append(targets[start:end])
        start = end
    return chunks
