"""Read-only figures of the review page: drafts grouped by tier and region, the cascade
state of each region, and per tier how many targets still lack a seat."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import func, select

from training.auth.models import User
from training.core.timefmt import to_local
from training.extensions import db
from training.people.models import Person
from training.planner.drafts import cycle_drafts
from training.planner.regions import select_targets
from training.policy.scope import Scope
from training.policy.sessions import can_see_session
from training.programs.cascade import Completion, previous_course
from training.programs.models import Course, Cycle, Program
from training.programs.queries import grouped_completion
from training.sessions.enrollments import Enrollment, EnrollmentStatus
from training.sessions.models import SessionStatus, SessionTrainer, TrainingSession
from training.units.models import Unit


@dataclass
class RegionGroup:
    unit: Unit
    drafts: list[TrainingSession] = field(default_factory=list)
    #: The previous tier's completion in this region (None for tier 1).
    completion: Completion | None = None
    open: bool = True


@dataclass
class TierGroup:
    course: Course
    regions: list[RegionGroup] = field(default_factory=list)
    #: Targets still needing the course this cycle, and those without any seat yet.
    targets: int = 0
    published: int = 0

    @property
    def draft_count(self) -> int:
        return sum(len(r.drafts) for r in self.regions)


@dataclass
class Review:
    tiers: list[TierGroup]
    enrolled: dict[int, int]
    trainers: dict[int, list[str]]
    #: Each draft's local start in its venue zone, as form values ("2026-11-02", "09:00").
    local: dict[int, tuple[str, str]] = field(default_factory=dict)

    @property
    def draft_count(self) -> int:
        return sum(t.draft_count for t in self.tiers)


def published_count(course: Course, cycle: Cycle) -> int:
    return db.session.scalar(
        select(func.count(TrainingSession.id)).where(
            TrainingSession.course_id == course.id,
            TrainingSession.cycle_id == cycle.id,
            TrainingSession.status == SessionStatus.SCHEDULED,
        )
    )


def review(program: Program, cycle: Cycle, scope: Scope, *, figures: bool = True) -> Review:
    """The drafts the viewer may see, grouped by tier then audience region."""
    drafts = [d for d in cycle_drafts(cycle) if can_see_session(scope, d)]
    by_course: dict[int, dict[int, RegionGroup]] = defaultdict(dict)
    for draft in drafts:
        regions = by_course[draft.course_id]
        unit = draft.audience_unit or draft.venue_unit
        regions.setdefault(unit.id, RegionGroup(unit)).drafts.append(draft)
    tiers = []
    for course in sorted(program.courses, key=lambda c: c.tier):
        groups = sorted(by_course.get(course.id, {}).values(), key=lambda g: g.unit.path)
        _cascade_state(course, groups)
        tier = TierGroup(course=course, regions=groups)
        if figures and scope.everything:
            tier.targets = len(select_targets(course, cycle))
        tier.published = published_count(course, cycle)
        tiers.append(tier)
    ids = [d.id for d in drafts]
    local = {}
    for d in drafts:
        start = to_local(d.starts_at, d.venue_unit.timezone)
        local[d.id] = (start.date().isoformat(), start.strftime("%H:%M"))
    return Review(tiers=tiers, enrolled=_enrolled(ids), trainers=_trainers(ids), local=local)


def _cascade_state(course: Course, groups: list[RegionGroup]) -> None:
    prev = previous_course(course)
    if prev is None or not groups:
        return
    figures = grouped_completion(prev, [g.unit for g in groups])
    threshold = course.program.cascade_threshold
    for group in groups:
        group.completion = figures[group.unit.id]
        group.open = group.completion.reaches(threshold)


def _enrolled(ids: list[int]) -> dict[int, int]:
    if not ids:
        return {}
    stmt = (
        select(Enrollment.session_id, func.count())
        .where(Enrollment.session_id.in_(ids), Enrollment.status == EnrollmentStatus.ENROLLED)
        .group_by(Enrollment.session_id)
    )
    return dict(db.session.execute(stmt).all())


def _trainers(ids: list[int]) -> dict[int, list[str]]:
    names: dict[int, list[str]] = defaultdict(list)
    if not ids:
        return names
    stmt = (
        select(SessionTrainer.session_id, User.username, Person.full_name)
        .outerjoin(User, SessionTrainer.user_id == User.id)
        .outerjoin(Person, SessionTrainer.person_id == Person.id)
        .where(SessionTrainer.session_id.in_(ids))
        .order_by(SessionTrainer.id)
    )
    for session_id, username, full_name in db.session.execute(stmt):
        names[session_id].append(full_name or username)
    return names


def cycles_by_program() -> list[Program]:
    return list(db.session.scalars(select(Program).order_by(Program.starts_on.desc())))
