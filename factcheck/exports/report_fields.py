"""The fields of a verdict report row, shared by the CSV, JSON and printable exports.

| field | meaning |
| --- | --- |
| claim_id | the claim's id in the workbench |
| article_title, outlet, article_url | the checked article (article_url: where it first appeared) |
| published_version_url | SITE_URL/a/<slug>/v/<n>: the first publication carrying this verdict (published only) |
| claim_text | the claim as quoted from the article |
| kind | event, quantity, quote, prediction, causal, comparison, rule or other |
| claim_dates | the dates the claim speaks of, normalised (YYYY, YYYY-MM or YYYY-MM-DD) |
| speaker | who made the claim, when known |
| status | the claim's workflow status |
| verdict_state | the state of the claim's latest verdict: draft, submitted, approved or returned |
| rating_label, rating_value | the latest verdict's rating; the value is empty for labels off the ladder |
| summary | the claim as checked (schema.org claimReviewed) |
| rationale | the verdict's reasoning, as plain text (its Markdown markup removed, links kept as "text (url)") |
| tags | the claim's tags (topics), in alphabetical order |
| sources | each piece of evidence's source link, in evidence order: a web page's URL; empty for an uploaded |
| | document (its internal id is not a link: see archived_sha256) and for a person |
| source_titles | each source's title: a document's title (or file name), a person as "Interview with Jane |
| | Roe, Ministry, 2018-12-09" |
| source_publishers | each source's publisher, as recorded |
| source_types | web, document or person |
| source_confidential | yes for a confidential source (the report is the desk's: details shown; never publish them) |
| evidence_passages | the passage cited from the source (its whitespace run together on one line in the CSV) |
| evidence_stances | the passage's stance: supports, refutes or context |
| passages_found | whether the passage was found in the source's archived copy: yes or no (JSON: true or false) |
| match_scores | how well it matched there: 100 exact, lower a fuzzy match, empty (null) when not found |
| archived_sha256 | the SHA-256 of the archived copy (a fetched page, an uploaded file, a person's notes) or empty |
| reviewer, approver | who wrote the verdict, and the editor who approved it |
| imported_at, verdict_at, approved_at, published_at | UTC timestamps (ISO 8601 ending in Z) |
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any

from factcheck.services.reports import ReportRow, SourceRef


class Kind(Enum):
    """What a column holds, which says how each path writes it."""

    TEXT = "text"  # a string, never empty-valued (None)
    OPTIONAL_TEXT = "optional text"  # a string or None
    NUMBER = "number"  # an integer or None
    DATES = "dates"  # the claim's dates: a list of normalised strings
    STAMP = "stamp"  # a timestamp, written as UTC ISO 8601 ending in Z
    MARKDOWN = "markdown"  # Markdown, written as plain text (plain_text)
    VERSION_URL = "version url"  # SITE_URL/a/<slug>/v/<n> from published_version (and article_slug), or None
    TAGS = "tags"  # the claim's tags: a list of strings
    EVIDENCE = "evidence"  # one attribute (Column.part) of each piece of evidence (SourceRef), in evidence order


@dataclass(frozen=True, slots=True)
class Column:
    name: str  # the CSV header and the JSON key
    field: str  # the ReportRow field (the report select's column) it is written from
    kind: Kind
    part: str = ""  # Kind.EVIDENCE: the SourceRef attribute listed


def _evidence(name: str, part: str) -> Column:
    return Column(name, "sources", Kind.EVIDENCE, part)


# The one table of the export columns, in their order: the CSV (both of its paths) and the JSON follow it.
COLUMNS = (
    Column("claim_id", "claim_id", Kind.NUMBER),
    Column("article_title", "article_title", Kind.TEXT),
    Column("outlet", "outlet", Kind.TEXT),
    Column("article_url", "article_url", Kind.OPTIONAL_TEXT),
    Column("published_version_url", "published_version", Kind.VERSION_URL),
    Column("claim_text", "claim_text", Kind.TEXT),
    Column("kind", "kind", Kind.TEXT),
    Column("claim_dates", "claim_dates", Kind.DATES),
    Column("speaker", "speaker", Kind.OPTIONAL_TEXT),
    Column("status", "status", Kind.TEXT),
    Column("verdict_state", "verdict_state", Kind.TEXT),
    Column("rating_label", "rating_label", Kind.TEXT),
    Column("rating_value", "rating_value", Kind.NUMBER),
    Column("summary", "summary", Kind.TEXT),
    Column("rationale", "rationale", Kind.MARKDOWN),
    Column("tags", "tags", Kind.TAGS),
    _evidence("sources", "url"),
    _evidence("source_titles", "title"),
    _evidence("source_publishers", "publisher"),
    _evidence("source_types", "kind"),
    _evidence("source_confidential", "confidential"),
    _evidence("evidence_passages", "passage"),
    _evidence("evidence_stances", "stance"),
    _evidence("passages_found", "found"),
    _evidence("match_scores", "score"),
    _evidence("archived_sha256", "sha256"),
    Column("reviewer", "reviewer", Kind.TEXT),
    Column("approver", "approver", Kind.OPTIONAL_TEXT),
    Column("imported_at", "imported_at", Kind.STAMP),
    Column("verdict_at", "verdict_at", Kind.STAMP),
    Column("approved_at", "approved_at", Kind.STAMP),
    Column("published_at", "published_at", Kind.STAMP),
)
FIELDS = tuple(column.name for column in COLUMNS)

# Markdown markup: a markup character anywhere, or a list item's start at the start of a line. Two patterns, the first
# scanned for as a character set, the second tried only where a line starts (at 0, or anywhere if there is a "\n").
_MARKUP_CHAR = re.compile(r"[*_`#>\[\]<|~!\\]")
_LIST_START = re.compile(r"^\s*(?:[-+]|\d+[.)])\s", re.MULTILINE)
_INLINE = (
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),  # image: its alt text
    (re.compile(r"\[([^\]]+)\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)"), r"\1 (\2)"),  # link: text (url)
    (re.compile(r"<(https?://[^>\s]+)>"), r"\1"),  # autolink
    (re.compile(r"<[^>\n]*>"), ""),  # HTML tags
    (re.compile(r"(`+)(.+?)\1"), r"\2"),  # inline code
    (re.compile(r"(\*\*|__|~~)(?=\S)(.+?)(?<=\S)\1"), r"\2"),  # strong, strike
    (re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])"), r"\1"),  # emphasis
    (re.compile(r"(?<![\w_])_(?=\S)(.+?)(?<=\S)_(?![\w_])"), r"\1"),
    (re.compile(r"^[ \t]{0,3}(?:#{1,6}[ \t]+|>[ \t]?|[-*+][ \t]+|\d+[.)][ \t]+)", re.MULTILINE), ""),  # blocks
    (re.compile(r"\\([\\`*_{}\[\]()#+\-.!>])"), r"\1"),  # backslash escapes
    (re.compile(r"[ \t]+\n"), "\n"),
    (re.compile(r"\n{3,}"), "\n\n"),
)


def utc_z(moment: dt.datetime | None) -> str | None:
    if moment is None:
        return None
    if moment.utcoffset():
        moment = moment.astimezone(dt.UTC)
    return moment.isoformat(timespec="seconds")[:19] + "Z"


def plain_text(markdown: str) -> str:
    """Markdown to plain text (regular expressions: fast enough for 100,000 rows): links as 'text (url)', markup
    removed, paragraphs kept apart by a blank line."""
    if not (
        _MARKUP_CHAR.search(markdown)
        or _LIST_START.match(markdown)
        or ("\n" in markdown and _LIST_START.search(markdown))
    ):
        return markdown.strip()
    text = markdown
    for pattern, repl in _INLINE:
        text = pattern.sub(repl, text)
    return text.strip()


def version_url(site_url: str, row: ReportRow) -> str | None:
    if row.published_version is None:
        return None
    return f"{site_url.rstrip('/')}/a/{row.article_slug}/v/{row.published_version}"


# The expression that reads a column of each kind off a ReportRow `row` (other kinds: the field as it is).
_EXPRESSIONS = {
    Kind.STAMP: "utc_z(row.{field})",
    Kind.MARKDOWN: "plain_text(row.{field})",
    Kind.VERSION_URL: "version_url(site_url, row)",
    Kind.EVIDENCE: "[s.{part} for s in row.{field}]",
}
_ROW_FIELDS = frozenset(f.name for f in dataclasses.fields(ReportRow))
EVIDENCE_ATTRIBUTES = frozenset({*(f.name for f in dataclasses.fields(SourceRef)), "found"})


def row_reader(site_url: str, columns: Sequence[Column] = COLUMNS) -> Callable[[ReportRow], list[Any]]:
    """A function giving one row's values in the columns' order, typed (lists stay lists, numbers numbers): the
    reference the CSV's fast path must match, and the JSON item's values.

    It is one list display compiled from the columns (as collections.namedtuple and dataclasses build their
    methods): `lambda row: [row.claim_id, ..., utc_z(row.published_at)]`, as fast as the hand-written list this
    replaced. Only ReportRow's own field names, SourceRef's attribute names and the expressions above go into the
    source."""
    unknown = [c.field for c in columns if c.field not in _ROW_FIELDS]
    if unknown:
        raise ValueError(f"not fields of ReportRow: {unknown}")
    parts = [c.part for c in columns if c.kind is Kind.EVIDENCE and c.part not in EVIDENCE_ATTRIBUTES]
    if parts:
        raise ValueError(f"not attributes of SourceRef: {parts}")
    items = ", ".join(_EXPRESSIONS.get(c.kind, "row.{field}").format(field=c.field, part=c.part) for c in columns)
    namespace = {"utc_z": utc_z, "plain_text": plain_text, "version_url": version_url, "site_url": site_url}
    reader: Callable[[ReportRow], list[Any]] = eval(f"lambda row: [{items}]", namespace)
    return reader


def row_list(row: ReportRow, site_url: str) -> list[Any]:
    """One row's values in FIELDS order, typed (lists stay lists, numbers numbers)."""
    return row_reader(site_url)(row)


def row_values(row: ReportRow, site_url: str) -> dict[str, Any]:
    """One row as a dict of typed values: the JSON item (CSV flattens row_list)."""
    return dict(zip(FIELDS, row_list(row, site_url), strict=True))


def stamp_name(what: str, extension: str, now: dt.datetime | None = None) -> str:
    """A file name that says what and when: verdicts-2026-11-27T2210Z.csv."""
    moment = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    return f"{what}-{moment.strftime('%Y-%m-%dT%H%MZ')}.{extension}"
