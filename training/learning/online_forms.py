"""Forms of the online refresher pages."""

from flask_babel import lazy_gettext as _l
from wtforms import DateField, StringField
from wtforms.validators import DataRequired, Length, Optional

from training.core.forms import Form


class OfferingForm(Form):
    title = StringField(_l("Judul (tidak wajib)"), validators=[Optional(), Length(max=200)])
    unit = StringField(
        _l("Satuan sasaran (kode)"),
        validators=[DataRequired(_l("Tuliskan kode satuan.")), Length(max=32)],
        render_kw={"data-lookup": "units"},
    )
    opens_on = DateField(_l("Dibuka"), validators=[DataRequired(_l("Isi tanggal buka."))])
    closes_on = DateField(
        _l("Batas akhir"), validators=[DataRequired(_l("Isi tanggal batas akhir."))]
    )
