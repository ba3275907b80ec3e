"""Builders for the course materials tests: real small files of every accepted type."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime

from PIL import Image
from reportlab.pdfgen.canvas import Canvas

from training.learning import materials_services as services

NOW = datetime(2026, 11, 20, 3, 0, tzinfo=UTC)


def pdf_bytes(text: str = "Materi Tingkat 3: menjawab aduan warga") -> bytes:
    """A real one-page PDF (reportlab) carrying ``text``."""
    buffer = io.BytesIO()
    pdf = Canvas(buffer, invariant=True)
    pdf.drawString(72, 720, text)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def png_bytes(colour=(30, 90, 160), size=(4, 3)) -> bytes:
    """A real PNG image (Pillow)."""
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="PNG")
    return buffer.getvalue()


def jpeg_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 3), (200, 40, 40)).save(buffer, format="JPEG")
    return buffer.getvalue()


def pptx_bytes() -> bytes:
    """The entries a PowerPoint file is recognised by (a ZIP with ppt/presentation.xml)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("ppt/presentation.xml", "<p:presentation/>")
    return buffer.getvalue()


def odp_bytes() -> bytes:
    """An OpenDocument presentation: its first entry "mimetype", stored, names the type."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.presentation"
        )
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


def zip_bytes() -> bytes:
    """A plain ZIP archive (not a slide file)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("catatan.txt", "bukan salindia")
    return buffer.getvalue()


def mp4_bytes(padding: int = 0) -> bytes:
    """The leading box of an MP4 file (ftyp, brand isom), then ``padding`` zero bytes."""
    return b"\x00\x00\x00\x20ftypisom\x00\x00\x02\x00isomiso2avc1mp41" + b"\x00" * padding


def add_pdf(module, user, name: str = "modul-1.pdf", data: bytes | None = None, **kw):
    return services.add_file(
        module,
        user,
        kw.pop("title", ""),
        name,
        io.BytesIO(pdf_bytes() if data is None else data),
        now=NOW,
        **kw,
    )
