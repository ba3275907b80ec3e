"""Read-only queries of the programmes feature: the list and the cascade panel.

The cascade panel shows, for each tier >= 2 and each region row, the previous tier's
completion that decides whether that tier may be scheduled there. It costs one grouped
statement per tier for the rows, plus at most three per tier for the figure a row without
previous-tier targets inherits from above (a Polres row for tier 2 follows its Polda).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import and_, func, select
from sqlalchemy.orm import aliased, joinedload

from training.extensions import db
from training.people.models import Person
from training.policy.scope import Scope, can_see_unit, unit_clause
from training.programs.cascade import (
    Completion,
    cascade_region,
    target_people_filter,
    tier_completion,
)
from training.programs.models import (
    Course,
    CourseStatus,
    CourseStatusValue,
    OverrideRecord,
    Program,
)
from training.units.models import Unit, in_subtree


@dataclass
class Cell:
    completion: Completion | None  # None: decided above, out of the viewer's sight
    region: Unit | None
    open: bool
    inherited: bool = False


@dataclass
class TierColumn:
    course: Course
    previous: Course
    cells: dict[int, Cell] = field(default_factory=dict)


@dataclass
class Panel:
    rows: list[Unit]
    context: Unit | None
    columns: list[TierColumn]


def programs() -> list[Program]:
    return list(db.session.scalars(select(Program).order_by(Program.starts_on.desc())))


def grouped_completion(course: Course, regions: list[Unit]) -> dict[int, Completion]:
    """``course``'s completion in each of the (disjoint) ``regions``, in one statement."""
    result = {r.id: Completion(completed=0, target=0) for r in regions}
    if not regions:
        return result
    region, member = aliased(Unit), aliased(Unit)
    stmt = (
        select(region.id, func.count(Person.id), func.count(CourseStatus.id))
        .select_from(region)
        .join(member, in_subtree(region.path, member.path))
        .join(Person, Person.unit_id == member.id)
        .outerjoin(
            CourseStatus,
            and_(
                CourseStatus.person_id == Person.id,
                CourseStatus.course_id == course.id,
                CourseStatus.status == CourseStatusValue.COMPLETED,
            ),
        )
        .where(region.id.in_(list(result)), target_people_filter(course, member))
        .group_by(region.id)
    )
    for region_id, target, completed in db.session.execute(stmt):
        result[region_id] = Completion(completed=completed, target=target)
    return result


def panel_rows(scope: Scope, parent: Unit | None) -> tuple[list[Unit], Unit | None]:
    """The panel's rows and the unit above them: ``parent``'s children when drilling in,
    else the Polda in the viewer's scope (or, below Polda, the viewer's own units)."""
    if parent is not None:
        stmt = select(Unit).where(Unit.parent_id == parent.id)
        return list(db.session.scalars(stmt.order_by(Unit.code))), parent
    stmt = select(Unit).where(unit_clause(scope), Unit.level == "polda").order_by(Unit.code)
    rows = list(db.session.scalars(stmt))
    if not rows and scope.unit_paths:
        stmt = select(Unit).where(Unit.path.in_(scope.unit_paths)).order_by(Unit.code)
        rows = list(db.session.scalars(stmt))
    return rows, rows[0].parent if rows else None


def cascade_panel(program: Program, scope: Scope, parent: Unit | None = None) -> Panel:
    rows, context = panel_rows(scope, parent)
    threshold = program.cascade_threshold
    by_tier = {course.tier: course for course in program.courses}
    columns = []
    for course in program.courses:
        previous = by_tier.get(course.tier - 1)
        if previous is None:
            continue
        column = TierColumn(course=course, previous=previous)
        figures = grouped_completion(previous, rows)
        above = None
        for unit in rows:
            completion = figures[unit.id]
            if completion.target:
                column.cells[unit.id] = Cell(completion, unit, completion.reaches(threshold))
                continue
            if above is None:
                above = _inherited_cell(course, previous, context, scope, threshold)
            column.cells[unit.id] = above
        columns.append(column)
    return Panel(rows=rows, context=context, columns=columns)


def _inherited_cell(course, previous, context, scope, threshold) -> Cell:
    """The cell of a row with no previous-tier targets: the gate is decided above it."""
    if context is None:
        return Cell(Completion(completed=0, target=0), None, True, inherited=True)
    region = cascade_region(course, context)
    if not can_see_unit(scope, region):
        return Cell(None, None, False, inherited=True)
    completion = tier_completion(previous, region)
    return Cell(completion, region, completion.reaches(threshold), inherited=True)


def cascade_overrides(course: Course) -> list[OverrideRecord]:
    stmt = (
        select(OverrideRecord)
        .where(OverrideRecord.kind == "cascade", OverrideRecord.course_id == course.id)
        .options(joinedload(OverrideRecord.user), joinedload(OverrideRecord.unit))
        .order_by(OverrideRecord.created_at.desc(), OverrideRecord.id.desc())
    )
    return list(db.session.scalars(stmt))


def courses_by_id(ids: set[int]) -> dict[int, Course]:
    """The courses of ``ids``, by id (one query; the audit page names entries' courses)."""
    return {c.id: c for c in db.session.scalars(select(Course).where(Course.id.in_(ids)))}


def course_choices() -> list[tuple[int, str]]:
    """(id, "title (#id)") of every course, oldest first (the audit page's course filter)."""
    rows = db.session.execute(select(Course.id, Course.title).order_by(Course.id))
    return [(cid, f"{title} (#{cid})") for cid, title in rows]
