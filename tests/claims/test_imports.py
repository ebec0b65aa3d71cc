"""The claim engine stays free of Flask (and of anything web): it must run in a plain worker."""

from __future__ import annotations

import subprocess
import sys


def test_claims_package_does_not_import_flask() -> None:
    code = (
        "import sys; from factcheck.claims.extract import extract_claims;"
        "extract_claims('Trump met Putin in Paris on November 11.');"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('flask', 'werkzeug', 'sqlalchemy'));"
        "print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
