"""Access rules of the attendance exports, absence warnings and attendance/standing API."""

from tests.access_rules.common import API_SCOPED, READERS, SCOPED, row
from tests.factories import enrol, make_course, make_person, make_session

UNKNOWN = row(302, 404, 404, 404, 404, 403)

RULES = {
    "reports.session_export": [
        ("GET", "/reports/sessions/{rep_session}.csv", None, SCOPED),
        ("GET", "/reports/sessions/{rep_session}.xlsx", None, SCOPED),
        ("GET", "/reports/sessions/{rep_session}.pdf", None, row(302, 404, 404, 404, 404, 403)),
        ("GET", "/reports/sessions/999999.csv", None, UNKNOWN),
    ],
    "reports.course_export": [
        ("GET", "/reports/courses/{rep_course}.csv", None, READERS),
        ("GET", "/reports/courses/999999.xlsx", None, UNKNOWN),
    ],
    "reports.unit_export": [
        ("GET", "/reports/units/{unit}.csv", None, SCOPED),
        ("GET", "/reports/units/{unit}.xlsx?course={rep_course}", None, SCOPED),
        ("GET", "/reports/units/{unit}.csv?course=abc", None, row(302, 404, 404, 404, 404, 403)),
    ],
    "reports.warnings": [
        ("GET", "/reports/warnings", None, READERS),
        ("GET", "/reports/warnings?all=1", None, READERS),
    ],
    "api.session_attendance": [
        ("GET", "/api/v1/sessions/{rep_session}/attendance", None, API_SCOPED),
        ("GET", "/api/v1/sessions/999999/attendance", None, row(401, 404, 404, 404, 404, 404)),
    ],
    "api.person_courses": [
        ("GET", "/api/v1/people/{rep_nrp}/courses", None, API_SCOPED),
        ("GET", "/api/v1/people/{own_nrp}/courses", None, row(401, 200, 200, 200, 404, 200)),
        ("GET", "/api/v1/people/00000000/courses", None, row(401, 404, 404, 404, 404, 404)),
    ],
}


def build(tree, users):
    """A session held in polres_a with one enrolled person of polsek_a."""
    course = make_course(tier=2)
    session = make_session(course, tree["polres_a"])
    person = make_person(tree["polsek_a"], nrp="81000401")
    enrol(session, person)
    return {
        "rep_session": session.id,
        "rep_course": course.id,
        "rep_nrp": person.nrp,
        "own_nrp": users["participant"].person.nrp,
    }


RULES["reports.index"] = [
    ("GET", "/reports/", None, READERS),
    ("GET", "/reports/?go=1&course={rep_course}&fmt=xlsx", None, row(302, 302, 302, 302, 302, 403)),
    # a unit outside the viewer's scope: the form comes back with "not found"
    (
        "GET",
        "/reports/?go=1&unit={unit}",
        None,
        row(302, 302, 302, 302, 200, 403, trainer_regional=200),
    ),
]
