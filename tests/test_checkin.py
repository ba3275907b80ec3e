"""QR/code self check-in: code rotation, the window, enrolment, lateness, idempotence."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from tests.factories import enrol, make_course, make_person, make_session, make_tree
from training.attendance import checkin, services
from training.attendance.models import Attendance
from training.audit.models import AuditEntry
from training.errors import RuleViolation

START = datetime(2026, 11, 3, 2, 0, tzinfo=UTC)  # 09.00 WIB, on a 30-second boundary
SECRET = "test-secret"


@pytest.fixture
def world(db):
    tree = make_tree()
    course = make_course(tier=3, late_grace_minutes=15)
    session = make_session(course, tree["polres_a"], starts_at=START)
    person = make_person(tree["polsek_a"])
    enrol(session, person)
    return {"tree": tree, "course": course, "session": session, "person": person}


def code_at(session, when):
    return checkin.codes_at(SECRET, session.uid, when).short_code


def test_codes_are_the_same_within_a_window_and_differ_across_windows():
    first = checkin.codes_at(SECRET, "uid-1", START)
    same = checkin.codes_at(SECRET, "uid-1", START + timedelta(seconds=29))
    nxt = checkin.codes_at(SECRET, "uid-1", START + timedelta(seconds=30))

    assert first == checkin.Codes(first.window, first.url_code, first.short_code, 30)
    assert (same.url_code, same.short_code) == (first.url_code, first.short_code)
    assert nxt.window == first.window + 1
    assert nxt.short_code != first.short_code and nxt.url_code != first.url_code


def test_short_code_uses_six_unambiguous_characters():
    codes = {checkin.short_code(SECRET, "uid-1", w) for w in range(500)}

    assert all(len(c) == 6 and not set(c) & set("0O1I") for c in codes)
    assert len(codes) == 500


def test_code_of_previous_window_is_accepted_only_within_the_grace():
    old = checkin.short_code(SECRET, "uid-1", checkin.window_of(START) - 1)

    assert checkin.code_matches(SECRET, "uid-1", old, START + timedelta(seconds=4))
    assert not checkin.code_matches(SECRET, "uid-1", old, START + timedelta(seconds=5))


def test_typed_code_ignores_case_spaces_and_dashes():
    code = checkin.short_code(SECRET, "uid-1", checkin.window_of(START))

    assert checkin.code_matches(SECRET, "uid-1", f" {code[:3].lower()}-{code[3:]} ", START)


def test_a_typed_code_with_non_ascii_letters_or_digits_is_refused_not_an_error():
    code = checkin.short_code(SECRET, "uid-1", checkin.window_of(START))

    assert checkin.code_matches(SECRET, "uid-1", f"{code}ß", START)  # the extra is ignored
    assert not checkin.code_matches(SECRET, "uid-1", "²٣ßé", START)
    assert not checkin.code_matches(SECRET, "uid-1", "ÀBÇDÉF", START)


def test_check_in_at_start_marks_present(world):
    s, p = world["session"], world["person"]

    row = checkin.check_in(s, p, code_at(s, START), method="code", now=START)

    assert (row.status, row.method, row.checked_in_at) == ("hadir", "code", START)
    audit = AuditEntry.query.filter_by(entity="attendance", person_id=p.id).one()
    assert audit.after == {"status": "hadir", "note": "", "method": "code"}


def test_qr_url_code_is_accepted(world):
    s, p = world["session"], world["person"]
    url_code = checkin.codes_at(SECRET, s.uid, START).url_code

    assert checkin.check_in(s, p, url_code, method="qr", now=START).method == "qr"


def test_replayed_code_from_an_earlier_window_is_refused(world):
    s, p = world["session"], world["person"]
    old = code_at(s, START)

    with pytest.raises(RuleViolation, match="kedaluwarsa"):
        checkin.check_in(s, p, old, method="code", now=START + timedelta(seconds=65))


def test_code_of_another_session_is_refused(world):
    s, p = world["session"], world["person"]
    other = make_session(world["course"], world["tree"]["polres_a"], starts_at=START)

    with pytest.raises(RuleViolation, match="kedaluwarsa"):
        checkin.check_in(s, p, code_at(other, START), method="code", now=START)


@pytest.mark.parametrize(
    "when", [START - timedelta(minutes=31), START + timedelta(hours=2, seconds=1)]
)
def test_check_in_outside_the_window_is_refused(world, when):
    s, p = world["session"], world["person"]

    with pytest.raises(RuleViolation, match="belum dibuka|berakhir"):
        checkin.check_in(s, p, code_at(s, when), method="code", now=when)


def test_check_in_opens_thirty_minutes_before_start(world):
    s, p = world["session"], world["person"]
    when = START - timedelta(minutes=30)

    assert checkin.check_in(s, p, code_at(s, when), method="code", now=when).status == "hadir"


def test_person_not_enrolled_is_refused(world):
    s = world["session"]
    stranger = make_person(world["tree"]["polsek_a"])

    with pytest.raises(RuleViolation, match="tidak terdaftar"):
        checkin.check_in(s, stranger, code_at(s, START), method="code", now=START)


@pytest.mark.parametrize(
    ("seconds_after_start", "status"),
    [(15 * 60, "hadir"), (15 * 60 + 1, "terlambat")],
)
def test_late_after_the_course_grace(world, seconds_after_start, status):
    s, p = world["session"], world["person"]
    when = START + timedelta(seconds=seconds_after_start)

    assert checkin.check_in(s, p, code_at(s, when), method="code", now=when).status == status


def test_checking_in_twice_changes_nothing(world, db):
    s, p = world["session"], world["person"]
    first = checkin.check_in(s, p, code_at(s, START), method="code", now=START)
    later = START + timedelta(minutes=40)

    again = checkin.check_in(s, p, code_at(s, later), method="qr", now=later)

    assert again.id == first.id
    assert (again.status, again.method, again.checked_in_at) == ("hadir", "code", START)
    assert db.session.scalar(select(func.count()).select_from(Attendance)) == 1


def test_check_in_never_overrides_the_trainers_mark(world, login):
    s, p = world["session"], world["person"]
    trainer = login("trainer")
    services.save_roll_call(
        s, [services.Mark(p.id, "sakit", "surat dokter")], actor=trainer, now=START
    )

    row = checkin.check_in(s, p, code_at(s, START), method="code", now=START)

    assert (row.status, row.note, row.method) == ("sakit", "surat dokter", "roll_call")


def test_check_in_refused_after_sign_off(world, login):
    s, p = world["session"], world["person"]
    trainer = login("trainer")
    services.save_roll_call(s, [services.Mark(p.id, "alpa")], actor=trainer, now=START)
    services.sign_off(s, actor=trainer, now=START)
    newcomer = make_person(world["tree"]["polsek_a"])
    enrol(s, newcomer)

    with pytest.raises(RuleViolation, match="ditandatangani"):
        checkin.check_in(s, newcomer, code_at(s, START), method="code", now=START)


@pytest.mark.parametrize(
    "offset, code, refusal",
    [
        (timedelta(minutes=10), "ZZZZZZ", "salah"),  # inside the window, wrong code
        (timedelta(hours=3), "ZZZZZZ", "berakhir"),  # after the end, any code
        (timedelta(hours=3), None, "berakhir"),  # after the end, the code of that time
        (timedelta(hours=-1), None, "belum dibuka"),  # before the window opens
    ],
)
def test_already_marked_person_is_refused_like_anyone(world, login, offset, code, refusal):
    s, p = world["session"], world["person"]
    trainer = login("trainer")
    services.save_roll_call(s, [services.Mark(p.id, "alpa")], actor=trainer, now=START)
    when = START + offset

    with pytest.raises(RuleViolation, match=refusal):
        checkin.check_in(s, p, code or code_at(s, when), method="code", now=when)


def test_already_marked_person_with_a_valid_code_is_told_the_mark(world, login):
    s, p = world["session"], world["person"]
    trainer = login("trainer")
    services.save_roll_call(s, [services.Mark(p.id, "alpa")], actor=trainer, now=START)
    services.sign_off(s, actor=trainer, now=START)
    when = START + timedelta(minutes=10)

    row = checkin.check_in(s, p, code_at(s, when), method="code", now=when)

    assert (row.status, row.method) == ("alpa", "roll_call")
