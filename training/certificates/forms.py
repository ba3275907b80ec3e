"""Forms of the certificate pages."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, TextAreaField
from wtforms.validators import DataRequired, Length

from training.core.forms import Form


class RevokeForm(Form):
    reason = TextAreaField(
        _l("Alasan pencabutan (internal)"),
        validators=[DataRequired(), Length(max=1000)],
        render_kw={"rows": 3},
    )
    public_note = TextAreaField(
        _l("Keterangan publik (boleh kosong)"),
        validators=[Length(max=300)],
        render_kw={"rows": 2},
    )
    confirm = BooleanField(
        _l("Saya yakin: pencabutan tidak dapat diurungkan."),
        validators=[DataRequired(message=_l("Centang konfirmasi untuk mencabut."))],
    )


class IssueAllForm(Form):
    """Issuing for everyone eligible: the explicit "Saya yakin" of the confirmation step."""

    confirm = BooleanField(
        _l("Saya yakin: terbitkan sertifikat untuk semua peserta yang memenuhi syarat."),
        validators=[DataRequired(message=_l("Centang konfirmasi untuk menerbitkan."))],
    )
