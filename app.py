"""Builds the application for `flask --app app` and WSGI servers (gunicorn 'app:app')."""

from factcheck.factory import create_app

app = create_app()
