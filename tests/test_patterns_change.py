"""Patterns on the change since the previous measurement (issue 17, item 6): the condition
`verandering`, how it is evaluated, and the three rules of the shipped set.

Results are scored from respondents written out by hand; the comparison is then set by hand
(model_copy), so each rule is tested at its own thresholds, independent of the interval's statistics.
"""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from volwassenheid.app.traject import Traject
from volwassenheid.core.advice import advise, with_comparison
from volwassenheid.core.comparison import Comparison, compare
from volwassenheid.core.errors import UserError
from volwassenheid.core.models import ScoringSettings
from volwassenheid.core.modules import with_modules
from volwassenheid.core.patterns import evaluate_patterns
from volwassenheid.core.questionset import ChangeCondition, PatternRule
from volwassenheid.core.scoring import Respondent, answer_table, score_engagement
from volwassenheid.core.validation import pydantic_problems
from volwassenheid.storage.question_sets import load_question_set, shipped_set_dir

LEVELS = ("strategisch", "tactisch", "operationeel")
ADVICE = {"titel": "Bespreek het", "toelichting": "Bespreek het samen.", "horizon": "kort", "actor": "bestuur"}
CHANGE_RULES = ("stilstand_ondanks_agenda", "vertrouwen_gedaald", "groei_alleen_strategisch")


@pytest.fixture(scope="module")
def shipped():
    """The default set as a traject without modules uses it."""
    return with_modules(load_question_set(shipped_set_dir() / "samenwerking-2.0.yaml"), [])


def people(question_set, answer: int = 3, count: int = 6) -> list[Respondent]:
    return [Respondent(f"R{i}", ("Politie", "OM")[i % 2], LEVELS[i % 3], {q.id: answer for q in question_set.vragen}) for i in range(count)]


def scored(question_set, answer: int = 3, count: int = 6, ambition: int = 3):
    """Everyone answers `answer` everywhere; the ambition is reached at 3, so nothing lay below it."""
    settings = ScoringSettings(minimale_groep=1, minimale_n=1)
    return score_engagement(question_set, people(question_set, answer, count), {d.id: ambition for d in question_set.dimensies}, settings)


def still(result) -> Comparison:
    """The result compared with itself: no change anywhere, and nothing below the ambition then."""
    return compare(result, result, ("0-meting", "2026-10-01"), ("1-meting", "2027-10-01"))


def dimension_changed(comparison: Comparison, dimension: str, **fields) -> Comparison:
    found = [c.id for c in comparison.dimensies]
    assert dimension in found
    return comparison.model_copy(update={"dimensies": [c.model_copy(update=fields) if c.id == dimension else c for c in comparison.dimensies]})


def level_changed(comparison: Comparison, level: str, change, dimensions: set[str] | None = None) -> Comparison:
    """Every dimension's (or those in `dimensions`) change for `level` set to `change`."""
    updated = [
        c.model_copy(update={"score": c.score_vorige + change, "verandering": change})
        if c.id == level and (dimensions is None or c.dimensie in dimensions)
        else c
        for c in comparison.per_niveau
    ]
    return comparison.model_copy(update={"per_niveau": updated})


def matched(question_set, result, comparison=None) -> list[str]:
    return [m.id for m in evaluate_patterns(question_set, result, comparison)]


def change_rules(question_set, result, comparison=None) -> list[str]:
    return [found for found in matched(question_set, result, comparison) if found in CHANGE_RULES]


def rule(*conditions: dict) -> PatternRule:
    return PatternRule.model_validate({"id": "r", "naam": "r", "uitleg": "Uitleg.", "voorwaarden": list(conditions), "advies": ADVICE})


def decline(comparison: Comparison, change: float, interval: list[float] | None, echt: bool | None) -> Comparison:
    return dimension_changed(comparison, "relaties", verandering=change, interval=interval, echt=echt)


# --- the shipped rules -------------------------------------------------------------


def test_the_shipped_set_has_the_three_change_rules(shipped):
    ids = [p.id for p in shipped.patronen]
    assert all(found in ids for found in CHANGE_RULES)


def test_nothing_changed_fires_none(shipped):
    result = scored(shipped)
    assert change_rules(shipped, result, still(result)) == []


def test_no_previous_measurement_means_no_change_pattern(shipped):
    result = scored(shipped)
    falling = decline(still(result), -0.8, [-1.2, -0.4], True)
    assert change_rules(shipped, result, falling) == ["vertrouwen_gedaald"]
    assert change_rules(shipped, result) == []
    assert change_rules(shipped, result, None) == []


def test_trust_fell_really_by_more_than_half_a_phase(shipped):
    result = scored(shipped)
    falling = decline(still(result), -0.6, [-1.0, -0.2], True)
    matches = {m.id: m for m in evaluate_patterns(shipped, result, falling)}
    assert "vertrouwen_gedaald" in matches
    evidence = matches["vertrouwen_gedaald"].onderbouwing
    assert len(evidence) == 1 and evidence[0].waarde == -0.6 and evidence[0].voorwaarde == "verandering"
    assert "-0,60" in evidence[0].omschrijving and "echt" in evidence[0].omschrijving and "sinds de 0-meting" in evidence[0].omschrijving
    assert matches["vertrouwen_gedaald"].dimensies == ["relaties"]


@pytest.mark.parametrize(
    ("change", "interval", "echt"),
    [
        (-0.5, [-0.9, -0.1], True),  # exactly half a phase: not more than that
        (-0.4, [-0.8, -0.1], True),
        (-0.6, [-1.3, 0.1], False),  # the interval includes 0: perhaps chance
        (-0.6, None, None),  # no interval (too few respondents): not demonstrable
        (0.6, [0.2, 1.0], True),  # a rise
    ],
)
def test_trust_not_fallen_enough_or_not_really(shipped, change, interval, echt):
    result = scored(shipped)
    assert "vertrouwen_gedaald" not in change_rules(shipped, result, decline(still(result), change, interval, echt))


def test_a_decline_of_an_indicative_dimension_does_not_count(shipped):
    result = scored(shipped)
    falling = dimension_changed(decline(still(result), -0.8, [-1.2, -0.4], True), "relaties", indicatief=True)
    assert "vertrouwen_gedaald" not in change_rules(shipped, result, falling)


def stuck(comparison: Comparison, dimension: str = "rollen", change: float = 0.1, echt: bool | None = False, phase: int = 2, target: int = 4):
    return dimension_changed(
        comparison, dimension, verandering=change, echt=echt, interval=[change - 0.3, change + 0.3], fase_vorige=phase, doelfase_vorige=target
    )


def test_stagnation_despite_the_agenda(shipped):
    result = scored(shipped)
    matches = {m.id: m for m in evaluate_patterns(shipped, result, stuck(still(result)))}
    assert "stilstand_ondanks_agenda" in matches
    found = matches["stilstand_ondanks_agenda"]
    assert found.dimensies == ["rollen"], "a condition without a dimension names the dimensions that met it"
    assert len(found.onderbouwing) == 1
    assert "niet aantoonbaar" in found.onderbouwing[0].omschrijving and "onder doelfase 4" in found.onderbouwing[0].omschrijving


def test_stagnation_names_every_stuck_dimension_in_the_sets_order(shipped):
    result = scored(shipped)
    comparison = stuck(stuck(still(result), "informatie"), "doel", change=-0.1)
    found = next(m for m in evaluate_patterns(shipped, result, comparison) if m.id == "stilstand_ondanks_agenda")
    assert found.dimensies == ["doel", "informatie"]
    assert [e.waarde for e in found.onderbouwing] == [-0.1, 0.1]
    assert found.onderbouwing[0].omschrijving.split(": ")[1].startswith("-0,10")
    assert found.onderbouwing[1].omschrijving.split(": ")[1].startswith("+0,10")


@pytest.mark.parametrize(
    ("change", "echt", "phase", "target"),
    [
        (0.1, False, 4, 4),  # the ambition was reached: nothing was on the agenda
        (0.1, False, 4, 3),
        (0.25, False, 2, 4),  # a rise of a quarter phase is some movement
        (0.2, True, 2, 4),  # a small but real rise
        (0.1, None, 2, 4),  # no interval: no evidence of standing still either
        (-0.6, True, 2, 4),  # a real decline is no stagnation
    ],
)
def test_no_stagnation(shipped, change, echt, phase, target):
    result = scored(shipped)
    assert "stilstand_ondanks_agenda" not in change_rules(shipped, result, stuck(still(result), change=change, echt=echt, phase=phase, target=target))


def test_no_stagnation_without_a_previous_phase(shipped):
    result = scored(shipped)
    comparison = dimension_changed(stuck(still(result)), "rollen", fase_vorige=None)
    assert "stilstand_ondanks_agenda" not in change_rules(shipped, result, comparison)


def test_growth_at_strategic_level_only(shipped):
    result = scored(shipped)
    comparison = level_changed(level_changed(still(result), "strategisch", 0.6), "operationeel", 0.1)
    matches = {m.id: m for m in evaluate_patterns(shipped, result, comparison)}
    assert "groei_alleen_strategisch" in matches
    assert [round(e.waarde, 9) for e in matches["groei_alleen_strategisch"].onderbouwing] == [0.6, 0.1]
    assert "gemiddeld over de dimensies" in matches["groei_alleen_strategisch"].onderbouwing[0].omschrijving


@pytest.mark.parametrize(
    ("strategic", "operational"),
    [(0.49, 0.0), (0.6, 0.2), (0.6, 0.6), (-0.6, 0.0), (0.0, 0.0)],
)
def test_no_strategic_only_growth(shipped, strategic, operational):
    result = scored(shipped)
    comparison = level_changed(level_changed(still(result), "strategisch", strategic), "operationeel", operational)
    assert "groei_alleen_strategisch" not in change_rules(shipped, result, comparison)


def test_strategic_growth_is_the_mean_over_the_dimensions(shipped):
    """Half the dimensions up by 1.0, the others by 0: a mean of 0.5, so just enough; one dimension up by 1.0 is not."""
    result = scored(shipped)
    ids = [d.id for d in result.dimensies]
    assert len(ids) % 2 == 0
    half = level_changed(still(result), "strategisch", 1.0, set(ids[: len(ids) // 2]))
    assert "groei_alleen_strategisch" in change_rules(shipped, result, half)
    one = level_changed(still(result), "strategisch", 1.0, {ids[0]})
    assert "groei_alleen_strategisch" not in change_rules(shipped, result, one)


def test_no_level_changes_shown_means_no_level_pattern(shipped):
    result = scored(shipped)
    comparison = level_changed(still(result), "strategisch", 0.6)
    hidden = comparison.model_copy(update={"per_niveau": [c for c in comparison.per_niveau if c.id != "operationeel"]})
    assert "groei_alleen_strategisch" not in change_rules(shipped, result, hidden)


# --- the condition itself ----------------------------------------------------------


def test_a_named_dimension_and_level(mini_set):
    result = scored(mini_set, ambition=3)
    condition = {"soort": "verandering", "dimensie": "tvb", "niveau": "tactisch", "operator": ">", "waarde": 0.3}
    question_set = mini_set.model_copy(update={"patronen": [rule(condition)]})
    assert matched(question_set, result, level_changed(still(result), "tactisch", 0.4, {"tvb"})) == ["r"]
    assert matched(question_set, result, level_changed(still(result), "tactisch", 0.4, {"vertrouwen"})) == []
    assert matched(question_set, result, level_changed(still(result), "tactisch", 0.3, {"tvb"})) == []


def test_op_vorige_agenda_false_asks_for_a_reached_ambition(mini_set):
    result = scored(mini_set, ambition=3)
    condition = {"soort": "verandering", "dimensie": "tvb", "operator": "<", "waarde": -0.5, "echt": True, "op_vorige_agenda": False}
    question_set = mini_set.model_copy(update={"patronen": [rule(condition)]})
    slipped = dimension_changed(still(result), "tvb", verandering=-0.7, interval=[-1.1, -0.3], echt=True)
    assert matched(question_set, result, slipped) == ["r"]
    assert matched(question_set, result, dimension_changed(slipped, "tvb", doelfase_vorige=4)) == []


def test_change_conditions_combine_with_the_others(mini_set):
    """A change condition and a score condition on the same rule: both must hold."""
    result = scored(mini_set, ambition=3)
    conditions = (
        {"soort": "verandering", "dimensie": "vertrouwen", "operator": "<=", "waarde": -0.5},
        {"soort": "score", "dimensie": "vertrouwen", "operator": ">=", "waarde": 3.5},
    )
    question_set = mini_set.model_copy(update={"patronen": [rule(*conditions)]})
    fallen = dimension_changed(still(result), "vertrouwen", verandering=-0.5)
    assert matched(question_set, result, fallen) == []  # the score is 3
    higher = scored(mini_set, answer=4, ambition=3)
    assert matched(question_set, higher, dimension_changed(still(higher), "vertrouwen", verandering=-0.5)) == ["r"]


@pytest.mark.parametrize(
    ("condition", "expected"),
    [
        ({"niveau": "strategisch", "echt": True}, "'echt' kan niet samen met 'niveau'"),
        ({"niveau": "strategisch", "op_vorige_agenda": True}, "'op_vorige_agenda' kan niet samen met 'niveau'"),
        ({"echt": "ja"}, "ja of nee"),
        ({"echt": 1}, "ja of nee"),
        ({"op_vorige_agenda": "true"}, "ja of nee"),
        ({"niveau": "bestuur"}, "moet een van deze waarden zijn"),
        ({"waarde": 12}, "hoogstens 9"),
        ({"waarde": "0.5"}, "geen tekst"),
        ({"richting": "omlaag"}, "onbekende sleutel"),
        ({"operator": "=="}, "moet een van deze waarden zijn"),
    ],
)
def test_a_bad_condition_is_refused_in_dutch(condition, expected):
    data = {"soort": "verandering", "operator": "<", "waarde": -0.5, **condition}
    with pytest.raises(ValidationError) as caught:
        rule(data)
    messages = [message for _, message in pydantic_problems(caught.value)]
    assert any(expected in message for message in messages), messages


def test_a_good_condition(mini_set):
    condition = ChangeCondition.model_validate({"soort": "verandering", "operator": "<", "waarde": 0.25, "echt": False, "op_vorige_agenda": True})
    assert condition.dimensie is None and condition.echt is False and condition.op_vorige_agenda is True


def test_an_unknown_dimension_in_a_change_condition_is_reported(tmp_path, mini_set_path):
    text = mini_set_path.read_text(encoding="utf-8") + (
        "  - id: gedaald\n    naam: Gedaald\n    uitleg: Gedaald.\n"
        "    voorwaarden:\n      - {soort: verandering, dimensie: vertrouw, operator: '<', waarde: -0.5}\n"
        "    advies: {titel: Praat, toelichting: Praat samen., horizon: kort, actor: bestuur}\n"
    )
    path = tmp_path / "set.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(UserError, match=r"voorwaarden\[0\]\.dimensie: onbekende dimensie 'vertrouw'"):
        load_question_set(path)


# --- the advice and the traject ----------------------------------------------------


def test_advise_puts_a_change_pattern_on_the_agenda(shipped):
    result = scored(shipped)
    answers = answer_table(shipped, people(shipped))
    falling = decline(still(result), -0.8, [-1.2, -0.4], True)
    plain = advise(shipped, result, answers)
    assert "vertrouwen_gedaald" not in [p.id for p in plain.patronen]
    given = advise(shipped, result, answers, comparison=falling)
    later = with_comparison(plain, shipped, result, falling)
    for report in (given, later):
        assert "vertrouwen_gedaald" in [p.id for p in report.patronen]
        assert [item.aanleiding for item in report.agenda if item.bron == "patroon"] == [f"Patroon: {p.naam}" for p in report.patronen]
    assert later == given


def mini_with_change_rule(folder):
    """The traject's copy of the mini set, with a rule on a decline of vertrouwen."""
    path = folder / "mini.yaml"
    path.write_text(
        path.read_text(encoding="utf-8") + "  - id: vertrouwen_omlaag\n    naam: Vertrouwen omlaag\n    uitleg: Het vertrouwen daalde.\n"
        "    voorwaarden:\n      - {soort: verandering, dimensie: vertrouwen, operator: '<', waarde: -0.5}\n"
        "    advies: {titel: Praat erover, toelichting: Praat samen., horizon: kort, actor: bestuur}\n",
        encoding="utf-8",
    )


def interviews(trust: int) -> list[dict]:
    return [
        {
            "code": f"R{i}",
            "organisatie": ("Politie", "OM")[i % 2],
            "niveau": LEVELS[i % 3],
            "antwoorden": {"v1": trust, "v2": trust, "t1": 3, "t2": 3, "t3": 3, "i1": 3},
        }
        for i in range(6)
    ]


def test_a_traject_with_a_previous_measurement(make_engagement):
    make_engagement(interviews(4), name="nul")
    later = make_engagement(interviews(2), name="een", extra="meting: 1-meting\nvorige_meting: ../nul\n")
    mini_with_change_rule(later)
    traject = Traject.open(later)
    assert "vertrouwen_omlaag" in [p.id for p in traject.advise().patronen]
    assert traject.advice_document()  # the JSON document carries it without trouble
    assert traject.comparison() is not None


def test_without_or_with_a_broken_previous_measurement_the_rule_just_does_not_apply(make_engagement):
    alone = make_engagement(interviews(2), name="alleen")
    mini_with_change_rule(alone)
    assert "vertrouwen_omlaag" not in [p.id for p in Traject.open(alone).advise().patronen]
    broken = make_engagement(interviews(2), name="kapot", extra="vorige_meting: ../bestaat-niet\n")
    mini_with_change_rule(broken)
    assert "vertrouwen_omlaag" not in [p.id for p in Traject.open(broken).advise().patronen]


def test_a_previous_measurement_of_another_partnership_is_not_compared(make_engagement):
    other = make_engagement(interviews(4), name="ander")
    yaml_path = other / "traject.yaml"
    yaml_path.write_text(yaml_path.read_text(encoding="utf-8").replace("Veiligheidshuis Testland", "Zorgnetwerk Elders"), encoding="utf-8")
    later = make_engagement(interviews(2), name="een", extra="vorige_meting: ../ander\n")
    mini_with_change_rule(later)
    assert "vertrouwen_omlaag" not in [p.id for p in Traject.open(later).advise().patronen]
