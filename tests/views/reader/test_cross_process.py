"""Two real app processes (gunicorn, one worker each) on one database: a publish and a retraction made through
process A are seen by readers of process B within a second, on the database-checked cache and on the Redis one
(FACTCHECK_TEST_REDIS_URL; use a database number of your own: the test empties it). Without either, B would serve
the page it cached before the publish for as long as it runs."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack

import pytest
import requests
from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.models import Article, Publication, User
from factcheck.services import demo
from tests.conftest import PASSWORD, csrf_from
from tests.test_rate_limits import REDIS_URL, _gunicorn, _redis_or_skip, _servers_env

WITHIN = 1.0  # seconds after A answered the write: a request B gets from then on shows it


def _sign_in(base: str, user: User) -> requests.Session:
    browser = requests.Session()
    token = csrf_from(browser.get(base + "/login", timeout=10).text)
    data = {"email": user.email, "password": PASSWORD, "csrf_token": token}
    assert browser.post(base + "/login", data=data, timeout=10, allow_redirects=False).status_code == 302
    return browser


def _seen_within(read: Callable[[], bool], since: float) -> float:
    """Seconds from `since` until `read()` is true, polling; a read begun WITHIN seconds after `since` must be."""
    while True:
        started = time.monotonic()
        if read():
            return started - since
        assert started - since < WITHIN, "not seen by the other process within a second"
        time.sleep(0.05)


@pytest.fixture(params=["database", "redis"])
def backend(request: pytest.FixtureRequest) -> Iterator[dict[str, str]]:
    if request.param == "database":
        yield {}
        return
    if not REDIS_URL:
        pytest.skip("set FACTCHECK_TEST_REDIS_URL=redis://127.0.0.1:6379/<db> to test the page cache in Redis")
    client = _redis_or_skip()
    client.flushdb()
    yield {"FACTCHECK_REDIS_URL": REDIS_URL}
    client.flushdb()


def test_a_publish_and_a_retraction_on_one_process_show_on_the_other_within_a_second(
    db: Session,
    database_url: str,
    make_user: Callable[..., User],
    backend: dict[str, str],
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    demo.load_demo(db)
    db.commit()
    article = db.scalars(select(Article)).one()
    published = db.scalars(select(Publication)).one()
    claim_id = next(c["id"] for c in published.snapshot["claims"] if c["checked"])  # only checked claims have a page
    editor = make_user("editor")
    logs = tmp_path_factory.mktemp("two-processes")
    env = _servers_env(database_url, logs, **backend)
    with ExitStack() as stack:
        a, b = (stack.enter_context(_gunicorn(env, logs / f"{name}.log")) for name in "ab")
        page, claim_page, notes = (
            f"{b}/a/{article.slug}",
            f"{b}/claims/{claim_id}",
            f"{b}/a/{article.slug}/annotations.jsonld",
        )
        first = requests.get(page, timeout=10)
        assert "Version 1, published" in first.text and requests.get(claim_page, timeout=10).status_code == 200
        assert requests.get(notes, timeout=10).status_code == 200
        assert requests.get(page, headers={"If-None-Match": first.headers["ETag"]}, timeout=10).status_code == 304

        editor_browser = _sign_in(a, editor)
        token = csrf_from(editor_browser.get(f"{a}/publish/articles/{article.id}", timeout=10).text)
        published = editor_browser.post(
            f"{a}/publish/articles/{article.id}", data={"csrf_token": token}, timeout=10, allow_redirects=False
        )
        since = time.monotonic()
        assert published.status_code == 302, published.text[:500]
        delay = _seen_within(lambda: "Version 2, published" in requests.get(page, timeout=10).text, since)
        stale = requests.get(page, headers={"If-None-Match": first.headers["ETag"]}, timeout=10)
        assert stale.status_code == 200  # the reader's copy no longer validates

        retract = {"csrf_token": token, "notice": "The quoted report was never filed."}
        retracted = editor_browser.post(
            f"{a}/publish/articles/{article.id}/retract", data=retract, timeout=10, allow_redirects=False
        )
        since = time.monotonic()
        assert retracted.status_code == 302, retracted.text[:500]
        shown = _seen_within(lambda: "never filed" in requests.get(page, timeout=10).text, since)
        assert requests.get(claim_page, timeout=10).status_code == 410
        assert requests.get(notes, timeout=10).status_code == 410
    assert db.scalars(select(Publication.version).order_by(Publication.version.desc())).first() == 3
    print(f"\nseen on the other process after {delay:.2f} s (publish), {shown:.2f} s (retraction): {backend or 'db'}")
