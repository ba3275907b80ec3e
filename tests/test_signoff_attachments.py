"""Report evidence: type by magic bytes, size, count, empty files, names, editable states."""

import hashlib
import io

import pytest
from sqlalchemy import select, update

from tests.factories import PASSWORD
from tests.signoff_factories import EXE, JPEG, PDF, PNG, make_chain, make_report
from training.audit.models import AuditEntry
from training.errors import RuleViolation
from training.signoff import attachments, workflow
from training.signoff.models import ReadinessReport, ReportAttachment, ReportState


@pytest.fixture
def chain(db):
    return make_chain()


@pytest.fixture
def report(chain):
    return make_report(chain, attachment=False)


def _add(chain, report, name, data):
    return attachments.add_attachment(report, chain["kapolres_a"], name, data)


# --- service ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "content_type", "stored"),
    [
        ("laporan.pdf", PDF, "application/pdf", "laporan.pdf"),
        ("foto.png", PNG, "image/png", "foto.png"),
        ("foto.jpeg", JPEG, "image/jpeg", "foto.jpeg"),
        ("FOTO.JPG", JPEG, "image/jpeg", "FOTO.jpg"),
    ],
)
def test_pdf_png_and_jpeg_are_accepted_and_stored_with_their_digest(
    chain, report, name, data, content_type, stored
):
    attachment = _add(chain, report, name, data)

    assert attachment.content_type == content_type
    assert attachment.filename == stored
    assert attachment.size == len(data)
    assert attachment.sha256 == hashlib.sha256(data).hexdigest()
    assert attachment.uploaded_by_id == chain["kapolres_a"].id
    assert report.attachments == [attachment]


def test_a_png_renamed_pdf_is_stored_as_the_png_it_is(chain, report):
    attachment = _add(chain, report, "bukti.pdf", PNG)

    assert attachment.content_type == "image/png"
    assert attachment.filename == "bukti.png"
    assert attachments.renamed("bukti.pdf", attachment)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("bukti.pdf", EXE),  # a program renamed .pdf
        ("bukti.pdf", b"Ini bukan PDF, hanya teks biasa."),
        ("gambar.png", b"GIF89a\x01\x00\x01\x00"),
        ("bukti.pdf", b" %PDF-1.4 (diawali spasi)"),
    ],
)
def test_content_that_is_not_pdf_png_or_jpeg_is_refused_whatever_its_name(
    chain, report, name, data
):
    with pytest.raises(RuleViolation, match="bukan PDF, PNG atau JPEG"):
        _add(chain, report, name, data)
    assert report.attachments == []


def test_an_empty_file_is_refused(chain, report):
    with pytest.raises(RuleViolation, match="Berkas kosong.pdf kosong"):
        _add(chain, report, "kosong.pdf", b"")


def test_size_limit_comes_from_the_config(app, chain, report):
    app.config["REPORT_ATTACHMENT_MAX_BYTES"] = 1000
    exactly = PDF + b"0" * (1000 - len(PDF))

    _add(chain, report, "pas.pdf", exactly)
    with pytest.raises(RuleViolation, match="terlalu besar; paling besar 1 KB per berkas"):
        _add(chain, report, "besar.pdf", exactly + b"1")

    assert [a.filename for a in report.attachments] == ["pas.pdf"]


def test_default_size_limit_is_five_megabytes(app, chain, report):
    assert "REPORT_ATTACHMENT_MAX_BYTES" not in app.config or (
        app.config["REPORT_ATTACHMENT_MAX_BYTES"] == 5 * 1024 * 1024
    )
    assert attachments.max_bytes() == 5 * 1024 * 1024
    with pytest.raises(RuleViolation, match="paling besar 5 MB"):
        _add(chain, report, "besar.pdf", PDF + b"0" * (5 * 1024 * 1024))


def test_at_most_five_files_per_report(chain, report):
    for n in range(5):
        _add(chain, report, f"bukti{n}.pdf", PDF + str(n).encode())

    with pytest.raises(RuleViolation, match="Paling banyak 5 lampiran per laporan"):
        _add(chain, report, "keenam.pdf", PDF + b"6")
    assert len(report.attachments) == 5


def test_the_same_file_twice_is_refused(chain, report):
    _add(chain, report, "a.pdf", PDF)

    with pytest.raises(RuleViolation, match="sudah dilampirkan"):
        _add(chain, report, "salinan.pdf", PDF)


@pytest.mark.parametrize(
    ("name", "stored"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("C:\\Users\\Kapolres\\Laporan Akhir (final).pdf", "Laporan_Akhir_final.pdf"),
        ("/var/www/../bukti.PDF", "bukti.pdf"),
        ("東京.pdf", "lampiran.pdf"),
        ("", "lampiran.pdf"),
        ("..pdf", "lampiran.pdf"),
        ("bukti", "bukti.pdf"),
        ("a" * 300 + ".pdf", "a" * 196 + ".pdf"),
    ],
)
def test_filenames_lose_path_parts_and_keep_an_extension(chain, report, name, stored):
    assert _add(chain, report, name, PDF).filename == stored


@pytest.mark.parametrize(
    "state", [ReportState.SUBMITTED, ReportState.POLDA_VERIFIED, ReportState.VERIFIED]
)
def test_attachments_change_only_while_draft_or_returned(chain, state):
    report = make_report(chain, state=state)

    with pytest.raises(RuleViolation, match="tidak dapat diubah"):
        _add(chain, report, "baru.png", PNG)
    with pytest.raises(RuleViolation, match="tidak dapat diubah"):
        attachments.delete_attachment(report, report.attachments[0], chain["kapolres_a"])
    assert len(report.attachments) == 1


def test_a_returned_report_takes_new_evidence(chain):
    report = make_report(chain, state=ReportState.RETURNED)

    _add(chain, report, "tambahan.png", PNG)

    assert [a.filename for a in report.attachments] == ["bukti.pdf", "tambahan.png"]


@pytest.mark.parametrize("who", ["kapolda_a", "hq", "kapolres_b"])
def test_only_the_polres_attaches_evidence(chain, report, who):
    with pytest.raises(workflow.WrongActor):
        attachments.add_attachment(report, chain[who], "a.pdf", PDF)


def test_delete_attachment_while_editable_is_audited(chain, report, db):
    attachment = _add(chain, report, "hapus.pdf", PDF)

    attachments.delete_attachment(report, attachment, chain["kapolres_a"])

    assert report.attachments == []
    assert db.session.scalars(select(ReportAttachment)).all() == []
    entries = db.session.scalars(
        select(AuditEntry).where(AuditEntry.entity_id == report.id).order_by(AuditEntry.id)
    ).all()
    assert [e.action for e in entries][-2:] == ["attach", "detach"]
    assert entries[-1].before["filename"] == "hapus.pdf"
    assert entries[-1].before["sha256"] == hashlib.sha256(PDF).hexdigest()


def test_format_size_reads_like_a_file_manager():
    assert attachments.format_size(5 * 1024 * 1024) == "5 MB"
    assert attachments.format_size(int(2.5 * 1024 * 1024)) == "2,5 MB"
    assert attachments.format_size(1000) == "1 KB"
    assert attachments.format_size(120 * 1024) == "120 KB"


# --- through the pages -------------------------------------------------------------------


def _login(client, user):
    client.post("/login", data={"username": user.username, "password": PASSWORD})


def _upload(client, report, name, data):
    return client.post(
        f"/readiness/reports/{report.id}/attachments",
        data={"file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
        follow_redirects=True,
    )


def test_upload_page_refuses_an_exe_renamed_pdf_with_a_message(client, chain, report, db):
    db.session.commit()
    _login(client, chain["kapolres_a"])

    response = _upload(client, report, "bukti.pdf", EXE)

    assert response.status_code == 200
    assert "Berkas bukti.pdf bukan PDF, PNG atau JPEG" in response.text
    assert db.session.scalars(select(ReportAttachment)).all() == []


def test_upload_page_stores_a_png_renamed_pdf_and_says_so(client, chain, report, db):
    db.session.commit()
    _login(client, chain["kapolres_a"])

    response = _upload(client, report, "foto.pdf", PNG)

    assert "Lampiran foto.png ditambahkan." in response.text
    assert "Isi berkas foto.pdf ternyata PNG; nama berkas disesuaikan." in response.text
    assert db.session.scalar(select(ReportAttachment.content_type)) == "image/png"


def test_upload_page_refuses_a_too_large_file_with_its_own_message(client, chain, report, db):
    db.session.commit()
    _login(client, chain["kapolres_a"])
    big = PDF + b"0" * (6 * 1024 * 1024)  # above the 5 MB request limit of other pages

    response = _upload(client, report, "besar.pdf", big)

    assert response.status_code == 200
    assert "Berkas besar.pdf terlalu besar; paling besar 5 MB per berkas." in response.text


def test_upload_page_without_a_file_asks_for_one(client, chain, report, db):
    db.session.commit()
    _login(client, chain["kapolres_a"])

    response = client.post(f"/readiness/reports/{report.id}/attachments", data={})

    assert response.status_code == 200
    assert "Pilih berkas yang akan dilampirkan." in response.text


def test_download_sends_the_stored_type_as_an_attachment(client, chain, report, db):
    attachment = _add(chain, report, "foto.pdf", PNG)
    db.session.commit()
    _login(client, chain["kapolda_a"])

    url = f"/readiness/reports/{report.id}/attachments/{attachment.id}"
    with client.get(url) as response:
        assert response.status_code == 200
        assert response.data == PNG
        assert response.mimetype == "image/png"
        assert response.headers["Content-Disposition"] == "attachment; filename=foto.png"
        assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_delete_page_removes_an_attachment_of_a_draft(client, chain, report, db):
    attachment = _add(chain, report, "hapus.pdf", PDF)
    db.session.commit()
    _login(client, chain["kapolres_a"])

    response = client.post(
        f"/readiness/reports/{report.id}/attachments/{attachment.id}/delete",
        follow_redirects=True,
    )

    assert "Lampiran hapus.pdf dihapus." in response.text
    assert db.session.scalars(select(ReportAttachment)).all() == []


def _submitted_behind_the_session(db, report):
    """Another request submitted the report; this session still believes it is a draft."""
    db.session.execute(
        update(ReadinessReport)
        .where(ReadinessReport.id == report.id)
        .values(state=ReportState.SUBMITTED)
        .execution_options(synchronize_session=False)
    )


def test_evidence_racing_with_a_submission_is_refused_not_slipped_in(chain, db):
    report = make_report(chain)
    _submitted_behind_the_session(db, report)
    assert report.state == ReportState.DRAFT

    with pytest.raises(workflow.StaleReport, match="Menunggu verifikasi Polda"):
        _add(chain, report, "terlambat.png", PNG)
    assert [a.filename for a in report.attachments] == ["bukti.pdf"]


def test_a_note_racing_with_a_submission_is_refused(chain, db):
    report = make_report(chain)
    _submitted_behind_the_session(db, report)

    with pytest.raises(workflow.StaleReport):
        workflow.save_note(report, chain["kapolres_a"], "Diubah setelah dikirim")
    db.session.expire_all()
    assert report.note == "Semua Polsek sudah dilatih."


def test_deleting_evidence_racing_with_a_submission_is_refused(chain, db):
    report = make_report(chain)
    attachment = report.attachments[0]
    _submitted_behind_the_session(db, report)

    with pytest.raises(workflow.StaleReport):
        attachments.delete_attachment(report, attachment, chain["kapolres_a"])
    db.session.expire_all()
    assert len(report.attachments) == 1
