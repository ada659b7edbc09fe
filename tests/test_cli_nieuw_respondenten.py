"""`nieuw` by options, `respondenten`, and `interview` outside a terminal (CliRunner)."""

from __future__ import annotations

import json

import yaml
from click.testing import CliRunner

from volwassenheid.cli import click_dutch
from volwassenheid.cli.main import cli
from volwassenheid.storage.respondents import next_code, save_name
from volwassenheid.storage.traject_folder import load_engagement

click_dutch.install()


def run(*args, input=None):
    return CliRunner().invoke(cli, list(map(str, args)), prog_name="volwassenheid", input=input)


FULL = [
    "--samenwerkingsverband",
    "Zorg- en Veiligheidshuis Testmond",
    "--opdrachtgever",
    "Stuurgroep Testmond",
    "--adviseur",
    "A. Adviseur",
    "--datum",
    "12-10-2026",
    "--meting",
    "1-meting",
    "--organisatie",
    "Politie",
    "--organisatie",
    "OM",
    "--organisatie",
    "Politie",
    "--doelfase",
    "rollen=4",
    "--ambitie",  # the old name of the option still works
    "relaties=3",
]


def test_nieuw_with_options_writes_a_loadable_traject(tmp_path):
    folder = tmp_path / "testmond"
    result = run("nieuw", folder, *FULL)
    assert result.exit_code == 0, result.output
    assert "Traject aangemaakt" in result.output and f"volwassenheid interview {folder}" in result.output
    raw = yaml.safe_load((folder / "traject.yaml").read_text(encoding="utf-8"))
    assert raw["datum"].isoformat() == "2026-10-12"
    assert raw["vragenlijst"] == {"id": "samenwerking", "versie": "2.0"}  # the newest version
    assert raw["organisaties"] == ["Politie", "OM"]
    assert raw["doelfase"] == {"relaties": 3, "rollen": 4}  # in the set's dimension order
    assert "ambitie" not in raw and "modules" not in raw
    assert (folder / "interviews").is_dir()
    loaded = load_engagement(folder)
    assert (loaded.engagement.meting, loaded.engagement.opdrachtgever) == ("1-meting", "Stuurgroep Testmond")
    assert "Nog geen doelfase voor: Doel en belangen" in result.output


def test_nieuw_refuses_to_overwrite(tmp_path):
    folder = tmp_path / "t"
    assert run("nieuw", folder, *FULL).exit_code == 0
    before = (folder / "traject.yaml").read_bytes()
    result = run("nieuw", folder, "--samenwerkingsverband", "Iets anders")
    assert result.exit_code == 1 and "er is niets overschreven" in result.output
    assert (folder / "traject.yaml").read_bytes() == before


def test_nieuw_bad_ambition_lists_all_problems_and_writes_nothing(tmp_path):
    folder = tmp_path / "t"
    result = run("nieuw", folder, "--samenwerkingsverband", "X", "--doelfase", "sfeer=3", "--doelfase", "rollen=6", "--doelfase", "rollen")
    assert result.exit_code == 1
    assert "'sfeer=3': onbekende dimensie 'sfeer'" in result.output
    assert "'rollen=6': fase moet een geheel getal van 1 t/m 5 zijn" in result.output
    assert "'rollen': schrijf DIMENSIE=FASE" in result.output
    assert not folder.exists()


def test_nieuw_without_terminal_needs_the_partnership(tmp_path):
    result = run("nieuw", tmp_path / "t")
    assert result.exit_code == 1 and "--samenwerkingsverband" in result.output


def test_nieuw_with_own_question_set_stores_a_relative_path(tmp_path, mini_set_path):
    own = tmp_path / "sets" / "mini.yaml"
    own.parent.mkdir()
    own.write_text(mini_set_path.read_text(encoding="utf-8"), encoding="utf-8")
    folder = tmp_path / "t"
    result = run("nieuw", folder, "--samenwerkingsverband", "X", "--vragenlijst", own, "--ambitie", "tvb=2")
    assert result.exit_code == 0, result.output
    raw = yaml.safe_load((folder / "traject.yaml").read_text(encoding="utf-8"))
    # A set from outside is copied in, so the traject carries its own set (reproducible, mergeable).
    assert raw["vragenlijst"] == {"id": "mini", "versie": "0.1", "pad": "mini.yaml"}
    assert (folder / "mini.yaml").read_bytes() == own.read_bytes()
    own.unlink()
    assert load_engagement(folder).question_set.id == "mini"


def test_interview_outside_a_terminal_points_to_batch(make_engagement):
    folder = make_engagement([])
    result = run("interview", folder, input="3\n")
    assert result.exit_code == 1
    assert "vraagt een terminal" in result.output and "importeer" in result.output
    assert "Traceback" not in result.output
    assert list((folder / "interviews").iterdir()) == []


def test_respondenten_lists_codes_progress_and_never_names(make_engagement):
    folder = make_engagement(
        [
            {"code": "R01", "organisatie": "OM", "niveau": "tactisch", "antwoorden": {"v1": 3, "v2": 4, "t1": "nvt"}},
            {"code": "R02", "organisatie": "Politie", "niveau": "strategisch", "antwoorden": {q: 3 for q in ["v1", "v2", "t1", "t2", "t3", "i1"]}},
        ]
    )
    data = json.loads((folder / "interviews" / "R01.json").read_text(encoding="utf-8"))
    data["afgerond"] = False
    (folder / "interviews" / "R01.json").write_text(json.dumps(data), encoding="utf-8")
    save_name(folder, "R01", "Pieter Geheim")
    result = run("respondenten", folder)
    assert result.exit_code == 0, result.output
    assert "R01" in result.output and "onvolledig" in result.output and "3/6" in result.output
    assert "R02" in result.output and "afgerond" in result.output and "6/6" in result.output
    assert "2 respondenten, 1 afgerond." in result.output
    assert "Pieter" not in result.output and "Geheim" not in result.output


def test_respondenten_counts_one_respondent_in_the_singular(make_engagement):
    folder = make_engagement([{"code": "R01", "antwoorden": {q: 3 for q in ["v1", "v2", "t1", "t2", "t3", "i1"]}}])
    result = run("respondenten", folder)
    assert result.exit_code == 0, result.output
    assert "1 respondent, 1 afgerond." in result.output


def test_respondenten_lives_in_its_own_module():
    from volwassenheid.cli import interview, respondenten
    from volwassenheid.cli.main import cli

    assert cli.get_command(None, "respondenten") is respondenten.respondenten
    assert not hasattr(interview, "respondenten")


def test_scores_never_read_the_names(make_engagement):
    folder = make_engagement([{"code": "R01", "antwoorden": {"v1": 3}}])
    save_name(folder, "R01", "Pieter Geheim")
    output = run("score", folder, "--json").output
    assert "Pieter" not in output


def test_next_code_counts_interviews_and_names(tmp_path):
    (tmp_path / "interviews").mkdir()
    assert next_code(tmp_path) == "R01"
    (tmp_path / "interviews" / "R07.json").write_text("{}", encoding="utf-8")
    save_name(tmp_path, "R09", "x")
    assert next_code(tmp_path) == "R10"
    assert next_code(tmp_path, "A") == "A01"
