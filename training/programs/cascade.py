"""The cascade gate: tier N+1 opens in a region once tier N is completed there.

A tier-N+1 session aimed at ``audience_unit`` is checked against the *cascade region*: the
smallest unit at or above the audience whose subtree holds people targeted by tier N (a
tier-3 session for one Polsek is judged on its Polres's kapolres; one for a whole Polda on
all that Polda's kapolres). The region's tier-N completion must reach the programme's
``cascade_threshold``; an admin may override with a reason, and the override is recorded.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import UTC, datetime

from flask_babel import format_decimal
from flask_babel import gettext as _
from sqlalchemy import and_, func, select
from sqlalchemy.orm import aliased

from training.audit import services as audit
from training.auth.models import User
from training.errors import RuleViolation
from training.extensions import db
from training.people.models import Person
from training.policy import rules
from training.programs.models import (
    Course,
    CourseStatus,
    CourseStatusValue,
    OverrideRecord,
)
from training.units.models import Unit, UnitLevel, in_subtree


@dataclass(frozen=True)
class Completion:
    """Tier completion in a region: ``completed`` of ``target`` people, ``pct`` 0..100."""

    completed: int
    target: int
    pct: float = field(init=False)

    def __post_init__(self):
        pct = 100.0 * self.completed / self.target if self.target else 0.0
        object.__setattr__(self, "pct", pct)

    def reaches(self, threshold: int) -> bool:
        """Whether the gate is open: the share reaches ``threshold`` percent.

        A region with nobody to train in the previous tier has nothing to wait for.
        """
        return self.target == 0 or self.pct >= threshold

    @property
    def pct_label(self) -> str:
        """The share rounded *down* to one decimal (79.96 never shows as 80)."""
        return format_decimal(math.floor(self.pct * 10) / 10, format="#,##0.#")


def previous_course(course: Course) -> Course | None:
    """The course one tier below ``course`` in the same programme (None for tier 1)."""
    if course.tier <= 1:
        return None
    return db.session.scalar(
        select(Course).where(Course.program_id == course.program_id, Course.tier == course.tier - 1)
    )


def target_people_filter(course: Course, unit_alias=Unit):
    """SQL condition on Person (joined to ``unit_alias``) selecting the course's targets."""
    return and_(
        Person.position.in_(list(course.target_positions or [])),
        unit_alias.level.in_(list(course.target_levels or [])),
    )


LEVELS = {level.value for level in UnitLevel}


def _deepest_target_depth(course: Course) -> int:
    depths = [UnitLevel(level).depth for level in course.target_levels or [] if level in LEVELS]
    return max(depths, default=0)


def cascade_region(course: Course, audience_unit: Unit) -> Unit:
    """The unit whose previous-tier completion decides a ``course`` session for the audience.

    The smallest unit at or above ``audience_unit`` whose subtree holds people targeted by
    the previous tier; when no candidate holds any (empty data), the structural choice: the
    nearest unit at or above the audience on the previous tier's deepest target level.
    """
    prev = previous_course(course)
    if prev is None:
        return audience_unit
    chain = _ancestors_or_self(audience_unit)  # root first, the audience last
    holding = _units_holding_targets(prev, chain)
    for unit in reversed(chain):  # deepest first
        if unit.id in holding:
            return unit
    depth = _deepest_target_depth(prev)
    structural = [u for u in chain if UnitLevel(u.level).depth <= depth]
    return structural[-1] if structural else chain[0]


def _ancestors_or_self(unit: Unit) -> list[Unit]:
    ids = unit.ancestor_ids or [unit.id]
    units = {u.id: u for u in db.session.scalars(select(Unit).where(Unit.id.in_(ids)))}
    chain = [units[i] for i in ids if i in units]
    return chain if chain and chain[-1].id == unit.id else [*chain, unit]


def _units_holding_targets(course: Course, candidates: list[Unit]) -> set[int]:
    """Ids of the ``candidates`` whose subtree holds at least one of the course's targets."""
    if not candidates:
        return set()
    region = aliased(Unit)
    member = aliased(Unit)
    holds = (
        select(Person.id)
        .join(member, Person.unit_id == member.id)
        .where(
            target_people_filter(course, member),
            in_subtree(region.path, member.path),
        )
        .exists()
    )
    stmt = select(region.id).where(region.id.in_([u.id for u in candidates]), holds)
    return set(db.session.scalars(stmt))


def tier_completion(course: Course, region: Unit) -> Completion:
    """Share of ``course``'s target people under ``region`` who completed it (one query)."""
    done = func.count(CourseStatus.id)
    stmt = (
        select(func.count(Person.id), done)
        .join(Unit, Person.unit_id == Unit.id)
        .outerjoin(
            CourseStatus,
            and_(
                CourseStatus.person_id == Person.id,
                CourseStatus.course_id == course.id,
                CourseStatus.status == CourseStatusValue.COMPLETED,
            ),
        )
        .where(in_subtree(region.path), target_people_filter(course))
    )
    target, completed = db.session.execute(stmt).one()
    return Completion(completed=completed, target=target)


def gate_message(course: Course, region: Unit, completion: Completion) -> str:
    return _(
        "Tingkat %(tier)d belum bisa dijadwalkan di %(region)s: penyelesaian tingkat %(prev)d "
        "baru %(pct)s%% (%(done)d dari %(target)d), ambang %(threshold)d%%.",
        tier=course.tier,
        region=region.name,
        prev=course.tier - 1,
        pct=completion.pct_label,
        done=completion.completed,
        target=completion.target,
        threshold=course.program.cascade_threshold,
    )


def check_cascade(
    course: Course,
    audience_unit: Unit,
    *,
    user: User | None = None,
    override_reason: str = "",
    now: datetime | None = None,
) -> OverrideRecord | None:
    """Refuse a ``course`` session for ``audience_unit`` while the previous tier lags.

    Returns None when the gate is open. When it is closed, an admin giving a reason gets an
    ``OverrideRecord`` (added to the session, the caller commits); anybody else gets a
    ``RuleViolation`` saying the figures.
    """
    prev = previous_course(course)
    if prev is None:
        return None
    region = cascade_region(course, audience_unit)
    completion = tier_completion(prev, region)
    if completion.reaches(course.program.cascade_threshold):
        return None
    message = gate_message(course, region, completion)
    reason = (override_reason or "").strip()
    may_override = rules.OVERRIDE_RULES(user)
    if reason and not may_override:
        raise RuleViolation(
            message + " " + _("Hanya admin yang dapat melewati gerbang berjenjang.")
        )
    if not reason:
        if may_override:
            message += " " + _("Admin dapat melewatinya dengan menuliskan alasan.")
        raise RuleViolation(message)
    user = getattr(user, "_get_current_object", lambda: user)()  # unwrap current_user
    record = OverrideRecord(
        kind="cascade",
        user=user,
        course=course,
        unit=region,
        reason=reason,
        detail=message,
        created_at=now or datetime.now(UTC),
    )
    db.session.add(record)
    after = {"kind": "cascade", "unit": region.code, "detail": message}
    audit.record(
        "override", "create", user=user, course_id=course.id, after=after, reason=reason, now=now
    )
    return record
