"""One word per thing: docs/GLOSSARY.md is parsed, and templates, the strings of training/
and the English catalogue are held to it; templates never format dates themselves."""

import ast
import re
from functools import cache
from pathlib import Path

from tests.test_i18n import english_catalogue
from tests.test_i18n import source_messages as _source_messages

ROOT = Path(__file__).resolve().parent.parent
GLOSSARY = ROOT / "docs" / "GLOSSARY.md"
#: printf and str.format placeholders: their names are code, not words.
PLACEHOLDERS = re.compile(r"%\(\w+\)[-#0 +]*\d*(?:\.\d+)?[a-zA-Z]|%[sd]|\{\w*\}")
TICKED = re.compile(r"`([^`]+)`")
#: Extracting every message takes seconds: once per test run.
source_messages = cache(_source_messages)


def _rows(heading: str) -> list[list[str]]:
    """The cells of the table under ``## heading`` (header and rule rows left out)."""
    text = GLOSSARY.read_text(encoding="utf-8").split(f"## {heading}\n", 1)[1]
    rows = []
    for line in text.split("\n## ", 1)[0].splitlines():
        if line.startswith("|") and not line.startswith("|---"):
            rows.append([cell.strip() for cell in line.strip().strip("|").split("|")])
    return rows[1:]


@cache
def glossary() -> dict:
    terms = _rows("Terms")
    malay = _rows("Indonesian, not Malaysian")
    allowed_text = GLOSSARY.read_text(encoding="utf-8").split("## Allowed phrases\n", 1)[1]
    allowed_text = allowed_text.split("\n## ", 1)[0]
    return {
        "pairs": [
            (row[0].lower(), [w.strip().lower() for w in row[1].split("/")]) for row in terms
        ],
        "not_id": [w for row in terms for w in TICKED.findall(row[3])]
        + [w for row in malay for w in TICKED.findall(row[1])],
        "not_en": [w for row in terms for w in TICKED.findall(row[4])],
        "allowed": [
            m.group(1).lower() for m in re.finditer(r"^- `([^`]+)`", allowed_text, re.MULTILINE)
        ],
    }


def _plain(text: str, keep: str = "") -> str:
    """``text`` in lower case without placeholders and allowed phrases (but ``keep``)."""
    text = PLACEHOLDERS.sub(" ", text).lower()
    for phrase in sorted(glossary()["allowed"], key=len, reverse=True):
        if phrase != keep:
            text = text.replace(phrase, " ")
    return text


def _word(word: str) -> re.Pattern:
    return re.compile(r"(?<![\w-])" + re.escape(word.lower()) + r"s?(?![\w])")


def _hits(texts: dict[str, str], words: list[str]) -> list[str]:
    found = []
    for where, text in texts.items():
        plain = _plain(text)
        found += [f"{where}: {w!r} in {text[:90]!r}" for w in words if _word(w).search(plain)]
    return found


def _python_strings(paths) -> dict[str, str]:
    out = {}
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                out[f"{path.relative_to(ROOT)}:{node.lineno}"] = node.value
    return out


def _catalogue() -> list[tuple[str, str]]:
    """(msgid, English) of every message of the catalogue still used by the source."""
    used = source_messages()
    pairs = []
    for entry in english_catalogue():
        ids = entry.id if isinstance(entry.id, tuple) else (entry.id,)
        strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        if ids[0] and ids[0] in used:
            pairs.append((ids[0], strings[0]))
    return pairs


def test_the_glossary_parses_into_terms_forbidden_words_and_allowed_phrases():
    g = glossary()

    assert ("kursus", ["course"]) in g["pairs"] and ("tingkat", ["tier"]) in g["pairs"]
    assert {"mata pelatihan", "tingkat pelatihan", "kemaskini"} <= set(g["not_id"])
    assert "level" in g["not_en"] and "unit level" in g["allowed"]
    assert _word("level").search(_plain("All levels"))
    assert not _word("level").search(_plain("Target unit levels; a Polsek-level unit"))


def test_templates_and_training_strings_use_no_forbidden_indonesian_word():
    texts = {
        str(p.relative_to(ROOT)): p.read_text(encoding="utf-8")
        for p in (ROOT / "templates").rglob("*.html")
    }
    texts |= _python_strings(
        p for p in (ROOT / "training").rglob("*.py") if "translations" not in p.parts
    )
    texts |= {f"msgid {where}": msgid for msgid, where in source_messages().items()}
    texts |= {f"messages.po: {msgid[:40]}": msgid for msgid, _en in _catalogue()}

    found = _hits(texts, glossary()["not_id"])

    assert not found, "words the glossary rules out:\n" + "\n".join(found)


def test_english_translations_use_no_forbidden_english_word():
    texts = {f"messages.po: {msgid[:50]!r}": en for msgid, en in _catalogue()}
    pdfs = (ROOT / "training").rglob("pdf*.py")
    texts |= {k: v for k, v in _python_strings(pdfs).items() if " / " in v}  # bilingual lines

    found = _hits(texts, glossary()["not_en"])

    assert not found, "English words the glossary rules out:\n" + "\n".join(found)


def test_each_glossary_term_is_translated_by_its_english_term():
    pairs = glossary()["pairs"]
    terms = [term for term, _en in pairs]
    wrong = []
    for msgid, english in _catalogue():
        for term, choices in pairs:
            # longer terms holding this one ("tingkat satuan" for "tingkat") are their own rows
            longer = [t for t in terms if t != term and term in t]
            plain = _plain(msgid, keep=term)
            for phrase in longer:
                plain = plain.replace(phrase, " ")
            if _word(term).search(plain) and not any(c in english.lower() for c in choices):
                wrong.append(f"{msgid!r} -> {english!r} (needs {' / '.join(choices)})")

    assert not wrong, "translations off the glossary:\n" + "\n".join(wrong)


def test_templates_never_format_dates_themselves():
    found = [
        f"{p.relative_to(ROOT)}:{n}: {line.strip()[:100]}"
        for p in sorted((ROOT / "templates").rglob("*.html"))
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), start=1)
        if re.search(r"strftime|%d/%m|%Y-%m|\{\{[^}]*\|\s*format\b", line)
    ]

    assert not found, "format dates through short_day/long_day/local_dt:\n" + "\n".join(found)


#: strftime where the text is a value for a machine, not a reader (a form's time field).
STRFTIME_FOR_MACHINES = {"training/planner/queries.py"}


def test_training_writes_days_and_decimals_through_babel_not_by_hand():
    found = []
    for path in sorted((ROOT / "training").rglob("*.py")):
        where = str(path.relative_to(ROOT))
        text = path.read_text(encoding="utf-8")
        if "strftime(" in text and where not in STRFTIME_FOR_MACHINES:
            found.append(f"{where}: strftime (use short_day/long_day, or docfmt in PDFs)")
        if re.search(r'"Desember",|"Des",', text):
            found.append(f"{where}: a hand-made month list")
        if re.search(r'\.replace\("\.", ","\)', text):
            found.append(f"{where}: a decimal comma by hand (use decimal/percent or docfmt)")

    assert not found, "\n".join(found)


def test_documents_write_days_and_numbers_as_the_pages_do(app):
    from datetime import date

    from flask_babel import force_locale

    from training.certificates.pdf import indonesian_date
    from training.core.docfmt import decimal_in, percent_in, short_day_in
    from training.core.templating import decimal, percent
    from training.core.timefmt import long_day, short_day
    from training.readiness.report_data import dec, num, pct

    day = date(2026, 12, 3)
    with app.test_request_context(), force_locale("id"):
        assert (short_day(day), long_day(day)) == ("3 Des 2026", "3 Desember 2026")
        assert (decimal(4), percent(87.5), percent(80.0)) == ("4,00", "87,5%", "80%")
    assert (short_day_in(day), indonesian_date(day)) == ("3 Des 2026", "3 Desember 2026")
    assert (decimal_in(4), percent_in(87.5), percent_in(80.0)) == ("4,00", "87,5%", "80%")
    assert (dec(3.456), pct(80.0), num(4762)) == ("3,46", "80%", "4.762")
