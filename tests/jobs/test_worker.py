"""Jobs run by real Celery workers against Redis: a bulk export with its progress, a
worker killed mid-job and the job finished by another, and a job fired by beat."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from tests.factories import (
    PASSWORD,
    enrol,
    make_course,
    make_people_across_units,
    make_program,
    make_session,
    make_tree,
    make_user,
)
from tests.import_steps import token_of, upload
from tests.jobs.conftest import wait_for
from tests.jobs_factories import certified_people
from training.attendance import checkin
from training.core.timefmt import local_day
from training.extensions import db
from training.jobs.models import Job
from training.people.models import Person
from training.programs.models import CourseStatus, Cycle
from training.readiness.models import ReadinessSnapshot
from training.units.models import Unit


def _start_export(queue, certificates: int) -> tuple:
    """``certificates`` certificates, a trainer starting their ZIP: (job id, certs, client)."""
    tree = make_tree()
    course, certs = certified_people(tree, certificates, units=("polsek_a", "polsek_b", "polres_a"))
    trainer = make_user(roles=("trainer",), username="pelatih")
    db.session.commit()
    client = queue.app.test_client()
    client.post("/login", data={"username": trainer.username, "password": PASSWORD})
    response = client.post(f"/jobs/certificates?course={course.id}", data={"fmt": "zip"})
    assert response.status_code == 302, response.text
    job_id = int(response.location.rsplit("/", 1)[1])
    return job_id, certs, client


def _job(job_id: int) -> Job:
    return db.session.get(Job, job_id)


def test_a_bulk_export_runs_on_a_worker_with_its_progress_moving(queue):
    # enough certificates that a worker on a quiet machine reports progress several times
    job_id, certs, client = _start_export(queue, 400)
    assert _job(job_id).state == "queued"  # nothing ran in the web process
    queue.start()
    seen = set()

    def finished():
        job = _job(job_id)
        if job.state == "running" and 0 < job.done < job.total:
            seen.add(job.done)
        return job.state in ("done", "failed") and job

    job = wait_for(finished, 120, "the export job", queue)
    assert (job.state, job.done, job.total, job.error) == ("done", 400, 400, None)
    assert len(seen) >= 2, f"progress seen: {sorted(seen)}"
    page = client.get(f"/jobs/{job_id}").text
    assert "400 sertifikat siap diunduh." in page
    with client.get(f"/jobs/{job_id}/download") as response:
        archive = zipfile.ZipFile(io.BytesIO(response.data))
    assert archive.testzip() is None
    expected = [c.serial.replace("/", "-") + ".pdf" for c in sorted(certs, key=lambda c: c.id)]
    assert archive.namelist() == expected
    assert all(archive.read(name).startswith(b"%PDF") for name in expected[:3])


def test_a_job_whose_worker_is_killed_is_finished_by_another_worker(queue):
    job_id, certs, client = _start_export(queue, 400)  # still running when it is killed
    fast_restore = {"JOBS_VISIBILITY_TIMEOUT": 2, "JOBS_RESTORE_SECONDS": 1}
    first = queue.start(name="w1", **fast_restore)
    wait_for(lambda: _job(job_id).done >= 5, 120, "progress on the first worker", queue)
    queue.kill(first)  # SIGKILL mid-job: the message was never acknowledged
    job = _job(job_id)
    assert job.state == "running" and job.done < job.total and job.attempts == 1
    queue.start(name="w2", **fast_restore)
    job = wait_for(lambda: _job(job_id).state == "done" and _job(job_id), 120, "the rerun", queue)
    assert (job.done, job.total, job.attempts) == (400, 400, 2)
    with client.get(f"/jobs/{job_id}/download") as response:
        archive = zipfile.ZipFile(io.BytesIO(response.data))
    assert len(archive.namelist()) == 400 and archive.testzip() is None
    assert "w2@" in queue.log(name="w2") and "run_job[" in queue.log(name="w2")


def test_beat_fires_the_daily_readiness_snapshot(queue):
    make_tree()
    program = make_program()
    today = local_day()
    db.session.add(
        Cycle(
            program=program,
            number=1,
            starts_on=today - timedelta(days=3),
            ends_on=today + timedelta(days=30),
        )
    )
    db.session.commit()
    beat = {"JOBS_BEAT_SECONDS": 2}
    queue.start(**beat)
    queue.start(role="beat", name="beat", **beat)

    def snapshot_job():
        return db.session.scalar(
            select(Job).where(Job.kind == "readiness_snapshot", Job.state == "done")
        )

    job = wait_for(snapshot_job, 90, "a snapshot job started by beat", queue)
    assert job.requested_by_id is None and job.total == 1
    rows = db.session.scalar(
        select(func.count())
        .select_from(ReadinessSnapshot)
        .where(ReadinessSnapshot.program_id == program.id, ReadinessSnapshot.day == today)
    )
    assert rows == db.session.scalar(select(func.count()).select_from(Unit)) == 7


def test_a_large_people_import_is_written_by_a_worker(queue):
    tree = make_tree()
    admin = make_user(roles=("admin",), username="admin")
    db.session.commit()
    codes = [tree[key].code for key in ("polsek_a", "polsek_b", "polres_a", "polda_b")]
    ranks = ("Brigadir", "Bripda", "Aipda", "Ipda", "AKP")
    body = "nrp,nama,pangkat,jabatan,kode_satuan\n" + "".join(
        f"{84000000 + n},Orang {n},{ranks[n % 5]},Operator media sosial,{codes[n % 4]}\n"
        for n in range(5000)
    )
    client = queue.app.test_client()
    client.post("/login", data={"username": admin.username, "password": PASSWORD})
    preview = upload(client, "/people/import", body.encode())
    response = client.post("/people/import/confirm", data={"token": token_of(preview.text)})
    job_id = int(response.location.rsplit("/", 1)[1])
    assert _job(job_id).state == "queued"
    queue.start()
    job = wait_for(lambda: _job(job_id).finished and _job(job_id), 120, "the import", queue)
    assert (job.state, job.done, job.total) == ("done", 5000, 5000), job.error
    assert job.message == "Impor selesai: 5000 baru, 0 berubah, 0 pindah, 0 tidak berubah."
    imported = select(func.count(Person.id)).where(Person.nrp.like("84%"))
    assert db.session.scalar(imported) == 5000


def test_beat_brings_the_standing_of_self_check_ins_up_to_date(queue):
    """A check-in request only records the mark; beat's minute task (every 2 s here)
    refreshes the standing of everyone who checked in, on a worker."""
    tree = make_tree()
    now = datetime.now(UTC)
    session = make_session(
        make_course(tier=3), tree["polres_a"], starts_at=now - timedelta(minutes=5)
    )
    people = make_people_across_units(3, 2, parent=tree["polda_a"])
    code = checkin.codes_at(queue.app.config["SECRET_KEY"], session.uid, now).short_code
    for person in people:
        enrol(session, person)
        checkin.check_in(session, person, code, method="code", now=now)
    db.session.commit()
    course_id, ids = session.course_id, [p.id for p in people]
    beat = {"JOBS_BEAT_SECONDS": 2}
    queue.start(**beat)
    queue.start(role="beat", name="beat", **beat)

    def refreshed():
        db.session.rollback()
        rows = db.session.scalars(
            select(CourseStatus).where(
                CourseStatus.course_id == course_id, CourseStatus.person_id.in_(ids)
            )
        ).all()
        return len(rows) == len(ids) and all(r.attendance_pct == 100.0 for r in rows) and rows

    rows = wait_for(refreshed, 90, "the standings refreshed by beat", queue)
    assert {row.status for row in rows} == {"in_progress"}
