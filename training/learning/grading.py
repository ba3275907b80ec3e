"""Quiz questions as shown and as graded. Pure: works on a slot's snapshot (the question as
drawn, fractions included), its shown order and the answer as given.

What the browser gets (``shown``) holds the texts in the shown order and nothing else: no
fractions, no feedback, no pairing, and no original positions (a bank's right answer is often
its first choice, so the shown position is the only key an answer uses).

Answers as given, by kind:
- single, truefalse: the shown position of the chosen choice (an int);
- multiple: the shown positions chosen (a list of ints);
- short: the text typed;
- matching: ``{shown position of the item: option text}``, options listed sorted.
"""

from __future__ import annotations

from training.learning.bankdata import Kind, short_answer_matches

CHOICE_KINDS = (Kind.SINGLE, Kind.MULTIPLE, Kind.TRUEFALSE)
MAX_TEXT = 1_000


class BadAnswer(ValueError):
    """The answer does not fit the question (wrong shape, unknown position or option)."""


def snapshot_of(data) -> dict:
    """A QuestionData as stored in a slot."""
    return {
        "kind": str(data.kind),
        "name": data.name,
        "text": data.text,
        "case_sensitive": data.case_sensitive,
        "general_feedback": data.general_feedback,
        "choices": [
            {
                "text": c.text,
                "fraction": c.fraction,
                "feedback": c.feedback,
                "match_text": c.match_text,
            }
            for c in data.choices
        ],
    }


def options(snapshot: dict) -> list[str]:
    """The answers a matching question offers, sorted (their order tells nothing)."""
    return sorted({c["match_text"] for c in snapshot["choices"]})


def shown(snapshot: dict, order: list[int]) -> dict:
    """What the person sees of a drawn question before the attempt is closed."""
    kind = Kind(snapshot["kind"])
    view = {"kind": str(kind), "text": snapshot["text"]}
    texts = [snapshot["choices"][i]["text"] for i in order]
    if kind in CHOICE_KINDS:
        view["choices"] = texts
    elif kind is Kind.MATCHING:
        view["items"], view["options"] = texts, options(snapshot)
    return view


def _position(value, count: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < count:
        raise BadAnswer(value)
    return value


def clean_answer(snapshot: dict, order: list[int], value):
    """The answer as it will be stored; BadAnswer when it does not fit the question."""
    kind = Kind(snapshot["kind"])
    if kind in (Kind.SINGLE, Kind.TRUEFALSE):
        return _position(value, len(order))
    if kind is Kind.MULTIPLE:
        if not isinstance(value, list):
            raise BadAnswer(value)
        return sorted({_position(v, len(order)) for v in value})
    if kind is Kind.SHORT:
        if not isinstance(value, str) or len(value) > MAX_TEXT:
            raise BadAnswer(value)
        return value.strip()
    if not isinstance(value, dict):
        raise BadAnswer(value)
    offered = set(options(snapshot))
    pairs = {str(_position(int(k), len(order))): v for k, v in value.items() if str(k).isdigit()}
    if len(pairs) != len(value) or any(v not in offered for v in pairs.values()):
        raise BadAnswer(value)
    return pairs


def mark(snapshot: dict, order: list[int], answer) -> float:
    """The share of the question's mark (0..1) that ``answer`` earns; nothing for none."""
    if answer is None:
        return 0.0
    kind, choices = Kind(snapshot["kind"]), snapshot["choices"]
    if kind in (Kind.SINGLE, Kind.TRUEFALSE):
        earned = choices[order[answer]]["fraction"]
    elif kind is Kind.MULTIPLE:
        earned = sum(choices[order[p]]["fraction"] for p in set(answer))
    elif kind is Kind.SHORT:
        case = snapshot.get("case_sensitive", False)
        fits = [
            c["fraction"]
            for c in choices
            if short_answer_matches(c["text"], answer, case_sensitive=case)
        ]
        earned = max(fits, default=0.0)
    else:
        right = sum(choices[order[int(p)]]["match_text"] == text for p, text in answer.items())
        return right / len(choices) if choices else 0.0
    return min(max(earned / 100.0, 0.0), 1.0)


def feedback_of(snapshot: dict, order: list[int], answer) -> list[str]:
    """The feedback of the choices the answer picked (a short answer: of the answers it
    fits); none for no answer or a matching question."""
    kind, choices = Kind(snapshot["kind"]), snapshot["choices"]
    if answer is None or kind is Kind.MATCHING:
        return []
    if kind in (Kind.SINGLE, Kind.TRUEFALSE):
        picked = [choices[order[answer]]]
    elif kind is Kind.MULTIPLE:
        picked = [choices[order[p]] for p in sorted(set(answer))]
    else:
        case = snapshot.get("case_sensitive", False)
        picked = [
            c for c in choices if short_answer_matches(c["text"], answer, case_sensitive=case)
        ][:1]
    return [c["feedback"] for c in picked if c.get("feedback")]
