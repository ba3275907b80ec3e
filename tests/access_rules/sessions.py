"""Access rules of the session pages (list, new, detail, edit, cancel, duplicate)."""

from tests.access_rules.common import READERS, SCOPED, row
from tests.factories import make_course, make_session

MANAGERS = row(302, 200, 200, 403, 403, 403)
MANAGERS_POST = row(302, 302, 302, 403, 403, 403)

RULES = {
    "sessions.index": [
        ("GET", "/sessions/", None, READERS),
        ("GET", "/sessions/?unit={unit}", None, row(302, 200, 200, 200, 404, 403)),
    ],
    "sessions.new": [("GET", "/sessions/new", None, MANAGERS)],
    "sessions.detail": [
        ("GET", "/sessions/{ses_session}", None, SCOPED),
        ("GET", "/sessions/999999", None, row(302, 404, 404, 404, 404, 403)),
    ],
    "sessions.edit": [("GET", "/sessions/{ses_session}/edit", None, MANAGERS)],
    "sessions.cancel": [
        ("POST", "/sessions/{ses_session}/cancel", {"scope": "this"}, MANAGERS_POST)
    ],
    "sessions.duplicate": [("GET", "/sessions/{ses_session}/duplicate", None, MANAGERS)],
}


def build(tree, users):
    """A session held in polres_a for polres_a (inside cmd_in's command)."""
    session = make_session(make_course(), tree["polres_a"], audience_unit=tree["polres_a"])
    return {"ses_session": session.id}
