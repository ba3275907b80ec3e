"""Question bank services: saving questions, importing a file all or nothing (hostile files
change nothing), exporting it back the same."""

from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.factories import make_user
from tests.learning_builders import make_bank, make_competency, single
from training.audit.models import AuditEntry
from training.core.tabular import ImportFailed
from training.errors import RuleViolation
from training.learning.bankdata import ChoiceData, Kind, QuestionData
from training.learning.bankio import (
    MAX_BYTES,
    MAX_QUESTIONS,
    apply_import,
    export_bank,
    plan_import,
    read_bank_file,
)
from training.learning.gift import parse_gift
from training.learning.models import Question, QuestionChoice, QuestionTag
from training.learning.services import bank_for, delete_question, save_question, to_data

DATA = Path(__file__).parent / "data"


def count(db, model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def rows(db) -> tuple[int, int, int]:
    return count(db, Question), count(db, QuestionChoice), count(db, QuestionTag)


def import_file(bank, data: bytes, fmt: str, actor=None):
    plan = plan_import(bank.questions, read_bank_file(data, fmt), fmt)
    return plan, apply_import(bank, plan, actor=actor)


def test_save_question_stores_choices_tags_and_an_audit_entry(db):
    admin = make_user(roles=("admin",))
    competency = make_competency("AKUN")
    data = single("Siapa pemegang sandi?", "Admin", "Semua staf", tags=["akun", "akun", "dasar"])

    question = save_question(bank_for(competency), data, actor=admin)
    db.session.commit()

    assert question.bank.competency_id == competency.id
    assert [(c.position, c.text, c.fraction) for c in question.choices] == [
        (0, "Admin", 100.0),
        (1, "Semua staf", 0.0),
    ]
    assert sorted(t.name for t in question.tags) == ["akun", "dasar"]
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.entity == "question"))
    assert (entry.action, entry.user_id, entry.after["answers"]) == (
        "create",
        admin.id,
        ["Admin (100%)", "Semua staf (0%)"],
    )


def test_an_incomplete_question_is_refused_in_words(db):
    competency = make_competency("ADUAN")
    data = QuestionData(Kind.SINGLE, "Soal", choices=[ChoiceData("satu", 100)])

    with pytest.raises(RuleViolation, match="dua pilihan"):
        save_question(bank_for(competency), data)


def test_editing_replaces_the_choices_and_records_the_change(db):
    competency, (question, _tf) = make_bank("KONTEN")
    data = to_data(question)
    data.choices = [ChoiceData("Kapolres", 100), ChoiceData("Operator", 0, "Bukan.")]

    save_question(question.bank, data, question=question)
    db.session.commit()

    assert [(c.text, c.feedback) for c in question.choices] == [
        ("Kapolres", ""),
        ("Operator", "Bukan."),
    ]
    assert count(db, QuestionChoice) == 4  # 2 + the true/false question's 2
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "update"))
    assert entry.before == {"answers": ["Admin yang ditunjuk (100%)", "Semua staf (0%)"]}


def test_editing_keeps_tags_that_stay_and_drops_the_others(db):
    _competency, (_single, question) = make_bank("TAG")
    data = to_data(question)
    data.tags = ["baru", "akun"]

    save_question(question.bank, data, question=question)
    db.session.commit()

    assert [t.name for t in question.tags] == ["akun", "baru"]  # kept first, then added
    assert count(db, QuestionTag) == 2


def test_delete_question_removes_its_choices_and_tags(db):
    _competency, (question, tf) = make_bank("KRISIS")

    delete_question(tf)
    db.session.commit()

    assert rows(db) == (1, 2, 0)


def test_import_the_moodle_file_then_export_it_back_the_same(db):
    competency = make_competency("HUKUM")
    bank = bank_for(competency)
    source = (DATA / "bank_moodle.gift").read_bytes()

    plan, added = import_file(bank, source, "gift")
    db.session.commit()
    text, left_out = export_bank(bank.questions, "gift")

    assert (added, len(plan.known), left_out) == (8, 0, [])
    original, _errors = parse_gift(source.decode())
    exported, errors = parse_gift(text)
    assert errors == []
    assert [to_dict(q) for q in exported] == [to_dict(q) for q in original]


def to_dict(q: QuestionData) -> dict:
    return {**vars(q), "line": 0, "choices": [vars(c) for c in q.choices]}


def test_importing_the_same_file_again_adds_nothing(db):
    bank = bank_for(make_competency("ANALITIK"))
    source = (DATA / "bank_aiken.txt").read_bytes()
    import_file(bank, source, "aiken")

    plan, added = import_file(bank, source, "aiken")

    assert (added, len(plan.known)) == (0, 3)
    assert count(db, Question) == 3


def test_a_question_twice_in_one_file_is_added_once(db):
    bank = bank_for(make_competency("DUA"))
    source = b"Soal sama {T}\n\nSoal sama {T}\n\nSoal lain {F}\n"

    plan, added = import_file(bank, source, "gift")

    assert (added, [q.line for q in plan.known]) == (2, [3])


def test_utf16_and_windows_1252_files_read_like_utf8(db):
    text = "::Kafe::Kata café ditulis dengan é. {T}\n"

    for data in (text.encode("utf-16"), text.encode("cp1252"), text.encode("utf-8-sig")):
        (question,) = read_bank_file(data, "gift")
        assert question.text == "Kata café ditulis dengan é."


HOSTILE = [
    (b"Soal satu {=a ~b}\n\nSoal rusak {=a ~b\n\nSoal tiga {T}", "gift", [(3, "tidak pernah")]),
    (b"Berapa? {#4}\n\nTulis esai {}", "gift", [(1, "numerik"), (3, "esai")]),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "gift", [(None, "bukan berkas teks")]),
    (b"   \n\n  ", "gift", [(None, "kosong")]),
    (b"// hanya komentar\n", "gift", [(None, "Tidak ada soal")]),
    (b"Soal\nA. a\nB. b\n", "aiken", [(1, "ANSWER")]),
    (b"Soal {T}", "csv", [(None, "tidak dikenal")]),
]


@pytest.mark.parametrize(("data", "fmt", "expected"), HOSTILE)
def test_hostile_files_are_refused_whole_with_their_lines(db, data, fmt, expected):
    bank = bank_for(make_competency("RUSAK"))
    before = rows(db)

    with pytest.raises(ImportFailed) as refused:
        import_file(bank, data, fmt)

    found = [(e.line, e.message) for e in refused.value.errors]
    assert [line for line, _m in found] == [line for line, _w in expected]
    assert all(words in message for (_l, message), (_n, words) in zip(found, expected, strict=True))
    assert rows(db) == before


def test_a_huge_file_is_refused_before_it_is_read(db):
    huge = b"Soal panjang {T}\n\n" * (MAX_BYTES // 18 + 1)

    with pytest.raises(ImportFailed, match="terlalu besar"):
        read_bank_file(huge, "gift")


def test_a_file_of_too_many_questions_is_refused(db):
    many = "".join(f"Soal nomor {n} {{T}}\n\n" for n in range(MAX_QUESTIONS + 1)).encode()

    with pytest.raises(ImportFailed, match="Terlalu banyak soal"):
        read_bank_file(many, "gift")


def test_aiken_export_holds_single_answer_and_true_false_questions(db):
    _competency, questions = make_bank("EKSPOR")
    multi = QuestionData(
        Kind.MULTIPLE, "Pilih dua", choices=[ChoiceData("a", 50), ChoiceData("b", 50)]
    )
    questions.append(save_question(questions[0].bank, multi))

    text, left_out = export_bank(questions, "aiken")

    assert text.split("\n")[:4] == [
        "Siapa yang memegang kata sandi akun resmi?",
        "A. Admin yang ditunjuk",
        "B. Semua staf",
        "ANSWER: A",
    ]
    assert "A. Benar\nB. Salah\nANSWER: A" in text
    assert [q.text for q in left_out] == ["Pilih dua"]


def test_an_import_writes_one_audit_entry_for_the_bank(db):
    admin = make_user(roles=("admin",))
    bank = bank_for(make_competency("JEJAK"))

    import_file(bank, (DATA / "bank_aiken.txt").read_bytes(), "aiken", actor=admin)
    import_file(bank, (DATA / "bank_aiken.txt").read_bytes(), "aiken", actor=admin)

    entries = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
    assert [(e.entity, e.action, e.entity_id, e.user_id) for e in entries] == [
        ("question_bank", "import", bank.id, admin.id)
    ] * 2
    assert [e.after for e in entries] == [
        {"format": "aiken", "added": 3, "left_out": 0},
        {"format": "aiken", "added": 0, "left_out": 3},
    ]
