"""Access rules of the notifications pages: every signed-in user reads and marks their own."""

from datetime import UTC, datetime

from tests.access_rules.common import LOGGED_IN, row
from training.extensions import db
from training.notifications.models import Notification

SIGNED_IN_POST = row(302, 302, 302, 302, 302, 302)
#: The notification belongs to the admin: everybody else gets 404.
OWN_ONLY_POST = row(302, 302, 404, 404, 404, 404)

RULES = {
    "notifications.index": [("GET", "/notifications/", None, LOGGED_IN)],
    "notifications.read_all": [("POST", "/notifications/read-all", {}, SIGNED_IN_POST)],
    "notifications.open_": [
        ("POST", "/notifications/{notification}/open", {}, OWN_ONLY_POST),
        ("POST", "/notifications/999999/open", {}, row(302, 404, 404, 404, 404, 404)),
    ],
    "notifications.preferences": [
        ("GET", "/notifications/preferences", None, LOGGED_IN),
        ("POST", "/notifications/preferences", {"in_app": "enrolled"}, SIGNED_IN_POST),
    ],
}


def build(tree, users):
    note = Notification(
        user_id=users["admin"].id,
        kind="enrolled",
        title="Uji akses",
        body="",
        link="/jadwal-saya",
        created_at=datetime(2026, 11, 1, tzinfo=UTC),
    )
    db.session.add(note)
    db.session.flush()
    return {"notification": note.id}
