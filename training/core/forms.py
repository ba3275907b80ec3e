"""Base form: WTForms' built-in messages in Indonesian (WTForms ships no Indonesian).

Every form in the app subclasses ``Form`` instead of ``FlaskForm``.
"""

from flask import has_request_context
from flask_babel import get_locale
from flask_wtf import FlaskForm

#: WTForms' English messages and our Indonesian wording (the singular form of plurals).
INDONESIAN = {
    "Field must be equal to %(other_name)s.": "Isian harus sama dengan %(other_name)s.",
    "Field must be at least %(min)d character long.": "Isian paling sedikit %(min)d karakter.",
    "Field cannot be longer than %(max)d character.": "Isian paling banyak %(max)d karakter.",
    "Field must be exactly %(max)d character long.": "Isian harus tepat %(max)d karakter.",
    "Field must be between %(min)d and %(max)d characters long.": (
        "Panjang isian harus %(min)d sampai %(max)d karakter."
    ),
    "Number must be at least %(min)s.": "Angka paling kecil %(min)s.",
    "Number must be at most %(max)s.": "Angka paling besar %(max)s.",
    "Number must be between %(min)s and %(max)s.": "Angka harus antara %(min)s dan %(max)s.",
    "Date must be at least %(min)s.": "Tanggal paling awal %(min)s.",
    "Date must be at most %(max)s.": "Tanggal paling akhir %(max)s.",
    "Date must be between %(min)s and %(max)s.": "Tanggal harus antara %(min)s dan %(max)s.",
    "This field is required.": "Wajib diisi.",
    "Invalid input.": "Isian tidak valid.",
    "Invalid email address.": "Alamat email tidak valid.",
    "Invalid URL.": "URL tidak valid.",
    "Invalid value, must be one of: %(values)s.": (
        "Nilai tidak valid, harus salah satu dari: %(values)s."
    ),
    "Invalid value, can't be any of: %(values)s.": "Nilai tidak valid, tidak boleh: %(values)s.",
    "Invalid CSRF Token.": "Token keamanan (CSRF) tidak valid. Muat ulang halaman lalu coba lagi.",
    "CSRF token missing.": "Token keamanan (CSRF) tidak ada. Muat ulang halaman lalu coba lagi.",
    "CSRF failed.": "Pemeriksaan keamanan (CSRF) gagal. Muat ulang halaman lalu coba lagi.",
    "CSRF token expired.": "Token keamanan (CSRF) kedaluwarsa. Muat ulang halaman lalu coba lagi.",
    "Invalid Choice: could not coerce.": "Pilihan tidak valid.",
    "Not a valid choice.": "Pilihan tidak valid.",
    "Invalid choice(s): one or more data inputs could not be coerced.": "Pilihan tidak valid.",
    "'%(value)s' is not a valid choice for this field.": "'%(value)s' bukan pilihan yang valid.",
    "Not a valid datetime value.": "Tanggal dan jam tidak valid.",
    "Not a valid date value.": "Tanggal tidak valid.",
    "Not a valid time value.": "Jam tidak valid.",
    "Not a valid week value.": "Minggu tidak valid.",
    "Not a valid integer value.": "Harus bilangan bulat.",
    "Not a valid decimal value.": "Harus angka.",
    "Not a valid float value.": "Harus angka.",
}


def _indonesian() -> bool:
    return not has_request_context() or str(get_locale() or "id") == "id"


class FormTranslations:
    """The gettext interface WTForms asks for."""

    def gettext(self, string: str) -> str:
        return INDONESIAN.get(string, string) if _indonesian() else string

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        if _indonesian():
            return INDONESIAN.get(singular, singular)
        return singular if n == 1 else plural


TRANSLATIONS = FormTranslations()


class Form(FlaskForm):
    class Meta:
        def get_translations(self, form):
            return TRANSLATIONS


#: ``render_kw`` of a field taking a unit code: static/js/lookup.js suggests units in scope
#: by name or code as the user types (the field still accepts a typed code).
UNIT_PICKER = {"data-lookup": "units"}
#: ``render_kw`` of a field taking an NRP/NIP: suggests people in scope by name or number.
PERSON_PICKER = {"data-lookup": "people"}
