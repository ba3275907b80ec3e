"""Feedback after a session, the services: once only, the window, attendance, versions,
anonymity of what is stored, results from five responses, and whose results one reads."""

from datetime import timedelta

import pytest
from sqlalchemy import func, inspect, select

from tests.factories import (
    VARIED_POSITIONS,
    VARIED_RANKS,
    make_command_tree,
    make_course,
    make_person,
    make_user,
)
from tests.feedback_factories import END, NOW, WINDOW, answer_all, ended_session, mark
from tests.home_factories import name_trainer
from training.errors import RuleViolation
from training.extensions import db as _db
from training.learning import feedback_answering as answering
from training.learning import feedback_results as found
from training.learning import feedback_services as services
from training.learning.feedback_models import (
    FeedbackAnswer,
    FeedbackQuestion,
    FeedbackReceipt,
    FeedbackResponse,
)
from training.policy.feedback import (
    may_edit_feedback_template,
    may_read_session_results,
    may_read_trainer_results,
    results_session_clause,
)
from training.sessions.models import TrainingSession


@pytest.fixture
def world(db):
    tree = make_command_tree()
    course = make_course(tier=2, title="Tingkat 2 Polres")
    session = ended_session(course, tree["polres_1"], audience_unit=tree["polres_1"])
    people = [
        make_person(
            tree["polsek_1" if i % 2 else "polres_1"],
            full_name=f"Peserta Umpan Balik {i}",
            rank=VARIED_RANKS[i % len(VARIED_RANKS)],
            position=VARIED_POSITIONS[i % len(VARIED_POSITIONS)],
        )
        for i in range(7)
    ]
    return {"tree": tree, "course": course, "session": session, "people": people}


def _values(template, score="4", text=""):
    return {q.id: (score if q.is_likert else text) for q in template.questions}


def test_the_default_survey_has_four_likert_statements_and_an_optional_suggestion(db):
    template = services.ensure_template(now=NOW)

    assert template.version == 1
    assert [(q.kind, q.is_required) for q in template.questions] == [
        ("likert", True),
        ("likert", True),
        ("likert", True),
        ("likert", True),
        ("text", False),
    ]
    assert "relevan" in template.questions[0].prompt
    assert "Pelatih" in template.questions[1].prompt
    assert "Waktu" in template.questions[2].prompt
    assert "akun media sosial satuan" in template.questions[3].prompt
    assert "Saran" in template.questions[4].prompt
    assert services.ensure_template(now=NOW).id == template.id  # made once


def test_a_participant_who_attended_answers_once_only(world, db):
    session, person = world["session"], world["people"][0]
    template = services.ensure_template(now=NOW)
    mark(session, person, "terlambat")  # late counts as attended

    answering.submit(session, person.id, template, _values(template), window_days=WINDOW, now=NOW)
    with pytest.raises(RuleViolation, match="sudah mengisi"):
        answering.submit(
            session, person.id, template, _values(template, "1"), window_days=WINDOW, now=NOW
        )

    assert _count(FeedbackResponse) == 1
    assert answering.awaiting_feedback(person.id, NOW, WINDOW) == []


def _count(model) -> int:
    return _db.session.scalar(select(func.count()).select_from(model))


def test_only_people_marked_present_may_answer(world, db):
    session = world["session"]
    absent, excused, stranger = world["people"][:3]
    mark(session, absent, "alpa")
    mark(session, excused, "izin")

    for person in (absent, excused, stranger):
        assert not answering.attended(session, person.id)
        assert "hadir" in answering.refusal(session, person.id, NOW, WINDOW)
        assert answering.awaiting_feedback(person.id, NOW, WINDOW) == []


def test_the_survey_opens_when_the_session_ends_and_closes_after_the_window(world, db):
    session, person = world["session"], world["people"][0]
    mark(session, person)

    running = END - timedelta(minutes=30)
    assert "setelah sesi selesai" in answering.refusal(session, person.id, running, WINDOW)
    assert answering.awaiting_feedback(person.id, running, WINDOW) == []

    assert answering.refusal(session, person.id, END, WINDOW) is None
    last = END + timedelta(days=WINDOW)
    assert answering.refusal(session, person.id, last, WINDOW) is None
    assert answering.awaiting_feedback(person.id, last, WINDOW) == [session]

    late = last + timedelta(minutes=1)
    assert "sudah berakhir" in answering.refusal(session, person.id, late, WINDOW)
    assert answering.awaiting_feedback(person.id, late, WINDOW) == []
    template = services.ensure_template(now=NOW)
    with pytest.raises(RuleViolation, match="sudah berakhir"):
        answering.submit(
            session, person.id, template, _values(template), window_days=WINDOW, now=late
        )


def test_a_cancelled_session_asks_for_no_feedback(world, db):
    session, person = world["session"], world["people"][0]
    mark(session, person)
    session.status = "cancelled"

    assert answering.refusal(session, person.id, NOW, WINDOW) is not None
    assert answering.awaiting_feedback(person.id, NOW, WINDOW) == []


def test_required_questions_and_the_range_of_scores_are_checked(world, db):
    session, person = world["session"], world["people"][0]
    mark(session, person)
    template = services.ensure_template(now=NOW)
    missing = _values(template)
    missing[template.questions[1].id] = ""

    with pytest.raises(RuleViolation, match="Pelatih menyampaikan"):
        answering.submit(session, person.id, template, missing, window_days=WINDOW, now=NOW)
    with pytest.raises(RuleViolation, match="1 sampai 5"):
        answering.submit(
            session, person.id, template, _values(template, "6"), window_days=WINDOW, now=NOW
        )
    with pytest.raises(RuleViolation, match="1 sampai 5"):
        answering.submit(
            session, person.id, template, _values(template, "lima"), window_days=WINDOW, now=NOW
        )
    assert not answering.has_answered(session, person.id)


def test_what_is_stored_of_a_response_names_nobody(world, db):
    answer_all(world["session"], world["people"][:5], [5, 4], texts=["Perbanyak praktik"])

    response_columns = {c.key for c in inspect(FeedbackResponse).columns}
    answer_columns = {c.key for c in inspect(FeedbackAnswer).columns}
    receipt_columns = {c.key for c in inspect(FeedbackReceipt).columns}
    assert response_columns == {"id", "session_id", "template_id", "submitted_on"}
    assert answer_columns == {"id", "response_id", "question_id", "score", "text"}
    assert receipt_columns == {"session_id", "person_id"}  # no link to the response, no time
    receipts = db.session.scalars(select(FeedbackReceipt.person_id)).all()
    assert sorted(receipts) == sorted(p.id for p in world["people"][:5])


def test_results_show_nothing_below_five_responses(world, db):
    session = world["session"]
    answer_all(session, world["people"][:4], [5, 4, 4, 2], texts=["Materi padat"])
    ids = select(TrainingSession.id).where(TrainingSession.id == session.id)

    results = found.results(ids)

    assert results.responses == 4
    [block] = results.blocks
    assert not block.enough and block.questions == []
    rows = list(found.export_rows(results))
    assert rows == [
        [1, "", "belum cukup tanggapan (n < 5)", "", "", "", "", "", "", "", "", "", ""]
    ]


def test_results_from_five_responses_give_means_distributions_and_sorted_texts(world, db):
    session = world["session"]
    texts = ["waktu praktik ditambah", "Contoh akun Polres", "Berikan modul cetak"]
    answer_all(session, world["people"][:5], [5, 4, 4, 2, 5], texts=texts)
    ids = select(TrainingSession.id).where(TrainingSession.id == session.id)

    [block] = found.results(ids).blocks

    assert block.enough and block.responses == 5
    first = block.questions[0]
    assert first.answered == 5 and first.mean == pytest.approx(4.0)
    assert first.counts == [(1, 0), (2, 1), (3, 0), (4, 2), (5, 2)]
    assert first.share(2) == pytest.approx(40.0)
    suggestion = block.questions[4]
    assert suggestion.answered == 3
    assert suggestion.texts == [
        "Berikan modul cetak",
        "Contoh akun Polres",
        "waktu praktik ditambah",
    ]
    rows = list(found.export_rows(found.results(ids)))
    assert rows[0][:7] == [1, 1, first.question.prompt, "Skala 1–5", 5, 5, 4.0]
    assert rows[0][7:12] == [0, 1, 0, 2, 2]
    assert [r[-1] for r in rows[4:]] == suggestion.texts


def test_editing_an_answered_survey_makes_a_new_version_and_old_answers_stay(world, db):
    admin = make_user(("admin",), username="admin_umpan")
    session = world["session"]
    v1 = answer_all(session, world["people"][:5], [4])
    old_prompt = v1.questions[0].prompt

    edited = services.edit_question(
        v1.questions[0], admin, "likert", "Materi sesuai kebutuhan satuan saya.", True, now=NOW
    )

    v2 = services.current_template()
    assert v2.version == 2 and edited.template_id == v2.id
    assert v1.questions[0].prompt == old_prompt  # the answered version is untouched
    assert [q.prompt for q in v2.questions][1:] == [q.prompt for q in v1.questions][1:]
    answered = db.session.scalars(select(FeedbackAnswer.question_id).distinct()).all()
    assert set(answered) <= {q.id for q in v1.questions}
    # the new version is not answered yet: further changes stay in it
    services.add_question(admin, "text", "Hal yang paling berguna?", False, now=NOW)
    assert services.current_template().version == 2 and len(v2.questions) == 6
    # a change aimed at the old version is refused with a reason
    with pytest.raises(RuleViolation, match="versi lama"):
        services.remove_question(v1.questions[1], admin, now=NOW)
    # the next person answers version 2; results come per version
    late = make_person(world["tree"]["polsek_1"], full_name="Peserta Versi Dua")
    mark(session, late)
    answering.submit(session, late.id, v2, _values(v2), window_days=WINDOW, now=NOW)
    ids = select(TrainingSession.id).where(TrainingSession.id == session.id)
    blocks = found.results(ids).blocks
    assert [(b.template.version, b.responses, b.enough) for b in blocks] == [
        (2, 1, False),
        (1, 5, True),
    ]


def test_an_old_version_cannot_be_answered(world, db):
    admin = make_user(("admin",), username="admin_versi")
    session, person = world["session"], world["people"][6]
    v1 = answer_all(session, world["people"][:1], [3])
    services.add_question(admin, "likert", "Sarana memadai.", True, now=NOW)
    mark(session, person)

    with pytest.raises(RuleViolation, match="baru saja diubah"):
        answering.submit(session, person.id, v1, _values(v1), window_days=WINDOW, now=NOW)


def test_moving_and_removing_questions_keeps_positions_in_order(db):
    admin = make_user(("admin",), username="admin_urut")
    template = services.ensure_template(now=NOW)
    last = template.questions[-1]

    services.move_question(last, admin, "up", now=NOW)
    assert [q.kind for q in services.current_template().questions][-2:] == ["text", "likert"]
    services.remove_question(template.questions[0], admin, now=NOW)
    positions = [q.position for q in services.current_template().questions]
    assert positions == [1, 2, 3, 4]
    assert _count(FeedbackQuestion) == 4


def test_whose_results_a_user_reads(world, db):
    tree, course = world["tree"], world["course"]
    own = world["session"]  # held in polres_1 for polres_1
    sibling = ended_session(course, tree["polres_2"], audience_unit=tree["polres_2"])
    polda_wide = ended_session(course, tree["polda"], audience_unit=tree["polda"])
    regional = make_user(("trainer",), username="pelatih_polres_1", unit=tree["polres_1"])
    named = make_user(("trainer",), username="pelatih_bernama", unit=tree["polres_2"])
    name_trainer(sibling, named)
    users = {
        "admin": make_user(("admin",), username="admin_hasil"),
        "kapolres_1": make_user(("commander",), username="kapolres_1", unit=tree["polres_1"]),
        "kapolres_2": make_user(("commander",), username="kapolres_2", unit=tree["polres_2"]),
        "kapolda": make_user(("commander",), username="kapolda", unit=tree["polda"]),
        "regional": regional,
        "named": named,
        "peserta": make_user(("participant",), username="peserta_hasil"),
    }
    sessions = {"own": own, "sibling": sibling, "polda_wide": polda_wide}
    readable = {
        name: {key for key, s in sessions.items() if may_read_session_results(user, s)}
        for name, user in users.items()
    }
    assert readable == {
        "admin": {"own", "sibling", "polda_wide"},
        "kapolres_1": {"own"},  # not the sibling Polres's, not the Polda-wide one above
        "kapolres_2": {"sibling"},
        "kapolda": {"own", "sibling", "polda_wide"},
        "regional": set(),  # a regional trainer reads only the sessions they trained
        "named": {"sibling"},
        "peserta": set(),
    }
    for name, user in users.items():  # the SQL rule agrees with the Python one
        stmt = select(TrainingSession.id).where(results_session_clause(user))
        ids = set(db.session.scalars(stmt))
        assert ids == {sessions[k].id for k in readable[name]}, name
    assert may_read_trainer_results(users["named"], named)
    assert not may_read_trainer_results(users["regional"], named)
    assert may_read_trainer_results(users["kapolres_1"], named)  # cut to polres_1: nothing
    assert not may_read_trainer_results(users["peserta"], named)


def test_only_admins_and_national_trainers_edit_the_survey(world, db):
    tree = world["tree"]
    users = {
        "admin": make_user(("admin",), username="admin_survei", unit=tree["polda"]),
        "national": make_user(("trainer",), username="pelatih_pusat"),
        "regional": make_user(("trainer",), username="pelatih_daerah", unit=tree["polda"]),
        "kapolda": make_user(("commander",), username="kapolda_survei", unit=tree["polda"]),
        "peserta": make_user(("participant",), username="peserta_survei"),
    }

    editors = {name for name, user in users.items() if may_edit_feedback_template(user)}

    assert editors == {"admin", "national"}


def test_a_course_counts_only_sessions_that_reach_five_on_their_own(world, db):
    tree, course = world["tree"], world["course"]
    small = ended_session(course, tree["polres_2"], audience_unit=tree["polres_2"])
    answer_all(world["session"], world["people"][:5], [4], texts=["Sesi besar"])
    loner = make_person(tree["polsek_2"], full_name="Satu Satunya Responden", rank="Aipda")
    answer_all(small, [loner], [1], texts=["Jawaban yang bisa dikenali"])
    ids = select(TrainingSession.id).where(TrainingSession.course_id == course.id)

    [block] = found.results(ids).blocks

    assert (block.responses, block.counted, block.left_out) == (6, 5, 1)
    assert block.questions[0].mean == pytest.approx(4.0)  # the lone 1 is not in it
    assert block.questions[4].texts == ["Sesi besar"]
    rows = list(found.export_rows(found.results(ids)))
    assert rows[0][4:7] == [5, 5, 4.0]
    assert "Jawaban yang bisa dikenali" not in {r[-1] for r in rows}
