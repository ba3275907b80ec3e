"""Access rules of the readiness-report sign-off pages.

The reports belong to polres_a, inside cmd_in's command (cmd_in commands its Polda, so is the
report's Polda verifier; the Polres itself has no actor here, only the admin acts for it).
Actors run in the order anon, admin, trainer, cmd_in, cmd_out, participant on one world, so
a POST that the admin performs changes what later actors find.
"""

from datetime import UTC, datetime

from tests.access_rules.common import READERS, SCOPED, row
from tests.signoff_factories import PDF, make_cycle
from training.signoff import attachments, workflow

NOW = datetime(2026, 11, 20, 3, 0, tzinfo=UTC)
UNKNOWN = row(302, 404, 404, 404, 404, 403)
#: Only the Polres (here: the admin) may write; the Polda commander inside the scope gets 403.
POLRES_ONLY = row(302, 200, 403, 403, 404, 403)
POLRES_ONLY_POST = row(302, 302, 403, 403, 404, 403)

RULES = {
    "signoff.index": [
        ("GET", "/readiness/reports/", None, READERS),
        ("GET", "/readiness/reports/?mine=1&state=submitted&cycle={so_cycle}", None, READERS),
    ],
    "signoff.write": [
        ("GET", "/readiness/reports/write?unit={unit}&cycle={so_cycle}", None, POLRES_ONLY),
        (
            "POST",
            "/readiness/reports/write?unit={unit}&cycle={so_cycle}",
            {"note": "Catatan uji akses"},
            POLRES_ONLY_POST,
        ),
        (
            "GET",
            "/readiness/reports/write?unit={unit}&cycle=999999",
            None,
            row(302, 404, 403, 404, 404, 403),
        ),
    ],
    "signoff.detail": [
        ("GET", "/readiness/reports/{so_draft}", None, SCOPED),
        ("GET", "/readiness/reports/999999", None, UNKNOWN),
    ],
    "signoff.submit": [
        ("POST", "/readiness/reports/{so_draft}/submit", {}, POLRES_ONLY_POST),
    ],
    "signoff.verify": [
        # the admin verifies first (Polda step); cmd_in then meets the HQ step: not theirs
        ("POST", "/readiness/reports/{so_submitted}/verify", {}, row(302, 302, 403, 403, 404, 403)),
    ],
    "signoff.return_report": [
        # returned by the admin first; cmd_in then finds nothing to return (message, redirect)
        (
            "POST",
            "/readiness/reports/{so_submitted}/return",
            {"reason": "Bukti kurang"},
            row(302, 302, 403, 302, 404, 403),
        ),
        (
            "POST",
            "/readiness/reports/{so_submitted}/return",
            {"reason": ""},
            row(302, 200, 403, 200, 404, 403),
        ),
    ],
    "signoff.upload": [
        # no file: the detail page again with the form's error
        (
            "POST",
            "/readiness/reports/{so_draft}/attachments",
            {},
            row(302, 200, 403, 403, 404, 403),
        ),
    ],
    "signoff.download": [
        ("GET", "/readiness/reports/{so_draft}/attachments/{so_file}", None, SCOPED),
        ("GET", "/readiness/reports/{so_submitted}/attachments/{so_file}", None, UNKNOWN),
    ],
    "signoff.delete_attachment": [
        (
            "POST",
            "/readiness/reports/{so_draft}/attachments/{so_file}/delete",
            {},
            POLRES_ONLY_POST,
        ),
    ],
}


def build(tree, users):
    """A draft (with note and evidence) and a submitted report of polres_a."""
    admin = users["admin"]
    cycle = make_cycle()
    draft = workflow.get_or_create_report(cycle, tree["polres_a"], now=NOW)
    workflow.save_note(draft, admin, "Draf uji akses", now=NOW)
    evidence = attachments.add_attachment(draft, admin, "bukti.pdf", PDF, now=NOW)
    other = make_cycle(cycle.program, number=2)
    submitted = workflow.get_or_create_report(other, tree["polres_a"], now=NOW)
    workflow.save_note(submitted, admin, "Dikirim untuk uji akses", now=NOW)
    attachments.add_attachment(submitted, admin, "bukti.pdf", PDF, now=NOW)
    workflow.submit(submitted, admin, now=NOW)
    return {
        "so_cycle": cycle.id,
        "so_draft": draft.id,
        "so_submitted": submitted.id,
        "so_file": evidence.id,
    }
