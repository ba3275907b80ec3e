"""Response pages through the web: the mention form, mark answered and resolve, the breach
list and its exports, the targets form, a large import as a job, English."""

from datetime import UTC, datetime, timedelta
from io import BytesIO

from openpyxl import load_workbook
from sqlalchemy import func, select

from tests.accounts_factories import make_account
from tests.factories import make_person, make_program, make_tree
from tests.import_steps import token_of, upload
from tests.responses_factories import make_mention
from training.extensions import db as _db
from training.jobs.models import Job
from training.responses.importer import HEADER
from training.responses.models import Mention, ResponseTarget


def _commander(login, unit):
    user = login("commander")
    user.unit = unit
    _db.session.commit()
    return user


def _local(instant: datetime, hours: int) -> str:
    """The wall-clock text of ``instant`` in a zone of UTC+``hours`` (a datetime-local)."""
    return (instant + timedelta(hours=hours)).strftime("%Y-%m-%dT%H:%M")


def test_a_commander_records_a_mention_in_the_units_zone(client, login, db):
    tree = make_tree()
    account = make_account(tree["polsek_b"], handle="polsek_b_ig")  # WITA
    _commander(login, tree["polres_b"])
    person = make_person(tree["polsek_b"], nrp="81020001")
    received = (datetime.now(UTC) - timedelta(hours=3)).replace(second=0, microsecond=0)
    _db.session.commit()

    response = client.post(
        f"/responses/accounts/{account.id}/mentions/new",
        data={
            "mention_key": "https://www.instagram.com/p/ABC/",
            "received_at": _local(received, 8),
            "category": "aduan",
            "first_response_at": _local(received + timedelta(minutes=45), 8),
            "responded_by": person.nrp,
        },
    )

    assert response.status_code == 302
    mention = _db.session.scalars(select(Mention)).one()
    assert mention.received_at == received
    assert (mention.response_seconds, mention.status, mention.responded_by) == (
        2700,
        "dijawab",
        person,
    )


def test_the_form_refuses_a_response_before_receipt_and_keeps_what_was_typed(client, login, db):
    tree = make_tree()
    account = make_account(tree["polsek_a"])
    _commander(login, tree["polda_a"])
    received = datetime.now(UTC) - timedelta(hours=3)

    page = client.post(
        f"/responses/accounts/{account.id}/mentions/new",
        data={
            "mention_key": "KUNCI-TETAP",
            "received_at": _local(received, 7),
            "category": "aduan",
            "first_response_at": _local(received - timedelta(hours=1), 7),
            "responded_by": "99999999",
        },
    )

    assert page.status_code == 200
    assert "NRP/NIP 99999999 tidak ditemukan." in page.text
    assert 'value="KUNCI-TETAP"' in page.text
    assert _db.session.scalar(select(func.count(Mention.id))) == 0


def test_mark_answered_and_resolve_from_the_account_page(client, login, db):
    tree = make_tree()
    account = make_account(tree["polsek_a"])
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    mention = make_mention(account, now - timedelta(hours=2), now=now)
    _commander(login, tree["polres_a"])
    url = f"/responses/mentions/{mention.id}"

    early = client.post(f"{url}/answer", data={"answered_at": _local(now - timedelta(hours=3), 7)})
    answered = client.post(
        f"{url}/answer", data={"answered_at": _local(now - timedelta(hours=1), 7)}
    )
    resolved = client.post(f"{url}/resolve", data={"resolved_at": _local(now, 7)})

    assert early.status_code == 422
    assert "tidak boleh sebelum waktu mention diterima." in early.text
    assert answered.status_code == resolved.status_code == 302
    _db.session.expire_all()
    assert (mention.status, mention.response_seconds) == ("selesai", 3600)
    assert "1 j 0 mnt" in client.get(f"/responses/accounts/{account.id}").text


def test_breach_list_oldest_first_with_exports(client, login, db):
    tree = make_tree()
    account = make_account(tree["polsek_a"], handle="polsek_lambat")
    now = datetime.now(UTC)
    make_mention(account, now - timedelta(hours=2), mention_key="BARU", now=now)
    make_mention(account, now - timedelta(hours=5), mention_key="LAMA", now=now)
    make_mention(account, now - timedelta(minutes=20), mention_key="MASIH-DALAM-TARGET", now=now)
    _commander(login, tree["polda_a"])

    page = client.get(f"/responses/units/{tree['polres_a'].code}/breaches")
    with client.get(f"/responses/units/{tree['polres_a'].code}/breaches.csv") as csv_file:
        lines = csv_file.get_data(as_text=True).lstrip("\ufeff").splitlines()
    with client.get(f"/responses/units/{tree['polres_a'].code}/breaches.xlsx") as xlsx_file:
        sheet = load_workbook(BytesIO(xlsx_file.data)).active

    assert page.text.index("LAMA") < page.text.index("BARU")
    assert "MASIH-DALAM-TARGET" not in page.text
    assert lines[0].split(",")[:3] == ["diterima", "terlambat_menit", "kategori"]
    assert [line.split(",")[-1] for line in lines[1:]] == ["LAMA", "BARU"]
    assert 239 <= int(lines[1].split(",")[1]) <= 240  # 5 hours less the 60-minute target
    assert [c.value for c in sheet[2]][-1] == "LAMA"


def test_the_admin_sets_targets_and_the_figures_follow(client, login, db):
    tree = make_tree()
    account = make_account(tree["polres_a"])
    now = datetime.now(UTC)
    make_mention(account, now - timedelta(days=1), minutes=45, now=now)
    program = make_program(starts_on=(now - timedelta(days=30)).date(),
                           ends_on=(now + timedelta(days=30)).date())  # fmt: skip
    login("admin")
    unit_url = f"/responses/units/{tree['polres_a'].code}?program={program.id}"
    before = client.get(unit_url).text

    saved = client.post(
        f"/responses/targets/{program.id}",
        data={"aduan": "30", "pertanyaan": "120", "informasi": "240", "isu_negatif": "60"},
    )

    assert 'id="fig-within">100%<' in before
    assert saved.status_code == 302
    assert (
        _db.session.scalar(select(ResponseTarget.minutes).where(ResponseTarget.category == "aduan"))
        == 30
    )
    assert 'id="fig-within">0%<' in client.get(unit_url).text


def test_a_large_mention_import_runs_as_a_job_with_progress(client, login, db, app):
    app.config["IMPORT_JOB_MIN_ROWS"] = 3
    tree = make_tree()
    make_account(tree["polsek_a"], handle="polsek_banyak")
    _commander(login, tree["polda_a"])
    stamp = (datetime.now(UTC) - timedelta(hours=4)).strftime("%Y-%m-%dT%H:%M+00:00")
    rows = "".join(f"instagram,polsek_banyak,J{n},{stamp},aduan\n" for n in range(4))

    preview = upload(client, "/responses/import", (",".join(HEADER[:5]) + "\n" + rows).encode())
    response = client.post("/responses/import/confirm", data={"token": token_of(preview.text)})

    job = _db.session.scalar(select(Job))
    assert response.location == f"/jobs/{job.id}"
    assert (job.kind, job.state, job.total, job.done) == ("import", "done", 4, 4)
    assert _db.session.scalar(select(func.count(Mention.id))) == 4


def test_the_unit_page_in_english(client, login, db):
    tree = make_tree()
    user = _commander(login, tree["polda_a"])
    user.locale = "en"
    _db.session.commit()
    client.post("/lang", data={"lang": "en"})

    page = client.get(f"/responses/units/{tree['polda_a'].code}")

    assert "Public response" in page.text and "Weekly trend" in page.text


def test_the_menu_entry_opens_the_viewers_command_keeping_only_known_arguments(client, login, db):
    tree = make_tree()
    _commander(login, tree["polres_b"])

    response = client.get("/responses/?code=x&endpoint=y&period=7")

    assert response.status_code == 302
    assert response.location == f"/responses/units/{tree['polres_b'].code}?period=7"


def test_the_audit_log_names_the_mention_actions(client, login, db):
    tree = make_tree()
    account = make_account(tree["polsek_a"])
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    mention = make_mention(account, now - timedelta(hours=2), now=now)
    login("admin")
    client.post(
        f"/responses/mentions/{mention.id}/answer",
        data={"answered_at": _local(now - timedelta(hours=1), 7)},
    )

    page = client.get("/audit/?entity=mention").text

    assert "Mention akun resmi" in page and "Ditandai dijawab" in page
