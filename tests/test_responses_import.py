"""Importing mention logs: zones, idempotence, hostile files, scope, the template, jobs."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from tests.accounts_factories import make_account
from tests.factories import make_person, make_tree
from tests.import_steps import token_of, upload, upload_and_confirm
from training.audit.models import AuditEntry
from training.core.tabular import ImportFailed, write_xlsx
from training.extensions import db as _db
from training.responses.importer import HEADER, IMPORTER, preview_mentions, read_mentions
from training.responses.models import Mention, MentionDay, MentionTime

NOW = datetime(2026, 12, 1, 6, 0, tzinfo=UTC)
CSV_HEAD = ",".join(HEADER) + "\n"


def _world():
    tree = make_tree()
    wib = make_account(tree["polsek_a"], platform="instagram", handle="polsek_a_ig")
    wita = make_account(tree["polsek_b"], platform="x", handle="polsek_b_x")
    person = make_person(tree["polsek_b"], nrp="81010001")
    _db.session.flush()
    return tree, wib, wita, person


def _run(text: str, filename="f.csv", encoding="utf-8", **kw):
    rows = read_mentions(filename, text.encode(encoding))
    preview = preview_mentions(rows, now=NOW, **kw)
    IMPORTER.apply(preview, None)
    return preview.counts


def _count(model):
    return _db.session.scalar(select(func.count()).select_from(model))


def test_times_without_zone_are_read_in_the_accounts_unit_zone(db):
    _tree, _wib, wita, person = _world()
    text = CSV_HEAD + (
        "x,@Polsek_B_X,1850001,2026-11-03 23:50,aduan,2026-11-04 00:20,81010001,,,"
        "https://x.com/polsek_b_x/status/1\n"
        "X (Twitter),polsek_b_x,1850002,2026-11-03T23:50:00+07:00,Isu Negatif,,,,,\n"
        "twitter,polsek_b_x,1850003,03/11/2026 23.50 WIT,pertanyaan,,,,terbuka,\n"
    )

    counts = _run(text)

    assert counts.new == 3
    m1, m2, m3 = _db.session.scalars(select(Mention).order_by(Mention.mention_key)).all()
    assert m1.received_at == datetime(2026, 11, 3, 15, 50, tzinfo=UTC)  # WITA
    assert (m1.response_seconds, m1.status, m1.responded_by) == (1800, "dijawab", person)
    assert (
        m2.received_at == datetime(2026, 11, 3, 16, 50, tzinfo=UTC) and m2.category == "isu_negatif"
    )
    assert m3.received_at == datetime(2026, 11, 3, 14, 50, tzinfo=UTC)
    days = {(d.day.isoformat(), d.category) for d in _db.session.scalars(select(MentionDay))}
    assert days == {("2026-11-03", "aduan"), ("2026-11-04", "isu_negatif"),
                    ("2026-11-03", "pertanyaan")}  # fmt: skip


def test_reimporting_changes_nothing_and_a_late_answer_updates(db):
    _world()
    first = CSV_HEAD + "instagram,polsek_a_ig,A1,2026-11-20 10:00,aduan,,,,,\n"
    _run(first)

    assert vars(_run(first)) == {"new": 0, "changed": 0, "moved": 0, "unchanged": 1}
    later = CSV_HEAD + "instagram,polsek_a_ig,A1,2026-11-20 10:00,aduan,2026-11-20 12:00,,,,\n"
    assert _run(later).changed == 1
    (day,) = _db.session.scalars(select(MentionDay)).all()
    (time,) = _db.session.scalars(select(MentionTime)).all()
    assert (day.answered, time.seconds, time.count) == (1, 7200, 1)


HOSTILE = {
    "duplicate ids": (
        "instagram,polsek_a_ig,D1,2026-11-20 10:00,aduan,,,,,\n"
        "instagram,polsek_a_ig,D1,2026-11-20 11:00,aduan,,,,,\n",
        "mention D1 sudah ada di baris 3 berkas ini.",
    ),
    "future receipt": (
        "instagram,polsek_a_ig,F1,2026-12-02 10:00,aduan,,,,,\n",
        "diterima: tidak boleh di masa depan.",
    ),
    "response before receipt": (
        "instagram,polsek_a_ig,R1,2026-11-20 10:00,aduan,2026-11-20 09:59,,,,\n",
        "respons_pertama: tidak boleh sebelum waktu mention diterima.",
    ),
    "unreadable time": (
        "instagram,polsek_a_ig,T1,kemarin sore,aduan,,,,,\n",
        "diterima: tulis waktu sebagai YYYY-MM-DD HH:MM",
    ),
    "unknown zone": (
        "instagram,polsek_a_ig,T2,2026-11-20 10:00 CET,aduan,,,,,\n",
        "zona waktu CET tidak dikenal",
    ),
    "no such day": (
        "instagram,polsek_a_ig,T3,2026-02-30 10:00,aduan,,,,,\n",
        "tidak ada di kalender",
    ),
    "unknown account": (
        "instagram,tidak_ada,U1,2026-11-20 10:00,aduan,,,,,\n",
        "akun: akun @tidak_ada di instagram tidak ditemukan.",
    ),
    "bad category and status": (
        "instagram,polsek_a_ig,C1,2026-11-20 10:00,keluhan,,,,dijawab,\n",
        "kategori: isi aduan, pertanyaan, informasi atau isu_negatif.",
    ),
    "unknown responder": (
        "instagram,polsek_a_ig,P1,2026-11-20 10:00,aduan,2026-11-20 10:30,99999999,,,\n",
        "dijawab_oleh: NRP/NIP 99999999 tidak ditemukan.",
    ),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_rows_are_refused_with_their_line_and_nothing_changes(db, case):
    _world()
    good = "instagram,polsek_a_ig,OK1,2026-11-20 10:00,aduan,,,,,\n"
    rows, message = HOSTILE[case]

    with pytest.raises(ImportFailed) as caught:
        _run(CSV_HEAD + good + rows)

    assert any(message in e.message and e.line >= 3 for e in caught.value.errors), (
        caught.value.errors
    )
    assert _count(Mention) == 0 and _count(MentionDay) == 0


@pytest.mark.parametrize(
    ("encoding", "delimiter"), [("utf-8-sig", ","), ("cp1252", ";"), ("utf-16", "\t")]
)
def test_encodings_and_delimiters(db, encoding, delimiter):
    _world()
    lines = [HEADER, ("instagram", "polsek_a_ig", "Pengaduan-Ã©", "2026-11-20 10:00", "aduan")]
    text = "\n".join(delimiter.join(line) for line in lines) + "\n"
    text = text.replace("Ã©", "é")

    assert _run(text, encoding=encoding).new == 1
    assert _db.session.scalar(select(Mention.mention_key)) == "Pengaduan-é"


def test_xlsx_date_cells_are_read_in_the_units_zone(db):
    _tree, _wib, wita, _person = _world()
    data = write_xlsx(
        HEADER[:6], [("x", "polsek_b_x", "XL1", datetime(2026, 11, 3, 23, 50), "aduan",
                      datetime(2026, 11, 4, 0, 20))], "Mention"
    )  # fmt: skip

    rows = read_mentions("log.xlsx", data)
    IMPORTER.apply(preview_mentions(rows, now=NOW), None)

    mention = _db.session.scalars(select(Mention)).one()
    assert mention.received_at == datetime(2026, 11, 3, 15, 50, tzinfo=UTC)
    assert mention.response_seconds == 1800


# --- the web import -----------------------------------------------------------------------


def _commander(login, unit):
    user = login("commander")
    user.unit = unit
    _db.session.commit()
    return user


def test_a_commander_imports_only_accounts_of_their_subtree(client, login, db):
    tree, _wib, _wita, _person = _world()
    _commander(login, tree["polda_a"])
    now = datetime.now(UTC) - timedelta(hours=3)
    stamp = now.strftime("%Y-%m-%dT%H:%M:%S+00:00")
    inside = CSV_HEAD + f"instagram,polsek_a_ig,W1,{stamp},aduan,,,,,\n"
    outside = CSV_HEAD + f"x,polsek_b_x,W2,{stamp},aduan,,,,,\n"

    refused = upload(client, "/responses/import", outside.encode())
    done = upload_and_confirm(client, "/responses/import", inside.encode())

    assert "akun @polsek_b_x di x tidak ditemukan." in refused.text
    assert done.status_code == 200 and "Impor selesai: 1 baru" in done.text
    assert _db.session.scalar(select(Mention.mention_key)) == "W1"
    entry = _db.session.scalars(select(AuditEntry).where(AuditEntry.entity == "mention")).one()
    assert entry.action == "import" and entry.after["new"] == 1


def test_the_preview_shows_the_local_time_and_writes_nothing(client, login, db):
    tree, _wib, _wita, _person = _world()
    _commander(login, tree["mabes"])
    text = CSV_HEAD + "x,polsek_b_x,P1,2026-11-03 23:50,aduan,,,,,\n"

    page = upload(client, "/responses/import", text.encode())

    assert "3 Nov 2026 23.50 WITA" in page.text
    assert token_of(page.text)
    assert _count(Mention) == 0


@pytest.mark.parametrize(("fmt", "kind"), [("csv", "text/csv"), ("xlsx", "spreadsheetml")])
def test_the_template_file_reimports_as_is_header(client, login, db, fmt, kind):
    _commander(login, make_tree()["mabes"])

    with client.get(f"/responses/import/template.{fmt}") as response:
        assert response.status_code == 200 and kind in response.mimetype
        rows = read_mentions(f"t.{fmt}", response.data)
    assert [r.text("id_mention") for r in rows][0] == "C9xYz12AbCd"
