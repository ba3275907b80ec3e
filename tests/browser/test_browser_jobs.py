"""A bulk certificate ZIP started from the certificates page becomes a job whose page offers
the file; a running job's page refreshes itself (no script: CSP-safe) until it is done."""

import io
import re
import zipfile
from datetime import UTC, datetime

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import func, select

from training.auth.models import User
from training.certificates.models import Certificate
from training.extensions import db
from training.jobs.models import Job, JobState

pytestmark = pytest.mark.browser


def _watch_csp(page: Page) -> list[str]:
    violations = []
    page.on(
        "console",
        lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    return violations


def _course_with_certificates(app) -> tuple[int, int]:
    with app.app_context():
        course_id, count = db.session.execute(
            select(Certificate.course_id, func.count())
            .where(Certificate.state == "valid")
            .group_by(Certificate.course_id)
            .order_by(func.count().desc())
        ).first()
        db.session.remove()
    return course_id, count


def test_a_bulk_zip_started_on_the_certificates_page_is_offered_on_its_job_page(
    page: Page, live_server, live_app, sign_in
):
    course_id, count = _course_with_certificates(live_app)
    violations = _watch_csp(page)
    sign_in("admin")
    page.goto(live_server + f"/certificates/?course={course_id}")
    page.get_by_role("button", name="Unduh semua (ZIP)").click()
    expect(page).to_have_url(re.compile(r"/jobs/\d+$"))
    expect(page.locator("#job-message")).to_have_text(f"{count} sertifikat siap diunduh.")
    with page.expect_download() as info:
        page.locator("#job-download").click()
    with open(info.value.path(), "rb") as handle:
        assert len(zipfile.ZipFile(io.BytesIO(handle.read())).namelist()) == count
    page.locator("#nav-account").click()  # the account menu holds "Pekerjaan saya"
    page.locator("#nav-main").get_by_role("link", name="Pekerjaan saya").click()
    expect(page.locator("table")).to_contain_text("Unduhan sertifikat massal")
    assert violations == []


def test_a_running_job_page_refreshes_itself_until_the_job_is_done(
    page: Page, live_server, live_app, sign_in
):
    with live_app.app_context():
        admin = db.session.scalar(select(User).where(User.username == "admin"))
        job = Job(kind="reminders", params={}, requested_by_id=admin.id, state=JobState.RUNNING)
        job.done, job.total, job.message, job.attempts = 0, 10, "", 1
        job.created_at = datetime.now(UTC)
        db.session.add(job)
        db.session.commit()
        job_id = job.id
        db.session.remove()
    violations = _watch_csp(page)
    sign_in("admin")
    page.goto(live_server + f"/jobs/{job_id}")
    expect(page.locator("#job-count")).to_contain_text("0 dari 10")

    def update(**values):
        with live_app.app_context():
            db.session.execute(db.update(Job).where(Job.id == job_id).values(**values))
            db.session.commit()
            db.session.remove()

    update(done=7)
    expect(page.locator("#job-count")).to_contain_text("7 dari 10", timeout=8000)
    expect(page.locator("#job-progress")).to_have_attribute("value", "70")
    update(state=JobState.DONE, done=10, message="Selesai semua.")
    expect(page.locator("#job-message")).to_have_text("Selesai semua.", timeout=8000)
    assert violations == []
