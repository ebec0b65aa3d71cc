"""Text from outside (factcheck/textin.py, FetchResult.decoded): charset labels that name no text encoding, or a
codec that decodes to lone surrogates, never reach Python's codec machinery; byte-order marks win; no lone
surrogate or NUL survives. And a redirect's Location, however malformed, is a FetchError."""

from __future__ import annotations

import codecs

import pytest

from factcheck import textin
from factcheck.fetch import BadURL, FetchError, FetchPolicy, fetch

from .conftest import LocalServer

# Every label here either names no encoding of the web or one that Python would decode to lone surrogates.
NOT_TEXT = [
    "rot13",
    "rot_13",
    "hex",
    "hex_codec",
    "base64",
    "base_64",
    "zlib",
    "zip",
    "uu",
    "bz2",
    "quopri",
    "quoted-printable",
    "idna",
    "punycode",
    "utf-7",
    "utf7",
    "unicode_escape",
    "unicode-escape",
    "raw_unicode_escape",
    "undefined",
    "palmos",
    "surrogateescape",
    "utf-8-surrogateescape",
    "replacement",
    "iso-2022-kr",
    "x-no-such-codec",
    "",
]
# What the tricks would decode to under Python's codecs: "+2AA-" is U+D800 in UTF-7, "\\ud800" in unicode_escape.
TRICKY = "Exports rose +2AA- and \\ud800 and \\udfff by twelve per cent in the last financial year, figures show."
PAGE = f"<html><body><article><p>{TRICKY}</p><p>Imports fell sharply, the customs office said.</p></article>"


def _clean(text: str) -> bool:
    return "\x00" not in text and not any("\ud800" <= ch <= "\udfff" for ch in text)


@pytest.mark.parametrize("label", NOT_TEXT)
def test_labels_naming_no_text_encoding_are_ignored(label: str) -> None:
    assert textin.web_codec(label) is None
    decoded = textin.decode(TRICKY.encode(), [label])
    assert decoded.text == TRICKY and decoded.encoding == "utf-8"


@pytest.mark.parametrize(
    ("label", "codec"),
    [("latin1", "cp1252"), ("ISO-8859-1", "cp1252"), ("ascii", "cp1252"), ("UTF-8", "utf-8"), ("koi8-r", "koi8-r")],
)
def test_web_labels_are_read_as_browsers_read_them(label: str, codec: str) -> None:
    assert textin.web_codec(label) == codecs.lookup(codec).name


@pytest.mark.parametrize(
    ("data", "labels"),
    [
        (b"caf\xed\xa0\x80 text", ["utf-8"]),  # an encoded surrogate: not UTF-8
        (b"\xff\xfe\x00\xd8a\x00", []),  # UTF-16 LE mark, then an unpaired high surrogate
        (b"\xfe\xff\xdc\x00\x00a", []),  # UTF-16 BE mark, then an unpaired low surrogate
        (b"\xff\xfe\x00\x00\x00\xd8\x00\x00", []),  # UTF-32 LE mark, then a surrogate code point
        (bytes(range(256)), ["utf-16"]),
        (bytes(range(256)) * 3, []),
    ],
)
def test_decoding_never_leaves_a_lone_surrogate(data: bytes, labels: list[str]) -> None:
    decoded = textin.decode(data, labels, keep_nul=False)
    assert _clean(decoded.text)


@pytest.mark.parametrize(
    ("bom", "codec"),
    [
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be"),
    ],
)
def test_a_byte_order_mark_wins_over_any_label(bom: bytes, codec: str) -> None:
    text = "Żółw crossed the road in 2021, officials said."
    decoded = textin.decode(bom + text.encode(codec), ["windows-1252"])
    assert decoded.text == text


def test_nul_is_dropped_with_a_note_only_when_asked() -> None:
    assert textin.decode(b"a\x00b").text == "a\x00b"
    decoded = textin.decode(b"a\x00b\x00c", keep_nul=False)
    assert decoded.text == "abc" and decoded.notes == ("2 NUL character(s) dropped",)


# --- through the fetcher, against the local server ---------------------------------------------------------


@pytest.mark.parametrize("label", [*NOT_TEXT, "utf-16", "utf-32", "UTF-16LE", "windows-1252"])
@pytest.mark.parametrize("kind", ["text/html", "text/plain"])
def test_fetched_text_with_any_charset_is_clean_text(
    http_server: LocalServer, policy: FetchPolicy, label: str, kind: str
) -> None:
    body = (PAGE if kind == "text/html" else TRICKY).encode() + b"\x00tail"
    url = http_server.route("/page", body=body, content_type=f"{kind}; charset={label}")
    result = fetch(url, policy)
    text = result.text()
    assert _clean(text)
    assert "tail" in text or label.lower().startswith("utf-16")  # UTF-8 bytes read as UTF-16 are gibberish
    assert codecs.lookup(result.encoding())._is_text_encoding  # type: ignore[attr-defined]


def test_meta_charset_naming_a_non_text_codec_is_ignored(http_server: LocalServer, policy: FetchPolicy) -> None:
    body = f'<html><head><meta charset="rot13"></head><body><p>{TRICKY}</p></body></html>'.encode()
    url = http_server.route("/meta", body=body, content_type="text/html")
    assert TRICKY in fetch(url, policy).text()


@pytest.mark.parametrize("bom", [codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE])
def test_fetched_utf16_and_utf32_with_a_mark(http_server: LocalServer, policy: FetchPolicy, bom: bytes) -> None:
    codec = {codecs.BOM_UTF16_LE: "utf-16-le", codecs.BOM_UTF16_BE: "utf-16-be"}.get(bom, "utf-32-le")
    url = http_server.route("/wide", body=bom + TRICKY.encode(codec), content_type="text/plain; charset=base64")
    assert fetch(url, policy).text() == TRICKY


# --- redirect Location variants ----------------------------------------------------------------------------

MALFORMED_LOCATIONS = [
    "http://[::1",
    "http://[::1/path",
    "//[::1",
    "http://[127.0.0.1]/",
    "http://[::1]:99999/",
    "http://exa mple.com/",
    "http://:80/",
    "http://",
    "https:///nohost",
    "http://host:port/",
    "http://host:-1/",
    "http://a\x00b.example/",
    "http://127.0.0.1:0/",
    "http://" + "a" * 64 + ".example/",
    "http://x.example/" + "a" * 5000,
    "/" + "b" * 3000,
    "http://user:secret@127.0.0.1/",
    "javascript:alert(1)",
    "data:text/html,<p>hi</p>",
    "ftp://127.0.0.1/",
    "http://%zz/",
    "http://\\\\evil/",
]


@pytest.mark.parametrize("location", MALFORMED_LOCATIONS, ids=lambda s: repr(s[:40]))
def test_a_malformed_redirect_is_a_fetch_error(http_server: LocalServer, policy: FetchPolicy, location: str) -> None:
    url = http_server.route("/bounce", status=302, location=location)
    with pytest.raises(FetchError) as info:
        fetch(url, policy)
    assert info.value.reason
    assert set(http_server.paths()) == {"/bounce"}  # nothing else was requested ("http://" joins to itself)


@pytest.mark.parametrize("header", ["Location: /ok\r\nX-Injected: 1", "Location: /o\nk", "Location: /ok\r"])
def test_line_breaks_in_a_location_header_are_harmless(
    http_server: LocalServer, policy: FetchPolicy, header: str
) -> None:
    http_server.route("/ok", body=b"<p>ok</p>")
    http_server.route("/o", body=b"<p>o</p>")
    url = http_server.route("/bounce", status=302, location=header.removeprefix("Location: "))
    try:
        result = fetch(url, policy)
    except FetchError:
        return
    assert result.final_url.startswith(http_server.url("/"))


def test_a_latin1_location_is_followed(http_server: LocalServer, policy: FetchPolicy) -> None:
    http_server.route("/caf%C3%A9", body=b"<p>here</p>")
    url = http_server.route("/bounce", status=302, location="/café".encode().decode("latin-1"))
    assert fetch(url, policy).body == b"<p>here</p>"


def test_an_overlong_url_is_refused_up_front(policy: FetchPolicy) -> None:
    with pytest.raises(BadURL, match="longer than 2,000"):
        fetch("http://127.0.0.1/" + "a" * 2001, policy)
