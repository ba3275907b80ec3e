"""Questions as plain data, between the file formats (GIFT, Aiken), the form and the tables.

Pure: no Flask, no database. ``problems(question)`` is the one check every way in uses (a
file, the form), so a question that imports is a question the form accepts and vice versa.
Fractions are percentages (-100..100) as in Moodle's files: 100 a fully right answer, 50
half, negative a penalty.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum

from flask_babel import gettext as _


class Kind(StrEnum):
    SINGLE = "single"  # multiple choice, one answer
    MULTIPLE = "multiple"  # multiple choice, several answers
    TRUEFALSE = "truefalse"
    SHORT = "short"  # short answer: exact, or a pattern with * as wildcard
    MATCHING = "matching"


#: How a true/false question's two choices are stored (data, as the bank shows them).
TRUE_TEXT, FALSE_TEXT = "Benar", "Salah"
TRUE_WORDS = {"benar", "true", "t", "b"}
FALSE_WORDS = {"salah", "false", "f", "s"}
MAX_NAME, MAX_TEXT, MAX_ANSWER, MAX_FEEDBACK = 255, 10_000, 1_000, 2_000
MAX_CATEGORY, MAX_TAG, MAX_TAGS, MAX_CHOICES = 255, 50, 20, 26
TAG_RE = re.compile(r"^[\w.-]+$")


@dataclass
class ChoiceData:
    text: str
    fraction: float = 0.0
    feedback: str = ""
    #: Matching questions: the answer this choice (a sub-question) is matched with.
    match_text: str = ""


@dataclass
class QuestionData:
    kind: Kind
    text: str
    name: str = ""
    general_feedback: str = ""
    #: The category path inside the bank, as a GIFT ``$CATEGORY`` line gives it.
    category: str = ""
    tags: list[str] = field(default_factory=list)
    choices: list[ChoiceData] = field(default_factory=list)
    case_sensitive: bool = False
    #: Where the question starts in the file it came from (0: not from a file).
    line: int = 0

    @property
    def label(self) -> str:
        """The title, else the start of the text (what lists show)."""
        text = self.name or " ".join(self.text.split())
        return text if len(text) <= 80 else text[:79] + "…"

    def key(self) -> tuple:
        """What makes two questions the same for an import: kind, title, text."""
        return (str(self.kind), self.name.strip(), " ".join(self.text.split()))


def truth_of(question: QuestionData) -> bool | None:
    """The right answer of a true/false question (None when its choices are not a pair)."""
    right = [c for c in question.choices if c.fraction > 0]
    if len(right) != 1:
        return None
    word = right[0].text.strip().lower()
    return True if word in TRUE_WORDS else False if word in FALSE_WORDS else None


def true_false_choices(truth: bool, right: str = "", wrong: str = "") -> list[ChoiceData]:
    """The two stored choices of a true/false question, feedback on each."""
    yes = ChoiceData(TRUE_TEXT, 100.0 if truth else 0.0, right if truth else wrong)
    no = ChoiceData(FALSE_TEXT, 0.0 if truth else 100.0, wrong if truth else right)
    return [yes, no]


def short_answer_matches(answer: str, given: str, *, case_sensitive: bool = False) -> bool:
    """Whether ``given`` matches a short answer: exact (spaces around ignored), or a pattern
    where ``*`` stands for any text (Moodle's rule); ``\\*`` is a literal star."""
    answer, given = answer.strip(), given.strip()
    if not case_sensitive:
        answer, given = answer.lower(), given.lower()
    if "*" not in answer.replace("\\*", ""):
        return answer.replace("\\*", "*") == given
    parts = re.split(r"(?<!\\)\*", answer)
    pattern = ".*".join(re.escape(p.replace("\\*", "*")) for p in parts)
    return re.fullmatch(pattern, given, re.DOTALL) is not None


def _lengths(q: QuestionData) -> list[str]:
    found = []
    if len(q.name) > MAX_NAME:
        found.append(_("Judul soal lebih dari %(n)d karakter.", n=MAX_NAME))
    if len(q.text) > MAX_TEXT:
        found.append(_("Teks soal lebih dari %(n)d karakter.", n=MAX_TEXT))
    if len(q.general_feedback) > MAX_FEEDBACK or any(
        len(c.feedback) > MAX_FEEDBACK for c in q.choices
    ):
        found.append(_("Umpan balik lebih dari %(n)d karakter.", n=MAX_FEEDBACK))
    if any(len(c.text) > MAX_ANSWER or len(c.match_text) > MAX_ANSWER for c in q.choices):
        found.append(_("Jawaban lebih dari %(n)d karakter.", n=MAX_ANSWER))
    if len(q.category) > MAX_CATEGORY:
        found.append(_("Kategori lebih dari %(n)d karakter.", n=MAX_CATEGORY))
    if len(q.choices) > MAX_CHOICES:
        found.append(_("Lebih dari %(n)d jawaban.", n=MAX_CHOICES))
    return found


def _tags(q: QuestionData) -> list[str]:
    if len(q.tags) > MAX_TAGS:
        return [_("Lebih dari %(n)d tag.", n=MAX_TAGS)]
    bad = [t for t in q.tags if len(t) > MAX_TAG or not TAG_RE.match(t)]
    if bad:
        return [_("Tag tidak sah: %(tags)s (huruf, angka, titik, - dan _ saja).", tags=bad[0])]
    return []


def _choice_rules(q: QuestionData) -> list[str]:
    choices = q.choices
    if any(not c.text.strip() for c in choices):
        return [_("Ada jawaban yang kosong.")]
    if any(not -100 <= c.fraction <= 100 for c in choices):
        return [_("Persentase jawaban harus antara -100 dan 100.")]
    right = [c for c in choices if c.fraction > 0]
    if q.kind is Kind.SINGLE:
        if len(choices) < 2:
            return [_("Pilihan ganda perlu sedikitnya dua pilihan jawaban.")]
        if not any(c.fraction == 100 for c in choices):
            return [_("Pilihan ganda satu jawaban perlu satu jawaban yang benar penuh (100%).")]
    elif q.kind is Kind.MULTIPLE:
        if len(choices) < 2:
            return [_("Pilihan ganda perlu sedikitnya dua pilihan jawaban.")]
        if abs(sum(c.fraction for c in right) - 100) > 0.1:
            return [_("Persentase jawaban yang benar harus berjumlah 100%.")]
    elif q.kind is Kind.TRUEFALSE:
        if len(choices) != 2 or truth_of(q) is None:
            return [_("Soal benar/salah perlu jawaban Benar dan Salah, tepat satu yang benar.")]
    elif q.kind is Kind.SHORT:
        if not any(c.fraction == 100 for c in choices):
            return [_("Isian singkat perlu sedikitnya satu jawaban yang benar penuh (100%).")]
    elif q.kind is Kind.MATCHING and (
        len(choices) < 2 or any(not c.match_text.strip() for c in choices)
    ):
        return [_("Soal menjodohkan perlu sedikitnya dua pasangan, masing-masing lengkap.")]
    return []


def problems(q: QuestionData) -> list[str]:
    """What is wrong with ``q``, in words (empty: the question may be saved)."""
    found = [] if q.text.strip() else [_("Teks soal kosong.")]
    return found + _lengths(q) + _tags(q) + _choice_rules(q)


def is_pattern(answer: str) -> bool:
    """Whether a short answer is a pattern (has an unescaped ``*``)."""
    return "*" in answer.replace("\\*", "")
