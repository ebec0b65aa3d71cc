"""What the editor reviews before publishing: every claim of the article with what readers will see of it, the
unverified evidence a publication would carry, and the article's outlet and URL (ClaimReview needs both)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.models import AnchorState, Article, Claim, Triage, User
from factcheck.models.snapshot import Snapshot
from factcheck.services import audit
from factcheck.services.articles import check_article_url
from factcheck.services.errors import ValidationError


@dataclass(frozen=True)
class ClaimRow:
    claim: Claim
    readers: str  # what readers will see of it


@dataclass(frozen=True)
class Warning:
    claim_id: int
    quote: str
    problems: tuple[str, ...]


def claim_rows(session: Session, article: Article, snapshot: Snapshot) -> list[ClaimRow]:
    """Every claim of the article in text order (one statement), with what the snapshot shows of it."""
    listed = {c["id"]: c for c in snapshot["claims"]}
    rows: list[ClaimRow] = []
    stmt = select(Claim).where(Claim.article_id == article.id).order_by(Claim.start, Claim.id)
    for claim in session.scalars(stmt):
        item = listed.get(claim.id)
        if item is not None and item["verdict"] is not None:
            readers = f"checked: {item['verdict']['rating']['label']}"
        elif item is not None:
            readers = "shown as being checked"
        elif claim.triage == Triage.ACCEPTED and claim.anchor_state != AnchorState.ORPHAN:
            readers = "counted as being checked, not shown"
        elif claim.triage == Triage.ACCEPTED:
            readers = "not shown: no longer in the text"
        else:
            readers = f"not shown: {claim.triage}"
        rows.append(ClaimRow(claim, readers))
    return rows


def warnings(snapshot: Snapshot) -> list[Warning]:
    """Checked claims whose published evidence has a passage not found in its archived copy (readers see it as
    the reviewer's summary) or a source that could not be fetched."""
    out: list[Warning] = []
    for c in snapshot["claims"]:
        problems: list[str] = []
        for e in c["evidence"]:
            source = e["source"]
            name = "a confidential source" if source["confidential"] else (source["title"] or source["url"])
            if e["passage"] and e["match_score"] is None:
                problems.append(f"a passage from {name} was not found in the archived copy (shown as a summary)")
            if source.get("unreachable"):
                problems.append(f"{name} could not be fetched")
        if problems:
            out.append(Warning(c["id"], c["quote"], tuple(dict.fromkeys(problems))))
    return out


def missing_details(article: Article) -> list[str]:
    """What ClaimReview needs and the article lacks: "outlet", "url"."""
    return [name for name in ("outlet", "url") if not (getattr(article, name) or "").strip()]


def complete_details(session: Session, actor: User, article: Article, *, outlet: str, url: str) -> None:
    """Fill in the outlet and URL the article lacks (given ones only; existing ones are kept)."""
    outlet, url = " ".join(outlet.split()), url.strip()
    missing = missing_details(article)
    fields = {
        name: "ClaimReview needs it"
        for name, value in (("outlet", outlet), ("url", url))
        if name in missing and not value
    }
    if fields:
        named = " and ".join("the outlet" if f == "outlet" else "the article's URL" for f in fields)
        raise ValidationError(f"Give {named}: ClaimReview names where the article appeared.", fields=fields)
    changed: dict[str, str] = {}
    if "outlet" in missing:
        if len(outlet) > 200:
            raise ValidationError("The outlet is limited to 200 characters.", fields={"outlet": "too long"})
        article.outlet = changed["outlet"] = outlet
    if "url" in missing:
        check_article_url(url)
        if session.scalar(select(Article.id).where(Article.url == url, Article.id != article.id)) is not None:
            raise ValidationError("Another article in the workbench has this URL.", fields={"url": "taken"})
        article.url = changed["url"] = url
    if changed:
        session.flush()
        audit.record(session, actor, "article.details", "article", article.id, changed)
