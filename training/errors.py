"""RuleViolation and the HTML/JSON error pages (403, 404, 413, 429, 500)."""

from flask import Flask, jsonify, render_template, request
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError

from training.extensions import db


class RuleViolation(Exception):
    """A business rule refused the change; the message is shown to the user."""


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.path.endswith(".json")


def _page(code: int, title: str, message: str):
    if _wants_json():
        return jsonify(error=title, message=message), code
    return render_template("errors/error.html", code=code, title=title, message=message), code


def _size_label(limit: int) -> str:
    """E.g. "12 MB", or "512 KB" for limits under a megabyte."""
    if limit >= 1024 * 1024:
        return f"{format_decimal(round(limit / (1024 * 1024), 1))} MB"
    return f"{max(limit // 1024, 1)} KB"


def init_app(app: Flask) -> None:
    @app.errorhandler(400)
    def bad_request(error):
        if isinstance(error, CSRFError):
            message = _(
                "Formulir sudah kedaluwarsa atau tidak sah (token keamanan CSRF tidak valid). "
                "Muat ulang halaman lalu kirim lagi."
            )
        else:
            message = str(getattr(error, "description", ""))
        return _page(400, _("Permintaan tidak valid"), message)

    @app.errorhandler(403)
    def forbidden(_error):
        return _page(403, _("Akses ditolak"), _("Anda tidak berhak membuka halaman ini."))

    @app.errorhandler(404)
    def not_found(_error):
        return _page(404, _("Tidak ditemukan"), _("Halaman atau data yang dicari tidak ada."))

    @app.errorhandler(405)
    def not_allowed(_error):
        return _page(405, _("Metode tidak diizinkan"), _("Gunakan tombol pada halaman."))

    @app.errorhandler(413)
    def too_large(_error):
        return _page(
            413,
            _("Berkas terlalu besar"),
            _(
                "Ukuran unggahan paling besar %(size)s. Bagi berkas menjadi beberapa bagian.",
                size=_size_label(app.config.get("MAX_CONTENT_LENGTH") or 0),
            ),
        )

    @app.errorhandler(429)
    def too_many(_error):
        return _page(
            429,
            _("Terlalu banyak percobaan"),
            _("Tunggu sebentar lalu coba lagi."),
        )

    @app.errorhandler(500)
    def server_error(_error):
        db.session.rollback()
        return _page(500, _("Terjadi kesalahan"), _("Kesalahan sudah dicatat. Coba lagi nanti."))
