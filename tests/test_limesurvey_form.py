"""`vragen exporteer --formaat limesurvey` (issue 16): a survey structure file that LimeSurvey imports,
read here as LimeSurvey's importer reads it, and the response export of that survey read back, with
codes or with full texts, to the same scores as the answers given with ids."""

from __future__ import annotations

import csv
import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from volwassenheid.app.question_sets import open_question_set
from volwassenheid.cli.main import cli
from volwassenheid.core.question_codes import question_codes
from volwassenheid.core.questionset import LEVEL_LABELS, QuestionSet
from volwassenheid.core.survey_form import survey_form
from volwassenheid.storage.form_limesurvey import limesurvey_structure

ROOT = Path(__file__).parent.parent
EXAMPLE = ROOT / "voorbeelden" / "zorg-en-veiligheidshuis"
RESERVED = {"lang", "sid", "savedid", "token", "qid", "gid", "sgq", "self", "that", "this"}


def rows_of(document: ET.Element, table: str) -> list[dict[str, str]]:
    return [{cell.tag: cell.text or "" for cell in row} for row in document.findall(f"{table}/rows/row")]


def as_limesurvey_imports(data: bytes) -> dict:
    """The survey as LimeSurvey's XMLImportSurvey (application/helpers/admin/import_helper.php) reads
    it, or an AssertionError naming what it would refuse, rename or lose: groups, questions (code,
    type, text) and their answers (code, text) in order."""
    document = ET.fromstring(data)
    assert document.tag == "document" and document.findtext("LimeSurveyDocType") == "Survey"
    assert int(document.findtext("DBVersion") or "0") >= 400, "the l10n layout needs LimeSurvey 4 or later"
    languages = [element.text for element in document.findall("languages/language")]
    survey_rows = rows_of(document, "surveys")
    assert len(survey_rows) == 1 and survey_rows[0]["language"] in languages
    settings = [row for row in rows_of(document, "surveys_languagesettings") if row["surveyls_language"] in languages]
    assert settings, "a language without its settings row"
    group_names = {row["gid"]: row["group_name"] for row in rows_of(document, "group_l10ns") if row["language"] in languages}
    groups = sorted(rows_of(document, "groups"), key=lambda row: int(row["group_order"]))
    assert {row["gid"] for row in groups} <= set(group_names), "a group without its name"
    texts = {row["qid"]: row["question"] for row in rows_of(document, "question_l10ns") if row["language"] in languages}
    answer_texts = {row["aid"]: row["answer"] for row in rows_of(document, "answer_l10ns") if row["language"] in languages}
    answers: dict[str, list[tuple[str, str]]] = {}
    for row in sorted(rows_of(document, "answers"), key=lambda row: (int(row["qid"]), int(row["sortorder"]))):
        assert re.fullmatch(r"[A-Za-z0-9]{1,5}", row["code"]), f"answer code {row['code']!r}: at most 5 letters or digits"
        answers.setdefault(row["qid"], []).append((row["code"], answer_texts[row["aid"]]))
    codes = [row["title"] for row in rows_of(document, "questions")]
    assert len({code.lower() for code in codes}) == len(codes), "a repeated question code gets a random one"
    survey = {"settings": survey_rows[0], "texts": settings[0], "groups": []}
    for group in groups:
        questions = sorted((q for q in rows_of(document, "questions") if q["gid"] == group["gid"]), key=lambda q: int(q["question_order"]))
        for question in questions:
            assert re.fullmatch(r"[A-Za-z][A-Za-z0-9]{0,19}", question["title"]), f"code {question['title']!r} would be renamed"
            assert question["title"].lower() not in RESERVED
            assert question["parent_qid"] == "0" and question["qid"] in texts
            assert question["type"] in ("L", "S") and (question["type"] == "L") == (question["qid"] in answers)
        survey["groups"].append((group_names[group["gid"]], [(q["title"], q["type"], texts[q["qid"]], answers.get(q["qid"], [])) for q in questions]))
    return survey


def exported(tmp_path: Path, *arguments: str) -> tuple[dict, dict]:
    """The .lss and its mapping, made with the command."""
    result = CliRunner().invoke(cli, ["vragen", "exporteer", *arguments, "-o", str(tmp_path / "enquete.lss")])
    assert result.exit_code == 0, result.output
    mapping = yaml.safe_load((tmp_path / "enquete.koppeling.yaml").read_text(encoding="utf-8"))
    return as_limesurvey_imports((tmp_path / "enquete.lss").read_bytes()), mapping


def test_every_question_of_the_set_is_a_list_question_with_its_options_coded_by_phase(tmp_path):
    question_set = open_question_set("samenwerking", ["zorg-en-veiligheid"])
    survey, mapping = exported(tmp_path, "samenwerking", "--module", "zorg-en-veiligheid")
    about, *dimensions = survey["groups"]
    assert about[0] == "Over u"
    assert [(code, kind) for code, kind, _, _ in about[1]] == [("organisatie", "S"), ("niveau", "L")]  # no traject: typed in
    assert about[1][1][3] == [("S", LEVEL_LABELS["strategisch"]), ("T", LEVEL_LABELS["tactisch"]), ("O", LEVEL_LABELS["operationeel"])]
    assert [name for name, _ in dimensions] == [d.naam for d in question_set.dimensies]
    questions = [question for _, group in dimensions for question in group]
    assert len(questions) == len(question_set.vragen) == 50
    for (code, kind, text, answers), question in zip(questions, question_set.vragen, strict=True):
        assert (code, kind) == (question.id, "L")
        assert text == question.tekst.replace("&", "&amp;")
        assert [c for c, _ in answers] == [str(n) for n in range(1, len(question.opties) + 1)] + ["WN", "NVT"]
        assert [t.replace("&amp;", "&") for _, t in answers] == [*question.opties, "Weet ik niet", "Niet van toepassing"]
    assert mapping["antwoorden"] == {"niveau": {"S": LEVEL_LABELS["strategisch"], "T": LEVEL_LABELS["tactisch"], "O": LEVEL_LABELS["operationeel"]}}
    assert "kolommen" not in mapping  # every code is its id


def test_the_survey_is_anonymous_and_says_so_before_the_first_question(tmp_path):
    survey, _ = exported(tmp_path, "--traject", str(EXAMPLE))
    settings = survey["settings"]
    assert (settings["anonymized"], settings["datestamp"], settings["ipaddr"], settings["refurl"], settings["savetimings"]) == (
        "Y",
        "N",
        "N",
        "N",
        "N",
    )
    assert settings["showwelcome"] == "Y" and settings["usetokens"] == "N"
    welcome = survey["texts"]["surveyls_welcometext"]
    assert "anoniem" in welcome and "naam of e-mailadres" in welcome and "vanaf 3 personen" in welcome
    assert survey["texts"]["surveyls_title"] == "Samenwerking Zorg- en Veiligheidshuis Waalmonde"
    organisations = survey["groups"][0][1][0]
    engagement = yaml.safe_load((EXAMPLE / "traject.yaml").read_text(encoding="utf-8"))
    assert organisations[1] == "L" and organisations[3] == [(f"O{n}", name) for n, name in enumerate(engagement["organisaties"], 1)]


def test_codes_limesurvey_would_rename_are_made_valid_and_the_mapping_reads_them_back(tmp_path):
    survey, mapping = exported(tmp_path, "quickscan")
    codes = [code for _, group in survey["groups"][1:] for code, *_ in group]
    ids = [q.id for q in open_question_set("quickscan", []).vragen]
    assert ids[0] == "qs_doel" and codes[0] == "qsdoel"
    assert mapping["kolommen"] == {code: question_id for code, question_id in zip(codes, ids, strict=True)}


def test_texts_reach_limesurvey_as_text_never_as_html_or_an_expression():
    data = open_question_set("samenwerking", []).model_dump(mode="json", exclude_none=True)
    data["vragen"][0]["tekst"] = "<script>alert(1)</script> {TOKEN:EMAIL} & meer"
    data["dimensies"][0]["naam"] = "<b>vet</b>"
    question_set = QuestionSet.model_validate(data)
    structure = limesurvey_structure(survey_form(question_set, organisations=["<img src=x onerror=alert(1)>"]))
    survey = as_limesurvey_imports(structure)
    text = survey["groups"][1][1][0][2]
    assert text == "&lt;script&gt;alert(1)&lt;/script&gt; &#123;TOKEN:EMAIL&#125; &amp; meer"
    assert survey["groups"][1][0] == "&lt;b&gt;vet&lt;/b&gt;"
    assert survey["groups"][0][1][0][3] == [("O1", "&lt;img src=x onerror=alert(1)&gt;")]
    assert b"<script>" not in structure and b"{TOKEN" not in structure


@given(st.lists(st.text(alphabet="ab_1-.Z", min_size=1, max_size=25), min_size=1, max_size=12, unique=True))
def test_question_codes_are_valid_unique_and_the_id_itself_when_it_may_be(ids):
    codes = question_codes(ids)
    assert list(codes) == ids
    assert len({code.lower() for code in codes.values()} | {"organisatie", "niveau"}) == len(ids) + 2
    for code in codes.values():
        assert re.fullmatch(r"[A-Za-z][A-Za-z0-9]{0,19}", code) and code.lower() not in RESERVED
    lowered = {question_id.lower(): question_id for question_id in ids}
    for question_id, code in codes.items():  # a code is never another question's id: that header means that question
        assert lowered.get(code.lower(), question_id) == question_id
    for question_id in ids:  # an id that is a valid code keeps it, unless an earlier id took it
        valid = re.fullmatch(r"[A-Za-z][A-Za-z0-9]{0,19}", question_id) and question_id.lower() not in RESERVED
        earlier = [codes[other].lower() for other in ids[: ids.index(question_id)]]
        if valid and question_id.lower() not in earlier:
            assert codes[question_id] == question_id


def test_a_code_that_would_be_another_questions_id_is_not_used():
    assert question_codes(["a_1", "a1", "b"]) == {"a_1": "a1x2", "a1": "a1", "b": "b"}


# --- the round trip: the response export of the imported survey, read back ---

ANSWERS = {  # respondent: (organisation number, level code, answer per question by position: phase, WN, NVT or '')
    "1": (1, "S", ["3", "4", "WN", "2"]),
    "2": (1, "T", ["2", "2", "3", "NVT"]),
    "3": (2, "O", ["5", "", "4", "1"]),
    "4": (2, "S", ["1", "3", "3", "3"]),
    "5": (3, "T", ["4", "4", "WN", "5"]),
    "6": (3, "O", ["2", "1", "2", "2"]),
}
LEVEL_OF = {"S": "strategisch", "T": "tactisch", "O": "operationeel"}


def answer_of(codes: list[str], position: int) -> str:
    return codes[position % len(codes)]


def write_limesurvey_export(path: Path, survey: dict, full: bool) -> None:
    """As LimeSurvey's CsvWriter writes a response export: a BOM, every cell quoted, CRLF, its metadata
    columns first; headers as question codes and answers as codes, or both as full texts."""
    questions = [question for _, group in survey["groups"] for question in group]
    header = (
        ["Response ID", "Date submitted", "Last page", "Start language", "Seed"]
        if full
        else ["id", "submitdate", "lastpage", "startlanguage", "seed"]
    )
    header += [text.replace("&amp;", "&") if full else code for code, _, text, _ in questions]
    with open(path, "w", newline="", encoding="utf-8-sig") as file:
        writer = csv.writer(file, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
        writer.writerow(header)
        for respondent, (organisation, level, codes) in ANSWERS.items():
            organisation_code = questions[0][3][organisation - 1][0]  # the code the form gave that organisation
            given = [organisation_code, level] + [answer_of(codes, k) for k in range(len(questions) - 2)]
            if full:
                given = [dict(answers).get(code, "") if answers else code for code, (_, _, _, answers) in zip(given, questions, strict=True)]
            writer.writerow([respondent, "2026-10-14 10:00:00", "9", "nl", "4711", *given])
        file.write("\r\n")


def write_ids_csv(path: Path, survey: dict, organisations: list[str]) -> None:
    ids = [code for _, group in survey["groups"][1:] for code, *_ in group]
    spelled = {"WN": "wn", "NVT": "nvt"}
    with open(path, "w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file, delimiter=";")
        writer.writerow(["respondent", "organisatie", "niveau", *ids])
        for respondent, (organisation, level, codes) in ANSWERS.items():
            given = [spelled.get(answer_of(codes, k), answer_of(codes, k)) for k in range(len(ids))]
            writer.writerow([respondent, organisations[organisation - 1], LEVEL_OF[level], *given])


def batch(tmp_path: Path, source: Path, name: str, *options: str) -> dict:
    result = CliRunner().invoke(
        cli, ["batch", str(source), "-o", str(tmp_path / name), "--samenwerkingsverband", "ZVH Waalmonde", "--datum", "2026-10-20", *options]
    )
    assert result.exit_code == 0, result.output
    return {file.name: json.loads(file.read_text(encoding="utf-8")) for file in sorted((tmp_path / name / "zvh-waalmonde").glob("*.json"))} | {
        "samenvatting.csv": (tmp_path / name / "samenvatting.csv").read_text(encoding="utf-8")
    }


@pytest.mark.parametrize("full", [False, True], ids=["codes", "full-texts"])
def test_a_limesurvey_response_export_scores_as_the_same_answers_with_ids(tmp_path, full):
    survey, _ = exported(tmp_path, "--traject", str(EXAMPLE))
    organisations = [name for _, name in survey["groups"][0][1][0][3]]
    write_limesurvey_export(tmp_path / "results-survey.csv", survey, full)
    write_ids_csv(tmp_path / "ids.csv", survey, organisations)
    module = ["--vragenlijst", "samenwerking", "--module", "zorg-en-veiligheid"]
    from_ids = batch(tmp_path, tmp_path / "ids.csv", "ids", *module)
    from_limesurvey = batch(tmp_path, tmp_path / "results-survey.csv", "ls", *module, "--koppeling", str(tmp_path / "enquete.koppeling.yaml"))
    assert from_limesurvey == from_ids
    assert '"respondenten": 6' in json.dumps(from_ids["scores.json"])


def test_without_its_mapping_an_export_with_codes_names_the_organisation_codes(tmp_path):
    survey, _ = exported(tmp_path, "--traject", str(EXAMPLE))
    write_limesurvey_export(tmp_path / "results-survey.csv", survey, full=False)
    shutil.copy(tmp_path / "results-survey.csv", tmp_path / "copy.csv")
    result = CliRunner().invoke(
        cli,
        [
            "batch",
            str(tmp_path / "copy.csv"),
            "-o",
            str(tmp_path / "out"),
            "--samenwerkingsverband",
            "ZVH",
            "--vragenlijst",
            "samenwerking",
            "--module",
            "zorg-en-veiligheid",
        ],
    )
    assert result.exit_code == 1
    assert "onbekend niveau 'S'" in result.output


def test_a_limesurvey_code_is_read_as_its_question_without_a_mapping(tmp_path):
    from volwassenheid import read_column_mapping

    (tmp_path / "codes.csv").write_text("id;organisatie;niveau;qsdoel;QSREL;qs_rol\n1;Politie;S;3;4;2\n", encoding="utf-8")
    columns = dict(read_column_mapping(tmp_path / "codes.csv", open_question_set("quickscan", [])).columns)
    assert [columns[header] for header in ("id", "qsdoel", "QSREL", "qs_rol")] == ["respondent", "qs_doel", "qs_rel", "qs_rol"]


def test_importeer_takes_the_export_into_the_traject_by_its_mapping(tmp_path):
    traject = tmp_path / "zvh"
    shutil.copytree(EXAMPLE, traject)
    survey, _ = exported(tmp_path, "--traject", str(traject))
    write_limesurvey_export(tmp_path / "results-survey.csv", survey, full=False)
    result = CliRunner().invoke(
        cli, ["importeer", str(traject), str(tmp_path / "results-survey.csv"), "--koppeling", str(tmp_path / "enquete.koppeling.yaml")]
    )
    assert result.exit_code == 0, result.output
    from volwassenheid import Traject

    organisations = [name for _, name in survey["groups"][0][1][0][3]]
    added = [interview for interview in Traject.open(traject).interviews if interview.bron == "enquete"]
    assert [(i.organisatie, i.niveau) for i in added] == [(organisations[o - 1], LEVEL_OF[level]) for o, level, _ in ANSWERS.values()]
    assert added[0].antwoorden["doel1"].waarde == 3 and added[0].antwoorden["doel3"].waarde == "weet_niet"


def test_an_organisation_called_like_a_code_keeps_its_name_both_ways(tmp_path):
    """An organisation named 'O1' or 'O3': the codes skip every name, so a cell is a code or a name, never both."""
    from volwassenheid.core.survey_form import organisation_codes

    assert organisation_codes(["Politie", "O1", "o3", "OM"]) == ["O2", "O4", "O5", "O6"]
    traject = tmp_path / "zvh"
    shutil.copytree(EXAMPLE, traject)
    engagement = (traject / "traject.yaml").read_text(encoding="utf-8")
    (traject / "traject.yaml").write_text(engagement.replace("Politie", "O1"), encoding="utf-8")
    survey, mapping = exported(tmp_path, "--traject", str(traject))
    assert survey["groups"][0][1][0][3][:2] == [("O2", "O1"), ("O3", "Openbaar Ministerie")]
    from volwassenheid import Traject

    for full in (False, True):  # codes (O2 for 'O1') or full texts ('O1'): the same organisations
        copy = tmp_path / f"zvh-{full}"
        shutil.copytree(traject, copy)
        write_limesurvey_export(tmp_path / f"export-{full}.csv", survey, full)
        read = CliRunner().invoke(
            cli, ["importeer", str(copy), str(tmp_path / f"export-{full}.csv"), "--koppeling", str(tmp_path / "enquete.koppeling.yaml")]
        )
        assert read.exit_code == 0, read.output
        added = [i.organisatie for i in Traject.open(copy).interviews if i.bron == "enquete"]
        assert added == ["O1", "O1", "Openbaar Ministerie", "Openbaar Ministerie", "Gemeente Waalmonde", "Gemeente Waalmonde"]


@pytest.mark.parametrize(
    ("answers", "reason"),
    [
        ('    "": "Politie"\n', "een code en wat hij betekent mogen niet leeg zijn"),
        ('    "O9": ""\n', "een code en wat hij betekent mogen niet leeg zijn"),
        ('    "O1": "OM"\n    "OM": "Politie"\n', "'OM' is ook een organisatie in deze lijst; een cel moet één ding betekenen"),
    ],
)
def test_a_mapping_whose_codes_could_record_what_nobody_gave_is_refused(tmp_path, answers, reason):
    (tmp_path / "k.yaml").write_text("antwoorden:\n  organisatie:\n" + answers, encoding="utf-8")
    (tmp_path / "e.csv").write_text("id;organisatie;niveau;doel1\n1;;S;3\n", encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["batch", str(tmp_path / "e.csv"), "-o", str(tmp_path / "uit"), "--samenwerkingsverband", "X", "--koppeling", str(tmp_path / "k.yaml")]
    )
    assert result.exit_code == 1 and reason in " ".join(result.output.split()) and "ongeldige koppeling" in result.output
    assert not (tmp_path / "uit").exists()


def test_a_long_title_fits_limesurvey_and_is_cut_between_words():
    from volwassenheid.storage.form_limesurvey import TITLE_LENGTH

    form = survey_form(open_question_set("quickscan", []), partnership="Z&{ " * 100)
    title = as_limesurvey_imports(limesurvey_structure(form))["texts"]["surveyls_title"]
    assert len(title) <= TITLE_LENGTH and title.endswith("&amp;&#123;…") and "&#12…" not in title


def test_the_survey_and_its_mapping_are_written_together_or_not_at_all(tmp_path):
    (tmp_path / "e.koppeling.yaml").mkdir()
    result = CliRunner().invoke(cli, ["vragen", "exporteer", "-o", str(tmp_path / "e.lss")])
    assert result.exit_code == 1 and "e.koppeling.yaml' niet schrijven: dat is een map" in result.output
    assert not (tmp_path / "e.lss").exists()


def test_nothing_is_exported_into_a_trajects_own_folders(tmp_path):
    traject = tmp_path / "zvh"
    shutil.copytree(EXAMPLE, traject)
    result = CliRunner().invoke(cli, ["vragen", "exporteer", "--traject", str(traject), "-o", str(traject / "interviews" / "E01.lss")])
    assert result.exit_code == 1 and "in de map interviews/ van een traject" in result.output
    assert sorted(p.suffix for p in (traject / "interviews").iterdir()) == [".json"] * 16
