"""flask drill-scenarios: load the default scenario bank of the response drill, and import
a bank file (CSV/XLSX, all or nothing)."""

from pathlib import Path

import click
from flask import Flask
from flask.cli import with_appcontext
from flask_babel import gettext as _

from training.assessments.drill_bank import IMPORTER
from training.assessments.drill_scenarios import ensure_default_scenarios
from training.core.importcli import run_import
from training.extensions import db


def register(app: Flask) -> None:
    app.cli.add_command(drill_scenarios)


@click.command("drill-scenarios")
@click.argument(
    "file", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@with_appcontext
def drill_scenarios(file: Path | None):
    """Add the default scenarios missing from the bank, or import FILE (kode,judul,...)."""
    if file is not None:
        run_import(file, IMPORTER, _("Mengimpor skenario latihan respons"))
        return
    added = ensure_default_scenarios()
    db.session.commit()
    click.echo(_("Bank skenario: %(n)d skenario bawaan ditambahkan.", n=added))
