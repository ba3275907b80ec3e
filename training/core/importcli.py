"""The shared body of the import CLI commands: read, validate with a progress bar, write.

The CLI writes at once (no preview to confirm) and prints the preview's counts.
"""

from pathlib import Path

import click
from flask_babel import gettext as _

from training.core.importplan import Importer
from training.core.tabular import ImportFailed
from training.extensions import db


def run_import(file: Path, importer: Importer, label: str) -> None:
    """Import ``file`` all-or-nothing; print every error and exit 1 when any row fails."""
    try:
        rows = importer.read(file.name, file.read_bytes())
        with click.progressbar(length=len(rows), label=label) as bar:
            preview = importer.preview(rows, progress=bar.update)
        importer.apply(preview, None)
    except ImportFailed as exc:
        db.session.rollback()
        message = _(
            "Impor dibatalkan, tidak ada data yang disimpan (%(n)d kesalahan):",
            n=len(exc.errors),
        )
        click.echo(message, err=True)
        for error in exc.errors:
            click.echo(f"  {error}", err=True)
        raise SystemExit(1) from exc
    db.session.commit()
    click.echo(_("Selesai: %(summary)s.", summary=preview.counts.text()))
