"""Forms of the feedback pages: a question of the template, and the survey itself (built
from the template version being answered)."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, DataRequired, InputRequired, Length, Optional

from training.core.forms import Form
from training.learning.feedback_models import LIKERT_POINTS, QuestionKind
from training.learning.feedback_services import KIND_LABELS, LIKERT_LABELS

PROMPT_MAX = 300
TEXT_MAX = 2000


class QuestionForm(Form):
    kind = SelectField(
        _l("Jenis pertanyaan"),
        choices=[SelectChoice(k.value, KIND_LABELS[k]) for k in QuestionKind],
        validators=[AnyOf([k.value for k in QuestionKind])],
    )
    prompt = StringField(
        _l("Pertanyaan atau pernyataan"),
        validators=[DataRequired(_l("Tuliskan pertanyaannya.")), Length(max=PROMPT_MAX)],
    )
    is_required = BooleanField(_l("Wajib dijawab"), default=True)


class MoveForm(Form):
    direction = HiddenField(validators=[AnyOf(("up", "down"))])


class ActionForm(Form):
    """A bare POST (CSRF only): delete."""


def field_name(question) -> str:
    return f"q{question.id}"


def answer_form(template, **kwargs) -> Form:
    """The survey of ``template``: a radio group (1-5) per Likert question, a text box per
    free-text question; required questions must be answered."""

    class AnswerForm(Form):
        pass

    for question in template.questions:
        setattr(AnswerForm, field_name(question), _field(question))
    return AnswerForm(**kwargs)


def _field(question):
    if question.is_likert:
        required = InputRequired(_l("Pilih salah satu jawaban."))
        return RadioField(
            question.prompt,
            choices=[SelectChoice(str(p), f"{p} – {LIKERT_LABELS[p]}") for p in LIKERT_POINTS],
            validators=[required if question.is_required else Optional()],
        )
    required = DataRequired(_l("Pertanyaan ini wajib dijawab."))
    return TextAreaField(
        question.prompt,
        validators=[required if question.is_required else Optional(), Length(max=TEXT_MAX)],
        render_kw={"rows": 3},
    )


def answers_of(form, template) -> dict:
    """question id → the answer given (a score as text, or the text written)."""
    return {q.id: getattr(form, field_name(q)).data for q in template.questions}
