"""Sign-off chain services: every transition, the illegal ones, who may act, the timeline."""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select, update

from tests.factories import make_course, make_person
from tests.signoff_factories import NOW, PDF, make_chain, make_report
from training.audit.models import AuditEntry
from training.errors import RuleViolation
from training.signoff import attachments, workflow
from training.signoff.models import ReadinessReport, ReportState


@pytest.fixture
def chain(db):
    return make_chain()


def _steps(report):
    return [(s.action, s.from_state, s.to_state, s.user.username) for s in report.steps]


def _audit_actions(db, report):
    return db.session.scalars(
        select(AuditEntry.action)
        .where(AuditEntry.entity == "readiness_report", AuditEntry.entity_id == report.id)
        .order_by(AuditEntry.id)
    ).all()


# --- creating and editing ------------------------------------------------------------------


def test_get_or_create_report_creates_one_draft_per_polres_and_cycle(chain, db):
    first = workflow.get_or_create_report(chain["cycle"], chain["polres_a"], now=NOW)
    again = workflow.get_or_create_report(chain["cycle"], chain["polres_a"], now=NOW)

    assert first.id == again.id
    assert first.state == ReportState.DRAFT
    assert first.figures is None and first.steps == []
    assert db.session.scalar(select(db.func.count(ReadinessReport.id))) == 1


@pytest.mark.parametrize("unit", ["polda_a", "polsek_a", "mabes"])
def test_get_or_create_report_refuses_units_other_than_polres(chain, unit):
    with pytest.raises(RuleViolation, match="Laporan kesiapan dibuat oleh Polres"):
        workflow.get_or_create_report(chain["cycle"], chain[unit])


def test_save_note_by_the_polres_commander_is_audited(chain, db):
    report = workflow.get_or_create_report(chain["cycle"], chain["polres_a"], now=NOW)

    workflow.save_note(report, chain["kapolres_a"], "  Catatan siklus 1  ", now=NOW)

    assert report.note == "Catatan siklus 1"
    entry = db.session.scalar(
        select(AuditEntry).where(
            AuditEntry.entity == "readiness_report", AuditEntry.entity_id == report.id
        )
    )
    assert (entry.action, entry.before, entry.after["note"]) == (
        "update",
        {"note": ""},
        report.note,
    )


@pytest.mark.parametrize("who", ["kapolda_a", "kapolres_b", "hq", "trainer", "kapolsek_a"])
def test_save_note_by_anybody_but_the_polres_is_a_wrong_actor(chain, who):
    report = workflow.get_or_create_report(chain["cycle"], chain["polres_a"], now=NOW)

    with pytest.raises(workflow.WrongActor):
        workflow.save_note(report, chain[who], "x")


# --- transitions -------------------------------------------------------------------------


def test_full_chain_polres_submits_polda_verifies_hq_verifies(chain, db):
    report = make_report(chain)

    workflow.submit(report, chain["kapolres_a"], version=0, now=NOW)
    assert report.state == ReportState.SUBMITTED
    workflow.verify(report, chain["kapolda_a"], note="Sesuai.", version=1, now=NOW)
    assert report.state == ReportState.POLDA_VERIFIED
    workflow.verify(report, chain["hq"], version=2, now=NOW + timedelta(hours=1))

    assert report.state == ReportState.VERIFIED
    assert _steps(report) == [
        ("submit", "draft", "submitted", "kapolres_a"),
        ("verify_polda", "submitted", "polda_verified", "kapolda_a"),
        ("verify_hq", "polda_verified", "verified", "mabes"),
    ]
    assert report.steps[0].note == "Semua Polsek sudah dilatih."
    assert report.steps[1].note == "Sesuai."
    assert report.updated_at == NOW + timedelta(hours=1)
    assert _audit_actions(db, report)[-3:] == ["submit", "verify_polda", "verify_hq"]


def test_polda_returns_with_reason_and_polres_edits_and_resubmits(chain):
    report = make_report(chain, state=ReportState.SUBMITTED)

    workflow.return_report(report, chain["kapolda_a"], "  Lampirkan daftar hadir.  ")
    assert report.state == ReportState.RETURNED
    assert report.steps[-1].note == "Lampirkan daftar hadir."
    assert workflow.can_edit(chain["kapolres_a"], report)
    workflow.save_note(report, chain["kapolres_a"], "Daftar hadir terlampir.")
    attachments.add_attachment(report, chain["kapolres_a"], "hadir.pdf", PDF + b"%2")
    workflow.submit(report, chain["kapolres_a"])

    assert report.state == ReportState.SUBMITTED
    assert [s.action for s in report.steps] == ["submit", "return", "submit"]
    assert report.steps[-1].note == "Daftar hadir terlampir."


def test_hq_returns_a_polda_verified_report_to_the_polres(chain):
    report = make_report(chain, state=ReportState.POLDA_VERIFIED)

    workflow.return_report(report, chain["hq"], "Angka kehadiran tidak cocok.")

    assert report.state == ReportState.RETURNED
    assert report.steps[-1].from_state == ReportState.POLDA_VERIFIED
    assert workflow.can_submit(chain["kapolres_a"], report)


def test_return_requires_a_reason(chain):
    report = make_report(chain, state=ReportState.SUBMITTED)

    with pytest.raises(RuleViolation, match="Tuliskan alasan pengembalian"):
        workflow.return_report(report, chain["kapolda_a"], "   ")
    assert report.state == ReportState.SUBMITTED


def test_submit_requires_a_note_and_evidence(chain):
    bare = make_report(chain, note="", attachment=False)
    with pytest.raises(RuleViolation, match="Tulis catatan laporan"):
        workflow.submit(bare, chain["kapolres_a"])
    workflow.save_note(bare, chain["kapolres_a"], "Catatan")
    with pytest.raises(RuleViolation, match="Lampirkan paling sedikit satu bukti"):
        workflow.submit(bare, chain["kapolres_a"])
    assert bare.state == ReportState.DRAFT and bare.steps == []


def test_admin_may_act_at_every_step(chain):
    report = make_report(chain)

    for _ in range(3):
        assert workflow.can_submit(chain["admin"], report) or workflow.can_verify(
            chain["admin"], report
        )
        if report.state == ReportState.DRAFT:
            workflow.submit(report, chain["admin"])
        else:
            workflow.verify(report, chain["admin"])

    assert report.state == ReportState.VERIFIED
    assert [s.action for s in report.steps] == ["submit", "verify_polda", "verify_hq"]


# --- who may act -------------------------------------------------------------------------

ACTORS = ["admin", "kapolres_a", "kapolres_b", "kapolda_a", "kapolda_b", "hq", "kapolsek_a"]
EXPECTED = {
    #  state: (may edit/submit, may verify/return)
    ReportState.DRAFT: ({"admin", "kapolres_a"}, set()),
    ReportState.SUBMITTED: (set(), {"admin", "kapolda_a"}),
    ReportState.POLDA_VERIFIED: (set(), {"admin", "hq"}),
    ReportState.RETURNED: ({"admin", "kapolres_a"}, set()),
    ReportState.VERIFIED: (set(), set()),
}


@pytest.mark.parametrize("state", list(EXPECTED))
def test_who_may_act_at_each_state(chain, state):
    report = make_report(chain, state=state)

    editors = {a for a in ACTORS if workflow.can_edit(chain[a], report)}
    reviewers = {a for a in ACTORS if workflow.can_verify(chain[a], report)}

    assert (editors, reviewers) == EXPECTED[state]
    assert {a for a in ACTORS if workflow.can_return(chain[a], report)} == reviewers


@pytest.mark.parametrize("who", ["kapolres_a", "kapolda_b", "hq", "kapolres_b", "trainer"])
def test_verify_at_the_polda_step_by_anybody_else_is_a_wrong_actor(chain, who):
    report = make_report(chain, state=ReportState.SUBMITTED)

    with pytest.raises(workflow.WrongActor):
        workflow.verify(report, chain[who])
    with pytest.raises(workflow.WrongActor):
        workflow.return_report(report, chain[who], "alasan")
    assert report.state == ReportState.SUBMITTED and len(report.steps) == 1


@pytest.mark.parametrize("who", ["kapolda_a", "kapolres_a"])
def test_verify_at_the_hq_step_by_the_polda_or_polres_is_a_wrong_actor(chain, who):
    report = make_report(chain, state=ReportState.POLDA_VERIFIED)

    with pytest.raises(workflow.WrongActor):
        workflow.verify(report, chain[who])


@pytest.mark.parametrize("who", ["kapolda_a", "hq", "kapolres_b", "kapolsek_a"])
def test_submit_by_anybody_but_the_polres_is_a_wrong_actor(chain, who):
    report = make_report(chain)

    with pytest.raises(workflow.WrongActor):
        workflow.submit(report, chain[who])


def test_may_take_part_knows_the_chain_members_whatever_the_state(chain):
    report = make_report(chain, state=ReportState.VERIFIED)

    submitters = {a for a in ACTORS if workflow.may_take_part(chain[a], report, workflow.SUBMIT)}
    reviewers = {a for a in ACTORS if workflow.may_take_part(chain[a], report, workflow.RETURN)}

    assert submitters == {"admin", "kapolres_a"}
    assert reviewers == {"admin", "kapolda_a", "hq"}


# --- illegal transitions -------------------------------------------------------------------


def test_a_verified_report_is_final(chain):
    report = make_report(chain, state=ReportState.VERIFIED)
    admin = chain["admin"]

    for attempt in (
        lambda: workflow.verify(report, admin),
        lambda: workflow.return_report(report, admin, "alasan"),
        lambda: workflow.submit(report, admin),
    ):
        with pytest.raises(RuleViolation, match="bersifat final"):
            attempt()
    with pytest.raises(RuleViolation, match="tidak dapat diubah"):
        workflow.save_note(report, admin, "ubah")
    with pytest.raises(RuleViolation, match="tidak dapat diubah"):
        attachments.add_attachment(report, admin, "lagi.png", b"\x89PNG\r\n\x1a\nlagi")
    assert report.state == ReportState.VERIFIED and len(report.steps) == 3


@pytest.mark.parametrize(
    ("state", "action", "message"),
    [
        (ReportState.DRAFT, "verify", "Draf tidak dapat diverifikasi"),
        (ReportState.RETURNED, "verify", "Dikembalikan tidak dapat diverifikasi"),
        (ReportState.DRAFT, "return", "Draf tidak dapat dikembalikan"),
        (ReportState.RETURNED, "return", "Dikembalikan tidak dapat dikembalikan"),
        (ReportState.SUBMITTED, "submit", "Menunggu verifikasi Polda tidak dapat dikirim"),
        (ReportState.POLDA_VERIFIED, "submit", "Menunggu verifikasi Mabes tidak dapat dikirim"),
    ],
)
def test_illegal_transitions_are_refused_with_a_message(chain, state, action, message):
    report = make_report(chain, state=state)
    steps = len(report.steps)
    run = {
        "verify": lambda: workflow.verify(report, chain["admin"]),
        "return": lambda: workflow.return_report(report, chain["admin"], "alasan"),
        "submit": lambda: workflow.submit(report, chain["admin"]),
    }[action]

    with pytest.raises(RuleViolation, match=message) as caught:
        run()

    assert not isinstance(caught.value, workflow.WrongActor)
    assert report.state == state and len(report.steps) == steps


def test_a_stale_version_is_refused_with_the_current_state(chain):
    report = make_report(chain, state=ReportState.SUBMITTED)
    seen = workflow.version_of(report)
    workflow.verify(report, chain["admin"])

    with pytest.raises(workflow.StaleReport, match="Menunggu verifikasi Mabes"):
        workflow.return_report(report, chain["kapolda_a"], "terlambat", version=seen)
    assert report.state == ReportState.POLDA_VERIFIED


def test_a_concurrent_change_behind_the_session_is_detected_as_stale(chain, db):
    report = make_report(chain, state=ReportState.SUBMITTED)
    db.session.execute(  # another request returned it meanwhile
        update(ReadinessReport)
        .where(ReadinessReport.id == report.id)
        .values(state=ReportState.RETURNED)
        .execution_options(synchronize_session=False)
    )
    assert report.state == ReportState.SUBMITTED  # what this session still believes

    with pytest.raises(workflow.StaleReport, match="Dikembalikan"):
        workflow.verify(report, chain["kapolda_a"])

    assert len(db.session.scalars(select(ReadinessReport.id)).all()) == 1
    assert db.session.get(ReadinessReport, report.id).state == ReportState.RETURNED


# --- frozen figures and timeline -----------------------------------------------------------


def test_submit_freezes_the_polres_readiness_figures_on_the_local_day(chain):
    course = make_course(chain["cycle"].program, tier=2)
    make_person(chain["polres_a"], position="kapolres")
    make_person(chain["polres_a"], position="wakapolres")
    report = make_report(chain)
    late_evening_utc = datetime(2026, 11, 20, 18, 0, tzinfo=UTC)  # already the 21st in WIB

    workflow.submit(report, chain["kapolres_a"], now=late_evening_utc)
    make_person(chain["polres_a"], position="wakapolres")  # after submission: not counted

    figures = report.figures
    assert course.tier == 2
    assert figures["unit"]["code"] == chain["polres_a"].code
    assert figures["on"] == "2026-11-21"
    assert figures["subtree"]["targets"] == 2
    assert figures["subtree"]["certified"] == 0
    assert figures["status"] == "belum_siap"
    assert [c["unit"]["code"] for c in figures["children"]] == [chain["polsek_a"].code]


def test_figures_day_is_capped_at_the_end_of_the_cycle(chain):
    report = make_report(chain)

    after_cycle = datetime(2027, 1, 5, 3, 0, tzinfo=UTC)

    assert workflow.figures_day(report, after_cycle) == date(2026, 12, 10)


def test_resubmission_refreezes_the_figures(chain):
    make_course(chain["cycle"].program, tier=2)
    make_person(chain["polres_a"], position="kapolres")
    report = make_report(chain, state=ReportState.RETURNED)
    assert report.figures["subtree"]["targets"] == 1
    make_person(chain["polres_a"], position="wakapolres")

    workflow.submit(report, chain["kapolres_a"], now=NOW)

    assert report.figures["subtree"]["targets"] == 2


def test_every_step_is_audited_with_state_unit_and_reason(chain, db):
    report = make_report(chain, state=ReportState.RETURNED)

    entries = db.session.scalars(
        select(AuditEntry)
        .where(AuditEntry.entity == "readiness_report", AuditEntry.entity_id == report.id)
        .order_by(AuditEntry.id)
    ).all()

    assert [e.action for e in entries] == ["update", "attach", "submit", "return"]
    returned = entries[-1]
    assert returned.before == {"state": "submitted"}
    assert returned.after == {
        "state": "returned",
        "unit": chain["polres_a"].code,
        "cycle_id": chain["cycle"].id,
    }
    assert returned.reason == "Bukti belum lengkap."
    assert returned.user_id == chain["admin"].id
