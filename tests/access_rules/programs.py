"""Access rules of the programmes feature (programmes, tiers, cascade panel, overrides)."""

from datetime import date

from tests.access_rules.common import ADMIN_ONLY, ADMIN_ONLY_POST, READERS, UNIT_LIST, row
from training.programs.services import create_cycle, create_program

RULES = {
    "programs.index": [("GET", "/programs/", None, READERS)],
    "programs.new": [
        ("GET", "/programs/new", None, ADMIN_ONLY),
        (
            "POST",
            "/programs/new",
            {
                "title": "Program Uji Akses",
                "starts_on": "2027-01-04",
                "ends_on": "2027-02-12",
                "refresher_months": "6",
                "cascade_threshold": "80",
            },
            ADMIN_ONLY_POST,
        ),
    ],
    "programs.detail": [
        ("GET", "/programs/{program}", None, READERS),
        # drilling into a region: 404 outside the viewer's subtree
        (
            "GET",
            "/programs/{program}?region={program_polda_a}",
            None,
            row(302, 200, 200, 200, 404, 403),
        ),
        (
            "GET",
            "/programs/{program}?region={program_polda_b}",
            None,
            row(302, 200, 200, 404, 404, 403),
        ),
    ],
    "programs.edit": [("GET", "/programs/{program}/edit", None, ADMIN_ONLY)],
    "programs.cycle_create": [("POST", "/programs/{program}/cycles", {}, ADMIN_ONLY_POST)],
    "programs.course_new": [("GET", "/programs/{program}/courses/new", None, ADMIN_ONLY)],
    "programs.course_edit": [("GET", "/programs/courses/{course}/edit", None, ADMIN_ONLY)],
    "programs.overrides": [
        ("GET", "/programs/courses/{course}/overrides", None, ADMIN_ONLY),
        (
            "POST",
            "/programs/courses/{course}/overrides",
            {"unit_code": "{program_polda_a}", "reason": "Uji akses"},
            ADMIN_ONLY_POST,
        ),
    ],
    "programs.trainers": [
        ("GET", "/programs/courses/{course}/trainers", None, READERS),
        ("GET", "/programs/courses/{course}/trainers?unit={program_polres_a}", None, UNIT_LIST),
    ],
}


def build(tree, users):
    program = create_program(
        "Program Akses", date(2026, 11, 1), date(2026, 12, 10), with_default_tiers=True
    )
    create_cycle(program)
    return {
        "program": program.id,
        "course": program.courses[1].id,
        "program_polda_a": tree["polda_a"].code,
        "program_polda_b": tree["polda_b"].code,
        "program_polres_a": tree["polres_a"].code,
    }
