"""``flask notifications remind``: queue the reminders of tomorrow's sessions."""

from datetime import UTC, datetime

import click
from flask import Flask
from flask.cli import AppGroup

from training.extensions import db
from training.notifications.reminders import queue_day_before_reminders

group = AppGroup("notifications", help="Pemberitahuan dalam aplikasi dan email.")


@group.command("remind")
def remind() -> None:
    """Queue the day-before reminders (run it as often as you like: each goes once)."""
    count = queue_day_before_reminders(datetime.now(UTC))
    db.session.commit()
    click.echo(f"{count} pengingat diantrekan.")


def register(app: Flask) -> None:
    app.cli.add_command(group)
