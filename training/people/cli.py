"""flask import-people FILE: load personnel from a CSV or XLSX file."""

from pathlib import Path

import click
from flask import Flask
from flask.cli import with_appcontext
from flask_babel import gettext as _

from training.core.importcli import run_import
from training.people.importer import IMPORTER


def register(app: Flask) -> None:
    app.cli.add_command(import_people_command)


@click.command("import-people")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_appcontext
def import_people_command(file: Path):
    """Import people from FILE (nrp,nama,pangkat,jabatan,kode_satuan[,telepon,email])."""
    run_import(file, IMPORTER, _("Memeriksa personel"))
