"""The report shows the figures of method 2.0 and nothing that contradicts them: borderline and
indicative phases, intervals, why a phase, the profile instead of an overall phase, coverage,
response and the method appendix."""

from __future__ import annotations

import dataclasses
import re
from functools import cache
from pathlib import Path

from volwassenheid import Traject
from volwassenheid.core.results import Agreement, DimensionResult
from volwassenheid.report import charts
from volwassenheid.report.data import build_report, phase_explanation, phase_text, profile_text, weighting_differences
from volwassenheid.report.render import render_html
from volwassenheid.report.templates import default_template_dir

EXAMPLE = Path(__file__).parent / "fixtures" / "traject-1.0"  # the example of set 1.0, kept as an old traject


@cache
def example():
    return Traject.open(EXAMPLE).assess()


def with_dimensions(assessment, **changes):
    """The assessment with some dimensions' results changed: {dimension id: {field: value}}."""
    result = assessment.result
    dimensions = [d.model_copy(update=changes.get(d.id, {})) for d in result.dimensies]
    return dataclasses.replace(assessment, result=result.model_copy(update={"dimensies": dimensions}))


def html_of(assessment) -> str:
    return " ".join(render_html(build_report(assessment), default_template_dir()).split())


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def dimension(**changes) -> DimensionResult:
    return example().result.dimensies[0].model_copy(update=changes)


def test_borderline_and_indicative_phases_are_labelled_wherever_the_phase_is_shown():
    changed = with_dimensions(
        example(),
        omgeving={"grensgeval": True, "buurfase": 3, "fase_zekerheid": 0.54},
        middelen={"indicatief": True, "n": 3},
    )
    html = html_of(changed)
    borderline, indicative = "2 Afstemmen (grensgeval fase 2/3)", "2 Afstemmen (indicatief, n = 3)"
    cells = r'(?:<td class="num">[^<]*</td>){2}<td class="phase">([^<]*)</td>'  # the overview table in the appendix
    overview = re.search(r"<td>Verbinding omgeving</td>" + cells, html).group(1)
    assert overview == borderline
    assert f"<div><b>Fase</b>{borderline}</div>" in html  # the dimension page
    assert re.search(r"<td>Middelen</td>" + cells, html).group(1) == indicative
    assert f"<div><b>Fase</b>{indicative}</div>" in html
    assert "Zekerheid van de fase: 54%" in html
    # the dashboard's chart tags the row too (omgeving 1.92 in score --json, shown 1,9)
    assert re.search(r">1,9 · fase 2 · doel \d</text><text [^>]*>grensgeval</text>", html)


def test_phase_text_names_the_lower_phase_first_and_says_nothing_without_flags():
    assert phase_text(dimension(fase=3, fase_naam="Samenwerken", grensgeval=True, buurfase=2)) == "3 Samenwerken (grensgeval fase 2/3)"
    assert phase_text(dimension(fase=3, fase_naam="Samenwerken", grensgeval=True, buurfase=2, indicatief=True, n=4)) == (
        "3 Samenwerken (grensgeval fase 2/3; indicatief, n = 4)"
    )
    assert phase_text(dimension(fase=3, fase_naam="Samenwerken", grensgeval=False, indicatief=False)) == "3 Samenwerken"
    assert phase_text(dimension(score=None, fase=None, indicatief=True, n=0)) == "geen gegevens"


def test_dimension_page_shows_the_interval_certainty_agreement_and_reliability():
    html = html_of(example())
    for d in example().result.dimensies:
        low, high = (f"{v:.1f}".replace(".", ",") for v in d.interval)
        score = f"{d.score:.1f}".replace(".", ",")
        assert f'<div><b>Score</b>{score}<br><span class="small">95%-interval {low}–{high}</span></div>' in html, d.id
        assert f"Zekerheid van de fase: {round(d.fase_zekerheid * 100)}%" in html
    # score --json: overeenstemming only where every phase has 0 or at least minimale_groep (3) people,
    # i.e. sturing, informatie, professionals, middelen, resultaten; professionals has rwg 0.93, AD 0.50.
    # Agreement and reliability are figures for the method appendix; a page names only low agreement.
    assert re.search(r'<td>Professionals</td>(<td[^>]*>[^<]*</td>){3}<td class="num">0,93</td><td class="num">0,50</td>', html)
    assert "Overeenstemming: rwg" not in html and "Betrouwbaarheid: α" not in html and "Weinig eensgezind" not in html
    # in the example no dimension shows the counts of every question, so no weet niet/nvt shares at all
    assert all(d.weet_niet_aandeel is None and d.nvt_aandeel is None for d in example().result.dimensies)
    assert "Weet niet:" not in html and "Niet van toepassing:" not in html
    html = html_of(with_dimensions(example(), sturing={"weet_niet_aandeel": 0.08, "nvt_aandeel": 0.03}))
    assert "Weet niet: 8% van de antwoorden; niet van toepassing: 3%" in html


def test_low_agreement_and_a_high_dont_know_share_are_flagged():
    agreement = Agreement(rwg=0.55, ad=1.1, laag=True)
    changed = with_dimensions(example(), leren={"overeenstemming": agreement, "weet_niet_aandeel": 0.31, "weet_niet_hoog": True})
    html = html_of(changed)
    assert (
        "<b>Weinig eensgezind.</b> De respondenten zien deze dimensie verschillend (rwg 0,55, AD 1,10; lage overeenstemming (rwg onder 0,70))" in html
    )
    assert html.count("Weinig eensgezind") == 1
    assert "Veel ‘weet niet’: 31% van de antwoorden op deze dimensie (meer dan 20%)" in html
    assert re.search(r"<td>Leren en ontwikkelen</td>(<td[^>]*>[^<]*</td>){3}<td class=\"num\">0,55 \(laag\)</td>", html)


def test_the_explanation_gives_the_shares_at_the_phase_and_the_next_against_the_threshold():
    # aandeel_vanaf of a distribution {1: 0.1, 2: 0.2, 3: 0.45, 4: 0.25, 5: 0.0}: at least 2: 0.9;
    # at least 3: 0.7; at least 4: 0.25. No verdeling: the explanation does not need it.
    assert phase_explanation(dimension(fase=2, verdeling=None, aandeel_vanaf={2: 0.9, 3: 0.7}), "drempel", 0.75, 5) == (
        "90% van de antwoorden op fase 2 of hoger, 70% op fase 3 of hoger; drempel 75%"
    )
    assert phase_explanation(dimension(fase=3, verdeling=None, aandeel_vanaf={3: 0.7, 4: 0.25}), "drempel", 0.6, 5) == (
        "70% van de antwoorden op fase 3 of hoger, 25% op fase 4 of hoger; drempel 60%"
    )
    # phase 1 is reached by every answer: only the next phase explains it
    assert phase_explanation(dimension(fase=1, verdeling=None, aandeel_vanaf={1: 1.0, 2: 0.5}), "drempel", 0.75, 5) == (
        "50% van de antwoorden op fase 2 of hoger; drempel 75%"
    )
    # the top phase has no next one
    assert phase_explanation(dimension(fase=5, verdeling=None, aandeel_vanaf={5: 0.8}), "drempel", 0.75, 5) == (
        "80% van de antwoorden op fase 5 of hoger; drempel 75%"
    )


def test_the_explanation_shows_only_the_shares_that_may_be_shown():
    """aandeel_vanaf leaves out a share with too few people behind it; the explanation gives what is left."""
    assert phase_explanation(dimension(fase=3, aandeel_vanaf={3: 0.88}), "drempel", 0.75, 5) == (
        "88% van de antwoorden op fase 3 of hoger; drempel 75%"
    )
    assert phase_explanation(dimension(fase=3, aandeel_vanaf={4: 0.54}), "drempel", 0.75, 5) == (
        "54% van de antwoorden op fase 4 of hoger; drempel 75%"
    )
    # a distribution alone explains nothing: only the shares the rule decides on, where safe, do
    distribution = {1: 0.1, 2: 0.2, 3: 0.45, 4: 0.25, 5: 0.0}
    assert phase_explanation(dimension(fase=2, verdeling=distribution, aandeel_vanaf={}), "drempel", 0.75, 5) is None
    assert phase_explanation(dimension(fase=2, aandeel_vanaf={4: 0.25}), "drempel", 0.75, 5) is None


def test_a_share_that_rounds_onto_the_threshold_does_not_contradict_it():
    """74.6% shows as 75%: 'minder dan 75%' next to 'drempel 75%', never '75% ... drempel 75%' for a phase not reached."""
    # (the core floors aandeel_vanaf to two decimals, so it would give 0.74; the report must not rely on that)
    assert phase_explanation(dimension(fase=2, aandeel_vanaf={2: 1.0, 3: 0.746}), "drempel", 0.75, 5) == (
        "100% van de antwoorden op fase 2 of hoger, minder dan 75% op fase 3 of hoger; drempel 75%"
    )


def test_the_mean_rule_is_explained_by_the_score():
    assert (
        phase_explanation(dimension(score=2.96, fase=3), "gemiddelde", 0.75, 5)
        == "regel ‘gemiddelde’: de score 3,0 naar beneden afgerond geeft fase 3"
    )


def test_the_example_page_explains_its_phase_from_the_shares_at_the_phase_and_the_next():
    # fase and aandeel_vanaf per dimension, from `volwassenheid score voorbeelden/zorg-en-veiligheidshuis --json`
    expected = {
        "ambitie": "88% van de antwoorden op fase 3 of hoger, 25% op fase 4 of hoger",  # fase 3, {3: 0.88, 4: 0.25}
        "vertrouwen": "54% van de antwoorden op fase 4 of hoger",  # fase 3, {4: 0.54}: the share at 3 is not safe
        "tvb": "76% van de antwoorden op fase 2 of hoger, 31% op fase 3 of hoger",  # fase 2, {2: 0.76, 3: 0.31}
        "sturing": "89% van de antwoorden op fase 2 of hoger, 38% op fase 3 of hoger",
        "informatie": "95% van de antwoorden op fase 2 of hoger, 48% op fase 3 of hoger",
        "professionals": "77% van de antwoorden op fase 3 of hoger, 20% op fase 4 of hoger",  # fase 3
        "leren": "82% van de antwoorden op fase 2 of hoger, 31% op fase 3 of hoger",
        "omgeving": "78% van de antwoorden op fase 2 of hoger, 11% op fase 3 of hoger",
        "middelen": "90% van de antwoorden op fase 2 of hoger, 61% op fase 3 of hoger",
        "resultaten": "87% van de antwoorden op fase 2 of hoger, 27% op fase 3 of hoger",
    }
    html = html_of(example())
    assert [d.id for d in example().result.dimensies] == list(expected)
    for dimension_id, explanation in expected.items():
        assert f"<b>Waarom deze fase:</b> {explanation}; drempel 75%." in html, dimension_id
    assert html.count("<b>Waarom deze fase:</b>") == len(expected)


def test_summary_shows_the_profile_not_an_overall_phase():
    html = html_of(example())
    # profiel of the example (score --json): per_fase 7 dimensions in phase 2, 3 in phase 3; grensgevallen 4
    # (tvb, professionals, leren, omgeving); indicatief 0
    assert (
        "Het profiel (geen fase voor het geheel): laagste fase 2 (Afstemmen); 7 van de 10 dimensies in fase 2, 3 in fase 3; "
        "4 grensgevallen tussen twee fasen."
    ) in html
    assert "staat gemiddeld in" not in html and "gemiddelde score over de dimensies" not in html


def test_profile_counts_borderline_and_indicative_dimensions():
    result = example().result
    profile = result.totaal.profiel.model_copy(
        update={"laagste_fase": 3, "laagste_fase_naam": "Samenwerken", "per_fase": {1: 0, 2: 1, 3: 9}, "grensgevallen": 2, "indicatief": 1}
    )
    dimensions = [d.model_copy(update={"fase": 2 if d.id == "tvb" else 3}) for d in result.dimensies]
    changed = result.model_copy(update={"totaal": result.totaal.model_copy(update={"profiel": profile}), "dimensies": dimensions})
    assert profile_text(changed) == (
        "laagste fase 3 (Samenwerken) van de dimensies die niet indicatief zijn; 1 van de 10 dimensies in fase 2, 9 in fase 3; "
        "2 grensgevallen tussen twee fasen, 1 indicatief (minder dan 5 respondenten)"
    )


def test_coverage_and_response_are_in_the_summary_and_the_appendix():
    assessment = example()
    html = html_of(assessment)
    assert "16 van de 24 uitgenodigden (67%)" in html
    assert "Meer respondenten dan uitgenodigden" not in html
    assert re.search(r"<td>GGZ Rivierland</td><td class=\"num\">1</td><td class=\"num\">4</td><td class=\"num\">25%</td>", html)
    assert "Niet gehoord" not in html

    result = assessment.result
    coverage = result.dekking.model_copy(update={"niet_gehoord": ["GGZ", "Reclassering"], "niveaus_ontbreken": ["strategisch"]})
    response = result.respons.model_copy(update={"uitgenodigd": 12, "percentage": 16 / 12})
    changed = dataclasses.replace(assessment, result=result.model_copy(update={"dekking": coverage, "respons": response}))
    html = html_of(changed)
    assert "Niet gehoord: GGZ, Reclassering." in html
    assert "Geen respondenten op niveau strategisch." in html
    assert "16 van de 12 uitgenodigden (133%)" in html
    assert "Meer respondenten dan uitgenodigden" in html


def test_method_appendix_states_the_rule_the_weighting_and_the_validation_status():
    html = html_of(example())
    text = text_of(html)
    assert "De bereikte fase is het hele getal onder de score" not in text
    assert "iedere respondent telt even zwaar" not in text.lower()  # the example weighs organisations
    assert "Een score van 2,7 betekent: fase 2 is bereikt" not in text
    assert "een dimensie bereikt fase k als minstens 75% van de (gewogen) antwoorden met een fase op fase k of hoger ligt" in text
    assert "Iedere partnerorganisatie telt even zwaar" in text
    assert "Met weging per respondent verschuift geen score meer dan 0,25." in text
    assert "De vragenlijst is opgebouwd uit literatuur en praktijk (zie de bronnen hieronder), maar is nog niet statistisch gevalideerd" in text
    assert "Himmelman, A.T. (2002)" in text and "LeBreton, J.M." in text
    assert "minder dan 5 respondenten is indicatief" in text
    # sturing in score --json: n 16, interval [2.16, 2.61], fase_zekerheid 1.0, rwg 0.88, AD 0.71, alfa 0.86;
    # weet_niet_aandeel and nvt_aandeel None (not every question's counts are shown), so "–"
    assert re.search(
        r"<td>Sturing en niveaus</td><td class=\"num\">16</td><td class=\"num\">2,2–2,6</td><td class=\"num\">100%</td><td class=\"num\">0,88</td><td class=\"num\">0,71</td><td class=\"num\">0,86</td><td class=\"num\">–</td><td class=\"num\">–</td>",
        html,
    )
    assert (
        "Geen α voor Ambitie en belangen, Informatiedeling, Professionals, Verbinding omgeving, Middelen, Resultaten en effect: samengestelde dimensie"
        in text
    )
    # item_nonrespons_per_niveau: strategisch weet niet 1/12 (3 people, = minimale_groep), nvt None
    assert re.search(r"<td>strategisch</td><td class=\"num\">8%</td><td class=\"num\">–</td>", html)


def test_method_appendix_with_the_mean_rule_and_respondent_weighting():
    assessment = example()
    result = assessment.result.model_copy(update={"fase_regel": "gemiddelde", "weging": "respondent"})
    text = text_of(html_of(dataclasses.replace(assessment, result=result)))
    assert "De fase volgt de regel ‘gemiddelde’: de score, zoals getoond met één decimaal, naar beneden afgerond." in text
    assert "Iedere respondent telt even zwaar" in text
    assert "Met weging per organisatie verschuift geen score" in text


def test_dimensions_where_the_weightings_differ_more_than_a_quarter_are_listed():
    changed = with_dimensions(
        example(), omgeving={"score_andere_weging": 1.64}, leren={"score_andere_weging": 2.41}, tvb={"score_andere_weging": 2.38}
    )
    # scores in score --json: omgeving 1.92, leren 2.16, tvb 2.12. omgeving 1.92 vs 1.64 (0.28) and tvb 2.12 vs
    # 2.38 (0.26) differ more than 0.25; leren 2.16 vs 2.41 exactly 0.25 does not
    expected = [
        "Taken en bevoegdheden (2,12; met weging per respondent 2,38)",
        "Verbinding omgeving (1,92; met weging per respondent 1,64)",
    ]
    assert weighting_differences(changed.result) == expected
    assert "verschuift de score meer dan 0,25 op: " + "; ".join(expected) in text_of(html_of(changed))


def test_patterns_name_borderline_dimensions_and_discussion_points_low_agreement():
    assessment = example()
    advice = assessment.advice
    assert advice.patronen and advice.gespreksonderwerpen
    patterns = [advice.patronen[0].model_copy(update={"grensgevallen": ["Verbinding omgeving"]}), *advice.patronen[1:]]
    points = [advice.gespreksonderwerpen[0].model_copy(update={"lage_overeenstemming": True}), *advice.gespreksonderwerpen[1:]]
    html = html_of(dataclasses.replace(assessment, advice=advice.model_copy(update={"patronen": patterns, "gespreksonderwerpen": points})))
    assert "de fase van Verbinding omgeving is een grensgeval" in html
    assert html.count("Lage overeenstemming op deze dimensie") == 1
    # in the example itself tvb (a borderline case, fase_zekerheid 0.59) is in the first pattern
    assert advice.patronen[0].grensgevallen == ["Taken en bevoegdheden"]
    assert "de fase van Taken en bevoegdheden is een grensgeval" in html_of(assessment)
    assert "Lage overeenstemming" not in html_of(assessment)
    no_borderline = [p.model_copy(update={"grensgevallen": []}) for p in advice.patronen]
    assert "de fase van" not in html_of(dataclasses.replace(assessment, advice=advice.model_copy(update={"patronen": no_borderline})))


def test_the_phase_ladder_draws_the_interval_and_frames_the_phase_reached():
    names = ["A", "B", "C", "D", "E"]
    plain = charts.phase_ladder(3.2, 4, names)
    svg = charts.phase_ladder(3.2, 4, names, interval=[2.9, 3.5], phase=2)
    # steps start at x = 10, 100 wide: 2.9 -> 300, 3.5 -> 360; the ladder runs from y = 30 to 48
    assert '<line x1="300.0" y1="39.0" x2="360.0" y2="39.0"' in svg
    assert '<line x1="300.0" y1="34.0" x2="300.0" y2="44.0"' in svg and '<line x1="360.0" y1="34.0" x2="360.0" y2="44.0"' in svg
    assert re.search(r"font-weight=\"bold\"[^>]*>2 B</text>.*>\(bereikt\)</text>", svg) and "(bereikt)" not in plain
    assert svg.count("<line") == plain.count("<line") + 3


def test_method_appendix_names_when_the_normal_approximation_takes_over():
    """The numbers come from core.uncertainty, so text and code cannot drift apart (it said 500 when the code said 200)."""
    from volwassenheid.core.uncertainty import ANALYTIC_FROM, MIN_STRATUM

    text = text_of(html_of(example()))
    assert (
        f"Vanaf {ANALYTIC_FROM} respondenten op een dimensie, met minstens {MIN_STRATUM} per organisatie, wordt een normale benadering gebruikt."
        in text
    )
    assert (ANALYTIC_FROM, MIN_STRATUM) == (200, 30)
