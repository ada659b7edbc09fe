"""Gap analysis, step advice, pattern rules, sticking points and discussion points."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from volwassenheid.cli import click_dutch
from volwassenheid.cli.main import cli
from volwassenheid.core.advice import advise, gap_analysis
from volwassenheid.core.errors import UserError
from volwassenheid.core.models import ScoringSettings
from volwassenheid.core.patterns import evaluate_patterns
from volwassenheid.core.questionset import QuestionSet
from volwassenheid.core.scoring import Respondent, answer_table, score_engagement
from volwassenheid.storage.question_sets import load_question_set

click_dutch.install()
PHASES = ["Verkennen", "Afstemmen", "Samenwerken", "Verbinden", "Transformeren"]


def crowd(count, organisation, level, answers, prefix="R"):
    return [Respondent(f"{prefix}{organisation[:2]}{level[:2]}{i}", organisation, level, dict(answers)) for i in range(count)]


def everyone(answers):
    """Nine respondents, three organisations x three levels: every group visible."""
    people = []
    for organisation in ("Politie", "OM", "Gemeente"):
        for level in ("strategisch", "tactisch", "operationeel"):
            people += crowd(1, organisation, level, answers, prefix=f"{organisation}{level}")
    return people


def run_advice(question_set, people, ambition, threshold=1):
    settings = ScoringSettings(minimale_groep=threshold)
    result = score_engagement(question_set, people, ambition, settings)
    return result, advise(question_set, result, answer_table(question_set, people), settings)


@pytest.fixture(scope="module")
def stepped_set():
    """Two dimensions with a distinct recommendation for every step."""
    return QuestionSet.model_validate(
        {
            "id": "stappen",
            "naam": "Stappen",
            "versie": "1",
            "fasen": [{"nummer": i, "naam": n, "beschrijving": "-"} for i, n in enumerate(PHASES, start=1)],
            "dimensies": [
                {"id": "a", "naam": "Dimensie A", "beschrijving": "-"},
                {"id": "b", "naam": "Dimensie B", "beschrijving": "-", "gewicht": 2.0},
                {"id": "c", "naam": "Dimensie C", "beschrijving": "-"},
            ],
            "vragen": [{"id": f"{d}{i}", "dimensie": d, "tekst": f"Vraag {d}{i}?", "opties": list("12345")} for d in "abc" for i in (1, 2)],
            "adviezen": [
                {"dimensie": d, "van_fase": k, "titel": f"{d}: stap {k} advies {j}", "toelichting": "-", "horizon": "kort", "actor": "bestuur"}
                for d in "abc"
                for k in range(1, 5)
                for j in (1, 2)
            ],
        }
    )


def test_dimension_below_ambition_gets_exactly_its_next_step(stepped_set):
    # a: 2 and 3 -> 2.5, phase 2, ambition 4; b: 4 and 4 -> 4, ambition 4 (reached); c: no ambition.
    result, report = run_advice(stepped_set, everyone({"a1": 2, "a2": 3, "b1": 4, "b2": 4, "c1": 1, "c2": 2}), {"a": 4, "b": 4})
    assert [(s.dimensie, s.van_fase, s.naar_fase, s.naar_fase_naam) for s in report.stapadviezen] == [("a", 2, 3, "Samenwerken")]
    assert [a.titel for a in report.stapadviezen[0].adviezen] == ["a: stap 2 advies 1", "a: stap 2 advies 2"]
    assert [item.titel for item in report.agenda] == ["a: stap 2 advies 1", "a: stap 2 advies 2"]
    assert report.agenda[0].aanleiding == "Dimensie A: van fase 2 naar 3 (Samenwerken)"
    gaps = {g.dimensie: g for g in report.kloven}
    assert (gaps["a"].rang, gaps["a"].prioriteit) == (1, 1.5)
    assert gaps["b"].rang is None and gaps["b"].prioriteit == 0
    assert gaps["c"].doelfase is None and gaps["c"].rang is None


def test_priority_is_gap_times_weight(stepped_set):
    # a: gap 1.5 (weight 1) -> 1.5; b: 3 -> gap 1 x weight 2 = 2.0 -> b first.
    _, report = run_advice(stepped_set, everyone({"a1": 2, "a2": 3, "b1": 3, "b2": 3}), {"a": 4, "b": 4})
    assert [(g.dimensie, g.rang, g.prioriteit) for g in report.kloven[:2]] == [("b", 1, 2.0), ("a", 2, 1.5)]
    assert [s.dimensie for s in report.stapadviezen] == ["b", "a"]


def test_equal_priority_goes_to_larger_gap_then_lower_score_then_set_order(stepped_set):
    # a: gap 2 x 1 = 2; b: gap 1 x 2 = 2 -> a first (larger gap).
    _, report = run_advice(stepped_set, everyone({"a1": 2, "a2": 2, "b1": 3, "b2": 3}), {"a": 4, "b": 4})
    assert [g.dimensie for g in report.kloven if g.rang] == ["a", "b"]
    # a and c: both gap 1, weight 1; c has the lower score (2 vs 3) -> c first.
    _, report = run_advice(stepped_set, everyone({"a1": 3, "a2": 3, "c1": 2, "c2": 2}), {"a": 4, "c": 3})
    assert [g.dimensie for g in report.kloven if g.rang] == ["c", "a"]
    # a and c identical: the set's order decides.
    _, report = run_advice(stepped_set, everyone({"a1": 2, "a2": 2, "c1": 2, "c2": 2}), {"a": 3, "c": 3})
    assert [g.dimensie for g in report.kloven if g.rang] == ["a", "c"]


def test_ambition_four_phases_up_is_flagged(stepped_set):
    _, report = run_advice(stepped_set, everyone({"a1": 1, "a2": 1, "b1": 4, "b2": 4}), {"a": 5, "b": 2})
    gaps = {g.dimensie: g for g in report.kloven}
    assert gaps["a"].realisme == "te_hoog"
    assert "ligt 4 fasen boven de huidige fase 1 (Verkennen)" in gaps["a"].realisme_toelichting
    assert "fase 3 (Samenwerken) als tussendoel" in gaps["a"].realisme_toelichting
    assert gaps["b"].realisme == "onder_huidig"
    assert "onder wat al bereikt is: fase 4 (Verbinden)" in gaps["b"].realisme_toelichting
    # Two phases up is ambitious but allowed.
    _, report = run_advice(stepped_set, everyone({"a1": 2, "a2": 2}), {"a": 4})
    assert report.kloven[0].realisme is None


def test_no_step_advice_beyond_the_last_phase(stepped_set):
    result = score_engagement(stepped_set, everyone({"a1": 5, "a2": 5}), {"a": 5})
    assert gap_analysis(stepped_set, result)[0].rang is None


MINI_PEOPLE_TRUST = {"v1": 4, "v2": 4, "t1": 3, "t2": 2, "t3": 2, "i1": 3}


def test_high_trust_unclear_tasks_pattern_with_its_figures(mini_set):
    # vertrouwen 4.0; tvb (3 + 2 + 2) / 3 = 2.333...; difference 1.667
    _, report = run_advice(mini_set, everyone(MINI_PEOPLE_TRUST), {"vertrouwen": 4, "tvb": 4})
    (match,) = report.patronen
    assert match.id == "vertrouwen_zonder_tvb" and match.dimensies == ["vertrouwen", "tvb"]
    assert [e.omschrijving for e in match.onderbouwing] == [
        "score Vertrouwen en relaties: 4,00 (grens: minstens 3,50)",
        "Vertrouwen en relaties min Taken en bevoegdheden: 1,67 (grens: minstens 1,00)",
    ]
    assert match.onderbouwing[1].waarde == pytest.approx(5 / 3)
    assert report.agenda[0].bron == "patroon" and report.agenda[0].titel == "Verdiep de relatie"


def test_pattern_does_not_fire_below_its_threshold(mini_set):
    _, report = run_advice(mini_set, everyone({**MINI_PEOPLE_TRUST, "v1": 3, "v2": 3}), {})
    assert report.patronen == []


def test_exact_threshold_counts_despite_float_noise(mini_set):
    # vertrouwen 3.5 exactly; tvb 2.5; difference exactly 1.0
    _, report = run_advice(mini_set, everyone({"v1": 3, "v2": 4, "t1": 2, "t2": 3}), {})
    assert [p.id for p in report.patronen] == ["vertrouwen_zonder_tvb"]


def rule_set(tmp_path, mini_set_path, conditions: str):
    text = mini_set_path.read_text(encoding="utf-8")
    text = (
        text.split("patronen:")[0]
        + "patronen:\n  - id: p\n    naam: P\n    uitleg: U\n    voorwaarden:\n"
        + conditions
        + ("    advies: {titel: T, toelichting: T, horizon: kort, actor: bestuur}\n")
    )
    path = tmp_path / "regels.yaml"
    path.write_text(text, encoding="utf-8")
    return load_question_set(path)


def test_level_difference_uses_only_visible_groups(tmp_path, mini_set_path):
    question_set = rule_set(
        tmp_path, mini_set_path, '      - {soort: niveauverschil, hoog: strategisch, laag: operationeel, operator: ">=", waarde: 1.0}\n'
    )
    people = crowd(3, "OM", "strategisch", {"v1": 5, "v2": 5}) + crowd(3, "OM", "operationeel", {"v1": 2, "v2": 2})
    people += crowd(3, "OM", "tactisch", {"v1": 3, "v2": 3})
    result = score_engagement(question_set, people, settings=ScoringSettings(minimale_groep=3))
    (match,) = evaluate_patterns(question_set, result)
    assert match.onderbouwing[0].omschrijving == "strategisch min operationeel (gemiddeld over de dimensies): 3,00 (grens: minstens 1,00)"
    # Only two strategic respondents: that group is suppressed, so the rule cannot fire.
    result = score_engagement(question_set, people[1:], settings=ScoringSettings(minimale_groep=3))
    assert evaluate_patterns(question_set, result) == []


def test_organisation_difference_spread_and_gap_count(tmp_path, mini_set_path):
    question_set = rule_set(
        tmp_path,
        mini_set_path,
        '      - {soort: organisatieverschil, dimensie: vertrouwen, operator: ">=", waarde: 2}\n'
        '      - {soort: spreiding, dimensie: vertrouwen, operator: ">", waarde: 1}\n'
        '      - {soort: aantal_kloven, minimale_kloof: 1.5, operator: ">=", waarde: 1}\n',
    )
    people = crowd(3, "Politie", "tactisch", {"v1": 5, "v2": 5}) + crowd(3, "OM", "tactisch", {"v1": 2, "v2": 2})
    result = score_engagement(question_set, people, {"vertrouwen": 5}, ScoringSettings(minimale_groep=3))
    (match,) = evaluate_patterns(question_set, result)
    texts = [e.omschrijving for e in match.onderbouwing]
    assert texts[0] == "Politie min OM (Vertrouwen en relaties): 3,00 (grens: minstens 2,00)"
    assert texts[1].startswith("spreiding Vertrouwen en relaties (standaardafwijking): 1,64")  # sd of 5,5,5,2,2,2
    assert texts[2] == "dimensies met een kloof van 1,5 of meer: 1,00 (grens: minstens 1,00)"  # 5 - 3.5


def test_spread_of_a_single_respondent_never_matches(tmp_path, mini_set_path):
    question_set = rule_set(tmp_path, mini_set_path, '      - {soort: spreiding, dimensie: vertrouwen, operator: "<", waarde: 9}\n')
    result = score_engagement(question_set, crowd(1, "OM", "tactisch", {"v1": 3}))
    assert evaluate_patterns(question_set, result) == []


def test_a_rule_is_data_not_code(tmp_path, mini_set_path):
    with pytest.raises(UserError) as error:
        rule_set(tmp_path, mini_set_path, "      - {soort: \"__import__('os').system('touch gehackt')\", dimensie: vertrouwen}\n")
    assert "onbekende soort" in str(error.value)
    assert not (tmp_path / "gehackt").exists()


def test_sticking_points_are_the_lowest_questions_below_the_dimension(mini_set):
    people = everyone({"v1": 3, "v2": 3, "t1": 1, "t2": 3, "t3": 2, "i1": 3})
    _, report = run_advice(mini_set, people, {"tvb": 4})
    (point,) = report.knelpunten
    assert point.dimensie == "tvb" and point.dimensiescore == 2.0
    assert [(q.id, q.score, q.n) for q in point.vragen] == [("t1", 1.0, 9)]  # t3 = 2.0 is not below 2.0


def test_discussion_points_compare_visible_groups_only(mini_set):
    same = {"t2": 3, "t3": 3}  # enough tvb answers for a tvb score, without spread
    people = crowd(3, "Politie", "tactisch", {"t1": 5, "v1": 3, **same}) + crowd(3, "Reclassering", "tactisch", {"t1": 3, "v1": 3, **same})
    people += crowd(3, "OM", "tactisch", {"t1": 4, "v1": 3, **same})
    people += crowd(2, "Gemeente", "tactisch", {"t1": 1, "v1": 1, **same})  # too small to show apart
    result = score_engagement(mini_set, people, settings=ScoringSettings(minimale_groep=3))
    report = advise(mini_set, result, answer_table(mini_set, people), ScoringSettings(minimale_groep=3))
    (point,) = report.gespreksonderwerpen
    assert point.vraag == "t1" and point.soort == "organisatie" and point.verschil == 2.0
    assert (point.hoogste.groep, point.hoogste.score, point.hoogste.n) == ("Politie", 5.0, 3)
    assert (point.laagste.groep, point.laagste.score) == ("Reclassering", 3.0)
    # Gemeente is too small; OM is then hidden too, or Gemeente could be worked out.
    assert "Gemeente" not in point.model_dump_json() and "OM" not in point.model_dump_json()


def run(*args):
    return CliRunner().invoke(cli, list(map(str, args)), prog_name="volwassenheid")


def test_advies_cli_json_keys_and_stability(make_engagement):
    interviews = [
        {"code": f"R{i}", "organisatie": "Politie", "niveau": "tactisch", "antwoorden": {"v1": 4, "v2": 4, "t1": 2, "t2": 2, "i1": 3}}
        for i in range(1, 4)
    ]
    # three respondents: below the default minimale_n (5), so no pattern would fire; this test is about the keys
    folder = make_engagement(interviews, ambition={"vertrouwen": 4, "tvb": 3, "informatie": 4}, extra="instellingen: {minimale_n: 3}\n")
    first = run("advies", folder, "--json")
    assert first.exit_code == 0, first.output
    assert first.stdout_bytes == run("advies", folder, "--json").stdout_bytes
    data = json.loads(first.output)
    assert list(data) == [
        "traject",
        "vragenlijst",
        "te_weinig_respondenten",
        "waarschuwing",
        "kloven",
        "stapadviezen",
        "patronen",
        "knelpunten",
        "gespreksonderwerpen",
        "agenda",
    ]
    # Both gaps are 1.0 with weight 1: the lower score (tvb 2.0 against 3.0) goes first.
    assert [g["dimensie"] for g in data["kloven"] if g["rang"]] == ["tvb", "informatie"]
    assert data["patronen"][0]["id"] == "vertrouwen_zonder_tvb"
    assert data["stapadviezen"][0] == {
        "dimensie": "tvb",
        "naam": "Taken en bevoegdheden",
        "rang": 1,
        "van_fase": 2,
        "naar_fase": 3,
        "naar_fase_naam": "Samenwerken",
        "adviezen": [
            {
                "titel": "Leg taken vast",
                "toelichting": "Maak een TVB-matrix.",
                "horizon": "kort",
                "actor": "ketenregisseur",
                "vraag": None,
                "volgende_optie": None,
            }
        ],
        "opmerking": None,  # all three answer alike: certain, and not indicative with minimale_n 3
    }
    text = run("advies", folder, "--uitgebreid").output
    for expected in ("Kloof tot de doelfase", "Vertrouwen zonder heldere taken", "Verbeteragenda", "Leg taken vast", "Maak een TVB-matrix."):
        assert expected in text


def test_advies_on_the_example_tells_the_seed_story():

    data = json.loads(run("advies", Path(__file__).parent / "fixtures" / "traject-1.0", "--json").output)
    assert {"vertrouwen_zonder_tvb", "strategisch_positiever"} <= {p["id"] for p in data["patronen"]}
    flagged = {g["dimensie"]: g["realisme"] for g in data["kloven"] if g["realisme"]}
    assert flagged == {"resultaten": "te_hoog"}
    assert len(data["agenda"]) >= 10 and all(item["nummer"] == i for i, item in enumerate(data["agenda"], start=1))


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10_000), size=st.integers(3, 60), threshold=st.integers(2, 4))
def test_discussion_points_pruned_search_equals_auditing_every_question(seed, size, threshold):
    """The search stops once no question can beat the six found; the result equals auditing them all."""
    import random

    from volwassenheid.core.advice import DISCUSSION_POINTS, _discussion_point, discussion_points
    from volwassenheid.storage.question_sets import find_question_set

    question_set = find_question_set("samenwerking")
    rng = random.Random(seed)
    people = [
        Respondent(
            f"R{i}",
            rng.choice(["A", "B", "C", "D"]),
            rng.choice(["strategisch", "tactisch", "operationeel"]),
            {q.id: rng.choice([1, 2, 3, 4, 5, "weet_niet"]) for q in question_set.vragen},
        )
        for i in range(size)
    ]
    table = answer_table(question_set, people)
    every = []
    for position, question in enumerate(question_set.vragen):
        partial = plain_classes(people, [q.id for q in question_set.questions_of(question.dimensie)])
        point = _discussion_point(question, plain_tallies(people, question.id), threshold, partial)
        if point is not None:
            every.append((-round(point.verschil, 9), position, point))
    every.sort(key=lambda item: item[:2])
    assert discussion_points(question_set, table, threshold) == [point for _, _, point in every[:DISCUSSION_POINTS]]


def test_organisation_and_level_patterns_never_combine_into_one_person(tmp_path, mini_set_path):
    """Organisation A (3, all strategic) and level strategisch (4): a pattern comparing organisations and
    one comparing levels may not use both, or strategisch minus A is B's one strategic respondent."""
    import re

    from test_disclosure import exposed_sets

    question_set = rule_set(
        tmp_path,
        mini_set_path,
        '      - {soort: organisatieverschil, dimensie: vertrouwen, operator: ">=", waarde: 0}\n'
        '      - {soort: niveauverschil, dimensie: vertrouwen, hoog: strategisch, laag: tactisch, operator: ">=", waarde: -9}\n',
    )
    people = crowd(3, "A", "strategisch", {"v1": 5, "v2": 5}) + crowd(1, "B", "strategisch", {"v1": 1, "v2": 1})
    people += crowd(5, "B", "tactisch", {"v1": 2, "v2": 2}, prefix="S") + crowd(3, "C", "tactisch", {"v1": 4, "v2": 4})
    result = score_engagement(question_set, people)
    used_organisations, used_levels = set(), set()
    for match in evaluate_patterns(question_set, result):
        for evidence in match.onderbouwing:
            named = re.match(r"(\S+) min (\S+) \(", evidence.omschrijving)
            if named and named[1] in {"A", "B", "C"}:
                used_organisations |= {named[1], named[2]}
            elif named:
                used_levels |= {named[1], named[2]}
    cells = {("A", "strategisch"): 3, ("B", "strategisch"): 1, ("B", "tactisch"): 5, ("C", "tactisch"): 3}
    assert exposed_sets(cells, sorted(used_organisations), sorted(used_levels), 3) == []


def test_discussion_points_leave_out_a_group_with_one_partial_answerer(mini_set):
    """Organisation A: four answered v1 and v2, one only v1. A's vertrouwen mean (shown) minus
    the mean of A's v1 and v2 means (discussion points) is half that one person's v1 answer."""
    full_a = crowd(4, "A", "tactisch", {"v1": 5, "v2": 5})
    lone = crowd(1, "A", "tactisch", {"v1": 1}, prefix="X")
    full_b = crowd(3, "B", "tactisch", {"v1": 2, "v2": 2})
    partial_b = crowd(3, "B", "tactisch", {"v1": 2}, prefix="Y")  # three: enough people
    full_c = crowd(3, "C", "tactisch", {"v1": 3, "v2": 3})
    people = full_a + lone + full_b + partial_b + full_c
    settings_ = ScoringSettings()
    result = score_engagement(mini_set, people, settings=settings_)
    (vertrouwen, _, _) = result.dimensies
    assert {g.naam for g in vertrouwen.per_organisatie if not g.onderdrukt} == {"A", "B", "C"}
    report = advise(mini_set, result, answer_table(mini_set, people), settings_)
    points = [p for p in report.gespreksonderwerpen if p.vraag in ("v1", "v2")]
    assert points, "B and C still differ enough to discuss"
    assert all("A" not in (p.hoogste.groep, p.laagste.groep) for p in points)


def test_discussion_points_leave_out_a_group_with_one_full_answerer_among_partial_ones(mini_set):
    """Organisation A: three answered only v1, one answered v1 and v2. The old rule (1..2 partial
    answerers) let A through; but A's v1 and v2 totals minus its vertrouwen total isolate the one
    who answered both: every class of equal number of answers needs 0 or 3+ people."""
    partial_a = crowd(3, "A", "tactisch", {"v1": 5})
    lone = crowd(1, "A", "tactisch", {"v1": 5, "v2": 1}, prefix="X")
    full_b = crowd(4, "B", "tactisch", {"v1": 2, "v2": 2})
    full_c = crowd(4, "C", "tactisch", {"v1": 3, "v2": 3})
    people = partial_a + lone + full_b + full_c
    table = answer_table(mini_set, people)
    from volwassenheid.core.advice import _discussion_point
    from volwassenheid.core.cell_counts import CellIndex, answered_classes, question_tallies

    question = mini_set.vragen[0]
    classes = answered_classes(table, ["v1", "v2"], CellIndex.of(table))
    assert classes == plain_classes(people, ["v1", "v2"])
    tallies = question_tallies(table, ["v1"], CellIndex.of(table))[0]
    assert tallies == plain_tallies(people, "v1")
    point = _discussion_point(question, tallies, 3, classes)
    assert point is not None and {point.hoogste.groep, point.laagste.groep} == {"B", "C"}


def plain_tallies(people, question_id):
    """Per (organisation, level) with phase answers to the question: (their sum, their number), one person at a time."""
    found = {}
    for person in people:
        answer = person.answers.get(question_id)
        if type(answer) is int:
            total, count = found.get((person.organisation, person.level), (0, 0))
            found[(person.organisation, person.level)] = (total + answer, count + 1)
    return found


def plain_classes(people, question_ids):
    """People per ((organisation, level), number of phase answers to these questions), for those with any."""
    found = Counter()
    for person in people:
        answered = sum(1 for qid in question_ids if type(person.answers.get(qid)) is int)
        if answered:
            found[((person.organisation, person.level), answered)] += 1
    return found
