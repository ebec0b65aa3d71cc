"""Text out of a PDF (pypdf), for sources fetched by URL and documents the desk uploads."""

from __future__ import annotations

import io

from factcheck import textin

MAX_PDF_PAGES = 2_000


class DocumentError(Exception):
    """A document whose text cannot be extracted; `reason` says why in words for the reviewer."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def clean(text: str) -> str:
    text = textin.scrub_surrogates(text)[0]
    return textin.drop_nul(text)[0]


def pdf_text(data: bytes) -> tuple[str, str]:
    """(text, title) of a PDF, page after page (pypdf); DocumentError if it is not a readable PDF or has no text
    (a scan without a text layer)."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise DocumentError("the PDF is encrypted")
        if len(reader.pages) > MAX_PDF_PAGES:
            raise DocumentError(f"the PDF has more than {MAX_PDF_PAGES:,} pages")
        pages = [(page.extract_text() or "").strip() for page in reader.pages]
        title = str(reader.metadata.get("/Title") or "") if reader.metadata is not None else ""
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise DocumentError(f"the PDF could not be read ({type(exc).__name__})") from exc
    text = clean("\n\n".join(p for p in pages if p))
    if not text.strip():
        raise DocumentError("the PDF has no text layer (a scan?): paste the passage and describe the document")
    return text, clean(title).strip()
