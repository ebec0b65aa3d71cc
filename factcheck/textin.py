"""Text that comes from outside as bytes (fetched pages, uploaded files): decoded only with real text encodings,
and never carrying a lone surrogate (or, where asked, a NUL character) into the database.

A charset label from a web page or header is read as browsers read it, by the WHATWG Encoding Standard
(`webencodings`): "latin1" and "ascii" mean windows-1252, and labels that name no web encoding (`rot13`,
`base64`, `hex`, `zlib`, `idna`, `punycode`, `utf-7`, `unicode_escape`, ...) are ignored instead of being handed
to Python's codec machinery, where they either fail or decode to lone surrogates. An encoding guessed by charset
detection must be a text encoding too. Whatever codec ran, a lone surrogate left in the result becomes U+FFFD.

No Flask here.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterable
from dataclasses import dataclass

import webencodings
from charset_normalizer import from_bytes

# UTF-32 LE's byte-order mark starts with UTF-16 LE's: the longer marks are tried first.
BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Python codecs that are "text encodings" to the codec registry but no character set of any document: they
# decode escape syntax or host names, and several of them produce lone surrogates.
NOT_CHARSETS = frozenset({"utf-7", "unicode-escape", "raw-unicode-escape", "idna", "punycode", "undefined"})
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_NUL = "\x00"


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # the Python codec that decoded it
    notes: tuple[str, ...] = ()  # what was changed on the way (characters dropped or replaced)


def bom_encoding(data: bytes) -> tuple[str, int] | None:
    """(codec, length of the mark) when `data` starts with a UTF-8, UTF-16 or UTF-32 byte-order mark."""
    for mark, name in BOMS:
        if data.startswith(mark):
            return name, len(mark)
    return None


def web_codec(label: str | None) -> str | None:
    """The Python codec for a charset label as a browser reads it, or None when the label names no text encoding
    of the web (the WHATWG "replacement" encoding included: detection does better than one U+FFFD)."""
    if not label or not label.strip():
        return None
    encoding = webencodings.lookup(label.strip())
    if encoding is None or encoding.name == "replacement":
        return None
    return _text_codec(encoding.codec_info)


def detected_codec(name: str | None) -> str | None:
    """A codec name proposed by charset detection, if it names a real text encoding."""
    if not name:
        return None
    try:
        info = codecs.lookup(name)
    except LookupError:
        return None
    return _text_codec(info)


def _text_codec(info: codecs.CodecInfo) -> str | None:
    if not getattr(info, "_is_text_encoding", True) or info.name in NOT_CHARSETS:
        return None
    return info.name


def scrub_surrogates(text: str) -> tuple[str, int]:
    """Lone surrogates (never valid text, refused by UTF-8 encoders and databases) replaced by U+FFFD."""
    return _LONE_SURROGATE.subn("\ufffd", text)


def drop_nul(text: str) -> tuple[str, int]:
    """NUL characters removed (PostgreSQL cannot store them in text), with how many there were."""
    count = text.count(_NUL)
    return (text.replace(_NUL, ""), count) if count else (text, 0)


def decode(data: bytes, labels: Iterable[str | None] = (), *, keep_nul: bool = True) -> Decoded:
    """Bytes to text: a byte-order mark, else the first usable declared label, else strict UTF-8, else charset
    detection, else UTF-8 with replacement characters. Never raises; the result holds no lone surrogate, and no
    NUL unless `keep_nul` (callers that refuse binary input want to see them)."""
    bom = bom_encoding(data)
    if bom is not None:
        codec, skip = bom
        candidates = [(codec, data[skip:])]
    else:
        candidates = [(c, data) for c in dict.fromkeys(web_codec(label) for label in labels) if c is not None]
    text, codec = _first_decoding(candidates)
    if text is None:
        text, codec = _fallback(data)
    text = text.removeprefix("\ufeff")
    notes: list[str] = []
    text, surrogates = scrub_surrogates(text)
    if surrogates:
        notes.append(f"{surrogates} undecodable character(s) replaced by U+FFFD")
    if not keep_nul:
        text, nuls = drop_nul(text)
        if nuls:
            notes.append(f"{nuls} NUL character(s) dropped")
    return Decoded(text=text, encoding=codec, notes=tuple(notes))


def _first_decoding(candidates: list[tuple[str, bytes]]) -> tuple[str | None, str]:
    for codec, payload in candidates:
        try:
            return payload.decode(codec, errors="replace"), codec
        except (UnicodeError, LookupError, TypeError, ValueError):
            continue  # a codec that refuses "replace" (or fails outright) is simply not used
    return None, ""


def _fallback(data: bytes) -> tuple[str, str]:
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(data, cp_exclusion=["utf_7"]).best()
    codec = detected_codec(best.encoding if best is not None else None)
    if codec is not None:
        text, used = _first_decoding([(codec, data)])
        if text is not None:
            return text, used
    return data.decode("utf-8", errors="replace"), "utf-8"
