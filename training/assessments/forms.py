"""Forms of the assessments feature: a competency (WTForms), and the parsing of the two
plain forms whose fields depend on the data (course weights, the assessment grid)."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from training.assessments.grid import GridRow
from training.core.forms import Form

CELL = re.compile(r"^(level|evidence)-(\d{1,9})-(\d{1,9})$")
NOTE = re.compile(r"^note-(\d{1,9})$")
WEIGHT = re.compile(r"^weight-(\d{1,9})$")


class CompetencyForm(Form):
    code = StringField(
        _l("Kode"),
        validators=[DataRequired(), Length(min=2, max=32)],
        description=_l("Contoh: AKUN, ADUAN. Huruf besar, angka, - atau _."),
    )
    name = StringField(_l("Nama"), validators=[DataRequired(), Length(max=200)])
    description = TextAreaField(_l("Uraian singkat"), validators=[Optional(), Length(max=2000)])
    position = IntegerField(
        _l("Urutan tampil"), default=0, validators=[Optional(), NumberRange(min=0, max=999)]
    )


def parse_weights(form) -> tuple[dict[int, str], dict[int, str]]:
    """(chosen competency id → typed weight, every typed weight) from the weights form.

    A competency counts as chosen when its checkbox ``use-<id>`` is ticked.
    """
    typed = {}
    for key, value in form.items():
        match = WEIGHT.match(key)
        if match:
            typed[int(match.group(1))] = value.strip()
    chosen = {int(v) for v in form.getlist("use") if v.isascii() and v.isdigit() and len(v) < 10}
    return {cid: typed.get(cid, "") for cid in chosen}, typed


def parse_grid(form) -> list[GridRow]:
    """The grid's rows as typed: one per ``person`` id listed in the form."""
    rows = {
        int(pid): GridRow(int(pid))
        for pid in form.getlist("person")
        if pid.isascii() and pid.isdigit() and len(pid) < 10
    }
    for key, value in form.items(multi=False):
        cell = CELL.match(key)
        note = NOTE.match(key)
        if cell:
            kind, pid, cid = cell.group(1), int(cell.group(2)), int(cell.group(3))
            row = rows.setdefault(pid, GridRow(pid))
            (row.levels if kind == "level" else row.evidence)[cid] = value
        elif note:
            pid = int(note.group(1))
            rows.setdefault(pid, GridRow(pid)).note = value
    return list(rows.values())
