"""Access rules of the cycle planner (review, propose, publish, move and remove drafts)."""

from datetime import UTC, datetime

from tests.access_rules.common import READERS, row
from tests.factories import make_course, make_person, make_program
from training.programs.services import create_cycle
from training.sessions.models import TrainingSession

#: Trainers and admins act (302 back to the review page); commanders read only (403).
ACT = row(302, 302, 302, 403, 403, 403)
#: Proposing a cycle is national work: a trainer of a Polres may not.
PROPOSE = row(302, 302, 302, 403, 403, 403, trainer_regional=403)
#: The draft lies outside the sibling Polres's command: its trainers do not find it.
ACT_DRAFT = row(302, 302, 302, 403, 403, 403, trainer_regional=404)

RULES = {
    "planner.index": [("GET", "/planner/", None, READERS)],
    "planner.review": [
        ("GET", "/planner/{planner_program}/{planner_cycle}", None, READERS),
        # a cycle of another programme, and an unknown cycle
        (
            "GET",
            "/planner/{planner_program}/{planner_other_cycle}",
            None,
            row(302, 404, 404, 404, 404, 403),
        ),
        ("GET", "/planner/{planner_program}/999999", None, row(302, 404, 404, 404, 404, 403)),
    ],  # fmt: skip
    "planner.propose": [
        ("POST", "/planner/{planner_program}/{planner_cycle}/propose", {}, PROPOSE)
    ],
    "planner.publish": [
        ("POST", "/planner/{planner_program}/{planner_cycle}/publish", {"tier": "1"}, ACT)
    ],
    "planner.move": [
        (
            "POST",
            "/planner/{planner_program}/{planner_cycle}/drafts/{planner_draft}/move",
            {"day": "2026-11-04", "start": "09:00"},
            ACT_DRAFT,
        ),
        (
            "POST",
            "/planner/{planner_program}/{planner_cycle}/drafts/999999/move",
            {"day": "2026-11-04", "start": "09:00"},
            row(302, 404, 404, 403, 403, 403),
        ),
    ],
    "planner.remove": [
        (
            "POST",
            "/planner/{planner_program}/{planner_cycle}/drafts/{planner_other_draft}/remove",
            {},
            # the admin (asked first) removes the draft: the trainer then finds nothing
            row(302, 302, 404, 403, 403, 403),
        )
    ],
}


def _draft(course, cycle, unit, day):
    now = datetime(2026, 10, 1, tzinfo=UTC)
    draft = TrainingSession(
        course=course,
        cycle=cycle,
        venue_unit=unit,
        audience_unit=unit,
        audience_positions=["kapolda"],
        starts_at=datetime(2027, 11, day, 2, 0, tzinfo=UTC),
        ends_at=datetime(2027, 11, day, 5, 0, tzinfo=UTC),
        status="draft",
        uid=f"planner-access-{day}@presisi",
        created_at=now,
        updated_at=now,
    )
    from training.extensions import db

    db.session.add(draft)
    db.session.flush()
    return draft


def build(tree, users):
    program = make_program(
        starts_on=datetime(2027, 11, 1).date(), ends_on=datetime(2027, 12, 10).date()
    )
    course = make_course(program, 1)
    cycle = create_cycle(program)
    other = make_program()
    other_cycle = create_cycle(other)
    make_person(tree["polda_a"], position="kapolda")
    return {
        "planner_program": program.id,
        "planner_cycle": cycle.id,
        "planner_other_cycle": other_cycle.id,
        "planner_draft": _draft(course, cycle, tree["polda_a"], 3).id,
        "planner_other_draft": _draft(course, cycle, tree["polda_a"], 4).id,
    }
