"""Hand-built XLSX packages (zip + XML), sound or hostile, for the import tests."""

import io
import zipfile

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
BOOK_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"


def _content_types(with_sheet: bool) -> str:
    sheet = f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{SHEET_TYPE}"/>'
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{BOOK_TYPE}"/>'
        f"{sheet if with_sheet else ''}</Types>"
    )


def _package_rels() -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG_REL}">'
        f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>"
    )


def _workbook(with_sheet: bool) -> tuple[str, str]:
    sheets = '<sheet name="Data" sheetId="1" r:id="rId1"/>' if with_sheet else ""
    rels = (
        f'<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>'
        if with_sheet
        else ""
    )
    book = (
        f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{REL}">'
        f"<sheets>{sheets}</sheets></workbook>"
    )
    book_rels = (
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG_REL}">{rels}'
        "</Relationships>"
    )
    return book, book_rels


def package(sheet_xml: str | None) -> bytes:
    """An XLSX whose only sheet is ``sheet_xml`` (None: a workbook without any sheet)."""
    with_sheet = sheet_xml is not None
    book, book_rels = _workbook(with_sheet)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _content_types(with_sheet))
        archive.writestr("_rels/.rels", _package_rels())
        archive.writestr("xl/workbook.xml", book)
        archive.writestr("xl/_rels/workbook.xml.rels", book_rels)
        if with_sheet:
            archive.writestr("xl/worksheets/sheet1.xml", sheet_xml)
    return buffer.getvalue()


def column(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def row_xml(number: int, values) -> str:
    cells = "".join(
        f'<c r="{column(i)}{number}" t="inlineStr"><is><t>{v}</t></is></c>'
        for i, v in enumerate(values)
    )
    return f'<row r="{number}">{cells}</row>'


def sheet(rows, dimension: str | None = None, extra: str = "", prolog: str = "") -> str:
    """Sheet XML holding ``rows`` (lists of texts) from row 1 on."""
    body = "".join(row_xml(n, values) for n, values in enumerate(rows, start=1))
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<worksheet xmlns="{MAIN}">{dim}'
        f"<sheetData>{body}{extra}</sheetData></worksheet>"
    )


def billion_laughs(rows) -> str:
    """A sheet whose DTD expands one cell to 10^9 "lol"s."""
    entities = '<!ENTITY lol0 "lol">' + "".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)
    )
    lol_row = '<row r="99"><c r="A99" t="inlineStr"><is><t>&lol9;</t></is></c></row>'
    return sheet(rows, extra=lol_row, prolog=f"<!DOCTYPE worksheet [{entities}]>")


def huge_dimension(rows) -> str:
    """A few rows, but declaring A1:XFD1048576 and holding a cell in the very last one."""
    last = '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    return sheet(rows, dimension="A1:XFD1048576", extra=last)
