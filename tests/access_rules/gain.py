"""Access rules of the learning gain page (blueprint ``gain``) and its API endpoint: staff
read it for their own scope (a commander of another Polda gets their own figures, and 404
for a unit outside it); participants are refused (403 on the page, 404 in the API, which
answers so to callers who see no units)."""

from tests.access_rules.common import API_SCOPED, READERS, SCOPED, row
from tests.factories import make_course

UNKNOWN = row(302, 404, 404, 404, 404, 403)
API_READERS = row(401, 200, 200, 200, 200, 404)

RULES = {
    "gain.course": [
        ("GET", "/learning-gain/courses/{gain_course}", None, READERS),
        ("GET", "/learning-gain/courses/{gain_course}?unit={unit}", None, SCOPED),
        ("GET", "/learning-gain/courses/999999", None, UNKNOWN),
    ],
    "api.course_learning_gain": [
        ("GET", "/api/v1/courses/{gain_course}/learning-gain", None, API_READERS),
        ("GET", "/api/v1/courses/{gain_course}/learning-gain?unit={unit}", None, API_SCOPED),
    ],
}


def build(tree, users):
    return {"gain_course": make_course(tier=2).id}
