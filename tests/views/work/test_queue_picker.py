"""The queue's article picker (a search field and its JSON endpoint, not a list of every article), its
plain-text fallback, the capped count and the keyset links of the queue page."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from factcheck.models import User
from factcheck.services import queue
from tests.support.builders import make_article

HOSTILE = 'Rates <img src=x onerror="alert(1)"> & 100% "quoted"'


@pytest.fixture()
def titles(db: Session) -> dict[str, int]:
    made = {
        "plain": make_article(
            db, "The toll on the bridge rose by 40% in 2022, the operator said.", title="Bridge tolls"
        ),
        "hostile": make_article(db, "Fares rose by 12% in 2023, the company said.", title=HOSTILE),
        "other": make_article(db, "The port handled 3,000 ships in 2021.", title="Port traffic", outlet="Harbour News"),
    }
    db.commit()
    return {k: a.id for k, a in made.items()}


def test_search_needs_staff(client: FlaskClient, titles: dict[str, int]) -> None:
    anonymous = client.get("/work/articles/search?q=Bridge")
    assert anonymous.status_code == 302 and "/login" in anonymous.headers["Location"]
    assert b"Bridge tolls" not in anonymous.data


def test_search_answers_json_and_keeps_markup_as_text(
    client: FlaskClient, titles: dict[str, int], login_as: Callable[..., User]
) -> None:
    login_as("reviewer")
    answer = client.get("/work/articles/search?q=onerror")
    assert answer.status_code == 200 and answer.mimetype == "application/json"
    assert answer.headers.get("X-Content-Type-Options") == "nosniff"
    found = json.loads(answer.data)
    assert found == [
        {
            "id": titles["hostile"],
            "title": HOSTILE,
            "outlet": "The Alder Courier",
            "label": f"#{titles['hostile']} · {HOSTILE}",
        }
    ]
    assert [f["id"] for f in json.loads(client.get("/work/articles/search?q=harbour").data)] == [titles["other"]]
    assert [f["id"] for f in json.loads(client.get(f"/work/articles/search?q=%23{titles['plain']}").data)] == [
        titles["plain"]
    ]
    # LIKE wildcards in the words match only themselves.
    assert [f["id"] for f in json.loads(client.get("/work/articles/search?q=100%25").data)] == [titles["hostile"]]
    assert json.loads(client.get("/work/articles/search?q=_").data) == []


def test_queue_has_a_search_field_not_a_list_of_articles(
    client: FlaskClient, titles: dict[str, int], login_as: Callable[..., User]
) -> None:
    login_as("reviewer")
    page = client.get("/work/queue").get_data(as_text=True)
    assert 'name="article"' in page and "data-picker=" in page and "js/picker.js" in page
    assert f'<option value="{titles["other"]}"' not in page and 'onerror="alert' not in page


def test_without_javascript_the_field_takes_an_id_or_words(
    client: FlaskClient, titles: dict[str, int], login_as: Callable[..., User]
) -> None:
    login_as("reviewer")
    by_id = client.get(f"/work/queue?article=%23{titles['hostile']}+·+whatever").get_data(as_text=True)
    assert "Fares rose" in by_id and "toll on the bridge" not in by_id
    assert f'value="#{titles["hostile"]} · Rates &lt;img src=x onerror=&#34;alert(1)&#34;&gt;' in by_id
    by_words = client.get("/work/queue?article=bridge").get_data(as_text=True)
    assert "toll on the bridge" in by_words and "Fares rose" not in by_words and 'value="bridge"' in by_words
    old_link = client.get(f"/work/queue?article={titles['other']}").get_data(as_text=True)
    assert "3,000 ships" in old_link and "toll on the bridge" not in old_link


def test_capped_count_and_keyset_links(
    client: FlaskClient, db: Session, login_as: Callable[..., User], monkeypatch: pytest.MonkeyPatch
) -> None:
    text = "\n\n".join(f"The rent in block {i} rose by {i + 3}% in 2023, the landlord said." for i in range(7))
    make_article(db, text, title="Rents")
    db.commit()
    monkeypatch.setattr(queue, "COUNT_CAP", 3)
    monkeypatch.setattr(queue, "PER_PAGE", 2)
    login_as("reviewer")
    first = client.get("/work/queue?sort=position").get_data(as_text=True)
    assert "3+ claims" in first and "page 1 of" not in first and 'rel="prev"' not in first
    link = first.split('rel="next" href="', 1)[1].split('"', 1)[0].replace("&amp;", "&")
    assert "after=" in link and "sort=position" in link
    second = client.get(link).get_data(as_text=True)
    assert "block 2 " in second and "block 0 " not in second and 'rel="prev"' in second
