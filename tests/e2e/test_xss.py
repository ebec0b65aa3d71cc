"""Cross-site scripting: 26 payloads in every user- or article-supplied field, every HTML page visited in a real
browser as an admin and as a reader; no script may run, no handler or javascript: link may reach the DOM, and
every HTML response carries the CSP."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from flask import Flask
from playwright.sync_api import Page
from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.models import Article, Claim, Source, User
from factcheck.services import claims, comments, importing, publishing, ratings, sources, verdicts
from tests.conftest import PASSWORD
from tests.e2e.conftest import LiveServer

PAYLOADS = [
    "<script>window.__xss=1</script>",
    '<img src=x onerror="window.__xss=2">',
    '<svg onload="window.__xss=3">',
    '"><script>window.__xss=4</script>',
    "'><img src=x onerror=alert(5)>",
    "javascript:window.__xss=6",
    '<iframe src="javascript:alert(7)"></iframe>',
    "<body onload=alert(8)>",
    '<a href="javascript:alert(9)">click me</a>',
    '<math><mi xlink:href="javascript:alert(10)">m</mi></math>',
    "<details open ontoggle=alert(11)>d</details>",
    "<input autofocus onfocus=alert(12)>",
    "</textarea><script>alert(13)</script>",
    "</title><script>alert(14)</script>",
    "<style>@import 'javascript:alert(15)';</style>",
    "<scr<script>ipt>alert(16)</script>",
    "[click](javascript:alert(17))",
    '![x](x" onerror="alert(18))',
    '<object data="javascript:alert(19)"></object>',
    '<embed src="javascript:alert(20)">',
    '<video><source onerror="alert(21)"></video>',
    "</script><script>alert(22)</script>",
    '"-alert(23)-"',
    '<a href="&#106;avascript:alert(24)">entity</a>',
    '<form action="javascript:alert(25)"><button>go</button></form>',
    '<noscript><p title="</noscript><img src=x onerror=alert(26)>">',
]
ALL = " ".join(PAYLOADS)


def _hostile_data(db: Session, make_user: Callable[..., User]) -> tuple[User, Article]:
    ratings.load_presets(db)
    admin = make_user("admin", name=f"Admin {PAYLOADS[1]}")
    reviewer = make_user("reviewer", name=f"Rev {PAYLOADS[0]}")
    editor = make_user("editor", name=f"Ed {PAYLOADS[2]}")
    text = "\n\n".join(
        f"Officials said {i * 10}% of budgets rose in 2019 {p} according to the ministry."
        for i, p in enumerate(PAYLOADS, 1)
    )
    draft = importing.ArticleDraft(
        title=f"Title {ALL}"[:500],
        text=text,
        origin="paste",
        outlet=f"Outlet {PAYLOADS[3]}",
        author=f"Author {PAYLOADS[4]}",
        published_on=dt.date(2020, 1, 2),
        url="https://example.org/hostile",
    )
    article = importing.import_draft(db, reviewer, draft).article
    claims.add_claim(db, reviewer, article, 0, len(text.split("\n\n")[0]))
    db.flush()
    scale = ratings.active_scale(db)
    assert scale is not None
    for claim in list(db.scalars(select(Claim).where(Claim.article_id == article.id).order_by(Claim.start)))[:3]:
        source = sources.archived_source(
            db,
            reviewer,
            url=f"https://example.org/src/{claim.id}",
            title=f"Src {ALL}"[:500],
            publisher=f"Pub {PAYLOADS[5]}",
            text=f"Archived {ALL}",
            fetched_at=dt.datetime(2020, 1, 3, tzinfo=dt.UTC),
        )
        sources.add_evidence(
            db, reviewer, claim, source, stance="supports", passage=f"Passage {PAYLOADS[6]}", note=f"Note {PAYLOADS[7]}"
        )
        verdicts.draft(
            db,
            reviewer,
            claim,
            rating_id=scale.ratings[0].id,
            summary=f"Sum {PAYLOADS[8]}"[:500],
            rationale=f"Why:\n\n{ALL}",
        )
        verdicts.submit(db, reviewer, claim)
        verdicts.approve(db, editor, claim)
        comments.add_comment(db, reviewer, claim, f"Comment {ALL}")
    publishing.publish(db, editor, article, "")
    db.commit()
    return admin, article


def _html_pages(app: Flask, db: Session, article: Article) -> list[str]:
    claim = db.scalar(select(Claim).where(Claim.article_id == article.id).order_by(Claim.start))
    source = db.scalar(select(Source))
    assert claim is not None and source is not None
    values = {
        "slug": article.slug,
        "article_id": article.id,
        "claim_id": claim.id,
        "source_id": source.id,
        "version": 1,
    }
    urls = []
    for rule in app.url_map.iter_rules():
        if "GET" not in (rule.methods or set()) or rule.endpoint == "static" or rule.rule.startswith("/api/"):
            continue
        if not set(rule.arguments) <= set(values):
            continue
        urls.append(rule.build({k: values[k] for k in rule.arguments}, append_unknown=False)[1])
    return sorted(set(urls))


CHECK_DOM = """() => {
  const bad = [];
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase(), value = attr.value.trim().toLowerCase();
      if (name.startsWith('on')) bad.push(el.tagName + ' ' + name);
      const urlish = ['href', 'src', 'action', 'data', 'formaction', 'xlink:href'].includes(name);
      if (urlish && value.startsWith('javascript:'))
        bad.push(el.tagName + ' ' + name + '=' + value.slice(0, 40));
    }
    if (['SCRIPT'].includes(el.tagName) && el.type !== 'application/ld+json' && !el.src) bad.push('inline script');
    if (['IFRAME', 'OBJECT', 'EMBED'].includes(el.tagName)) bad.push(el.tagName);
  }
  return {bad, xss: window.__xss === undefined ? null : window.__xss};
}"""


def _visit_all(page: Page, live: LiveServer, urls: list[str]) -> list[str]:
    problems: list[str] = []
    page.on("dialog", lambda d: (problems.append(f"dialog: {d.message}"), d.dismiss()))
    for url in urls:
        head = page.request.get(live.url + url)
        if "text/html" not in (head.headers.get("content-type") or ""):
            continue
        if "content-security-policy" not in head.headers:
            problems.append(f"{url}: no CSP header")
        if "attachment" in (head.headers.get("content-disposition") or ""):
            continue  # a download, not a page of this site (checked below as a file)
        page.goto(live.url + url)
        page.keyboard.press("Tab")
        result = page.evaluate(CHECK_DOM)
        if result["bad"] or result["xss"] is not None:
            problems.append(f"{url}: {result}")
    return problems


def test_no_payload_runs_on_any_page(
    page: Page, live: LiveServer, app: Flask, db: Session, make_user: Callable[..., User]
) -> None:
    admin, article = _hostile_data(db, make_user)
    urls = _html_pages(app, db, article)
    assert len(urls) >= 10, urls
    reader_problems = _visit_all(page, live, urls)
    page.goto(live.url + "/login")
    page.get_by_label("Email").fill(admin.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/work/")
    staff_problems = _visit_all(page, live, urls)
    assert reader_problems == [] and staff_problems == []
