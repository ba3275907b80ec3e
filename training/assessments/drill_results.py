"""The trainer's side of a drill after the replies: scores per reply on one screen, and
finishing, which turns each participant's drill into an attempt of the course with the
ADUAN level the drill measured (source "drill"), so standing, certificates and readiness
use it. Services never commit.
"""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass
from datetime import UTC, datetime

from flask_babel import gettext as _
from sqlalchemy import insert, select

from training.assessments import queries
from training.assessments.drill_models import DRILL_SOURCE, Drill, DrillReply
from training.assessments.grid import GridInvalid, int_or_none, refresh
from training.assessments.models import LEVELS, AssessmentAttempt, AssessmentScore
from training.audit.services import entry, record, record_many
from training.errors import RuleViolation
from training.extensions import db

#: The level of a mention shown and never answered (or never shown): a citizen left waiting.
UNANSWERED_LEVEL = 1


@dataclass(frozen=True)
class Outcome:
    """A participant's drill: the level it gives (None while replies wait for a score)."""

    person_id: int
    level: int | None
    answered: int
    total: int
    median_seconds: int | None
    unscored: int


def all_replies(drill: Drill) -> list[DrillReply]:
    return list(db.session.scalars(select(DrillReply).where(DrillReply.drill_id == drill.id)))


def save_scores(drill: Drill, typed: dict[tuple[int, int], object], *, actor, now=None) -> int:
    """Set the level of answered replies from ``typed`` ((person id, item id) → "1".."5" or
    "" to clear). Validates every cell first (GridInvalid keyed like ``typed``); returns the
    number of replies whose level changed."""
    if not drill.is_open:
        raise RuleViolation(_("Latihan ini sudah selesai; nilainya tidak dapat diubah lagi."))
    now = now or datetime.now(UTC)
    replies = {(r.person_id, r.item_id): r for r in all_replies(drill)}
    errors, clean = {}, {}
    for key, raw in typed.items():
        reply = replies.get(key)
        level = int_or_none(raw) if str(raw or "").strip() else None
        if reply is None or reply.replied_at is None:
            errors[key] = _("Belum ada balasan untuk dinilai.")
        elif str(raw or "").strip() and level not in LEVELS:
            errors[key] = _("Nilai harus 1 (Kurang) sampai 5 (Istimewa).")
        else:
            clean[key] = level
    if errors:
        raise GridInvalid(_("Tidak ada yang disimpan. Perbaiki isian yang ditandai."), errors)
    changed = {}
    for key, level in clean.items():
        reply = replies[key]
        if reply.level != level:
            changed[f"{key[0]}-{reply.item_id}"] = [reply.level, level]
            reply.level, reply.scored_by_id, reply.scored_at = level, actor.id, now
    if changed:
        db.session.flush()
        record(
            "drill",
            "score",
            user=actor,
            entity_id=drill.id,
            session_id=drill.session_id,
            course_id=drill.course_id,
            after={"levels": changed},
            now=now,
        )
    return len(changed)


def round_level(values: list[int]) -> int:
    """The mean of ``values`` rounded half up (2.5 → 3), on the 1..5 scale."""
    return min(5, max(1, math.floor(statistics.fmean(values) + 0.5)))


def outcomes(drill: Drill, replies: list[DrillReply] | None = None) -> dict[int, Outcome]:
    """person id → their outcome, for everyone who was shown at least one mention.

    Every item counts: an answered reply with its score, a mention never answered Kurang.
    """
    replies = all_replies(drill) if replies is None else replies
    total = len(drill.items)
    by_person: dict[int, list[DrillReply]] = {}
    for reply in replies:
        by_person.setdefault(reply.person_id, []).append(reply)
    result = {}
    for pid, rows in by_person.items():
        answered = [r for r in rows if r.replied_at is not None]
        unscored = sum(1 for r in answered if r.level is None)
        levels = [r.level for r in answered if r.level is not None]
        levels += [UNANSWERED_LEVEL] * (total - len(answered))
        seconds = [r.seconds for r in answered]
        result[pid] = Outcome(
            pid,
            None if unscored else round_level(levels),
            len(answered),
            total,
            int(statistics.median(seconds)) if seconds else None,
            unscored,
        )
    return result


def finish_drill(drill: Drill, *, actor, now=None) -> dict[int, Outcome]:
    """Close the drill and record one attempt per participant: their latest attempt's
    scores with the ADUAN level replaced by the drill's (source "drill"); their standing is
    refreshed. Refused while an answered reply has no score."""
    if not drill.is_open:
        raise RuleViolation(_("Latihan ini sudah diselesaikan."))
    now = now or datetime.now(UTC)
    results = outcomes(drill)
    waiting = sum(o.unscored for o in results.values())
    if waiting:
        raise RuleViolation(_("Masih ada %(n)d balasan yang belum dinilai.", n=waiting))
    drill.finished_at, drill.finished_by_id = now, actor.id
    if results:
        _record_attempts(drill, results, actor, now)
    record(
        "drill",
        "finish",
        user=actor,
        entity_id=drill.id,
        session_id=drill.session_id,
        course_id=drill.course_id,
        now=now,
        after={"levels": {str(p): o.level for p, o in results.items()}},
    )
    db.session.flush()
    return results


def evidence_of(drill: Drill, outcome: Outcome) -> str:
    """The evidence stored with the ADUAN score (data, in Indonesian)."""
    text = f"Latihan respons #{drill.id}: {outcome.answered} dari {outcome.total} mention dijawab"
    if outcome.median_seconds is not None:
        minutes, seconds = divmod(outcome.median_seconds, 60)
        text += f", median waktu balas {minutes} mnt {seconds:02d} dtk"
    return text


def _record_attempts(drill, results, actor, now) -> None:
    course = drill.session.course
    latest = queries.latest_attempts(course.id, list(results))
    attempts = [
        {
            "person_id": pid,
            "course_id": course.id,
            "session_id": drill.session_id,
            "attempt_no": (latest[pid].attempt_no if pid in latest else 0) + 1,
            "assessed_by_id": actor.id,
            "assessed_at": now,
            "note": f"Latihan respons #{drill.id}",
            "source": DRILL_SOURCE,
        }
        for pid in sorted(results)
    ]
    db.session.execute(insert(AssessmentAttempt), attempts)
    ids = queries.attempt_ids(course.id, [(a["person_id"], a["attempt_no"]) for a in attempts])
    scores, audit = [], []
    for attempt in attempts:
        pid = attempt["person_id"]
        before = latest.get(pid)
        levels = dict(before.levels) if before else {}
        evidence = dict(before.evidence) if before else {}
        levels[drill.competency_id] = results[pid].level
        evidence[drill.competency_id] = evidence_of(drill, results[pid])
        scores += [
            {
                "attempt_id": ids[pid],
                "competency_id": c,
                "level": lv,
                "evidence": evidence.get(c, ""),
            }
            for c, lv in levels.items()
        ]
        audit.append(
            entry(
                "assessment",
                "create",
                user=actor,
                entity_id=ids[pid],
                person_id=pid,
                session_id=drill.session_id,
                course_id=course.id,
                now=now,
                before={"attempt_no": before.attempt_no} if before else None,
                after={
                    "attempt_no": attempt["attempt_no"],
                    "source": DRILL_SOURCE,
                    "drill_level": results[pid].level,
                },
            )
        )
    db.session.execute(insert(AssessmentScore), scores)
    record_many(audit)
    refresh(course, list(results), actor, now)
