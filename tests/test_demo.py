"""`volwassenheid demo` and the bundled example traject."""

from __future__ import annotations

import json
import os

from click.testing import CliRunner

from volwassenheid.cli import click_dutch
from volwassenheid.cli.main import cli
from volwassenheid.engagement_store import load_engagement
from volwassenheid.resources import data_dir
from volwassenheid.scoring import score_interviews

click_dutch.install()
EXAMPLE = data_dir("voorbeelden") / "zorg-en-veiligheidshuis"


def run(*args):
    return CliRunner().invoke(cli, list(map(str, args)), prog_name="volwassenheid")


def test_demo_copies_scores_and_summarises(tmp_path):
    folder = tmp_path / "demo"
    result = run("demo", "--map", folder)
    assert result.exit_code == 0, result.output
    assert "Voorbeeldtraject gekopieerd" in result.output
    assert "Zorg- en Veiligheidshuis Waalmonde" in result.output
    assert "16 respondenten" in result.output
    assert "Totaal" in result.output
    assert len(list((folder / "interviews").glob("*.json"))) == 16
    assert f"Adviesrapport: {folder / 'rapport.pdf'}" in result.output
    assert (folder / "rapport.pdf").read_bytes().startswith(b"%PDF")


def test_demo_in_default_folder_and_again_without_overwriting(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    first = run("demo")
    assert first.exit_code == 0, first.output
    interview = tmp_path / "volwassenheid-demo" / "interviews" / "R01.json"
    text = interview.read_text(encoding="utf-8")
    interview.write_text(text.replace('"rol": "districtschef"', '"rol": "eigen aanpassing"'), encoding="utf-8")
    second = run("demo")
    assert second.exit_code == 0, second.output
    assert "Bestaand traject in volwassenheid-demo gebruikt" in second.output
    assert "eigen aanpassing" in interview.read_text(encoding="utf-8")


def test_demo_refuses_a_folder_that_is_not_a_traject(tmp_path):
    (tmp_path / "notities.txt").write_text("van mij", encoding="utf-8")
    result = run("demo", "--map", tmp_path)
    assert result.exit_code == 1
    assert "bestaat al en is geen traject" in result.output
    assert os.listdir(tmp_path) == ["notities.txt"]


def test_example_is_a_plausible_engagement():
    loaded = load_engagement(EXAMPLE)
    interviews = loaded.interviews
    assert len(interviews) >= 12
    assert {i.niveau for i in interviews} == {"strategisch", "tactisch", "operationeel"}
    assert len({i.organisatie for i in interviews}) >= 5
    assert set(loaded.engagement.ambitie) == {d.id for d in loaded.question_set.dimensies}
    remarks = [a.toelichting for i in interviews for a in i.antwoorden.values() if a.toelichting]
    assert len(remarks) >= 20
    assert [i.code for i in interviews if not i.afgerond] == ["R13"]
    result = score_interviews(loaded.question_set, loaded.engagement, interviews)
    scores = {d.id: d.score for d in result.dimensies}
    # The seed-001 picture: trust well above tasks and authorities.
    assert scores["vertrouwen"] - scores["tvb"] >= 1.0
    assert all(d.n >= 12 for d in result.dimensies)


def test_example_files_hold_no_names():
    for path in (EXAMPLE / "interviews").glob("*.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        assert "naam" not in data and "name" not in data
