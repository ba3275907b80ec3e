"""Business days are local days of the unit (issue 11, point 12): never the UTC date."""

from datetime import UTC, date, datetime

from sqlalchemy import select

from tests.factories import make_course, make_course_status, make_person, make_tree, make_unit
from training.certificates.services import issue_certificate, revoke
from training.core.timefmt import local_day
from training.extensions import db as _db
from training.readiness.rollup import current_certificates

#: 02:50 WIB (Jakarta) on 3 December 2026 is still 2 December in UTC.
EARLY_WIB = datetime(2026, 12, 2, 19, 50, tzinfo=UTC)


def test_local_day_is_the_day_in_the_zone_not_in_utc():
    assert local_day(EARLY_WIB, "Asia/Jakarta") == date(2026, 12, 3)
    assert local_day(datetime(2026, 12, 2, 16, 30, tzinfo=UTC), "Asia/Jakarta") == date(2026, 12, 2)
    assert local_day(datetime(2026, 12, 2, 15, 30, tzinfo=UTC), "Asia/Jayapura") == date(
        2026, 12, 3
    )
    assert local_day(EARLY_WIB) == date(2026, 12, 3)  # WIB without a unit


def _cert(db, unit=None, now=EARLY_WIB):
    tree = make_tree()
    course = make_course(validity_months=12)
    person = make_person(unit or tree["polsek_a"], full_name="Made Wirawan")
    make_course_status(person, course, completed_on=date(2026, 11, 20))
    cert = issue_certificate(person, course, actor=None, now=now)
    db.session.commit()
    return cert


def test_issue_and_revoke_days_are_the_holders_local_days(client, db):
    cert = _cert(db)
    assert (cert.issued_on, cert.valid_until) == (date(2026, 12, 3), date(2027, 12, 2))
    assert cert.serial.startswith("SERT/2026/12/")
    revoke(cert, actor=None, reason="Data palsu", now=EARLY_WIB)
    db.session.commit()
    assert cert.revoked_on == date(2026, 12, 3)
    facts = client.get(f"/verify/{cert.verify_code}.json").get_json()["certificate"]
    assert (facts["issued_on"], facts["revoked_on"]) == ("2026-12-03", "2026-12-03")
    page = client.get(f"/verify/{cert.verify_code}").text
    assert "3 Desember 2026" in page and "2 Desember 2026" not in page  # local, not UTC


def test_new_year_in_papua_gives_next_years_serial(db):
    tree = make_tree()
    papua = make_unit(tree["mabes"], timezone="Asia/Jayapura")
    cert = _cert(db, unit=papua, now=datetime(2026, 12, 31, 15, 30, tzinfo=UTC))  # 00:30 WIT
    assert cert.issued_on == date(2027, 1, 1)
    assert cert.serial.startswith("SERT/2027/01/")


def test_readiness_history_counts_a_certificate_revoked_early_next_morning(db):
    cert = _cert(db, now=datetime(2026, 12, 1, 3, 0, tzinfo=UTC))
    revoke(cert, actor=None, reason="Data palsu", now=EARLY_WIB)
    db.session.flush()
    in_force = current_certificates(date(2026, 12, 2))
    assert _db.session.execute(select(in_force.c.person_id)).scalars().all() == [cert.person_id]
    gone = current_certificates(date(2026, 12, 3))
    assert _db.session.execute(select(gone.c.person_id)).scalars().all() == []
