"""The data model: plain SQLAlchemy 2.0 typed models (no Flask)."""

from factcheck.models import guards
from factcheck.models.article import Article, ArticleRevision, text_key, text_sha256
from factcheck.models.audit import AuditEvent
from factcheck.models.base import Base, utcnow
from factcheck.models.claim import AnchorState, Claim, ClaimStatus, Triage
from factcheck.models.event import Event, EventConflict, EventMention
from factcheck.models.feed import Feed, FeedItem, MonitoredClaim
from factcheck.models.idempotency import IdempotencyKey
from factcheck.models.job import Job, JobState
from factcheck.models.link_check import LinkChange, LinkCheck
from factcheck.models.matching import ClaimEmbedding, ClaimScore, ExternalCheck, MatchDecision, RankerModel
from factcheck.models.publication import (
    Publication,
    PublicationKind,
    ReaderRequest,
    RequestKind,
    RequestStatus,
    Setting,
)
from factcheck.models.rating import Rating, RatingScale
from factcheck.models.source import ContactMethod, Evidence, Source, SourceKind, Stance, UnfoundPassage
from factcheck.models.tag import ClaimTag
from factcheck.models.team import AccountLink, LinkPurpose, Notification, NotificationKind
from factcheck.models.user import ApiToken, LoginSession, Role, User
from factcheck.models.verdict import Comment, Verdict, VerdictState
from factcheck.models.webhook import DeliveryState, PayloadFormat, Webhook, WebhookAttempt, WebhookDelivery

guards.install()

__all__ = [
    "AccountLink",
    "AnchorState",
    "ApiToken",
    "Article",
    "ArticleRevision",
    "AuditEvent",
    "Base",
    "Claim",
    "ClaimEmbedding",
    "ClaimScore",
    "ClaimStatus",
    "ClaimTag",
    "Comment",
    "ContactMethod",
    "DeliveryState",
    "Event",
    "EventConflict",
    "EventMention",
    "Evidence",
    "ExternalCheck",
    "Feed",
    "FeedItem",
    "IdempotencyKey",
    "Job",
    "JobState",
    "LinkChange",
    "LinkCheck",
    "LinkPurpose",
    "LoginSession",
    "MatchDecision",
    "MonitoredClaim",
    "Notification",
    "NotificationKind",
    "PayloadFormat",
    "Publication",
    "PublicationKind",
    "RankerModel",
    "Rating",
    "RatingScale",
    "ReaderRequest",
    "RequestKind",
    "RequestStatus",
    "Role",
    "Setting",
    "Source",
    "SourceKind",
    "Stance",
    "Triage",
    "UnfoundPassage",
    "User",
    "Verdict",
    "VerdictState",
    "Webhook",
    "WebhookAttempt",
    "WebhookDelivery",
    "text_key",
    "text_sha256",
    "utcnow",
]
