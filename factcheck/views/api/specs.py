"""What each API v1 endpoint accepts: one declaration per request body, used by the endpoints to validate
input and by openapi.py to write the document."""

from __future__ import annotations

from factcheck.models import ClaimStatus, Stance, Triage
from factcheck.views.api.schema import Field, Spec

ARTICLE_SPEC: Spec = {
    "title": Field("string", max_length=500, description="Required unless `url` is given alone."),
    "text": Field("string", description="The article text; omit it to fetch `url`."),
    "url": Field("string", max_length=2000, description="The article's address; alone, the server fetches it."),
    "outlet": Field("string", max_length=200),
    "author": Field("string", max_length=300),
    "published": Field("date", description="Publication date, YYYY-MM-DD; relative dates resolve against it."),
}
# Every state change names the claim's version the client last read: 422 without it, 409 when it is stale.
VERSION = Field("integer", required=True, minimum=1, description="The claim's version you last read (409 if stale).")
CLAIM_SPEC: Spec = {
    "start": Field("integer", required=True, minimum=0, description="Code-point offset (inclusive)."),
    "end": Field("integer", required=True, minimum=0, description="Code-point offset (exclusive)."),
}
PATCH_SPEC: Spec = {
    "version": VERSION,
    "start": Field("integer", minimum=0),
    "end": Field("integer", minimum=0),
    "status": Field(
        "string", enum=(Triage.DISMISSED, ClaimStatus.NEW), description="dismissed (triage), or new to restore"
    ),
    "assignee_id": Field("integer", minimum=1, nullable=True, description="null unassigns"),
    "triage": Field(
        "string",
        enum=(Triage.ACCEPTED, Triage.DISMISSED, Triage.SUGGESTED),
        description="accepted (to check), dismissed, or suggested to restore a dismissed claim",
    ),
}
SOURCE_SPEC: Spec = {
    "version": VERSION,
    "url": Field("string", required=True, max_length=2000, description="Fetched, archived and hashed by the server."),
    "stance": Field("string", required=True, enum=tuple(Stance)),
    "passage": Field("string", max_length=20_000, description="The passage of the source that matters."),
    "note": Field("string", max_length=20_000),
    "confidential": Field("boolean", description="Never shown to readers or in public exports."),
}
VERDICT_SPEC: Spec = {
    "version": VERSION,
    "rating": Field("string", required=True, max_length=80, description="A label of the active rating scale."),
    "summary": Field("string", required=True, max_length=500, description="The claim as checked (under 75)."),
    "rationale": Field("string", max_length=100_000, description="Markdown."),
}
DECISION_SPEC: Spec = {"version": VERSION}  # submit
APPROVE_SPEC: Spec = {
    "version": VERSION,
    "confirm": Field(
        "boolean", description="Approve although passages were not found or sources could not be fetched (422 else)."
    ),
}
RETURN_SPEC: Spec = {"version": VERSION, "comment": Field("string", required=True, max_length=10_000)}
COMMENT_SPEC: Spec = {"body": Field("string", required=True, max_length=10_000)}
PUBLISH_SPEC: Spec = {
    "version": Field(
        "integer",
        required=True,
        minimum=0,
        description="The article's latest published version you last read (`published_version`, 0 if never "
        "published); 409 if another version was published since.",
    ),
    "correction_note": Field("string", max_length=10_000),
}
STATUSES: tuple[ClaimStatus, ...] = tuple(ClaimStatus)
