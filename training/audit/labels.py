"""Display labels of the audit log: entities, actions, fields and the codes stored in values.

The audit trail is layer 2: it imports no feature above it. The features that store their
own codes (attendance and session statuses, course standing, official accounts, report
states) hand their labels over at app start through ``register`` (see ``create_app``).
"""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from training.core.labels import LEVEL_LABELS, POSITION_LABELS, ROLE_LABELS

#: Entities written by the services, in the order the filter lists them.
ENTITY_LABELS = {
    "attendance": _l("Kehadiran"),
    "attendance_signoff": _l("Pengesahan daftar hadir"),
    "assessment": _l("Penilaian"),
    "course_status": _l("Status kursus"),
    "certificate": _l("Sertifikat"),
    "login": _l("Masuk aplikasi"),
    "readiness_report": _l("Laporan kesiapan"),
    "user": _l("Akun pengguna"),
    "api_token": _l("Token API"),
    "calendar_feed": _l("Tautan kalender"),
    "unit": _l("Satuan"),
    "person": _l("Personel"),
    "program": _l("Program"),
    "cycle": _l("Siklus"),
    "course": _l("Kursus"),
    "course_competencies": _l("Kompetensi kursus"),
    "competency": _l("Kompetensi"),
    "question": _l("Soal"),
    "question_bank": _l("Bank soal"),
    "drill": _l("Latihan respons"),
    "drill_scenario": _l("Skenario latihan respons"),
    "override": _l("Pengecualian aturan"),
    "thresholds": _l("Ambang kesiapan"),
    "session": _l("Sesi"),
    "enrollment": _l("Pendaftaran peserta"),
    "account": _l("Akun media sosial resmi"),
    "mention": _l("Mention akun resmi"),
    "response_target": _l("Target respons"),
    "job": _l("Pekerjaan latar"),
    "material_module": _l("Modul materi"),
    "material_item": _l("Berkas atau tautan materi"),
    "material_progress": _l("Kemajuan materi"),
    "course_materials": _l("Pengaturan materi kursus"),
    "feedback_template": _l("Versi survei umpan balik"),
    "feedback_question": _l("Pertanyaan survei umpan balik"),
    "online_offering": _l("Penyegaran daring"),
    "online_enrolment": _l("Peserta penyegaran daring"),
    "quiz": _l("Kuis"),
    "quiz_attempt": _l("Percobaan kuis"),
    "quiz_bands": _l("Rentang nilai kuis"),
}

ACTION_LABELS = {
    "create": _l("Dibuat"),
    "start": _l("Dimulai"),
    "update": _l("Diubah"),
    "delete": _l("Dihapus"),
    "import": _l("Diimpor"),
    "move": _l("Dipindahkan"),
    "sign_off": _l("Disahkan"),
    "reopen": _l("Dibuka kembali"),
    "success": _l("Berhasil"),
    "failure": _l("Gagal"),
    "locked": _l("Dikunci"),
    "submit": _l("Dikirim"),
    "verify_polda": _l("Diverifikasi Polda"),
    "verify_hq": _l("Diverifikasi Mabes"),
    "return": _l("Dikembalikan"),
    "attach": _l("Lampiran ditambahkan"),
    "detach": _l("Lampiran dihapus"),
    "issue": _l("Diterbitkan"),
    "revoke": _l("Dicabut"),
    "reset_password": _l("Kata sandi diatur ulang"),
    "change_password": _l("Kata sandi diganti"),
    "unlock": _l("Kunci dibuka"),
    "cancel": _l("Dibatalkan"),
    "propose": _l("Usulan perencana"),
    "publish": _l("Diterbitkan ke jadwal"),
    "remove": _l("Dikeluarkan"),
    "promote": _l("Naik dari daftar tunggu"),
    "request": _l("Pendaftaran mandiri diajukan"),
    "approve": _l("Disetujui"),
    "refuse": _l("Ditolak"),
    "show": _l("Ditampilkan"),
    "score": _l("Dinilai"),
    "finish": _l("Diselesaikan"),
    "done": _l("Ditandai selesai"),
    "answer": _l("Ditandai dijawab"),
    "resolve": _l("Ditandai selesai"),
    "api": _l("Dikirim lewat API"),
    "enrol": _l("Sasaran didaftarkan"),
    "save_answer": _l("Jawaban disimpan"),
    "grade": _l("Dinilai otomatis"),
}

FIELD_LABELS = {
    "status": _l("Status"),
    "state": _l("Status"),
    "mention_key": _l("ID atau URL mention"),
    "received_at": _l("Diterima"),
    "first_response_at": _l("Respons pertama"),
    "responded_by": _l("Dijawab oleh"),
    "resolved_at": _l("Selesai"),
    "reply_url": _l("Tautan balasan"),
    "accounts": _l("Akun"),
    "category": _l("Kategori"),
    "aduan": _l("Aduan (menit)"),
    "pertanyaan": _l("Pertanyaan (menit)"),
    "informasi": _l("Informasi (menit)"),
    "isu_negatif": _l("Isu negatif (menit)"),
    "method": _l("Cara presensi"),
    "note": _l("Catatan"),
    "notes": _l("Catatan"),
    "username": _l("Nama pengguna"),
    "roles": _l("Peran"),
    "person": _l("Personel"),
    "is_active": _l("Aktif"),
    "locale": _l("Bahasa"),
    "password": _l("Kata sandi"),
    "locked_until": _l("Dikunci sampai"),
    "failed_logins": _l("Gagal masuk berturut-turut"),
    "owner": _l("Pemilik"),
    "name": _l("Nama"),
    "scopes": _l("Cakupan"),
    "expires_at": _l("Berlaku sampai"),
    "revoked_at": _l("Dicabut pada"),
    "code": _l("Kode"),
    "level": _l("Tingkat satuan"),
    "unit_type": _l("Jenis"),
    "timezone": _l("Zona waktu"),
    "parent": _l("Induk"),
    "full_name": _l("Nama lengkap"),
    "nrp": _l("NRP/NIP"),
    "rank": _l("Pangkat"),
    "position": _l("Jabatan"),
    "phone": _l("Telepon"),
    "email": _l("Email"),
    "created": _l("Dibuat"),
    "updated": _l("Diperbarui"),
    "new": _l("Baru"),
    "changed": _l("Berubah"),
    "moved": _l("Pindah"),
    "unchanged": _l("Tidak berubah"),
    "title": _l("Judul"),
    "description": _l("Deskripsi"),
    "program": _l("Program"),
    "course": _l("Kursus"),
    "cycle": _l("Siklus"),
    "number": _l("Nomor"),
    "tier": _l("Tingkat"),
    "starts_on": _l("Tanggal mulai"),
    "ends_on": _l("Tanggal selesai"),
    "starts_at": _l("Mulai"),
    "ends_at": _l("Selesai"),
    "refresher_months": _l("Periode penyegaran (bulan)"),
    "cascade_threshold": _l("Ambang berjenjang (%)"),
    "target_positions": _l("Jabatan sasaran"),
    "target_levels": _l("Tingkat satuan sasaran"),
    "min_attendance_pct": _l("Kehadiran minimal (%)"),
    "pass_min_average": _l("Nilai rata-rata minimal"),
    "pass_no_kurang": _l("Tidak boleh ada nilai Kurang"),
    "late_grace_minutes": _l("Toleransi terlambat (menit)"),
    "validity_months": _l("Masa berlaku sertifikat (bulan)"),
    "kind": _l("Jenis"),
    "detail": _l("Rincian"),
    "venue_unit": _l("Satuan tempat"),
    "venue": _l("Ruang / alamat"),
    "online_url": _l("Tautan daring"),
    "capacity": _l("Kapasitas"),
    "audience_unit": _l("Satuan sasaran"),
    "audience_positions": _l("Jabatan sasaran"),
    "trainers": _l("Pelatih"),
    "drafts": _l("Draf"),
    "replaced": _l("Draf diganti"),
    "waitlist_rank": _l("Urutan daftar tunggu"),
    "attendance_pct": _l("Kehadiran (%)"),
    "average_level": _l("Rata-rata kompetensi"),
    "passed": _l("Lulus"),
    "completed_on": _l("Tuntas pada"),
    "signed_at": _l("Disahkan pada"),
    "serial": _l("Nomor seri"),
    "valid_until": _l("Berlaku sampai"),
    "supersedes": _l("Menggantikan"),
    "ready_certified_pct": _l("Siap: bersertifikat minimal (%)"),
    "ready_accounts_pct": _l("Siap: akun terverifikasi minimal (%)"),
    "ready_min_level": _l("Siap: rata-rata kompetensi minimal"),
    "ready_attendance_pct": _l("Siap: kehadiran minimal (%)"),
    "ready_requires_commander": _l("Siap: komandan bersertifikat"),
    "partial_certified_pct": _l("Sebagian: bersertifikat minimal (%)"),
    "expiring_days": _l("Segera berakhir dalam (hari)"),
    "ready_answered_pct": _l("Siap: aduan terjawab minimal (%)"),
    "ready_p90_minutes": _l("Siap: P90 waktu tanggap aduan paling lama (menit)"),
    "response_window_days": _l("Kriteria respons atas aduan (hari terakhir)"),
}

CERTIFICATE_LABELS = {
    "valid": _l("Berlaku"),
    "superseded": _l("Digantikan"),
    "revoked": _l("Dicabut"),
}
ENROLLMENT_LABELS = {
    "enrolled": _l("Terdaftar"),
    "waitlisted": _l("Daftar tunggu"),
    "cancelled": _l("Dikeluarkan"),
    "pending": _l("Menunggu persetujuan"),
    "refused": _l("Ditolak"),
}
LOCALE_LABELS = {"id": "Bahasa Indonesia", "en": "English"}
#: The stored codes of a "status" field, per entity (features add theirs: ``register``).
STATUS_BY_ENTITY = {
    "enrollment": ENROLLMENT_LABELS,
}
#: The stored codes of a "state" field, per entity; certificates' states otherwise.
STATE_BY_ENTITY: dict[str, dict] = {}
#: The stored codes of other fields, whatever the entity.
CODES_BY_FIELD = {
    "roles": ROLE_LABELS,
    "level": LEVEL_LABELS,
    "target_levels": LEVEL_LABELS,
    "position": POSITION_LABELS,
    "target_positions": POSITION_LABELS,
    "audience_positions": POSITION_LABELS,
    "locale": LOCALE_LABELS,
    "password": {"changed": _l("diubah")},
}


def register(
    *,
    fields: dict | None = None,
    statuses: dict[str, dict] | None = None,
    states: dict[str, dict] | None = None,
    codes: dict[str, dict] | None = None,
) -> None:
    """Add a feature's labels (at app start): ``fields`` names its fields (the labels above
    win on a shared name), ``statuses`` and ``states`` give the codes of the "status" and
    "state" fields per entity, ``codes`` the codes of a field whatever the entity."""
    for name, label in (fields or {}).items():
        FIELD_LABELS.setdefault(name, label)
    STATUS_BY_ENTITY.update(statuses or {})
    STATE_BY_ENTITY.update(states or {})
    CODES_BY_FIELD.update(codes or {})


def entity_label(code: str) -> str:
    return str(ENTITY_LABELS.get(code, code))


def action_label(code: str) -> str:
    return str(ACTION_LABELS.get(code, code))


def field_label(name: str) -> str:
    return str(FIELD_LABELS.get(name, name))


def _codes(entity: str, field: str) -> dict:
    if field == "state":
        return STATE_BY_ENTITY.get(entity, CERTIFICATE_LABELS)
    if field == "status":
        return STATUS_BY_ENTITY.get(entity, {})
    return CODES_BY_FIELD.get(field, {})


def value_label(entity: str, field: str, value):
    """A stored value as shown: codes by their label, lists joined, booleans as ya/tidak."""
    if value is None:
        return None
    if isinstance(value, bool):
        return _("ya") if value else _("tidak")
    codes = _codes(entity, field)
    if isinstance(value, list):
        return ", ".join(str(codes.get(v, v)) for v in value) or "–"
    if isinstance(value, dict):
        return ", ".join(f"{k}: {v}" for k, v in value.items())
    return str(codes.get(value, value)) if isinstance(value, str) else value
