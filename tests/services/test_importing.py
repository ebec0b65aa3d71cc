"""Importing articles from text, files and URLs; re-imports add revisions and re-anchor claims."""

from __future__ import annotations

import codecs
import datetime as dt

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from factcheck.fetch import FetchPolicy
from factcheck.models import Article, ArticleRevision, AuditEvent, Claim
from factcheck.services import importing
from factcheck.services.errors import TooLarge, ValidationError
from tests.fetch.conftest import LocalServer

BODY = (
    "Geneva, March 3: The two delegations met for four hours on Tuesday, officials said.\n\n"
    "The ministry said exports fell 12% in 2019 compared with the year before.\n\n"
    "Negotiators will meet again in Vienna in June, according to the foreign ministry.\n"
)
SCRAPED = " date 2020-03-04 Home World Talks resume in Geneva\n\nTalks resume in Geneva\n\n" + BODY
PAGE = f"""<!doctype html><html><head><title>Talks resume | Example Times</title>
<meta property="og:title" content="Talks resume in Geneva">
<meta name="author" content="Ana Writer">
<meta property="article:published_time" content="2020-03-04T09:00:00Z">
<meta property="og:site_name" content="Example Times"></head>
<body><nav>Home | World | Sport</nav><article><h1>Talks resume in Geneva</h1>
{"".join(f"<p>{p}</p>" for p in BODY.split(chr(10)) if p)}
</article><footer>Copyright Example Times</footer></body></html>"""


POLICY = FetchPolicy(allow_hosts=("127.0.0.1",), connect_timeout=2.0, read_timeout=5.0)


def _count(db: Session, model: type) -> int:
    return db.scalar(select(func.count()).select_from(model)) or 0


def test_scraped_text_file_sets_date_and_title_and_drops_the_header() -> None:
    draft = importing.draft_from_file("talks.txt", SCRAPED.encode())
    assert draft.title == "Talks resume in Geneva"
    assert draft.published_on == dt.date(2020, 3, 4)
    assert draft.text.startswith("Geneva, March 3:") and " date 2020" not in draft.text


def test_html_file_uses_page_metadata() -> None:
    draft = importing.draft_from_file("page.html", PAGE.encode())
    assert draft.title == "Talks resume in Geneva"
    assert draft.author == "Ana Writer" and draft.published_on == dt.date(2020, 3, 4)
    assert "exports fell 12%" in draft.text and "Copyright" not in draft.text


def test_windows_1252_text_is_decoded() -> None:
    draft = importing.draft_from_file("old.txt", "The café’s owner said prices rose 5%.".encode("cp1252"))
    assert "café" in draft.text


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("a.pdf", b"%PDF-1.4", "Only .txt and .html"),
        ("a.txt", b"", "empty"),
        ("a.txt", b"\x00\x01\x02binary\x00", "binary"),
        ("a.html", b"<html><body><nav>menu</nav></body></html>", "No article could be extracted"),
    ],
)
def test_bad_files_are_refused_clearly(name: str, data: bytes, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        importing.draft_from_file(name, data)


def test_import_creates_article_revision_and_claims(db: Session) -> None:
    draft = importing.draft_from_text(SCRAPED)
    result = importing.import_draft(db, None, draft)
    db.commit()
    assert result.created and result.revision.number == 1 and result.claims_added >= 3
    claims = list(db.scalars(select(Claim).order_by(Claim.start)))
    text = result.revision.text
    assert all(text[c.start : c.end] == c.quote for c in claims)
    june = next(c for c in claims if "Vienna" in c.quote)
    assert any(d["value"] == "2020-06" for d in june.dates)
    assert db.scalar(select(AuditEvent.action).where(AuditEvent.action == "article.import")) == "article.import"


def test_empty_and_oversized_text_save_nothing(db: Session) -> None:
    with pytest.raises(ValidationError, match="empty"):
        importing.import_draft(db, None, importing.ArticleDraft(title="T", text="  \n ", origin="paste"))
    with pytest.raises(TooLarge, match="limit"):
        importing.import_draft(
            db, None, importing.ArticleDraft(title="T", text="word " * 100, origin="paste"), max_chars=100
        )
    db.rollback()
    assert _count(db, Article) == 0 and _count(db, ArticleRevision) == 0


def test_url_import_and_reimport_with_changed_text(db: Session, server: LocalServer) -> None:
    url = server.route("/story", body=PAGE.encode())
    first = importing.import_draft(db, None, importing.draft_from_url(url, POLICY))
    db.commit()
    assert first.created and first.article.url == url and first.article.author == "Ana Writer"
    before = {c.id: c.quote for c in db.scalars(select(Claim))}

    unchanged = importing.import_draft(db, None, importing.draft_from_url(url, POLICY))
    assert not unchanged.new_revision

    edited = PAGE.replace(
        "<article><h1>Talks resume in Geneva</h1>",
        "<article><h1>Talks resume in Geneva</h1><p>Updated: a new opening paragraph was "
        "added to this story by the editors.</p>",
    ).replace("fell 12%", "fell 14%")
    server.route("/story", body=edited.encode())
    second = importing.import_draft(db, None, importing.draft_from_url(url, POLICY))
    db.commit()
    assert not second.created and second.new_revision and second.revision.number == 2
    assert _count(db, Article) == 1 and _count(db, ArticleRevision) == 2
    claims = {c.id: c for c in db.scalars(select(Claim))}
    assert set(before) <= set(claims)  # nothing dropped
    for cid in before:
        c = claims[cid]
        if c.anchor_state != "orphan":
            assert second.revision.text[c.start : c.end] == c.quote and c.revision_id == second.revision.id
    exports = next(c for cid, c in claims.items() if cid in before and "exports" in before[cid])
    assert exports.anchor_state == "fuzzy" and exports.anchor_score is not None and exports.anchor_score < 1


@pytest.mark.parametrize(
    ("route", "message"),
    [
        ({"status": 404, "body": b"gone"}, "404"),
        ({"body": b"%PDF-1.4", "content_type": "application/pdf"}, "not an HTML page"),
        ({"body": b"<html><body></body></html>"}, "No article could be extracted"),
    ],
)
def test_url_problems_are_clear(db: Session, server: LocalServer, route: dict[str, object], message: str) -> None:
    url = server.route("/bad", **route)
    with pytest.raises(ValidationError, match=message):
        importing.draft_from_url(url, POLICY)


def test_private_addresses_are_refused_unless_allowed(server: LocalServer) -> None:
    url = server.route("/story", body=PAGE.encode())
    with pytest.raises(ValidationError, match="loopback"):
        importing.draft_from_url(url, FetchPolicy())


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be", "utf-8-sig"])
@pytest.mark.parametrize("name", ["wide.txt", "wide.html"])
def test_text_files_with_a_byte_order_mark_are_accepted(codec: str, name: str) -> None:
    mark = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE}
    mark |= {"utf-32-le": codecs.BOM_UTF32_LE, "utf-32-be": codecs.BOM_UTF32_BE}
    content = PAGE if name.endswith(".html") else BODY
    data = mark.get(codec, b"") + content.encode(codec)  # "utf-16" and "utf-32" write their own mark
    draft = importing.draft_from_file(name, data)
    assert "exports fell 12% in 2019" in draft.text


@pytest.mark.parametrize(
    "data",
    [
        BODY.encode() * 200 + b"\x00" + BODY.encode(),  # NUL far beyond the first 8 KB
        codecs.BOM_UTF16_LE + "text\x00more".encode("utf-16-le"),  # NUL inside marked UTF-16
        BODY.encode("utf-16-le"),  # UTF-16 without a mark: zero bytes everywhere, so binary
    ],
)
def test_nul_anywhere_in_a_text_file_means_binary(data: bytes) -> None:
    with pytest.raises(ValidationError, match="binary"):
        importing.draft_from_file("a.txt", data)


@pytest.mark.parametrize(
    ("name", "title"),
    [("caf\udce9 notes.txt", "caf\ufffd notes"), ("tab\tand\x7fdel.txt", "tab and del"), ("a_b-c.txt", "a b c")],
)
def test_a_file_name_becomes_a_clean_title(name: str, title: str) -> None:
    assert importing.draft_from_file(name, BODY.encode()).title == title


def test_a_file_title_with_surrogate_escapes_imports(db: Session) -> None:
    draft = importing.draft_from_file("r\udcc3\udca9sum\udcff.txt", BODY.encode())
    result = importing.import_draft(db, None, draft)
    db.commit()
    assert result.article.title == "r\ufffd\ufffdsum\ufffd"
