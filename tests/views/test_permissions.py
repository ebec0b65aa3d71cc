"""The permission matrix: every route in app.url_map × {anonymous, reviewer, editor, admin} × method.

A new route fails `test_every_route_is_in_the_matrix` until someone decides who may use it.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.routing import Rule

from factcheck.models import Article, Claim, EventMention, RatingScale, User
from factcheck.services import demo, users
from tests.conftest import PASSWORD, get_csrf

ROLES = ("anonymous", "reviewer", "editor", "admin")
LEVEL = {"anyone": 0, "staff": 1, "editor": 2, "admin": 3}
RANK = {"anonymous": 0, "reviewer": 1, "editor": 2, "admin": 3}

# endpoint -> who may use it. "token:" levels authenticate by API token only.
MATRIX: dict[str, str] = {
    "static": "anyone",
    "public.home": "anyone",
    "public.healthz": "anyone",
    "public.readyz": "anyone",
    "public.methodology": "anyone",
    "public.corrections": "anyone",
    "public.about": "anyone",
    "public.team": "anyone",
    "public.funding": "anyone",
    "public.contact": "anyone",
    "public.suggest": "anyone",
    "public.request_correction": "anyone",
    "reader.article": "anyone",
    "reader.article_version": "anyone",
    "reader.versions": "anyone",
    "reader.annotations": "anyone",
    "reader.download": "anyone",
    "reader.claim": "anyone",
    "reader.source_copy": "anyone",
    "publish.index": "editor",
    "publish.article": "editor",
    "publish.publish": "editor",
    "publish.retract": "editor",
    "publish.decide_request": "editor",
    "settings.edit": "admin",
    "auth.login": "anyone",
    "auth.logout": "anyone",
    "work.home": "staff",
    "work.article": "staff",
    "work.import_form": "staff",
    "work.import_paste": "staff",
    "work.import_file": "staff",
    "work.import_url": "staff",
    "work.article_refetch": "staff",
    "work.queue_page": "staff",
    "work.article_search": "staff",
    "work.queue_bulk": "staff",
    "work.claim": "staff",
    "work.claim_matches": "staff",
    "work.claim_panel": "staff",
    "work.claim_assign": "staff",
    "work.claim_source": "staff",
    "work.claim_verdict": "staff",
    "work.claim_submit": "staff",
    "work.claim_approve": "editor",
    "work.claim_return": "editor",
    "work.claim_comment": "staff",
    "work.source": "staff",
    "work.source_confidential": "staff",
    "work.claim_document": "staff",
    "work.claim_person": "staff",
    "work.claim_passage": "staff",
    "work.claim_details_edit": "staff",
    "work.claim_create": "staff",
    "work.claim_span": "staff",
    "work.claim_split": "staff",
    "work.claim_merge": "staff",
    "work.claim_dismiss": "staff",
    "work.claim_restore": "staff",
    "work.claim_accept": "staff",
    "work.evidence_withdraw": "staff",
    "work.evidence_correct": "staff",
    "work.match_reuse": "staff",
    "work.match_not_same": "staff",
    "work.match_external_same": "staff",
    "work.match_external_not_same": "staff",
    "work.timeline_page": "staff",
    "work.events_merge": "staff",
    "work.mention_split": "staff",
    "work.job_page": "staff",
    "work.job_json": "staff",
    "work.monitor_page": "staff",
    "work.monitor_accept": "staff",
    "admin.index": "admin",
    "admin.activate_scale": "admin",
    "admin_intel.claimreview_page": "admin",
    "admin_intel.claimreview_file": "admin",
    "admin_intel.claimreview_url": "admin",
    "admin_intel.ranker_page": "admin",
    "admin_intel.ranker_train": "admin",
    "admin_intel.ranker_activate": "admin",
    "admin_intel.ranker_reset": "admin",
    "admin.jobs_page": "admin",
    "admin.hooks_page": "admin",
    "admin.hook_new": "admin",
    "admin.hook_edit": "admin",
    "admin.hook_log": "admin",
    "admin.hook_test": "admin",
    "admin.hook_rotate": "admin",
    "admin.hook_secret": "admin",
    "admin.hook_delete": "admin",
    "work.link_changes": "editor",
    "admin.job_retry": "admin",
    "admin.job_discard": "admin",
    "admin.feeds_page": "admin",
    "admin.feed_add": "admin",
    "admin.feed_edit": "admin",
    "admin.feed_poll": "admin",
    "admin.feed_remove": "admin",
    "admin.new_scale": "admin",
    "admin.edit_scale": "admin",
    "team.people": "admin",
    "team.invite": "admin",
    "team.reset": "admin",
    "team.set_role": "admin",
    "team.set_active": "admin",
    "team.welcome": "anyone",
    "team.password": "staff",
    "team.inbox": "staff",
    "team.inbox_read": "staff",
    "team.inbox_read_one": "staff",
    "api.me": "token:staff",
    "reports.index": "editor",
    "reports.download": "editor",
    "reports.printable": "editor",
    "reports.pdf_job": "editor",
    "reports.job_file": "editor",
    "api_reports.verdicts": "token:editor",
    "api.openapi": "anyone",
    "api.create_article": "token:staff",
    "api.get_article": "token:staff",
    "api.list_claims": "token:staff",
    "api.get_claim": "token:staff",
    "api.add_claim": "token:staff",
    "api.patch_claim": "token:staff",
    "api.add_source": "token:staff",
    "api.list_sources": "token:staff",
    "api.put_verdict": "token:staff",
    "api.verdict_history": "token:staff",
    "api.submit": "token:staff",
    "api.approve": "token:editor",
    "api.return_": "token:editor",
    "api.add_comment": "token:staff",
    "api.publish": "token:editor",
    "api.get_job": "token:staff",
    "api.job_file": "token:editor",
}


def _rules(app: Flask) -> list[Rule]:
    """Every rule; signing out comes last so it does not end the session under the other checks."""
    return sorted(app.url_map.iter_rules(), key=lambda r: (r.endpoint == "auth.logout", r.endpoint, r.rule))


def test_every_route_is_in_the_matrix(app: Flask) -> None:
    missing = sorted({r.endpoint for r in _rules(app)} - set(MATRIX))
    assert missing == [], f"routes without a permission decision: {missing}"
    stale = sorted(set(MATRIX) - {r.endpoint for r in _rules(app)})
    assert stale == [], f"matrix entries for routes that no longer exist: {stale}"


def _args(db: Session) -> dict[str, object]:
    article = db.scalar(select(Article))
    claim = db.scalar(select(Claim))
    scale = db.scalar(select(RatingScale).where(RatingScale.active.is_(False)))
    mention = db.scalar(select(EventMention.id).order_by(EventMention.id))  # the demo article's events, if any
    assert article and claim and scale
    return {
        "article_id": article.id,
        "claim_id": claim.id,
        "scale_id": scale.id,
        "filename": "css/app.css",
        "slug": article.slug,
        "version": 1,
        "source_id": 1,
        "evidence_id": 1,
        "request_id": 1,
        "matched_id": claim.id,
        "check_id": 1,
        "model_id": 1,
        "mention_id": mention or 1,
        "job_id": 1,
        "user_id": db.scalar(select(User.id).order_by(User.id)) or 1,
        "token": "no-such-link",
        "notification_id": 1,
        "hook_id": 1,
        "feed_id": 1,
        "panel": "document",
    }


def _denied(response_status: int, location: str) -> bool:
    return response_status in (401, 403) or (response_status == 302 and location.startswith("/login"))


@pytest.mark.parametrize("role", ROLES)
def test_matrix(app: Flask, db: Session, client: FlaskClient, make_user: Callable[..., User], role: str) -> None:
    demo.load_demo(db)
    db.commit()
    args = _args(db)
    headers: dict[str, str] = {}
    if role != "anonymous":
        user = make_user(role)
        token = users.create_token(db, None, user)
        db.commit()
        response = client.post(
            "/login", data={"email": user.email, "password": PASSWORD, "csrf_token": get_csrf(client)}
        )
        assert response.status_code == 302
        headers = {"Authorization": f"Bearer {token}"}
    csrf = get_csrf(client, "/login" if role == "anonymous" else "/work/")
    failures = []
    for rule in _rules(app):
        level = MATRIX[rule.endpoint]
        url = rule.build({k: args[k] for k in rule.arguments}, append_unknown=False)
        assert url is not None
        path = url[1]
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            token_only = level.startswith("token:")
            need = LEVEL[level.removeprefix("token:")]
            allowed = RANK[role] >= need
            kwargs: dict[str, object] = {"headers": headers if token_only else {}}
            if method != "GET" and not token_only:
                kwargs["data"] = {"csrf_token": csrf}
            response = client.open(path, method=method, **kwargs)  # type: ignore[arg-type]
            response.close()
            denied = _denied(response.status_code, response.headers.get("Location", ""))
            if allowed == denied or response.status_code >= 500:
                failures.append(
                    f"{method} {path} as {role}: {response.status_code} (expected {'allowed' if allowed else 'denied'})"
                )
    assert failures == []
