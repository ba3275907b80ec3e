"""Rotating check-in codes: a QR URL code and a short typed code per 30-second window.

Both come from one HMAC-SHA256 of the app's SECRET_KEY over "<session uid>:<window>",
where window = floor(unix time / 30). A code is accepted in its own window; the previous
window's code is also accepted for ``GRACE_SECONDS`` after the rotation, so that a phone
that read the code just before it changed is not refused. Codes of older windows and of
other sessions never match.
"""

from __future__ import annotations

import hashlib
import hmac
import math
from dataclasses import dataclass
from datetime import datetime

WINDOW_SECONDS = 30
GRACE_SECONDS = 5
#: 32 characters without the look-alikes 0/O and 1/I.
ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
SHORT_LENGTH = 6


@dataclass(frozen=True)
class Codes:
    window: int
    url_code: str  # goes into the QR URL
    short_code: str  # typed on phones that cannot scan
    seconds_left: int  # until the next rotation


def window_of(now: datetime) -> int:
    return math.floor(now.timestamp() / WINDOW_SECONDS)


def _digest(secret: str, uid: str, window: int) -> bytes:
    message = f"{uid}:{window}".encode()
    return hmac.new(str(secret).encode(), message, hashlib.sha256).digest()


def url_code(secret: str, uid: str, window: int) -> str:
    return _digest(secret, uid, window)[:16].hex()


def short_code(secret: str, uid: str, window: int) -> str:
    number = int.from_bytes(_digest(secret, uid, window)[16:20], "big")
    chars = []
    for _ in range(SHORT_LENGTH):
        chars.append(ALPHABET[number % len(ALPHABET)])
        number //= len(ALPHABET)
    return "".join(chars)


def codes_at(secret: str, uid: str, now: datetime) -> Codes:
    window = window_of(now)
    left = (window + 1) * WINDOW_SECONDS - now.timestamp()
    return Codes(
        window=window,
        url_code=url_code(secret, uid, window),
        short_code=short_code(secret, uid, window),
        seconds_left=max(1, math.ceil(left)),
    )


def normalise(code: str) -> str:
    """Typed codes: ignore case, spaces and dashes."""
    return "".join(ch for ch in (code or "") if ch.isalnum()).upper()


def accepted_windows(now: datetime) -> list[int]:
    """The current window, plus the previous one during the grace after a rotation."""
    window = window_of(now)
    into_window = now.timestamp() - window * WINDOW_SECONDS
    return [window, window - 1] if into_window < GRACE_SECONDS else [window]


def code_matches(secret: str, uid: str, code: str, now: datetime) -> bool:
    """True when ``code`` (URL or typed form) belongs to an accepted window of this session."""
    given = normalise(code)
    if not given:
        return False
    for window in accepted_windows(now):
        for expected in (url_code(secret, uid, window).upper(), short_code(secret, uid, window)):
            if hmac.compare_digest(given, expected):
                return True
    return False


def qr_svg(text: str, size: int = 320) -> str:
    """The QR code of ``text`` as an inline SVG element (reportlab, error correction M)."""
    from reportlab.graphics import renderSVG
    from reportlab.graphics.barcode.qr import QrCodeWidget
    from reportlab.graphics.shapes import Drawing

    widget = QrCodeWidget(text, barLevel="M", barWidth=size, barHeight=size)
    drawing = Drawing(size, size)
    drawing.add(widget)
    svg = renderSVG.drawToString(drawing)
    return svg[svg.index("<svg") :]
