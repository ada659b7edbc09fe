"""The app layer behind `nieuw`, `interview`, `respondenten` and `vragen`: a traject created,
interviews started, resumed and saved, the overview of respondents, and the question sets."""

from __future__ import annotations

import datetime as dt
import json
import shutil

import pytest
import yaml

from volwassenheid import (
    Traject,
    UserError,
    csv_template,
    open_question_set,
    question_set_schema,
    respondent_overview,
    resume_interview,
    save_interview,
    shipped_sets,
    start_interview,
)
from volwassenheid.app import interviews as interviews_api
from volwassenheid.app import traject_setup
from volwassenheid.core.models import Answer

DATE = dt.date(2026, 10, 1)


def files_in(folder) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# --- Traject.create ---------------------------------------------------------------------------


def test_create_writes_a_traject_that_opens_as_written(tmp_path, mini_set_path):
    folder = tmp_path / "nieuw" / "traject"
    traject = Traject.create(
        folder,
        samenwerkingsverband="Veiligheidshuis Testland",
        datum=DATE,
        question_set=mini_set_path,
        organisaties=["Politie", " politie ", "Gemeente"],
        doelfase={"informatie": 3, "vertrouwen": 4},
    )
    assert (folder / "interviews").is_dir()
    assert (folder / "mini.yaml").read_bytes() == mini_set_path.read_bytes()  # the traject carries its own set
    written = yaml.safe_load((folder / "traject.yaml").read_text(encoding="utf-8"))
    assert written["vragenlijst"] == {"id": "mini", "versie": "0.1", "pad": "mini.yaml"}
    assert written["organisaties"] == ["Politie", "Gemeente"]
    assert list(written["doelfase"].items()) == [("vertrouwen", 4), ("informatie", 3)]  # in the set's order
    assert written["meting"] == "0-meting" and written["datum"] == DATE and "opdrachtgever" not in written
    opened = Traject.open(folder)
    assert opened.engagement == traject.engagement and traject.interviews == ()


def test_create_refuses_an_existing_traject_and_writes_nothing(make_engagement, mini_set_path):
    folder = make_engagement([{"code": "R01", "antwoorden": {"v1": 3}}])
    before = files_in(folder)
    with pytest.raises(UserError, match=r"staat al een traject \(traject\.yaml\); er is niets overschreven"):
        Traject.create(folder, samenwerkingsverband="Ander verband", datum=DATE, question_set=mini_set_path)
    assert files_in(folder) == before


def test_create_claims_traject_yaml_exclusively(make_engagement, mini_set_path, monkeypatch):
    """Another process may write traject.yaml after the first look: the claim itself refuses it."""
    folder = make_engagement([])
    before = (folder / "traject.yaml").read_bytes()
    monkeypatch.setattr(traject_setup, "refuse_existing", lambda folder: None)
    with pytest.raises(UserError, match="er is niets overschreven"):
        Traject.create(folder, samenwerkingsverband="Ander verband", datum=DATE, question_set=folder / "mini.yaml")
    assert (folder / "traject.yaml").read_bytes() == before
    assert sorted(p.name for p in folder.iterdir()) == ["interviews", "mini.yaml", "traject.yaml"]


def test_create_refuses_an_unknown_dimension_before_writing(tmp_path):
    folder = tmp_path / "traject"
    with pytest.raises(UserError, match=r"doelfase\.onbekend: onbekende dimensie"):
        Traject.create(folder, samenwerkingsverband="X", datum=DATE, doelfase={"onbekend": 3})
    assert not folder.exists()


# --- interviews -------------------------------------------------------------------------------


def test_two_interviews_started_get_distinct_codes_and_the_name_stays_apart(make_engagement):
    traject = Traject.open(make_engagement([]))
    first = start_interview(traject, "Politie", "tactisch", rol="teamchef", naam="Pieter Geheim")
    second = start_interview(traject, "OM", "strategisch")  # the same (stale) Traject: the claim decides
    assert (first.code, second.code) == ("R01", "R02")
    interview_file = (traject.folder / "interviews" / "R01.json").read_text(encoding="utf-8")
    assert "Pieter" not in interview_file and json.loads(interview_file)["rol"] == "teamchef"
    assert json.loads((traject.folder / "vertrouwelijk" / "R01.json").read_text(encoding="utf-8"))["naam"] == "Pieter Geheim"
    assert not (traject.folder / "vertrouwelijk" / "R02.json").exists()
    assert [i.code for i in Traject.open(traject.folder).interviews] == ["R01", "R02"]


def test_start_interview_refuses_a_bad_prefix_before_claiming(make_engagement):
    traject = Traject.open(make_engagement([]))
    with pytest.raises(UserError, match="--voorvoegsel '1A' kan niet"):
        start_interview(traject, "Politie", "tactisch", prefix="1A")
    assert list((traject.folder / "interviews").iterdir()) == []
    assert start_interview(traject, "Politie", "tactisch", prefix="B").code == "B01"


def test_resume_and_save_keep_every_answer(make_engagement):
    folder = make_engagement([])
    started = start_interview(Traject.open(folder), "Gemeente", "operationeel")
    traject = Traject.open(folder)
    resumed = resume_interview(traject, started.code.lower())
    assert resumed == started and resumed is not traject.interviews[0]  # a copy to go on with
    resumed.antwoorden["v1"] = Answer(waarde=4, toelichting="goed overleg")
    save_interview(traject, resumed)
    assert Traject.open(folder).interviews[0].antwoorden["v1"] == Answer(waarde=4, toelichting="goed overleg")
    assert traject.interviews[0].antwoorden == {}  # the opened traject is not changed behind its back
    with pytest.raises(UserError, match=r"Geen interview 'R09' in .*\. Bekend: R01\."):
        resume_interview(traject, "R09")


def test_a_failed_save_says_what_is_kept_and_how_to_resume(make_engagement):
    folder = make_engagement([])
    traject = Traject.open(folder)
    interview = start_interview(traject, "Politie", "tactisch")
    shutil.rmtree(folder / "interviews")
    (folder / "interviews").write_text("geen map", encoding="utf-8")
    with pytest.raises(interviews_api.InterviewNotSaved) as raised:
        save_interview(traject, interview)
    message = str(raised.value)
    assert "Alle antwoorden die vóór deze fout zijn gegeven, zijn bewaard" in message
    assert message.endswith(f"volwassenheid interview {folder} --hervat R01")


# --- respondent_overview ----------------------------------------------------------------------


def test_respondent_overview_counts_as_the_scores_do(make_engagement):
    folder = make_engagement(
        [
            {"code": "R01", "antwoorden": {"v1": 3, "v2": 4, "t1": 2}},
            {"code": "R02", "antwoorden": {"v1": "weet_niet", "t1": "nvt", "i1": "weet_niet"}},  # no score anywhere
            {"code": "R03", "antwoorden": {"v1": 2}},  # half of vertrouwen: just enough
            {"code": "R04", "antwoorden": {}},
        ]
    )
    data = json.loads((folder / "interviews" / "R03.json").read_text(encoding="utf-8"))
    (folder / "interviews" / "R03.json").write_text(json.dumps({**data, "afgerond": False}), encoding="utf-8")
    traject = Traject.open(folder)
    lines = respondent_overview(traject)
    assert [(line.code, line.counts, line.finished, line.answered, line.questions) for line in lines] == [
        ("R01", True, True, 3, 6),
        ("R02", False, True, 3, 6),
        ("R03", True, False, 1, 6),
        ("R04", False, True, 0, 6),
    ]
    assert sum(line.counts for line in lines) == traject.score().totaal.respondenten == 2


# --- question sets ----------------------------------------------------------------------------


def test_shipped_sets_list_an_invalid_file_without_its_set(tmp_path, monkeypatch, mini_set_path):
    from volwassenheid.storage import question_sets

    broken = tmp_path / "kapot.yaml"
    broken.write_text("id: kapot\n", encoding="utf-8")
    monkeypatch.setattr(question_sets, "shipped_set_paths", lambda: [mini_set_path, broken])
    listed = shipped_sets()
    assert [(s.path, s.question_set.id if s.question_set else None) for s in listed] == [(mini_set_path, "mini"), (broken, None)]


def test_schema_template_and_open(mini_set_path):
    mini = open_question_set(mini_set_path)
    assert csv_template(mini) == "respondent;organisatie;niveau;v1;v2;t1;t2;t3;i1\n"
    assert csv_template(mini, ",").startswith("respondent,organisatie,niveau,v1,")
    assert question_set_schema("interview")["title"] == "Interview (interviews/*.json)"
    with pytest.raises(UserError, match="Schema 'x' bestaat niet; kies vragenlijst, traject, interview"):
        question_set_schema("x")


def test_the_command_offers_the_schemas_the_api_gives():
    from volwassenheid.app.question_sets import SCHEMA_KINDS
    from volwassenheid.cli.vragen import SCHEMA_KINDS as OFFERED

    assert OFFERED == SCHEMA_KINDS


def test_save_answer_keeps_questionnaire_order_and_refuses_what_is_no_answer(make_engagement):
    from volwassenheid import save_answer

    folder = make_engagement([])
    traject = Traject.open(folder)
    interview = start_interview(traject, "Politie", "tactisch")
    save_answer(traject, interview, "i1", "nvt")
    save_answer(traject, interview, "v2", 5, "  ")
    save_answer(traject, interview, "v1", 1, "eerste indruk")
    saved = json.loads((folder / "interviews" / "R01.json").read_text(encoding="utf-8"))
    assert list(saved["antwoorden"]) == ["v1", "v2", "i1"]
    assert saved["antwoorden"]["v1"] == {"waarde": 1, "toelichting": "eerste indruk"}
    before = (folder / "interviews" / "R01.json").read_bytes()
    for question_id, value in [("v1", 0), ("v1", 6), ("v1", True), ("v1", "3"), ("v1", "weet niet"), ("x9", 3)]:
        with pytest.raises(UserError, match="geen antwoord|staat niet in vragenlijst 'mini'"):
            save_answer(traject, interview, question_id, value)
    assert (folder / "interviews" / "R01.json").read_bytes() == before
    assert interview.antwoorden["v1"].waarde == 1


# --- the documentation ------------------------------------------------------------------------


def test_the_nieuw_examples_in_the_docs_run(tmp_path, monkeypatch):
    import contextlib
    import io

    from test_python_api import DOC, tagged

    blocks = tagged("nieuw")
    assert len(blocks) == 2
    monkeypatch.chdir(tmp_path)
    namespace: dict = {}
    with contextlib.redirect_stdout(io.StringIO()) as printed:
        for block in blocks:
            exec(compile(block, str(DOC), "exec"), namespace)  # noqa: S102 (the documentation's own example)
    output = printed.getvalue()
    section = DOC.read_text(encoding="utf-8").split("## Een traject beginnen")[1]
    documented = section.split("```text\n")[1].split("```")[0]
    assert output.startswith(documented)
    assert (
        "quickscan-1.0.yaml quickscan\nquickscan-2.0.yaml quickscan\nsamenwerking-1.0.yaml samenwerking\n"
        "samenwerking-2.0.yaml samenwerking\nrespondent;organisatie;niveau;doel1;doel\n"
    ) in output
    folder = tmp_path / "waalmonde-1-meting"
    assert "J. de Vries" not in (folder / "interviews" / "R01.json").read_text(encoding="utf-8")
    assert "J. de Vries" in (folder / "vertrouwelijk" / "R01.json").read_text(encoding="utf-8")
    assert Traject.open(folder).engagement.doelfase == {"relaties": 4, "informatie": 3}
    assert Traject.open(folder).engagement.uitgenodigd == {"Politie": 12, "Gemeente Waalmonde": {"strategisch": 2, "operationeel": 9}}


@pytest.mark.parametrize("command", ["nieuw", "interview", "respondenten", "vragen"])
def test_these_commands_read_and_write_only_through_the_app(command):
    """Parse, call the app, print: no file of the traject or of a set is read or written by the command itself."""
    from test_layers import PACKAGE, imports_of

    imported = [name for _, name in imports_of(PACKAGE / "cli" / f"{command}.py")]
    assert [name for name in imported if name.startswith("volwassenheid.storage")] == []
    assert "volwassenheid.core.schemas" not in imported
