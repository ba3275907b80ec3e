"""Forms of sign-in accounts: activation, forgotten password, new password, sheet."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, HiddenField, PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length

from training.core.forms import Form

REQUIRED = _l("Wajib diisi.")


def _password():
    return PasswordField(
        _l("Kata sandi baru"),
        validators=[DataRequired(REQUIRED), Length(max=200, message=_l("Terlalu panjang."))],
    )


def _confirm():
    return PasswordField(
        _l("Ulangi kata sandi baru"),
        validators=[
            DataRequired(REQUIRED),
            EqualTo("password", message=_l("Kedua kata sandi tidak sama.")),
        ],
    )


class ActivateForm(Form):
    username = StringField(
        _l("NRP/NIP"),
        validators=[DataRequired(REQUIRED), Length(max=64, message=_l("Terlalu panjang."))],
    )
    code = StringField(
        _l("Kode aktivasi"),
        validators=[DataRequired(REQUIRED), Length(max=40, message=_l("Terlalu panjang."))],
    )
    password = _password()
    confirm = _confirm()


class ForgotForm(Form):
    username = StringField(
        _l("Nama pengguna atau NRP/NIP"),
        validators=[DataRequired(REQUIRED), Length(max=64, message=_l("Terlalu panjang."))],
    )


class ResetForm(Form):
    password = _password()
    confirm = _confirm()


class ProvisionForm(Form):
    course = HiddenField()


class SheetForm(Form):
    everyone = BooleanField(
        _l("Juga yang punya email (kode yang sudah dikirim lewat email tidak berlaku lagi)")
    )


class ActionForm(Form):
    """A button that only needs CSRF."""
