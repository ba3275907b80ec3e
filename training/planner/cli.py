"""flask plan-cycle PROGRAM_ID CYCLE_NUMBER: propose a cycle's sessions from the shell."""

from __future__ import annotations

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from flask_babel import gettext as _
from sqlalchemy import select

from training.auth.models import User
from training.errors import RuleViolation
from training.extensions import db
from training.planner.scheduling import PlannerSettings
from training.planner.services import propose_cycle
from training.programs.models import Cycle, Program


def register(app: Flask) -> None:
    app.cli.add_command(plan_cycle)


@click.command("plan-cycle")
@click.argument("program_id", type=int)
@click.argument("cycle_number", type=int)
@click.option("--user", "username", default=None, help="Account recorded as the proposer.")
@with_appcontext
def plan_cycle(program_id: int, cycle_number: int, username: str | None) -> None:
    """Replace the drafts of a programme's cycle by a fresh proposal (nothing is published)."""
    program = db.session.get(Program, program_id)
    if program is None:
        raise click.ClickException(_("Program %(id)d tidak ditemukan.", id=program_id))
    cycle = db.session.scalar(
        select(Cycle).where(Cycle.program_id == program.id, Cycle.number == cycle_number)
    )
    if cycle is None:
        raise click.ClickException(_("Siklus %(n)d tidak ditemukan.", n=cycle_number))
    actor = None
    if username:
        actor = db.session.scalar(select(User).where(User.username == username))
        if actor is None:
            raise click.ClickException(_("Akun %(name)s tidak ditemukan.", name=username))
    settings = PlannerSettings.from_config(current_app.config)
    try:
        with click.progressbar(
            length=len(program.courses), label=_("Menyusun usulan per tingkat")
        ) as bar:
            proposal = propose_cycle(
                program, cycle, actor=actor, settings=settings, progress=bar.update
            )
    except RuleViolation as exc:
        db.session.rollback()
        raise click.ClickException(str(exc)) from exc
    db.session.commit()
    for tier in proposal.tiers:
        click.echo(
            _(
                "Tingkat %(tier)d: %(targets)d sasaran, %(sessions)d sesi, %(placed)d terjadwal, "
                "%(unplaced)d tanpa jadwal.",
                tier=tier.course.tier,
                targets=tier.total("targets"),
                sessions=tier.total("sessions"),
                placed=tier.total("placed"),
                unplaced=tier.total("unplaced"),
            )
        )
        for region in tier.regions:
            if region.unplaced:
                click.echo(f"  {region.label} ({region.unit_code}): {region.unplaced} — "
                           + "; ".join(region.reasons))  # fmt: skip
    click.echo(
        _(
            "Selesai: %(n)d sesi draf dibuat, %(replaced)d draf lama diganti. Tinjau dan "
            "terbitkan di /planner/%(program)d/%(cycle)d.",
            n=len(proposal.session_ids),
            replaced=proposal.replaced,
            program=program.id,
            cycle=cycle.id,
        )
    )
