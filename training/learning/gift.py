"""Moodle's GIFT format: read a bank file into questions (the writer is ``giftwrite``). Pure.

Written by hand: no GIFT library on the package index is maintained (the parsers there date
from 2017 and 2022 and cover less). What is read, as Moodle reads it:

- questions are separated by blank lines; lines starting with ``//`` are comments, and a
  comment's ``[tag:name]`` tags the question below it (Moodle 3.6+);
- ``$CATEGORY: path`` sets the category of the questions after it;
- ``::title::`` names a question; ``[plain]``, ``[moodle]``, ``[html]``, ``[markdown]``
  before the text are dropped; a question may span several lines;
- the answers stand in one ``{...}`` at the end: ``=`` right, ``~`` wrong, ``%50%`` a
  percentage, ``#`` the feedback of the answer before it, ``####`` the general feedback;
  ``{T}``/``{F}``/``{TRUE}``/``{FALSE}`` (with ``#wrong#right`` feedback) true/false, only
  ``=`` answers a short answer, ``=a -> b`` pairs a matching question; ``~`` with ``=``
  is multiple choice with one answer, ``~`` alone (with percentages) several answers;
- ``\\~ \\= \\# \\{ \\} \\:`` are the characters themselves, ``\\n`` a new line, ``\\\\`` a
  backslash.

Numerical (``{#...}``), essay (``{}``), description (no braces) and missing-word questions
(text after the braces) are refused with the line and the reason, like broken braces.
"""

from __future__ import annotations

import re

from flask_babel import gettext as _

from training.core.tabular import RowError
from training.learning.bankdata import (
    ChoiceData,
    Kind,
    QuestionData,
    problems,
    true_false_choices,
)

_ESCAPES = {"~": "~", "=": "=", "#": "#", "{": "{", "}": "}", ":": ":", "n": "\n", "\\": "\\"}
_MARKUP = re.compile(r"^\s*\[(?:html|moodle|plain|markdown)\]", re.IGNORECASE)
_PERCENT = re.compile(r"^%(-?\d+(?:\.\d+)?)%")
_TAG = re.compile(r"\[tag:([^\]]*)\]")
#: The comment flag of a case-sensitive short answer (not Moodle's: Moodle ignores it).
CASE_FLAG = "[case-sensitive]"


class GiftError(Exception):
    """One question refused: ``offset`` is the character where the problem is."""

    def __init__(self, message: str, offset: int = 0):
        super().__init__(message)
        self.offset = offset


def unescape(text: str) -> str:
    out, i = [], 0
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text) and text[i + 1] in _ESCAPES:
            out.append(_ESCAPES[text[i + 1]])
            i += 2
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def escape(text: str) -> str:
    for char in "\\~=#{}:":
        text = text.replace(char, "\\" + char)
    return text.replace("\r", "").replace("\n", "\\n")


def _find(text: str, token: str, start: int = 0) -> int:
    """Index of the first unescaped ``token`` at or after ``start``, else -1."""
    i = start
    while i < len(text):
        if text[i] == "\\":
            i += 2
        elif text.startswith(token, i):
            return i
        else:
            i += 1
    return -1


def _split(text: str, markers: str) -> list[tuple[str, str]]:
    """Cut ``text`` before every unescaped marker character: [(marker, chunk)], the first
    marker '' for the text before any marker."""
    parts, marker, start, i = [], "", 0, 0
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text[i] in markers:
            parts.append((marker, text[start:i]))
            marker, start = text[i], i + 1
        i += 1
    parts.append((marker, text[start:]))
    return parts


# --- reading ----------------------------------------------------------------------------


def parse_gift(text: str) -> tuple[list[QuestionData], list[RowError]]:
    """The questions of a GIFT file and the problems found (line and message); a file with
    problems is to be refused whole."""
    questions, errors, category = [], [], ""
    for line, lines in _blocks(text):
        tags, case_sensitive, body = _comments(lines)
        if not body:
            continue
        line += lines.index(body[0])  # the question starts at its first line of text
        if body[0].lstrip().startswith("$CATEGORY:"):
            category = body[0].split(":", 1)[1].strip()
            line, body = line + 1, body[1:]
            if not body:
                continue
        source = "\n".join(body)
        try:
            question = _question(source)
        except GiftError as exc:
            errors.append(RowError(line + source.count("\n", 0, exc.offset), str(exc)))
            continue
        question.line, question.category, question.tags = line, category, tags
        question.case_sensitive = case_sensitive
        errors.extend(RowError(line, message) for message in problems(question))
        questions.append(question)
    return questions, errors


def _blocks(text: str):
    """(first line number, lines) of each group of non-blank lines."""
    block, first = [], 0
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for number, line in enumerate(lines, start=1):
        if line.strip():
            first = first or number
            block.append(line)
        elif block:
            yield first, block
            block, first = [], 0
    if block:
        yield first, block


def _comments(lines: list[str]) -> tuple[list[str], bool, list[str]]:
    """The tags and case flag named in the comment lines, and the lines that are not
    comments (comment lines before the question only: the first line of text ends them)."""
    tags, case_sensitive, body = [], False, []
    for line in lines:
        if not body and line.lstrip().startswith("//"):
            tags.extend(t.strip() for t in _TAG.findall(line) if t.strip())
            case_sensitive = case_sensitive or CASE_FLAG in line
        elif not line.lstrip().startswith("//"):
            body.append(line)
    return tags, case_sensitive, body


def _question(source: str) -> QuestionData:
    name, start = _title(source)
    opening = _find(source, "{", start)
    closing_early = _find(source[:opening] if opening >= 0 else source, "}", start)
    if closing_early >= 0:
        raise GiftError(
            _("Kurung kurawal } tanpa pasangan { (tulis \\} untuk karakter })."), closing_early
        )
    if opening < 0:
        raise GiftError(
            _("Tidak ada blok jawaban {…}: soal deskripsi dan esai tidak didukung."), start
        )
    closing = _find(source, "}", opening + 1)
    nested = _find(source[: closing if closing >= 0 else len(source)], "{", opening + 1)
    if nested >= 0:
        raise GiftError(_("Kurung kurawal { dibuka lagi sebelum yang pertama ditutup."), nested)
    if closing < 0:
        raise GiftError(_("Kurung kurawal { tidak pernah ditutup dengan }."), opening)
    if source[closing + 1 :].strip():
        raise GiftError(
            _("Ada teks sesudah blok jawaban: soal isian rumpang tidak didukung."), closing
        )
    text = _MARKUP.sub("", source[start:opening], count=1)
    question = _answers(source[opening + 1 : closing], opening)
    question.name, question.text = name, unescape(text).strip()
    return question


def _title(source: str) -> tuple[str, int]:
    stripped = source.lstrip()
    if not stripped.startswith("::"):
        return "", 0
    begin = len(source) - len(stripped) + 2
    end = _find(source, "::", begin)
    if end < 0:
        raise GiftError(_("Judul ::…:: tidak ditutup."), begin)
    return unescape(source[begin:end]).strip(), end + 2


def _answers(inner: str, offset: int) -> QuestionData:
    general = ""
    cut = _find(inner, "####")
    if cut >= 0:
        inner, general = inner[:cut], unescape(inner[cut + 4 :]).strip()
    body = _MARKUP.sub("", inner).strip()
    if not body:
        raise GiftError(_("Blok jawaban kosong: soal esai tidak didukung."), offset)
    if body.startswith("#"):
        raise GiftError(_("Soal numerik ({#…}) tidak didukung."), offset)
    parts = _split(body, "#")
    if parts[0][1].strip().lower() in ("t", "true", "f", "false"):
        return _true_false(parts, general)
    question = _choices(body, offset)
    question.general_feedback = general
    return question


def _true_false(parts, general: str) -> QuestionData:
    truth = parts[0][1].strip().lower().startswith("t")
    wrong = unescape(parts[1][1]).strip() if len(parts) > 1 else ""
    right = unescape(parts[2][1]).strip() if len(parts) > 2 else ""
    choices = true_false_choices(truth, right=right, wrong=wrong)
    return QuestionData(Kind.TRUEFALSE, "", general_feedback=general, choices=choices)


def _choices(body: str, offset: int) -> QuestionData:
    parts = _split(body, "=~")
    if parts[0][1].strip():
        raise GiftError(_("Setiap jawaban harus diawali = atau ~."), offset)
    markers = {marker for marker, _chunk in parts[1:]}
    if _find(body, "->") >= 0 and markers == {"="}:
        return QuestionData(Kind.MATCHING, "", choices=[_pair(c, offset) for _m, c in parts[1:]])
    choices = [_choice(marker, chunk, offset) for marker, chunk in parts[1:]]
    kind = Kind.SINGLE if "=" in markers else Kind.MULTIPLE
    if "~" not in markers:
        kind = Kind.SHORT
    return QuestionData(kind, "", choices=choices)


def _choice(marker: str, chunk: str, offset: int) -> ChoiceData:
    chunk = chunk.strip()
    fraction = 100.0 if marker == "=" else 0.0
    if chunk.startswith("%"):
        found = _PERCENT.match(chunk)
        if found is None:
            raise GiftError(_("Persentase tidak sah (tulis misalnya %50%)."), offset)
        fraction, chunk = float(found.group(1)), chunk[found.end() :]
    answer, feedback, cut = chunk, "", _find(chunk, "#")
    if cut >= 0:
        answer, feedback = chunk[:cut], chunk[cut + 1 :]
    return ChoiceData(unescape(answer).strip(), fraction, unescape(feedback).strip())


def _pair(chunk: str, offset: int) -> ChoiceData:
    arrow = _find(chunk, "->")
    if arrow < 0:
        raise GiftError(_("Pasangan menjodohkan harus ditulis =soal -> jawaban."), offset)
    left, right = unescape(chunk[:arrow]).strip(), unescape(chunk[arrow + 2 :]).strip()
    return ChoiceData(left, 100.0, match_text=right)
