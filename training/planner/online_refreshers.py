"""The cycle planner's online refresher proposals: per course of the programme and per
Polda, the people in the viewer's scope whose valid certificate of the course runs out by
the end of the cycle (the planning horizon). Accepting one creates the online offering for
the cycle's remaining days and enrols those people (``training.learning.online``).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from training.certificates.models import Certificate, CertificateState
from training.core.paths import path_ids
from training.extensions import db
from training.learning import online
from training.people.models import Person
from training.policy.scope import Scope, person_clause
from training.programs.models import Course
from training.units.models import Unit, in_subtree

#: The depth of a Polda on a unit path (Mabes is the root).
POLDA_DEPTH = 1


@dataclass
class Proposal:
    course: Course
    polda: Unit
    people: int


def _expiring(course_ids, cycle, scope: Scope, today: date):
    return (
        select(Certificate.person_id)
        .join(Person, Person.id == Certificate.person_id)
        .join(Unit, Unit.id == Person.unit_id)
        .where(
            Certificate.course_id.in_(course_ids),
            Certificate.state == CertificateState.VALID,
            Certificate.valid_until >= today,
            Certificate.valid_until <= cycle.ends_on,
            person_clause(scope),
        )
    )


def proposals(program, cycle, scope: Scope, today: date) -> list[Proposal]:
    """The proposals, by course tier and Polda code (two statements)."""
    courses = {c.id: c for c in program.courses}
    rows = db.session.execute(
        _expiring(list(courses), cycle, scope, today)
        .with_only_columns(Certificate.course_id, Unit.path, func.count())
        .group_by(Certificate.course_id, Unit.path)
    ).all()
    counts = defaultdict(int)
    for course_id, path, n in rows:
        ids = path_ids(path)
        if len(ids) > POLDA_DEPTH:
            counts[(course_id, ids[POLDA_DEPTH])] += n
    poldas = {u.id: u for u in _units({polda for _c, polda in counts})}
    found = [Proposal(courses[c], poldas[p], n) for (c, p), n in counts.items() if p in poldas]
    return sorted(found, key=lambda x: (x.course.tier, x.polda.code))


def _units(ids) -> list[Unit]:
    if not ids:
        return []
    return list(db.session.scalars(select(Unit).where(Unit.id.in_(sorted(ids)))))


def accept(course, polda: Unit, cycle, scope: Scope, *, actor, today: date, now=None):
    """Create the offering (from today or the cycle's start to its end) and enrol the
    course's targets in ``polda`` whose certificate runs out by then; (offering, enrolled).
    The caller commits."""
    offering = online.create_offering(
        course,
        polda,
        f"Penyegaran daring {course.title} · {polda.name}",
        max(today, cycle.starts_on),
        cycle.ends_on,
        actor=actor,
        now=now,
    )
    offering.cycle_id = cycle.id
    expiring = _expiring([course.id], cycle, scope, today).where(in_subtree(polda.path))
    return offering, online.enrol_targets(offering, actor=actor, now=now, only=expiring)
