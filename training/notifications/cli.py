"""``flask notifications remind``: queue the reminders of tomorrow's sessions and of the
online refreshers' deadlines; ``flask notifications breaches``: tell the commanders of units
over the breach limit."""

from datetime import UTC, datetime

import click
from flask import Flask
from flask.cli import AppGroup

from training.extensions import db
from training.notifications.breaches import notify_breaches
from training.notifications.online_reminders import queue_online_reminders
from training.notifications.reminders import queue_day_before_reminders

group = AppGroup("notifications", help="Pemberitahuan dalam aplikasi dan email.")


@group.command("remind")
def remind() -> None:
    """Queue the day-before and deadline reminders (run it as often as you like: each goes
    once)."""
    now = datetime.now(UTC)
    count = queue_day_before_reminders(now) + queue_online_reminders(now)
    db.session.commit()
    click.echo(f"{count} pengingat diantrekan.")


@group.command("breaches")
def breaches() -> None:
    """Tell the commanders of units over the response-breach limit (once a day per unit)."""
    count = notify_breaches(datetime.now(UTC))
    db.session.commit()
    click.echo(f"{count} komandan diberi tahu.")


def register(app: Flask) -> None:
    app.cli.add_command(group)
