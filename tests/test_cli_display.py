"""What `score`, `advies`, `batch` and the interview's closing table show of method 2.0 in the terminal:
intervals, borderline phases, flags, the profile, coverage, response and the phase rule in words."""

from __future__ import annotations

import io
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from click.testing import CliRunner

from volwassenheid.cli import click_dutch
from volwassenheid.cli.main import cli
from volwassenheid.core import dutch

click_dutch.install()
EXAMPLE = Path(__file__).parent / "fixtures" / "traject-1.0"  # the example of set 1.0, kept as an old traject
INVITED = "uitgenodigd:\n  Politie: 10\n  Gemeente: 4\n  OM: 3\n"


def run(*args, width=80):
    return CliRunner().invoke(cli, list(map(str, args)), prog_name="volwassenheid", env={"COLUMNS": str(width)})


def split_traject(make_engagement, extra=INVITED, name="traject", ambition=None):
    """Eight operational Politie respondents.
    vertrouwen: half answer 2, half 3 -> score 2,5, phase 2.
    tvb: five answer 5, three answer 2 -> score 3,875 (3,9), but only 62,5% at phase 3 or higher: phase 2.
    informatie: five answer 4, three 3 -> score 3,625, phase 3, a borderline case with phase 4."""
    people = []
    for i in range(8):
        trust = 2 if i % 2 else 3
        tasks = 5 if i < 5 else 2
        people.append({"code": f"R{i:02d}", "antwoorden": {"v1": trust, "v2": trust, "t1": tasks, "t2": tasks, "t3": tasks, "i1": 4 if i < 5 else 3}})
    return make_engagement(people, ambition=ambition, extra=extra, name=name)


def test_borderline_phase_is_shown_as_such_in_score_and_advies(make_engagement):
    folder = split_traject(make_engagement)
    score = run("score", folder)
    assert score.exit_code == 0, score.output
    assert re.search(r"Informatiedeling\s+3,6\s+\d,\d–\d,\d\s+grensgeval 3/4\s", score.output), score.output
    flat = " ".join(score.output.split())
    assert re.search(r"Informatiedeling: grensgeval 3/4: fase 3 in \d+% van de trekkingen, anders meestal fase 4\.", flat), flat
    assert "; 2 grensgevallen" in flat
    higher = split_traject(make_engagement, name="hoger", ambition={"vertrouwen": 4, "tvb": 4, "informatie": 4})
    advice = run("advies", higher)
    assert advice.exit_code == 0, advice.output
    assert re.search(r"Informatiedeling\s+3,6\s+grensgeval 3/4\s", advice.output), advice.output
    # the step advice on tvb (a borderline case too; informatie has no step advice in the mini set) says so
    assert re.search(r"Let op: grensgeval fase 2/\d: de fase is onzeker", " ".join(advice.output.split()), re.IGNORECASE), advice.output


def test_phase_below_the_scores_whole_number_is_explained(make_engagement):
    output = run("score", split_traject(make_engagement)).output
    flat = " ".join(output.split())
    assert "Taken en bevoegdheden: score 3,9, maar 62% van de antwoorden op fase 3 of hoger (drempel 75%): fase 2." in flat
    assert "Vertrouwen en relaties: score" not in flat  # 2,5 next to phase 2 needs no explanation in `score`
    advice = " ".join(run("advies", split_traject(make_engagement, name="b")).output.split())
    # advies also explains a score half a phase or more above its phase
    assert "Vertrouwen en relaties: score 2,5, maar 50% van de antwoorden op fase 3 of hoger (drempel 75%): fase 2." in advice
    assert "Informatiedeling: score 3,6, maar 62% van de antwoorden op fase 4 of hoger (drempel 75%): fase 3." in advice


def test_profile_method_and_footer_describe_the_new_rule(make_engagement):
    output = " ".join(run("score", split_traject(make_engagement)).output.split())
    assert "Profiel: laagste fase 2 (Afstemmen); 2 dimensies in fase 2, 1 in fase 3; 2 grensgevallen" in output
    assert (
        "Fase-regel: drempel 75% (een fase telt als bereikt als ten minste 75% van de gewogen antwoorden op die fase of "
        "hoger ligt); weging: elke organisatie even zwaar; interval: bootstrap, 2000 trekkingen." in output
    )
    assert "Fase = de hoogste fase die de drempel haalt" in output
    assert "het hele getal onder de score" not in output


def test_mean_rule_is_named_and_needs_no_explanation(make_engagement):
    extra = INVITED + "instellingen:\n  fase_regel: gemiddelde\n  weging: respondent\n"
    output = " ".join(run("score", split_traject(make_engagement, extra=extra)).output.split())
    assert "Fase-regel: gemiddelde (de fase is het hele getal onder de score zoals getoond); weging: elke respondent even zwaar" in output
    assert "Fase = het hele getal onder de score zoals getoond." in output
    assert "maar 62%" not in output


def test_coverage_and_response_rate(make_engagement):
    output = " ".join(run("score", split_traject(make_engagement)).output.split())
    assert "Niet gehoord: Gemeente, OM." in output
    assert "Geen respondenten op niveau: strategisch, tactisch." in output
    assert re.search(r"Respons: 8 van \d+ uitgenodigden \(\d+%\)\.", output), output
    assert "goed getypt" not in output


def test_more_respondents_than_invited_is_a_warning(make_engagement):
    extra = "uitgenodigd:\n  Politie: 6\n"
    output = " ".join(run("score", split_traject(make_engagement, extra=extra)).output.split())
    assert "Respons:" not in output  # the total is unknown: Gemeente and OM have no count
    assert "Let op, Politie: 8 respondenten en 6 uitgenodigd (133%); is het aantal uitgenodigden in traject.yaml goed getypt?" in output


def test_fewer_than_minimale_n_is_flagged_indicative(make_engagement):
    people = [
        {"code": f"R{i}", "organisatie": org, "antwoorden": {"v1": 3, "v2": 3, "t1": 2, "t2": 2, "i1": 3}}
        for i, org in enumerate(["Politie", "OM", "Gemeente", "OM"])
    ]
    output = run("score", make_engagement(people)).output
    assert re.search(r"Vertrouwen en\s+3,0 .*\n\s*relaties\s*\n\s*indicatief\s", output), output
    assert "Vlaggen: indicatief = minder dan 5 respondenten (minimale n)" in " ".join(output.split())
    assert "4 indicatief" not in output and "3 indicatief" in output  # the profile counts the dimensions
    advice = run("advies", make_engagement(people, name="b")).output
    assert "indicatief" in advice.split("Kloof tot de doelfase")[1].split("Vlaggen")[0]


def test_example_score_fits_80_columns_without_splitting_a_number():
    for command in (("score",), ("advies",), ("advies", "--uitgebreid")):
        output = run(*command, EXAMPLE).output
        lines = output.splitlines()
        assert all(len(line) <= 80 for line in lines), command
        assert "…" not in output
        for line, after in zip(lines, lines[1:], strict=False):
            assert not (re.search(r"\d[,–]$", line.rstrip()) or re.match(r"\s*[,–%]\d?", after)), (command, line, after)
    wide = run("score", EXAMPLE, width=100).output
    assert re.search(r"Vertrouwen en relaties\s+3,7\s+3,5–3,8\s+3 Samenwerken\s+4\s+0,3\s+16\s+0,5", wide)
    narrow = " ".join(run("score", EXAMPLE).output.split())
    assert "Spreiding (sd) per dimensie: Ambitie en belangen 0,6; Vertrouwen en relaties 0,5;" in narrow


def test_advies_on_the_example_explains_and_details():
    brief = " ".join(run("advies", EXAMPLE).output.split())
    assert "Vertrouwen en relaties: score 3,7, maar 54% van de antwoorden op fase 4 of hoger (drempel 75%): fase 3." in brief
    assert "Respons: 16 van 24 uitgenodigden (67%)." in brief
    assert "rwg" not in brief
    detailed = " ".join(run("advies", EXAMPLE, "--uitgebreid").output.split())
    assert "Vertrouwen en relaties: α 0,46; vragen die weinig samenhangen met de rest (item-rest onder 0,30): ver2 (0,08), ver4 (0,06)" in detailed
    assert "Ambitie en belangen: α: samengestelde dimensie" in detailed
    assert "Weet niet per niveau: strategisch 8%" in detailed
    assert "Ambitie en belangen: score 3,2, fase 3: 88% van de antwoorden op fase 3 of hoger, 25% op fase 4 of hoger (drempel 75%)." in detailed


def test_advies_marks_borderline_patterns_and_low_agreement():
    from rich.console import Console

    from volwassenheid.app.traject import Traject
    from volwassenheid.cli import advies

    traject = Traject.open(EXAMPLE)
    report = traject.advise()
    report = report.model_copy(
        update={
            "patronen": [report.patronen[0].model_copy(update={"grensgevallen": ["Omgeving"]})],
            "gespreksonderwerpen": [report.gespreksonderwerpen[0].model_copy(update={"lage_overeenstemming": True})],
        }
    )
    buffer = io.StringIO()
    original = advies.console
    advies.console = lambda: Console(file=buffer, width=80)
    try:
        advies._print_report(traject.engagement, traject.score(), report, False)
    finally:
        advies.console = original
    flat = " ".join(buffer.getvalue().split())
    assert "Grensgeval bij Omgeving: de fase is daar onzeker" in flat
    assert "lage overeenstemming: de groepen zien dit stelselmatig anders" in flat
    assert flat.count("lage overeenstemming") == 1


def test_batch_overview_shows_the_lowest_phase_and_cautions(tmp_path, mini_set_path):
    rows = [["r1", "Politie", "tactisch", "Noord", 3, 3, 4], ["r2", "OM", "tactisch", "Noord", 4, 4, 4], ["r3", "OM", "tactisch", "Noord", 3, 4, 2]]
    rows.append(["r4", "OM", "tactisch", "Zuid", 2, 2, 2])
    export = tmp_path / "e.csv"
    export.write_text(
        "respondent;organisatie;niveau;samenwerkingsverband;v1;v2;t1\n" + "\n".join(";".join(map(str, r)) for r in rows) + "\n", encoding="utf-8"
    )
    result = run("batch", export, "-o", tmp_path / "uit", "--vragenlijst", mini_set_path)
    assert result.exit_code == 0, result.output
    assert "Laagste fase" in result.output
    assert re.search(r"Noord\s+3\s+3,5\s+3 Samenwerken\s+geen doelfase", result.output), result.output
    flat = " ".join(result.output.split())
    assert "laagste fase over de dimensies" in flat
    assert "Noord: 1 dimensie is indicatief (zie samenvatting.csv)." in flat
    assert "Let op, Zuid: gebaseerd op te weinig respondenten" in flat and "Zuid: 1 dimensie" not in flat


def test_interview_closing_table_names_the_phase_rule(mini_set):
    from rich.console import Console

    from volwassenheid.cli.interview import _show_respondent_scores
    from volwassenheid.core.models import Answer, Engagement, Interview, QuestionSetRef

    engagement = Engagement(samenwerkingsverband="X", datum="2026-10-01", vragenlijst=QuestionSetRef(id="mini", versie="0.1"))
    interview = Interview(
        code="R01",
        organisatie="Politie",
        niveau="tactisch",
        vragenlijst=QuestionSetRef(id="mini", versie="0.1"),
        antwoorden={"v1": Answer(waarde=2), "v2": Answer(waarde=5)},
    )
    out = Console(file=io.StringIO(), width=100)
    _show_respondent_scores(out, SimpleNamespace(question_set=mini_set, engagement=engagement), interview)
    printed = " ".join(out.file.getvalue().split())
    assert re.search(r"Vertrouwen en relaties\W+3,5\W+2 Afstemmen", printed), printed  # score 3,5; 50% at 3 or higher: phase 2
    assert "ten minste 75% van de antwoorden van deze respondent ligt (de fase-regel van het traject)" in printed


@pytest.mark.parametrize(
    ("share", "threshold", "expected"),
    [
        (0.65, 0.75, ("65%", "75%")),
        (0.746, 0.75, ("74,6%", "75,0%")),
        (0.75, 0.75, ("75%", "75%")),
        (0.2049, 0.2, ("20,5%", "20,0%")),
        (0.7496, 0.75, ("74,96%", "75,00%")),
    ],
)
def test_shares_apart_keep_their_order(share, threshold, expected):
    assert dutch.shares_apart(share, threshold) == expected


def test_phase_cell_and_interval():
    assert dutch.phase_cell(2, "Afstemmen") == "2 Afstemmen"
    assert dutch.phase_cell(3, "Samenwerken", 2) == dutch.phase_cell(2, "Afstemmen", 3) == "grensgeval 2/3"
    assert dutch.phase_cell(None, None, 2) == "–"
    assert dutch.interval([2.94, 3.36]) == "2,9–3,4"
    assert dutch.interval(None) == "–"
