"""flask seed-demo: the real unit tree, synthetic Polsek and people, and demo accounts."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import click
from flask import Flask
from flask.cli import with_appcontext
from flask_babel import gettext as _
from sqlalchemy import func, select, text

from training.demo import accounts, mentions, people, programme, signoff, snapshots, social, units
from training.extensions import db
from training.people.models import Person
from training.units.models import Unit


def register(app: Flask) -> None:
    app.cli.add_command(seed_demo)


@click.command("seed-demo")
@click.option(
    "--scale",
    type=click.Choice(["demo", "national"]),
    default="demo",
    show_default=True,
    help="demo: a few hundred synthetic Polsek; national: ~5,700 Polsek, ~25,000 people.",
)
@click.option("--password", default=None, help="Password of the demo accounts.")
@click.option("--once", is_flag=True, help="Only list the accounts if the demo admin exists.")
@click.option(
    "--now",
    "now_text",
    default=None,
    hidden=True,
    help="Seed as if it were this aware ISO instant (tests: the demo's shape at any hour).",
)
@with_appcontext
def seed_demo(scale: str, password: str | None, once: bool, now_text: str | None) -> None:
    """Load the Polri unit tree, synthetic people and demo accounts (idempotent)."""
    now = _parse_now(now_text)
    shown_password = password or accounts.DEFAULT_PASSWORD
    if once and accounts.admin_exists():
        click.echo(_("Data demo sudah ada; tidak ada yang dimuat."))
        _print_accounts(shown_password, password is not None)
        return
    started = time.perf_counter()
    planned = units.plan_units(scale)
    with click.progressbar(length=units.count_missing(planned), label=_("Satuan")) as bar:
        new_units = units.load_units(planned, bar.update)
    rows = people.plan_people(planned)
    with click.progressbar(length=len(rows), label=_("Personel")) as bar:
        new_people = people.load_people(rows, bar.update)
    new_accounts = accounts.ensure_accounts(shown_password, reset_password=password is not None)
    today = programme.demo_day(now)
    if programme.seed_programme(now):
        click.echo(_("Program demo dibuat: %(title)s.", title=programme.TITLE))
    social.seed_social_accounts(today, now=now)
    mentions.seed_mentions(today, now=now)
    db.session.commit()
    # Fresh planner statistics after the bulk load and BEFORE the readiness snapshots:
    # PostgreSQL's autovacuum would take a while, and without statistics each national
    # roll-up of the snapshots was planned ~10x slower there (1.5-2.3 s instead of ~0.2 s).
    _analyze()
    _seed_readiness(today, now)
    db.session.commit()
    _analyze("readiness_snapshot")
    _print_accounts(shown_password, password is not None)
    click.echo(
        _(
            "Selesai: %(units)d satuan baru, %(people)d personel baru, %(accounts)d akun baru; "
            "total %(all_units)d satuan dan %(all_people)d personel (%(seconds).1f detik).",
            units=new_units,
            people=new_people,
            accounts=new_accounts,
            all_units=db.session.scalar(select(func.count(Unit.id))),
            all_people=db.session.scalar(select(func.count(Person.id))),
            seconds=time.perf_counter() - started,
        )
    )


def _analyze(table: str | None = None) -> None:
    """ANALYZE the whole database, or one table (its own transaction)."""
    db.session.execute(text("ANALYZE" if table is None else f"ANALYZE {table}"))
    db.session.commit()


def _parse_now(text: str | None) -> datetime:
    if text is None:
        return datetime.now(UTC)
    try:
        now = datetime.fromisoformat(text)
    except ValueError:
        raise click.BadParameter("not an ISO date-time", param_hint="--now") from None
    if now.tzinfo is None:
        raise click.BadParameter("needs a UTC offset", param_hint="--now")
    return now.astimezone(UTC)


def _seed_readiness(today, now: datetime) -> None:
    """Daily readiness snapshots of the demo cycle so far, and reports in the sign-off chain
    (once each)."""
    program = programme.demo_program()
    if program is None:
        return
    days = snapshots.plan_days(program, today)
    if days:
        with click.progressbar(length=len(days), label=_("Snapshot kesiapan")) as bar:
            snapshots.seed_snapshots(program, days, bar.update)
    signoff.seed_reports(program.cycles[-1], now=now)


def _print_accounts(password: str, explicit: bool) -> None:
    header = (_("Pengguna"), _("Peran"), _("Satuan"), _("Personel"), _("Kata sandi"))
    rows = [(*row, password) for row in accounts.account_rows()]
    widths = [max(len(str(row[i])) for row in (header, *rows)) for i in range(len(header))]
    click.echo(_("Akun demo:"))
    for row in (header, tuple("-" * w for w in widths), *rows):
        click.echo(
            "  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True))
        )
    if not explicit:
        click.echo(
            _(
                "Kata sandi akun yang sudah ada tidak diubah kecuali --password diberikan; "
                "jika sudah diganti, kata sandi di atas tidak berlaku."
            )
        )
