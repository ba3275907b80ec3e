"""propose_cycle: draft sessions per tier and region for a cycle, pre-filled with people.

The proposal replaces the cycle's earlier drafts (published sessions are never touched),
places every session on a working day at 09.00 in its venue's zone with a free trainer,
and writes all drafts, trainers and enrolments with a fixed number of bulk statements.
Nothing is published here (see ``drafts.publish``); the caller commits.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import delete, func, insert, select, update

from training.audit.services import record
from training.auth.models import User
from training.core.timefmt import to_local
from training.errors import RuleViolation
from training.extensions import db
from training.planner.proposal import Draft, Proposal, RegionSummary, TierSummary
from training.planner.refresher import flagged_unit_ids, with_refreshers
from training.planner.regions import (
    Tree,
    cycle_window,
    group_regions,
    select_targets,
    split,
)
from training.planner.scheduling import (
    Bookings,
    PlannerSettings,
    Scheduler,
    TrainerPool,
    next_working_day,
)
from training.policy.planning import may_plan_cycle
from training.programs.models import Course, Cycle, OverrideRecord, Program
from training.sessions.enrollments import Enrollment, EnrollmentStatus
from training.sessions.models import SessionStatus, SessionTrainer, TrainingSession

WIB = "Asia/Jakarta"
#: Bulk inserts send NULLs as values, so rows with and without a trainer account (or any
#: other NULL column) stay in one executemany instead of one per combination.
ONE_STATEMENT = {"render_nulls": True}


def clear_drafts(cycle: Cycle) -> int:
    """Delete the cycle's drafts with their trainers and enrolments (four statements)."""
    drafts = select(TrainingSession.id).where(
        TrainingSession.cycle_id == cycle.id, TrainingSession.status == SessionStatus.DRAFT
    )
    opts = {"synchronize_session": False}
    db.session.execute(
        delete(Enrollment).where(Enrollment.session_id.in_(drafts)), execution_options=opts
    )
    db.session.execute(
        delete(SessionTrainer).where(SessionTrainer.session_id.in_(drafts)), execution_options=opts
    )
    db.session.execute(
        update(OverrideRecord).where(OverrideRecord.session_id.in_(drafts)).values(session_id=None),
        execution_options=opts,
    )
    result = db.session.execute(
        delete(TrainingSession).where(TrainingSession.id.in_(drafts)), execution_options=opts
    )
    return result.rowcount or 0


def _published_last_day(course: Course, cycle: Cycle) -> date | None:
    last = db.session.scalar(
        select(func.max(TrainingSession.starts_at)).where(
            TrainingSession.course_id == course.id,
            TrainingSession.cycle_id == cycle.id,
            TrainingSession.status == SessionStatus.SCHEDULED,
        )
    )
    return to_local(last, WIB).date() if last is not None else None


def _check(program: Program, cycle: Cycle, actor: User | None, today: date) -> None:
    if cycle.program_id != program.id:
        raise RuleViolation(_("Siklus ini bukan milik program tersebut."))
    if not may_plan_cycle(actor):
        raise RuleViolation(
            _("Hanya admin dan pelatih nasional yang dapat menyusun usulan siklus.")
        )
    if not program.courses:
        raise RuleViolation(_("Program ini belum memiliki kursus."))
    if cycle.ends_on <= today:
        raise RuleViolation(
            _("Siklus %(n)d sudah berakhir; tidak ada yang bisa diusulkan.", n=cycle.number)
        )


def propose_cycle(
    program: Program,
    cycle: Cycle,
    *,
    actor: User | None,
    now: datetime | None = None,
    settings: PlannerSettings | None = None,
    progress: Callable[[int], object] | None = None,
) -> Proposal:
    """Replace the cycle's drafts by a fresh proposal (see the module docstring)."""
    now = now or datetime.now(UTC)
    settings = settings or PlannerSettings()
    today = to_local(now, WIB).date()
    _check(program, cycle, actor, today)
    flagged = flagged_unit_ids(program, today)  # refresher targets (planner.refresher)
    proposal = Proposal(program=program, cycle=cycle, replaced=clear_drafts(cycle))
    start, end = cycle_window(cycle)
    bookings = Bookings(start, end)
    bookings.load_people()
    scheduler = Scheduler(bookings, settings, cycle.ends_on)
    tree = Tree()
    first_day = next_working_day(max(cycle.starts_on, today + timedelta(days=1)))
    drafts: list[Draft] = []
    for course in sorted(program.courses, key=lambda c: c.tier):
        published = _published_last_day(course, cycle)
        summary, tier_drafts = _plan_tier(
            course, cycle, tree, scheduler, settings, first_day, today, flagged
        )
        proposal.tiers.append(summary)
        drafts += tier_drafts
        days = [d.start for d in tier_drafts]
        last = max(
            [to_local(s, WIB).date() for s in days] + ([published] if published else []),
            default=None,
        )
        if last is not None:
            first_day = next_working_day(max(first_day, last + timedelta(days=1)))
        if progress:
            progress(1)
    proposal.session_ids = _write(drafts, cycle, settings, actor, now)
    after = {
        "program": program.title,
        "cycle": cycle.number,
        "drafts": len(proposal.session_ids),
        "replaced": proposal.replaced,
    }
    record("session", "propose", user=actor, after=after, now=now)  # one entry per proposal
    return proposal


def _plan_tier(course, cycle, tree, scheduler, settings, first_day, today, flagged):
    summary = TierSummary(course=course)
    targets = with_refreshers(course, cycle, flagged, select_targets(course, cycle))
    regions = group_regions(course, targets, settings.capacity, tree)
    pool = TrainerPool(course, today)
    scheduler.bookings.load_trainers(pool.everyone)
    drafts = []
    for region in regions:
        row = RegionSummary(
            region.label, region.unit.code, region.venue.zone_label, len(region.targets)
        )
        trainers = pool.for_region(region.unit)
        chunks = split(region.targets, settings.capacity)
        for index, chunk in enumerate(chunks, start=1):
            slot = scheduler.place((course.id, region.key), trainers, region.venue, first_day)
            if slot is None:
                row.unplaced += len(chunk)
                reason = (
                    _("tidak ada pelatih yang memenuhi syarat")
                    if not trainers
                    else _("tidak ada pelatih yang bebas sebelum siklus berakhir")
                )
                if reason not in row.reasons:
                    row.reasons.append(reason)
                continue
            free = [
                t.person_id
                for t in chunk
                if scheduler.bookings.person_free(t.person_id, slot.starts_at, slot.ends_at)
            ]
            if len(free) < len(chunk):
                row.unplaced += len(chunk) - len(free)
                reason = _("sudah terjadwal di sesi lain pada waktu yang sama")
                if reason not in row.reasons:
                    row.reasons.append(reason)
            scheduler.bookings.book(slot.trainer, free, slot.starts_at, slot.ends_at)
            drafts.append(
                Draft(
                    course,
                    region,
                    index,
                    len(chunks),
                    slot.starts_at,
                    slot.ends_at,
                    slot.trainer,
                    free,
                )
            )
            row.sessions += 1
            row.placed += len(free)
            days = [summary.first_day, summary.last_day, slot.day]
            summary.first_day = min(d for d in days if d is not None)
            summary.last_day = max(d for d in days if d is not None)
        summary.regions.append(row)
    return summary, drafts


def _title(draft: Draft) -> str:
    text = f"{draft.course.title} · {draft.region.label}"
    if draft.count > 1:
        text += f" ({draft.index}/{draft.count})"
    return text[:200]


def _write(drafts: list[Draft], cycle, settings, actor, now) -> list[int]:
    """Insert the drafts, their trainers and enrolments: four statements in all."""
    if not drafts:
        return []
    actor_id = actor.id if actor is not None else None
    rows = [
        dict(
            course_id=d.course.id,
            cycle_id=cycle.id,
            series_id=None,
            recurrence_id=None,
            is_detached=False,
            title=_title(d),
            starts_at=d.start,
            ends_at=d.end,
            venue_unit_id=d.region.venue.id,
            venue="",
            online_url="",
            capacity=settings.capacity,
            audience_unit_id=d.region.unit.id,
            audience_positions=list(d.course.target_positions or []),
            status=SessionStatus.DRAFT,
            sequence=0,
            uid=d.uid,
            notes=_("Usulan perencana siklus %(n)d.", n=cycle.number),
            created_by_id=actor_id,
            created_at=now,
            updated_at=now,
        )
        for d in drafts
    ]
    db.session.execute(insert(TrainingSession), rows, execution_options=ONE_STATEMENT)
    ids = dict(
        db.session.execute(
            select(TrainingSession.uid, TrainingSession.id).where(
                TrainingSession.cycle_id == cycle.id, TrainingSession.status == SessionStatus.DRAFT
            )
        ).all()
    )
    trainer_rows = [
        {
            "session_id": ids[d.uid],
            "user_id": d.trainer.id if d.trainer.kind == "user" else None,
            "person_id": d.trainer.id if d.trainer.kind == "person" else None,
        }
        for d in drafts
    ]
    db.session.execute(insert(SessionTrainer), trainer_rows, execution_options=ONE_STATEMENT)
    enrolments = [
        dict(
            session_id=ids[d.uid],
            person_id=pid,
            status=EnrollmentStatus.ENROLLED,
            waitlist_rank=None,
            enrolled_by_id=actor_id,
            created_at=now,
            updated_at=now,
        )
        for d in drafts
        for pid in d.person_ids
    ]
    if enrolments:
        db.session.execute(insert(Enrollment), enrolments, execution_options=ONE_STATEMENT)
    return [ids[d.uid] for d in drafts]
