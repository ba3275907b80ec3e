"""Access rules of the calendar pages, iCalendar feeds and the sessions API."""

from datetime import UTC, datetime

from tests.access_rules.common import API_ANY, API_SCOPED, EVERYONE, LOGGED_IN, SCOPED_PERSON, row
from tests.factories import make_course, make_session
from training.calendar.models import CalendarFeed
from training.extensions import db

REDIRECT = row(302, 302, 302, 302, 302, 302)
UNIT_FILTER = row(302, 200, 200, 200, 200, 200)  # out of scope: said at the field
NOWHERE = row(404, 404, 404, 404, 404, 404)

RULES = {
    "calendar.index": [
        ("GET", "/calendar/", None, LOGGED_IN),
        ("GET", "/calendar/?unit={unit}&date=2026-11-01", None, UNIT_FILTER),
    ],
    "calendar.week": [("GET", "/calendar/week?date=2026-11-03", None, LOGGED_IN)],
    "calendar.agenda": [("GET", "/calendar/agenda?unit={unit}", None, UNIT_FILTER)],
    "calendar.session": [("GET", "/calendar/sessions/{cal_session}", None, SCOPED_PERSON)],
    "calendar.session_ics": [("GET", "/calendar/sessions/{cal_session}.ics", None, SCOPED_PERSON)],
    "calendar.feed": [("GET", "/calendar/feed", None, LOGGED_IN)],
    "calendar.feed_create": [("POST", "/calendar/feed", {}, REDIRECT)],
    "calendar.feed_revoke": [("POST", "/calendar/feed/revoke", {}, REDIRECT)],
    "calendar.feed_ics": [
        ("GET", "/calendar/feed/{cal_feed}.ics", None, EVERYONE),
        ("GET", "/calendar/feed/{cal_revoked}.ics", None, NOWHERE),
        ("GET", "/calendar/feed/tidak-ada.ics", None, NOWHERE),
    ],
    "api.sessions": [
        ("GET", "/api/v1/sessions", None, API_ANY),
        ("GET", "/api/v1/sessions?unit={unit}", None, API_SCOPED),
        ("GET", "/api/v1/sessions?from=2026-13-01", None, row(401, 400, 400, 400, 400, 400)),
    ],
}


def build(tree, users):
    """A session held in polres_a (inside cmd_in's command) and two feeds of the trainer."""
    session = make_session(make_course(), tree["polres_a"])
    now = datetime(2026, 10, 1, tzinfo=UTC)
    trainer = users["trainer"]
    live = CalendarFeed(user_id=trainer.id, token="matrix-feed-live", created_at=now)
    gone = CalendarFeed(
        user_id=trainer.id, token="matrix-feed-revoked", created_at=now, revoked_at=now
    )
    db.session.add_all([live, gone])
    db.session.flush()
    return {
        "cal_session": session.id,
        "cal_feed": live.token,
        "cal_revoked": gone.token,
    }
