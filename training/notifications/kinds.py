"""The kinds of notification a user may receive, with their labels (preferences page)."""

from flask_babel import lazy_gettext as _l

ENROLLED = "enrolled"
SESSION_CHANGED = "session_changed"
SESSION_CANCELLED = "session_cancelled"
REMINDER = "reminder"
WAITLIST_PROMOTED = "waitlist_promoted"
CERTIFICATE_ISSUED = "certificate_issued"
REPORT_RETURNED = "report_returned"
REPORT_VERIFIED = "report_verified"
RESPONSE_BREACH = "response_breach"

#: kind -> label, in the order of the preferences page.
KINDS = {
    ENROLLED: _l("Terdaftar di sesi pelatihan"),
    SESSION_CHANGED: _l("Perubahan waktu atau tempat sesi"),
    SESSION_CANCELLED: _l("Sesi dibatalkan"),
    REMINDER: _l("Pengingat sehari sebelum sesi"),
    WAITLIST_PROMOTED: _l("Naik dari daftar tunggu"),
    CERTIFICATE_ISSUED: _l("Sertifikat diterbitkan"),
    REPORT_RETURNED: _l("Laporan kesiapan dikembalikan"),
    REPORT_VERIFIED: _l("Laporan kesiapan diverifikasi"),
    RESPONSE_BREACH: _l("Mention terbuka lewat batas"),
}


#: The outbox kind of a notification e-mail (outbox_message.kind, 30 characters).
def outbox_kind(kind: str) -> str:
    return f"notify_{kind}"[:30]
