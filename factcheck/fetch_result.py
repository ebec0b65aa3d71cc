"""What a fetch returns: the body with its hashes and headers, and how its text is decoded."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from datetime import datetime

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_WINDOWS_1252_ALIASES = frozenset({"iso-8859-1", "latin-1", "latin1", "us-ascii", "ascii", "iso8859-1"})


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

    def encoding(self) -> str:
        """The codec used by :meth:`text`: header charset, BOM, <meta charset>, UTF-8, then a guess."""
        declared = [self.charset]
        if self.body.startswith(codecs.BOM_UTF8):
            declared.insert(0, "utf-8")
        if self.content_type in ("text/html", "application/xhtml+xml"):
            match = _META_CHARSET.search(self.body[:4096])
            declared.append(match.group(1).decode("ascii") if match else None)
        for name in declared:
            if name and _known_codec(name):
                return "cp1252" if name.lower() in _WINDOWS_1252_ALIASES else name
        try:
            self.body.decode("utf-8")
            return "utf-8"
        except UnicodeDecodeError:
            pass
        import charset_normalizer

        best = charset_normalizer.from_bytes(self.body).best()
        return best.encoding if best is not None else "utf-8"

    def text(self) -> str:
        return self.body.decode(self.encoding(), errors="replace").removeprefix("\ufeff")


def _known_codec(name: str) -> bool:
    try:
        codecs.lookup(name)
    except LookupError:
        return False
    return True


def content_type(header: str) -> tuple[str, str | None]:
    """``"text/HTML; charset=UTF-8"`` -> ``("text/html", "utf-8")``; a missing type is octet-stream."""
    media, _, params = header.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value.strip().strip("\"'"):
            charset = value.strip().strip("\"'").lower()
    return media.strip().lower() or "application/octet-stream", charset
