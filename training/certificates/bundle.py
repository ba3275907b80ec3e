"""Certificates bundled for download: a streamed ZIP of one PDF per certificate."""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterable, Iterator

from training.certificates.pdf import render_certificate


def zip_name(cert) -> str:
    return cert.serial.replace("/", "-") + ".pdf"


class _Chunks:
    """A write-only file for zipfile: collects bytes until the generator hands them out."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []

    def write(self, data) -> int:
        self.parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def take(self) -> bytes:
        data = b"".join(self.parts)
        self.parts.clear()
        return data


def iter_zip(certs: Iterable, url_for_cert: Callable[[object], str]) -> Iterator[bytes]:
    """A ZIP of one PDF per certificate, streamed: yields each member as soon as it is made,
    so only one PDF is held in memory at a time. PDFs are stored (already compressed)."""
    out = _Chunks()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_STORED) as archive:
        for cert in certs:
            info = zipfile.ZipInfo(zip_name(cert), date_time=(2000, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_STORED
            archive.writestr(info, render_certificate(cert, url_for_cert(cert)))
            chunk = out.take()
            if chunk:
                yield chunk
    tail = out.take()
    if tail:
        yield tail
