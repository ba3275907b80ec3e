"""Builders of question banks for the tests: a competency and its bank of questions."""

from training.assessments.models import Competency
from training.extensions import db
from training.learning.bankdata import ChoiceData, Kind, QuestionData, true_false_choices
from training.learning.services import bank_for, save_question


def make_competency(code: str = "UJI", name: str = "Kompetensi uji") -> Competency:
    competency = Competency(code=code, name=name, description="", position=50, is_active=True)
    db.session.add(competency)
    db.session.flush()
    return competency


def single(text: str, right: str, *wrong: str, **kw) -> QuestionData:
    choices = [ChoiceData(right, 100.0, "Tepat.")] + [ChoiceData(w, 0.0) for w in wrong]
    return QuestionData(Kind.SINGLE, text, choices=choices, **kw)


def true_false(text: str, truth: bool, **kw) -> QuestionData:
    return QuestionData(Kind.TRUEFALSE, text, choices=true_false_choices(truth), **kw)


def make_bank(code: str = "UJI", questions=None, actor=None):
    """A competency ``code`` and its bank; returns (competency, questions saved)."""
    competency = make_competency(code, f"Kompetensi {code.lower()}")
    bank = bank_for(competency)
    questions = questions or [
        single("Siapa yang memegang kata sandi akun resmi?", "Admin yang ditunjuk", "Semua staf"),
        true_false("Autentikasi dua faktor wajib untuk akun resmi.", True, tags=["akun"]),
    ]
    saved = [save_question(bank, q, actor=actor) for q in questions]
    db.session.flush()
    return competency, saved
