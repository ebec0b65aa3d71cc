"""The scraped-article format: header line with the date, the title again, then the body."""

from __future__ import annotations

import datetime as dt

from factcheck.claims.scraped import ScrapedArticle, parse_scraped

SCRAPED = (
    " date 2019-06-30 Home News World Leaders meet in Osaka\n"
    "\n"
    "Leaders meet in Osaka\n"
    "\n"
    "\n"
    "Osaka, Jun 29: The leaders met for an hour.\n"
    "\n"
    "They agreed to talk again.\n"
)


def test_parse_scraped() -> None:
    art = parse_scraped(SCRAPED)
    assert art == ScrapedArticle(
        published=dt.date(2019, 6, 30),
        title="Leaders meet in Osaka",
        body="Osaka, Jun 29: The leaders met for an hour.\n\nThey agreed to talk again.\n",
        body_offset=SCRAPED.index("Osaka, Jun"),
    )
    assert SCRAPED[art.body_offset :] == art.body


def test_parse_scraped_without_blank_lines_and_with_crlf() -> None:
    text = " date 2018-12-09 News Title here\r\nTitle here\r\nBody text."
    art = parse_scraped(text)
    assert art is not None
    assert (art.published, art.title, art.body) == (dt.date(2018, 12, 9), "Title here", "Body text.")


def test_not_scraped() -> None:
    assert parse_scraped("") is None
    assert parse_scraped("Just an article.\nWith lines.") is None
    assert parse_scraped(" date 2018-02-30 Bad date\nBad date\nBody") is None
    assert parse_scraped(" date 2018-12-09 Only a header") is None
