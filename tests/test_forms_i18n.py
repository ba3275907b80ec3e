"""WTForms' own messages follow the interface language."""

from flask import session
from wtforms import IntegerField, StringField
from wtforms.validators import DataRequired, Length

from training.core.forms import Form


class SampleForm(Form):
    name = StringField("Nama", validators=[DataRequired(), Length(max=5)])
    count = IntegerField("Jumlah")


def test_builtin_messages_are_indonesian_by_default(app):
    with app.test_request_context(method="POST", data={"name": "", "count": "x"}):
        form = SampleForm(meta={"csrf": False})
        form.validate()

    assert form.name.errors == ["Wajib diisi."]
    assert form.count.errors[0] == "Harus bilangan bulat."


def test_builtin_messages_are_english_for_english_users(app):
    with app.test_request_context(method="POST", data={"name": "panjang sekali"}):
        session["lang"] = "en"
        form = SampleForm(meta={"csrf": False})
        form.validate()

    assert form.name.errors == ["Field cannot be longer than 5 characters."]
