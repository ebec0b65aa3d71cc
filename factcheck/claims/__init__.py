"""The claim engine: split an article into check-worthy claims (offsets, kinds, scores, speakers, dates).

Pure Python (no Flask): segmenter, lexicon + features -> scoring, kinds, dates, speakers, extract, scraped.
"""

from factcheck.claims.dates import NormalizedDate
from factcheck.claims.extract import DEFAULT_MIN_SCORE, ExtractedClaim, extract_claims, make_selector
from factcheck.claims.kinds import KINDS
from factcheck.claims.scoring import Reason, explain_sentence, score_sentence
from factcheck.claims.scraped import ScrapedArticle, parse_scraped
from factcheck.claims.segmenter import split_sentences

__all__ = [
    "DEFAULT_MIN_SCORE",
    "KINDS",
    "ExtractedClaim",
    "NormalizedDate",
    "Reason",
    "ScrapedArticle",
    "explain_sentence",
    "extract_claims",
    "make_selector",
    "parse_scraped",
    "score_sentence",
    "split_sentences",
]
