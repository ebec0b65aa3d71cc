"""Polling feeds (services/feed_poll.py) against a real local HTTP server: new entries imported with their pages,
conditional GETs answered 304, dedup by GUID and URL, entries whose page fails imported from the feed's text,
failing feeds recorded without stopping the others, and claims matched against earlier checks."""

from __future__ import annotations

from collections.abc import Callable

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from factcheck.fetch import FetchPolicy
from factcheck.models import Article, Claim, FeedItem, MonitoredClaim
from factcheck.services import feed_poll, feeds, ratings
from factcheck.services.importing import ArticleDraft, import_draft
from tests.support.feeds import FeedServer, Item, article_page, atom, make_feed, paragraphs, publish_items, rss

POLICY = FetchPolicy(allow_hosts=("127.0.0.1",), connect_timeout=2.0, read_timeout=5.0)


def _count(db: Session, model: type) -> int:
    return db.scalar(select(func.count()).select_from(model)) or 0


def test_a_poll_imports_each_new_entry_as_an_article_with_its_claims(db: Session, feed_server: FeedServer) -> None:
    items = publish_items(feed_server, "/courier", 3)
    feed = make_feed(db, feed_server.put("/courier.xml", rss(items)), outlet="Courier")
    result = feed_poll.poll(db, None, feed, POLICY)
    db.commit()
    assert (result.state, result.imported, result.skipped, result.failed) == ("imported", 3, 0, 0)
    articles = list(db.scalars(select(Article).order_by(Article.id)))
    assert [a.url for a in articles] == [i.link for i in items]
    assert {a.outlet for a in articles} == {"Courier"} and articles[0].title == items[0].title
    monitored = list(db.scalars(select(MonitoredClaim)))
    assert result.claims == len(monitored) == _count(db, Claim) > 3
    assert feed.title == "The Port Alder Courier" and feed.items_imported == 3 and feed.last_error is None


def test_the_next_poll_is_conditional_and_a_304_imports_nothing(db: Session, feed_server: FeedServer) -> None:
    items = publish_items(feed_server, "/c", 2)
    stamp = "Mon, 30 Nov 2026 09:00:00 GMT"
    url = feed_server.put("/c.xml", rss(items), etag='"v1"', last_modified=stamp)
    feed = make_feed(db, url)
    assert feed_poll.poll(db, None, feed, POLICY).imported == 2
    assert (feed.etag, feed.last_modified) == ('"v1"', stamp)
    second = feed_poll.poll(db, None, feed, POLICY)
    assert (second.state, second.imported) == ("not_modified", 0)
    first_get, second_get = feed_server.requests_to("/c.xml")
    assert "if-none-match" not in first_get.headers
    assert (second_get.headers["if-none-match"], second_get.headers["if-modified-since"]) == ('"v1"', stamp)
    assert second_get.status == 304 and feed.last_error is None
    # A changed feed (new validator) is read again: only the new entry is imported.
    more = items + publish_items(feed_server, "/c", 1, start=2)
    feed_server.put("/c.xml", rss(more), etag='"v2"')
    third = feed_server.docs["/c.xml"]
    assert third.etag == '"v2"'
    assert feed_poll.poll(db, None, feed, POLICY).imported == 1 and feed.etag == '"v2"'


def test_entries_seen_before_are_skipped_by_guid_and_by_url(db: Session, feed_server: FeedServer) -> None:
    items = publish_items(feed_server, "/d", 3)
    feed = make_feed(db, feed_server.put("/d.xml", rss(items[:2])))
    feed_poll.poll(db, None, feed, POLICY)
    # The same GUID with another link (an outlet moving its pages) is the same entry.
    moved = Item(items[0].title, feed_server.put("/d/moved.html", "<p>moved</p>"), guid=items[0].guid)
    # An article imported by hand and another feed's entry: the same URL is the same article.
    import_draft(db, None, ArticleDraft("By hand", "\n\n".join(paragraphs(2)), "url", url=items[2].link))
    feed_server.put("/d.xml", rss([moved, items[1], items[2]]))
    again = feed_poll.poll(db, None, feed, POLICY)
    assert (again.imported, again.skipped) == (0, 3)
    other = make_feed(db, feed_server.put("/other.xml", atom([Item("Copy", items[1].link, guid="other-1")])))
    assert (feed_poll.poll(db, None, other, POLICY).skipped, _count(db, Article)) == (1, 3)
    assert _count(db, FeedItem) == 2


def test_an_entry_whose_page_fails_is_imported_from_the_feeds_own_text(db: Session, feed_server: FeedServer) -> None:
    text = " ".join(paragraphs(7))
    gone = Item("Gone page", feed_server.url("/missing.html"), guid="gone", summary=f"<p>{text}</p>")
    empty = Item("Nothing", feed_server.url("/missing2.html"), guid="empty", summary="")
    feed = make_feed(db, feed_server.put("/e.xml", rss([gone, empty])))
    result = feed_poll.poll(db, None, feed, POLICY)
    assert (result.imported, result.failed) == (1, 1)
    item = db.scalar(select(FeedItem).where(FeedItem.guid == "gone"))
    assert item is not None and item.from_feed_text and item.article_id is not None and "404" in (item.error or "")
    article = db.get(Article, item.article_id)
    assert article is not None and article.url == gone.link and "ferries sailed" in article.revisions[0].text
    assert article.revisions[0].origin == "feed"
    failed = db.scalar(select(FeedItem).where(FeedItem.guid == "empty"))
    assert failed is not None and failed.article_id is None and "no text of its own" in (failed.error or "")
    assert feed_poll.poll(db, None, feed, POLICY).skipped == 2  # neither is tried again


def test_a_failing_feed_is_recorded_and_the_others_still_import(db: Session, feed_server: FeedServer) -> None:
    good = make_feed(db, feed_server.put("/good.xml", rss(publish_items(feed_server, "/g", 2))))
    missing = make_feed(db, feed_server.url("/no-such-feed.xml"))
    not_feed = make_feed(
        db, feed_server.put("/page.html", article_page("A page", paragraphs(1)), content_type="text/html")
    )
    refused = make_feed(db, "http://10.0.0.1/feed.xml")  # a private address the policy refuses
    results = {f.id: feed_poll.poll(db, None, f, POLICY) for f in (missing, not_feed, refused, good)}
    db.commit()
    assert results[good.id].imported == 2 and good.last_error is None
    assert "404" in (missing.last_error or "") and missing.error_count == 1
    assert "not an RSS or Atom feed" in (not_feed.last_error or "")
    assert "could not be fetched" in (refused.last_error or "")
    listed = [f.id for f in feeds.all_feeds(db)]  # failing feeds first, for the admin's eye
    assert set(listed[:3]) == {missing.id, not_feed.id, refused.id} and listed[3] == good.id
    # Fixed, it recovers: the error is cleared.
    feed_server.put("/no-such-feed.xml", rss([]))
    assert feed_poll.poll(db, None, missing, POLICY).state == "imported"
    assert missing.last_error is None and missing.error_count == 0


def test_claims_already_checked_are_matched(
    db: Session, feed_server: FeedServer, make_claim: Callable[..., Claim], make_article: Callable[..., Article]
) -> None:
    ratings.load_presets(db)
    earlier = "The harbour board said 45 ferries sailed from Port Alder in 2023, up from 25 the year before."
    checked = make_claim(make_article(earlier, extract=False, url="https://old.example/1"), earlier, status="approved")
    feed = make_feed(db, feed_server.put("/m.xml", rss(publish_items(feed_server, "/m", 1, start=5))))
    result = feed_poll.poll(db, None, feed, POLICY)
    assert result.checked >= 1
    rows = list(db.scalars(select(MonitoredClaim).where(MonitoredClaim.checked.is_(True))))
    assert checked.id in {r.matched_claim_id for r in rows}
    assert all(r.match_score for r in rows)


def test_a_check_of_other_figures_in_the_same_words_is_not_already_checked(
    db: Session, feed_server: FeedServer, make_claim: Callable[..., Claim], make_article: Callable[..., Article]
) -> None:
    ratings.load_presets(db)
    other = "The harbour board said 61 ferries sailed from Port Alder in 2023, up from 33 the year before."
    make_claim(make_article(other, extract=False, url="https://old.example/2"), other, status="approved")
    feed = make_feed(db, feed_server.put("/n.xml", rss(publish_items(feed_server, "/n", 1, start=5))))
    feed_poll.poll(db, None, feed, POLICY)
    ferries = db.scalar(select(Claim).where(Claim.quote.contains("45 ferries")))
    assert ferries is not None
    row = db.get(MonitoredClaim, ferries.id)
    assert row is not None and not row.checked and row.matched_claim_id is None  # 45 and 25 were never checked


FUZZ_BITS = st.sampled_from(
    ["<rss version='2.0'>", "<channel>", "<item>", "</item>", "<title>", "</title>", "<link>", "</link>", "<guid>",
     "</guid>", "<description>", "</description>", "<feed xmlns='http://www.w3.org/2005/Atom'>", "<entry>",
     "</entry>", "<id>", "</id>", "&amp;", "&bogus;", "<![CDATA[", "]]>", "/fuzz/a.html", "\x00", "é", "<p>"]
)  # fmt: skip


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(st.binary(max_size=600), st.lists(st.one_of(FUZZ_BITS, st.text(max_size=12)), max_size=40)))
def test_arbitrary_feed_bytes_never_crash_a_poll(db: Session, feed_server: FeedServer, doc: bytes | list[str]) -> None:
    data = doc if isinstance(doc, bytes) else "".join(doc).encode("utf-8", "surrogatepass")
    feed_server.put("/fuzz/a.html", article_page("Fuzz", paragraphs(3)), content_type="text/html")
    url = feed_server.put("/fuzz.xml", data, content_type="application/xml")
    feed = feeds.by_url(db, url) or make_feed(db, url)
    result = feed_poll.poll(db, None, feed, POLICY)
    db.commit()
    assert result.state in ("imported", "failed")
    assert (feed.last_error is None) == (result.state == "imported")


def test_nothing_is_written_while_pages_are_fetched(db: Session, feed_server: FeedServer) -> None:
    """The poll computes (fetches, extracts, matches) before its first write, so another writer is never kept
    waiting on SQLite's write lock meanwhile: here one writes while the poll fetches its second page."""
    items = publish_items(feed_server, "/w", 2)
    feed = make_feed(db, feed_server.put("/w.xml", rss(items)))
    db.commit()
    failures: list[BaseException] = []

    def write_meanwhile(path: str) -> None:
        if path != "/w/a1.html":
            return
        with Session(db.get_bind()) as other:
            try:
                feeds.add(other, None, "https://meanwhile.example/feed.xml")
                other.commit()
            except Exception as exc:
                failures.append(exc)

    feed_server.on_get = write_meanwhile
    assert feed_poll.poll(db, None, feed, POLICY).imported == 2
    db.commit()
    assert failures == [] and feeds.by_url(db, "https://meanwhile.example/feed.xml") is not None
