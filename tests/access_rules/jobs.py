"""Access rules of the job pages: a job and its result are seen by its requester (here
the national trainer) and admins only; starting a bulk certificate job follows the scope
of the certificates' bulk download."""

import uuid
from datetime import UTC, datetime, timedelta

from tests.access_rules.common import ADMIN_ONLY_POST, LOGGED_IN, row
from training.extensions import db
from training.jobs.models import Job, JobState
from training.jobs.runner import result_dir

OWNER_ONLY = row(302, 200, 200, 404, 404, 404, trainer_regional=404)

RULES = {
    "jobs.index": [
        ("GET", "/jobs/", None, LOGGED_IN),
        ("GET", "/jobs/?all=1", None, LOGGED_IN),
    ],
    "jobs.detail": [
        ("GET", "/jobs/{job}", None, OWNER_ONLY),
        ("GET", "/jobs/999999", None, row(302, 404, 404, 404, 404, 404)),
    ],
    "jobs.download": [
        ("GET", "/jobs/{job}/download", None, OWNER_ONLY),
        # a job still running has nothing to download yet, even for its requester
        ("GET", "/jobs/{running_job}/download", None, row(302, 404, 404, 404, 404, 404)),
    ],
    "jobs.start_certificates": [
        (
            "POST",
            "/jobs/certificates?unit={unit}",
            {"fmt": "zip"},
            row(302, 302, 302, 302, 404, 403),
        ),
        # no course, session or unit: back to the certificates page
        ("POST", "/jobs/certificates", {"fmt": "pdf"}, row(302, 302, 302, 302, 302, 403)),
    ],
    "jobs.start_reminders": [("POST", "/jobs/reminders", {}, ADMIN_ONLY_POST)],
}


def build(tree, users):
    """A finished job of the national trainer with its result file, and a running one."""
    # in the test instance's result folder, removed with it when the tests end
    path = result_dir() / f"job-matrix-{uuid.uuid4().hex}.zip"
    path.write_bytes(b"PK\x05\x06" + b"\x00" * 18)  # an empty ZIP
    now = datetime.now(UTC)
    common = {"kind": "certificates_export", "params": {}, "attempts": 1, "created_at": now}
    done = Job(
        **common,
        requested_by_id=users["trainer"].id,
        state=JobState.DONE,
        done=1,
        total=1,
        message="",
        result_path=str(path),
        result_name="sertifikat.zip",
        finished_at=now,
        expires_at=now + timedelta(days=7),
    )
    running = Job(**common, requested_by_id=users["trainer"].id, state=JobState.RUNNING)
    running.done, running.total, running.message = 0, 10, ""
    db.session.add_all([done, running])
    db.session.flush()
    return {"job": done.id, "running_job": running.id}
