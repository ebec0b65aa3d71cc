"""Speakers from transcripts (claims/transcript.py): `NAME: text` lines give the speaker of their turn, up to the
next label; attributions in the sentence still win; a lone dateline or "Note:" makes no transcript."""

from __future__ import annotations

import pytest

from factcheck.claims.extract import extract_claims
from factcheck.claims.speakers import find_speaker
from factcheck.claims.transcript import NO_TURNS, find_turns

DEBATE = """MODERATOR: Good evening. Our first topic tonight is the economy and jobs.

MS. OKAFOR: Our region lost 12,000 factory jobs between 2015 and 2020. Wages fell by 6 per cent in the same years.

Rents doubled over that decade, and the council did nothing about it.

Mr. Lindqvist (Independent): That is not true. Unemployment fell to 3.8 per cent in 2022, the labour ministry said.

MS. OKAFOR: The harbour employed 900 people in 2010 and fewer than 400 in 2023.
"""


def _speakers(text: str) -> list[tuple[str, str | None]]:
    return [(c.quote, c.speaker) for c in extract_claims(text)]


def test_each_claim_gets_the_speaker_of_its_turn() -> None:
    found = _speakers(DEBATE)
    by_quote = {q.split()[0] + " " + q.split()[1]: s for q, s in found}
    assert by_quote["Our region"] == "Ms. Okafor"
    assert by_quote["Wages fell"] == "Ms. Okafor"
    assert by_quote["Rents doubled"] == "Ms. Okafor"  # a paragraph without a label continues the turn
    assert by_quote["The harbour"] == "Ms. Okafor"
    assert by_quote["Unemployment fell"] == "labour ministry"  # credited in the sentence: that wins
    assert all(not q.startswith(("MS.", "MODERATOR", "Mr. Lindqvist")) for q, _ in found)  # labels not quoted


def test_the_turn_label_with_a_role_in_parentheses() -> None:
    turns = find_turns(DEBATE)
    assert turns.speaker_at(DEBATE.index("That is not true")) == "Mr. Lindqvist"
    assert turns.speaker_at(0) == "Moderator"


@pytest.mark.parametrize(
    "text",
    [
        "WASHINGTON: The senate passed the bill by 52 votes to 48 on Tuesday.",
        "Note: figures for 2023 are provisional.\n\nUpdate: the ministry revised its estimate to 4 per cent.",
        "Exports fell by 12 per cent in 2019.\n\nImports rose by 3 per cent.",
    ],
)
def test_no_transcript(text: str) -> None:
    assert find_turns(text) == NO_TURNS
    assert all(s is None for _, s in _speakers(text))


@pytest.mark.parametrize(
    ("sentence", "speaker"),
    [
        ("Ukraine's counteroffensive has failed, the Kremlin said.", "Kremlin"),
        ("The treaty was violated in 2014, said Mike Pompeo.", "Mike Pompeo"),
        ("Exports fell by 12 per cent, according to the trade ministry.", "trade ministry"),
        ("Rates will stay high, a spokeswoman for the central bank told reporters.", "central bank"),
        ("The pact is dead, Russia's foreign ministry said on Monday.", "Russia's foreign ministry"),
    ],
)
def test_attributions_name_the_speaker(sentence: str, speaker: str) -> None:
    assert find_speaker(sentence) == speaker
