"""Reading CSV/XLSX uploads into validated rows, and writing safe CSV/XLSX exports.

Imports are all-or-nothing: readers collect every problem as a RowError with its line
number, and the caller writes nothing unless the list of errors is empty.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from flask_babel import gettext as _

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
    text = decode_text(data)
    first_line = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for record in reader:
            yield reader.line_num, record
    except csv.Error as exc:
        raise ImportFailed(
            [RowError(reader.line_num, _("CSV rusak: %(err)s", err=str(exc)))]
        ) from exc


def _xlsx_rows(data: bytes) -> Iterator[tuple[int, list[str]]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ImportFailed([RowError(None, _("Berkas XLSX tidak bisa dibaca."))]) from exc
    sheet = workbook.worksheets[0]
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        yield number, ["" if v is None else str(v) for v in values]
    workbook.close()


def read_table(
    filename: str,
    data: bytes,
    required: Sequence[str],
    optional: Sequence[str] = (),
    max_rows: int = 50_000,
) -> list[Row]:
    """Return the data rows of a CSV or XLSX file as dicts keyed by header name.

    Raises ImportFailed for an empty or unreadable file, missing columns or too many rows.
    """
    if not data.strip():
        raise ImportFailed([RowError(None, _("Berkas kosong."))])
    name = (filename or "").lower()
    if name.endswith(".xlsx"):
        records = _xlsx_rows(data)
    elif name.endswith((".csv", ".txt")):
        records = _csv_rows(data)
    else:
        raise ImportFailed([RowError(None, _("Format berkas harus CSV atau XLSX."))])
    return _collect(records, required, optional, max_rows)


def _collect(records, required, optional, max_rows) -> list[Row]:
    header_line, header = next(((n, r) for n, r in records if any(c.strip() for c in r)), (0, []))
    columns = [_normalise_header(c) for c in header]
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
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    sheet.append(list(header))
    for row in rows:
        sheet.append([neutralise(v) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
