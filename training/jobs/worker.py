"""The Celery entry point: ``celery -A training.jobs.worker worker`` (and ``beat``).

Builds the Flask app from the same settings as the web processes (DATABASE_URL,
PRESISI_JOBS_BROKER_URL...): workers and web share the database and JOBS_RESULT_DIR.
"""

from training import create_app

flask_app = create_app()
celery = flask_app.extensions["celery"]
celery.set_current()
celery.set_default()
