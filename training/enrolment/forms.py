"""Forms of the enrolment pages (the checkbox list is read straight from the request)."""

from flask_babel import lazy_gettext as _l
from wtforms import StringField
from wtforms.validators import DataRequired, Length, Regexp

from training.core.forms import PERSON_PICKER, Form


class AddByNrpForm(Form):
    nrp = StringField(
        _l("NRP / NIP"),
        validators=[
            DataRequired(_l("Isi NRP atau NIP.")),
            Length(max=18),
            Regexp(r"^\s*\d{8}(\d{10})?\s*$", message=_l("NRP 8 angka atau NIP 18 angka.")),
        ],
        render_kw=PERSON_PICKER,
    )
