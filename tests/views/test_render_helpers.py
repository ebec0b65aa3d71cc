"""The rendering shortcuts of list pages (views/id_urls.py) and forms (views/field_cache.py): each gives exactly
what the slow way gives, and the field cache never serves what someone typed or a field's errors."""

from __future__ import annotations

from flask import Flask, url_for
from werkzeug.datastructures import MultiDict
from wtforms import Form, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from factcheck.views import field_cache
from factcheck.views.id_urls import IdUrl


def test_id_url_is_url_for_for_every_id(app: Flask) -> None:
    with app.test_request_context("/"):
        for endpoint in ("work.claim", "work.claim_span", "work.claim_assign"):
            built = IdUrl(endpoint, "claim_id")
            for ident in (1, 7, 12345, 2**31 - 2):
                assert built(ident) == url_for(endpoint, claim_id=ident)
        nested = IdUrl("work.match_not_same", "matched_id", claim_id=5)
        assert nested(9) == url_for("work.match_not_same", claim_id=5, matched_id=9)


class _Form(Form):
    stance = SelectField(
        "Stance", choices=[SelectChoice("supports", "Supports"), SelectChoice("refutes", "Refutes")], default="supports"
    )
    note = TextAreaField("Note", validators=[Length(max=10)])
    url = StringField("URL", validators=[DataRequired()])


def test_cached_fields_are_what_the_widget_writes() -> None:
    field_cache._html.clear()
    for _ in range(2):  # the miss, then the hit
        form = _Form()
        assert field_cache.field_html(form.stance) == form.stance()
        assert field_cache.field_html(form.note, rows=3) == form.note(rows=3)
        assert field_cache.field_html(form.url, placeholder="https://…") == form.url(placeholder="https://…")
    assert len(field_cache._html) == 3
    # Another value, other choices, other attributes: other HTML, never the cached one.
    chosen = _Form(data={"stance": "refutes"})
    assert 'selected value="refutes"' in field_cache.field_html(chosen.stance)
    other = _Form()
    other.stance.choices = [SelectChoice("refutes", "Refutes it")]
    html = field_cache.field_html(other.stance)
    assert "Refutes it" in html and "Supports" not in html
    assert 'rows="5"' in field_cache.field_html(_Form().note, rows=5)


def test_typed_input_and_errors_are_never_cached() -> None:
    field_cache._html.clear()
    typed = _Form(MultiDict({"note": "far too long a note", "url": ""}))
    assert not typed.validate()
    assert "far too long a note" in field_cache.field_html(typed.note)
    field_cache.field_html(typed.url)
    assert field_cache._html == {}
    assert "far too long" not in field_cache.field_html(_Form().note)


def test_the_cache_starts_again_when_full() -> None:
    field_cache._html.clear()
    limit = field_cache.LIMIT
    try:
        field_cache.LIMIT = 2
        for rows in (1, 2, 3):
            field_cache.field_html(_Form().note, rows=rows)
        assert len(field_cache._html) == 1
    finally:
        field_cache.LIMIT = limit


def test_badge_and_score_bar_as_the_macros_drew_them() -> None:
    from factcheck.models import ClaimStatus
    from factcheck.views.row_html import score_bar, status_badge

    assert status_badge(ClaimStatus.IN_REVIEW) == '<span class="badge badge-in_review">in review</span>'
    assert status_badge("<x>") == '<span class="badge badge-&lt;x&gt;">&lt;x&gt;</span>'
    bar = score_bar(0.456)
    assert 'title="check-worthiness 0.46"' in bar and 'data-score="46"' in bar and ">0.46</span>" in bar
    assert 'data-score="100"' in score_bar(1.0) and 'data-score="0"' in score_bar(0.0)
