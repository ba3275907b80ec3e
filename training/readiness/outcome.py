"""The outcome in readiness (issue 15.3 and 15.4): each unit's complaint response beside its
training figures, the optional response criteria of Siap, and the "perlu penyegaran" flag.

- Whose mentions: a unit's response is that of its whole subtree (its own official accounts
  and every account below it), like its training figures, on which its status is decided: a
  Polres is Siap only when its Polsek answer too.
- Which mentions: the aduan (complaints) received on the last ``response_window_days`` local
  days up to the roll-up's day, inclusive (the daily aggregates of training.responses).
- Figures: aduan received, answered, and the nearest-rank 90th percentile of the time to
  first response of the answered ones (the figure of the response pages).
- Criteria (each off when its threshold is null or 0): at least ``ready_answered_pct`` % of
  the aduan answered; p90 at most ``ready_p90_minutes`` minutes (some aduan received and none
  answered: not met). A unit without any aduan in the window has no data: like every other
  Siap criterion with nothing to measure it is not met, and says so in words.
- An unmet response criterion turns Siap into Sebagian (training decides the rest).
- Cost: two statements, one row per unit (counts, and every answered aduan's time to first
  response as joined text: training.responses.window), then each subtree's list of times is
  handed on to its parent once sorted, and its percentile taken once per unit.
- Perlu penyegaran is about the people who run a unit's accounts and those accounts: the
  people criteria (certified, level, attendance, commander) hold on the unit's OWN people,
  and yet its OWN accounts answer slowly: a response criterion is not met on their data, or
  their aduan p90 exceeds the programme's aduan target (training.responses.targets), or none
  was answered. A unit whose own accounts had no aduan in the window is never flagged (no
  evidence). (A Polres is judged on its own staff and account, not on its Polsek's.)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import NamedTuple

from flask_babel import lazy_gettext as _l

from training.core.numfmt import number
from training.readiness.models import ReadinessStatus, ReadinessThresholds
from training.responses.measures import percentile
from training.responses.models import MentionCategory
from training.responses.window import unit_counts, unit_times

ADUAN = MentionCategory.ADUAN.value
PEOPLE_CODES = ("certified", "level", "attendance", "commander")
RESPONSE_CODES = ("answered", "response_time")


@dataclass(slots=True)
class Response:
    """Aduan of a unit's subtree in the window: received, answered, p90 (seconds)."""

    mentions: int = 0
    answered: int = 0
    p90_seconds: int | None = None

    @property
    def answered_pct(self) -> float | None:
        return round(100.0 * self.answered / self.mentions, 1) if self.mentions else None

    @property
    def p90_minutes(self) -> int | None:
        """Whole minutes, rounded up (61 minutes for 60 min 30 s: never below the limit)."""
        return None if self.p90_seconds is None else -(-self.p90_seconds // 60)

    def as_list(self) -> list:
        return [self.mentions, self.answered, self.p90_seconds]

    def as_dict(self) -> dict:
        return {
            "aduan": self.mentions,
            "aduan_answered": self.answered,
            "answered_pct": self.answered_pct,
            "p90_minutes": self.p90_minutes,
        }


class ResponseRules(NamedTuple):
    answered_pct: int | None
    p90_minutes: int | None
    window_days: int
    #: The programme's aduan target (minutes): above it a certified unit needs a refresher.
    target_minutes: int


def response_rules(rules: ReadinessThresholds, targets: dict[str, int]) -> ResponseRules:
    days = rules.response_window_days or 30
    return ResponseRules(rules.ready_answered_pct, rules.ready_p90_minutes, days, targets[ADUAN])


def window(on: date, days: int) -> tuple[date, date]:
    return on - timedelta(days=days - 1), on


def own_responses(where, on: date, days: int) -> dict[int, list]:
    """Per unit: [aduan, answered, times (seconds)] of its own accounts in the window."""
    own: dict[int, list] = {}
    first, last = window(on, days)
    for uid, mentions, answered in unit_counts(where, first, last, ADUAN):
        own[uid] = [int(mentions or 0), int(answered or 0), []]
    for uid, times in unit_times(where, first, last, ADUAN):
        own.setdefault(uid, [0, 0, []])[2] = times
    return own


def own_response_figures(own: dict[int, list]) -> dict[int, Response]:
    """Each unit's Response over its own accounts (from ``own_responses``' rows; sorts
    their times in place, which the subtree merge then keeps)."""
    return {uid: Response(m, a, _p90(times)) for uid, (m, a, times) in own.items()}


def _p90(times: list[int]) -> int | None:
    """Nearest-rank 90th percentile (training.responses.measures.percentile); sorts
    ``times`` in place, so a parent's list, its children's sorted runs one after another,
    is sorted by merging them."""
    times.sort()
    return percentile(times, 9, 10)


def _add(into: list, other: list) -> None:
    into[0], into[1] = into[0] + other[0], into[1] + other[1]
    into[2] += other[2]


def subtree_responses(unit_rows, own: dict[int, list]) -> dict[int, Response]:
    """Each unit's Response over its subtree: children before parents (reverse path order),
    each unit's histogram handed on to its parent once its own percentile is taken."""
    pending: dict[int, list] = {}
    found: dict[int, Response] = {}
    for uid, pid, *_rest in reversed(unit_rows):
        sums, mine = pending.pop(uid, None), own.get(uid)
        if mine is not None:
            if sums is None:
                sums = mine  # own_responses' fresh lists: the roll-up's to extend
            else:
                _add(sums, mine)
        if sums is None:
            continue
        found[uid] = Response(sums[0], sums[1], _p90(sums[2]))
        if pid is None:
            continue
        above = pending.get(pid)
        if above is None:
            pending[pid] = sums
        else:
            _add(above, sums)
    return found


def judge(status: str, unmet: list[str], response: Response | None, rules: ResponseRules):
    """The status and unmet codes once the response criteria are added to the training ones."""
    codes = []
    mentions = response.mentions if response is not None else 0
    if rules.answered_pct and (not mentions or response.answered_pct < rules.answered_pct):
        codes.append("answered")
    if rules.p90_minutes and (
        not mentions
        or response.p90_seconds is None
        or response.p90_seconds > rules.p90_minutes * 60
    ):
        codes.append("response_time")
    if codes and status == ReadinessStatus.READY:
        status = ReadinessStatus.PARTIAL
    return status, unmet + codes


def needs_refresher(unmet: list[str], response: Response | None, rules: ResponseRules) -> bool:
    if response is None or not response.mentions or any(c in unmet for c in PEOPLE_CODES):
        return False
    over = response.p90_seconds is None or response.p90_seconds > rules.target_minutes * 60
    return over or any(code in unmet for code in RESPONSE_CODES)


# --- in words ----------------------------------------------------------------------------


def share(value: float | None) -> str:
    return "—" if value is None else f"{number(value, '#,##0.#')}%"


def response_label(code: str, response: Response | None, rules: ReadinessThresholds) -> str:
    """An unmet response criterion in words, e.g. "Aduan terjawab 72% (syarat 90%)"."""
    days = rules.response_window_days
    if response is None or not response.mentions:
        if code == "answered":
            text = _l("Aduan terjawab: belum ada data (tidak ada aduan dalam %(n)s hari terakhir)")
        else:
            text = _l(
                "P90 waktu tanggap aduan: belum ada data "
                "(tidak ada aduan dalam %(n)s hari terakhir)"
            )
        return str(text) % {"n": days}
    if code == "answered":
        return str(
            _l(
                "Aduan terjawab %(pct)s (syarat %(n)s)",
                pct=share(response.answered_pct),
                n=share(rules.ready_answered_pct),
            )
        )
    if response.p90_seconds is None:
        return str(_l("Belum ada aduan yang terjawab dalam %(n)s hari terakhir", n=days))
    return str(
        _l(
            "P90 waktu tanggap aduan %(m)s menit (batas %(n)s)",
            m=response.p90_minutes,
            n=rules.ready_p90_minutes,
        )
    )


def refresher_evidence(node, target_minutes: int) -> str:
    """Why ``node`` is flagged: its own people's certified share against its own accounts'
    response figures."""
    response = node.own_response
    p90 = response.p90_minutes
    slow = (
        _l("belum ada aduan yang terjawab")
        if p90 is None
        else _l("P90 waktu tanggap aduan %(m)s menit (target %(t)s)", m=p90, t=target_minutes)
    )
    return str(
        _l(
            "Satuan ini sendiri (tanpa jajaran): personel bersertifikat %(cert)s, tetapi "
            "%(slow)s; aduan terjawab %(ans)s (%(a)s dari %(n)s).",
            cert=share(node.own.certified_pct),
            slow=slow,
            ans=share(response.answered_pct),
            a=response.answered,
            n=response.mentions,
        )
    )


def flagged(readiness, unit_id: int) -> list:
    """The units flagged "perlu penyegaran" in ``unit_id``'s subtree (path order)."""
    root = readiness.units[unit_id].path
    return [
        node for node in readiness.units.values() if node.refresher and node.path.startswith(root)
    ]
