"""``flask grade-quizzes``: grade the quiz attempts handed in or out of time (what beat's
minute task does; from cron when there is no job queue), with a progress bar."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import with_appcontext
from flask_babel import gettext as _

from training.extensions import db
from training.learning import quiz
from training.learning.quiz_grading import grade


def register(app: Flask) -> None:
    app.cli.add_command(grade_quizzes)


@click.command("grade-quizzes")
@with_appcontext
def grade_quizzes():
    """Grade every quiz attempt handed in or past its deadline (one commit each)."""
    ids = quiz.due_ids()
    with click.progressbar(ids, label=_("Menilai percobaan kuis")) as bar:
        for attempt_id in bar:
            grade(attempt_id)
            db.session.commit()
    click.echo(_("%(n)d percobaan kuis dinilai.", n=len(ids)))
