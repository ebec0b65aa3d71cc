"""What a fetch returns: the body with its hashes and headers, and how its text is decoded."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from factcheck.textin import Decoded, decode

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


@dataclass(frozen=True)
class FetchResult:
    url: str
    final_url: str
    status: int
    content_type: str  # media type without parameters, lowercased ("application/octet-stream" if absent)
    charset: str | None  # as declared in the Content-Type header
    body: bytes
    sha256: str
    fetched_at: datetime  # UTC, aware
    redirects: tuple[str, ...]  # every URL that answered with a redirect, in order (final_url excluded)
    etag: str | None = None  # the validators a conditional GET sends back next time
    last_modified: str | None = None

    @property
    def not_modified(self) -> bool:
        """A conditional GET answered 304: nothing changed since the validators sent."""
        return self.status == 304

    def decoded(self) -> Decoded:
        """The body as text (see :mod:`factcheck.textin`): byte-order mark, header charset, <meta charset>, UTF-8,
        then detection; labels that name no text encoding are ignored; no NUL or lone surrogate survives."""
        labels = [self.charset]
        if self.content_type in ("text/html", "application/xhtml+xml"):
            match = _META_CHARSET.search(self.body[:4096])
            labels.append(match.group(1).decode("ascii") if match else None)
        return decode(self.body, labels, keep_nul=False)

    def encoding(self) -> str:
        """The codec :meth:`text` decodes with."""
        return self.decoded().encoding

    def text(self) -> str:
        return self.decoded().text


def content_type(header: str) -> tuple[str, str | None]:
    """``"text/HTML; charset=UTF-8"`` -> ``("text/html", "utf-8")``; a missing type is octet-stream."""
    media, _, params = header.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value.strip().strip("\"'"):
            charset = value.strip().strip("\"'").lower()
    return media.strip().lower() or "application/octet-stream", charset
