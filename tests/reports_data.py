# Moved to tests/support/reports_data.py. This shim keeps `from tests.reports_data import ...` working in the
# test files other branches are changing now (tests/services/test_reports.py, tests/views/test_reports.py,
# tests/exports/*); import from tests.support.reports_data in new code, and delete this file once none do.
from tests.support.reports_data import *  # noqa: F403
