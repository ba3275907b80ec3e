"""RuleViolation and the HTML/JSON error pages (403, 404, 413, 429, 500), and the pages
for database faults: unreachable or busy (503) and full (507); any other database error is a
500 with its message in the log (``training.core.dbfaults`` tells them apart)."""

import contextlib

from flask import Flask, current_app, g, jsonify, render_template, request
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import InterfaceError, OperationalError

from training.core.dbfaults import is_connection_failure
from training.extensions import db, login_manager


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


def _disk_full(error: Exception) -> bool:
    """SQLite's "database or disk is full", PostgreSQL's disk_full (SQLSTATE 53100)."""
    orig = getattr(error, "orig", None)
    return getattr(orig, "sqlstate", None) == "53100" or "disk is full" in str(orig)


def database_fault(error: Exception):
    """The database refused or could not be reached: the transaction is rolled back (nothing
    half-written) and the user gets a clear page, never a traceback or a 500."""
    with contextlib.suppress(Exception):
        db.session.rollback()
    if _disk_full(error):
        current_app.logger.error("database full: %s", getattr(error, "orig", error))
        return _page(
            507,
            _("Penyimpanan penuh"),
            _(
                "Penyimpanan basis data penuh, sehingga perubahan ini tidak disimpan (tidak ada "
                "data yang tersimpan sebagian). Hubungi administrator untuk menambah ruang "
                "penyimpanan, lalu coba lagi."
            ),
        )
    if not is_connection_failure(error):
        current_app.logger.error(
            "database error: %s", getattr(error, "orig", error), exc_info=error
        )
        return _page(500, _("Terjadi kesalahan"), _("Kesalahan sudah dicatat. Coba lagi nanti."))
    current_app.logger.warning("database unavailable: %s", type(error).__name__)
    # The page must not touch the database again (the menu reads the user's roles).
    g._login_user = login_manager.anonymous_user()
    response, code = _page(
        503,
        _("Layanan sementara tidak tersedia"),
        _(
            "Basis data sedang tidak dapat dihubungi atau sibuk. Perubahan yang sedang dikirim "
            "tidak disimpan. Coba lagi dalam beberapa saat."
        ),
    )
    response = current_app.make_response((response, code))
    response.headers["Retry-After"] = "5"
    return response


def init_app(app: Flask) -> None:
    app.register_error_handler(OperationalError, database_fault)
    app.register_error_handler(InterfaceError, database_fault)

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
    def not_allowed(error):
        """The page or JSON error, with the ``Allow`` header HTTP requires on a 405."""
        response = current_app.make_response(
            _page(405, _("Metode tidak diizinkan"), _("Gunakan tombol pada halaman."))
        )
        allowed = getattr(error, "valid_methods", None) or []
        response.headers["Allow"] = ", ".join(sorted(allowed))
        return response

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
