"""Shared web edges for CSV/XLSX downloads (exports, and training.core.importflow)."""

from io import BytesIO

from flask import Response, abort, send_file, stream_with_context

from training.core.tabular import iter_csv, write_xlsx

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: The formats every table export is served in.
TABLE_FORMATS = ("csv", "xlsx")


def table_download(fmt: str, header, rows, name: str, sheet: str):
    """Serve a table as ``<name>.<fmt>``: a streamed CSV or an XLSX with sheet ``sheet``;
    404 for any other format (``rows`` is not read then)."""
    if fmt not in TABLE_FORMATS:
        abort(404)
    if fmt == "csv":
        return csv_download(header, rows, f"{name}.csv")
    return xlsx_download(header, rows, sheet, f"{name}.xlsx")


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
