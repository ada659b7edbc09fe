"""Survey exports read as they come (issue 16, first step): a Microsoft Forms export and a LimeSurvey
response export, with question texts as headers, option texts as answers (curly quotes and all),
the interview's level labels and 'Weet ik niet', score exactly as the same answers given with ids."""

from __future__ import annotations

import csv
import datetime as dt
import json
import random
from pathlib import Path

import pytest
from openpyxl import Workbook

from volwassenheid import read_survey, score_survey
from volwassenheid.app.question_sets import open_question_set
from volwassenheid.app.survey import RowsRefused
from volwassenheid.core.questionset import LEVEL_LABELS
from volwassenheid.core.survey_matching import QuestionHeaders, level_names, loose, role_of

ROOT = Path(__file__).parent.parent
QUESTION_SET = open_question_set("samenwerking@2.0")
ORGANISATIONS = ["Politie", "Openbaar Ministerie", "Gemeente Waalmonde"]
LEVELS = ["strategisch", "tactisch", "operationeel"]


def curly(text: str) -> str:
    """As Forms and Word write it: curly apostrophes and a non-breaking space after the first word."""
    text = text.replace("'", "\u2019")
    return text.replace(" ", "\u00a0", 1)


def people(count: int = 12, seed: int = 16) -> list[dict]:
    rng = random.Random(seed)
    rows = []
    for i in range(count):
        answers = {}
        for q in QUESTION_SET.vragen:
            pick = rng.random()
            answers[q.id] = "wn" if pick < 0.05 else ("nvt" if pick < 0.08 else rng.randint(1, len(q.opties)))
        rows.append({"id": str(i + 1), "organisatie": ORGANISATIONS[i % 3], "niveau": LEVELS[i % 3], "antwoorden": answers})
    return rows


def as_ids_csv(rows: list[dict], path) -> None:
    with open(path, "w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file, delimiter=";")
        writer.writerow(["respondent", "organisatie", "niveau", *(q.id for q in QUESTION_SET.vragen)])
        for row in rows:
            writer.writerow([row["id"], row["organisatie"], row["niveau"], *(row["antwoorden"][q.id] for q in QUESTION_SET.vragen)])


def option_text(question, answer, dont_know: str = "Weet ik niet", not_applicable: str = "Niet van toepassing") -> str:
    if answer == "wn":
        return dont_know
    if answer == "nvt":
        return not_applicable
    return curly(question.opties[answer - 1])


def as_forms_xlsx(rows: list[dict], path) -> None:
    """Forms' Excel export: its metadata, then one column per question headed by the full text."""
    book = Workbook()
    sheet = book.active
    header = ["Id", "Begintijd", "Tijd van voltooien", "E-mail", "Naam", "Bij welke organisatie werkt u?", "Op welk niveau werkt u?"]
    sheet.append(header + [curly(q.tekst) for q in QUESTION_SET.vragen])
    for row in rows:
        start = dt.datetime(2026, 10, 13, 9, 0) + dt.timedelta(hours=int(row["id"]))
        sheet.append(
            [int(row["id"]), start, start + dt.timedelta(minutes=20), f"geheim{row['id']}@voorbeeld.nl", f"Naam Geheim{row['id']}"]
            + [row["organisatie"], LEVEL_LABELS[row["niveau"]]]
            + [option_text(q, row["antwoorden"][q.id]) for q in QUESTION_SET.vragen]
        )
    book.save(path)


def as_limesurvey_csv(rows: list[dict], path) -> None:
    """A LimeSurvey response export with 'question code and text' headers and full answers (Dutch)."""
    with open(path, "w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file, delimiter=",")
        header = ["Antwoord ID", "Datum verstuurd", "Laatste pagina", "Starttaal", "Seed"]
        header += ["organisatie. Bij welke organisatie werkt u?", "niveau. Op welk niveau werkt u?"]
        header += [f"{q.id}. {q.tekst}" for q in QUESTION_SET.vragen]
        writer.writerow(header)
        for row in rows:
            writer.writerow(
                [row["id"], "2026-10-14 10:00:00", "5", "nl", "12345", row["organisatie"], LEVEL_LABELS[row["niveau"]]]
                + [option_text(q, row["antwoorden"][q.id], "Weet niet", "N.v.t.") for q in QUESTION_SET.vragen]
            )


def documents(path, **options) -> str:
    survey = read_survey(path, QUESTION_SET, partnership="ZVH Noord", **options)
    outcomes = score_survey(survey, measured_on=dt.date(2026, 10, 20))
    return json.dumps([outcome.documents() for outcome in outcomes], sort_keys=True, default=str)


@pytest.mark.parametrize("write", [as_forms_xlsx, as_limesurvey_csv], ids=["forms", "limesurvey"])
def test_an_export_as_it_comes_scores_as_the_same_answers_with_ids(tmp_path, write):
    rows = people()
    as_ids_csv(rows, tmp_path / "ids.csv")
    exported = tmp_path / ("export.xlsx" if write is as_forms_xlsx else "export.csv")
    write(rows, exported)
    assert documents(exported) == documents(tmp_path / "ids.csv")


def test_nothing_from_a_name_or_e_mail_column_reaches_the_output(tmp_path):
    as_forms_xlsx(people(), tmp_path / "forms.xlsx")
    survey = read_survey(tmp_path / "forms.xlsx", QUESTION_SET, partnership="ZVH Noord")
    text = documents(tmp_path / "forms.xlsx") + " ".join(survey.notes)
    assert "geheim" not in text.lower() and "voorbeeld.nl" not in text
    # the columns themselves are named as ignored, by their headers only
    assert any("E-mail" in note and "Naam" in note for note in survey.notes)


def test_loose_comparison_straightens_quotes_spaces_case_and_the_end():
    assert loose("Welke dilemma\u2019s\u00a0bespreekt u?") == "welke dilemma's bespreekt u"
    assert loose("  Weet ik niet. ") == "weet ik niet"
    assert loose("\ufeffOrganisatie:") == "organisatie"


def test_headers_are_found_by_id_code_text_or_numbered_text():
    headers = QuestionHeaders(QUESTION_SET)
    first = QUESTION_SET.vragen[0]
    assert headers.find(first.id.upper()) == first.id
    assert headers.find(f"{first.id}. {first.tekst}") == first.id
    assert headers.find(f"[{first.id}] iets anders") == first.id
    assert headers.find(curly(first.tekst)) == first.id
    assert headers.find(f"3. {first.tekst}") == first.id
    assert headers.find(first.tekst + " (toelichting)") is None  # an edited text is not matched here
    assert headers.find("Begintijd") is None


def test_role_columns_go_by_their_usual_labels_and_levels_by_the_interview_labels():
    assert role_of("Bij welke organisatie werkt u?") == "organisatie"
    assert role_of("niveau. Op welk niveau werkt u?") == "niveau"
    assert role_of("Antwoord ID") == "respondent" and role_of("Id") == "respondent"
    assert role_of("E-mail") is None and role_of("Naam") is None
    names = level_names()
    assert names[loose("Strategisch (bestuur, directie)")] == "strategisch" and names["operationeel"] == "operationeel"


def test_the_template_s_own_respondent_column_wins_over_an_id_column(tmp_path):
    rows = people(6)
    as_ids_csv(rows, tmp_path / "ids.csv")
    text = (tmp_path / "ids.csv").read_text(encoding="utf-8").splitlines()
    text = ["Id;" + text[0]] + [f"{n};{line}" for n, line in enumerate(text[1:], start=100)]
    (tmp_path / "both.csv").write_text("\n".join(text) + "\n", encoding="utf-8")
    survey = read_survey(tmp_path / "both.csv", QUESTION_SET, partnership="ZVH Noord")
    assert survey.rows.respondent_ids == [row["id"] for row in rows]  # 'respondent', not 'Id'
    assert any("Id" in note for note in survey.notes)


EDITED = [  # (question, header as a consultant might retype it in Forms, expected)
    ("doel1", "Hoe gebruiken de partners het gezamenlijke doel in hun dagelijkse werk?", "doel1"),
    ("rel2", "Hoe gaan partners om met fouten of tegenvallers bij een andere partner?", "rel2"),
    ("rol3", "Hoe is per casus geregeld wie de regie heeft?", "rol3"),
    ("bes3", "Hoe zorgen partners ervoor dat ook een kleine partner (weinig mensen of geld) kan meepraten en meebeslissen?", "bes3"),
    ("doel3", "Hoe open zijn partners over hun eigen belangen bij de samenwerking?", "doel3"),
    ("rol2", "Hoe weten medewerkers wat de andere partners wettelijk mogen doen?", None),  # reworded: 0,76, reported
]


@pytest.mark.parametrize(("question", "header", "expected"), EDITED, ids=[row[0] for row in EDITED])
def test_an_edited_question_text_is_taken_only_when_close_and_unambiguous(question, header, expected):
    from volwassenheid.core.survey_matching import SIMILAR_ENOUGH, SIMILAR_MARGIN

    ranked = QuestionHeaders(QUESTION_SET).closest(header, {q.id for q in QUESTION_SET.vragen})
    (best, found), (runner_up, _) = ranked[0], ranked[1]
    assert found == question  # the closest is always the right one here
    taken = best >= SIMILAR_ENOUGH and best - runner_up >= SIMILAR_MARGIN
    assert (found if taken else None) == expected, (best, runner_up)


@pytest.mark.parametrize("reference", ["samenwerking@1.0", "samenwerking@2.0", "quickscan@1.0", "quickscan@2.0"])
def test_no_question_of_a_shipped_set_is_close_enough_to_be_taken_for_another(reference):
    from volwassenheid.core.survey_matching import SIMILAR_ENOUGH

    question_set = open_question_set(reference)
    headers = QuestionHeaders(question_set)
    everyone = {q.id for q in question_set.vragen}
    closest = max((headers.closest(q.tekst, everyone - {q.id})[0] + (q.id,) for q in question_set.vragen), default=(0.0, "", ""))
    assert closest[0] < SIMILAR_ENOUGH, closest  # samenwerking 1.0: mid1 against mid2 at 0,78


def test_an_export_with_edited_headers_scores_the_same_and_says_what_it_took(tmp_path):
    rows = people()
    as_ids_csv(rows, tmp_path / "ids.csv")
    as_forms_xlsx(rows, tmp_path / "forms.xlsx")
    from openpyxl import load_workbook

    book = load_workbook(tmp_path / "forms.xlsx")
    sheet = book.active
    headers = {loose(cell.value or ""): cell for cell in sheet[1]}
    for question, edited, _ in EDITED:
        original = next(q.tekst for q in QUESTION_SET.vragen if q.id == question)
        headers[loose(curly(original))].value = edited
    book.save(tmp_path / "edited.xlsx")
    survey = read_survey(tmp_path / "edited.xlsx", QUESTION_SET, partnership="ZVH Noord")
    notes = " ".join(survey.notes)
    assert "gelezen als vraag rol3 (gelijkenis 0,90)" in notes
    assert "niet gelezen: lijkt het meest op rol2 (0,76)" in notes
    assert "1 vraag niet in het bestand (tellen als niet beantwoord): rol2" in notes
    # the same answers, with rol2 not given: as the CSV with ids without its rol2 column
    text = (tmp_path / "ids.csv").read_text(encoding="utf-8").splitlines()
    drop = text[0].split(";").index("rol2")
    (tmp_path / "ids-without-rol2.csv").write_text(
        "\n".join(";".join(cell for k, cell in enumerate(line.split(";")) if k != drop) for line in text) + "\n", encoding="utf-8"
    )
    assert documents(tmp_path / "edited.xlsx") == documents(tmp_path / "ids-without-rol2.csv")


def test_a_header_close_to_two_questions_is_not_taken_for_either(tmp_path):
    """In set 1.0, mid1 (financiering) and mid2 (inzet van mensen) differ in two words: a header that
    mixes them resembles both (0,90 and 0,89) and is reported, not guessed."""
    question_set = open_question_set("samenwerking@1.0")
    header = ["respondent", "organisatie", "niveau", *(q.id for q in question_set.vragen if q.id not in ("mid1", "mid2"))]
    header.append("Hoe is de financiering van mensen voor de samenwerking geregeld?")
    line = ["r1", "Politie", "tactisch", *(["3"] * (len(header) - 3))]
    (tmp_path / "mixed.csv").write_text(";".join(header) + "\n" + ";".join(line) + "\n", encoding="utf-8")
    survey = read_survey(tmp_path / "mixed.csv", question_set, partnership="ZVH")
    notes = " ".join(survey.notes)
    assert "niet gelezen: lijkt het meest op mid2 (0,90), mid1 (0,89)" in notes
    assert "gelezen als vraag" not in notes


def test_toon_koppeling_shows_each_column_and_writes_nothing(tmp_path):
    import shutil

    from click.testing import CliRunner

    from volwassenheid.cli.main import cli

    as_forms_xlsx(people(6), tmp_path / "forms.xlsx")
    out = tmp_path / "uit"
    result = CliRunner().invoke(
        cli, ["batch", str(tmp_path / "forms.xlsx"), "--vragenlijst", "samenwerking@2.0", "-o", str(out), "--toon-koppeling"], env={"COLUMNS": "200"}
    )
    assert result.exit_code == 0, result.output
    lines = {loose(line.split("│")[1]): line.split("│")[2].strip() for line in result.output.splitlines() if line.count("│") == 3}
    assert lines["id"] == "respondent" and lines["e-mail"] == "genegeerd" and lines["op welk niveau werkt u"] == "niveau"
    assert lines[loose(QUESTION_SET.vragen[0].tekst)] == f"vraag {QUESTION_SET.vragen[0].id}"
    assert "Er is niets geschreven (--toon-koppeling)." in result.output and not out.exists()
    assert "geheim" not in result.output.lower()  # headers only, never a cell

    traject = tmp_path / "traject"
    shutil.copytree(ROOT / "voorbeelden" / "zorg-en-veiligheidshuis", traject)
    before = sorted(p.name for p in (traject / "interviews").iterdir())
    result = CliRunner().invoke(cli, ["importeer", str(traject), str(tmp_path / "forms.xlsx"), "--toon-koppeling"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "Koppeling van de kolommen" in result.output and sorted(p.name for p in (traject / "interviews").iterdir()) == before


def edited_export(tmp_path) -> tuple[Path, list[dict]]:
    """The Forms export with the EDITED headers; rol2's is too far from its question to be taken."""
    from openpyxl import load_workbook

    rows = people()
    as_forms_xlsx(rows, tmp_path / "forms.xlsx")
    book = load_workbook(tmp_path / "forms.xlsx")
    headers = {loose(cell.value or ""): cell for cell in book.active[1]}
    for question, edited, _ in EDITED:
        original = next(q.tekst for q in QUESTION_SET.vragen if q.id == question)
        headers[loose(curly(original))].value = edited
    book.save(tmp_path / "edited.xlsx")
    return tmp_path / "edited.xlsx", rows


def test_a_saved_mapping_reads_what_the_rules_would_not(tmp_path):
    edited, rows = edited_export(tmp_path)
    as_ids_csv(rows, tmp_path / "ids.csv")
    rol2 = next(header for question, header, _ in EDITED if question == "rol2")
    mapping = tmp_path / "koppeling.yaml"
    mapping.write_text(f'kolommen:\n  "{rol2}": rol2\n  "E-mail": negeren\n', encoding="utf-8")
    assert documents(edited, mapping=mapping) == documents(tmp_path / "ids.csv")
    survey = read_survey(edited, QUESTION_SET, partnership="ZVH Noord", mapping={rol2: "ROL2"})  # any case, also as a dict
    assert not any("rol2" in note for note in survey.notes)


def test_toon_koppeling_prints_a_mapping_that_reads_back(tmp_path):
    from click.testing import CliRunner

    from volwassenheid.cli.main import cli

    edited, _ = edited_export(tmp_path)
    shown = CliRunner().invoke(
        cli,
        ["batch", str(edited), "--vragenlijst", "samenwerking@2.0", "-o", str(tmp_path / "uit"), "--toon-koppeling", "--samenwerkingsverband", "ZVH"],
    )
    assert shown.exit_code == 0, shown.output
    text = shown.output[shown.output.index("kolommen:") : shown.output.index("Er is niets geschreven")]
    assert '  "Id": "respondent"' in text and '  "E-mail": "negeren"' in text and '"rol3"' in text
    # the consultant fills in the one column the rules left: rol2
    rol2 = next(header for question, header, _ in EDITED if question == "rol2")
    (tmp_path / "koppeling.yaml").write_text(text.replace(f'"{rol2}": "negeren"', f'"{rol2}": rol2'), encoding="utf-8")
    result = CliRunner().invoke(
        cli,
        [
            "batch",
            str(edited),
            "--vragenlijst",
            "samenwerking@2.0",
            "-o",
            str(tmp_path / "uit"),
            "--koppeling",
            str(tmp_path / "koppeling.yaml"),
            "--samenwerkingsverband",
            "ZVH",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "niet in het bestand" not in result.output  # every question read, rol2 too


def test_a_mapping_with_an_unknown_meaning_names_file_line_and_header(tmp_path):
    from click.testing import CliRunner

    from volwassenheid.cli.main import cli

    as_forms_xlsx(people(3), tmp_path / "forms.xlsx")
    mapping = tmp_path / "koppeling.yaml"
    mapping.write_text('kolommen:\n  "Id": respondent\n  "Naam": persoon\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["batch", str(tmp_path / "forms.xlsx"), "-o", str(tmp_path / "uit"), "--koppeling", str(mapping)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"{mapping}: ongeldige koppeling:" in result.output
    assert "regel 3, kolommen.Naam: onbekende betekenis 'persoon'" in result.output
    mapping.write_text("kolom:\n  Id: respondent\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["batch", str(tmp_path / "forms.xlsx"), "-o", str(tmp_path / "uit"), "--koppeling", str(mapping)])
    assert result.exit_code == 1 and "kolom" in result.output and "onbekende sleutel" in result.output
    assert not (tmp_path / "uit").exists()


def test_limesurvey_headings_with_underscores_for_spaces_are_read_as_the_question(tmp_path):
    rows = people(4)
    as_ids_csv(rows, tmp_path / "ids.csv")
    as_limesurvey_csv(rows, tmp_path / "export.csv")
    text = (tmp_path / "export.csv").read_text(encoding="utf-8").split("\n", 1)
    header = [cell.split(". ", 1)[-1].replace(" ", "_") for cell in next(csv.reader([text[0]]))]  # 'Volledige vraagtekst', spaces as '_'
    (tmp_path / "export.csv").write_text(",".join(f'"{cell}"' for cell in header) + "\n" + text[1], encoding="utf-8")
    assert header[6] == "Op_welk_niveau_werkt_u?"
    assert documents(tmp_path / "export.csv") == documents(tmp_path / "ids.csv")


def test_an_abbreviated_question_heading_is_said_to_be_cut_short(tmp_path):
    rows = people(4)
    as_limesurvey_csv(rows, tmp_path / "export.csv")
    text = (tmp_path / "export.csv").read_text(encoding="utf-8").split("\n", 1)
    header = next(csv.reader([text[0]]))
    header[7:9] = [q.tekst[:15] + ".." for q in QUESTION_SET.vragen[:2]]  # LimeSurvey's 'Afgekorte vraagtekst'
    (tmp_path / "export.csv").write_text(",".join(f'"{cell}"' for cell in header) + "\n" + text[1], encoding="utf-8")
    with pytest.raises(RowsRefused) as refused:
        read_survey(tmp_path / "export.csv", QUESTION_SET, partnership="ZVH Noord")
    assert refused.value.details == [
        f"rij 1, kolom '{header[7]}': een afgekorte vraagtekst (2 kolommen), die geen vraag zeker aanwijst: "
        "exporteer in LimeSurvey opnieuw met 'Vraagcode' of 'Volledige vraagtekst'"
    ]
