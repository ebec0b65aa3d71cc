"""Builds the application for `flask --app app` and WSGI servers (gunicorn 'app:app')."""

import gc

from factcheck.factory import create_app

app = create_app()
# What was built at start (the app, the imported libraries) lives as long as the process: moved out of the
# garbage collector's full passes, which walked all of it every few hundred requests (100+ ms: the pages' p99).
gc.freeze()
