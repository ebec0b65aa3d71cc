"""Articles (services/articles.py): an article's URL is an absolute http(s) address."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from factcheck.services import importing
from factcheck.services.errors import ValidationError


@pytest.mark.parametrize("url", ["javascript:alert(1)", "example.com/story", "ftp://example.org/a", "http://"])
def test_article_urls_must_be_absolute_http(db: Session, url: str) -> None:
    with pytest.raises(ValidationError, match="not an article address"):
        importing.import_draft(
            db, None, importing.ArticleDraft(title="T", text="Some text here.", origin="paste", url=url)
        )
