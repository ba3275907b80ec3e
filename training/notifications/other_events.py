"""Notices about certificates issued and readiness reports returned or verified."""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _
from flask_babel import ngettext

from training.core.timefmt import long_day
from training.notifications import kinds
from training.notifications.delivery import Message, Notice, deliver, path_for
from training.notifications.recipients import accounts_of, commanders_of, users_commanding_unit

#: Report states a notice is sent for, with its kind.
REPORT_KINDS = {
    "returned": kinds.REPORT_RETURNED,
    "polda_verified": kinds.REPORT_VERIFIED,
    "verified": kinds.REPORT_VERIFIED,
}


def _holder_render(cert):
    def render(_items) -> Message:
        course = cert.course.title
        body = _(
            "Sertifikat %(course)s nomor %(serial)s diterbitkan atas nama Anda, berlaku sampai "
            "%(until)s.",
            course=course,
            serial=cert.serial,
            until=long_day(cert.valid_until),
        )
        return Message(
            title=_("Sertifikat diterbitkan: %(course)s", course=course),
            body=body,
            link=path_for("certificates.detail", cert_id=cert.id),
        )

    return render


def _commander_render(certs):
    def render(_items) -> Message:
        course = certs[0].course.title
        names = [f"- {c.holder_rank} {c.holder_name} ({c.serial})" for c in certs]
        lead = ngettext(
            "%(num)d sertifikat %(course)s diterbitkan untuk personel satuan Anda:",
            "%(num)d sertifikat %(course)s diterbitkan untuk personel satuan Anda:",
            len(certs),
            course=course,
        )
        return Message(
            title=_("Sertifikat diterbitkan: %(course)s", course=course),
            body="\n".join([lead, *names]),
            link=path_for("certificates.index", course=certs[0].course_id),
        )

    return render


def on_certificates_issued(certificates, now: datetime, **_payload) -> None:
    """Each holder is told of their certificate; their unit's commander gets one list."""
    if not certificates:
        return
    by_person = {c.person_id: c for c in certificates}
    accounts = accounts_of(by_person)
    notices = [
        Notice(accounts[pid], kinds.CERTIFICATE_ISSUED, [cert], _holder_render(cert))
        for pid, cert in by_person.items()
        if pid in accounts
    ]
    for user_id, people in commanders_of(by_person).items():
        certs = [by_person[p] for p in people]
        notices.append(Notice(user_id, kinds.CERTIFICATE_ISSUED, certs, _commander_render(certs)))
    deliver(notices, now)


def _report_render(report, step):
    def render(_items) -> Message:
        unit = report.unit.name
        cycle = report.cycle.program.title + " · " + _("Siklus %(n)d", n=report.cycle.number)
        if step.to_state == "returned":
            title = _("Laporan kesiapan dikembalikan: %(unit)s", unit=unit)
            body = _(
                "Laporan kesiapan %(unit)s untuk %(cycle)s dikembalikan untuk diperbaiki.",
                unit=unit,
                cycle=cycle,
            )
            if step.note:
                body += "\n" + _("Alasan: %(reason)s", reason=step.note)
        else:
            title = _("Laporan kesiapan diverifikasi: %(unit)s", unit=unit)
            body = _(
                "Laporan kesiapan %(unit)s untuk %(cycle)s telah diverifikasi.",
                unit=unit,
                cycle=cycle,
            )
        return Message(title=title, body=body, link=path_for("signoff.detail", report_id=report.id))

    return render


def on_report_moved(report, step, now: datetime, **_payload) -> None:
    """Returned or verified: the submitter and the commanders of the report's unit."""
    kind = REPORT_KINDS.get(str(step.to_state))
    if kind is None:
        return
    users = set(users_commanding_unit(report.unit_id))
    users |= {earlier.user_id for earlier in report.steps if earlier.action == "submit"}
    users.discard(step.user_id)
    render = _report_render(report, step)
    deliver([Notice(uid, kind, [report], render) for uid in sorted(users)], now)
