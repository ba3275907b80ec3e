"""Sign-in accounts provisioned during a people import: the preview's numbers, the web
checkbox, the CLI flag, the job, all-or-nothing, who may, and codes by real SMTP."""

import io
import re
from email import message_from_bytes, policy

import pytest
from sqlalchemy import func, select

from tests.factories import make_person, make_tree, make_user
from tests.import_steps import token_of
from tests.test_reminders_mail import mail_app, smtp_server  # noqa: F401  (fixtures)
from training.audit.models import AuditEntry
from training.auth.activation import activate
from training.auth.models import User
from training.auth.provisioning import PENDING_HASH
from training.auth.services import authenticate
from training.certificates.models import OutboxMessage
from training.certificates.outbox import send_outbox
from training.core.tabular import ImportFailed
from training.errors import RuleViolation
from training.extensions import db
from training.jobs.models import Job
from training.people import import_accounts
from training.people.importer import IMPORTER, read_people
from training.people.models import Person
from training.signin.imports import provision_imported

HEADER = "nrp,nama,pangkat,jabatan,kode_satuan,telepon,email\n"
NIP = "198503122010012001"
NEW_PASSWORD = "Sandi-Impor-2026!"


@pytest.fixture
def tree(db):
    tree = make_tree()
    # already there: one with an account, one whose NRP is somebody's username, one leaver
    holder = make_person(tree["polsek_a"], full_name="Sudah Punya", nrp="81000001")
    make_user(username="sudah.punya", person=holder)
    make_person(tree["polsek_b"], full_name="Nama Terpakai", nrp="81000002")
    make_user(username="81000002", roles=("trainer",), unit=tree["polres_b"])
    make_person(tree["polres_b"], full_name="Sudah Keluar", nrp="81000003", is_active=False)
    db.session.commit()
    return tree


def people_file(tree) -> bytes:
    rows = [
        f"81000001,Sudah Punya,AKP,operator_medsos,{tree['polsek_a'].code},,punya@polri.go.id",
        f"81000002,Nama Terpakai,AKP,operator_medsos,{tree['polsek_b'].code},,",
        f"81000003,Sudah Keluar,AKP,operator_medsos,{tree['polres_b'].code},,",
        f"87050123,Budi Santoso,AKBP,Kapolres,{tree['polres_a'].code},,budi@polri.go.id",
        f"{NIP},Siti Rahma,III/a,operator_medsos,{tree['polsek_a'].code},,",
        f"88010001,Andi Wijaya,Brigadir,wakapolsek,{tree['polsek_b'].code},,andi@polri.go.id",
        f"88010002,Nguyễn Thị Ánh,Bripda,lainnya,{tree['polres_b'].code},,",
    ]
    return (HEADER + "\n".join(rows) + "\n").encode()


def _account(nrp):
    return db.session.scalar(select(User).where(User.username == nrp))


def _count(model, *where):
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_preview_counts_the_accounts_and_those_without_email_and_writes_nothing(tree):
    preview = import_accounts.IMPORTER.preview(read_people("p.csv", people_file(tree)))
    db.session.rollback()

    assert (preview.accounts.new, preview.accounts.without_email) == (4, 2)
    assert (preview.counts.new, preview.counts.changed, preview.counts.unchanged) == (4, 1, 2)
    assert "4 akun masuk baru (2 tanpa email" in preview.counts.text()
    assert _count(Person) == 3 and _count(User) == 2


def test_import_creates_pending_accounts_by_nrp_with_roles_codes_mails_and_audit(tree):
    counts = import_accounts.IMPORTER.run("p.csv", people_file(tree))
    db.session.commit()

    assert counts.accounts == 4
    budi, siti, andi = _account("87050123"), _account(NIP), _account("88010001")
    assert budi.roles == {"commander", "participant"} and budi.unit == tree["polres_a"]
    assert andi.roles == {"commander", "participant"} and andi.unit == tree["polsek_b"]
    assert siti.roles == {"participant"} and siti.unit is None
    assert {budi.password_hash, siti.password_hash} == {PENDING_HASH}
    assert _account("81000001") is None and _account("81000003") is None  # left alone
    assert _account("81000002").roles == {"trainer"}  # a taken NRP is left alone
    assert "Nguy" in _account("88010002").person.full_name
    mails = db.session.scalars(select(OutboxMessage.recipient).order_by("recipient")).all()
    assert mails == ["andi@polri.go.id", "budi@polri.go.id"]
    batch = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "provision"))
    assert batch.after == {"source": "import", "created": 4}
    created = select(AuditEntry).where(AuditEntry.entity == "user", AuditEntry.action == "create")
    assert {row.person_id for row in db.session.scalars(created)} == {
        budi.person_id, siti.person_id, andi.person_id, _account("88010002").person_id
    }  # fmt: skip


def test_a_refused_file_writes_neither_people_nor_accounts(tree):
    bad = people_file(tree) + f"1234567,Tujuh,AKP,lainnya,{tree['polres_a'].code},,\n".encode()
    with pytest.raises(ImportFailed, match="Baris 9: NRP harus 8 angka"):
        import_accounts.IMPORTER.run("p.csv", bad)
    db.session.rollback()

    assert _count(Person) == 3 and _count(User) == 2


def test_accounts_failing_undo_the_people_too(tree, app, monkeypatch):
    def broken(*_args, **_kwargs):
        raise RuntimeError("disk full while queueing mail")

    monkeypatch.setattr("training.signin.imports.mail_codes", broken)
    path = app.instance_path + "/personel-gagal.csv"
    with open(path, "wb") as handle:
        handle.write(people_file(tree))
    result = app.test_cli_runner().invoke(args=["import-people", path, "--provision-accounts"])
    db.session.rollback()

    assert isinstance(result.exception, RuntimeError)
    assert _count(Person) == 3 and _count(User) == 2 and _count(OutboxMessage) == 0


def test_a_commander_provisions_only_inside_their_subtree_and_a_trainer_not_at_all(tree):
    IMPORTER.run("p.csv", people_file(tree))  # the people alone (the import is admin-only)
    ids = list(db.session.scalars(select(Person.id)))
    kapolres = make_user(roles=("commander",), username="kapolres.a", unit=tree["polres_a"])

    created, _mailed = provision_imported(ids, kapolres)

    assert created == 2  # Budi (Polres A) and Siti (its Polsek); not Polda B's people
    assert _account("88010001") is None and _account("88010002") is None
    trainer = make_user(roles=("trainer",), username="pelatih")
    with pytest.raises(RuleViolation, match="tidak berwenang"):
        provision_imported(ids, trainer)


def _web_upload(client, tree, **extra):
    data = {"file": (io.BytesIO(people_file(tree)), "p.csv"), **extra}
    return client.post("/people/import", data=data, content_type="multipart/form-data")


def test_web_import_with_the_checkbox_previews_and_provisions(client, login, tree):
    login("admin", username="admin.pusat")
    form = client.get("/people/import").text
    assert 'name="provision_accounts"' in form

    page = _web_upload(client, tree, provision_accounts="y").text
    numbers = re.sub(r"\s+", " ", page[page.index('id="import-accounts"') :][:600])
    assert "akan dibuat bersama impor ini: 4" in numbers and "tanpa email: 2" in numbers
    assert _count(User) == 3  # the admin; nothing written by the preview
    done = client.post(
        "/people/import/confirm",
        data={"token": token_of(page), "provision_accounts": "y"},
        follow_redirects=True,
    )

    assert "4 akun masuk baru (2 tanpa email" in done.text
    assert _count(User, User.password_hash == PENDING_HASH) == 4
    assert _count(OutboxMessage) == 2


def test_web_import_without_the_checkbox_creates_no_account(client, login, tree):
    login("admin", username="admin.pusat")
    page = _web_upload(client, tree).text
    assert 'id="import-accounts"' not in page

    # a confirmation claiming the option finds no such preview: nothing is written
    forged = client.post(
        "/people/import/confirm",
        data={"token": token_of(page), "provision_accounts": "y"},
        follow_redirects=True,
    )
    assert "tidak ditemukan" in forged.text and _count(Person) == 3
    client.post("/people/import/confirm", data={"token": token_of(page)})

    assert _count(Person) == 7 and _count(User) == 3


def test_a_large_import_with_accounts_runs_as_a_job(client, login, tree, app):
    app.config["IMPORT_JOB_MIN_ROWS"] = 3
    login("admin", username="admin.pusat")
    page = _web_upload(client, tree, provision_accounts="y").text
    response = client.post(
        "/people/import/confirm", data={"token": token_of(page), "provision_accounts": "y"}
    )

    job = db.session.scalar(select(Job))
    assert response.location == f"/jobs/{job.id}"
    assert (job.params["importer"], job.state) == ("people-accounts", "done")
    assert "4 akun masuk baru" in client.get(response.location).text
    assert _count(User, User.password_hash == PENDING_HASH) == 4


def test_cli_flag_provisions_and_the_code_arrives_by_smtp_and_activates(
    tree,
    mail_app,  # noqa: F811
    smtp_server,  # noqa: F811
):
    mail_app.config["PUBLIC_BASE_URL"] = "https://pelatihan.polri.go.id"
    path = mail_app.instance_path + "/personel.csv"
    with open(path, "wb") as handle:
        handle.write(people_file(tree))

    result = mail_app.test_cli_runner().invoke(args=["import-people", path, "--provision-accounts"])
    assert result.exit_code == 0, result.output
    assert "4 akun masuk baru (2 tanpa email" in result.output
    assert send_outbox() == (2, 0)
    mails = {
        m["To"]: m.get_content()
        for m in (message_from_bytes(r[2], policy=policy.default) for r in smtp_server.received)
    }
    body = mails["budi@polri.go.id"]
    code = re.search(r"Kode aktivasi: ([A-Z2-7-]+)", body).group(1)
    assert "https://pelatihan.polri.go.id/aktivasi" in body and "87050123" in body

    activate("87050123", code, NEW_PASSWORD)
    db.session.commit()
    assert authenticate("87050123", NEW_PASSWORD).person.full_name == "Budi Santoso"
    assert mail_app.test_cli_runner().invoke(args=["import-people", path]).exit_code == 0


def test_the_import_page_offers_no_checkbox_to_whom_may_not_provision(client, login, tree):
    login("admin", username="admin.pusat")
    assert client.get("/people/import").status_code == 200
    client.post("/logout")
    login("commander", username="kapolres.a", unit=tree["polres_a"])
    assert client.get("/people/import").status_code == 403  # the import is admin-only
