"""The Aiken format: multiple-choice questions with one right answer, as Moodle reads them.

::

    Apa kepanjangan UU ITE?
    A. Undang-Undang Informasi dan Transaksi Elektronik
    B) Undang-Undang Internet dan Teknologi Elektronik
    ANSWER: A

The text may take several lines; options are a capital letter, ``.`` or ``)`` and a space;
``ANSWER:`` names the right letter and ends the question. Blank lines between questions are
optional. Pure: no Flask, no database. Aiken holds no feedback, categories or tags, and
only single-answer questions (true/false ones are written as two options, Benar and Salah).
"""

from __future__ import annotations

import re

from flask_babel import gettext as _

from training.core.tabular import RowError
from training.learning.bankdata import ChoiceData, Kind, QuestionData, problems

_OPTION = re.compile(r"^([A-Z])[.)]\s+(.*)$")
_ANSWER = re.compile(r"^ANSWER:\s*(.*)$", re.IGNORECASE)
_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


class _Open:
    """The question being read."""

    def __init__(self, line: int):
        self.line = line
        self.text: list[str] = []
        self.options: list[tuple[str, str]] = []


def parse_aiken(text: str) -> tuple[list[QuestionData], list[RowError]]:
    """The questions of an Aiken file and the problems found (line and message)."""
    questions, errors, current = [], [], None
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line:
            continue
        option, answer = _OPTION.match(line), _ANSWER.match(line)
        if current is None or (current.options and not option and not answer):
            if current is not None:
                errors.append(RowError(current.line, _("Soal ini tidak punya baris ANSWER:.")))
            current = _Open(number)
        if answer:
            _close(current, answer.group(1).strip(), questions, errors)
            current = None
        elif option and current.text:
            current.options.append((option.group(1), option.group(2).strip()))
        else:
            current.text.append(line)
    if current is not None:
        errors.append(RowError(current.line, _("Soal ini tidak punya baris ANSWER:.")))
    return questions, errors


def _close(current: _Open, letter: str, questions: list, errors: list) -> None:
    letters = [option_letter for option_letter, _text in current.options]
    problem = None
    if not current.text:
        problem = _("ANSWER: tanpa soal di atasnya.")
    elif len(current.options) < 2:
        problem = _("Soal perlu sedikitnya dua pilihan (A. …, B. …).")
    elif letters != list(_LETTERS[: len(letters)]):
        problem = _("Huruf pilihan harus berurutan A, B, C, … tanpa ada yang sama.")
    elif letter.upper() not in letters or len(letter) != 1:
        problem = _("ANSWER: %(letter)s bukan salah satu pilihan.", letter=letter or "–")
    if problem:
        errors.append(RowError(current.line, problem))
        return
    choices = [
        ChoiceData(text, 100.0 if option_letter == letter.upper() else 0.0)
        for option_letter, text in current.options
    ]
    question = QuestionData(Kind.SINGLE, "\n".join(current.text), choices=choices)
    question.line = current.line
    errors.extend(RowError(current.line, message) for message in problems(question))
    questions.append(question)


def can_write(question: QuestionData) -> bool:
    """Whether Aiken can hold ``question``: one right answer among at most 26 plain options,
    and no line of text after the first that would read as an option or the answer line."""
    if question.kind not in (Kind.SINGLE, Kind.TRUEFALSE) or len(question.choices) > 26:
        return False
    later = [line.strip() for line in question.text.split("\n")[1:]]
    if any(_OPTION.match(line) or _ANSWER.match(line) for line in later):
        return False
    fractions = sorted(c.fraction for c in question.choices)
    return fractions[-1:] == [100.0] and set(fractions[:-1]) <= {0.0}


def write_aiken(questions: list[QuestionData]) -> tuple[str, list[QuestionData]]:
    """An Aiken file of the questions it can hold, and the questions left out."""
    blocks, left_out = [], []
    for question in questions:
        if not can_write(question):
            left_out.append(question)
            continue
        lines = [line.strip() for line in question.text.split("\n") if line.strip()]
        for letter, choice in zip(_LETTERS, question.choices, strict=False):
            lines.append(f"{letter}. {' '.join(choice.text.split())}")
        right = next(i for i, c in enumerate(question.choices) if c.fraction == 100)
        lines.append(f"ANSWER: {_LETTERS[right]}")
        blocks.append("\n".join(lines))
    return ("\n\n".join(blocks) + "\n") if blocks else "", left_out
