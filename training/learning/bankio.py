"""Import and export of a bank in GIFT or Aiken: read a file whole, plan, apply.

An import is all or nothing: a file with any problem (size, encoding, broken braces, a type
this bank does not hold, an incomplete question) is refused with every problem by line, and
nothing is written. A question already in the bank (same type, title and text), or twice in
the file, is left out and listed as such in the preview.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime

from flask_babel import gettext as _

from training.audit.services import record
from training.core.tabular import ImportFailed, RowError, decode_text
from training.extensions import db
from training.learning.aiken import parse_aiken, write_aiken
from training.learning.bankdata import QuestionData
from training.learning.gift import parse_gift
from training.learning.giftwrite import write_gift
from training.learning.models import Question, QuestionBank
from training.learning.services import fill, to_data

FORMATS = ("gift", "aiken")
#: Bounds on one bank file, whatever it holds.
MAX_BYTES = 2 * 1024 * 1024
MAX_QUESTIONS = 2_000
_PARSERS = {"gift": parse_gift, "aiken": parse_aiken}


@dataclass
class ImportPlan:
    fmt: str
    new: list[QuestionData] = field(default_factory=list)
    #: Already in the bank, or earlier in the same file.
    known: list[QuestionData] = field(default_factory=list)

    def digest(self) -> str:
        """A fingerprint of what the import would add: a stale preview is refused."""
        payload = [(q.line, q.key()) for q in self.new]
        return hashlib.sha256(json.dumps(payload).encode()).hexdigest()


def _refused(message: str) -> ImportFailed:
    return ImportFailed([RowError(None, message)])


def read_bank_file(data: bytes, fmt: str) -> list[QuestionData]:
    """The questions of a GIFT or Aiken file; ImportFailed lists every problem found."""
    if fmt not in FORMATS:
        raise _refused(_("Format berkas tidak dikenal."))
    if len(data) > MAX_BYTES:
        raise _refused(_("Berkas terlalu besar: paling besar %(n)d KB.", n=MAX_BYTES // 1024))
    if not data.strip():
        raise _refused(_("Berkas kosong."))
    utf16 = data.startswith((b"\xff\xfe", b"\xfe\xff"))
    if not utf16 and b"\x00" in data:
        raise _refused(_("Berkas ini bukan berkas teks (GIFT dan Aiken adalah teks biasa)."))
    questions, errors = _PARSERS[fmt](decode_text(data))
    if errors:
        raise ImportFailed(sorted(errors, key=lambda e: e.line or 0))
    if not questions:
        raise _refused(_("Tidak ada soal dalam berkas ini."))
    if len(questions) > MAX_QUESTIONS:
        raise _refused(_("Terlalu banyak soal: paling banyak %(n)d per berkas.", n=MAX_QUESTIONS))
    return questions


def plan_import(existing: list[Question], questions: list[QuestionData], fmt: str) -> ImportPlan:
    """What importing ``questions`` beside the bank's ``existing`` ones would add and leave
    out; writes nothing."""
    seen = {to_data(q).key() for q in existing}
    plan = ImportPlan(fmt)
    for question in questions:
        key = question.key()
        (plan.known if key in seen else plan.new).append(question)
        seen.add(key)
    return plan


def apply_import(
    bank: QuestionBank, plan: ImportPlan, *, actor=None, now: datetime | None = None
) -> int:
    """Add the plan's new questions to ``bank`` (one audit entry); the caller commits."""
    now = now or datetime.now(UTC)
    for data in plan.new:
        question = Question(bank=bank, created_at=now, updated_at=now)
        question.created_by_id = getattr(actor, "id", None)
        fill(question, data)
        db.session.add(question)
    db.session.flush()
    after = {"format": plan.fmt, "added": len(plan.new), "left_out": len(plan.known)}
    record("question_bank", "import", user=actor, entity_id=bank.id, after=after)
    return len(plan.new)


def export_bank(questions: list[Question], fmt: str) -> tuple[str, list[QuestionData]]:
    """The bank's questions as a GIFT or Aiken file, and those the format cannot hold."""
    data = [to_data(q) for q in questions]
    if fmt == "aiken":
        return write_aiken(data)
    return write_gift(data), []
