"""Article extraction from HTML written for these tests (no network)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from factcheck.extraction import ExtractedPage, ExtractionError, ensure_html, extract_article
from factcheck.fetch import FetchResult

NEWS_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Harbour bridge costs doubled, audit finds | The Coastal Ledger</title>
<meta property="og:title" content="Harbour bridge costs doubled, audit finds">
<meta property="og:site_name" content="The Coastal Ledger">
<meta name="author" content="Mara Lindqvist">
<meta property="article:published_time" content="2024-03-14T08:30:00+00:00">
</head>
<body>
<header><nav><ul>
  <li><a href="/">Home</a></li><li><a href="/politics">Politics</a></li>
  <li><a href="/subscribe">Subscribe now for 1 euro</a></li>
</ul></nav></header>
<main><article>
<h1>Harbour bridge costs doubled, audit finds</h1>
<p class="byline">By Mara Lindqvist</p>
<p>The regional audit office said on Thursday that the harbour bridge project has cost 412 million euros
so far, more than twice the 190 million euros approved by the council in 2019.</p>
<p>According to the report, delays in steel deliveries and two redesigns of the southern pier account for
most of the overrun. The council's transport committee will discuss the findings next week.</p>
<p>Mayor Ilse Brandt told reporters that the city "never hid a single invoice" and that the final cost
would stay below 450 million euros.</p>
</article></main>
<aside class="related"><h2>Most read</h2>
  <ul><li><a href="/x">Ten cheap holidays by train</a></li></ul></aside>
<footer><p>Copyright 2024 The Coastal Ledger. All rights reserved.</p>
  <a href="/privacy">Privacy policy</a></footer>
</body></html>
"""

JSON_LD_PAGE = """<html><head><title>Water prices | Valley Post</title>
<script type="application/ld+json">
{"@context": "https://schema.org", "@type": "NewsArticle",
 "headline": "Water prices rise for the third year",
 "author": {"@type": "Person", "name": "Tomas Okafor"},
 "datePublished": "2023-11-02T10:00:00Z",
 "publisher": {"@type": "Organization", "name": "Valley Post"}}
</script></head>
<body><div class="menu"><a href="/">Home</a> <a href="/about">About us</a></div>
<div class="story">
<p>Households in the valley will pay 6 percent more for tap water from January, the utility announced.</p>
<p>It is the third increase in three years; the utility blames higher energy costs for its pumps.</p>
</div>
<div class="footer">Contact us | Privacy | Cookie settings</div></body></html>
"""


@pytest.fixture(scope="module")
def news() -> ExtractedPage:
    return extract_article(NEWS_PAGE, url="https://ledger.example/news/2024/bridge-costs")


def test_metadata_comes_from_the_page(news: ExtractedPage) -> None:
    assert news.title == "Harbour bridge costs doubled, audit finds"
    assert news.author == "Mara Lindqvist"
    assert news.published == date(2024, 3, 14)
    assert news.sitename == "The Coastal Ledger"


def test_article_text_is_kept_with_paragraph_breaks(news: ExtractedPage) -> None:
    paragraphs = news.text.split("\n\n")
    assert any(p.startswith("The regional audit office said on Thursday") for p in paragraphs)
    assert any(p.startswith("According to the report") for p in paragraphs)
    assert any(p.startswith("Mayor Ilse Brandt") for p in paragraphs)
    assert "412 million euros so far" in news.text  # source line breaks inside a paragraph are joined
    assert "\n\n\n" not in news.text


@pytest.mark.parametrize(
    "boilerplate",
    [
        "Subscribe now",
        "Politics",
        "Copyright 2024",
        "All rights reserved",
        "Privacy policy",
        "Ten cheap holidays",
    ],
)
def test_boilerplate_is_left_out(news: ExtractedPage, boilerplate: str) -> None:
    assert boilerplate not in news.text


def test_json_ld_metadata() -> None:
    page = extract_article(JSON_LD_PAGE)
    assert page.title == "Water prices rise for the third year"
    assert page.author == "Tomas Okafor"
    assert page.published == date(2023, 11, 2)
    assert page.sitename == "Valley Post"
    assert page.text.split("\n\n")[0].startswith("Households in the valley")
    assert "Cookie settings" not in page.text


def test_page_without_metadata_gives_none() -> None:
    html = "<html><body><article><p>Rainfall in May was 40 mm below average.</p></article></body></html>"
    page = extract_article(html)
    assert page.text == "Rainfall in May was 40 mm below average."
    assert (page.author, page.published) == (None, None)


@pytest.mark.parametrize(
    "html",
    [
        "",
        "   \n  ",
        "<html></html>",
        "<html><head><title>Empty</title></head><body></body></html>",
        "<html><body><script>var tracking = 1;</script><style>p {color: red}</style></body></html>",
        "<html><body><nav>menu</nav></body></html>",
        "<html><body><header><a href='/'>Home</a></header><footer>(c) 2024 Ledger</footer></body></html>",
        "<html><body><div role='navigation'><a href='/'>Home</a> <a href='/a'>About</a></div></body></html>",
    ],
    ids=["empty", "blank", "bare-html", "title-only", "script-only", "nav-only", "chrome-only", "aria-nav"],
)
def test_page_without_text_raises(html: str) -> None:
    with pytest.raises(ExtractionError) as info:
        extract_article(html)
    assert info.value.reason == "no article text could be extracted from this page"


def test_xml_declaration_and_bare_body_text_are_fine() -> None:
    xhtml = '<?xml version="1.0" encoding="utf-8"?><html><body>Rates rose by 0.25 points.</body></html>'
    page = extract_article(xhtml)
    assert page.text == "Rates rose by 0.25 points."


def _result(content_type: str) -> FetchResult:
    return FetchResult(
        url="https://ledger.example/a",
        final_url="https://ledger.example/a",
        status=200,
        content_type=content_type,
        charset=None,
        body=b"",
        sha256="e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        fetched_at=datetime(2024, 3, 14, tzinfo=UTC),
        redirects=(),
    )


@pytest.mark.parametrize("content_type", ["text/html", "application/xhtml+xml"])
def test_ensure_html_accepts_html(content_type: str) -> None:
    ensure_html(_result(content_type))


@pytest.mark.parametrize("content_type", ["application/pdf", "image/png", "application/json", "text/plain"])
def test_ensure_html_refuses_other_types(content_type: str) -> None:
    with pytest.raises(ExtractionError) as info:
        ensure_html(_result(content_type))
    assert info.value.reason == f"the URL returned {content_type}, not an HTML page"


@pytest.mark.parametrize(
    "page",
    [
        "<html><head><title>T\x00i\ud800tle</title></head><body><article><p>{}</p></article></body></html>",
        "<html><head><title>Ti&#0;tle &#xD800;</title><meta property='og:site_name' content='S&#0;'></head>"
        "<body><article><p>{}</p></article></body></html>",
    ],
)
def test_extraction_never_returns_nul_or_lone_surrogates(page: str) -> None:
    body = "The council said\x00 spending rose \ud800 by 12 per cent in 2023 &#0; after cuts &#xDFFF; the year before."
    found = extract_article(page.format(body))
    for value in (found.title, found.author, found.sitename, found.text):
        assert value is None or ("\x00" not in value and not any("\ud800" <= c <= "\udfff" for c in value))
    assert "spending rose" in found.text
