"""The closed-loop runner and the actions of "a morning of a real cycle".

Every connection is a thread that repeats an action until the level's time is up; an
action is one or more requests, each recorded under a kind with its latency and whether
it did what a user expects (status and page content), so a 200 page with an error
message counts as an error too.
"""

from __future__ import annotations

import json
import random
import re
import statistics
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from bench.load_client import Browser, Reply
from bench.load_morning import PASSWORD, Group
from training.attendance.checkin import short_code, window_of

STATUS_RE = re.compile(r'name="status-(\d+)"')
HEADING_RE = re.compile(r"<h1[^>]*>(.*?)</h1>", re.S)
ROLL_CALL_MARKS = ("izin", "sakit", "dinas_luar")


@dataclass
class Recorder:
    samples: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, kind: str, reply: Reply, ok: bool, why: str = "") -> bool:
        with self.lock:
            self.samples[kind].append(reply.seconds)
            if not ok:
                heading = HEADING_RE.search(reply.text)
                title = re.sub(r"<[^>]+>|\s+", " ", heading.group(1)).strip() if heading else ""
                self.errors[kind].append(f"{reply.status} {why} {title[:80]}".strip())
        return ok

    def fail(self, kind: str, why: str) -> None:
        with self.lock:
            self.errors[kind].append(why)


def quantile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def summary(rec: Recorder, seconds: float) -> dict:
    every = [v for values in rec.samples.values() for v in values]
    kinds = {}
    for kind in sorted(set(rec.samples) | set(rec.errors)):
        values = rec.samples.get(kind, [])
        kinds[kind] = {
            "requests": len(values),
            "per_second": round(len(values) / seconds, 1),
            "p50_ms": round(statistics.median(values) * 1000, 1) if values else None,
            "p99_ms": round(quantile(values, 0.99) * 1000, 1) if values else None,
            "errors": len(rec.errors.get(kind, [])),
            "error_examples": sorted(set(rec.errors.get(kind, [])))[:3],
        }
    return {
        "seconds": round(seconds, 1),
        "requests": len(every),
        "per_second": round(len(every) / seconds, 1),
        "p50_ms": round(statistics.median(every) * 1000, 1) if every else None,
        "p99_ms": round(quantile(every, 0.99) * 1000, 1) if every else None,
        "errors": sum(len(v) for v in rec.errors.values()),
        "kinds": kinds,
    }


def closed_loop(action: Callable[[Recorder, random.Random], None], connections: int, seconds):
    """Run ``action`` on ``connections`` threads for ``seconds``; return the summary."""
    rec = Recorder()
    deadline = time.monotonic() + seconds

    def worker(seed: int) -> None:
        rng = random.Random(seed)
        while time.monotonic() < deadline:
            try:
                action(rec, rng)
            except Exception as exc:  # a transport error is a failed request
                rec.fail("transport", f"{type(exc).__name__}: {exc}")

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(connections)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return summary(rec, time.monotonic() - started)


def take(rng: random.Random, items: list):
    """A random item whose browser (the item, or its [1]) is free, now held; else None."""
    for item in rng.sample(items, len(items)):
        browser = item if isinstance(item, Browser) else item[1]
        if browser.busy.acquire(blocking=False):
            return item
    return None


def release(item) -> None:
    (item if isinstance(item, Browser) else item[1]).busy.release()


def page_action(browsers: list[Browser], path: Callable[[Browser], str], kind: str):
    """GET one page (expect 200) as a random free one of ``browsers``."""

    def action(rec: Recorder, rng: random.Random) -> None:
        browser = take(rng, browsers)
        if browser is None:
            return
        try:
            reply = browser.get(path(browser))
        finally:
            release(browser)
        rec.add(kind, reply, reply.status == 200)

    return action


class Morning:
    """The actors of one level (logged in) and the mix of their requests."""

    WEIGHTS = (("checkin", 50), ("projector", 15), ("rollcall", 10), ("dashboard", 25))

    def __init__(self, host: str, port: int, group: Group, secret: str, readiness: bool):
        self.group, self.secret, self.readiness = group, secret, readiness
        self.sessions = {s["id"]: s for s in group.sessions}
        self.lock = threading.Lock()
        self.pending = [(pid, s["id"]) for s in group.sessions for pid in s["people"]]
        random.Random(7).shuffle(self.pending)
        self.done: list[tuple[int, int]] = []
        self.host, self.port = host, port
        self.participants: dict[int, Browser] = {}
        self.trainers: dict[int, Browser] = {}
        self.commanders: list[tuple[Browser, str]] = []

    def log_in(self, threads: int = 4) -> int:
        """Log every actor in (not measured); returns the number of accounts."""
        jobs: list[tuple[str, Callable[[Browser], None]]] = []
        for pid, name in self.group.participants.items():
            jobs.append((name, lambda b, pid=pid: self.participants.__setitem__(pid, b)))
        for sid, name in self.group.trainers.items():
            jobs.append((name, lambda b, sid=sid: self.trainers.__setitem__(sid, b)))
        for name, code in self.group.commanders:
            jobs.append((name, lambda b, code=code: self.commanders.append((b, code))))
        queue = list(jobs)
        lock = threading.Lock()

        def run() -> None:
            while True:
                with lock:
                    if not queue:
                        return
                    name, keep = queue.pop()
                browser = Browser(self.host, self.port)
                browser.login(name, PASSWORD)
                with lock:
                    keep(browser)

        workers = [threading.Thread(target=run) for _ in range(threads)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        if len(self.participants) + len(self.trainers) + len(self.commanders) != len(jobs):
            raise RuntimeError("some virtual users could not log in")
        return len(jobs)

    # --- actions ----------------------------------------------------------------------

    def __call__(self, rec: Recorder, rng: random.Random) -> None:
        kinds, weights = zip(*self.WEIGHTS, strict=True)
        getattr(self, rng.choices(kinds, weights)[0])(rec, rng)

    def checkin(self, rec: Recorder, rng: random.Random) -> None:
        """A participant opens 'Presensi', types the code on the trainer's screen, sends."""
        with self.lock:
            if not self.pending and not self.done:
                return
            pair = self.pending.pop() if self.pending else rng.choice(self.done)
        pid, sid = pair
        browser = self.participants[pid]
        with browser.busy:
            self._check_in(rec, browser, pair)

    def _check_in(self, rec: Recorder, browser: Browser, pair: tuple[int, int]) -> None:
        sid = pair[1]
        form = browser.get("/attendance/checkin")
        listed = f'value="{sid}"' in form.text
        if not rec.add("checkin form", form, form.status == 200 and listed, "session not listed"):
            return
        uid = self.sessions[sid]["uid"]
        code = short_code(self.secret, uid, window_of(datetime.now(UTC)))
        sent = browser.post("/attendance/checkin", {"session_id": sid, "code": code})
        if not rec.add("checkin post", sent, sent.status == 302):
            return
        shown = browser.get(sent.location)
        ok = shown.status == 200 and "Presensi tercatat" in shown.text
        rec.add("checkin form", shown, ok, "no 'Presensi tercatat'")
        with self.lock:
            self.done.append(pair)

    def projector(self, rec: Recorder, rng: random.Random) -> None:
        """The projector page polls the rotating code; it must be the app's current one."""
        picked = take(rng, list(self.trainers.items()))
        if picked is None:
            return
        sid, browser = picked
        try:
            reply = browser.get(f"/attendance/sessions/{sid}/code.json")
        finally:
            release(picked)
        ok = reply.status == 200
        if ok:
            data = json.loads(reply.body)
            uid = self.sessions[sid]["uid"]
            now = datetime.now(UTC)
            ok = data["code"] in {
                short_code(self.secret, uid, window_of(now) - lag) for lag in (0, 1)
            }
        rec.add("projector code.json", reply, ok, "unexpected code")

    def rollcall(self, rec: Recorder, rng: random.Random) -> None:
        """A trainer opens the roll call, marks a few people excused/sick, saves."""
        picked = take(rng, list(self.trainers.items()))
        if picked is None:
            return
        try:
            self._roll_call(rec, rng, *picked)
        finally:
            release(picked)

    def _roll_call(self, rec: Recorder, rng: random.Random, sid: int, browser: Browser) -> None:
        path = f"/attendance/sessions/{sid}"
        sheet = browser.get(path)
        people = STATUS_RE.findall(sheet.text)
        if not rec.add("rollcall sheet", sheet, sheet.status == 200 and bool(people)):
            return
        marks = {f"status-{pid}": rng.choice(ROLL_CALL_MARKS) for pid in rng.sample(people, 3)}
        saved = browser.post(path, {**marks, "reason": ""})
        if not rec.add("rollcall save", saved, saved.status == 302):
            return
        shown = browser.get(saved.location)
        ok = shown.status == 200 and "Daftar hadir disimpan" in shown.text
        rec.add("rollcall sheet", shown, ok, "no 'Daftar hadir disimpan'")

    def dashboard(self, rec: Recorder, rng: random.Random) -> None:
        """A commander opens one of their pages."""
        picked = take(rng, [(code, b) for b, code in self.commanders])
        if picked is None:
            return
        code, browser = picked
        pages = [
            ("unit page", f"/units/{code}"),
            ("people list", f"/people/?unit={code}"),
            ("reports", "/reports/"),
            ("absence warnings", "/reports/warnings"),
        ]
        if self.readiness:
            pages.append(("readiness", "/readiness/"))
        kind, path = rng.choice(pages)
        try:
            reply = browser.get(path)
        finally:
            release(picked)
        rec.add(kind, reply, reply.status == 200)
