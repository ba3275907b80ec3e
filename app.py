"""WSGI entry point: ``flask run`` and gunicorn both find ``app`` here."""

from training import create_app

app = create_app()
