"""Sign-off pages: list and filters, writing, the chain through the forms, stale forms, 403/404."""

import io

import pytest
from sqlalchemy import select

from tests.factories import PASSWORD
from tests.signoff_factories import PDF, make_chain, make_cycle, make_report
from tests.statements import count_statements
from training.signoff.labels import unmet_label
from training.signoff.models import ReadinessReport, ReportState

BASE = "/readiness/reports"


@pytest.fixture
def chain(db):
    return make_chain()


@pytest.fixture
def as_user(app, db):
    """A logged-in test client for one of the chain's users."""

    def _as(user):
        db.session.commit()
        client = app.test_client()
        response = client.post("/login", data={"username": user.username, "password": PASSWORD})
        assert response.status_code == 302
        return client

    return _as


def _report(db):
    return db.session.scalar(select(ReadinessReport))


# --- the whole chain through the pages -----------------------------------------------------


def test_chain_through_the_pages_from_writing_to_final(chain, as_user, db):
    cycle, unit = chain["cycle"], chain["polres_a"]
    kapolres = as_user(chain["kapolres_a"])
    write_url = f"{BASE}/write?unit={unit.code}&cycle={cycle.id}"
    assert "Catatan laporan" in kapolres.get(write_url).text

    saved = kapolres.post(write_url, data={"note": "Semua kapolsek sudah dilatih.", "version": 0})
    report = _report(db)
    assert saved.location.endswith(f"{BASE}/{report.id}")
    kapolres.post(
        f"{BASE}/{report.id}/attachments",
        data={"file": (io.BytesIO(PDF), "bukti.pdf")},
        content_type="multipart/form-data",
    )
    sent = kapolres.post(f"{BASE}/{report.id}/submit", data={"version": 0}, follow_redirects=True)
    assert "Laporan dikirim ke Polda untuk diverifikasi." in sent.text

    kapolda = as_user(chain["kapolda_a"])
    waiting = kapolda.get(f"{BASE}/?mine=1").text
    assert unit.name in waiting[waiting.index("Terakhir berubah") :]
    verified = kapolda.post(
        f"{BASE}/{report.id}/verify",
        data={"version": 1, "verify_note": "Bukti lengkap."},
        follow_redirects=True,
    )
    assert "Laporan diverifikasi dan diteruskan ke Mabes." in verified.text
    assert "Tidak ada laporan yang menunggu tindakan Anda." in kapolda.get(f"{BASE}/?mine=1").text

    hq = as_user(chain["hq"])
    assert unit.name in hq.get(f"{BASE}/?mine=1").text
    final = hq.post(f"{BASE}/{report.id}/verify", data={"version": 2}, follow_redirects=True)

    assert "Laporan diverifikasi Mabes dan kini final." in final.text
    assert _report(db).state == ReportState.VERIFIED
    timeline = final.text[final.text.index('id="timeline"') :]
    for words in ("Dikirim oleh Polres", "Diverifikasi Polda", "Diverifikasi Mabes"):
        assert words in timeline
    assert "Bukti lengkap." in timeline and "kapolda_a" in timeline
    assert "Kirim laporan" not in final.text and "Kembalikan ke Polres" not in final.text


def test_return_without_reason_keeps_the_form_and_the_state(chain, as_user, db):
    report = make_report(chain, state=ReportState.SUBMITTED)
    kapolda = as_user(chain["kapolda_a"])

    response = kapolda.post(f"{BASE}/{report.id}/return", data={"version": 1, "reason": " "})

    assert response.status_code == 200
    assert "Tuliskan alasan pengembalian." in response.text
    db.session.expire_all()
    assert _report(db).state == ReportState.SUBMITTED


def test_returned_report_shows_the_reason_and_can_be_resubmitted(chain, as_user, db):
    report = make_report(chain, state=ReportState.SUBMITTED)
    kapolda = as_user(chain["kapolda_a"])
    kapolda.post(f"{BASE}/{report.id}/return", data={"version": 1, "reason": "Tanpa daftar hadir."})
    kapolres = as_user(chain["kapolres_a"])

    page = kapolres.get(f"{BASE}/write?unit={chain['polres_a'].code}&cycle={chain['cycle'].id}")
    assert "Tanpa daftar hadir." in page.text
    kapolres.post(
        f"{BASE}/write?unit={chain['polres_a'].code}&cycle={chain['cycle'].id}",
        data={"note": "Daftar hadir dilampirkan.", "version": 2},
    )
    kapolres.post(f"{BASE}/{report.id}/submit", data={"version": 2})

    db.session.expire_all()
    report = _report(db)
    assert report.state == ReportState.SUBMITTED
    assert report.note == "Daftar hadir dilampirkan."
    assert [s.action for s in report.steps] == ["submit", "return", "submit"]


def test_submit_without_evidence_explains_what_is_missing(chain, as_user, db):
    report = make_report(chain, attachment=False)
    kapolres = as_user(chain["kapolres_a"])

    response = kapolres.post(
        f"{BASE}/{report.id}/submit", data={"version": 0}, follow_redirects=True
    )

    assert "Lampirkan paling sedikit satu bukti" in response.text
    assert _report(db).state == ReportState.DRAFT


# --- stale forms and wrong actors ----------------------------------------------------------


def test_a_stale_verify_form_gets_a_message_not_an_error(chain, as_user, db):
    report = make_report(chain, state=ReportState.SUBMITTED)
    kapolda = as_user(chain["kapolda_a"])
    page = kapolda.get(f"{BASE}/{report.id}")
    assert 'name="version" type="hidden" value="1"' in page.text
    admin = as_user(chain["admin"])
    admin.post(f"{BASE}/{report.id}/verify", data={"version": 1})

    response = kapolda.post(f"{BASE}/{report.id}/verify", data={"version": 1})

    assert response.status_code == 302
    shown = kapolda.get(response.location).text
    assert "Laporan ini sudah berubah sejak halaman dibuka" in shown
    assert "Menunggu verifikasi Mabes" in shown
    db.session.expire_all()
    assert [s.action for s in _report(db).steps] == ["submit", "verify_polda"]


def test_a_stale_note_form_keeps_the_typed_text(chain, as_user, db):
    report = make_report(chain)
    kapolres = as_user(chain["kapolres_a"])
    url = f"{BASE}/write?unit={chain['polres_a'].code}&cycle={chain['cycle'].id}"
    as_user(chain["admin"]).post(f"{BASE}/{report.id}/submit", data={"version": 0})

    response = kapolres.post(url, data={"note": "Teks yang baru diketik", "version": 0})

    assert response.status_code == 200
    assert "Laporan ini sudah berubah sejak halaman dibuka" in response.text
    assert "Teks yang baru diketik" in response.text


@pytest.mark.parametrize(
    ("state", "who", "action"),
    [
        (ReportState.DRAFT, "kapolda_a", "submit"),
        (ReportState.DRAFT, "hq", "submit"),
        (ReportState.SUBMITTED, "kapolres_a", "verify"),
        (ReportState.SUBMITTED, "hq", "verify"),
        (ReportState.POLDA_VERIFIED, "kapolda_a", "verify"),
        (ReportState.POLDA_VERIFIED, "kapolda_a", "return"),
        (ReportState.SUBMITTED, "trainer", "verify"),
    ],
)
def test_a_wrong_actor_inside_the_scope_gets_403(chain, as_user, db, state, who, action):
    report = make_report(chain, state=state)
    version = len(report.steps)
    client = as_user(chain[who])

    response = client.post(
        f"{BASE}/{report.id}/{action}", data={"version": version, "reason": "alasan"}
    )

    assert response.status_code == 403
    db.session.expire_all()
    assert _report(db).state == state


@pytest.mark.parametrize("who", ["kapolres_b", "kapolda_b", "kapolsek_a"])
def test_commanders_outside_the_polres_get_404_everywhere(chain, as_user, who):
    report = make_report(chain, state=ReportState.SUBMITTED)
    attachment = report.attachments[0]
    client = as_user(chain[who])

    assert client.get(f"{BASE}/{report.id}").status_code == 404
    assert client.get(f"{BASE}/{report.id}/attachments/{attachment.id}").status_code == 404
    assert client.post(f"{BASE}/{report.id}/verify", data={"version": 1}).status_code == 404
    write = f"{BASE}/write?unit={chain['polres_a'].code}&cycle={chain['cycle'].id}"
    assert client.get(write).status_code == 404


def test_verifying_a_final_report_again_says_it_is_final(chain, as_user):
    report = make_report(chain, state=ReportState.VERIFIED)
    admin = as_user(chain["admin"])

    response = admin.post(f"{BASE}/{report.id}/verify", data={"version": 3}, follow_redirects=True)

    assert "Laporan sudah diverifikasi Mabes dan bersifat final." in response.text


# --- write page --------------------------------------------------------------------------


def test_write_page_refuses_other_levels_unknown_cycles_and_other_actors(chain, as_user):
    admin = as_user(chain["admin"])
    cycle = chain["cycle"].id

    assert admin.get(f"{BASE}/write?unit={chain['polda_a'].code}&cycle={cycle}").status_code == 404
    assert admin.get(f"{BASE}/write?unit={chain['polres_a'].code}&cycle=999").status_code == 404
    assert admin.get(f"{BASE}/write?unit=NOPE&cycle={cycle}").status_code == 404
    kapolda = as_user(chain["kapolda_a"])
    assert (
        kapolda.get(f"{BASE}/write?unit={chain['polres_a'].code}&cycle={cycle}").status_code == 403
    )


def test_write_page_of_a_submitted_report_leads_to_its_detail(chain, as_user):
    report = make_report(chain, state=ReportState.SUBMITTED)
    kapolres = as_user(chain["kapolres_a"])

    response = kapolres.get(f"{BASE}/write?unit={chain['polres_a'].code}&cycle={chain['cycle'].id}")

    assert response.status_code == 302
    assert response.location.endswith(f"{BASE}/{report.id}")


def test_write_page_refuses_an_overlong_note_and_keeps_it(chain, as_user, db):
    kapolres = as_user(chain["kapolres_a"])
    url = f"{BASE}/write?unit={chain['polres_a'].code}&cycle={chain['cycle'].id}"

    response = kapolres.post(url, data={"note": "x" * 5001, "version": 0})

    assert response.status_code == 200
    assert "Isian paling banyak 5000 karakter." in response.text
    assert _report(db) is None


# --- list ---------------------------------------------------------------------------------


def test_polres_commander_sees_the_cycles_to_report_on(chain, as_user):
    make_report(chain)
    second = make_cycle(chain["cycle"].program, number=2)
    kapolres = as_user(chain["kapolres_a"])

    page = kapolres.get(f"{BASE}/").text

    assert "Siklus 2" in page and "Tulis laporan" in page
    assert f"cycle={second.id}" in page
    assert "Draf" in page


def test_list_is_filtered_by_scope_cycle_and_state(chain, as_user):
    make_report(chain, state=ReportState.SUBMITTED)
    make_report(chain, "polres_b", state=ReportState.VERIFIED)
    other = make_cycle(chain["cycle"].program, number=2)
    kapolda_b = as_user(chain["kapolda_b"])
    admin = as_user(chain["admin"])
    a, b = chain["polres_a"].name, chain["polres_b"].name

    only_b = kapolda_b.get(f"{BASE}/").text
    assert b in only_b and a not in only_b
    submitted = admin.get(f"{BASE}/?state=submitted").text
    assert a in submitted and b not in submitted
    assert a not in admin.get(f"{BASE}/?cycle={other.id}").text
    assert a in admin.get(f"{BASE}/?state=nonsense").text


def test_list_sends_the_same_number_of_statements_for_3_or_12_reports(chain, as_user, db):
    from tests.factories import make_unit

    admin = as_user(chain["admin"])

    def count():
        with count_statements() as statements:
            assert admin.get(f"{BASE}/").status_code == 200
        return len(statements)

    for _ in range(3):
        make_report({**chain, "x": make_unit(chain["polda_a"])}, "x")
    db.session.commit()
    few = count()
    for _ in range(9):
        make_report({**chain, "x": make_unit(chain["polda_b"])}, "x", state=ReportState.SUBMITTED)
    db.session.commit()

    assert count() == few


def test_participants_cannot_open_the_reports(chain, as_user):
    report = make_report(chain)
    client = as_user(chain["participant"])

    assert client.get(f"{BASE}/").status_code == 403
    assert client.get(f"{BASE}/{report.id}").status_code == 403


def test_detail_shows_the_frozen_figures_once_submitted(chain, as_user):
    report = make_report(chain, state=ReportState.SUBMITTED)
    trainer = as_user(chain["trainer"])

    page = trainer.get(f"{BASE}/{report.id}").text

    assert "Personel sasaran" in page
    assert "pratinjau" not in page
    assert chain["polsek_a"].name in page


def test_kapolda_sees_every_polres_of_the_polda_and_who_has_sent(chain, as_user):
    from tests.factories import make_unit

    make_report(chain, state=ReportState.SUBMITTED)
    silent = make_unit(chain["polda_a"], name="Polres Belum Lapor")
    kapolda = as_user(chain["kapolda_a"])

    page = kapolda.get(f"{BASE}/").text

    assert "1 dari 2 Polres sudah mengirim laporan." in page
    row = page[page.index("Polres Belum Lapor") :]
    assert "Belum ditulis" in row[:400]
    assert silent.code in row[:400]
    assert chain["polres_b"].name not in page


def test_dates_are_written_the_indonesian_way(chain, as_user):
    report = make_report(chain, state=ReportState.SUBMITTED)
    admin = as_user(chain["admin"])

    page = admin.get(f"{BASE}/{report.id}").text

    assert "1 Nov 2026 – 10 Des 2026" in page
    assert "data per 20 Nov 2026" in page


def test_a_draft_shows_a_preview_of_the_figures_to_be_frozen(chain, as_user):
    report = make_report(chain)
    kapolres = as_user(chain["kapolres_a"])

    page = kapolres.get(f"{BASE}/{report.id}").text

    assert "pratinjau, dibekukan saat laporan dikirim" in page
    assert "Kirim laporan" in page and "Unggah lampiran" in page
    # nothing measured yet (every figure "–"): each unmet criterion says there is no data
    unmet = page[page.index('<ul class="small text-body-secondary">') :].split("</ul>")[0]
    assert unmet.count("<li>Belum ada data: belum ada ") == 4


def test_an_unmet_criterion_with_a_figure_names_the_threshold(app):
    figures = {"targets": 12, "accounts": 3, "average_level": 2.5, "attendance_pct": 0.0}

    assert [unmet_label(c, figures) for c in ("certified", "level", "attendance")] == [
        "Personel bersertifikat di bawah ambang",
        "Rata-rata kompetensi di bawah ambang",
        "Kehadiran di bawah ambang",  # 0 % attended is a figure, not missing data
    ]
    assert unmet_label("accounts", {**figures, "accounts": 0}).startswith("Belum ada data")
    assert unmet_label("level", {**figures, "average_level": None}).startswith("Belum ada data")


def test_admin_can_open_the_report_of_any_polres_from_the_list(chain, as_user):
    admin = as_user(chain["admin"])

    page = admin.get(f"{BASE}/").text

    assert "Tulis laporan atas nama Polres" in page
    assert f'action="{BASE}/write"' in page
