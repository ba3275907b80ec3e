"""Reading the first worksheet of an uploaded XLSX within fixed bounds.

An XLSX is a zip of XML parts, and an upload is untrusted: the zip may unpack to gigabytes,
an XML part may declare entities that expand without end, the sheet may declare
``A1:XFD1048576`` so that a reader pads millions of empty cells, or the file may be cut
short. Before openpyxl sees the file, the declared unpacked size is bounded and every XML
part is refused if it carries a document type declaration (no real workbook has one, so
entity tricks never reach a parser). Rows are then read in read-only mode without trusting
the declared dimension: at most ``limits.lines`` rows of ``limits.columns`` columns.
"""

from __future__ import annotations

import io
import logging
import zipfile
import zlib
from collections.abc import Iterator
from typing import TYPE_CHECKING
from xml.parsers import expat

from flask_babel import gettext as _

if TYPE_CHECKING:
    from training.core.tabular import Limits

log = logging.getLogger(__name__)
MAX_PARTS = 1000
_ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, OSError, EOFError, ValueError)
CHUNK = 64 * 1024


class Unreadable(Exception):
    """The workbook cannot be read; the message says why, for the user."""


class _RootReached(Exception):
    pass


class _DoctypeFound(Exception):
    pass


def xlsx_rows(data: bytes, limits: Limits) -> Iterator[tuple[int, list[str]]]:
    """Yield (row number, cell texts) of the first sheet; raises Unreadable."""
    _check_package(data, limits)
    workbook = _open_workbook(data)
    try:
        if not workbook.worksheets:
            raise Unreadable(_("Berkas XLSX tidak berisi lembar kerja."))
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # the declared A1:XFD1048576 is not trusted
        rows = sheet.iter_rows(
            min_row=1, max_row=limits.lines + 1, max_col=limits.columns + 1, values_only=True
        )
        yield from _texts(rows)
    finally:
        workbook.close()


def _texts(rows) -> Iterator[tuple[int, list[str]]]:
    number = 0
    while True:
        try:
            values = next(rows)
        except StopIteration:
            return
        except Exception as exc:  # openpyxl's errors on a broken part are of many kinds
            log.info("unreadable XLSX row after %d: %r", number, exc)
            raise Unreadable(_("Berkas XLSX rusak setelah baris %(n)d.", n=number)) from exc
        number += 1
        yield number, ["" if v is None else str(v) for v in values]


def _open_workbook(data: bytes):
    from openpyxl import load_workbook  # loads with the first spreadsheet, not at start

    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as exc:  # openpyxl's errors on a broken part are of many kinds
        log.info("unreadable XLSX: %r", exc)
        raise Unreadable(_("Berkas XLSX tidak bisa dibaca.")) from exc


def _check_package(data: bytes, limits: Limits) -> None:
    """Bound the unpacked size and refuse XML parts with a document type declaration."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
            if len(parts) > MAX_PARTS:
                raise Unreadable(_("Berkas XLSX tidak bisa dibaca."))
            if sum(p.file_size for p in parts) > limits.unpacked_bytes:
                raise Unreadable(
                    _(
                        "Berkas XLSX terlalu besar setelah dibuka (paling banyak %(n)d MB).",
                        n=limits.unpacked_bytes // (1024 * 1024),
                    )
                )
            for part in parts:
                if part.filename.lower().endswith((".xml", ".rels")):
                    _refuse_doctype(archive, part)
    except _ZIP_ERRORS as exc:
        raise Unreadable(_("Berkas XLSX tidak bisa dibaca.")) from exc


def _refuse_doctype(archive: zipfile.ZipFile, part: zipfile.ZipInfo) -> None:
    """Parse the part's prolog only: stop at the root element, refuse a DOCTYPE before it."""
    parser = expat.ParserCreate()

    def on_doctype(*_args):
        raise _DoctypeFound

    def on_root(*_args):
        raise _RootReached

    parser.StartDoctypeDeclHandler = on_doctype
    parser.StartElementHandler = on_root
    try:
        with archive.open(part) as stream:
            while chunk := stream.read(CHUNK):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except _RootReached:
        return
    except _DoctypeFound:
        raise Unreadable(
            _("Berkas XLSX ditolak: bagian %(part)s memuat deklarasi DTD.", part=part.filename)
        ) from None
    except expat.ExpatError as exc:
        raise Unreadable(_("Berkas XLSX rusak (%(part)s).", part=part.filename)) from exc
