"""Access rules of the readiness downloads: PDF report, unit rows and gap list (CSV/XLSX)."""

from datetime import timedelta

from tests.access_rules.common import SCOPED, row
from tests.factories import make_course, make_person, make_program
from training.core.timefmt import local_day
from training.programs.services import create_cycle

UNKNOWN = row(302, 404, 404, 404, 404, 403)

RULES = {
    "readiness_reports.report_pdf": [
        ("GET", "/readiness/units/{unit}/report.pdf", None, SCOPED),
        ("GET", "/readiness/units/{unit_b}/report.pdf", None, row(302, 200, 200, 404, 200, 403)),
        ("GET", "/readiness/units/NOPE/report.pdf", None, UNKNOWN),
        ("GET", "/readiness/units/{unit}/report.pdf?program=999999", None, UNKNOWN),
    ],
    "readiness_reports.children": [
        ("GET", "/readiness/units/{unit}/readiness.csv", None, SCOPED),
        ("GET", "/readiness/units/{unit}/readiness.xlsx", None, SCOPED),
        ("GET", "/readiness/units/{unit_b}/readiness.csv", None, row(302, 200, 200, 404, 200, 403)),
        ("GET", "/readiness/units/{unit}/readiness.doc", None, UNKNOWN),
    ],
    "readiness_reports.gap_list": [
        ("GET", "/readiness/units/{unit}/gaps.csv", None, SCOPED),
        ("GET", "/readiness/units/{unit}/gaps.xlsx", None, SCOPED),
        ("GET", "/readiness/units/{unit_b}/gaps.xlsx", None, row(302, 200, 200, 404, 200, 403)),
        ("GET", "/readiness/units/{unit}/gaps.pdf", None, UNKNOWN),
    ],
}


def build(tree, users):
    """A programme running today with a tier-2 course; a kapolres in each region."""
    today = local_day()
    program = make_program(starts_on=today - timedelta(days=10), ends_on=today + timedelta(days=30))
    create_cycle(program, 1)
    make_course(program, tier=2)
    make_person(tree["polres_a"], position="kapolres", nrp="81000801")
    make_person(tree["polres_b"], position="kapolres", nrp="81000802")
    return {"unit_b": tree["polres_b"].code}
