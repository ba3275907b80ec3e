"""What the drill pages show, shaped from the database: a session's drills, the scoring
board (participants × mentions, limited to the viewer's scope unless they run the drill),
a participant's own turn and their drills."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from training.assessments.drill_models import Drill, DrillReply
from training.assessments.drill_results import all_replies, outcomes
from training.assessments.drill_services import replies_of
from training.extensions import db
from training.people.models import Person
from training.policy.scope import can_see_person, scope_of
from training.sessions.enrollments import Enrollment, EnrollmentStatus


def session_drills(session_id: int) -> list[tuple[Drill, int, int]]:
    """(drill, participants, replies) of a session, newest first."""
    drills = list(
        db.session.scalars(
            select(Drill).where(Drill.session_id == session_id).order_by(Drill.id.desc())
        )
    )
    counts = dict(
        db.session.execute(
            select(DrillReply.drill_id, func.count(func.distinct(DrillReply.person_id)))
            .where(DrillReply.drill_id.in_([d.id for d in drills]))
            .group_by(DrillReply.drill_id)
        ).all()
    )
    answered = dict(
        db.session.execute(
            select(DrillReply.drill_id, func.count())
            .where(DrillReply.drill_id.in_([d.id for d in drills]))
            .where(DrillReply.replied_at.is_not(None))
            .group_by(DrillReply.drill_id)
        ).all()
    )
    return [(d, counts.get(d.id, 0), answered.get(d.id, 0)) for d in drills]


@dataclass
class Board:
    people: list[Person]
    replies: dict  # (person id, item id) → DrillReply
    outcomes: dict  # person id → Outcome
    hidden: int  # participants outside the viewer's scope


def board(drill: Drill, user, *, everyone: bool) -> Board:
    """The scoring board: every participant shown a mention (``everyone``: the drill's
    trainers), else only those the viewer may see (a commander's subtree)."""
    replies = all_replies(drill)
    results = outcomes(drill, replies)
    ids = sorted(results)
    people = list(
        db.session.scalars(
            select(Person)
            .where(Person.id.in_(ids))
            .options(joinedload(Person.unit))
            .order_by(Person.full_name, Person.id)
        )
    )
    if not everyone:
        scope = scope_of(user)
        people = [p for p in people if can_see_person(scope, p)]
    shown = {p.id for p in people}
    return Board(
        people,
        {(r.person_id, r.item_id): r for r in replies if r.person_id in shown},
        {pid: o for pid, o in results.items() if pid in shown},
        len(ids) - len(people),
    )


@dataclass
class Turn:
    """A participant's state in a drill: the current mention (shown, not answered), the
    answered ones, and how many are left to show."""

    current: DrillReply | None
    answered: list[DrillReply]
    remaining: int
    outcome: object = None


def turn(drill: Drill, person_id: int) -> Turn:
    replies = replies_of(drill, person_id)
    current = next((r for r in replies.values() if r.replied_at is None), None)
    answered = sorted(
        (r for r in replies.values() if r.replied_at is not None), key=lambda r: r.item.position
    )
    remaining = len(drill.items) - len(replies)
    outcome = None if drill.is_open else outcomes(drill, list(replies.values())).get(person_id)
    return Turn(current, answered, remaining, outcome)


def my_drills(person_id: int) -> list[tuple[Drill, object]]:
    """The drills of the sessions the person is enrolled in, newest first, with their
    outcome once finished."""
    enrolled = select(Enrollment.session_id).where(
        Enrollment.person_id == person_id, Enrollment.status == EnrollmentStatus.ENROLLED
    )
    drills = db.session.scalars(
        select(Drill).where(Drill.session_id.in_(enrolled)).order_by(Drill.started_at.desc())
    )
    rows = []
    for drill in drills:
        own = list(replies_of(drill, person_id).values())  # not the whole class's
        outcome = None if drill.is_open else outcomes(drill, own).get(person_id)
        rows.append((drill, outcome))
    return rows
