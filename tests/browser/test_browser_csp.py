"""Under the real Content-Security-Policy, Chromium reports no violation on the pages that
used to carry style attributes or script, and their layout and scripts still work."""

from datetime import UTC, datetime

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from training.extensions import db
from training.sessions.models import TrainingSession

pytestmark = pytest.mark.browser


def _some_session(app) -> tuple[int, int]:
    """A session still to come (the projector of a closed one shows no code)."""
    with app.app_context():
        session = db.session.scalar(
            select(TrainingSession)
            .where(
                TrainingSession.status == "scheduled",
                TrainingSession.starts_at > datetime.now(UTC),
            )
            .order_by(TrainingSession.id)
        )
        ids = session.id, session.course_id
        db.session.remove()
    return ids


def test_pages_render_without_csp_violations(page: Page, live_server, live_app, sign_in):
    session_id, course_id = _some_session(live_app)
    violations = []
    page.on(
        "console",
        lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    sign_in("admin")
    paths = [
        "/",
        "/calendar/",
        "/calendar/week",
        f"/assessments/courses/{course_id}/competencies",
        f"/assessments/sessions/{session_id}",
        "/outbox",
        "/audit/?entity=login",
        "/admin/users",
    ]
    for path in paths:
        response = page.goto(live_server + path)
        assert response.status < 400, path
        assert response.headers["content-security-policy"].startswith("default-src 'self'")
    page.goto(live_server + f"/attendance/sessions/{session_id}/projector")
    qr = page.locator("#qr svg")
    expect(qr).to_be_visible()
    box = qr.bounding_box()

    assert violations == []
    assert 250 <= box["width"] <= 360 and box["width"] == box["height"]
    # the collapsed navigation still opens (Bootstrap's script runs under the policy)
    page.set_viewport_size({"width": 400, "height": 800})
    page.goto(live_server + "/")
    page.locator(".navbar-toggler").click()
    expect(page.locator(".navbar-collapse")).to_be_visible()
    assert violations == []
