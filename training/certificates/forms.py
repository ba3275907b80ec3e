"""Forms of the certificate pages."""

from flask_babel import lazy_gettext as _l
from wtforms import TextAreaField
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
