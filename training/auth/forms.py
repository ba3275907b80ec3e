"""Login, password and account forms."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length

MIN_PASSWORD = 10


class LoginForm(FlaskForm):
    username = StringField(_l("Nama pengguna"), validators=[DataRequired(), Length(max=64)])
    password = PasswordField(_l("Kata sandi"), validators=[DataRequired(), Length(max=200)])


class PasswordForm(FlaskForm):
    current = PasswordField(_l("Kata sandi sekarang"), validators=[DataRequired()])
    new = PasswordField(
        _l("Kata sandi baru"),
        validators=[DataRequired(), Length(min=MIN_PASSWORD, max=200)],
    )
    confirm = PasswordField(
        _l("Ulangi kata sandi baru"),
        validators=[DataRequired(), EqualTo("new", message=_l("Kedua kata sandi tidak sama."))],
    )
