"""Events on the workbench: the timeline of a person, place or topic, and a reviewer's corrections (split a
mention off into its own event, merge two events)."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from factcheck import policy
from factcheck.extensions import db
from factcheck.forms.events import MergeEventsForm, SplitMentionForm
from factcheck.ids import parse_id
from factcheck.models import Event, EventMention
from factcheck.services import event_edits, timeline
from factcheck.services.errors import ValidationError
from factcheck.views.helpers import get_or_404, require
from factcheck.views.work.blueprint import bp
from factcheck.views.work.common import invalid, safe_next

MAX_PARTIES = 5


def filters_from_args() -> timeline.TimelineFilters:
    """`participant` may repeat or hold names separated by commas; `place`; `q` (words); `event` (an id)."""
    names = [n.strip()[:100] for value in request.args.getlist("participant") for n in value.split(",")]
    return timeline.TimelineFilters(
        participants=tuple(n for n in names if n)[:MAX_PARTIES],
        place=request.args.get("place", "").strip()[:100],
        q=request.args.get("q", "").strip()[:200],
        event_id=parse_id(request.args.get("event")),
    )


@bp.get("/timeline")
@require(policy.can_view_work)
def timeline_page() -> str:
    result = timeline.timeline(db.session(), filters_from_args())
    return render_template(
        "work/timeline.html",
        t=result,
        f=result.filters,
        merge=MergeEventsForm(formdata=None),
        split=SplitMentionForm(formdata=None),
        marked=timeline.marked,
    )


def _event(event_id: int) -> Event:
    event = db.session.get(Event, event_id)
    if event is None:
        raise ValidationError(f"Event {event_id} no longer exists: reload the timeline.", fields={"events": "gone"})
    return event


@bp.post("/events/merge")
@require(policy.can_edit_events)
def events_merge() -> Response | tuple[Any, int]:
    form = MergeEventsForm()
    if not form.validate_on_submit():
        return invalid(form)
    first, second = form.ids()
    keep = event_edits.merge_events(db.session(), current_user, _event(first), _event(second))
    db.session.commit()
    flash(f"Events {first} and {second} merged into event {keep.id}.", "info")
    return redirect(safe_next(url_for("work.timeline_page", event=keep.id)))


@bp.post("/events/mentions/<int:mention_id>/split")
@require(policy.can_edit_events)
def mention_split(mention_id: int) -> Response | tuple[Any, int]:
    mention = get_or_404(EventMention, mention_id)
    form = SplitMentionForm()
    if not form.validate_on_submit():
        return invalid(form)
    old = mention.event_id
    new = event_edits.split_mention(db.session(), current_user, mention)
    db.session.commit()
    flash(f"“{mention.trigger}” split off event {old} into event {new.id}.", "info")
    return redirect(safe_next(url_for("work.timeline_page", event=new.id)))
