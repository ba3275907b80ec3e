"""Login, password, account, language and API-token forms."""

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    IntegerField,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, EqualTo, InputRequired, Length, NumberRange
from wtforms.widgets import CheckboxInput, ListWidget

from training.auth.services import MIN_PASSWORD
from training.auth.tokens import MAX_DAYS
from training.core.forms import PERSON_PICKER, UNIT_PICKER, Form
from training.core.labels import ROLE_LABELS
from training.policy.roles import Role

REQUIRED = _l("Wajib diisi.")
LANGUAGE_CHOICES = [SelectChoice("id", "Bahasa Indonesia"), SelectChoice("en", "English")]


def _too_long(n: int):
    return Length(max=n, message=_l("Paling panjang %(max)d karakter."))


class MultiCheckboxField(SelectMultipleField):
    """Several checkboxes; choices are checked by the service, not by WTForms."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class DaysField(IntegerField):
    """IntegerField with an Indonesian message for text that is not a number."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError as exc:
            raise ValueError(_l("Isi dengan bilangan bulat.")) from exc


class LoginForm(Form):
    username = StringField(_l("Nama pengguna"), validators=[DataRequired(REQUIRED), _too_long(64)])
    password = PasswordField(_l("Kata sandi"), validators=[DataRequired(REQUIRED), _too_long(200)])


class PasswordForm(Form):
    current = PasswordField(_l("Kata sandi sekarang"), validators=[DataRequired(REQUIRED)])
    new = PasswordField(
        _l("Kata sandi baru"),
        validators=[
            DataRequired(REQUIRED),
            Length(min=MIN_PASSWORD, message=_l("Kata sandi minimal %(min)d karakter.")),
            _too_long(200),
        ],
    )
    confirm = PasswordField(
        _l("Ulangi kata sandi baru"),
        validators=[
            DataRequired(REQUIRED),
            EqualTo("new", message=_l("Kedua kata sandi tidak sama.")),
        ],
    )


def _role_field():
    return MultiCheckboxField(
        _l("Peran"),
        choices=[SelectChoice(role.value, ROLE_LABELS[role.value]) for role in Role],
        validate_choice=False,
        default=list,  # a POST with no field at all leaves data at the default, not None
    )


class AccountEditForm(Form):
    roles = _role_field()
    unit_code = StringField(
        _l("Kode satuan (wajib untuk komandan)"), validators=[_too_long(32)], render_kw=UNIT_PICKER
    )
    person_nrp = StringField(
        _l("NRP/NIP personel (wajib untuk peserta)"),
        validators=[_too_long(18)],
        render_kw=PERSON_PICKER,
    )
    is_active = BooleanField(_l("Akun aktif"))
    locale = SelectField(_l("Bahasa"), choices=LANGUAGE_CHOICES, validate_choice=False)


class AccountNewForm(Form):
    username = StringField(_l("Nama pengguna"), validators=[DataRequired(REQUIRED), _too_long(64)])
    roles = _role_field()
    unit_code = StringField(
        _l("Kode satuan (wajib untuk komandan)"), validators=[_too_long(32)], render_kw=UNIT_PICKER
    )
    person_nrp = StringField(
        _l("NRP/NIP personel (wajib untuk peserta)"),
        validators=[_too_long(18)],
        render_kw=PERSON_PICKER,
    )
    password = PasswordField(
        _l("Kata sandi awal"), validators=[DataRequired(REQUIRED), _too_long(200)]
    )


class ResetPasswordForm(Form):
    new_password = PasswordField(
        _l("Kata sandi baru"), validators=[DataRequired(REQUIRED), _too_long(200)]
    )


class LanguageForm(Form):
    locale = SelectField(_l("Bahasa antarmuka"), choices=LANGUAGE_CHOICES, validate_choice=False)


class TokenForm(Form):
    name = StringField(_l("Nama token"), validators=[DataRequired(REQUIRED), _too_long(80)])
    days = DaysField(
        _l("Berlaku (hari)"),
        validators=[
            InputRequired(REQUIRED),
            NumberRange(min=1, max=MAX_DAYS, message=_l("Isi 1 sampai %(max)d hari.")),
        ],
    )
