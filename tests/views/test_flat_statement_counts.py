"""Pages that must stay flat with the data: the same number of SQL statements with a few articles and claims as
with many (the workbench home, the queue on its first and on a keyset page, the public home page)."""

from __future__ import annotations

from collections.abc import Callable

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from factcheck.models import User
from factcheck.services import publishing
from tests.support.builders import make_article, make_claim
from tests.support.people import default_user
from tests.support.queries import counting


def _add(db: Session, n: int, tag: str) -> None:
    for k in range(n):
        text = "\n\n".join(
            f"Depot {tag}{k}-{i} moved {i + 5} thousand crates in 2022, the port said." for i in range(4)
        )
        article = make_article(db, text, title=f"Depot report {tag}{k}", extract=False)
        for i in range(4):
            make_claim(db, article, f"Depot {tag}{k}-{i} moved {i + 5} thousand crates in 2022, the port said.")
    db.commit()


def _publish(db: Session, n: int, tag: str) -> None:
    for k in range(n):
        article = make_article(
            db, f"Quay {tag}{k} dues rose by {k + 2}% in 2021.", title=f"Quay {tag}{k}", extract=False
        )
        make_claim(db, article, status="approved")
        publishing.publish(db, default_user(db, "editor"), article)
    db.commit()


def _counts(client: FlaskClient, db: Session, paths: list[str]) -> list[int]:
    found = []
    for path in paths:
        client.get(path)  # warm: the session's user, templates
        with counting(db) as statements:
            assert client.get(path).status_code == 200, path
        found.append(statements[0])
    return found


def _next_link(client: FlaskClient) -> str:
    page = client.get("/work/queue?sort=position").get_data(as_text=True)
    return page.split('rel="next" href="', 1)[1].split('"', 1)[0].replace("&amp;", "&")


def test_workbench_statements_do_not_grow(client: FlaskClient, db: Session, login_as: Callable[..., User]) -> None:
    _add(db, 14, "a")  # 56 claims: more than one queue page
    login_as("editor")
    paths = ["/work/", "/work/queue", "/work/queue?status=new&kind=quantity&sort=age", _next_link(client)]
    few = _counts(client, db, paths)
    _add(db, 30, "b")
    many = _counts(client, db, [*paths[:3], _next_link(client)])
    assert few == many, (few, many)


def test_public_home_statements_do_not_grow(client: FlaskClient, db: Session) -> None:
    _publish(db, 2, "a")
    few = _counts(client, db, ["/?q=Quay", "/?page=21"])
    _publish(db, 8, "b")
    many = _counts(client, db, ["/?q=Quay", "/?page=21"])
    assert few == many == [1, 1], (few, many)
