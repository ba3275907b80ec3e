"""Person form (create/edit) and the import upload form."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, EmailField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

from training.core.forms import UNIT_PICKER, Form
from training.core.labels import POSITION_LABELS
from training.people.ranks import PNS_RANKS, POLRI_RANKS

REQUIRED = DataRequired(message=_l("Wajib diisi."))


def rank_choices() -> list[SelectChoice]:
    """Ranks grouped as <optgroup> Polri / PNS Polri, highest first."""
    polri_group, pns_group = str(_l("Polri")), str(_l("PNS Polri"))  # translated once
    polri = [SelectChoice(code, code, optgroup=polri_group) for code, _name in POLRI_RANKS]
    pns = [SelectChoice(code, f"{code} {name}", optgroup=pns_group) for code, name in PNS_RANKS]
    return [SelectChoice("", str(_l("— pilih pangkat —")))] + polri + pns


def rank_groups() -> list[tuple[str, list[SelectChoice]]]:
    """(group label, choices) pairs in display order, for hand-written selects."""
    groups: dict[str, list[SelectChoice]] = {}
    for choice in rank_choices()[1:]:
        groups.setdefault(choice.optgroup, []).append(choice)
    return list(groups.items())


def position_choices() -> list[SelectChoice]:
    return [SelectChoice("", str(_l("— pilih jabatan —")))] + [
        SelectChoice(code, str(label)) for code, label in POSITION_LABELS.items()
    ]


class PersonForm(Form):
    full_name = StringField(_l("Nama lengkap"), validators=[REQUIRED, Length(max=200)])
    nrp = StringField(
        _l("NRP / NIP"),
        validators=[REQUIRED, Length(max=40)],
        description=_l("NRP 8 angka untuk anggota Polri, NIP 18 angka untuk PNS Polri."),
    )
    rank = SelectField(_l("Pangkat"), validators=[REQUIRED], validate_choice=False)
    position = SelectField(_l("Jabatan"), validators=[REQUIRED], validate_choice=False)
    unit_code = StringField(
        _l("Kode satuan"),
        validators=[REQUIRED, Length(max=32)],
        description=_l("Kode satuan tempat bertugas, misalnya 01.01 (lihat daftar Satuan)."),
        render_kw=UNIT_PICKER,
    )
    phone = StringField(_l("Telepon (boleh kosong)"), validators=[Length(max=30)])
    email = EmailField(_l("Email (boleh kosong)"), validators=[Length(max=120)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.rank.choices = rank_choices()
        self.position.choices = position_choices()


class ImportForm(Form):
    file = FileField(
        _l("Berkas CSV atau XLSX"), validators=[FileRequired(_l("Pilih berkas yang diunggah."))]
    )
    provision_accounts = BooleanField(
        _l("Sekaligus buat akun masuk untuk personel ini"),
        description=_l(
            "Nama pengguna = NRP/NIP; yang sudah punya akun dibiarkan. Yang punya email "
            "menerima kode aktivasi lewat email, yang lain lewat lembar aktivasi satuan."
        ),
    )
