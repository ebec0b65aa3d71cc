"""Duplicate imports (services/duplicates.py): same words, nearly the same text, and how lists tell apart."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.orm import Session

from factcheck.models import text_key, text_sha256
from factcheck.services import duplicates
from tests.support import builders

TEXT = (
    "The harbour board says ferry crossings doubled between 2019 and 2023.\n\n"
    "Its chair told the council that passenger numbers grew more slowly, by about a third, "
    "and that the new terminal will open in the spring of 2026 if the budget allows."
)


def test_text_key_ignores_case_punctuation_and_spacing() -> None:
    assert text_key("The “harbour”  board,\nsays: 2019!") == text_key("the harbour board says 2019")
    assert text_key("The harbour board says 2019") != text_key("The harbour board says 2020")


def test_same_and_similar_texts_are_flagged_and_different_ones_not(db: Session) -> None:
    first = builders.make_article(db, TEXT, extract=False, title="Ferries doubled", outlet="Alder Courier")
    same = builders.make_article(db, TEXT.upper().replace(",", ""), extract=False, title="FERRIES", outlet="Wire")
    near = builders.make_article(db, TEXT.replace("about a third", "roughly a third"), extract=False)
    other = builders.make_article(db, "A different story about the school budget.\n\nIt is short.", extract=False)

    found = {d.article.id: d.how for d in duplicates.duplicates_of(db, first)}
    assert found[same.id] == "same text"
    assert found[near.id].startswith("similar text (")
    assert other.id not in found
    assert duplicates.duplicates_of(db, other) == []


def test_describe_tells_articles_with_one_title_apart(db: Session) -> None:
    article = builders.make_article(
        db, TEXT, extract=False, title="Ferries", outlet="Alder Courier", published_on=dt.date(2024, 3, 2)
    )
    text = duplicates.describe(article)
    assert text.startswith("Alder Courier · published 2024-03-02 · imported ")


def test_similarity_is_computed_once_per_pair_of_texts(db: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    first = builders.make_article(db, TEXT, extract=False)
    near = builders.make_article(db, TEXT.replace("about a third", "roughly a third"), extract=False)
    builders.make_article(db, "A different story about the school budget.\n\nIt is short.", extract=False)
    duplicates._SCORES.clear()
    compared: list[str] = []
    ratio = duplicates.fuzz.ratio
    monkeypatch.setattr(duplicates.fuzz, "ratio", lambda a, b, **kw: compared.append(b) or ratio(a, b, **kw))
    once = {d.article.id: d.how for d in duplicates.duplicates_of(db, first)}
    assert len(compared) == 2 and once[near.id].startswith("similar text (")
    assert {d.article.id: d.how for d in duplicates.duplicates_of(db, first)} == once
    assert len(compared) == 2  # the second view compared nothing again
    # What another database said of revisions with these ids but other texts is never taken for these.
    mine, theirs = first.current_revision, near.current_revision
    assert mine is not None and theirs is not None
    duplicates._SCORES.clear()
    duplicates._SCORES[(mine.id, mine.sha256, theirs.id, text_sha256("another text"))] = 0.0
    assert {d.article.id: d.how for d in duplicates.duplicates_of(db, first)} == once
    assert len(compared) == 4
