"""Write questions as a Moodle GIFT file (read back by ``training.learning.gift``). Pure.

Questions are grouped by category (a ``$CATEGORY`` line before each group), tags and the
case-sensitive flag go in a comment line above the question, new lines in texts are
written ``\\n`` so that every question stays one block.
"""

from __future__ import annotations

from training.learning.bankdata import ChoiceData, Kind, QuestionData, truth_of
from training.learning.gift import CASE_FLAG, escape


def percent(fraction: float) -> str:
    return f"{fraction:.5f}".rstrip("0").rstrip(".")


def write_gift(questions: list[QuestionData]) -> str:
    """A GIFT file of ``questions``, grouped by category (questions without one first)."""
    blocks, category = [], ""
    for question in sorted(questions, key=lambda q: bool(q.category)):
        if question.category != category:
            category = question.category
            blocks.append(f"$CATEGORY: {category}")
        blocks.append(_write_question(question))
    return "\n\n".join(blocks) + "\n"


def _write_question(q: QuestionData) -> str:
    notes = " ".join([f"[tag:{t}]" for t in q.tags] + ([CASE_FLAG] if q.case_sensitive else []))
    head = f"// {notes}\n" if notes else ""
    title = f"::{escape(q.name)}::" if q.name else ""
    general = f"\n\t####{escape(q.general_feedback)}" if q.general_feedback else ""
    if q.kind is Kind.TRUEFALSE:
        truth = truth_of(q)
        right = next((c.feedback for c in q.choices if c.fraction > 0), "")
        wrong = next((c.feedback for c in q.choices if c.fraction <= 0), "")
        feedback = f"#{escape(wrong)}#{escape(right)}" if wrong or right else ""
        tail = f"####{escape(q.general_feedback)}" if q.general_feedback else ""
        answers = f"{'T' if truth else 'F'}{feedback}{tail}"
        return f"{head}{title}{escape(q.text)} {{{answers}}}"
    lines = "".join(f"\n\t{_write_choice(q, i, c)}" for i, c in enumerate(q.choices))
    return f"{head}{title}{escape(q.text)} {{{lines}{general}\n}}"


def _write_choice(q: QuestionData, index: int, choice: ChoiceData) -> str:
    feedback = f"#{escape(choice.feedback)}" if choice.feedback else ""
    if q.kind is Kind.MATCHING:
        return f"={escape(choice.text)} -> {escape(choice.match_text)}"
    first_full = next((i for i, c in enumerate(q.choices) if c.fraction == 100), None)
    if q.kind is Kind.SHORT or (q.kind is Kind.SINGLE and index == first_full):
        marker = "=" if choice.fraction == 100 else f"=%{percent(choice.fraction)}%"
    else:
        marker = "~" if choice.fraction == 0 else f"~%{percent(choice.fraction)}%"
    return f"{marker}{escape(choice.text)}{feedback}"
