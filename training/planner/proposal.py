"""What a cycle proposal holds: per tier and region, the sessions planned and the targets
placed or not (with reasons), and the drafts to be written."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime

from training.planner.regions import Region
from training.planner.scheduling import Trainer
from training.programs.models import Course, Cycle, Program


@dataclass
class RegionSummary:
    label: str
    unit_code: str
    zone: str
    targets: int
    sessions: int = 0
    placed: int = 0
    unplaced: int = 0
    reasons: list[str] = field(default_factory=list)


@dataclass
class TierSummary:
    course: Course
    regions: list[RegionSummary] = field(default_factory=list)
    first_day: date | None = None
    last_day: date | None = None

    def total(self, name: str) -> int:
        return sum(getattr(r, name) for r in self.regions)


@dataclass
class Proposal:
    program: Program
    cycle: Cycle
    tiers: list[TierSummary] = field(default_factory=list)
    #: Drafts of an earlier proposal deleted by this one.
    replaced: int = 0
    session_ids: list[int] = field(default_factory=list)

    def total(self, name: str) -> int:
        return sum(t.total(name) for t in self.tiers)


@dataclass
class Draft:
    """One session the planner will write as a draft."""

    course: Course
    region: Region
    index: int
    count: int
    start: datetime
    end: datetime
    trainer: Trainer
    person_ids: list[int]
    uid: str = field(default_factory=lambda: f"{uuid.uuid4()}@presisi")
