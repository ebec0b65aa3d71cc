"""CSV and JSON exports of a known set: content, quoting, formula cells, BOM, UTC stamps, the empty set."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json

import pytest
from sqlalchemy import insert, select, text, update
from sqlalchemy.orm import Session

from factcheck.exports.csv_export import BOM, cell, csv_chunks
from factcheck.exports.json_export import SCHEMA_VERSION, json_chunks
from factcheck.exports.report_fields import COLUMNS, FIELDS, Column, Kind, plain_text, row_reader, stamp_name
from factcheck.models import Article, Claim, ClaimTag, Evidence, Rating, Source, User, Verdict
from factcheck.services import reports
from tests.reports_data import GROWTH, MINUS, TRICKY, UNEMPLOYMENT, build_known_set

SITE = "https://checks.example.org"


def _csv(db: Session, bom: bool = True, **raw: str) -> str:
    return "".join(csv_chunks(reports.iter_rows(db, reports.parse_filters(db, raw)), SITE, bom=bom))


def test_csv_one_row_per_claim_with_every_column(db: Session) -> None:
    known = build_known_set(db)
    text = _csv(db)
    assert text.startswith(BOM)
    rows = list(csv.DictReader(io.StringIO(text.removeprefix(BOM), newline="")))
    assert list(rows[0]) == list(FIELDS) and len(rows) == 4
    by_summary = {r["summary"]: r for r in rows}
    tricky = next(r for r in rows if r["kind"] == "quote")
    assert tricky["claim_text"] == "'" + TRICKY  # formula-like cell neutralised, newline and quotes kept
    assert tricky["article_title"] == 'Budget "cuts", explained' and tricky["outlet"] == "Ledger, Inc."
    assert tricky["speaker"] == "José Müller" and tricky["reviewer"] == "Zoë Réviewer"
    assert tricky["rating_label"] == "False" and tricky["rating_value"] == "1"
    assert tricky["published_version_url"] == f"{SITE}/a/{known.article_a.slug}/v/1"
    assert tricky["article_url"] == "https://news.example.com/budget-cuts"
    assert tricky["rationale"] == (
        'The figure is wrong. See the report (https://example.org/r?a=1&b=2).\n\nSecond paragraph, "quoted".'
    )
    assert tricky["sources"] == "https://src.example.org/a,b" and tricky["evidence_stances"] == "refutes"
    archived = hashlib.sha256(b"archived text of the source").hexdigest()
    assert {
        k: tricky[k] for k in FIELDS if k.startswith(("source_", "evidence_", "passages", "match", "archived"))
    } == {
        "source_titles": "T",
        "source_publishers": "P",
        "source_types": "web",
        "source_confidential": "no",
        "evidence_passages": "archived text",
        "evidence_stances": "refutes",
        "passages_found": "yes",
        "match_scores": "100",
        "archived_sha256": archived,
    }
    assert tricky["tags"] == ""
    jobs = next(r for r in rows if r["claim_text"] == UNEMPLOYMENT)
    assert jobs["sources"] == "https://src.example.org/jobs\nhttps://src.example.org/other"
    assert jobs["evidence_stances"] == "supports\ncontext" and jobs["claim_dates"] == "2019"
    assert jobs["passages_found"] == "yes\nyes" and jobs["archived_sha256"] == f"{archived}\n{archived}"
    minus = by_summary["'-1/5 of taxes gone"]  # a summary starting with '-' is neutralised too
    assert minus["claim_text"] == MINUS and minus["published_version_url"] == "" and minus["published_at"] == ""
    for r in rows:
        for name in ("imported_at", "verdict_at"):
            assert dt.datetime.strptime(r[name], "%Y-%m-%dT%H:%M:%SZ")
    growth = next(r for r in rows if r["claim_text"] == GROWTH)
    assert growth["approved_at"] == "" and growth["verdict_state"] == "submitted"


def test_csv_is_quoted_by_the_csv_module_and_plain_utf8_on_request(db: Session) -> None:
    build_known_set(db)
    text = _csv(db, bom=False, kind="quote")
    assert not text.startswith(BOM)
    assert '"\'=SUM(A1:A9) was ""the total"", he said,\nthen left"' in text
    assert '"Budget ""cuts"", explained","Ledger, Inc."' in text
    assert text.encode("utf-8").decode("utf-8") == text and "\r\n" in text


def _vary(db: Session) -> None:
    """Turn the known set into one with every kind of cell the CSV writers treat apart: risky starts in each text
    column, a negative rating value, no article URL, odd dates values, a confidential and a risky source, Markdown
    lists, tags, a person and a document source, passages not found, found fuzzily or broken over lines, and on
    SQLite a timestamp stored without microseconds."""
    known = build_known_set(db)
    conn = db.connection()
    ids = {k: c.id for k, c in known.claims.items()}
    claims_t, articles_t, verdicts_t = Claim.__table__, Article.__table__, Verdict.__table__
    conn.execute(
        update(articles_t)
        .where(articles_t.c.id == known.article_b.id)
        .values(title="=B title", outlet="-Outlet", url=None)
    )
    conn.execute(
        update(claims_t)
        .where(claims_t.c.id == ids["growth"])
        .values(speaker="@handle", dates=[{"text": "May 2024"}, "not a dict", {"value": "-2020"}, {}])
    )
    conn.execute(update(claims_t).where(claims_t.c.id == ids["tricky"]).values(dates=[{"value": "+1"}]))
    conn.execute(update(claims_t).where(claims_t.c.id == ids["unemployment"]).values(dates={"value": "2019"}))
    conn.execute(
        update(verdicts_t)
        .where(verdicts_t.c.claim_id == ids["minus"])
        .values(summary="\tTabbed summary", rationale="=1+1 is the rationale")
    )
    conn.execute(
        update(verdicts_t)
        .where(verdicts_t.c.claim_id == ids["growth"])
        .values(rationale="- a list item\n+ another\n\n1. numbered *and* [linked](https://x.example)")
    )
    conn.execute(update(User.__table__).where(User.__table__.c.id == known.rob.id).values(name="+Rob"))
    conn.execute(update(User.__table__).where(User.__table__.c.id == known.emil.id).values(name="=Emil"))
    sources_t = Source.__table__
    conn.execute(update(sources_t).where(sources_t.c.url == "https://src.example.org/jobs").values(confidential=True))
    conn.execute(update(sources_t).where(sources_t.c.url == "https://src.example.org/g").values(url="-g"))
    evidence_t = Evidence.__table__
    conn.execute(
        update(evidence_t)
        .where(evidence_t.c.claim_id == ids["unemployment"])
        .values(passage="=first line\n\tsecond  line \x1e\x1f end", match_score=None)
    )
    conn.execute(update(evidence_t).where(evidence_t.c.claim_id == ids["growth"]).values(match_score=87.25))
    person = conn.execute(
        insert(sources_t).values(
            url="person:abc",
            kind="person",
            title="Jane Roe",
            person="Jane Roe",
            organisation="-Ministry",
            contacted_on=dt.date(2018, 12, 9),
            method="phone",
            sha256="f" * 64,
        )
    ).inserted_primary_key[0]
    document = conn.execute(
        insert(sources_t).values(
            url="document:" + "d" * 64, kind="document", title="", file_name="memo.pdf", sha256="d" * 64
        )
    ).inserted_primary_key[0]
    for source_id, stance in ((person, "supports"), (document, "refutes")):
        conn.execute(
            insert(evidence_t).values(
                claim_id=ids["minus"], source_id=source_id, stance=stance, passage="said so", note="", match_score=100.0
            )
        )
    conn.execute(
        insert(ClaimTag.__table__),
        [{"claim_id": ids["minus"], "tag": t} for t in ("-risky", "budget", "zeta")]
        + [{"claim_id": ids["tricky"], "tag": "health"}],
    )
    scale_id = db.scalar(select(Rating.scale_id).where(Rating.label == "Mostly false", Rating.scale.has(active=True)))
    rating_id = conn.execute(
        insert(Rating.__table__).values(scale_id=scale_id, position=99, label="@Negative", value=-2, colour="#000000")
    ).inserted_primary_key[0]
    conn.execute(update(verdicts_t).where(verdicts_t.c.claim_id == ids["growth"]).values(rating_id=rating_id))
    if conn.dialect.name == "sqlite":
        conn.execute(text("UPDATE claims SET created_at = '2024-03-04 05:06:07' WHERE id = :id"), {"id": ids["minus"]})
    db.expire_all()


def test_csv_fast_path_writes_the_row_paths_bytes(db: Session) -> None:
    _vary(db)
    f = reports.parse_filters(db, {})
    for site, bom, batch, flush in ((SITE, True, 1000, 200), ("=evil.example/", False, 2, 1), ("", True, 3, 2)):
        rows = reports.iter_rows(db, f, batch=batch)
        assert isinstance(rows, reports.ReportRows)  # csv_chunks takes the raw path for this
        fast = "".join(csv_chunks(rows, site, bom=bom, flush_every=flush))
        slow = "".join(csv_chunks(iter(rows), site, bom=bom, flush_every=flush))  # a plain iterator: ReportRow path
        assert fast == slow
    for needle in (
        "'@handle",
        "'-2",
        "'-Outlet",
        "'=B title",
        "'-g",
        "'+Rob",
        "'=Emil",
        "'\tTabbed",
        "'=1+1",
        "May 2024\n-2020",
        "'+1",
        "2024-03-04T05:06:07Z" if db.get_bind().dialect.name == "sqlite" else "",
    ):
        assert needle in fast, needle
    rows = {r["claim_text"]: r for r in csv.DictReader(io.StringIO(fast.removeprefix(BOM), newline=""))}
    jobs, growth, minus = rows[UNEMPLOYMENT], rows[GROWTH], rows[MINUS]
    # A confidential source is in the desk's report with its details, marked confidential.
    assert jobs["sources"] == "https://src.example.org/jobs\nhttps://src.example.org/other"
    assert jobs["source_confidential"] == "yes\nno"
    # One line per piece of evidence in every evidence cell, whatever the passage holds; formula start neutralised.
    assert jobs["evidence_passages"] == "'=first line second line end\n=first line second line end"
    assert jobs["passages_found"] == "no\nno" and jobs["match_scores"] == "\n"
    assert growth["passages_found"] == "yes" and growth["match_scores"] == "87.2"  # fuzzy, one decimal
    assert minus["tags"] == "'-risky\nbudget\nzeta" and rows["'" + TRICKY]["tags"] == "health"
    # A person and an uploaded document: no link (their urls are internal ids), a title that says who or what.
    assert minus["sources"] == "https://src.example.org/t\n\n"
    assert minus["source_titles"] == "T\nPhone call with Jane Roe, -Ministry, 2018-12-09\nmemo.pdf"
    assert minus["source_types"] == "web\nperson\ndocument" and "person:" not in fast and "document:" not in fast
    assert minus["archived_sha256"].splitlines()[1:] == ["f" * 64, "d" * 64]
    limited = reports.iter_rows(db, f, limit=2)
    assert "".join(csv_chunks(limited, SITE)) == "".join(csv_chunks(iter(limited), SITE))


def test_both_csv_paths_follow_the_column_table(db: Session) -> None:
    """The fast path and the reference path write whatever the column table says, in its order: a reshaped table
    (reversed, a column twice, some left out) still gives the same bytes from both, its names as the header."""
    _vary(db)
    assert {column.kind for column in COLUMNS} == set(Kind)  # every kind is exercised by the comparison above
    f = reports.parse_filters(db, {})
    reshaped = (*reversed(COLUMNS[5:]), COLUMNS[0], COLUMNS[0])
    rows = reports.iter_rows(db, f, batch=3)
    fast = "".join(csv_chunks(rows, SITE, columns=reshaped))
    slow = "".join(csv_chunks(iter(rows), SITE, columns=reshaped))
    assert fast == slow
    header = next(csv.reader(io.StringIO(fast.removeprefix(BOM))))
    assert header == [c.name for c in reshaped] and header[0] == "published_at" and header[-2:] == ["claim_id"] * 2
    single = Column("rationale", "rationale", Kind.MARKDOWN)
    one = "".join(csv_chunks(reports.iter_rows(db, f), SITE, bom=False, columns=[single]))
    assert one == "".join(csv_chunks(iter(reports.iter_rows(db, f)), SITE, bom=False, columns=[single]))
    assert one.startswith("rationale\r\n") and "See the report (https://example.org/r?a=1&b=2)." in one


def test_formula_cells_all_prefixed() -> None:
    for risky in ("=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"):
        assert cell(risky) == "'" + risky
    assert cell("a=b") == "a=b" and cell(None) == "" and cell(["-a", "b"]) == "'-a\nb" and cell(5) == "5"


def test_empty_csv_has_its_header_row(db: Session) -> None:
    build_known_set(db)
    text = _csv(db, outlet="Nobody")
    assert text == BOM + ",".join(FIELDS) + "\r\n"


def test_json_fields_types_and_schema_version(db: Session) -> None:
    build_known_set(db)
    f = reports.parse_filters(db, {"outlet": "Ledger, Inc."})
    now = dt.datetime(2026, 11, 27, 22, 10, 5, tzinfo=dt.UTC)
    doc = json.loads("".join(json_chunks(reports.iter_rows(db, f), SITE, f.as_params(), now=now)))
    assert doc["schema_version"] == SCHEMA_VERSION and doc["generated_at"] == "2026-11-27T22:10:05Z"
    assert doc["filters"] == {"outlet": "Ledger, Inc."} and doc["count"] == 2 == len(doc["claims"])
    tricky = next(c for c in doc["claims"] if c["kind"] == "quote")
    assert set(tricky) == set(FIELDS)
    assert tricky["claim_text"] == TRICKY  # JSON needs no formula prefix
    assert tricky["rating_value"] == 1 and isinstance(tricky["claim_id"], int)
    assert tricky["sources"] == ["https://src.example.org/a,b"] and tricky["evidence_stances"] == ["refutes"]
    assert tricky["published_at"].endswith("Z") and tricky["approved_at"].endswith("Z")
    assert tricky["passages_found"] == [True] and tricky["match_scores"] == [100.0]
    assert tricky["source_confidential"] == [False] and tricky["source_types"] == ["web"] and tricky["tags"] == []
    assert tricky["evidence_passages"] == ["archived text"] and tricky["archived_sha256"][0] is not None
    unemployment = next(c for c in doc["claims"] if c["kind"] == "quantity")
    assert unemployment["claim_text"] == UNEMPLOYMENT and unemployment["claim_dates"] == ["2019"]


def test_json_evidence_of_every_kind(db: Session) -> None:
    """Typed evidence: a passage not found has a null score, a person and a document no link, tags a list."""
    _vary(db)
    f = reports.parse_filters(db, {})
    doc = json.loads("".join(json_chunks(reports.iter_rows(db, f), SITE, {})))
    by_text = {c["claim_text"]: c for c in doc["claims"]}
    jobs, minus = by_text[UNEMPLOYMENT], by_text[MINUS]
    assert jobs["passages_found"] == [False, False] and jobs["match_scores"] == [None, None]
    assert jobs["source_confidential"] == [True, False]
    assert jobs["evidence_passages"][0] == "=first line\n\tsecond  line    end"  # as written, separators gone
    assert minus["tags"] == ["-risky", "budget", "zeta"]
    assert minus["sources"] == ["https://src.example.org/t", "", ""]
    assert minus["source_types"] == ["web", "person", "document"]
    assert minus["source_titles"][1:] == ["Phone call with Jane Roe, -Ministry, 2018-12-09", "memo.pdf"]
    assert minus["archived_sha256"][1:] == ["f" * 64, "d" * 64] and minus["evidence_stances"][2] == "refutes"


def test_empty_json_is_valid(db: Session) -> None:
    build_known_set(db)
    f = reports.parse_filters(db, {"outlet": "Nobody"})
    doc = json.loads("".join(json_chunks(reports.iter_rows(db, f), SITE, f.as_params())))
    assert doc["claims"] == [] and doc["count"] == 0


def test_plain_text_and_file_names() -> None:
    assert plain_text("no markup here") == "no markup here"
    assert (
        plain_text("# Title\n\n- *one*\n- `two`\n\n\n\n> snake_case_name and a\\*star")
        == "Title\n\none\ntwo\n\nsnake_case_name and a*star"
    )
    assert plain_text("<div>x</div> after") == "x after"
    assert plain_text("<b>bold</b> after") == "bold after"
    assert (
        stamp_name("verdicts", "csv", dt.datetime(2026, 11, 27, 22, 10, tzinfo=dt.UTC))
        == "verdicts-2026-11-27T2210Z.csv"
    )


def test_a_column_must_name_a_report_row_field() -> None:
    with pytest.raises(ValueError, match="not fields of ReportRow"):
        row_reader(SITE, [Column("x", "__class__", Kind.TEXT)])
