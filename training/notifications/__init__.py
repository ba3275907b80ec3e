"""Notifications (above sessions, enrolment, certificates and sign-off): told of events
through ``training.core.events``, they write in-app notices and outbox e-mails as each user
chose. ``init_app`` subscribes the handlers and adds the bell's ``unread_notifications()``
to the templates."""

from flask import Flask, g
from flask_login import current_user

from training.core.events import subscribe


def init_app(app: Flask) -> None:
    # the handlers import the models; loaded when the app is built, not at package import
    from training.auth.loader import read_with_account
    from training.notifications import other_events, session_events
    from training.notifications.queries import unread_column, unread_for_page

    subscribe(app, "enrolled", session_events.on_enrolled)
    subscribe(app, "waitlist_promoted", session_events.on_promoted)
    subscribe(app, "session_changed", session_events.on_session_changed)
    subscribe(app, "session_cancelled", session_events.on_session_cancelled)
    subscribe(app, "certificates_issued", other_events.on_certificates_issued)
    subscribe(app, "report_moved", other_events.on_report_moved)
    app.jinja_env.globals["unread_notifications"] = lambda: unread_for_page(current_user)
    read_with_account("_notify_unread", unread_column)  # the bell: no statement of its own
    # The count belongs to one request, even when an app context outlives it (tests).
    app.teardown_request(lambda _exc=None: g.pop("_notify_unread", None))
