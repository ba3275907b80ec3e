"""flask import-units FILE: load the unit tree from a CSV or XLSX file."""

from pathlib import Path

import click
from flask import Flask
from flask.cli import with_appcontext
from flask_babel import gettext as _

from training.core.importcli import run_import
from training.units.importer import IMPORTER


def register(app: Flask) -> None:
    app.cli.add_command(import_units_command)


@click.command("import-units")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_appcontext
def import_units_command(file: Path):
    """Import units from FILE (columns kode, nama, tingkat_satuan, kode_induk, zona_waktu
    [, jenis]; the English headers code, name, level, parent_code, timezone, type too)."""
    run_import(file, IMPORTER, _("Mengimpor satuan"))
