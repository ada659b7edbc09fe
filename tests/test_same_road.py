"""Survey rows and interviews take the same road: who counts, how organisations are spelled.

`batch` scores survey rows directly; `importeer` turns the same rows into interviews of a
traject, which `score --json` and `advies --json` read. Both must give the same documents.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from click.testing import CliRunner
from conftest import write_engagement_folder
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from volwassenheid.cli import click_dutch
from volwassenheid.cli.main import cli
from volwassenheid.core.models import name_key
from volwassenheid.core.survey import read_survey as read_rows
from volwassenheid.core.survey_table import Table

PARTNERSHIP = "Veiligheidshuis Testland"  # as write_engagement_folder names it
MEASURED_ON = dt.date(2026, 10, 1)  # as write_engagement_folder dates it
QUESTIONS = ["v1", "v2", "t1", "t2", "t3", "i1"]
HEADER = ["respondent", "organisatie", "niveau", "samenwerkingsverband", *QUESTIONS]
click_dutch.install()

DIFFERENT_HEADER_KEYS = {"traject"}
"""The only keys in which the two roads' documents may differ: the traject's name, measurement
and date come from traject.yaml on one road and from the survey and --datum on the other."""


def run(*args):
    return CliRunner().invoke(cli, list(map(str, args)), prog_name="volwassenheid")


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    path.write_text("\n".join(";".join(row) for row in [HEADER, *rows]) + "\n", encoding="utf-8")
    return path


# --- batch names every row that does not count --------------------------------------

ROWS = [
    ["r1", "OM", "tactisch", "ZVH Noord", "3", "4", "2", "2", "3", "4"],  # row 2: counts
    ["r2", "OM", "tactisch", "ZVH Noord", "wn", "wn", "wn", "wn", "nvt", "wn"],  # row 3: no phase at all
    ["r3", "Politie", "tactisch", "ZVH Noord", "3", "3", "3", "3", "3", "3"],  # row 4: counts
    ["r4", "Politie", "tactisch", "ZVH Noord", "", "", "2", "", "", ""],  # row 5: t1 only, tvb needs 2 of 3
    ["r5", "Politie", "tactisch", "ZVH Noord", "", "", "", "", "", ""],  # row 6: nothing answered
    ["r6", "OM", "strategisch", "ZVH Noord", "2", "2", "2", "2", "2", "2"],  # row 7: counts
    ["r7", "OM", "strategisch", "ZVH Zuid", "nvt", "", "", "", "", ""],  # row 8: no phase at all
    ["r8", "OM", "strategisch", "ZVH Zuid", "5", "", "", "", "", ""],  # row 9: counts by v1 (1 of 2)
]


def test_batch_lists_the_rows_that_do_not_count_and_leaves_them_out(tmp_path, mini_set_path):
    import json

    out = tmp_path / "uit"
    result = run("batch", write_csv(tmp_path / "e.csv", ROWS), "-o", out, "--vragenlijst", mini_set_path)
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if "niet mee" in line]
    assert lines == [
        "Let op, ZVH Noord: rijen 3, 6 tellen niet mee: geen enkele vraag met een fase beantwoord (alleen weet niet, n.v.t. of leeg).",
        "Let op, ZVH Noord: rij 5 telt niet mee: te weinig vragen beantwoord (minder dan 50% per dimensie).",
        "Let op, ZVH Zuid: rij 8 telt niet mee: geen enkele vraag met een fase beantwoord (alleen weet niet, n.v.t. of leeg).",
    ]
    noord = json.loads((out / "zvh-noord" / "scores.json").read_text(encoding="utf-8"))
    assert {key: noord["respons"][key] for key in ("respondenten", "per_organisatie", "per_niveau")} == {
        "respondenten": 3,
        "per_organisatie": {"OM": 2, "Politie": 1},
        "per_niveau": {"strategisch": 1, "tactisch": 2},
    }
    assert noord["totaal"]["respondenten"] == noord["totaal"]["respondenten_met_score"] == 3
    # t1: r1 2, r3 3, r6 2 (r4's 2 does not count); the weet niet of r2 is not counted either
    (t1,) = [q for d in noord["dimensies"] for q in d["vragen"] if q["id"] == "t1"]
    assert (t1["n"], t1["weet_niet"], t1["geen_antwoord"]) == (3, 0, 0)
    zuid = json.loads((out / "zvh-zuid" / "scores.json").read_text(encoding="utf-8"))
    assert zuid["respons"]["respondenten"] == 1


def test_summary_carries_the_rows_that_do_not_count(tmp_path, mini_set_path):
    from volwassenheid.app.survey import read_survey, score_survey

    survey = read_survey(write_csv(tmp_path / "e.csv", ROWS), str(mini_set_path))
    summaries = {outcome.job.name: outcome.summary() for outcome in score_survey(survey, measured_on=MEASURED_ON)}
    no_phase = "geen enkele vraag met een fase beantwoord (alleen weet niet, n.v.t. of leeg)"
    assert summaries["ZVH Noord"].not_counted == {no_phase: [3, 6], "te weinig vragen beantwoord (minder dan 50% per dimensie)": [5]}
    assert summaries["ZVH Noord"].respondents == 3
    assert summaries["ZVH Zuid"].not_counted == {no_phase: [8]}


def test_importeer_keeps_rows_that_do_not_count_and_respondenten_shows_them(tmp_path):
    folder = write_engagement_folder(tmp_path / "traject", [])
    rows = [[cell if cell != "ZVH Noord" else PARTNERSHIP for cell in row] for row in ROWS[:6]]
    result = run("importeer", folder, write_csv(tmp_path / "e.csv", rows))
    assert result.exit_code == 0, result.output
    assert "6 respondenten toegevoegd" in result.output
    listing = run("respondenten", folder)
    assert listing.exit_code == 0, listing.output
    not_counting = {line.split()[1] for line in listing.output.splitlines() if line.startswith("│ E") and "telt" in line}
    assert not_counting == {"E02", "E04", "E05"}  # rows 3, 5 and 6


# --- organisations in one spelling ------------------------------------------------------


def test_organisations_in_one_spelling_with_a_note(mini_set):
    rows = [
        ["respondent", "organisatie", "niveau", "v1"],
        ["r1", "Politie", "tactisch", "3"],
        ["r2", "politie", "tactisch", "3"],
        ["r3", "POLITIE ", "tactisch", "3"],
        ["r4", " Gemeente  Súdwest", "tactisch", "3"],
        ["r5", "gemeente súdwest", "tactisch", "3"],
        ["r6", "OM", "tactisch", "3"],
    ]
    survey = read_rows(Table.from_rows("e.csv", rows), mini_set, "Huis")
    assert list(survey.answers.organisations) == ["Politie"] * 3 + ["Gemeente  Súdwest"] * 2 + ["OM"]
    assert survey.notes[1:] == [
        "organisatie 'Politie' ook gespeld als 'politie', 'POLITIE'; samengenomen als 'Politie'",
        "organisatie 'Gemeente  Súdwest' ook gespeld als 'gemeente súdwest'; samengenomen als 'Gemeente  Súdwest'",
    ]


def test_one_spelling_never_hides_a_control_character(mini_set):
    rows = [["respondent", "organisatie", "niveau", "v1"], ["r1", "Pol itie", "tactisch", "3"], ["r2", "Pol\x0bitie", "tactisch", "3"]]
    survey = read_rows(Table.from_rows("e.csv", rows), mini_set, "Huis")
    assert survey.rejected_rows == [3]
    assert "onzichtbaar stuurteken" in str(survey.problems[0])


def test_batch_scores_one_organisation_however_it_is_spelled(tmp_path, mini_set_path):
    import json

    rows = [[f"r{i}", spelling, "tactisch", "Huis", "3", "3", "3", "3", "3", "3"] for i, spelling in enumerate(["Politie", "politie", "POLITIE "])]
    out = tmp_path / "uit"
    result = run("batch", write_csv(tmp_path / "e.csv", rows), "-o", out, "--vragenlijst", mini_set_path)
    assert result.exit_code == 0, result.output
    assert "organisatie 'Politie' ook gespeld als 'politie', 'POLITIE'" in " ".join(result.output.split())
    scores = json.loads((out / "huis" / "scores.json").read_text(encoding="utf-8"))
    assert scores["respons"]["per_organisatie"] == {"Politie": 3}


# --- the property: both roads give the same documents ----------------------------------

answer = st.sampled_from(["1", "2", "3", "4", "5", "wn", "nvt", ""])
no_phase = st.lists(st.sampled_from(["wn", "nvt", ""]), min_size=len(QUESTIONS), max_size=len(QUESTIONS))
row = st.tuples(
    st.sampled_from(["Politie", "politie", "POLITIE ", "OM", "om", "Gemeente"]),
    st.sampled_from(["strategisch", "tactisch", "Operationeel"]),
    st.one_of(st.lists(answer, min_size=len(QUESTIONS), max_size=len(QUESTIONS)), no_phase),
)
ambition = st.fixed_dictionaries({"vertrouwen": st.integers(1, 5), "tvb": st.integers(1, 5), "informatie": st.integers(1, 5)})


def batch_documents(csv: Path, mini_set_path: Path, phases: dict[str, int]) -> tuple[dict, dict]:
    from volwassenheid.app.survey import read_survey, score_survey

    (outcome,) = score_survey(read_survey(csv, str(mini_set_path)), ambition={PARTNERSHIP: phases}, measured_on=MEASURED_ON)
    return outcome.documents()


def traject_documents(folder: Path, csv: Path, phases: dict[str, int]) -> tuple[dict, dict]:
    from volwassenheid.app.traject import Traject

    write_engagement_folder(folder, [], phases)
    # a traject that names no organisations yet: an import into one that does takes its spellings (test_api_input_checks)
    engagement = folder / "traject.yaml"
    engagement.write_text(
        engagement.read_text(encoding="utf-8").replace("organisaties: [Politie, Gemeente, OM]", "organisaties: []"), encoding="utf-8"
    )
    result = run("importeer", folder, csv)
    assert result.exit_code == 0, result.output
    traject = Traject.open(folder)
    return traject.score_document(), traject.advice_document()


def without(document: dict, keys: set[str]) -> dict:
    return {key: value for key, value in document.items() if key not in keys}


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(row, min_size=1, max_size=8), phases=ambition)
def test_batch_and_traject_give_the_same_documents(mini_set_path, rows, phases):
    with tempfile.TemporaryDirectory() as temporary:
        csv = write_csv(Path(temporary) / "e.csv", [[f"r{i}", org, level, PARTNERSHIP, *answers] for i, (org, level, answers) in enumerate(rows)])
        by_batch = batch_documents(csv, mini_set_path, phases)
        by_traject = traject_documents(Path(temporary) / "traject", csv, phases)
    batch_scores, traject_scores = by_batch[0], by_traject[0]
    # The one allowed difference: the batch knows the partnership's organisations from all its rows, so an
    # organisation whose rows all fail to count is "niet gehoord"; this traject names no organisations.
    counted = {name_key(org) for org in batch_scores["respons"]["per_organisatie"]}
    assert {name_key(org) for org in batch_scores["dekking"].pop("niet_gehoord")} == {name_key(org) for org, _, _ in rows} - counted
    assert traject_scores["dekking"].pop("niet_gehoord") == []
    for batch_document, traject_document in zip(by_batch, by_traject, strict=True):
        assert batch_document.keys() == traject_document.keys()
        assert without(batch_document, DIFFERENT_HEADER_KEYS) == without(traject_document, DIFFERENT_HEADER_KEYS)
