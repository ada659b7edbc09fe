"""Findings of the review of issue 13's figures, each kept as a test of the fix."""

from __future__ import annotations

import pytest

import volwassenheid.core.scoring as scoring
from volwassenheid.core.models import ScoringSettings
from volwassenheid.core.scoring import Respondent, score_engagement
from volwassenheid.core.uncertainty import Uncertainty

WN = "weet_niet"
FULL = {"v1": 3, "v2": 3, "t1": 3, "t2": 3, "t3": 3, "i1": 3}


def person(code: str, organisation: str = "Politie", level: str = "tactisch", **answers) -> Respondent:
    return Respondent(code, organisation, level, {**FULL, **answers})


def dims(result):
    return {d.id: d for d in result.dimensies}


def test_a_hidden_question_count_is_not_given_back_by_the_dimension_share(mini_set):
    # t1: one "weet niet" (hidden, 1 < 3); t2: three. The share of tvb with each question's n and the
    # shown counts of t2 and t3 would give t1's count back: so no share of tvb at all.
    people = [person(f"r{i}", "Politie" if i < 5 else "Gemeente") for i in range(10)]
    people[0] = person("r0", t1=WN)
    for i in (1, 2, 3):
        people[i] = person(f"r{i}", t2=WN)
    tvb = dims(score_engagement(mini_set, people, settings=ScoringSettings(minimale_groep=3)))["tvb"]
    counts = {q.id: q.weet_niet for q in tvb.vragen}
    assert counts == {"t1": None, "t2": 3, "t3": 0}
    assert (tvb.weet_niet_aandeel, tvb.nvt_aandeel) == (None, None)


def test_a_level_below_the_threshold_hides_every_level_share(mini_set):
    # strategisch 3, tactisch 3, operationeel 1: whether the others showed would depend on that one person.
    people = [person(f"s{i}", level="strategisch") for i in range(3)] + [person(f"t{i}") for i in range(3)]
    people.append(person("o1", level="operationeel"))
    result = score_engagement(mini_set, people, settings=ScoringSettings(minimale_groep=3))
    assert result.respons.item_nonrespons_per_niveau == {}


def test_the_distribution_and_agreement_hide_a_single_answer(mini_set):
    # informatie has one question: answers 1, 3, 3, 3, 5 with minimale_groep 5. One person at 1 and one at 5:
    # the distribution (x n) would list their answers, and AD would single out this set of answers.
    answers = [1, 3, 3, 3, 5]
    people = [person(f"r{i}", i1=a) for i, a in enumerate(answers)]
    informatie = dims(score_engagement(mini_set, people, settings=ScoringSettings(minimale_groep=5)))["informatie"]
    assert informatie.score == 3.0 and informatie.verdeling is None and informatie.overeenstemming is None
    # Five people at every phase answered: shown.
    people = [person(f"r{i}", i1=a) for i, a in enumerate(answers * 5)]
    informatie = dims(score_engagement(mini_set, people, settings=ScoringSettings(minimale_groep=5)))["informatie"]
    assert informatie.verdeling == pytest.approx({1: 0.2, 2: 0.0, 3: 0.6, 4: 0.0, 5: 0.2})
    assert informatie.overeenstemming is not None


def test_the_reliability_reason_does_not_count_the_people_with_a_gap(mini_set):
    people = [person(f"r{i}") for i in range(9)] + [person("gap", t1=WN)]
    tvb = dims(score_engagement(mini_set, people, settings=ScoringSettings(minimale_groep=3)))["tvb"]
    assert tvb.alfa is None and tvb.alfa_toelichting == "te weinig volledig ingevulde antwoorden (minder dan 10)"


def test_an_interval_stays_within_the_phases(mini_set):
    # 200 Politie at 5, GGZ 5, 5, 1: the normal curve would reach above 5. With a group under 30 the
    # bootstrap is used, and any interval is bounded by 1 and 5.
    people = [person(f"p{i}", i1=5) for i in range(200)] + [person(f"g{i}", "GGZ", i1=a) for i, a in enumerate((5, 5, 1))]
    informatie = dims(score_engagement(mini_set, people, settings=ScoringSettings(minimale_groep=3)))["informatie"]
    low, high = informatie.interval
    assert 1 <= low <= informatie.score <= high <= 5
    assert informatie.interval_methode == "bootstrap"  # GGZ's three are no normal mean


def test_the_total_gap_is_the_total_ambition_minus_the_total_score(mini_set):
    # Only informatie has an ambition, 3, which it reaches; the total score averages all dimensions.
    people = [person(f"r{i}", v1=1, v2=1, t1=1, t2=1, t3=1) for i in range(6)]
    total = score_engagement(mini_set, people, {"informatie": 3}).totaal
    assert total.verschil == pytest.approx(total.doelfase - total.score)


def test_a_borderline_case_is_decided_on_the_certainty_as_written(mini_set, monkeypatch):
    def nearly(strata, phase, rule, threshold, label, resamples=2000):
        return Uncertainty((2.0, 4.0), 0.7955, phase + 1, "bootstrap")  # written 0.80, shown "80%"

    monkeypatch.setattr(scoring, "uncertainty", nearly)
    people = [person(f"r{i}") for i in range(6)]
    vertrouwen = dims(score_engagement(mini_set, people, settings=ScoringSettings(minimale_groep=3)))["vertrouwen"]
    assert vertrouwen.fase_zekerheid == 0.7955 and vertrouwen.grensgeval is False and vertrouwen.buurfase is None


def test_below_the_threshold_the_phase_says_no_more_than_the_mean(mini_set):
    # One person answering 4 and 2 on vertrouwen: mean 3,0. The threshold rule would publish phase 2
    # (only half at 3 or higher), telling how the one person split; the mean alone gives phase 3.
    (vertrouwen, _, _) = score_engagement(mini_set, [person("r1", v1=4, v2=2)]).dimensies
    assert (vertrouwen.n, vertrouwen.score, vertrouwen.fase) == (1, 3.0, 3)
    # With minimale_groep 1 one person may be shown, and the threshold rule speaks: phase 2.
    (alone, _, _) = score_engagement(mini_set, [person("r1", v1=4, v2=2)], settings=ScoringSettings(minimale_groep=1)).dimensies
    assert alone.fase == 2
