"""Partnerships and dimensions with fewer respondents than `minimale_groep` (3): no per-question
scores, spread, lowest, highest or quotes in any output, and every output says why."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from click.testing import CliRunner

from volwassenheid.cli import click_dutch
from volwassenheid.cli.main import cli

click_dutch.install()
ANSWERS = {"v1": 4, "v2": 5, "t1": 2, "t2": 3, "t3": 1, "i1": 3}
QUOTE = "Alleen ik weet hoe het hier echt gaat"
COVER_LINE = "Antwoorden van individuele respondenten zijn niet te herleiden"
TOO_FEW = "te weinig respondenten"


def run(*args):
    return CliRunner().invoke(cli, list(map(str, args)), prog_name="volwassenheid")


def with_quote(folder, code, question):
    path = folder / "interviews" / f"{code}.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["antwoorden"][question]["toelichting"] = QUOTE
    path.write_text(json.dumps(data), encoding="utf-8")


def traject(make_engagement, count, answers=ANSWERS):
    interviews = [
        {"code": f"R0{i}", "organisatie": "Politie", "niveau": "tactisch", "antwoorden": {**answers, "v1": 3 + i % 2}} for i in range(1, count + 1)
    ]
    folder = make_engagement(interviews, name=f"traject{count}")
    with_quote(folder, "R01", "v1")
    return folder


@pytest.mark.parametrize("count", [1, 2])
def test_score_json_of_a_small_partnership_shows_no_individual(make_engagement, count):
    data = json.loads(run("score", traject(make_engagement, count), "--json").output)
    assert data["te_weinig_respondenten"] is True and TOO_FEW in data["waarschuwing"].lower()
    for d in data["dimensies"]:
        assert (d["sd"], d["vragen"]) == (None, [])
        assert not {"min", "max"} & set(d)  # never published: each is one person's score
        assert d["te_weinig_respondenten"] and TOO_FEW in d["waarschuwing"].lower()
        assert d["per_organisatie"] == d["per_niveau"] == []  # no names, no n below the threshold


@pytest.mark.parametrize("count", [1, 2])
def test_score_and_advies_in_the_terminal_say_too_few(make_engagement, count):
    folder = traject(make_engagement, count)
    for command in ("score", "advies"):
        result = run(command, folder)
        assert result.exit_code == 0, result.output
        assert TOO_FEW in " ".join(result.output.lower().split()), command


@pytest.mark.parametrize("count", [1, 2])
def test_advies_json_of_a_small_partnership(make_engagement, count):
    data = json.loads(run("advies", traject(make_engagement, count), "--json").output)
    assert data["te_weinig_respondenten"] is True and TOO_FEW in data["waarschuwing"].lower()
    assert data["knelpunten"] == [] and data["gespreksonderwerpen"] == []
    assert all(TOO_FEW in gap["waarschuwing"].lower() for gap in data["kloven"])
    assert QUOTE not in json.dumps(data)


@pytest.mark.parametrize("count", [1, 2])
def test_report_of_a_small_partnership(make_engagement, tmp_path, count):
    html = tmp_path / f"r{count}.html"
    result = run("rapport", traject(make_engagement, count), "--html", html)
    assert result.exit_code == 0, result.output
    source = " ".join(html.read_text(encoding="utf-8").split())
    assert COVER_LINE not in source
    assert "gebaseerd op te weinig respondenten" in source.lower()
    assert QUOTE not in source
    assert not re.search(r"laagste \d", source) and "Waar het vastzit" not in source


def test_report_of_a_large_enough_partnership_keeps_the_cover_line_and_quotes(make_engagement, tmp_path):
    html = tmp_path / "r3.html"
    assert run("rapport", traject(make_engagement, 3), "--html", html).exit_code == 0
    source = " ".join(html.read_text(encoding="utf-8").split())
    assert COVER_LINE in source and QUOTE in source and re.search(r"95%-interval \d,\d–\d,\d", source)
    assert not re.search(r"(laagste|hoogste) \d", source)  # each would be one person's score
    # n = 3 is below minimale_n: the step advice may call the dimension indicative, but no small-group warning
    assert TOO_FEW not in source.lower().replace("drempel", "").replace(
        "indicatief: gebaseerd op te weinig respondenten om er stevig op te bouwen", ""
    )


def test_one_dimension_with_too_few_scores(make_engagement, tmp_path):
    """Three respondents, but only two answered i1 (informatie): that dimension shows
    its mean with a warning, and nothing per question, no spread and no quotes."""
    folder = traject(make_engagement, 3)
    path = folder / "interviews" / "R03.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["antwoorden"]["i1"]["waarde"] = "weet_niet"
    path.write_text(json.dumps(data), encoding="utf-8")
    with_quote(folder, "R02", "i1")

    scores = {d["id"]: d for d in json.loads(run("score", folder, "--json").output)["dimensies"]}
    informatie = scores["informatie"]
    assert informatie["n"] == 2 and informatie["score"] == 3.0
    assert informatie["sd"] is None and not {"min", "max"} & set(informatie)
    assert informatie["per_organisatie"] == informatie["per_niveau"] == []
    assert [q["score"] for q in informatie["vragen"]] == [None]
    assert TOO_FEW in informatie["waarschuwing"].lower()
    assert scores["vertrouwen"]["waarschuwing"] is None and scores["vertrouwen"]["sd"] is not None

    html = tmp_path / "r.html"
    assert run("rapport", folder, "--html", html).exit_code == 0
    source = " ".join(html.read_text(encoding="utf-8").split())
    assert COVER_LINE not in source  # one dimension's score is two people's
    assert source.count(QUOTE) == 1  # the quote on vertrouwen (n = 3) stays, the one on informatie goes


def test_batch_outputs_of_a_small_partnership(tmp_path, mini_set_path):
    header = ["respondent", "organisatie", "niveau", "samenwerkingsverband", *ANSWERS]
    rows = [[f"r{i}", "Politie", "tactisch", "Klein", *ANSWERS.values()] for i in range(2)]
    rows += [[f"g{i}", "OM", "tactisch", "Groot", *ANSWERS.values()] for i in range(3)]
    export = tmp_path / "export.csv"
    export.write_text("\n".join(";".join(map(str, row)) for row in [header, *rows]) + "\n", encoding="utf-8")
    out = tmp_path / "uit"
    result = run("batch", export, "-o", out, "--vragenlijst", mini_set_path)
    assert result.exit_code == 0, result.output
    assert "Let op, Klein: gebaseerd op te weinig respondenten (alle uitkomsten)" in " ".join(result.output.split())
    assert "Let op, Groot" not in result.output
    small = json.loads((out / "klein" / "scores.json").read_text(encoding="utf-8"))
    assert small["te_weinig_respondenten"] is True
    assert all((d["sd"], d["vragen"], d["per_organisatie"], d["per_niveau"]) == (None, [], [], []) for d in small["dimensies"])
    assert "Politie" not in json.dumps(small["dimensies"])  # no "Politie n=2 onderdrukt"
    advice = json.loads((out / "klein" / "advies.json").read_text(encoding="utf-8"))
    assert TOO_FEW in advice["waarschuwing"].lower() and advice["knelpunten"] == []
    summary = list(csv.DictReader(io.StringIO((out / "samenvatting.csv").read_text(encoding="utf-8-sig")), delimiter=";"))
    for row in summary:
        if row["samenwerkingsverband"] == "Klein":
            assert row["sd"] == "" and TOO_FEW in row["opmerking"].lower()
        else:
            assert row["opmerking"] == ""
