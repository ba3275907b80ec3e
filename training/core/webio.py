"""Shared web edges for file imports and CSV/XLSX downloads."""

from io import BytesIO

from flask import Response, flash, send_file, stream_with_context
from flask_babel import gettext as _

from training.core.tabular import ImportFailed, RowError, iter_csv, write_xlsx
from training.extensions import db

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def import_upload(upload, import_file) -> list[RowError]:
    """Run ``import_file(filename, data, max_rows)`` on an upload, all or nothing.

    On success commit and flash the counts, returning no errors; otherwise roll back and
    return every row error for the page to list.
    """
    try:
        result = import_file(upload.filename or "", upload.read())
    except ImportFailed as exc:
        db.session.rollback()
        return exc.errors
    db.session.commit()
    message = _(
        "Impor selesai: %(c)d dibuat, %(u)d diperbarui, %(n)d tidak berubah.",
        c=result.created,
        u=result.updated,
        n=result.unchanged,
    )
    flash(message, "success")
    return []


def csv_download(header, rows, filename: str) -> Response:
    """Stream rows as a CSV attachment (formulas neutralised)."""
    return Response(
        stream_with_context(iter_csv(header, rows)),
        mimetype="text/csv",
        headers={"Content-Disposition": f"attachment; filename={filename}"},
    )


def xlsx_download(header, rows, sheet: str, filename: str):
    """Send rows as an XLSX attachment (text cells stay text)."""
    return send_file(
        BytesIO(write_xlsx(header, rows, sheet)),
        mimetype=XLSX_MIMETYPE,
        as_attachment=True,
        download_name=filename,
    )
