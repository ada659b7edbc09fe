"""Coverage, the total's profile and the JSON keys of `score --json` (issue 13)."""

from __future__ import annotations

import json

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from volwassenheid.cli import click_dutch
from volwassenheid.cli.main import cli
from volwassenheid.core.models import ScoringSettings
from volwassenheid.core.scoring import Respondent, answer_table, coverage, score_engagement

click_dutch.install()

WN, NVT = "weet_niet", "nvt"
LEVELS = ("strategisch", "tactisch", "operationeel")


def run(*args):
    return CliRunner().invoke(cli, list(map(str, args)), prog_name="volwassenheid")


def score_json(folder) -> dict:
    result = run("score", folder, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def interview(code, organisation, level, **answers):
    return {"code": code, "organisatie": organisation, "niveau": level, "antwoorden": answers}


# --- coverage ----------------------------------------------------------------------


def test_coverage_lists_organisations_and_levels_without_respondents(mini_set):
    answers = answer_table(mini_set, [Respondent("A", "Politie", "tactisch", {"i1": 3}), Respondent("B", "OM", "tactisch", {"i1": 3})])
    found = coverage(["Politie", "Gemeente", "OM", "GGZ"], answers)
    assert found.niet_gehoord == ["Gemeente", "GGZ"]  # in the traject's order
    assert found.niveaus_ontbreken == ["strategisch", "operationeel"]


def test_coverage_compares_names_without_case_and_spaces(mini_set):
    people = [Respondent("A", " politie ", "strategisch", {"i1": 3}), Respondent("B", "openbaar  ministerie", "tactisch", {"i1": 3})]
    people.append(Respondent("C", "GGZ", "operationeel", {"i1": 3}))
    found = coverage(["Politie", "Openbaar Ministerie", "ggz", "Reclassering"], answer_table(mini_set, people))
    assert found.niet_gehoord == ["Reclassering"]
    assert found.niveaus_ontbreken == []


def test_coverage_without_a_traject_list_is_empty(mini_set):
    found = coverage([], answer_table(mini_set, [Respondent("A", "Politie", "tactisch", {"i1": 3})]))
    assert found.niet_gehoord == []


def test_score_json_lists_who_was_not_heard(make_engagement):
    # traject.yaml: Politie, Gemeente, OM. Gemeente's only respondent gave nothing but "weet niet",
    # so does not count: Gemeente is not heard. "om" is OM. Nobody at strategisch level counts.
    folder = make_engagement(
        [
            interview("R01", "Politie", "operationeel", v1=3, t1=2, t2=2, i1=3),
            interview("R02", "om", "tactisch", v1=4, t1=3, t2=3, i1=2),
            interview("R03", "Gemeente", "strategisch", v1=WN, t1=WN, i1=NVT),
        ]
    )
    data = score_json(folder)
    assert data["dekking"] == {"niet_gehoord": ["Gemeente"], "niveaus_ontbreken": ["strategisch"]}
    assert data["respons"]["respondenten"] == 2


def test_score_json_with_everyone_heard(make_engagement):
    folder = make_engagement(
        [
            interview("R01", "Politie", "operationeel", v1=3, i1=3),
            interview("R02", "OM", "tactisch", v1=4, i1=2),
            interview("R03", "Gemeente", "strategisch", v1=2, i1=2),
        ]
    )
    assert score_json(folder)["dekking"] == {"niet_gehoord": [], "niveaus_ontbreken": []}


# --- the total: no phase, a profile ----------------------------------------------


def profile_example() -> list[Respondent]:
    """Five respondents: vertrouwen all 5; informatie all 4; tvb scored for three (2, 2, 2), the
    other two answered one tvb question (too few)."""
    people = [Respondent(f"R{i}", "Politie", "tactisch", {"v1": 5, "v2": 5, "t1": 2, "t2": 2, "i1": 4}) for i in range(3)]
    people += [Respondent(f"S{i}", "OM", "tactisch", {"v1": 5, "t1": 2, "i1": 4}) for i in range(2)]
    return people


def test_the_total_has_no_phase(mini_set):
    total = score_engagement(mini_set, profile_example(), settings=ScoringSettings(minimale_groep=1)).totaal
    assert "fase" not in total.model_dump()
    assert "fase_naam" not in total.model_dump()


def test_lowest_phase_leaves_indicative_dimensions_out(mini_set):
    # minimale_n 5: tvb (n 3, phase 2) is indicative; vertrouwen phase 5, informatie phase 4 -> lowest 4.
    # per_fase counts every dimension with a phase: 2 -> 1, 4 -> 1, 5 -> 1.
    result = score_engagement(mini_set, profile_example(), settings=ScoringSettings(minimale_groep=1))
    d = {x.id: x for x in result.dimensies}
    assert (d["vertrouwen"].fase, d["tvb"].fase, d["informatie"].fase) == (5, 2, 4)
    assert (d["tvb"].n, d["tvb"].indicatief) == (3, True)
    profile = result.totaal.profiel
    assert (profile.laagste_fase, profile.laagste_fase_naam) == (4, "Verbinden")
    assert profile.per_fase == {1: 0, 2: 1, 3: 0, 4: 1, 5: 1}
    assert profile.indicatief == 1


def test_lowest_phase_over_all_dimensions_when_every_one_is_indicative(mini_set):
    result = score_engagement(mini_set, profile_example(), settings=ScoringSettings(minimale_groep=1, minimale_n=10))
    assert (result.totaal.profiel.laagste_fase, result.totaal.profiel.indicatief) == (2, 3)
    firm = score_engagement(mini_set, profile_example(), settings=ScoringSettings(minimale_groep=1, minimale_n=3))
    assert (firm.totaal.profiel.laagste_fase, firm.totaal.profiel.indicatief) == (2, 0)


def test_the_total_score_is_the_weighted_mean_of_dimension_scores(mini_set):
    # (5 * 1 + 2 * 2 + 4 * 1) / 4 = 13/4 = 3.25 (tvb weighs 2).
    assert score_engagement(mini_set, profile_example(), settings=ScoringSettings(minimale_groep=1)).totaal.score == 3.25


QUESTIONS = {"vertrouwen": ("v1", "v2"), "tvb": ("t1", "t2", "t3"), "informatie": ("i1",)}


@st.composite
def partnerships(draw) -> list[Respondent]:
    """Per dimension a typical phase and how often it is left blank, so dimensions differ in phase and n."""
    typical = {d: draw(st.integers(1, 5)) for d in QUESTIONS}
    blank = {d: draw(st.sampled_from([0.0, 0.3, 0.7])) for d in QUESTIONS}
    people = []
    for i in range(draw(st.integers(0, 12))):
        answers = {}
        for dimension, questions in QUESTIONS.items():
            if draw(st.floats(0, 1)) < blank[dimension]:
                continue
            for q in questions:
                answers[q] = draw(st.sampled_from([typical[dimension], typical[dimension], min(5, typical[dimension] + 1), WN]))
        people.append(Respondent(f"R{i}", draw(st.sampled_from(["Politie", "OM"])), draw(st.sampled_from(LEVELS)), answers))
    return people


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(partnerships(), st.integers(1, 8))
def test_profile_matches_a_plain_count(mini_set, people, minimum_n):
    result = score_engagement(mini_set, people, settings=ScoringSettings(minimale_groep=1, minimale_n=minimum_n))
    phased = [d for d in result.dimensies if d.fase is not None]
    firm = [d.fase for d in phased if d.n >= minimum_n]
    lowest = min(firm) if firm else min((d.fase for d in phased), default=None)
    profile = result.totaal.profiel
    assert profile.laagste_fase == lowest
    assert profile.per_fase == {k: sum(1 for d in phased if d.fase == k) for k in range(1, 6)}
    assert profile.indicatief == sum(1 for d in phased if d.n < minimum_n)
    assert profile.grensgevallen == sum(1 for d in phased if d.grensgeval)
    for d in result.dimensies:
        assert d.indicatief == (d.n < minimum_n)


# --- JSON keys -------------------------------------------------------------------

DIMENSION_KEYS = (
    "interval",
    "fase_zekerheid",
    "grensgeval",
    "verdeling",
    "indicatief",
    "weet_niet_aandeel",
    "nvt_aandeel",
    "overeenstemming",
    "alfa",
)


def json_example(make_engagement):
    interviews = [
        interview(f"P{i}", "Politie", LEVELS[i % 3], v1=3 + i % 2, v2=4, t1=2, t2=2 + i % 2, t3=WN if i == 0 else 3, i1=3) for i in range(6)
    ]
    interviews += [interview(f"O{i}", "OM", "tactisch", v1=2, v2=3, t1=1, t2=NVT, t3=2, i1=4) for i in range(4)]
    return make_engagement(interviews)


def test_score_json_has_the_method_keys_at_the_top(make_engagement):
    data = score_json(json_example(make_engagement))
    assert (data["fase_regel"], data["drempel"], data["weging"], data["minimale_n"]) == ("drempel", 0.75, "organisatie", 5)
    assert set(data["dekking"]) == {"niet_gehoord", "niveaus_ontbreken"}
    assert data["dekking"]["niet_gehoord"] == ["Gemeente"]
    assert {"uitgenodigd", "percentage"} <= set(data["respons"])
    assert "fase" not in data["totaal"]
    assert {"laagste_fase", "per_fase", "grensgevallen", "indicatief"} <= set(data["totaal"]["profiel"])


def test_score_json_has_the_method_keys_per_dimension(make_engagement):
    data = score_json(json_example(make_engagement))
    for dimension in data["dimensies"]:
        missing = [key for key in DIMENSION_KEYS if key not in dimension]
        assert missing == [], dimension["id"]
        assert isinstance(dimension["grensgeval"], bool) and isinstance(dimension["indicatief"], bool)
        assert dimension["vragen"], dimension["id"]
        for question in dimension["vragen"]:
            assert "item_rest" in question


def test_score_json_figures_of_the_new_method(make_engagement):
    # informatie: Politie 6 x 3, OM 4 x 4; organisation weighting: (3 + 4) / 2 = 3.5, respondent (18 + 16) / 10 = 3.4.
    # verdeling 0.5 at 3, 0.5 at 4: C(4) = 0.5 < 0.75, C(3) = 1 -> phase 3. n 10 >= 5: not indicative.
    # tvb: n.v.t. 4 of the answers given (6 * 3 + 4 * 3 = 30) -> 0.13; weet niet 1 of 30 by one person: that
    # question's counts are hidden (minimale_groep 3), so the dimension shows no shares at all (they would give it back).
    data = score_json(json_example(make_engagement))
    d = {x["id"]: x for x in data["dimensies"]}
    assert (d["informatie"]["score"], d["informatie"]["score_andere_weging"], d["informatie"]["fase"]) == (3.5, 3.4, 3)
    assert d["informatie"]["verdeling"] == {"1": 0.0, "2": 0.0, "3": 0.5, "4": 0.5, "5": 0.0}
    assert d["informatie"]["indicatief"] is False
    assert (d["tvb"]["nvt_aandeel"], d["tvb"]["weet_niet_aandeel"]) == (None, None)


def test_score_json_records_the_traject_settings(make_engagement):
    folder = make_engagement(
        [interview(f"P{i}", "Politie", "tactisch", v1=3, i1=3) for i in range(3)],
        extra="instellingen: {weging: respondent, fase_regel: gemiddelde, drempel: 0.8, minimale_n: 2}\n",
    )
    data = score_json(folder)
    assert (data["fase_regel"], data["drempel"], data["weging"], data["minimale_n"]) == ("gemiddelde", 0.8, "respondent", 2)
    assert all(dimension["indicatief"] is False for dimension in data["dimensies"] if dimension["n"] >= 2)
