"""Every change is audited: each POST route that changes rows writes an audit entry.

The routes come from the access matrix (its POST cases) plus the POST forms the matrix
only opens with GET (creating and editing users, units, people, programmes, courses,
sessions, imports...), with data that succeeds. Each case runs on a fresh matrix world,
signed in as the first actor for whom the matrix expects success; the test snapshots
every table (but the logs and derived caches below) before and after the POST and fails
when rows changed and no audit entry was written.
"""

import io
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from tests.access_rules.common import ACTORS
from tests.factories import PASSWORD, make_session
from tests.import_steps import token_of
from tests.test_access_matrix import MATRIX, build_matrix_world
from training.audit.models import AuditEntry
from training.auth.models import User
from training.extensions import db as _db
from training.people.models import Person
from training.sessions.models import TrainingSession

#: Logs and caches derived from audited rows: their changes are not changes of record.
NOT_RECORDS = {
    "audit_entry",  # the audit log itself
    "outbox_message",  # mail queue
    "social_account_change",  # the accounts' own history (a log)
    "absence_warning",  # derived from attendance marks (audited)
    "readiness_snapshot",  # derived from the roll-up
}
#: Sign-in bookkeeping (the sign-in itself is audited as a "login" entry).
BOOKKEEPING = {("user", "last_login_at"), ("user", "failed_logins"), ("api_token", "last_used_at")}

#: Routes whose change is nothing auditable, with the reason.
ALLOWED = {
    "core.set_language",  # the interface language of the browser session
    "auth.profile_language",  # the user's own interface language preference
    "auth.logout",  # ends the browser session, changes no record
    "reminders.queue",  # fills the mail outbox only
    "reminders.send",  # sends the mail outbox only
    "notifications.read_all",  # the user's own reading of their notifications
    "notifications.open_",  # the same, for one notification
    "notifications.preferences",  # the user's own choice of channels (like the language)
    # an anonymous survey answer: an entry (who, when) would tell who gave which answers;
    # the receipt (person, session, no time) is the only trace of who answered
    "feedback.answer",
}

#: POST forms the access matrix opens only with GET: (endpoint, actor, url, data).
EXTRA_POSTS = [
    ("auth.login", "anon", "/login", {"username": "{admin_name}", "password": PASSWORD}),
    (
        "auth.password",
        "admin",
        "/password",
        {"current": PASSWORD, "new": "Sandi-Baru-2026!", "confirm": "Sandi-Baru-2026!"},
    ),
    (
        "auth.user_new",
        "admin",
        "/admin/users/new",
        {"username": "baru.audit", "roles": "trainer", "password": "Sandi-Baru-2026!"},
    ),
    (
        "auth.user_edit",
        "admin",
        "/admin/users/{user}/edit",
        {"roles": "commander", "unit_code": "{unit}", "is_active": "y", "locale": "en"},
    ),
    (
        "units.new",
        "admin",
        "/units/new",
        {
            "code": "Z0001",
            "name": "Polsek Audit",
            "level": "polsek",
            "parent_code": "{unit}",
            "timezone": "Asia/Jakarta",
        },
    ),
    (
        "units.edit",
        "admin",
        "/units/{unit}/edit",
        {"code": "{unit}", "name": "Polres Diubah", "timezone": "Asia/Makassar"},
    ),
    (
        "units.import_confirm",
        "admin",
        "/units/import/confirm",
        {
            "file": (
                "code,name,level,parent_code,timezone\n"
                "Z0002,Polsek Impor,polsek,{unit},Asia/Jakarta\n",
                "satuan.csv",
            )
        },
    ),
    (
        "people.new",
        "admin",
        "/people/new",
        {
            "full_name": "Orang Baru",
            "nrp": "82000001",
            "rank": "AKP",
            "position": "operator_medsos",
            "unit_code": "{unit}",
        },
    ),
    (
        "people.edit",
        "admin",
        "/people/{person}/edit",
        {
            "full_name": "Target Diubah",
            "nrp": "81000001",
            "rank": "AKP",
            "position": "operator_medsos",
            "unit_code": "{unit}",
        },
    ),
    (
        "people.import_confirm",
        "admin",
        "/people/import/confirm",
        {
            "file": (
                "nrp,nama,pangkat,jabatan,kode_satuan\n"
                "82000002,Andi Impor,Brigadir,Operator media sosial,{unit}\n",
                "personel.csv",
            )
        },
    ),
    (
        "programs.edit",
        "admin",
        "/programs/{program}/edit",
        {
            "title": "Program Diubah",
            "starts_on": "2026-11-01",
            "ends_on": "2026-12-10",
            "refresher_months": "6",
            "cascade_threshold": "70",
            "is_active": "y",
        },
    ),
    (
        "programs.course_new",
        "admin",
        "/programs/{program}/courses/new",
        {
            "tier": "4",
            "title": "Tingkat Audit",
            "target_positions": "operator_medsos",
            "target_levels": "polsek",
            "min_attendance_pct": "80",
            "pass_min_average": "3",
            "late_grace_minutes": "15",
            "validity_months": "12",
        },
    ),
    (
        "programs.course_edit",
        "admin",
        "/programs/courses/{course}/edit",
        {
            "tier": "2",
            "title": "Tingkat Diubah",
            "target_positions": "operator_medsos",
            "target_levels": "polres",
            "min_attendance_pct": "75",
            "pass_min_average": "3",
            "late_grace_minutes": "15",
            "validity_months": "12",
        },
    ),
    (
        "sessions.new",
        "admin",
        "/sessions/new",
        {
            "course": "{ses_course}",
            "title": "Sesi Audit",
            "day": "2031-05-06",
            "start_time": "09:00",
            "end_time": "11:00",
            "venue_code": "{unit}",
            "audience_code": "{unit}",
            "capacity": "30",
            "freq": "none",
            "interval": "1",
            "ends": "count",
        },
    ),
    (
        "sessions.edit",
        "admin",
        "/sessions/{ses_session}/edit",
        {
            "course": "{ses_course}",
            "title": "Sesi Diubah",
            "day": "2031-05-07",
            "start_time": "10:00",
            "end_time": "12:00",
            "venue_code": "{unit}",
            "audience_code": "{unit}",
            "capacity": "25",
            "freq": "none",
            "interval": "1",
            "ends": "count",
            "scope": "this",
        },
    ),
    (
        "sessions.duplicate",
        "admin",
        "/sessions/{plain_session}/duplicate",
        {"what": "session", "day": "2031-06-03"},
    ),
    (
        "sessions.cancel",
        "admin",
        "/sessions/{ses_session}/cancel",
        {"scope": "this", "reason": "Ruangan dipakai", "confirm": "y"},
    ),
    (
        "enrolment.enrol",
        "admin",
        "/sessions/{enrol_session}/peserta/daftarkan",
        {"person_ids": "{enrol_extra}"},
    ),
    ("booking.cancel_own", "participant", "/jadwal-saya/{book_session}/batal", {}),
    (
        "booking.cancel_for",
        "cmd_in",
        "/sessions/{book_session}/peserta/orang/{book_person}/batal",
        {},
    ),
    ("booking.sign_up", "participant", "/sessions/{signup_session}/daftar-mandiri", {}),
    (
        "booking.decide",
        "cmd_in",
        "/sessions/{signup_session}/persetujuan/{book_pending}",
        {"keputusan": "tolak"},
    ),
    (
        "accounts.import_confirm",
        "admin",
        "/accounts/import/confirm",
        {"file": ("kode_satuan,platform,akun,status\n{unit},YouTube,@KanalAudit,aktif\n", "a.csv")},
    ),
    (
        "responses.import_confirm",
        "cmd_in",
        "/responses/import/confirm",
        {
            "file": (
                "platform,akun,id_mention,diterima,kategori\n"
                "instagram,akses_respons,AUDIT-1,2026-11-21 09:00,aduan\n",
                "m.csv",
            )
        },
    ),
    (
        "api.account_mentions",
        "feed",  # the API's mention feed: a write_mentions token and a JSON body
        "/api/v1/accounts/{rs_account}/mentions",
        {
            "items": [
                {"id": "AUDIT-FEED", "received_at": "2026-11-21T09:00+07:00", "category": "aduan"}
            ]
        },
    ),
    (
        "responses.mention_new",
        "cmd_in",
        "/responses/accounts/{rs_account}/mentions/new",
        {"mention_key": "AUDIT-2", "received_at": "2026-11-21T09:00", "category": "pertanyaan"},
    ),
    (
        "signin.person_leave",
        "admin",
        "/signin/people/{signin_leaver}/leave",
        {},
    ),
    (
        "materials.upload",
        "admin",
        "/materials/modules/{mat_module}/files",
        {
            "file_title": "Materi audit",
            "file": ("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n", "audit.pdf"),
        },
    ),
    (
        "assessments.competency_new",
        "admin",
        "/assessments/competencies/new",
        {"code": "AUDIT", "name": "Kompetensi audit", "position": "9"},
    ),
    (
        "assessments.competency_edit",
        "admin",
        "/assessments/competencies/{as_spare}/edit",
        {"code": "MATRIKS", "name": "Kompetensi diubah", "position": "9"},
    ),
    (
        "learning.new",
        "trainer",
        "/learning/banks/{lb_comp}/questions/new",
        {
            "kind": "single",
            "text": "Soal audit baru",
            "answers-0-text": "benar",
            "answers-0-fraction": "100",
            "answers-1-text": "salah",
        },
    ),
    (
        "learning.edit",
        "trainer",
        "/learning/questions/{lb_question}/edit",
        {
            "kind": "truefalse",
            "text": "Soal diubah",
            "answers-0-text": "Benar",
            "answers-1-text": "Salah",
            "answers-1-fraction": "100",
        },
    ),
    (
        "learning.import_confirm",
        "trainer",
        "/learning/banks/{lb_comp}/import/confirm",
        {"fmt": "gift", "file": ("::Audit::Soal impor audit {{=a ~b}}\n", "bank.gift")},
    ),
    (
        "drills.scenario_new",
        "admin",
        "/assessments/drills/scenarios/new",
        {
            "code": "AUDIT-1",
            "title": "Skenario audit",
            "platform": "x",
            "handle": "warga_audit",
            "category": "aduan",
            "mention_text": "@polres_uji tolong",
            "rubric": "Empati",
        },
    ),
    (
        "drills.scenario_edit",
        "admin",
        "/assessments/drills/scenarios/{dr_scenario}/edit",
        {
            "code": "BALAP-LIAR",
            "title": "Judul diubah",
            "platform": "x",
            "handle": "warga_audit",
            "category": "aduan",
            "mention_text": "@polres_uji tolong",
            "rubric": "Empati",
        },
    ),
    (
        "drills.import_confirm",
        "admin",
        "/assessments/drills/scenarios/import/confirm",
        {
            "file": (
                "kode,judul,platform,akun_warga,kategori,teks_mention,petunjuk_penilaian\n"
                "AUDIT-2,Impor,x,warga,aduan,Tolong,Empati\n",
                "skenario.csv",
            )
        },
    ),
    ("drills.finish", "admin", "/assessments/drills/{dr_drill}/finish", {"confirm": "y"}),
]


def _success_actor(expected: dict) -> str | None:
    """The first signed-in actor for whom the matrix expects the POST to go through."""
    for actor in ACTORS[1:]:
        if expected[actor] in (200, 302):
            return actor
    return None


def _matrix_posts():
    for endpoint, cases in MATRIX.items():
        for method, url, data, expected in cases:
            actor = _success_actor(expected)
            if method == "POST" and actor is not None:
                yield pytest.param(endpoint, actor, url, data, False, id=f"{endpoint}:{url}")


#: Uploads that only show a preview (nothing may change; the confirm cases above write).
PREVIEWS = [
    (endpoint.removesuffix("confirm"), actor, url.removesuffix("/confirm"), data)
    for endpoint, actor, url, data in EXTRA_POSTS
    if endpoint.endswith(".import_confirm")
]

CASES = (
    list(_matrix_posts())
    + [
        pytest.param(endpoint, actor, url, data, endpoint != "auth.login", id=f"{endpoint}:extra")
        for endpoint, actor, url, data in EXTRA_POSTS
    ]
    + [
        pytest.param(endpoint, actor, url, data, False, id=f"{endpoint}:preview")
        for endpoint, actor, url, data in PREVIEWS
    ]
)


def snapshot() -> dict[str, set[tuple]]:
    """Every record table's rows (without sign-in bookkeeping columns)."""
    _db.session.expire_all()
    tables = {}
    for name, table in _db.metadata.tables.items():
        if name in NOT_RECORDS:
            continue
        columns = [c for c in table.columns if (name, c.name) not in BOOKKEEPING]
        rows = _db.session.execute(select(*columns)).all()
        tables[name] = {tuple(repr(v) for v in r) for r in rows}
    return tables


def changed_tables(before: dict, after: dict) -> list[str]:
    return sorted(name for name in before if before[name] != after[name])


def audit_count() -> int:
    return _db.session.scalar(select(func.count(AuditEntry.id)))


def _fill(value, values):
    if isinstance(value, tuple):  # an upload: (text, filename)
        text, filename = value
        return (io.BytesIO(text.format(**values).encode()), filename)
    return value.format(**values)


@pytest.fixture
def world(db):
    _tree, users, values = build_matrix_world("c_")
    values["admin_name"] = users["admin"].username
    values["ses_course"] = _db.session.get(TrainingSession, values["ses_session"]).course_id
    victim = _db.session.get(User, values["user"])
    victim.locked_until = datetime(2099, 1, 1, tzinfo=UTC)  # so that unlocking changes it
    extra = _db.session.scalar(select(Person).where(Person.nrp == values["enrol_nrp"]))
    values["enrol_extra"] = extra.id
    # a session without named trainers (theirs must be qualified in the copy's region)
    ses = _db.session.get(TrainingSession, values["ses_session"])
    plain = make_session(ses.course, ses.venue_unit, audience_unit=ses.audience_unit)
    values["plain_session"] = plain.id
    _db.session.commit()
    return users, values


def _client(app, users, actor):
    client = app.test_client()
    if actor not in ("anon", "feed"):
        response = client.post(
            "/login", data={"username": users[actor].username, "password": PASSWORD}
        )
        assert response.status_code == 302
    return client


@pytest.mark.parametrize(("endpoint", "actor", "url", "data", "must_change"), CASES)
def test_a_post_that_changes_records_writes_an_audit_entry(
    app, world, endpoint, actor, url, data, must_change
):
    users, values = world
    client = _client(app, users, actor)
    before, entries = snapshot(), audit_count()

    if actor == "feed":
        headers = {"Authorization": f"Bearer {values['rs_feed_token']}"}
        response = client.post(url.format(**values), json=data, headers=headers)
        assert response.status_code == 200, response.text[:2000]
        assert changed_tables(before, snapshot()) and audit_count() > entries
        return
    form = {k: _fill(v, values) for k, v in (data or {}).items()}
    if url.endswith("/import/confirm") and "file" in form:  # upload for a preview first
        preview = client.post(url.removesuffix("/confirm").format(**values), data=form)
        form = {"token": token_of(preview.text)}
    with client.post(url.format(**values), data=form) as response:
        assert response.status_code in (200, 302), response.text[:2000]

    changed = changed_tables(before, snapshot())
    if must_change:
        assert changed, "the case's data changed nothing: fix the case"
    if changed and endpoint not in ALLOWED:
        assert audit_count() > entries, f"{endpoint} changed {changed} without an audit entry"


def test_every_post_route_has_a_coverage_case(app):
    posts = {r.endpoint for r in app.url_map.iter_rules() if "POST" in r.methods}
    covered = {p.values[0] for p in CASES}

    assert posts - covered == set()
