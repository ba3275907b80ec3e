"""GIFT and Aiken readers and writers (pure functions): real files written by hand for the
test (tests/data/), round trips, escapes, and every refusal with its line and reason."""

from pathlib import Path

import pytest

from training.learning.aiken import can_write, parse_aiken, write_aiken
from training.learning.bankdata import (
    ChoiceData,
    Kind,
    QuestionData,
    problems,
    short_answer_matches,
)
from training.learning.gift import escape, parse_gift, unescape
from training.learning.giftwrite import write_gift

DATA = Path(__file__).parent / "data"


def gift_file() -> str:
    return (DATA / "bank_moodle.gift").read_text(encoding="utf-8")


def essence(q: QuestionData) -> tuple:
    """What a round trip must keep (the line a question started on may move)."""
    choices = [(c.text, c.fraction, c.feedback, c.match_text) for c in q.choices]
    fields = (q.kind, q.name, q.text, q.general_feedback, q.category, q.tags)
    return (*fields, q.case_sensitive, choices)


def by_name(questions) -> dict:
    return {q.name or q.text[:13]: q for q in questions}


def test_the_hand_written_moodle_file_reads_every_question_type():
    questions, errors = parse_gift(gift_file())

    assert errors == []
    assert [q.kind for q in questions] == [
        Kind.SINGLE,
        Kind.TRUEFALSE,
        Kind.MULTIPLE,
        Kind.SHORT,
        Kind.SHORT,
        Kind.MATCHING,
        Kind.TRUEFALSE,
        Kind.TRUEFALSE,
    ]
    assert [q.line for q in questions] == [7, 15, 17, 30, 32, 34, 40, 42]


def test_gift_titles_feedback_percentages_tags_and_categories():
    q = by_name(parse_gift(gift_file())[0])

    first = q["Kepanjangan UU ITE"]
    assert first.text == "Apa kepanjangan dari UU ITE?"  # [html] dropped
    assert first.category == "$course$/top/HUKUM/UU ITE"
    assert first.tags == ["uu-ite", "dasar"]
    assert [(c.fraction, c.feedback) for c in first.choices] == [
        (100.0, "Benar, UU 11/2008 jo. UU 19/2016."),
        (0.0, 'Bukan "internet".'),
        (-50.0, "Tidak ada undang-undang bernama itu."),
    ]
    assert first.general_feedback == "Baca kembali modul 2 tentang dasar hukum."
    assert q["Singkatan PDP"].category == "$course$/top/HUKUM/Istilah"
    assert [(c.text, c.fraction) for c in q["Singkatan PDP"].choices] == [
        ("PDP", 100.0),
        ("UU PDP", 50.0),
    ]


def test_gift_multi_line_several_answers_true_false_and_matching():
    q = by_name(parse_gift(gift_file())[0])

    hoaks = q["Hoaks"]
    assert hoaks.text.split("\n") == [
        "Ketika menemukan kabar bohong (hoaks) yang menyebut nama satuan,",
        "langkah pertama yang tepat adalah:",
    ]
    assert [c.fraction for c in hoaks.choices] == [50.0, 50.0, -100.0, -100.0]
    korban = q["Data korban"]
    assert [(c.text, c.fraction, c.feedback) for c in korban.choices] == [
        ("Benar", 0.0, "Keliru: data pribadi korban dilindungi."),
        ("Salah", 100.0, "Tepat, data pribadi korban tidak boleh disebar."),
    ]
    assert [(c.text, c.match_text) for c in q["Jodohkan pasal"].choices][1] == (
        "Doxing",
        "Menyebar data pribadi orang lain",
    )
    password = q["Tanda titik dua: sebuah judul"]  # \: in a title
    assert password.general_feedback == "Kata sandi disimpan di pengelola sandi."


def test_gift_escapes_become_the_characters():
    q = by_name(parse_gift(gift_file())[0])

    assert q["Simbol khusus"].text == (
        "Simbol khusus { } = ~ # : dan garis miring \\ boleh dipakai dalam teks."
    )
    assert unescape(escape("a{b}c=d~e#f:g\\h\nline")) == "a{b}c=d~e#f:g\\h\nline"


def test_gift_round_trip_keeps_every_question():
    first, _errors = parse_gift(gift_file())

    written = write_gift(first)
    again, errors = parse_gift(written)

    assert errors == []
    assert [essence(q) for q in again] == [essence(q) for q in first]
    assert write_gift(again) == written  # the writer's output is a fixed point


def test_gift_writer_output_for_each_type():
    questions = [
        QuestionData(
            Kind.SINGLE,
            "Pilih {satu}",
            name="T1",
            choices=[ChoiceData("ya", 100, "betul"), ChoiceData("tidak", 0)],
        ),
        QuestionData(Kind.TRUEFALSE, "Langit biru", choices=[]),
        QuestionData(
            Kind.SHORT, "Isi", tags=["a"], case_sensitive=True, choices=[ChoiceData("X*", 100)]
        ),
    ]
    questions[1].choices = [ChoiceData("Benar", 100), ChoiceData("Salah", 0, "Keliru")]

    assert write_gift(questions) == (
        "::T1::Pilih \\{satu\\} {\n\t=ya#betul\n\t~tidak\n}\n\n"
        "Langit biru {T#Keliru#}\n\n"
        "// [tag:a] [case-sensitive]\nIsi {\n\t=X*\n}\n"
    )
    again, errors = parse_gift(write_gift(questions))
    assert errors == []
    assert [essence(q) for q in again] == [essence(q) for q in questions]


@pytest.mark.parametrize(
    ("source", "line", "words"),
    [
        ("Soal rusak {=a ~b", 1, "tidak pernah ditutup"),
        ("Baris satu\nbaris dua } {=a ~b}", 2, "tanpa pasangan"),
        ("Soal {=a {~b}", 1, "dibuka lagi"),
        ("::Judul tanpa penutup Soal {=a ~b}", 1, "Judul"),
        ("Berapa 2+2? {#4:0}", 1, "numerik"),
        ("Tulis esai. {}", 1, "esai"),
        ("Hanya teks tanpa jawaban", 1, "deskripsi"),
        ("Polri {~lahir =berdiri} tahun 1946.", 1, "isian rumpang"),
        ("Soal {=a ~%abc%b}", 1, "Persentase"),
        ("Soal {ini =a ~b}", 1, "diawali = atau ~"),
        ("Soal {~a ~b}", 1, "berjumlah 100%"),
        ("Soal {~%50%a ~%50%b}\n\nSoal {=a -> }", 3, "menjodohkan"),
    ],
)
def test_gift_refusals_name_the_line_and_the_reason(source, line, words):
    _questions, errors = parse_gift(source)

    assert [e.line for e in errors] == [line]
    assert words in errors[0].message


def test_gift_reports_every_broken_question_with_its_line():
    source = "// komentar\nBaik {=a ~b}\n\nRusak {=a\n\nJuga baik {T}\n\nRusak lagi {}"

    questions, errors = parse_gift(source)

    assert [q.text for q in questions] == ["Baik", "Juga baik"]
    assert [e.line for e in errors] == [4, 8]


def test_aiken_file_reads_multi_line_text_and_both_option_styles():
    questions, errors = parse_aiken((DATA / "bank_aiken.txt").read_text(encoding="utf-8"))

    assert errors == []
    assert [q.line for q in questions] == [1, 7, 14]
    assert questions[1].text == (
        "Seorang warga mengadu lewat mention tentang pelayanan SIM.\n"
        "Apa langkah pertama yang tepat?"
    )
    assert [c.fraction for c in questions[1].choices] == [0, 100, 0, 0]
    assert questions[0].choices[2].text == "Mengizinkan akun memasang iklan"  # "C)" style


def test_aiken_round_trip():
    first, _errors = parse_aiken((DATA / "bank_aiken.txt").read_text(encoding="utf-8"))

    written, left_out = write_aiken(first)
    again, errors = parse_aiken(written)

    assert (errors, left_out) == ([], [])
    assert [essence(q) for q in again] == [essence(q) for q in first]


def test_aiken_writes_only_what_it_can_hold():
    questions, _errors = parse_gift(gift_file())

    written, left_out = write_aiken(questions)

    assert [q.name for q in left_out] == [
        "Kepanjangan UU ITE",  # a penalty answer
        "Hoaks",
        "Singkatan PDP",
        "Pola nomor",
        "Jodohkan pasal",
    ]
    assert written.count("ANSWER:") == 3  # the true/false questions as Benar/Salah
    assert "A. Benar\nB. Salah\nANSWER: B" in written


@pytest.mark.parametrize(
    ("source", "line", "words"),
    [
        ("Soal satu\nA. a\nB. b\n", 1, "ANSWER"),
        ("Soal\nA. a\nB. b\nANSWER: E", 1, "bukan salah satu pilihan"),
        ("Soal\nA. a\nANSWER: A", 1, "dua pilihan"),
        ("Soal\nA. a\nC. c\nANSWER: A", 1, "berurutan"),
        ("ANSWER: A", 1, "tanpa soal"),
        ("Soal\nA. a\nB. b\nSoal dua\nA. x\nB. y\nANSWER: B", 1, "ANSWER"),
    ],
)
def test_aiken_refusals(source, line, words):
    _questions, errors = parse_aiken(source)

    assert [e.line for e in errors] == [line]
    assert words in errors[0].message


def test_a_question_whose_later_line_looks_like_an_option_is_left_out_of_aiken():
    question = QuestionData(
        Kind.SINGLE, "Baca:\nA. bukan pilihan", choices=[ChoiceData("x", 100), ChoiceData("y")]
    )

    assert can_write(question) is False


def test_problems_of_incomplete_questions():
    empty = QuestionData(Kind.SINGLE, " ", choices=[ChoiceData("a", 100), ChoiceData("b")])
    one = QuestionData(Kind.SINGLE, "Soal", choices=[ChoiceData("a", 100)])
    no_right = QuestionData(Kind.SHORT, "Soal", choices=[ChoiceData("a", 50)])
    bad_tag = QuestionData(Kind.SHORT, "Soal", tags=["a b"], choices=[ChoiceData("a", 100)])
    too_much = QuestionData(Kind.SINGLE, "Soal", choices=[ChoiceData("a", 150), ChoiceData("b")])

    assert problems(empty) == ["Teks soal kosong."]
    assert "dua pilihan" in problems(one)[0]
    assert "100%" in problems(no_right)[0]
    assert "Tag tidak sah" in problems(bad_tag)[0]
    assert "antara -100 dan 100" in problems(too_much)[0]


@pytest.mark.parametrize(
    ("answer", "given", "case", "expected"),
    [
        ("PDP", " pdp ", False, True),
        ("PDP", "pdp", True, False),
        ("*sebelas*", "nomor sebelas tahun 2008", False, True),
        ("sebelas*", "nomor sebelas", False, False),
        ("a\\*b", "a*b", False, True),
        ("a\\*b", "axb", False, False),
    ],
)
def test_short_answers_exact_or_pattern(answer, given, case, expected):
    assert short_answer_matches(answer, given, case_sensitive=case) is expected
