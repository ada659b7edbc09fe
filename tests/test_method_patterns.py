"""Minimum n and patterns (issue 13): indicative dimensions, the `overeenstemming` condition,
and step remarks for borderline and indicative results.

Results are scored from respondents written out by hand, then single figures are set by hand
(model_copy) so each rule is tested on its own, independent of the statistics modules.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from volwassenheid.core.advice import gap_analysis, step_advice
from volwassenheid.core.models import ScoringSettings
from volwassenheid.core.patterns import evaluate_patterns
from volwassenheid.core.questionset import PatternRule
from volwassenheid.core.results import Agreement, GroupScore
from volwassenheid.core.scoring import Respondent, score_engagement

ADVICE = {"titel": "Bespreek het", "toelichting": "Bespreek het samen.", "horizon": "kort", "actor": "bestuur"}
LEVELS = ("strategisch", "tactisch", "operationeel")


def rule(rule_id: str, *conditions: dict) -> PatternRule:
    return PatternRule.model_validate({"id": rule_id, "naam": rule_id, "uitleg": "Uitleg.", "voorwaarden": list(conditions), "advies": ADVICE})


def with_rules(question_set, *rules: PatternRule):
    return question_set.model_copy(update={"patronen": list(rules)})


def trusting_without_tasks(count: int = 6) -> list[Respondent]:
    """vertrouwen 4.5, tvb 2, informatie 3 for each respondent, spread over two organisations and all levels."""
    return [
        Respondent(f"R{i}", ("Politie", "OM")[i % 2], LEVELS[i % 3], {"v1": 4, "v2": 5, "t1": 2, "t2": 2, "t3": 2, "i1": 3}) for i in range(count)
    ]


def base_result(mini_set, count: int = 6, minimum_n: int = 5):
    return score_engagement(
        mini_set, trusting_without_tasks(count), {"vertrouwen": 5, "tvb": 4, "informatie": 5}, ScoringSettings(minimale_groep=1, minimale_n=minimum_n)
    )


def changed(result, **per_dimension: dict):
    """The result with some figures of some dimensions set by hand."""
    dimensions = [d.model_copy(update=per_dimension.get(d.id, {})) for d in result.dimensies]
    return result.model_copy(update={"dimensies": dimensions})


def matched(question_set, result) -> list[str]:
    return [m.id for m in evaluate_patterns(question_set, result)]


# --- minimale_n ------------------------------------------------------------------


@pytest.mark.parametrize(("count", "minimum_n", "indicative"), [(4, 5, True), (5, 5, False), (6, 5, False), (1, 1, False), (6, 7, True)])
def test_n_below_minimale_n_is_indicative(mini_set, count, minimum_n, indicative):
    result = base_result(mini_set, count, minimum_n)
    assert result.minimale_n == minimum_n
    assert [d.indicatief for d in result.dimensies] == [indicative] * 3


def test_indicative_is_per_dimension(mini_set):
    # Five respondents; two of them have no tvb score (one phase answer of three): tvb n = 3 < 5.
    people = trusting_without_tasks(5)
    for i in (0, 1):
        people[i] = Respondent(people[i].code, people[i].organisation, people[i].level, {**people[i].answers, "t2": "nvt", "t3": "weet_niet"})
    d = {x.id: x for x in score_engagement(mini_set, people, settings=ScoringSettings(minimale_groep=1)).dimensies}
    assert (d["vertrouwen"].n, d["vertrouwen"].indicatief) == (5, False)
    assert (d["tvb"].n, d["tvb"].indicatief) == (3, True)


def test_minimale_n_defaults_to_five(mini_set):
    result = score_engagement(mini_set, trusting_without_tasks(4), settings=ScoringSettings(minimale_groep=1))
    assert result.minimale_n == 5
    assert all(d.indicatief for d in result.dimensies)


# --- patterns never use an indicative dimension ------------------------------------------


def test_the_mini_pattern_fires_on_firm_dimensions(mini_set):
    # vertrouwen 4.5 >= 3.5 and 4.5 - 2 = 2.5 >= 1.0.
    assert matched(mini_set, base_result(mini_set)) == ["vertrouwen_zonder_tvb"]


@pytest.mark.parametrize("dimension", ["vertrouwen", "tvb"])
def test_a_pattern_on_an_indicative_dimension_never_fires(mini_set, dimension):
    result = changed(base_result(mini_set), **{dimension: {"indicatief": True}})
    assert matched(mini_set, result) == []


def test_a_pattern_on_indicative_dimensions_through_scoring(mini_set):
    # Four respondents with minimale_n 5: every dimension indicative, the same figures otherwise.
    assert matched(mini_set, base_result(mini_set, count=4)) == []
    assert matched(mini_set, base_result(mini_set, count=4, minimum_n=4)) == ["vertrouwen_zonder_tvb"]


def test_gap_count_leaves_indicative_dimensions_out(mini_set):
    # Gaps: vertrouwen 5 - 4.5 = 0.5, tvb 4 - 2 = 2, informatie 5 - 3 = 2: two gaps of 1 or more.
    two_gaps = with_rules(mini_set, rule("twee_kloven", {"soort": "aantal_kloven", "minimale_kloof": 1.0, "operator": ">=", "waarde": 2}))
    assert matched(two_gaps, base_result(mini_set)) == ["twee_kloven"]
    assert matched(two_gaps, changed(base_result(mini_set), informatie={"indicatief": True})) == []
    # The dimension without a gap may be indicative: still two.
    assert matched(two_gaps, changed(base_result(mini_set), vertrouwen={"indicatief": True})) == ["twee_kloven"]


def levels(strategic: float, operational: float) -> list[GroupScore]:
    return [
        GroupScore(naam="strategisch", n=3, score=strategic, onderdrukt=False),
        GroupScore(naam="operationeel", n=3, score=operational, onderdrukt=False),
    ]


def test_level_difference_over_all_dimensions_leaves_indicative_ones_out(mini_set):
    # Differences strategisch - operationeel: vertrouwen 2.0, tvb 0.0, informatie 0.0 -> mean 2/3 < 1.
    # With tvb and informatie indicative, only vertrouwen's 2.0 counts -> 2.0 >= 1.
    gap_rule = with_rules(
        mini_set, rule("kloof_niveaus", {"soort": "niveauverschil", "hoog": "strategisch", "laag": "operationeel", "operator": ">=", "waarde": 1.0})
    )
    result = changed(
        base_result(mini_set),
        vertrouwen={"per_niveau": levels(4.0, 2.0)},
        tvb={"per_niveau": levels(3.0, 3.0)},
        informatie={"per_niveau": levels(3.0, 3.0)},
    )
    assert matched(gap_rule, result) == []
    firm_only = changed(result, tvb={"indicatief": True}, informatie={"indicatief": True})
    [match] = evaluate_patterns(gap_rule, firm_only)
    assert match.onderbouwing[0].waarde == 2.0
    # And the named dimension itself indicative: never.
    named = with_rules(
        mini_set,
        rule(
            "kloof_vt",
            {"soort": "niveauverschil", "hoog": "strategisch", "laag": "operationeel", "dimensie": "vertrouwen", "operator": ">=", "waarde": 1.0},
        ),
    )
    assert matched(named, result) == ["kloof_vt"]
    assert matched(named, changed(result, vertrouwen={"indicatief": True})) == []


def organisations(first: float, second: float) -> list[GroupScore]:
    return [GroupScore(naam="OM", n=3, score=first, onderdrukt=False), GroupScore(naam="Politie", n=3, score=second, onderdrukt=False)]


def test_organisation_difference_over_all_dimensions_leaves_indicative_ones_out(mini_set):
    # Means per organisation over the dimensions: OM (1 + 3 + 3) / 3 = 7/3, Politie 3 -> 2/3 < 1.
    # Without the indicative tvb and informatie: OM 1, Politie 3 -> 2 >= 1.
    split = with_rules(mini_set, rule("kloof_organisaties", {"soort": "organisatieverschil", "operator": ">=", "waarde": 1.0}))
    result = changed(
        base_result(mini_set),
        vertrouwen={"per_organisatie": organisations(1.0, 3.0)},
        tvb={"per_organisatie": organisations(3.0, 3.0)},
        informatie={"per_organisatie": organisations(3.0, 3.0)},
    )
    assert matched(split, result) == []
    firm_only = changed(result, tvb={"indicatief": True}, informatie={"indicatief": True})
    [match] = evaluate_patterns(split, firm_only)
    assert match.onderbouwing[0].waarde == 2.0


# --- the overeenstemming condition --------------------------------------------


def low_agreement_rule(mini_set):
    return with_rules(mini_set, rule("verdeeld_beeld", {"soort": "overeenstemming", "dimensie": "tvb", "operator": "<", "waarde": 0.7}))


def test_agreement_condition_holds_on_low_rwg(mini_set):
    question_set = low_agreement_rule(mini_set)
    result = changed(base_result(mini_set), tvb={"overeenstemming": Agreement(rwg=0.5, ad=1.1, laag=True)})
    [match] = evaluate_patterns(question_set, result)
    assert (match.id, match.dimensies, match.onderbouwing[0].voorwaarde, match.onderbouwing[0].waarde) == (
        "verdeeld_beeld",
        ["tvb"],
        "overeenstemming",
        0.5,
    )
    assert "overeenstemming (rwg)" in match.onderbouwing[0].omschrijving


@pytest.mark.parametrize("rwg", [0.7, 0.71, 0.95])
def test_agreement_condition_fails_on_high_rwg(mini_set, rwg):
    result = changed(base_result(mini_set), tvb={"overeenstemming": Agreement(rwg=rwg, ad=0.2, laag=rwg < 0.7)})
    assert matched(low_agreement_rule(mini_set), result) == []


def test_agreement_condition_never_holds_without_a_measure(mini_set):
    # rwg >= 0 always holds for a measured value; without a measure (None) it cannot be evaluated.
    question_set = with_rules(mini_set, rule("altijd", {"soort": "overeenstemming", "dimensie": "tvb", "operator": ">=", "waarde": 0.0}))
    assert matched(question_set, changed(base_result(mini_set), tvb={"overeenstemming": Agreement(rwg=0.0, ad=0.0, laag=True)})) == ["altijd"]
    assert matched(question_set, changed(base_result(mini_set), tvb={"overeenstemming": None})) == []
    assert matched(low_agreement_rule(mini_set), changed(base_result(mini_set), tvb={"overeenstemming": None})) == []


def test_agreement_condition_on_an_indicative_dimension_never_holds(mini_set):
    low = {"overeenstemming": Agreement(rwg=0.1, ad=1.5, laag=True)}
    assert matched(low_agreement_rule(mini_set), changed(base_result(mini_set), tvb={**low, "indicatief": True})) == []


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.one_of(st.none(), st.floats(0, 1)),
    st.sampled_from(["<", "<=", ">", ">="]),
    st.sampled_from([0.0, 0.3, 0.5, 0.7, 1.0]),
    st.booleans(),
)
def test_agreement_condition_matches_a_plain_comparison(mini_set, rwg, operator, threshold, indicative):
    question_set = with_rules(mini_set, rule("r", {"soort": "overeenstemming", "dimensie": "tvb", "operator": operator, "waarde": threshold}))
    measure = None if rwg is None else Agreement(rwg=rwg, ad=0.5, laag=rwg < 0.7)
    result = changed(base_result(mini_set), tvb={"overeenstemming": measure, "indicatief": indicative})
    value = None if rwg is None else round(rwg, 9)
    compare = {"<": value.__lt__, "<=": value.__le__, ">": value.__gt__, ">=": value.__ge__}[operator] if value is not None else None
    expected = value is not None and not indicative and compare(threshold)
    assert matched(question_set, result) == (["r"] if expected else [])


# --- step remarks ----------------------------------------------------------------


def steps_of(mini_set, result):
    return {s.dimensie: s for s in step_advice(mini_set, gap_analysis(mini_set, result))}


def test_steps_on_firm_and_certain_dimensions_have_no_remark(mini_set):
    result = changed(base_result(mini_set), tvb={"grensgeval": False, "buurfase": None, "indicatief": False})
    assert steps_of(mini_set, result)["tvb"].opmerking is None


def test_a_borderline_step_says_so(mini_set):
    # tvb phase 2, borderline with phase 3: "grensgeval fase 2/3"; the lower first also when the neighbour is lower.
    result = changed(base_result(mini_set), tvb={"fase": 2, "grensgeval": True, "buurfase": 3, "indicatief": False})
    remark = steps_of(mini_set, result)["tvb"].opmerking
    assert remark.startswith("Grensgeval fase 2/3")
    assert "fase 3" in remark
    result = changed(base_result(mini_set), tvb={"fase": 2, "grensgeval": True, "buurfase": 1, "indicatief": False})
    assert "grensgeval fase 1/2" in steps_of(mini_set, result)["tvb"].opmerking.lower()


def test_an_indicative_step_says_so(mini_set):
    result = changed(base_result(mini_set), tvb={"grensgeval": False, "buurfase": None, "indicatief": True})
    assert "indicatief" in steps_of(mini_set, result)["tvb"].opmerking.lower()
    both = changed(base_result(mini_set), tvb={"fase": 2, "grensgeval": True, "buurfase": 3, "indicatief": True})
    remark = steps_of(mini_set, both)["tvb"].opmerking.lower()
    assert "grensgeval fase 2/3" in remark and "indicatief" in remark


def test_a_dimension_without_a_score_gets_no_step_and_no_rank(mini_set):
    result = changed(
        base_result(mini_set), informatie={"score": None, "fase": None, "fase_naam": None, "verschil": None, "doelfase_bereikt": None, "n": 0}
    )
    gaps = {g.dimensie: g for g in gap_analysis(mini_set, result)}
    assert gaps["informatie"].rang is None
    assert "informatie" not in steps_of(mini_set, result)
