"""flask import-units FILE: load the unit tree from a CSV or XLSX file."""

from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from training.core.tabular import ImportFailed
from training.extensions import db
from training.units.importer import import_rows, read_units


def register(app: Flask) -> None:
    app.cli.add_command(import_units_command)


@click.command("import-units")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_appcontext
def import_units_command(file: Path):
    """Import units from FILE (columns code,name,level,parent_code,timezone[,type])."""
    try:
        rows = read_units(file.name, file.read_bytes(), current_app.config["IMPORT_MAX_ROWS"])
        with click.progressbar(length=len(rows), label="Mengimpor satuan") as bar:
            result = import_rows(rows, progress=bar.update)
    except ImportFailed as exc:
        db.session.rollback()
        click.echo(f"Impor dibatalkan, tidak ada data yang disimpan ({len(exc.errors)} galat):")
        for error in exc.errors:
            click.echo(f"  {error}", err=True)
        raise SystemExit(1) from exc
    db.session.commit()
    click.echo(
        f"Selesai: {result.created} dibuat, {result.updated} diperbarui, "
        f"{result.unchanged} tidak berubah."
    )
