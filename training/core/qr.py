"""QR codes (error correction M) for certificates and the check-in projector, fast: the
compiled zxing-cpp encoder (~0.2 ms per code).

Falls back to reportlab's pure-Python encoder (~20 ms per code) if zxing-cpp is missing.
"""

from __future__ import annotations


def qr_matrix(text: str) -> list[list[bool]]:
    """Rows (top first) of modules for ``text``, True = dark, without the quiet zone."""
    try:
        import zxingcpp  # the fast encoder; reportlab's pure-Python one is the fallback
    except ImportError:  # pragma: no cover - zxing-cpp is pinned in requirements.txt
        return _reportlab_matrix(text)
    code = zxingcpp.create_barcode(text, zxingcpp.BarcodeFormat.QRCode, ec_level="M")
    image = code.to_image(scale=1, add_quiet_zones=False)
    height, width = image.shape
    data = bytes(memoryview(image))
    return [[data[r * width + c] < 128 for c in range(width)] for r in range(height)]


def _reportlab_matrix(text: str) -> list[list[bool]]:  # pragma: no cover - fallback only
    from reportlab.graphics.barcode import qrencoder  # fallback only

    code = qrencoder.QRCode(0, qrencoder.QRErrorCorrectLevel.M)
    code.addData(text)
    code.make()
    n = code.getModuleCount()
    return [[bool(code.isDark(r, c)) for c in range(n)] for r in range(n)]


def dark_runs(matrix: list[list[bool]]):
    """(row, first column, length) of each horizontal run of dark modules."""
    for r, row in enumerate(matrix):
        c, n = 0, len(row)
        while c < n:
            if row[c]:
                start = c
                while c < n and row[c]:
                    c += 1
                yield r, start, c - start
            else:
                c += 1


def qr_svg(text: str, size: int = 320) -> str:
    """The QR code of ``text`` as an inline SVG element, with a quiet zone of 4 modules.

    One filled path of module runs and presentation attributes only: no ``style``
    attribute, which the Content-Security-Policy (style-src 'self') would refuse.
    """
    matrix, quiet = qr_matrix(text), 4
    runs = "".join(
        f"M{col + quiet} {row + quiet}h{length}v1h-{length}z"
        for row, col, length in dark_runs(matrix)
    )
    side = len(matrix) + 2 * quiet
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" '
        f'viewBox="0 0 {side} {side}" shape-rendering="crispEdges">'
        f'<rect width="{side}" height="{side}" fill="#fff"/>'
        f'<path fill="#000" d="{runs}"/></svg>'
    )
