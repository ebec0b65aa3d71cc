"""Check-worthiness ordering, reasons and kinds on hand-written sentences."""

from __future__ import annotations

import pytest

from factcheck.claims.features import detect, entities
from factcheck.claims.kinds import KINDS, classify
from factcheck.claims.scoring import Reason, explain_sentence, score_sentence

STATISTIC = "Unemployment in Ohio fell to 4.1 percent in 2018, the lowest rate since 2000."
OPINION = "I think this is a wonderful country and we should be proud of it."
QUESTION = "What are we going to do about it?"
COURTESY = "Thank you very much."


def test_statistic_outranks_opinion_question_and_courtesy() -> None:
    s = score_sentence(STATISTIC)
    assert s > 0.7
    assert s > score_sentence(OPINION) > score_sentence(COURTESY)
    assert s > score_sentence(QUESTION)
    assert score_sentence(QUESTION) < 0.3
    assert score_sentence(OPINION) < 0.3


@pytest.mark.parametrize(
    ("better", "worse"),
    [
        ("I voted against the war in Iraq in 2003.", "I believe in a strong America."),
        ("The company cut 3,000 jobs in Michigan last year.", "Jobs are important."),
        ("The Senate passed the tax bill by 51 votes to 49.", "Is the tax bill fair?"),
        ("Trump met Putin in Helsinki in July.", "It was a good day."),
        ("Crime has doubled because of the new policy.", "(APPLAUSE)"),
        ("Crime has doubled in Texas.", "Crime has doubled in Texas!"),
    ],
)
def test_pairs(better: str, worse: str) -> None:
    assert score_sentence(better) > score_sentence(worse)


def test_reasons_explain_the_score() -> None:
    score, reasons = explain_sentence(STATISTIC)
    assert 0.0 <= score <= 1.0
    features = {r.feature for r in reasons}
    assert {"statistic", "date", "named_entity", "comparative", "change"} <= features
    assert all(isinstance(r, Reason) and r.detail for r in reasons)
    date = next(r for r in reasons if r.feature == "date")
    assert '"2018"' in date.detail and date.weight > 0
    _, q_reasons = explain_sentence(QUESTION)
    assert any(r.feature == "question" and r.weight < 0 for r in q_reasons)
    _, o_reasons = explain_sentence(OPINION)
    assert any(r.feature == "opinion" and r.weight < 0 for r in o_reasons)
    assert Reason("x", 1.0, "d").as_dict() == {"feature": "x", "weight": 1.0, "detail": "d"}


def test_score_is_deterministic_and_bounded() -> None:
    for s in (STATISTIC, OPINION, QUESTION, COURTESY, "", "   ", "?"):
        assert score_sentence(s) == score_sentence(s)
        assert 0.0 <= score_sentence(s) <= 1.0


def test_entities_skip_sentence_openers() -> None:
    assert entities("The Kremlin said Vladimir Putin would not travel to Washington.") == [
        "Kremlin",
        "Vladimir Putin",
        "Washington",
    ]
    assert entities("He said it. I agree.") == []


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("Inflation rose to 2.4 percent in October.", "quantity"),
        ("It was the highest inflation rate since 2011.", "comparison"),
        ("The next round of talks will take place in Geneva in May.", "prediction"),
        ("The strike was called off because the union accepted the offer.", "causal"),
        ("The new law bans the sale of the weapons to private buyers.", "rule"),
        ("Merkel visited Macron in Paris on Sunday.", "event"),
        ('"We have nothing more to discuss with them," the minister said.', "quote"),
        ("It is what it is.", "other"),
        ("The envoy snubbed his host twice in a week.", "event"),
        (
            "He left the talks in Vienna early on Monday after a long row over sanctions, with one aide "
            'muttering: "They will regret this day."',
            "event",
        ),
        ('"They will regret this day," said Ana Ruiz, a senior aide.', "quote"),
    ],
)
def test_kinds(sentence: str, kind: str) -> None:
    assert kind in KINDS
    assert classify(sentence, detect(sentence)) == kind


def _features(sentence: str) -> dict[str, tuple[str, ...]]:
    return {h.feature: h.terms for h in detect(sentence)}


def test_feature_details() -> None:
    f = _features("Senator Lee voted against the bill twice, the third time in a row, according to Reuters.")
    assert f["record"] == ("Lee voted",)
    assert "the third time" in f["number"] and "twice" in f["number"]
    assert f["attributed"] == ("Reuters",)
    assert "bill" in f["law"]
    assert _features("Crime and unemployment went up.")["topic"] == ("crime", "unemployment")
    assert "I was against" not in str(_features("It was against the rules."))
    assert _features("I was against the war in Iraq.")["record"] == ("i was against",)
    assert "modal_future" in _features("We'll build it.")
    assert "number" not in _features("They met on November 11 in 2018.")
    assert _features("Sales rose 4.5% to $1.2 bn.")["statistic"][:2] == ("4.5%", "$1.2")


def test_quoted_words_are_not_the_writers_opinion() -> None:
    reported = 'The president praised the figures on Twitter, calling them "simply incredible".'
    assert "opinion" not in _features(reported)
    assert "opinion" in _features("The figures are simply incredible.")
    assert score_sentence(reported) > score_sentence("The figures are simply incredible.")


def test_forecasts_as_a_noun_do_not_make_a_prediction() -> None:
    s = "The economy added 250,000 jobs in October, beating forecasts of 190,000."
    assert classify(s, detect(s)) == "quantity"


def test_debate_cues() -> None:
    assert _features("Our county has the lowest wages anywhere in the state.")["ranking"] == ("lowest wages anywhere",)
    assert "ranking" in _features("Factory orders fell to a 12-year low.")
    assert "ranking" not in _features("She is the best mayor we could hope for.")
    assert _features("You hired three lobbyists and he never paid them.")["deed"] == ("you hired", "he never paid")
    assert "promise" in _features("We will fix the roads and we're going to win.")
    assert "promise" not in _features("We will cut the levy by 2 percent.")  # a figure can be checked later
    assert "addressed" in _features("Governor Blake, your rival says the schools are failing.")
    assert "addressed" not in _features("Governor Blake said the schools are failing.")
    assert "figure_compared" in _features("Rents rose 9 percent, more than wages.")
    assert "figure_compared" not in _features("Rents rose sharply.")


@pytest.mark.parametrize(
    ("better", "worse"),
    [
        ("The port handles more cargo than any other port in the region.", "We will make the port great."),
        ("Our state has the highest fuel taxes in the country.", "Our state has high fuel taxes."),
        ("I think 40 people a week lose their homes here.", "I think people here deserve better homes."),
        ("Senator Hale cut the school budget last spring.", "Senator Hale, why did you run for office?"),
    ],
)
def test_debate_pairs(better: str, worse: str) -> None:
    assert score_sentence(better) > score_sentence(worse)


def test_an_opinion_around_a_figure_weighs_half() -> None:
    _, reasons = explain_sentence("I think 40 people a week lose their homes here.")
    _, bare = explain_sentence("I think people lose their homes here.")
    opinion = next(r.weight for r in reasons if r.feature == "opinion")
    assert opinion == pytest.approx(next(r.weight for r in bare if r.feature == "opinion") / 2)


def test_names_are_not_scaled_by_count() -> None:
    _, reasons = explain_sentence("Ana Ruiz, Ben Cole and Dora Lind met in Oslo.")
    assert next(r.weight for r in reasons if r.feature == "named_entity") == 0.3


def test_named_and_contracted_deeds() -> None:
    f = _features("Mayor Okafor released his returns, and she's called for an audit.")
    assert f["deed"] == ("she's called", "Okafor released")
    assert "deed" not in _features("But paid parking is back in town.")  # an opener, not a name
    assert "deed" not in _features("We said it and I wanted it.")  # the speaker's own acts are not deeds
    assert "deed" not in _features("He's tall.")


def test_a_view_reported_of_someone_else_weighs_half() -> None:
    _, reported = explain_sentence("She said the city should sell the harbour.")
    _, own = explain_sentence("The city should sell the harbour.")
    half = next(r.weight for r in own if r.feature == "opinion") / 2
    assert next(r.weight for r in reported if r.feature == "opinion") == pytest.approx(half)


def test_stance_moderating_and_personal_cues() -> None:
    assert _features("She wants to close the rail depot.")["stance"] == ("she wants",)
    assert "stance" not in _features("I want to close the rail depot.")
    assert "moderating" in _features("You have thirty seconds for a rebuttal.")
    assert "personal" in _features("My father drove a bus in this town.")
    assert score_sentence("He opposes the levy on the port.") > score_sentence("Let me ask about the port.")
    assert score_sentence("The depot employs 300 drivers.") > score_sentence("My father drove 30 buses.")


def test_debate_chatter_about_saying_stays_low() -> None:
    assert score_sentence("I told you so, and I said it again.") < 0.2
    assert score_sentence("The harbour board said fees rose.") > score_sentence("I said fees rose.")


def test_a_short_sentence_with_content_is_penalised_half() -> None:
    _, deed = explain_sentence("She sold the ferry.")
    _, empty = explain_sentence("She is very nice.")
    short = next(r.weight for r in empty if r.feature == "short")
    assert next(r.weight for r in deed if r.feature == "short") == pytest.approx(short / 2)
