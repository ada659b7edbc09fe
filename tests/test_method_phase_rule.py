"""The phase rule through scoring (issue 13), by its contract in SPEC13:

- drempel: C(k) = share of the weighted answers at phase k or higher; the phase is the
  largest k with C(k) >= drempel (phase 1 as soon as there is a score);
- gemiddelde: floor of the score as shown with one decimal, within 1..P;
- the traject's settings override the question set's.
"""

from __future__ import annotations

import math
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from volwassenheid.core.models import ScoringSettings
from volwassenheid.core.scoring import Respondent, score_engagement

ONE_GROUP = ScoringSettings(minimale_groep=1, weging="respondent")


def informatie(question_set, answers, options=ONE_GROUP):
    """Score the mini set's one-question dimension i1, one respondent per answer, all of one organisation."""
    people = [Respondent(f"R{i}", "Politie", "operationeel", {"i1": a}) for i, a in enumerate(answers)]
    result = score_engagement(question_set, people, settings=options)
    return result, next(d for d in result.dimensies if d.id == "informatie")


def plain_threshold_phase(answers: list[int], threshold: float, phases: int = 5) -> int:
    """The largest k with at least `threshold` of the answers at k or higher."""
    best = 1
    for k in range(1, phases + 1):
        if Fraction(sum(1 for a in answers if a >= k), len(answers)) >= Fraction(threshold).limit_denominator(10_000):
            best = k
    return best


def test_one_three_four_four_reaches_phase_three_at_the_default_threshold(mini_set):
    # Answers 1, 3, 4, 4: C(4) = 2/4 = 0.50 < 0.75; C(3) = 3/4 = 0.75 >= 0.75 -> phase 3.
    # The score (mean) is 12/4 = 3.0.
    result, d = informatie(mini_set, [1, 3, 4, 4])
    assert (result.fase_regel, result.drempel) == ("drempel", 0.75)
    assert d.verdeling == {1: 0.25, 2: 0.0, 3: 0.25, 4: 0.5, 5: 0.0}
    assert (d.score, d.fase, d.fase_naam) == (3.0, 3, "Samenwerken")


def test_one_three_four_four_is_phase_one_above_three_quarters(mini_set):
    # Drempel 0.8: C(3) = 0.75 < 0.8 and C(2) = 0.75 < 0.8; C(1) = 1 -> phase 1, while the score stays 3.0.
    result, d = informatie(mini_set, [1, 3, 4, 4], ScoringSettings(minimale_groep=1, drempel=0.8))
    assert result.drempel == 0.8
    assert (d.score, d.fase) == (3.0, 1)


def test_phase_five_is_reachable(mini_set):
    # Three of four at 5: C(5) = 0.75 -> phase 5; one more below 5 (5, 5, 5, 4, 1: C(5) = 0.6) is phase 4
    # (C(4) = 0.8).
    assert informatie(mini_set, [5, 5, 5, 1])[1].fase == 5
    assert informatie(mini_set, [5, 5, 5, 4, 1])[1].fase == 4


def test_one_answer_reaches_phase_one(mini_set):
    assert informatie(mini_set, [1])[1].fase == 1
    assert informatie(mini_set, [2])[1].fase == 2


def test_the_threshold_weighs_answers_by_organisation(mini_set):
    # Politie 3 x 4, OM 1 x 1, organisation weighting: C(4) = 1/2 (Politie's half), C(1) = 1 -> phase 1;
    # respondent weighting: C(4) = 3/4 -> phase 4.
    people = [Respondent(f"P{i}", "Politie", "tactisch", {"i1": 4}) for i in range(3)] + [Respondent("O", "OM", "tactisch", {"i1": 1})]
    by_organisation = score_engagement(mini_set, people, settings=ScoringSettings(minimale_groep=1))
    by_respondent = score_engagement(mini_set, people, settings=ScoringSettings(minimale_groep=1, weging="respondent"))
    assert by_organisation.dimensies[2].fase == 1
    assert by_respondent.dimensies[2].fase == 4


def test_gemiddelde_takes_the_score_as_shown(mini_set):
    # 24 x 3 and 1 x 2: score 74/25 = 2.96, shown "3,0" -> phase 3 (floor(2.96) would be 2).
    # 47 x 3 and 3 x 2: score 147/50 = 2.94, shown "2,9" -> phase 2.
    mean_rule = ScoringSettings(minimale_groep=1, fase_regel="gemiddelde")
    result, d = informatie(mini_set, [3] * 24 + [2], mean_rule)
    assert result.fase_regel == "gemiddelde"
    assert (d.score, d.fase) == (pytest.approx(2.96), 3)
    assert informatie(mini_set, [3] * 47 + [2] * 3, mean_rule)[1].fase == 2
    # 1, 3, 4, 4 -> mean 3.0 -> phase 3; 1, 1, 5, 5 -> 3.0 -> phase 3 where the threshold rule gives 1.
    assert informatie(mini_set, [1, 1, 5, 5], mean_rule)[1].fase == 3
    assert informatie(mini_set, [1, 1, 5, 5])[1].fase == 1


def test_the_traject_overrides_the_question_sets_rule(mini_set):
    # The set says gemiddelde with drempel 0.9; the traject says drempel / 0.75.
    mean_set = mini_set.model_copy(update={"fase_regel": "gemiddelde", "drempel": 0.9})
    _, by_set = informatie(mean_set, [1, 1, 5, 5])
    assert by_set.fase == 3  # floor(3.0)
    result, overridden = informatie(mean_set, [1, 1, 5, 5], ScoringSettings(minimale_groep=1, fase_regel="drempel", drempel=0.75))
    assert (result.fase_regel, result.drempel) == ("drempel", 0.75)
    assert overridden.fase == 1  # C(5) = C(4) = C(3) = C(2) = 0.5
    # Only the rule overridden: the set's drempel 0.9 stays: 1, 5, 5, 5, 5, 5, 5, 5, 5, 5 -> C(5) = 0.9 -> 5.
    result, rule_only = informatie(mean_set, [1] + [5] * 9, ScoringSettings(minimale_groep=1, fase_regel="drempel"))
    assert (result.fase_regel, result.drempel, rule_only.fase) == ("drempel", 0.9, 5)
    result, below = informatie(mean_set, [1, 1] + [5] * 8, ScoringSettings(minimale_groep=1, fase_regel="drempel"))
    assert below.fase == 1  # C(k) = 0.8 < 0.9 for k >= 2


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.integers(1, 5), min_size=1, max_size=30), st.sampled_from([0.5, 0.6, 0.7, 0.75, 0.8, 0.9, 1.0]))
def test_threshold_phase_matches_the_plain_rule(mini_set, answers, threshold):
    _, d = informatie(mini_set, answers, ScoringSettings(minimale_groep=1, weging="respondent", drempel=threshold))
    assert d.fase == plain_threshold_phase(answers, threshold)


NEAR_A_WHOLE_PHASE = st.builds(
    lambda phase, many, few: [phase] * many + few,
    st.integers(2, 5),
    st.integers(10, 60),
    st.lists(st.integers(1, 5), min_size=1, max_size=3),
)
"""Many answers at one phase and a few others: scores just below or above a whole number (2.96, 3.02)."""


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(st.lists(st.integers(1, 5), min_size=1, max_size=30), NEAR_A_WHOLE_PHASE))
def test_mean_phase_matches_the_score_as_shown(mini_set, answers):
    # Scores exactly halfway between two shown values (2.95) are the known bug below.
    assume(Fraction(sum(answers), len(answers)) * 10 % 1 != Fraction(1, 2))
    _, d = informatie(mini_set, answers, ScoringSettings(minimale_groep=1, fase_regel="gemiddelde"))
    shown = float(f"{d.score:.1f}")
    assert d.fase == max(1, min(5, math.floor(shown)))


@pytest.mark.parametrize(("answers", "phase"), [([3] * 57 + [1, 1, 4], 3), ([3] * 19 + [2], 3), ([4] * 19 + [3], 4)])
def test_mean_phase_at_a_halfway_score(mini_set, answers, phase):
    # 57 x 3 + 1 + 1 + 4 = 177 over 60 = 2.95, shown "3,0" (f"{2.95:.1f}" is "3.0") -> phase 3;
    # 19 x 3 + 2 = 59 over 20 = 2.95 -> phase 3; 19 x 4 + 3 = 79 over 20 = 3.95, shown "4,0" -> phase 4.
    _, d = informatie(mini_set, answers, ScoringSettings(minimale_groep=1, fase_regel="gemiddelde"))
    assert f"{d.score:.1f}" == f"{phase}.0"
    assert d.fase == phase
