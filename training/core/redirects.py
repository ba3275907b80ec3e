"""The one check for every ``next`` target the app redirects to: paths on this site only.

Browsers drop tabs and newlines anywhere in a URL, trim control characters and spaces at
its ends, and read a backslash as a slash, so ``/\\t/evil.example`` and ``/\\evil.example``
both lead to ``//evil.example`` (another site). The target is normalised the same way
first, then accepted only as a path that stays on this site.
"""

import re
from urllib.parse import urlsplit

from flask import url_for

_DROPPED = re.compile(r"[\t\n\r]")
_EDGES = "".join(chr(n) for n in range(33))  # C0 controls and the space
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def safe_next(target: str | None, fallback: str | None = None) -> str:
    """``target`` as the browser will read it, if it is a path on this site; else
    ``fallback`` (default: the home page)."""
    path = _DROPPED.sub("", (target or "").strip(_EDGES)).replace("\\", "/")
    parts = urlsplit(path)
    if (
        path.startswith("/")
        and not path.startswith("//")
        and not parts.scheme
        and not parts.netloc
        and not _CONTROL.search(path)
    ):
        return path
    return fallback or url_for("home.index")
