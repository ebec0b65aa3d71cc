"""Reading feeds (services/feeds_parse.py): RSS 2.0, Atom, malformed but readable documents, and anything else,
which is refused with a reason and never crashes."""

from __future__ import annotations

import contextlib
import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.services.feeds_parse import FeedUnreadable, parse, plain_text
from tests.support.feeds import Item, atom, rss

BASE = "https://news.example/feed.xml"
ITEMS = [
    Item("Ferries up", "https://news.example/a1", guid="g-1", summary="<p>41 ferries <b>sailed</b>.</p><p>Next.</p>"),
    Item("Fares down", "/a2", summary="Fares fell &amp; rose.", author="Ana Writer"),
]


def test_rss_2_entries_with_guid_absolute_links_text_and_dates() -> None:
    parsed = parse(rss(ITEMS).encode(), BASE)
    assert parsed.title == "The Port Alder Courier" and parsed.warning == ""
    first, second = parsed.entries
    assert (first.guid, first.url, first.title) == ("g-1", "https://news.example/a1", "Ferries up")
    assert first.text == "41 ferries sailed.\n\nNext." and first.published_on == dt.date(2026, 11, 30)
    # No GUID: the link is the identity; a relative link is made absolute against the feed's address.
    assert second.guid == second.url == "https://news.example/a2"
    assert second.text == "Fares fell & rose." and second.author == "Ana Writer"


def test_atom_entries() -> None:
    parsed = parse(atom(ITEMS).encode(), BASE)
    assert parsed.title == "Harbour Weekly"
    assert [e.url for e in parsed.entries] == ["https://news.example/a1", "https://news.example/a2"]
    assert parsed.entries[0].guid.endswith("g-1") and "41 ferries sailed." in parsed.entries[0].text


def test_the_same_guid_twice_is_one_entry_and_unsafe_links_are_dropped() -> None:
    items = [
        Item("One", "https://news.example/1", guid="same"),
        Item("Two", "https://news.example/2", guid="same"),
        Item("Script", "javascript:alert(1)", guid="js"),
        Item("Spaced", "https://news.example/a b", guid="ctl"),
    ]
    parsed = parse(rss(items).encode(), BASE)
    assert [(e.guid, e.url) for e in parsed.entries] == [
        ("same", "https://news.example/1"),
        ("js", None),
        ("ctl", None),
    ]


def test_a_malformed_but_readable_feed_is_read_with_a_warning() -> None:
    broken = rss(ITEMS).replace("</channel></rss>", "<item><title>cut off")
    parsed = parse(broken.encode(), BASE)
    assert [e.guid for e in parsed.entries][:2] == ["g-1", "https://news.example/a2"]
    assert parsed.warning


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"\x00\xff\xfe garbage \x89PNG",
        b"<!doctype html><html><body><p>Not a feed</p></body></html>",
        b'{"items": []}',
        b"<?xml version='1.0'?><catalog><book>Not a feed</book></catalog>",
    ],
)
def test_what_is_not_a_feed_is_refused_with_a_reason(data: bytes) -> None:
    with pytest.raises(FeedUnreadable, match="not an RSS or Atom feed"):
        parse(data, BASE)


def test_plain_text_keeps_paragraphs_and_drops_markup() -> None:
    assert plain_text("<div>One<br>two</div><script>x()</script><p>Three &lt;3</p>") == "One\n\ntwo\n\nThree <3"


XML_BITS = st.sampled_from(
    ["<rss version='2.0'>", "<channel>", "<item>", "</item>", "<title>", "</title>", "<link>", "</link>", "<guid>",
     "</guid>", "<feed xmlns='http://www.w3.org/2005/Atom'>", "<entry>", "</entry>", "<id>", "</id>", "&amp;",
     "&bogus;", "<![CDATA[", "]]>", "<pubDate>", "</pubDate>", "javascript:", "http://", "/", "\x00", "\ud800"]
)  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(XML_BITS, st.text(max_size=20)), max_size=40))
def test_arbitrary_xml_never_crashes(parts: list[str]) -> None:
    data = "".join(parts).encode("utf-8", "surrogatepass")
    try:
        parsed = parse(data, BASE)
    except FeedUnreadable:
        return
    for entry in parsed.entries:
        assert entry.guid and len(entry.guid) <= 500
        assert entry.url is None or entry.url.startswith(("http://", "https://"))
        assert "\x00" not in entry.text + entry.title


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_never_crash(data: bytes) -> None:
    with contextlib.suppress(FeedUnreadable):
        parse(data, BASE)
