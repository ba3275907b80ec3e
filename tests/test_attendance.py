"""Roll call: saving the sheet, mark-all-present, overrides, sign-off lock, statement bounds,
and the sheet pages."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from tests.factories import (
    enrol,
    make_course,
    make_people_across_units,
    make_person,
    make_session,
    make_tree,
    make_user,
)
from tests.statements import count_statements
from training.attendance import checkin, services
from training.attendance.models import Attendance, AttendanceSignoff
from training.attendance.services import Mark
from training.audit.models import AuditEntry
from training.errors import RuleViolation
from training.programs.models import CourseStatus
from training.sessions.models import SessionTrainer

START = datetime(2026, 11, 3, 2, 0, tzinfo=UTC)


def make_class(size: int):
    tree = make_tree()
    course = make_course(tier=3)
    session = make_session(course, tree["polres_a"], starts_at=START)
    people = [make_person(tree["polsek_a"]) for _ in range(size)]
    for person in people:
        enrol(session, person)
    return tree, session, people


def marks_of(session):
    rows = Attendance.query.filter_by(session_id=session.id).all()
    return {r.person_id: (r.status, r.note, r.method) for r in rows}


@pytest.fixture
def trainer(db):
    return make_user(roles=("trainer",))


@pytest.fixture
def admin(db):
    return make_user(roles=("admin",))


def test_save_roll_call_records_each_mark_and_audits_it(db, trainer):
    _tree, session, (a, b, c) = make_class(3)

    changed = services.save_roll_call(
        session,
        [Mark(a.id, "hadir"), Mark(b.id, "izin", "tugas ke Polda"), Mark(c.id, "")],
        actor=trainer,
        now=START,
    )

    assert changed == {a.id, b.id}
    assert marks_of(session) == {
        a.id: ("hadir", "", "roll_call"),
        b.id: ("izin", "tugas ke Polda", "roll_call"),
    }
    audits = AuditEntry.query.filter_by(entity="attendance", action="create").all()
    assert {(e.person_id, e.after["status"], e.user_id) for e in audits} == {
        (a.id, "hadir", trainer.id),
        (b.id, "izin", trainer.id),
    }


def test_mark_all_present_fills_only_unmarked_people(db, trainer):
    _tree, session, (a, b, c) = make_class(3)
    services.save_roll_call(session, [Mark(a.id, "sakit")], actor=trainer, now=START)

    services.save_roll_call(
        session, [Mark(b.id, "alpa")], actor=trainer, now=START, mark_all_present=True
    )

    assert {pid: m[0] for pid, m in marks_of(session).items()} == {
        a.id: "sakit",
        b.id: "alpa",
        c.id: "hadir",
    }


def test_unchanged_marks_are_not_rewritten(db, trainer):
    _tree, session, (a,) = make_class(1)
    services.save_roll_call(session, [Mark(a.id, "hadir")], actor=trainer, now=START)

    changed = services.save_roll_call(session, [Mark(a.id, "hadir")], actor=trainer, now=START)

    assert changed == set()
    assert AuditEntry.query.filter_by(entity="attendance").count() == 1


def test_trainer_mark_overrides_a_self_check_in(app, db, trainer):
    _tree, session, (a,) = make_class(1)
    code = checkin.codes_at(app.config["SECRET_KEY"], session.uid, START).short_code
    checkin.check_in(session, a, code, method="code", now=START)

    services.save_roll_call(
        session,
        [Mark(a.id, "terlambat", "datang 09.40")],
        actor=trainer,
        now=START + timedelta(hours=1),
    )

    row = Attendance.query.one()
    assert (row.status, row.note, row.method, row.checked_in_at) == (
        "terlambat",
        "datang 09.40",
        "roll_call",
        START,
    )
    audit = AuditEntry.query.filter_by(action="update").one()
    assert audit.before == {"status": "hadir", "note": "", "method": "code"}
    assert audit.after == {"status": "terlambat", "note": "datang 09.40", "method": "roll_call"}


def test_roll_call_refuses_unknown_status_and_people_not_enrolled_saving_nothing(db, trainer):
    tree, session, (a,) = make_class(1)
    stranger = make_person(tree["polsek_a"])

    with pytest.raises(RuleViolation, match="tidak terdaftar"):
        services.save_roll_call(
            session, [Mark(a.id, "hadir"), Mark(stranger.id, "hadir")], actor=trainer
        )
    with pytest.raises(RuleViolation, match="tidak dikenal"):
        services.save_roll_call(session, [Mark(a.id, "bolos")], actor=trainer)

    assert marks_of(session) == {}


def test_roll_call_refreshes_course_standing(db, trainer):
    _tree, session, (a,) = make_class(1)

    services.save_roll_call(session, [Mark(a.id, "hadir")], actor=trainer, now=START)

    status = db.session.scalar(select(CourseStatus).where(CourseStatus.person_id == a.id))
    assert status is not None and status.attendance_pct == 100.0


def test_sign_off_needs_every_person_marked(db, trainer):
    _tree, session, (a, b) = make_class(2)
    services.save_roll_call(session, [Mark(a.id, "hadir")], actor=trainer, now=START)

    with pytest.raises(RuleViolation, match="1 peserta"):
        services.sign_off(session, actor=trainer, now=START)


def test_sign_off_locks_the_sheet_for_trainers(db, trainer):
    _tree, session, (a,) = make_class(1)
    services.save_roll_call(session, [Mark(a.id, "hadir")], actor=trainer, now=START)
    services.sign_off(session, actor=trainer, now=START + timedelta(hours=2))

    with pytest.raises(RuleViolation, match="hanya admin"):
        services.save_roll_call(session, [Mark(a.id, "alpa")], actor=trainer)

    assert marks_of(session)[a.id][0] == "hadir"
    assert AuditEntry.query.filter_by(entity="attendance_signoff").one().user_id == trainer.id


def test_admin_changes_a_signed_sheet_only_with_a_reason(db, trainer, admin):
    _tree, session, (a,) = make_class(1)
    services.save_roll_call(session, [Mark(a.id, "alpa")], actor=trainer, now=START)
    services.sign_off(session, actor=trainer, now=START + timedelta(hours=2))

    with pytest.raises(RuleViolation, match="alasan"):
        services.save_roll_call(session, [Mark(a.id, "sakit")], actor=admin)
    services.save_roll_call(
        session, [Mark(a.id, "sakit")], actor=admin, reason="Surat sakit menyusul"
    )

    assert marks_of(session)[a.id] == ("sakit", "", "admin")
    audit = AuditEntry.query.filter_by(entity="attendance", action="update").one()
    assert (audit.user_id, audit.reason, audit.before["status"], audit.after["status"]) == (
        admin.id,
        "Surat sakit menyusul",
        "alpa",
        "sakit",
    )


def _count_roll_call(size: int, monkeypatch) -> int:
    """Statements of the roll call itself; the standing engine (called once with every
    changed person) has its own statement-count test."""
    calls = []
    monkeypatch.setattr(
        "training.standing.engine.refresh_standing",
        lambda course, ids, **kw: calls.append(sorted(ids)),
    )
    _tree, session, people = make_class(size)
    trainer = make_user(roles=("trainer",))
    statuses = ["hadir", "terlambat", "izin", "alpa"]
    first = [Mark(p.id, statuses[i % 4]) for i, p in enumerate(people[: size // 2])]
    services.save_roll_call(session, first, actor=trainer, now=START)
    marks = [Mark(p.id, statuses[(i + 1) % 4], "cek") for i, p in enumerate(people)]
    with count_statements() as statements:
        services.save_roll_call(session, marks, actor=trainer, now=START)
    assert calls[-1] == sorted(p.id for p in people)
    return len(statements)


def test_roll_call_statement_count_does_not_grow_with_the_class(db, monkeypatch):
    ten, forty = _count_roll_call(10, monkeypatch), _count_roll_call(40, monkeypatch)

    assert forty == ten == 6


def test_sheet_page_lists_enrolled_people_with_a_labelled_status_per_row(client, login, db):
    _tree, session, (a, b) = make_class(2)
    db.session.commit()
    login("trainer")

    html = client.get(f"/attendance/sessions/{session.id}").text

    assert f'<label class="visually-hidden" for="status-{a.id}">' in html
    assert f'name="note-{b.id}"' in html
    assert "Tandai semua hadir" in html


def test_posting_the_sheet_with_the_all_present_flag_marks_everyone(client, login, db):
    _tree, session, (a, b) = make_class(2)
    db.session.commit()
    login("trainer")

    response = client.post(
        f"/attendance/sessions/{session.id}", data={f"status-{a.id}": "izin", "all_present": "1"}
    )

    assert response.status_code == 302
    assert {pid: m[0] for pid, m in marks_of(session).items()} == {a.id: "izin", b.id: "hadir"}


def test_sheet_json_reports_current_marks(client, login, db):
    _tree, session, (a, b) = make_class(2)
    trainer = login("trainer")
    services.save_roll_call(session, [Mark(a.id, "sakit")], actor=trainer, now=START)
    db.session.commit()

    data = client.get(f"/attendance/sessions/{session.id}/sheet.json").get_json()

    assert data["marks"][str(b.id)] is None
    assert data["marks"][str(a.id)]["status"] == "sakit"
    assert data["signed_off"] is False


def test_commander_sees_only_people_of_the_subtree_read_only(client, login, db):
    tree, session, (a,) = make_class(1)
    outsider = make_person(tree["polsek_b"], full_name="Orang Luar Wilayah")
    enrol(session, outsider)
    db.session.commit()
    login("commander", unit=tree["polres_a"])

    html = client.get(f"/attendance/sessions/{session.id}").text

    assert a.full_name in html and "Orang Luar Wilayah" not in html
    assert "Simpan daftar hadir" not in html


def test_a_commander_who_sees_none_of_the_class_is_told_so_not_that_nobody_enrolled(
    client, login, db
):
    tree, session, _people = make_class(2)  # everyone in a Polsek of Polda A
    session.audience_unit = tree["mabes"]  # aimed at the nation: Polda B reads its sheet
    db.session.commit()
    login("commander", unit=tree["polda_b"])

    html = client.get(f"/attendance/sessions/{session.id}").text

    assert "Belum ada peserta terdaftar yang dapat Anda lihat." in html


def test_signed_sheet_is_read_only_for_trainers_with_who_and_when(client, login, db):
    _tree, session, (a,) = make_class(1)
    trainer = login("trainer")
    services.save_roll_call(session, [Mark(a.id, "hadir")], actor=trainer, now=START)
    db.session.add(
        AttendanceSignoff(session_id=session.id, signed_by_id=trainer.id, signed_at=START)
    )
    db.session.commit()

    html = client.get(f"/attendance/sessions/{session.id}").text

    assert f"Ditandatangani oleh {trainer.username}" in html
    assert "Simpan daftar hadir" not in html


def test_projector_shows_the_current_typed_code_and_a_qr_svg(client, login, db):
    _tree, session, _people = make_class(1)
    session.starts_at = datetime.now(UTC) + timedelta(minutes=10)  # not over yet
    session.ends_at = session.starts_at + timedelta(hours=2)
    db.session.commit()
    login("trainer")

    html = client.get(f"/attendance/sessions/{session.id}/projector").text
    data = client.get(f"/attendance/sessions/{session.id}/code.json").get_json()

    assert "<svg" in html and 'id="short-code"' in html
    assert len(data["code"]) == 6 and data["svg"].startswith("<svg")
    assert f"/attendance/c/{session.id}/" in data["url"]


def _sheet_world(n_units: int, per_unit: int):
    """A Polda-wide session: people of ``n_units`` Polres (varied ranks and positions),
    a third of them checked in, a third marked by the trainer, the rest unmarked."""
    tree = make_tree()
    session = make_session(make_course(tier=3), tree["polres_a"], starts_at=START)
    people = make_people_across_units(n_units, per_unit, parent=tree["polda_a"])
    for person in people:
        enrol(session, person)
    trainer = make_user(roles=("trainer",))
    code = checkin.codes_at("test-secret", session.uid, START).short_code
    for person in people[0::3]:
        checkin.check_in(session, person, code, method="code", now=START)
    marks = [Mark(p.id, "izin", "surat") for p in people[1::3]]
    services.save_roll_call(session, marks, actor=trainer, now=START)
    return tree, session


@pytest.mark.parametrize("viewer", ["trainer", "commander"])
def test_sheet_statements_are_the_same_for_one_unit_or_a_whole_polda(client, login, db, viewer):
    """The roll call and its JSON feed load every row's unit with the rows: 2 people of
    one unit and 60 people of 20 units with 9 ranks and 5 positions cost the same."""
    small_tree, small = _sheet_world(1, 2)
    large_tree, large = _sheet_world(20, 3)
    db.session.commit()
    kw = {} if viewer == "trainer" else {"unit": None}
    user = login(viewer, **kw)

    def count(session, tree):
        if viewer == "commander":
            user.unit_id = tree["polda_a"].id
            db.session.commit()
        db.session.expire_all()
        with count_statements() as page:
            html = client.get(f"/attendance/sessions/{session.id}").text
        with count_statements() as feed:
            data = client.get(f"/attendance/sessions/{session.id}/sheet.json").get_json()
        return len(page), len(feed), html.count("data-person="), len(data["marks"])

    few, many = count(small, small_tree), count(large, large_tree)

    assert few[2:] == (2, 2) and many[2:] == (60, 60)
    assert many[:2] == few[:2]


def test_the_sheet_reads_its_session_course_and_sign_off_once(client, login, db):
    """The session comes with its course and venue unit, the sign-off is read once (its
    stage follows from it), and the account with the bell is one statement: five in all
    for the session's trainer (seven before), with the status labels in the page's
    language."""
    _tree, session = _sheet_world(3, 2)
    trainer = login("trainer")
    db.session.add(SessionTrainer(session_id=session.id, user_id=trainer.id))
    db.session.commit()
    path = f"/attendance/sessions/{session.id}"
    db.session.expire_all()
    with count_statements() as statements:
        html = client.get(path).text

    assert html.count("data-person=") == 6 and ">Izin<" in html and ">Hadir<" in html
    signoffs = [s for s in statements if "FROM attendance_signoff" in s.split("WHERE")[0]]
    assert len(signoffs) == 1
    assert not [s for s in statements if re.match(r"\s*SELECT (course|unit)\.", s)]
    assert len(statements) == 5, "\n".join(s[-170:].replace("\n", " ") for s in statements)
