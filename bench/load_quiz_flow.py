"""One participant taking the post-test, the way a phone does it (bench/load_quiz.py).

Signs in (login form, then the POST), opens the quiz's page, presses "Mulai kuis", reads the
attempt's one page of questions, then answers the questions one at a time as
``static/js/quiz.js`` does: one JSON POST per answer to the form's ``data-answer-url``
(``{"position": n, "value": ...}``, the CSRF token of the page in X-CSRFToken), a pause
between answers; then "Kumpulkan" (the form, with every answer given, as a browser sends
it) and the page it leads to ("Sedang dinilai…" until a worker has graded it, then the
review). Each request is recorded with whether it did what the person expects.
"""

from __future__ import annotations

import html
import json
import random
import re
import time
from dataclasses import dataclass, field

from bench.load_client import Browser
from bench.load_mix import Recorder, release, take
from bench.load_quiz_data import PASSWORD

HEAD_RE = re.compile(r'[^>]*data-position="(\d+)" data-kind="(\w+)"')
ANSWER_URL_RE = re.compile(r'data-answer-url="([^"]+)"')
OPTION_RE = re.compile(r'<option value="([^"]+)"')
ATTEMPT_RE = re.compile(r"/quiz/attempts/(\d+)$")
SHORT_ANSWERS = ("verifikasi", "verifikasi akun", "lapor atasan")


@dataclass
class Slot:
    """A question as its page shows it: what an answer to it can be."""

    position: int
    kind: str
    choices: int = 0  # radio buttons or check boxes
    items: int = 0  # matching: the items to pair
    options: list[str] = field(default_factory=list)  # matching: the answers offered


@dataclass
class Taken:
    """What one participant did: the answers the server confirmed, by position."""

    username: str
    attempt_id: int | None = None
    answers: dict[int, object] = field(default_factory=dict)
    sent: int = 0
    submitted: bool = False


def slots_of(page: str) -> list[Slot]:
    """The questions of an attempt page (``templates/learning/quiz/attempt.html``)."""
    found = []
    for part in (p.split("</fieldset>")[0] for p in page.split("<fieldset")[1:]):
        head = HEAD_RE.match(part)
        if head is None:
            continue
        options = sorted({html.unescape(v) for v in OPTION_RE.findall(part)})
        found.append(
            Slot(
                int(head.group(1)),
                head.group(2),
                choices=part.count('class="form-check-input"'),
                items=part.count("<select"),
                options=options,
            )
        )
    return found


def pick(slot: Slot, rng: random.Random):
    """An answer to ``slot`` as quiz.js sends it (stored as given: lists sorted)."""
    if slot.kind in ("single", "truefalse"):
        return rng.randrange(slot.choices)
    if slot.kind == "multiple":
        return sorted(rng.sample(range(slot.choices), rng.randint(1, slot.choices)))
    if slot.kind == "short":
        return rng.choice(SHORT_ANSWERS)
    return {str(i): rng.choice(slot.options) for i in range(slot.items)}


def form_of(answers: dict[int, object]) -> dict:
    """The no-script form's fields holding ``answers`` (what "Kumpulkan" sends)."""
    fields: dict[str, object] = {}
    for position, value in answers.items():
        if isinstance(value, dict):
            fields |= {f"q{position}-{i}": text for i, text in value.items()}
        elif isinstance(value, list):
            fields[f"q{position}"] = [str(v) for v in value]
        else:
            fields[f"q{position}"] = str(value)
    return fields


def answer(rec: Recorder, browser: Browser, url: str, slot: Slot, value) -> bool:
    """Save one answer; True when the server said it is saved."""
    sent = browser.post_json(url, {"position": slot.position, "value": value})
    try:
        said = json.loads(sent.body)
    except ValueError:
        said = {}
    ok = sent.status == 200 and said.get("saved") is True
    return rec.add("answer", sent, ok, f"{slot.kind}: {said.get('error', 'not saved')}")


def open_attempt(rec: Recorder, browser: Browser, quiz_id: int) -> tuple[int, str, list[Slot]]:
    """Quiz page, "Mulai kuis", the attempt page: (attempt id, answer URL, questions)."""
    page = browser.get(f"/quiz/{quiz_id}")
    if not rec.add("quiz page", page, page.status == 200 and "Mulai kuis" in page.text):
        raise LookupError("no start button")
    started = browser.post(f"/quiz/{quiz_id}/start", {})
    found = ATTEMPT_RE.search(started.location) if started.status == 302 else None
    if not rec.add("start", started, found is not None, "not sent to an attempt"):
        raise LookupError("not started")
    shown = browser.get(started.location)
    url = ANSWER_URL_RE.search(shown.text)
    if not rec.add("attempt page", shown, shown.status == 200 and url is not None):
        raise LookupError("no questions")
    return int(found.group(1)), html.unescape(url.group(1)), slots_of(shown.text)


def take_quiz(
    rec: Recorder, browser: Browser, taken: Taken, quiz_id: int, think: float, seed: int
) -> Taken:
    """The whole journey of one participant (see the module doc); ``think`` seconds (on
    average) between two answers. Stops at the first request that failed."""
    rng = random.Random(seed)
    form = browser.get("/login")
    if not rec.add("login form", form, form.status == 200 and bool(browser.csrf)):
        return taken
    sent = browser.post("/login", {"username": taken.username, "password": PASSWORD})
    if not rec.add("login", sent, sent.status == 302):
        return taken
    try:
        taken.attempt_id, url, slots = open_attempt(rec, browser, quiz_id)
    except LookupError:
        return taken
    for slot in slots:
        time.sleep(think * rng.uniform(0.5, 1.5))
        value = pick(slot, rng)
        taken.sent += 1
        if not answer(rec, browser, url, slot, value):
            return taken
        taken.answers[slot.position] = value
    time.sleep(think * rng.uniform(0.5, 1.5))
    path = f"/quiz/attempts/{taken.attempt_id}"
    handed = browser.post(f"{path}/submit", form_of(taken.answers))
    if not rec.add("submit", handed, handed.status == 302 and handed.location.endswith(path)):
        return taken
    taken.submitted = True
    after = browser.get(path)  # "Sedang dinilai…", or the review once a worker graded it
    waiting = after.status == 200 and "Sedang dinilai" in after.text
    rec.add("after submit", after, waiting or after.location.endswith(f"{path}/review"))
    return taken


class Answering:
    """The closed-loop capacity action: attempts already started, each request saves a new
    answer (always a change) to a random question of a free one."""

    def __init__(self, attempts: list[tuple[Browser, str, list[Slot]]]):
        self.attempts = attempts
        self.last: dict[tuple[int, int], object] = {}

    def __call__(self, rec: Recorder, rng: random.Random) -> None:
        item = take(rng, [(a[1], a[0], a[2]) for a in self.attempts])
        if item is None:
            time.sleep(0.001)
            return
        url, browser, slots = item
        try:
            slot = rng.choice(slots)
            key = (id(browser), slot.position)
            value = pick(slot, rng)
            for _ in range(10):
                if value != self.last.get(key):
                    break
                value = pick(slot, rng)
            if answer(rec, browser, url, slot, value):
                self.last[key] = value
        finally:
            release(item)
