"""A reader's request, once an editor accepts it, becomes a claim in the queue (origin "reader"), so reviewers
see it, can be assigned it and check it like any other.

- The request names an article and its text is found there (exactly or nearly): the claim is that span.
- Otherwise the request becomes a short article of its own ("Reader request 12 …", its text the reader's
  words) with one claim spanning them; a request about an article names it in the title."""

from __future__ import annotations

from sqlalchemy.orm import Session

from factcheck.models import Article, ArticleRevision, Claim, ReaderRequest, User, text_sha256
from factcheck.services import audit, claims
from factcheck.services.articles import clean_text, unique_slug
from factcheck.services.sources import locate_passage

OUTLET = "Reader request"


def _request_article(session: Session, actor: User, request: ReaderRequest, about: Article | None) -> Article:
    text = clean_text(request.body)
    title = f"Reader request {request.id}" + (f" about “{about.title}”" if about else "")
    article = Article(slug=unique_slug(session, title), title=title[:500], outlet=OUTLET, created_by_id=actor.id)
    session.add(article)
    session.flush()
    revision = ArticleRevision(
        article_id=article.id, number=1, text=text, sha256=text_sha256(text), origin="paste", created_by_id=actor.id
    )
    session.add(revision)
    session.flush()
    session.refresh(article, ["revisions"])
    audit.record(session, actor, "article.import", "article", article.id, {"title": title, "origin": "reader"})
    return article


def claim_from_request(session: Session, actor: User, request: ReaderRequest) -> Claim:
    about = session.get(Article, request.article_id) if request.article_id else None
    revision = about.current_revision if about else None
    found = locate_passage(revision.text, request.body) if revision else None
    if about is not None and found is not None:
        claim = claims.add_claim(session, actor, about, found[0], found[1])
    else:
        article = _request_article(session, actor, request, about)
        assert article.current_revision is not None
        claim = claims.add_claim(session, actor, article, 0, len(article.current_revision.text))
    claim.origin = "reader"
    session.flush()
    audit.record(session, actor, "reader_request.claim", "reader_request", request.id, {"claim": claim.id})
    return claim
