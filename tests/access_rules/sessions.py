"""Access rules of the session pages (list, new, detail, edit, cancel, duplicate)."""

from datetime import UTC, datetime

from tests.access_rules.common import READERS, UNIT_LIST, name_session_trainer, row
from tests.factories import make_course, make_session

MANAGERS = row(302, 200, 200, 403, 403, 403)
#: Seeing the session (it is aimed at polda_a, above the sibling Polres) is not managing it.
SEEN = row(302, 200, 200, 200, 404, 403, trainer_regional=200, trainer_session=200, cmd_sibling=200)
MANAGE = row(302, 200, 200, 403, 403, 403, trainer_regional=403, trainer_session=200)
MANAGE_POST = row(302, 302, 302, 403, 403, 403, trainer_regional=403, trainer_session=302)

RULES = {
    "sessions.index": [
        ("GET", "/sessions/", None, READERS),
        ("GET", "/sessions/?unit={unit}", None, UNIT_LIST),
    ],
    "sessions.new": [("GET", "/sessions/new", None, MANAGERS)],
    "sessions.detail": [
        ("GET", "/sessions/{ses_session}", None, SEEN),
        ("GET", "/sessions/999999", None, row(302, 404, 404, 404, 404, 403)),
    ],
    "sessions.edit": [("GET", "/sessions/{ses_session}/edit", None, MANAGE)],
    "sessions.cancel": [
        (
            "POST",
            "/sessions/{ses_session}/cancel",
            {"scope": "this", "reason": "Uji akses", "confirm": "y"},
            MANAGE_POST,
        )
    ],
    # a copy is a new session, checked when saved: any trainer who sees it gets the form
    "sessions.duplicate": [("GET", "/sessions/{ses_session}/duplicate", None, MANAGERS)],
}


def build(tree, users):
    """A session held in polres_a for polda_a (inside cmd_in's command, aimed above the
    sibling Polres polres_a2); trainer_session's person is its named trainer."""
    session = make_session(
        make_course(),
        tree["polres_a"],
        audience_unit=tree["polda_a"],
        starts_at=datetime(2031, 3, 4, 2, 0, tzinfo=UTC),  # still to come: managed, not closed
    )
    name_session_trainer(session, users)
    return {"ses_session": session.id}
