"""Reading CSV/XLSX uploads into validated rows, and writing safe CSV/XLSX exports.

Imports are all-or-nothing: readers collect every problem as a RowError with its line
number, and the caller writes nothing unless the list of errors is empty.
"""

from __future__ import annotations

import csv
import io
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from flask import current_app, has_app_context
from flask_babel import gettext as _

from training.core.xlsxread import Unreadable, xlsx_rows

#: Characters that make spreadsheet programs treat a cell as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class RowError:
    line: int | None
    message: str

    def __str__(self) -> str:
        if self.line is None:
            return self.message
        return _("Baris %(n)d: %(msg)s", n=self.line, msg=self.message)


class ImportFailed(Exception):
    """The file was refused; ``errors`` lists every problem found."""

    def __init__(self, errors: list[RowError]):
        super().__init__("; ".join(str(e) for e in errors[:5]))
        self.errors = errors


@dataclass(frozen=True)
class Row:
    line: int
    values: dict[str, str]

    def get(self, key: str) -> str:
        return self.values.get(key, "")

    def text(self, key: str) -> str:
        """A cell's text; the apostrophe our exports put before a formula is dropped."""
        value = self.get(key)
        if value.startswith("'") and value[1:].startswith(FORMULA_START):
            return value[1:]
        return value


def batches(values: Iterable, size: int = 500) -> Iterator[list]:
    """``values`` in lists of at most ``size`` (for IN clauses and bulk inserts)."""
    values = list(values)
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _normalise_header(name: object) -> str:
    return str(name or "").strip().lstrip("\ufeff").lower().replace(" ", "_")


def decode_text(data: bytes) -> str:
    """Decode CSV bytes: UTF-16 with BOM, UTF-8 (with or without BOM), else Windows-1252/Latin-1.

    NUL characters are dropped: no database text column can hold them.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16", errors="replace")
    else:
        text = _decode_8bit(data)
    return text.replace("\x00", "")


def _decode_8bit(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def _csv_rows(data: bytes) -> Iterator[tuple[int, list[str]]]:
    """Yield (line, record); a broken record is refused with the line it starts on."""
    text = decode_text(data)
    first_line = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    start = 1
    try:
        for record in reader:
            yield start, record
            start = reader.line_num + 1
    except csv.Error as exc:
        raise ImportFailed([_csv_problem(start, reader.line_num, exc)]) from exc


def _csv_problem(start: int, end: int, exc: csv.Error) -> RowError:
    if "unexpected end of data" in str(exc):
        message = _(
            'CSV rusak: tanda kutip (") yang dibuka di baris ini tidak pernah ditutup '
            "(berkas berakhir di baris %(end)d).",
            end=end,
        )
    else:
        message = _("CSV rusak: %(err)s (periksa tanda kutip).", err=str(exc))
    return RowError(start, message)


def _xlsx_rows(data: bytes, limits: Limits) -> Iterator[tuple[int, list[str]]]:
    try:
        yield from xlsx_rows(data, limits)
    except Unreadable as exc:
        raise ImportFailed([RowError(None, str(exc))]) from exc


@dataclass(frozen=True)
class Limits:
    """Bounds on reading one file, whatever it declares."""

    rows: int = 50_000
    columns: int = 50
    seconds: float = 60.0
    unpacked_bytes: int = 32 * 1024 * 1024

    @property
    def lines(self) -> int:
        """Lines read at most, blank lines included."""
        return self.rows + self.rows // 10 + 100

    @classmethod
    def current(cls) -> Limits:
        """The application's configured bounds (the defaults outside an application)."""
        if not has_app_context():
            return cls()
        config = current_app.config
        return cls(
            config["IMPORT_MAX_ROWS"],
            config["IMPORT_MAX_COLUMNS"],
            config["IMPORT_MAX_SECONDS"],
            config["IMPORT_MAX_XLSX_BYTES"],
        )


def read_table(
    filename: str,
    data: bytes,
    required: Sequence[str],
    optional: Sequence[str] = (),
    limits: Limits | None = None,
    aliases: Mapping[str, str] | None = None,
) -> list[Row]:
    """Return the data rows of a CSV or XLSX file as dicts keyed by header name.

    ``aliases``: other header names read as one of ours (a published file's own headers).
    Raises ImportFailed for an empty or unreadable file, missing columns, or a file beyond
    the limits (rows, columns, reading time).
    """
    limits = limits or Limits.current()
    if not data.strip():
        raise ImportFailed([RowError(None, _("Berkas kosong."))])
    name = (filename or "").lower()
    if name.endswith(".xlsx"):
        records = _xlsx_rows(data, limits)
    elif name.endswith((".csv", ".txt")):
        records = _csv_rows(data)
    else:
        raise ImportFailed([RowError(None, _("Format berkas harus CSV atau XLSX."))])
    return _collect(_bounded(records, limits), required, optional, limits.rows, aliases or {})


def _refused(message: str) -> ImportFailed:
    return ImportFailed([RowError(None, message)])


def _bounded(records, limits: Limits) -> Iterator[tuple[int, list[str]]]:
    """Pass records on while they stay within the lines, columns and time allowed."""
    deadline = time.monotonic() + limits.seconds
    for count, (line, record) in enumerate(records, start=1):
        if count > limits.lines:
            raise _refused(_("Berkas terlalu panjang: lebih dari %(n)d baris.", n=limits.lines))
        if any(str(cell).strip() for cell in record[limits.columns :]):
            raise _refused(_("Terlalu banyak kolom (paling banyak %(n)d).", n=limits.columns))
        if time.monotonic() > deadline:
            raise _refused(
                _(
                    "Berkas terlalu lama dibaca (lebih dari %(n)d detik); pecah menjadi "
                    "beberapa berkas.",
                    n=limits.seconds,
                )
            )
        yield line, record[: limits.columns]


def _collect(records, required, optional, max_rows, aliases) -> list[Row]:
    header_line, header = next(((n, r) for n, r in records if any(c.strip() for c in r)), (0, []))
    columns = [_normalise_header(c) for c in header]
    columns = [aliases.get(c, c) for c in columns]
    missing = [c for c in required if c not in columns]
    if missing:
        raise ImportFailed(
            [
                RowError(
                    header_line or 1, _("Kolom wajib tidak ada: %(cols)s", cols=", ".join(missing))
                )
            ]
        )
    known = set(required) | set(optional)
    twice = sorted({c for c in columns if c in known and columns.count(c) > 1})
    if twice:
        message = _("Kolom muncul lebih dari sekali: %(cols)s", cols=", ".join(twice))
        raise ImportFailed([RowError(header_line or 1, message)])
    rows = []
    for line, record in records:
        if not any(str(c).strip() for c in record):
            continue
        values = {
            col: str(record[i]).strip() if i < len(record) else ""
            for i, col in enumerate(columns)
            if col in known
        }
        rows.append(Row(line, values))
        if len(rows) > max_rows:
            raise ImportFailed(
                [RowError(None, _("Terlalu banyak baris (paling banyak %(n)d).", n=max_rows))]
            )
    if not rows:
        raise ImportFailed([RowError(None, _("Berkas tidak berisi baris data."))])
    return rows


def neutralise(value: object) -> object:
    """Prefix text that a spreadsheet would run as a formula with an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def iter_csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> Iterator[str]:
    """Yield CSV text chunk by chunk (UTF-8 BOM first, for Excel), formulas neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")
    writer.writerow(header)
    for count, row in enumerate(rows, start=1):
        writer.writerow(["" if v is None else neutralise(v) for v in row])
        if count % 500 == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def write_xlsx(header: Sequence[str], rows: Iterable[Sequence[object]], title: str) -> bytes:
    """Return an XLSX workbook; every text cell is stored as text, never as a formula."""
    from openpyxl import Workbook  # loads with the first spreadsheet, not at start

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    sheet.append(list(header))
    for row in rows:
        sheet.append([neutralise(v) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
