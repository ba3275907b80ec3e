"""Jobs without a broker (the `make run` default): a job runs inside the request that
starts it; its page, its download, who sees it, its failure reason, its expiry."""

import io
import zipfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.factories import PASSWORD, make_tree, make_user
from tests.import_steps import token_of, upload
from tests.jobs_factories import certified_people
from training.audit.models import AuditEntry
from training.jobs import runner
from training.jobs.models import Job, JobState
from training.people.models import Person


@pytest.fixture
def tree(db):
    return make_tree()


def _get(client, url: str):
    """GET closing the response (a result file is sent from disk): (status, data, headers)."""
    with client.get(url) as response:
        return response.status_code, response.data, response.headers


def test_a_bulk_export_becomes_a_job_whose_page_offers_the_zip(client, login, tree, db):
    course, certs = certified_people(tree, 4)
    user = login("trainer")
    response = client.post(f"/jobs/certificates?course={course.id}", data={"fmt": "zip"})
    assert response.status_code == 302
    job = db.session.scalar(select(Job))
    assert response.location == f"/jobs/{job.id}"
    assert (job.state, job.done, job.total, job.requested_by_id) == ("done", 4, 4, user.id)
    page = client.get(response.location).text
    assert "4 sertifikat siap diunduh." in page and 'value="100"' in page
    assert 'http-equiv="refresh"' not in page  # finished: no more refreshing
    _status, data, headers = _get(client, f"/jobs/{job.id}/download")
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert names == [c.serial.replace("/", "-") + ".pdf" for c in sorted(certs, key=lambda c: c.id)]
    assert headers["Content-Disposition"].endswith(f"sertifikat-kursus-{course.id}.zip")
    audit = db.session.scalar(select(AuditEntry).where(AuditEntry.entity == "job"))
    assert (audit.action, audit.entity_id, audit.after["kind"]) == (
        "start",
        job.id,
        "certificates_export",
    )


def test_a_pdf_export_of_a_unit_holds_one_page_per_certificate(client, login, tree, db):
    from pypdf import PdfReader

    certified_people(tree, 3, units=("polsek_a",))
    certified_people(tree, 2, units=("polsek_b",))
    login("admin")
    response = client.post(f"/jobs/certificates?unit={tree['polres_a'].code}", data={"fmt": "pdf"})
    data = _get(client, response.location + "/download")[1]
    assert len(PdfReader(io.BytesIO(data)).pages) == 3


def test_only_the_requester_and_admins_see_a_job(client, login, tree, db, app):
    course, _certs = certified_people(tree, 1)
    user = login("trainer")
    location = client.post(f"/jobs/certificates?course={course.id}", data={"fmt": "zip"}).location
    other = app.test_client()
    stranger = make_user(roles=("trainer",), username="lain")
    admin = make_user(roles=("admin",), username="admin2")
    db.session.commit()
    other.post("/login", data={"username": stranger.username, "password": PASSWORD})
    for url in (location, location + "/download"):
        assert _get(other, url)[0] == 404
    assert location not in other.get("/jobs/").text
    boss = app.test_client()
    boss.post("/login", data={"username": admin.username, "password": PASSWORD})
    assert _get(boss, location + "/download")[0] == 200
    everyone, own = boss.get("/jobs/?all=1").text, boss.get("/jobs/").text
    assert location in everyone and location not in own
    assert '<h1 class="h3">Semua pekerjaan</h1>' in everyone
    assert '<h1 class="h3">Pekerjaan saya</h1>' in own
    trainer_row = everyone[everyone.index(location) :].split("</tr>")[0]
    assert "Dimulai oleh" in everyone and user.username in trainer_row


def test_a_failed_job_says_why_in_indonesian(client, login, tree, db, app):
    user = login("admin")
    job = Job(kind="import", params={"importer": "people", "token": "x" * 43}, state="queued")
    job.requested_by_id, job.created_at, job.attempts = user.id, datetime.now(UTC), 0
    job.done = job.total = 0
    job.message = ""
    db.session.add(job)
    db.session.commit()
    app.extensions["celery"].tasks["presisi.run_job"].apply(args=(job.id,))
    db.session.expire_all()
    assert job.state == JobState.FAILED
    page = client.get(f"/jobs/{job.id}").text
    assert "Gagal: Pratinjau impor tidak ditemukan atau sudah kedaluwarsa; unggah ulang." in page
    assert client.get(f"/jobs/{job.id}/download").status_code == 404


def test_an_unexpected_error_is_retried_then_reported(client, login, tree, db, app):
    app.config.update(JOBS_MAX_RETRIES=2, JOBS_RETRY_BACKOFF=0)
    user = login("admin")
    job = Job(kind="readiness_snapshot", params={"day": "2026-13-40x"}, state="queued")
    job.requested_by_id, job.created_at, job.attempts, job.done, job.total = (
        user.id,
        datetime.now(UTC),
        0,
        0,
        0,
    )
    job.message = ""
    db.session.add(job)
    db.session.commit()
    app.extensions["celery"].tasks["presisi.run_job"].apply(args=(job.id,))
    db.session.expire_all()
    assert (job.state, job.attempts) == ("failed", 3)
    assert job.error.startswith("Kesalahan tak terduga: ")


def test_a_large_confirmed_import_runs_as_a_job(client, login, tree, db, app):
    app.config["IMPORT_JOB_MIN_ROWS"] = 3
    login("admin")
    code = tree["polsek_a"].code
    rows = "".join(
        f"8300000{n},Orang {n},Brigadir,Operator media sosial,{code}\n" for n in range(3)
    )
    preview = upload(
        client, "/people/import", ("nrp,nama,pangkat,jabatan,kode_satuan\n" + rows).encode()
    )
    response = client.post("/people/import/confirm", data={"token": token_of(preview.text)})
    job = db.session.scalar(select(Job))
    assert response.location == f"/jobs/{job.id}"
    assert (job.kind, job.state, job.total, job.done) == ("import", "done", 3, 3)
    assert "Impor selesai: 3 baru" in client.get(response.location).text
    assert db.session.scalar(select(func.count(Person.id)).where(Person.nrp.like("8300000%"))) == 3


def test_expired_results_are_deleted_and_no_longer_offered(client, login, tree, db, app):
    course, _certs = certified_people(tree, 1)
    login("trainer")
    location = client.post(f"/jobs/certificates?course={course.id}", data={"fmt": "zip"}).location
    job = db.session.scalar(select(Job))
    path = Path(job.result_path)
    assert path.exists() and job.expires_at - job.finished_at == timedelta(days=7)
    assert runner.expire_results(job.expires_at + timedelta(seconds=1)) == 1
    db.session.commit()
    assert not path.exists()
    assert client.get(location + "/download").status_code == 404
    assert "sudah kedaluwarsa" in client.get(location).text


def test_a_queue_that_does_not_answer_fails_the_job_with_the_reason(client, login, tree, db, app):
    from training.jobs import queue, tasks

    app.config["JOBS_BROKER_URL"] = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    celery = queue.make_celery(app)
    tasks.register(celery)
    app.extensions["celery"] = celery
    course, _certs = certified_people(tree, 1)
    login("trainer")
    location = client.post(f"/jobs/certificates?course={course.id}", data={"fmt": "zip"}).location
    job = db.session.scalar(select(Job))
    assert (job.state, job.error) == (
        "failed",
        "Antrean pekerjaan tidak dapat dihubungi; coba lagi nanti.",
    )
    assert "Gagal: Antrean pekerjaan tidak dapat dihubungi" in client.get(location).text


def test_an_admin_queues_and_sends_the_reminders_as_a_job(client, login, tree, db):
    from training.certificates.models import OutboxMessage

    _course, certs = certified_people(tree, 2)
    for cert in certs:
        cert.valid_until = date.today() + timedelta(days=5)
        cert.person.email = f"{cert.holder_nrp}@polri.go.id"
    db.session.commit()
    login("admin")
    location = client.post("/jobs/reminders").location
    job = db.session.scalar(select(Job))
    assert location == f"/jobs/{job.id}" and job.state == "done"
    assert job.message.startswith("2 pengingat masuk antrean.")
    assert db.session.scalar(select(func.count(OutboxMessage.id))) >= 2


def test_a_job_started_in_english_keeps_its_messages_in_indonesian(client, login, tree, db):
    course, _certs = certified_people(tree, 2)
    login("trainer")
    client.post("/lang", data={"lang": "en"})
    location = client.post(f"/jobs/certificates?course={course.id}", data={"fmt": "zip"}).location
    assert db.session.scalar(select(Job)).message == "2 sertifikat siap diunduh."
    assert "My jobs" in client.get(location).text
