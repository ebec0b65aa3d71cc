"""The default scorer's general fixes: figures saturate, denials and wrapped facts count (sentences by us)."""

from __future__ import annotations

from factcheck.claims.extract import DEFAULT_MIN_SCORE
from factcheck.claims.scoring import WEIGHTS, explain_sentence, score_sentence

FIGURES = ("statistic", "number", "date", "count")


def test_several_figures_weigh_about_as_much_as_one() -> None:
    _, one = explain_sentence("Unemployment in the valley fell to 4% last year.")
    _, many = explain_sentence(
        "Unemployment in the valley fell from 9% to 4%, with 12,000 jobs added and $3 million spent, in 2019."
    )
    for reasons in (one, many):
        weights = sorted((r.weight for r in reasons if r.feature in FIGURES), reverse=True)
        assert weights[0] <= max(WEIGHTS[f] for f in FIGURES)
        assert all(w <= 0.5 * WEIGHTS[r.feature] + 1e-9 for r in reasons if r.feature in FIGURES for w in [r.weight]
                   if r.weight != weights[0])  # fmt: skip
    total = lambda rs: sum(r.weight for r in rs if r.feature in FIGURES)  # noqa: E731
    assert total(many) <= total(one) + 0.5


def test_a_denied_deed_is_worth_checking() -> None:
    assert score_sentence("The mayor didn't pay the parking fines.") >= score_sentence(
        "The mayor paid the parking fines."
    )
    assert score_sentence("The company has not paid any tax since it moved.") >= DEFAULT_MIN_SCORE
    assert score_sentence("Senator Brooks never voted for the veterans bill.") > score_sentence(
        "Senator Brooks voted for the veterans bill."
    )
    _, reasons = explain_sentence("The company has not paid any tax since it moved.")
    assert "denial" in {r.feature for r in reasons}


def test_i_think_around_a_fact_only_softens_the_opinion() -> None:
    _, reasons = explain_sentence("I think the governor closed two hospitals.")
    opinion = next(r for r in reasons if r.feature == "opinion")
    assert opinion.weight == WEIGHTS["opinion"] / 2
    _, reasons = explain_sentence("I think this is a wonderful harbour.")
    assert next(r for r in reasons if r.feature == "opinion").weight <= WEIGHTS["opinion"]
    assert score_sentence("I believe the plant closed with 300 jobs lost.") > 0.5
