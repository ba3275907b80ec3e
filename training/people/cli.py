"""flask import-people FILE: load personnel from a CSV or XLSX file."""

from pathlib import Path

import click
from flask import Flask
from flask.cli import with_appcontext
from flask_babel import gettext as _

from training.core.importcli import run_import
from training.people import import_accounts
from training.people.importer import IMPORTER


def register(app: Flask) -> None:
    app.cli.add_command(import_people_command)


@click.command("import-people")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--provision-accounts",
    is_flag=True,
    help="Also create sign-in accounts (username = NRP/NIP) for the file's people who have "
    "none, with activation codes by e-mail (set PUBLIC_BASE_URL for the link) or on the "
    "unit's activation sheet.",
)
@with_appcontext
def import_people_command(file: Path, provision_accounts: bool):
    """Import people from FILE (nrp,nama,pangkat,jabatan,kode_satuan[,telepon,email])."""
    importer = import_accounts.IMPORTER if provision_accounts else IMPORTER
    run_import(file, importer, _("Memeriksa personel"))
