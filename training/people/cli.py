"""flask import-people FILE: load personnel from a CSV or XLSX file."""

from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from flask_babel import gettext as _

from training.core.tabular import ImportFailed
from training.extensions import db
from training.people.importer import import_rows, read_people


def register(app: Flask) -> None:
    app.cli.add_command(import_people_command)


@click.command("import-people")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_appcontext
def import_people_command(file: Path):
    """Import people from FILE (nrp,nama,pangkat,jabatan,kode_satuan[,telepon,email])."""
    try:
        rows = read_people(file.name, file.read_bytes(), current_app.config["IMPORT_MAX_ROWS"])
        with click.progressbar(length=len(rows), label=_("Memeriksa personel")) as bar:
            result = import_rows(rows, progress=bar.update)
    except ImportFailed as exc:
        db.session.rollback()
        click.echo(
            _(
                "Impor dibatalkan, tidak ada data yang disimpan (%(n)d kesalahan):",
                n=len(exc.errors),
            ),
            err=True,
        )
        for error in exc.errors:
            click.echo(f"  {error}", err=True)
        raise SystemExit(1) from exc
    db.session.commit()
    click.echo(
        _(
            "Selesai: %(c)d dibuat, %(u)d diperbarui, %(n)d tidak berubah.",
            c=result.created,
            u=result.updated,
            n=result.unchanged,
        )
    )
