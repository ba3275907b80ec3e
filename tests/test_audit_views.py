"""The audit log page: admins only, filters, before → after, pagination, bad input."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import delete

from tests.factories import make_course, make_person, make_user
from tests.statements import assert_same_for_small_and_large, count_statements
from training.audit.models import AuditEntry
from training.audit.services import entry, record_many


@pytest.fixture
def log(db):
    """Three entries by two users about two people in two courses, on 3 and 5 November."""
    rina = make_user(roles=("trainer",), username="rina")
    joko = make_user(roles=("admin",), username="joko")
    ani = make_person(full_name="Ani Lestari", nrp="84000001")
    budi = make_person(full_name="Budi Santoso", nrp="84000002")
    first, second = make_course(title="Kapolda Bercentang Biru"), make_course(tier=2)
    db.session.execute(delete(AuditEntry))  # the builders' own entries (programme, courses)
    record_many(
        [
            entry(
                "attendance",
                "update",
                user=rina,
                entity_id=11,
                session_id=7,
                person_id=ani.id,
                course_id=first.id,
                before={"status": "alpa", "note": ""},
                after={"status": "hadir", "note": ""},
                now=datetime(2026, 11, 3, 2, 0, tzinfo=UTC),
            ),
            entry(
                "attendance",
                "update",
                user=joko,
                session_id=7,
                person_id=budi.id,
                course_id=first.id,
                before={"status": "hadir"},
                after={"status": "sakit"},
                reason="Surat dokter menyusul",
                now=datetime(2026, 11, 5, 2, 0, tzinfo=UTC),
            ),
            entry(
                "course_status",
                "create",
                person_id=ani.id,
                course_id=second.id,
                after={"status": "in_progress", "passed": None},
                now=datetime(2026, 11, 5, 3, 0, tzinfo=UTC),
            ),
        ]
    )
    db.session.commit()
    return {"first": first, "second": second}


def _rows(html: str) -> int:
    return max(0, html.count("<tr>") - 1)  # minus the header row (no table when empty)


def test_admin_sees_who_when_what_and_before_after(client, login, log):
    login("admin")

    html = client.get("/audit/").text

    assert _rows(html) == 4  # the three entries and the admin's own sign-in
    assert "dari 127.0.0.1" in html
    assert "rina" in html and "Ani Lestari" in html and "84000001" in html
    assert "Status: Alpa → Hadir" in html  # labels, not the stored codes
    assert "alpa" not in html and "in_progress" not in html
    assert "Catatan" not in html  # unchanged fields are not listed
    assert "Surat dokter menyusul" in html
    assert "Sistem" in html  # the recomputed status has no user
    assert "3 Nov 2026 09.00 WIB" in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("entity=course_status", 1),
        ("user=rina", 1),
        ("nrp=84000002", 1),
        ("session=7", 2),
        ("from=2026-11-04&to=2026-11-05", 2),
        ("to=2026-11-03", 1),
        ("from=2026-11-03&to=2026-11-03&entity=attendance", 1),
        ("user=tidak-ada", 0),
    ],
)
def test_filters_narrow_the_log(client, login, log, query, expected):
    login("admin")

    html = client.get(f"/audit/?{query}").text

    assert _rows(html) == expected


def test_course_filter(client, login, log):
    login("admin")

    html = client.get(f"/audit/?course={log['second'].id}").text

    assert _rows(html) == 1 and "Sedang berjalan" in html


def test_bad_filters_are_explained_not_a_500(client, login, log):
    login("admin")

    response = client.get("/audit/?session=abc&from=2026-02-30&entity=x&nrp=84000001")

    assert response.status_code == 200
    assert "ID sesi harus berupa angka." in response.text
    assert "Tanggal mulai tidak valid." in response.text
    assert "Jenis data tidak dikenal." in response.text
    assert 'value="abc"' in response.text  # what was typed stays
    assert _rows(response.text) == 2  # the valid filter still applies


def test_end_before_start_is_refused(client, login, log):
    login("admin")

    html = client.get("/audit/?from=2026-11-05&to=2026-11-01").text

    assert "Tanggal akhir tidak boleh sebelum tanggal mulai." in html


def test_only_admins_read_the_log(client, login, log):
    login("trainer")

    assert client.get("/audit/").status_code == 403


RANKS = ("AKP", "AKBP", "Bripda")
POSITIONS = ("operator_medsos", "kapolres")


def _audit_page(client, db, entries):
    # people of as many units, and of several ranks and positions
    people = [make_person(rank=RANKS[n % 3], position=POSITIONS[n % 2]) for n in range(entries)]
    record_many([entry("attendance", "create", person_id=p.id, user=None) for p in people])
    db.session.commit()
    with count_statements() as statements:
        html = client.get("/audit/?entity=attendance").text
    return html, statements


def test_page_cost_does_not_grow_with_the_number_of_entries(client, login, db, log):
    login("admin")

    html, small = _audit_page(client, db, 3)
    assert _rows(html) == 5
    html, large = _audit_page(client, db, 40)
    assert _rows(html) == 45

    assert_same_for_small_and_large(small, large, bound=10)


def test_entities_actions_fields_and_codes_are_shown_by_their_labels(client, login, db):
    record_many(
        [
            entry(
                "session", "cancel", before={"status": "scheduled"}, after={"status": "cancelled"}
            ),
            entry(
                "user",
                "update",
                before={"roles": ["trainer"], "is_active": True},
                after={"roles": ["admin", "commander"], "is_active": False},
            ),
            entry(
                "enrollment",
                "promote",
                before={"status": "waitlisted"},
                after={"status": "enrolled"},
            ),
            entry("user", "reset_password", after={"password": "changed"}),
        ]
    )
    db.session.commit()
    login("admin")

    html = client.get("/audit/").text

    assert "Sesi" in html and "Dibatalkan" in html and "Status: Terjadwal → Dibatalkan" in html
    assert "Peran: Pelatih → Admin, Komandan" in html and "Aktif: ya → tidak" in html
    assert "Naik dari daftar tunggu" in html and "Status: Daftar tunggu → Terdaftar" in html
    assert "Kata sandi: " in html and "→ diubah" in html
    for code in ("scheduled", "waitlisted", "reset_password", "promote", "trainer"):
        assert code not in html.replace("trainer.", "")


def test_labels_follow_the_interface_language(client, login, db):
    record_many(
        [entry("session", "cancel", before={"status": "scheduled"}, after={"status": "cancelled"})]
    )
    db.session.commit()
    login("admin", locale="en")
    client.post("/lang", data={"lang": "en"})

    html = client.get("/audit/").text

    assert "Status: Scheduled → Cancelled" in html
    assert "Session" in html


def test_the_entity_filter_offers_every_audited_entity(client, login):
    login("admin")

    html = client.get("/audit/?entity=session").text

    assert '<option value="session" selected>Sesi</option>' in html
    assert '<option value="enrollment"' in html and '<option value="account"' in html
