"""The claim engine: split an article into check-worthy claims (offsets, kinds, scores, speakers, dates).

Pure Python (no Flask). Import what you need from the module that defines it; this package file imports nothing,
so no engine module can reach back to the others through it (features -> `from factcheck.claims import lexicon`
once closed a cycle through here):

- segmenter: split_sentences, split_clauses (sentence and clause spans)
- lexicon + features: surface features of a sentence (`detect` -> Hit)
- scoring: Reason, score_sentence, explain_sentence (check-worthiness from the features)
- kinds: KINDS, classify
- dates: NormalizedDate, find_dates
- speakers: who made a quoted claim
- extract: ExtractedClaim, extract_claims, make_selector, DEFAULT_MIN_SCORE (the whole pipeline)
- scraped: ScrapedArticle, parse_scraped (articles saved by a scraper, with their metadata)
- anchoring, anchor_types, approximate, offsets: re-anchoring claims after the text changes
"""
