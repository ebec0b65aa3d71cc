"""The reader layout holds with a hostile article: a 500-character unbroken title, a 2,000-character word (in the
text, inside a claim, in a verdict and a passage) and long URLs (the article's and the sources', shown as link
text) never make the page wider than the window, on a phone (390 px) or a desktop (1280 px), with or without a
claim's card open in its dialog."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.models import Article, Claim, User
from factcheck.services import articles, publishing, ratings, sources, verdicts
from tests.e2e.conftest import LiveServer

TITLE = "T" * 500
WORD = "Overlong" + "x" * 1992
URL = "https://example.org/" + "/".join("segment" + "q" * 40 + str(n) for n in range(12)) + "?q=" + "z" * 300
OVERFLOWS = "document.documentElement.scrollWidth - window.innerWidth"
CULPRITS = """() => [...document.querySelectorAll('body *')].filter(el => el.getBoundingClientRect().right >
  window.innerWidth + 1 || el.scrollWidth > el.clientWidth + 1).slice(0, 8).map(el => el.tagName + '.' +
  el.className + ' ' + Math.round(el.getBoundingClientRect().right) + ' ' + el.scrollWidth + ' ' +
  (el.textContent || '').slice(0, 30))"""


def _hostile_article(db: Session, make_user: Callable[..., User]) -> tuple[Article, list[Claim]]:
    ratings.load_presets(db)
    reviewer, editor = make_user("reviewer"), make_user("editor")
    text = (
        f"The minister said {WORD} was the word of the year in 2019.\n\n"
        f"Officials said 40% of budgets rose in 2019, citing {URL} as the record.\n\n"
        f"A plain paragraph follows with {WORD[:900]} and more words after it."
    )
    article = articles.import_text(
        db, reviewer, title=TITLE, text=text, origin="paste", outlet="O" * 200, url=URL + "/article"
    ).article
    spans = list(db.scalars(select(Claim).where(Claim.article_id == article.id).order_by(Claim.start)))
    assert [c.start for c in spans] == [0, text.index("Officials")]  # the extractor found both claims
    scale = ratings.active_scale(db)
    assert scale is not None
    for n, claim in enumerate(spans):
        source = sources.archived_source(
            db,
            reviewer,
            url=f"{URL}/{n}",
            title="",
            publisher="P" * 300,
            text=f"Archived {WORD}",
            fetched_at=dt.datetime(2020, 1, 3, tzinfo=dt.UTC),
        )
        sources.add_evidence(db, reviewer, claim, source, stance="supports", passage=f"Passage {WORD}")
        verdicts.draft(
            db, reviewer, claim, rating_id=scale.ratings[0].id, summary=WORD[:500], rationale=f"Why: {WORD} and <{URL}>"
        )
        verdicts.submit(db, reviewer, claim)
        verdicts.approve(db, editor, claim)
    publishing.publish(db, editor, article, "")
    db.commit()
    return article, spans


@pytest.mark.parametrize("width", [390, 1280])
def test_a_hostile_article_never_widens_the_page(
    page: Page, live: LiveServer, db: Session, make_user: Callable[..., User], width: int
) -> None:
    article, spans = _hostile_article(db, make_user)
    page.set_viewport_size({"width": width, "height": 900})
    wide: dict[str, list[str]] = {}
    for path in ["/", f"/a/{article.slug}", f"/a/{article.slug}/versions", *(f"/claims/{c.id}" for c in spans)]:
        page.goto(live.url + path)
        expect(page.locator("h1").first).to_be_visible()
        if page.evaluate(OVERFLOWS) > 0:
            wide[path[:40]] = page.evaluate(CULPRITS)
    page.goto(f"{live.url}/a/{article.slug}")
    page.locator(f"#claim-{spans[0].id}").click()
    expect(page.locator("#card-dialog")).to_be_visible()
    if page.evaluate(OVERFLOWS) > 0:
        wide["card dialog"] = page.evaluate(CULPRITS)
    dialog = page.locator("#card-dialog").bounding_box()
    assert dialog is not None and dialog["x"] >= 0 and dialog["x"] + dialog["width"] <= width
    assert wide == {}
    assert db.scalar(select(Article.title).where(Article.id == article.id)) == TITLE
