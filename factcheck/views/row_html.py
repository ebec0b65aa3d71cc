"""The status badge, the score bar and the article work page's rows, written in Python: list pages show them on
every row (a hundred on the article work page), and a Jinja macro call costs about as much as the rest of the
cell. The macros of templates/macros/ui.html call these, so there is one way to draw each."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from flask import current_app, request, url_for
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup, escape

from factcheck.models import Claim
from factcheck.views.id_urls import IdUrl
from factcheck.views.template_filters import when


def status_badge(status: str) -> Markup:
    # f-strings and one escape: Markup.format runs string.Formatter in Python, several times slower
    value = escape(str(status))
    return Markup(f'<span class="badge badge-{value}">{value.replace("_", " ")}</span>')


def score_bar(score: float) -> Markup:
    shown = f"{score:.2f}"  # a number: nothing to escape
    return Markup(
        f'<span class="score" title="check-worthiness {shown}">\n'
        f'    <span class="score-fill" data-score="{round(score * 100)}"></span>\n'
        f'    <span class="score-num">{shown}</span>\n'
        "  </span>"
    )


_EDITABLE = ("new", "in_review", "returned")


def article_rows(claims: Sequence[Claim], *, token: str, seen: object, can_edit: bool) -> Markup:
    """The article work page's claim table rows (templates/work/article.html): a hundred rows of up to four tools
    each, written here in one pass instead of a template loop (most of that page's time went to the loop)."""
    env = current_app.jinja_env
    truncate = env.filters["truncate"]
    claim_url, span_url = IdUrl("work.claim", "claim_id"), IdUrl("work.claim_span", "claim_id")
    split_url, merge_url = IdUrl("work.claim_split", "claim_id"), IdUrl("work.claim_merge", "claim_id")
    dismiss_url = IdUrl("work.claim_dismiss", "claim_id")
    token_e, seen_e = escape(token), escape(seen)
    out: list[str] = []
    for i, claim in enumerate(claims):
        cid = int(claim.id)
        href = escape(claim_url(cid))
        cell = [f'<a href="{href}">{escape(truncate(env, claim.quote, 200))}</a>']
        if claim.speaker:
            cell.append(f'<div class="meta">speaker: {escape(claim.speaker)}</div>')
        chips = "".join(
            f'<span class="chip" title="{escape(d.get("text", ""))}">{escape(d.get("value", ""))}</span> '
            for d in claim.dates or []
        )
        cell.append(f'<div class="meta">{chips}</div>')
        if claim.anchor_state != "exact":
            score = "" if claim.anchor_score is None else f", similarity {claim.anchor_score:.2f}"
            cell.append(
                '<div class="meta warn">The text changed: this claim was found again approximately.</div>'
                '<details class="details"><summary>Technical details</summary><p class="meta">Anchor '
                f"{escape(claim.anchor_state)}{score}, version {int(claim.version)}.</p></details>"
            )
        if claim.needs_rereview:
            cell.append('<span class="badge badge-returned">needs re-review</span>')
        assignee = f'<div class="meta">{escape(claim.assignee.name)}</div>' if claim.assignee else ""
        tools = ""
        if can_edit and claim.status in _EDITABLE:
            fields = (
                f'<input type="hidden" name="csrf_token" value="{token_e}">'
                f'<input type="hidden" name="version" value="{int(claim.version)}">'
                f'<input type="hidden" name="seen" value="{seen_e}">'
            )
            parts = [
                f'<form method="post" action="{escape(span_url(cid))}" data-needs-selection data-tool="span">{fields}'
                '<input type="hidden" name="start" data-sel="start"><input type="hidden" name="end" data-sel="end">'
                '<button type="submit" class="small">Span = selection</button></form>',
                f'<form method="post" action="{escape(split_url(cid))}" data-needs-selection data-tool="split">{fields}'
                '<input type="hidden" name="at" data-sel="start">'
                '<button type="submit" class="small">Split at selection</button></form>',
            ]
            if i + 1 < len(claims):
                nxt = claims[i + 1]
                confirm = escape(
                    f"Merge claim {cid} with the next claim ({int(nxt.id)}: “{truncate(env, nxt.quote, 60)}”)? "
                    "The two become one claim."
                )
                parts.append(
                    f'<form method="post" action="{escape(merge_url(cid))}" data-tool="merge" data-confirm="{confirm}">'
                    f'{fields}<input type="hidden" name="other" value="{int(nxt.id)}">'
                    '<button type="submit" class="small">Merge with next</button></form>'
                )
            if claim.status != "returned":
                parts.append(
                    f'<form method="post" action="{escape(dismiss_url(cid))}" data-tool="dismiss">{fields}'
                    '<button type="submit" class="small danger">Dismiss</button></form>'
                )
            tools = "\n".join(parts)
        out.append(
            f'<tr id="row-{cid}" data-row="{cid}" data-claim-href="{href}">'
            f'<td><a href="#claim-{cid}">{cid}</a></td>'
            f"<td>{''.join(cell)}</td>"
            f"<td>{escape(claim.kind)}</td>"
            f"<td>{score_bar(claim.checkworthiness)}</td>"
            f"<td>{status_badge(claim.status)}{assignee}</td>"
            f'<td class="tools">{tools}</td></tr>'
        )
    return Markup("\n".join(out))


_TRIAGE_LABELS = {"suggested": "suggested", "accepted": "to check", "dismissed": "dismissed"}
_DONE = ("approved", "published")


def queue_rows(
    claims: Sequence[Claim], *, learned: Mapping[int, float], desk: Mapping[str, Any], seen: object
) -> Markup:
    """The queue's rows (templates/work/queue.html), fifty a page, written in one pass like `article_rows`."""
    env = current_app.jinja_env
    truncate = env.filters["truncate"]
    claim_url, assign_url = IdUrl("work.claim", "claim_id"), IdUrl("work.claim_assign", "claim_id")
    me = current_user.id
    token, here, seen_e = escape(generate_csrf()), escape(request.full_path), escape(seen)
    tags: Mapping[int, Sequence[str]] = desk["tags"]
    today = desk["today"]
    out: list[str] = []
    for claim in claims:
        cid = int(claim.id)
        href = escape(claim_url(cid))
        meta: list[str] = [escape(truncate(env, claim.article.title, 70))]
        if claim.article.outlet:
            meta.append(f" · {escape(claim.article.outlet)}")
        if claim.origin == "reader":
            meta.append(' · <span class="chip">from a reader</span>')
        if claim.revisit_on:
            meta.append(f" · revisit {escape(when(claim.revisit_on))}")
        if claim.speaker:
            meta.append(f" · <span data-speaker>{escape(claim.speaker)}</span>")
        for tag in tags.get(cid, []):
            meta.append(f' <a class="chip" href="{escape(url_for("work.queue_page", tag=tag))}">{escape(tag)}</a>')
        if claim.due_on:
            late = claim.due_on < today and claim.status not in _DONE and claim.triage != "dismissed"
            meta.append(f' · <span class="{"warn-inline" if late else ""}">due {escape(when(claim.due_on))}</span>')
        if cid in learned:
            score = (
                f'{score_bar(learned[cid])}<span class="meta" title="the learned ranker\'s score; the default scorer '
                f'gives {claim.checkworthiness:.2f}">learned</span>'
            )
        else:
            score = str(score_bar(claim.checkworthiness))
        take = ""
        if claim.assignee_id != me and claim.triage != "dismissed" and claim.status != "published":
            take = (
                f'<form method="post" action="{escape(assign_url(cid))}" class="inline">'
                f'<input type="hidden" name="csrf_token" value="{token}">'
                f'<input type="hidden" name="version" value="{int(claim.version)}">'
                f'<input type="hidden" name="seen" value="{seen_e}">'
                f'<input type="hidden" name="assignee" value="{int(me)}">'
                f'<input type="hidden" name="next" value="{here}">'
                '<button type="submit" class="small">Take</button></form>'
            )
        triage = escape(claim.triage)
        out.append(
            f'<tr data-nav data-href="{href}" tabindex="-1">'
            f'<td><input type="checkbox" form="bulk" name="claims" value="{cid}:{int(claim.version)}" '
            f'aria-label="Select claim {cid}"></td>'
            f'<td><a href="{href}">{escape(truncate(env, claim.quote, 160))}</a>'
            f'<div class="meta">{"".join(meta)}</div></td>'
            f'<td data-label="Kind">{escape(claim.kind)}</td>'
            f'<td data-label="Score">{score}</td>'
            f'<td data-label="Assignee">{escape(claim.assignee.name) if claim.assignee else "—"}</td>'
            f'<td data-label="Status">{status_badge(claim.status)} <span class="badge triage-{triage}" '
            f'data-triage="{triage}">{_TRIAGE_LABELS[claim.triage]}</span></td>'
            f"<td>{take}</td></tr>"
        )
    return Markup("\n".join(out))
