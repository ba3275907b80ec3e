"""Forms of the cycle planner: moving a draft and publishing the proposal."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, SelectField, StringField, TextAreaField, TimeField
from wtforms.validators import InputRequired, Length, Optional

from training.core.forms import Form

REQUIRED = InputRequired(message=_l("Wajib diisi."))


class MoveDraftForm(Form):
    day = DateField(_l("Tanggal"), validators=[REQUIRED])
    start = TimeField(_l("Jam mulai (waktu setempat)"), validators=[REQUIRED])
    override_reason = StringField(
        _l("Alasan mengabaikan bentrok (khusus admin, boleh kosong)"),
        validators=[Optional(), Length(max=500)],
    )


class PublishForm(Form):
    tier = SelectField(_l("Tingkat yang diterbitkan"), choices=[], validate_choice=False)
    override = BooleanField(_l("Lewati gerbang berjenjang (khusus admin)"))
    override_reason = TextAreaField(
        _l("Alasan pengecualian"), validators=[Optional(), Length(max=1000)]
    )
