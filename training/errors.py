"""RuleViolation and the HTML/JSON error pages (403, 404, 413, 429, 500)."""

from flask import Flask, jsonify, render_template, request
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
        limit = app.config["MAX_CONTENT_LENGTH"] // (1024 * 1024)
        return _page(
            413,
            _("Berkas terlalu besar"),
            _(
                "Ukuran unggahan paling besar %(mb)d MB. Bagi berkas menjadi beberapa bagian.",
                mb=limit,
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
