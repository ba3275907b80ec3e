"""Access rules of the planner's online refresher proposals (blueprint ``planner_online``):
staff read them (figures cut to their scope); accepting one needs the PLAN rule and a Polda
inside the viewer's scope (polda_a: the polres_a2 trainers see only their Polres, 404)."""

from datetime import UTC, datetime, timedelta

from tests.access_rules.common import READERS, row
from tests.factories import make_course, make_program
from training.extensions import db
from training.programs.models import Cycle

ACCEPT = row(
    302, 302, 302, 403, 403, 403, trainer_regional=404, trainer_session=404, cmd_sibling=403
)

RULES = {
    "planner_online.proposals_page": [
        ("GET", "/planner/{po_program}/{po_cycle}/online", None, READERS),
        ("GET", "/planner/{po_program}/999999/online", None, row(302, 404, 404, 404, 404, 403)),
    ],
    "planner_online.accept_proposal": [
        (
            "POST",
            "/planner/{po_program}/{po_cycle}/online",
            {"course": "{po_course}", "unit": "{po_polda}"},
            ACCEPT,
        )
    ],
}


def build(tree, users):
    program = make_program()
    today = datetime.now(UTC).date()  # the pages read the real clock
    cycle = Cycle(
        program=program,
        number=1,
        starts_on=today - timedelta(days=5),
        ends_on=today + timedelta(days=60),
    )
    db.session.add(cycle)
    course = make_course(program, tier=1)
    db.session.flush()
    return {
        "po_program": program.id,
        "po_cycle": cycle.id,
        "po_course": course.id,
        "po_polda": tree["polda_a"].code,
    }
