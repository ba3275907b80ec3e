"""flask import-accounts FILE: load official social-media accounts from CSV or XLSX."""

from pathlib import Path

import click
from flask import Flask
from flask.cli import with_appcontext
from flask_babel import gettext as _

from training.accounts.importer import IMPORTER
from training.core.importcli import run_import


def register(app: Flask) -> None:
    app.cli.add_command(import_accounts_command)


@click.command("import-accounts")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_appcontext
def import_accounts_command(file: Path):
    """Import accounts from FILE (kode_satuan,platform,akun[,url,terverifikasi,...])."""
    run_import(file, IMPORTER, _("Mengimpor akun media sosial"))
