"""Names and input that reach a traject: one spelling per organisation across survey and traject,
Dutch refusals of bad API input, no traject inside another's private folders, and what `importeer` says."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from volwassenheid import Traject, UserError, import_survey, respondent_overview, start_interview
from volwassenheid.cli.main import cli

DATE = dt.date(2026, 10, 1)
HEADER = ["respondent", "organisatie", "niveau", "v1", "v2", "t1", "t2", "t3", "i1"]


def write_csv(path: Path, rows: list[list[object]]) -> Path:
    path.write_text("\n".join(",".join(map(str, row)) for row in [HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def files_in(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def organisations(folder: Path) -> dict[str, str]:
    return {i.code: i.organisatie for i in Traject.open(folder).interviews}


# --- 1. one spelling per organisation, against the traject ---------------------------------------


def test_an_import_takes_the_spelling_of_traject_yaml(make_engagement, tmp_path):
    folder = make_engagement([{"code": "R01", "organisatie": "Politie", "antwoorden": {"v1": 3}}])  # organisaties: Politie, Gemeente, OM
    export = write_csv(
        tmp_path / "e.csv",
        [
            ["a", "politie", "tactisch", 3, 3, 3, 3, 3, 3],
            ["b", "POLITIE", "tactisch", 4, 4, 4, 4, 4, 4],
            ["c", "gemeente", "tactisch", 2, 2, 2, 2, 2, 2],
            ["d", " Gemeente ", "tactisch", 2, 2, 2, 2, 2, 2],
        ],
    )
    result = import_survey(folder, export)
    assert organisations(folder) == {"R01": "Politie", "E01": "Politie", "E02": "Politie", "E03": "Gemeente", "E04": "Gemeente"}
    assert "organisatie 'politie' ook gespeld als 'POLITIE'; samengenomen als 'Politie', zoals het traject die al kent" in result.notes
    assert not any("samengenomen als 'politie'" in note for note in result.notes)
    score = Traject.open(folder).score_document()
    assert set(score["respons"]["per_organisatie"]) == {"Politie", "Gemeente"}


def test_an_organisation_known_only_from_an_interview_keeps_that_spelling_with_a_note(make_engagement, tmp_path):
    folder = make_engagement([{"code": "R01", "organisatie": "Reclassering NL", "antwoorden": {"v1": 3}}])
    export = write_csv(tmp_path / "e.csv", [["a", "reclassering  nl", "tactisch", 3, 3, 3, 3, 3, 3], ["b", "Nieuw", "tactisch", 3, 3, 3, 3, 3, 3]])
    result = import_survey(folder, export)
    assert organisations(folder) == {"R01": "Reclassering NL", "E01": "Reclassering NL", "E02": "Nieuw"}
    assert "organisatie 'reclassering  nl' geïmporteerd als 'Reclassering NL', zoals het traject die al kent" in result.notes
    assert not any("Nieuw" in note for note in result.notes)


def test_a_started_interview_takes_the_known_spelling_without_spaces(make_engagement):
    traject = Traject.open(make_engagement([{"code": "R01", "organisatie": "Reclassering", "antwoorden": {"v1": 3}}]))
    assert start_interview(traject, " politie ", "tactisch").organisatie == "Politie"
    assert start_interview(traject, "RECLASSERING", "tactisch").organisatie == "Reclassering"
    assert start_interview(traject, " Nieuw  Bureau ", "tactisch").organisatie == "Nieuw  Bureau"


# --- 2. bad input to the Python API: Dutch, nothing written ---------------------------------------


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ({"organisaties": "Politie"}, "organisaties: geef een lijst van namen, geen losse tekst (gegeven: 'Politie')"),
        ({"doelfase": {"tvb": "4"}}, "doelfase.tvb: moet een geheel getal zijn (gegeven: '4')"),
        ({"doelfase": [("tvb", 4)]}, "doelfase: geef een dict van dimensie naar fase"),
        ({"samenwerkingsverband": ""}, "samenwerkingsverband: mag niet leeg zijn"),
        ({"samenwerkingsverband": "ZVH\x1b[2J"}, "samenwerkingsverband: bevat een onzichtbaar stuurteken (\\x1b)"),
        ({"organisaties": ["Politie", "  "]}, "organisaties[1]: mag niet leeg zijn"),
        ({"organisaties": ["Politie", 3]}, "organisaties[1]: moet tekst zijn"),
        ({"doelfase": {"onbekend": 3}}, "doelfase.onbekend: onbekende dimensie"),
    ],
)
def test_bad_input_to_create_is_a_dutch_user_error_and_writes_nothing(tmp_path, mini_set_path, given, expected):
    folder = tmp_path / "ta1"
    arguments = {"samenwerkingsverband": "ZVH", "datum": DATE, "question_set": mini_set_path, **given}
    with pytest.raises(UserError) as error:
        Traject.create(folder, **arguments)
    message = str(error.value)
    assert expected in message
    assert "pydantic" not in message and "traject.yaml" not in message and "\x1b" not in message
    assert not folder.exists()


def test_organisations_given_to_create_are_kept_once_without_spaces(tmp_path, mini_set_path):
    traject = Traject.create(
        tmp_path / "t", samenwerkingsverband="ZVH", datum=DATE, question_set=mini_set_path, organisaties=[" Politie ", "politie", "OM"]
    )
    assert traject.engagement.organisaties == ["Politie", "OM"]
    assert Traject.open(tmp_path / "t").engagement.organisaties == ["Politie", "OM"]


@pytest.mark.parametrize(
    ("organisation", "level", "role", "expected"),
    [
        ("", "tactisch", None, "organisatie: mag niet leeg zijn"),
        ("  ", "tactisch", None, "organisatie: mag niet leeg zijn"),
        ("Politie", "hoog", None, "niveau: moet een van deze waarden zijn: 'strategisch', 'tactisch' of 'operationeel' (gegeven: 'hoog')"),
        ("Poli\x1btie", "tactisch", None, "organisatie: bevat een onzichtbaar stuurteken (\\x1b)"),
        ("Politie", "tactisch", "chef\x1b]8;;", "rol: bevat een onzichtbaar stuurteken (\\x1b)"),
    ],
)
def test_bad_input_to_start_interview_is_a_dutch_user_error_before_a_code_is_claimed(make_engagement, organisation, level, role, expected):
    folder = make_engagement([])
    before = files_in(folder)
    with pytest.raises(UserError) as error:
        start_interview(Traject.open(folder), organisation, level, rol=role, naam="Jan")
    assert expected in str(error.value) and "pydantic" not in str(error.value)
    assert files_in(folder) == before


# --- 3. no traject inside another traject's interviews/ or vertrouwelijk/ -----------------------


@pytest.mark.parametrize("inside", ["interviews", "interviews/sub", "vertrouwelijk", "vertrouwelijk/a/b"])
def test_nieuw_refuses_a_folder_in_another_trajects_private_folders(make_engagement, inside):
    folder = make_engagement([{"code": "R01", "antwoorden": {"v1": 3}}])
    (folder / "vertrouwelijk").mkdir()
    before = files_in(folder)
    target = folder / inside
    result = CliRunner().invoke(cli, ["nieuw", str(target), "--niet-interactief", "--samenwerkingsverband", "X"])
    assert result.exit_code == 1, result.output
    assert f"ligt in de map {inside.split('/')[0]}/ van het traject in '{folder}'" in result.output
    assert files_in(folder) == before
    assert len(Traject.open(folder).interviews) == 1
    with pytest.raises(UserError, match="daar horen alleen de bestanden van dat traject"):
        Traject.create(target, samenwerkingsverband="X", datum=DATE)


def test_a_folder_named_interviews_outside_a_traject_may_hold_a_new_traject(tmp_path):
    result = CliRunner().invoke(cli, ["nieuw", str(tmp_path / "interviews"), "--niet-interactief", "--samenwerkingsverband", "X"])
    assert result.exit_code == 0, result.output
    assert Traject.open(tmp_path / "interviews").engagement.samenwerkingsverband == "X"


# --- 4. what importeer says ---------------------------------------------------------------------


def test_importeer_names_a_single_code_once_and_lists_rows_that_do_not_count(make_engagement, tmp_path):
    folder = make_engagement([])
    one = write_csv(tmp_path / "een.csv", [["a", "OM", "tactisch", 3, 3, 3, 3, 3, 3]])
    printed = CliRunner().invoke(cli, ["importeer", str(folder), str(one)], env={"COLUMNS": "300"})
    assert printed.exit_code == 0, printed.output
    assert f"1 respondent toegevoegd aan {folder}: E01." in printed.output and "t/m" not in printed.output
    assert "niet mee" not in printed.output

    more = write_csv(
        tmp_path / "meer.csv",
        [
            ["b", "OM", "tactisch", "wn", "nvt", "", "", "", ""],
            ["c", "OM", "tactisch", 3, 3, 3, 3, 3, 3],
            ["d", "OM", "tactisch", "", "", "", "", "", ""],
            ["e", "OM", "tactisch", "", "", 3, "", "", ""],  # 1 of 3 tvb questions,
        ],
    )
    printed = CliRunner().invoke(cli, ["importeer", str(folder), str(more)], env={"COLUMNS": "300"})
    assert printed.exit_code == 0, printed.output
    assert "4 respondenten toegevoegd" in printed.output and "E02 t/m E05" in printed.output
    assert "Let op: E02, E04 tellen niet mee: geen enkele vraag met een fase beantwoord (alleen weet niet, n.v.t. of leeg)." in printed.output
    assert "Let op: E05 telt niet mee: te weinig vragen beantwoord (minder dan " in printed.output
    counted = {line.code for line in respondent_overview(Traject.open(folder)) if line.counts}
    assert counted == {"E01", "E03"}
    assert json.loads((folder / "interviews" / "E05.json").read_text(encoding="utf-8"))["bron"] == "enquete"
