"""flask send-reminders [--days 30 --days 7]: queue expiry reminders and send the outbox."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import with_appcontext
from flask_babel import gettext as _

from training.certificates import outbox, reminders
from training.extensions import db


def register(app: Flask) -> None:
    app.cli.add_command(send_reminders)


@click.command("send-reminders")
@click.option(
    "--days",
    "days",
    type=click.IntRange(0, 3650),
    multiple=True,
    help="Reminder windows in days before expiry (repeatable; default 30 and 7).",
)
@click.option("--queue-only", is_flag=True, help="Queue the reminders without sending.")
@with_appcontext
def send_reminders(days: tuple[int, ...], queue_only: bool) -> None:
    """Queue reminders for certificates nearing expiry, then send the queued e-mails."""
    queued = reminders.queue_reminders(days=days or (30, 7))
    db.session.commit()
    click.echo(_("%(n)d pengingat masuk antrean.", n=queued))
    if queue_only:
        return
    if not outbox.mail_configured():
        click.echo(_("Server email belum dikonfigurasi; pesan tetap tersimpan di antrean."))
        return
    pending = len(outbox.pending_messages())
    with click.progressbar(length=pending, label=_("Mengirim email")) as bar:
        sent, failed = outbox.send_outbox(progress=bar.update)
    db.session.commit()
    click.echo(_("%(sent)d pesan terkirim, %(failed)d gagal.", sent=sent, failed=failed))
    if failed:
        raise SystemExit(1)
