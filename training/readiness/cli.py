"""`flask readiness-snapshot`: the daily snapshot a scheduler runs (idempotent per day)."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import with_appcontext
from flask_babel import gettext as _

from training.core.dates import parse_day
from training.core.timefmt import local_day
from training.extensions import db
from training.programs.models import Program
from training.readiness.snapshots import days_between, programs_running_on, take_snapshots


def register(app: Flask) -> None:
    app.cli.add_command(readiness_snapshot)


def _day(_ctx, _param, value):
    if value is None:
        return None
    day = parse_day(value)
    if day is None:
        raise click.BadParameter(_("Tanggal harus berformat YYYY-MM-DD."))
    return day


@click.command("readiness-snapshot")
@click.option("--day", callback=_day, help="Day to record (YYYY-MM-DD); default today.")
@click.option("--from", "first", callback=_day, help="First day of a range to backfill.")
@click.option("--to", "last", callback=_day, help="Last day of the range (default: today).")
@click.option("--program", "program_id", type=int, help="Only this programme (id).")
@with_appcontext
def readiness_snapshot(day, first, last, program_id) -> None:
    """Record every unit's readiness for a day (or a range of days); safe to re-run."""
    if day and first:
        raise click.UsageError(_("Gunakan --day atau --from/--to, tidak keduanya."))
    today = local_day()  # the programme's reference day (WIB), not the server's
    days = days_between(first, last or today) if first else [day or today]
    if not days:
        raise click.UsageError(_("Tanggal --from harus sebelum --to."))
    jobs = []
    for one_day in days:
        if program_id is not None:
            program = db.session.get(Program, program_id)
            if program is None:
                raise click.ClickException(_("Program %(id)s tidak ditemukan.", id=program_id))
            jobs.append((program, one_day))
        else:
            jobs.extend((program, one_day) for program in programs_running_on(one_day))
    if not jobs:
        click.echo(_("Tidak ada program yang berjalan pada tanggal itu; tidak ada yang dicatat."))
        return
    by_program: dict[Program, list] = {}
    for program, one_day in jobs:
        by_program.setdefault(program, []).append(one_day)
    rows = 0
    with click.progressbar(length=len(jobs), label=_("Snapshot kesiapan")) as bar:
        for program, program_days in by_program.items():
            # the roll-up only on days a certificate changes it (snapshots.take_snapshots)
            rows += take_snapshots(program, program_days, bar.update)
            db.session.commit()
    click.echo(
        _(
            "Selesai: %(rows)d baris snapshot untuk %(jobs)d hari-program.",
            rows=rows,
            jobs=len(jobs),
        )
    )
