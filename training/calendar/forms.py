"""Calendar filter form (GET, no CSRF) and the feed action form (POST, CSRF only)."""

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length

from training.core.forms import UNIT_PICKER, Form


class FilterForm(Form):
    class Meta:
        csrf = False

    date = HiddenField()
    unit = StringField(
        _l("Kode satuan"),
        validators=[Length(max=32)],
        description=_l("Termasuk jajaran di bawahnya."),
        render_kw=UNIT_PICKER,
    )
    course = SelectField(_l("Kursus"), validate_choice=False)
    trainer = SelectField(_l("Pelatih"), validate_choice=False)

    def set_choices(self, courses, trainers) -> None:
        self.course.choices = [SelectChoice("", str(_l("Semua kursus")))] + [
            SelectChoice(str(c.id), f"{c.program.title} · {c.title}") for c in courses
        ]
        self.trainer.choices = [SelectChoice("", str(_l("Semua pelatih")))] + [
            SelectChoice(key, name) for key, name in trainers
        ]


class FeedForm(Form):
    """Create, regenerate or revoke: the form carries only the CSRF token."""
