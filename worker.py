"""The Celery entry point: ``celery -A worker worker`` (and ``beat``), beside ``app.py``.

Builds the Flask app from the same settings as the web processes (DATABASE_URL,
PRESISI_JOBS_BROKER_URL...): workers and web share the database and JOBS_RESULT_DIR. It
lives outside ``training/`` (like ``app.py``): it imports the app factory, which imports
every package, ``jobs`` included.
"""

from training import create_app

flask_app = create_app()
celery = flask_app.extensions["celery"]
celery.set_current()
celery.set_default()
