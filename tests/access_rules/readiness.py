"""Access rules of the readiness pages, the gap list's enrol button, the thresholds form and
the readiness API. cmd_out is the kapolres of polres_b: they see polres_b and its Polsek
only, in HTML and in the API."""

from datetime import UTC, datetime

from tests.access_rules.common import (
    ADMIN_ONLY,
    ADMIN_ONLY_POST,
    API_SCOPED,
    READERS,
    SCOPED,
    row,
)
from tests.factories import make_course, make_person, make_program, make_session

#: A unit of cmd_out's Polres (polres_b or its Polsek): cmd_in is outside.
KAPOLRES_OWN = row(302, 200, 200, 404, 200, 403)
#: Above or beside both commanders (Polda B, Mabes): national viewers only.
NATIONAL_ONLY = row(302, 200, 200, 404, 404, 403)

RULES = {
    "readiness.dashboard": [("GET", "/readiness/", None, READERS)],
    "readiness.detail": [
        ("GET", "/readiness/units/{unit}", None, SCOPED),
        ("GET", "/readiness/units/{rd_polres_b}", None, KAPOLRES_OWN),
        ("GET", "/readiness/units/{rd_polsek_b}", None, KAPOLRES_OWN),
        ("GET", "/readiness/units/{polda_b}", None, NATIONAL_ONLY),
        ("GET", "/readiness/units/{tree_mabes}", None, NATIONAL_ONLY),
        ("GET", "/readiness/units/{unit}?program=999999", None, row(302, 404, 404, 404, 404, 403)),
    ],
    "readiness.enrol": [
        (
            "POST",
            "/readiness/enrol",
            {"person_id": "{rd_person}", "session_id": "{rd_session}"},
            row(302, 302, 302, 302, 404, 403),
        )
    ],
    # the outcome chart: every unit viewer (each sees their own command), not participants;
    # a bad level falls back to the default one, an unknown programme is a 404
    "readiness_outcome.chart": [
        ("GET", "/readiness/outcome/", None, READERS),
        ("GET", "/readiness/outcome/?level=polsek", None, READERS),
        ("GET", "/readiness/outcome/?level=x", None, READERS),
        ("GET", "/readiness/outcome/?program=999999", None, row(302, 404, 404, 404, 404, 403)),
    ],
    "readiness.thresholds": [
        ("GET", "/readiness/thresholds/{rd_program}", None, ADMIN_ONLY),
        (
            "POST",
            "/readiness/thresholds/{rd_program}",
            {
                "ready_certified_pct": "80",
                "ready_accounts_pct": "100",
                "ready_min_level": "3",
                "ready_attendance_pct": "80",
                "partial_certified_pct": "50",
                "expiring_days": "60",
                "ready_answered_pct": "90",
                "ready_p90_minutes": "60",
                "response_window_days": "30",
            },
            ADMIN_ONLY_POST,
        ),
    ],
    "readiness_api.unit_readiness": [
        ("GET", "/api/v1/units/{unit}/readiness", None, API_SCOPED),
        ("GET", "/api/v1/units/{rd_polres_b}/readiness", None, row(401, 200, 200, 404, 200, 404)),
        ("GET", "/api/v1/units/{rd_polsek_b}/readiness", None, row(401, 200, 200, 404, 200, 404)),
        ("GET", "/api/v1/units/{polda_b}/readiness", None, row(401, 200, 200, 404, 404, 404)),
        ("GET", "/api/v1/units/{tree_mabes}/readiness", None, row(401, 200, 200, 404, 404, 404)),
        (
            "GET",
            "/api/v1/units/{unit}/readiness?on=kemarin",
            None,
            row(401, 400, 400, 400, 404, 404),
        ),
    ],
}


def build(tree, users) -> dict:
    """A programme with the three tiers; an untrained kapolsek of polsek_a and an open
    tier-3 session for Polres A's kapolsek."""
    program = make_program(title="Program Kesiapan Uji")
    for tier in (1, 2):
        make_course(program, tier)
    course = make_course(program, 3)
    session = make_session(
        course,
        tree["polres_a"],
        starts_at=datetime(2031, 5, 6, 2, 0, tzinfo=UTC),
        audience_unit=tree["polres_a"],
        audience_positions=["kapolsek"],
    )
    kapolsek = make_person(tree["polsek_a"], position="kapolsek", nrp="81000901")
    return {
        "rd_program": program.id,
        "rd_session": session.id,
        "rd_person": kapolsek.id,
        "rd_polres_b": tree["polres_b"].code,
        "rd_polsek_b": tree["polsek_b"].code,
    }
