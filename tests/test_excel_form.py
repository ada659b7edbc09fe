"""The Excel form (issue 16): one respondent fills it in offline; a folder of filled forms is scored
as one export. The form's dropdowns, protection and text cells; the folder read back, problems named
by file and cell, and scores identical to the same answers as a CSV with ids."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from volwassenheid.app.survey import question_set_of
from volwassenheid.cli.main import cli
from volwassenheid.core.questionset import LEVEL_LABELS
from volwassenheid.core.survey_form import FormGroup, FormOption, FormQuestion, SurveyForm, survey_form
from volwassenheid.storage.form_excel import excel_form

ROOT = Path(__file__).parent.parent
CORE = question_set_of(None)  # samenwerking, its core: 45 questions
ORGANISATIONS = ["Politie", "Openbaar Ministerie", "Gemeente Waalmonde"]
LEVELS = list(LEVEL_LABELS)


def form_bytes(organisations=ORGANISATIONS) -> bytes:
    return excel_form(survey_form(CORE, organisations=organisations, partnership="ZVH Waalmonde"))


def answer_rows(sheet) -> dict[str, int]:
    """code (column A) -> its row"""
    return {str(row[0].value): row[0].row for row in sheet.iter_rows(min_col=1, max_col=1) if row[0].value not in (None, "code")}


def list_of(book, validation) -> list[str]:
    """The texts a list validation offers, through its defined name."""
    name = book.defined_names[validation.formula1]
    sheet_name, cells = name.attr_text.split("!")
    return [row[0].value for row in book[sheet_name][cells.replace("$", "")]]


# --- the form ----------------------------------------------------------------------------------


def test_every_answer_cell_has_a_dropdown_of_its_option_texts_through_a_defined_name():
    book = load_workbook(io.BytesIO(form_bytes()))
    sheet = book["Vragenlijst"]
    rows = answer_rows(sheet)
    assert len(rows) == 2 + 45  # organisatie, niveau and the core's 45 questions
    offered = {}
    for validation in sheet.data_validations.dataValidation:
        assert validation.type == "list" and validation.formula1 in book.defined_names
        assert validation.showErrorMessage and not validation.showDropDown  # showDropDown=True would hide the arrow
        for cell in str(validation.sqref).split():
            offered[cell] = list_of(book, validation)
    assert set(offered) == {f"C{row}" for row in rows.values()}  # every answer cell, and nothing else
    assert offered[f"C{rows['niveau']}"] == ["Strategisch (bestuur, directie)", "Tactisch (management, ketenregie)", "Operationeel (uitvoering)"]
    assert offered[f"C{rows['organisatie']}"] == ["Politie", "Openbaar Ministerie", "Gemeente Waalmonde"]
    doel1 = next(q for q in CORE.vragen if q.id == "doel1")
    assert offered[f"C{rows['doel1']}"] == [*doel1.opties, "Weet ik niet", "Niet van toepassing"]
    assert offered[f"C{rows['doel1']}"][0] == "Elke partner werkt vanuit de eigen opdracht, en partners spreken per zaak af wat ze willen."
    assert len(",".join(offered[f"C{rows['doel1']}"])) > 255  # too long for an inline list: hence the hidden sheet
    assert book.defined_names["keuzes_doel1"].attr_text.startswith("Keuzes!$")
    assert book["Keuzes"].sheet_state == "hidden"


def test_without_organisations_the_organisation_is_typed_in_freely():
    book = load_workbook(io.BytesIO(form_bytes(organisations=())))
    sheet = book["Vragenlijst"]
    row = answer_rows(sheet)["organisatie"]
    covered = " ".join(str(v.sqref) for v in sheet.data_validations.dataValidation).split()
    assert f"C{row}" not in covered and f"C{answer_rows(sheet)['niveau']}" in covered
    assert not sheet[f"C{row}"].protection.locked


def test_the_sheet_is_protected_without_a_password_and_only_the_answer_cells_are_open():
    sheet = load_workbook(io.BytesIO(form_bytes()))["Vragenlijst"]
    assert sheet.protection.sheet and not sheet.protection.password
    unlocked = {
        cell.coordinate for row in sheet.iter_rows(min_row=1, max_row=sheet.max_row + 5, max_col=6) for cell in row if not cell.protection.locked
    }
    assert unlocked == {f"C{row}" for row in answer_rows(sheet).values()}


def test_under_each_question_its_options_are_written_out_in_full():
    """Excel's dropdown is as wide as the answer column and cuts long texts off: the respondent reads them here."""
    sheet = load_workbook(io.BytesIO(form_bytes()))["Vragenlijst"]
    row = answer_rows(sheet)["doel1"]
    doel1 = next(q for q in CORE.vragen if q.id == "doel1")
    below = [sheet.cell(row=row + k, column=2).value for k in range(1, 8)]
    assert below == [f"• {text}" for text in [*doel1.opties, "Weet ik niet", "Niet van toepassing"]]
    assert sheet.cell(row=row, column=2).value == doel1.tekst


def test_the_form_prints_to_the_width_of_a_page_with_the_header_on_every_page():
    sheet = load_workbook(io.BytesIO(form_bytes()))["Vragenlijst"]
    header = next(row[0].row for row in sheet.iter_rows(min_col=1, max_col=1) if row[0].value == "code")
    assert sheet.print_title_rows == f"${header}:${header}"
    assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.page_setup.fitToWidth == 1 and sheet.page_setup.fitToHeight == 0


FORMULA_LIKE = ["=1+1", "+31 6 1234", "-WAAR", "@SOM(A1)", '=HYPERLINK("http://x")']


def test_no_text_of_the_form_becomes_a_formula():
    options = tuple(FormOption(str(n), text) for n, text in enumerate(FORMULA_LIKE, start=1))
    question = FormQuestion("q1", "q1", "=2*3 is de vraag", options, "=noot")
    about = (FormQuestion("organisatie", "organisatie", "@org", ()), FormQuestion("niveau", "niveau", "niveau?", (FormOption("S", "=S"),)))
    form = SurveyForm("=titel", ("+intro",), "", (FormGroup("Over u", "", about), FormGroup("-dimensie", "=uitleg", (question,))), "x 1.0")
    data = excel_form(form)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets = [name for name in archive.namelist() if name.startswith("xl/worksheets/sheet")]
        assert len(sheets) == 2 and not any(b"<f>" in archive.read(name) or b"<f " in archive.read(name) for name in sheets)
    book = load_workbook(io.BytesIO(data))
    texts = {cell.value: cell.data_type for sheet in book.worksheets for row in sheet.iter_rows() for cell in row if cell.value is not None}
    for text in [*FORMULA_LIKE, "=2*3 is de vraag", "=noot", "=titel", "+intro", "@org", "-dimensie", "=uitleg", "=S"]:
        assert texts.get(text) == "s", text
    question_list = next(v for v in book["Vragenlijst"].data_validations.dataValidation if v.formula1 == "keuzes_q1")
    assert list_of(book, question_list) == FORMULA_LIKE


# --- a folder of filled forms ---------------------------------------------------------------------


def answers_for(seed: int) -> dict[str, object]:
    """A phase, 'wn' or 'nvt' per question, fixed by seed."""
    found: dict[str, object] = {}
    for k, q in enumerate(CORE.vragen):
        pick = (seed * 7 + k * 3) % 11
        found[q.id] = "wn" if pick == 0 else "nvt" if pick == 1 else 1 + (seed + k) % len(q.opties)
    return found


PEOPLE = [  # (file name, organisation, level, answers)
    ("r01", "Politie", "strategisch", answers_for(1)),
    ("r02", "Openbaar Ministerie", "tactisch", answers_for(2)),
    ("r03", "Gemeente Waalmonde", "operationeel", answers_for(3)),
    ("r04", "Politie", "operationeel", answers_for(4)),
]


def option_text(question_id: str, answer: object) -> str:
    if answer == "wn":
        return "Weet ik niet"
    if answer == "nvt":
        return "Niet van toepassing"
    question = next(q for q in CORE.vragen if q.id == question_id)
    return question.opties[int(answer) - 1].replace("'", "\u2019")  # as pasted from Word: a curly apostrophe


def fill(path: Path, organisation: str | None, level: str | None, answers: dict[str, object], *, blank=False, extra=None) -> None:
    book = load_workbook(io.BytesIO(form_bytes()))
    sheet = book["Vragenlijst"]
    rows = answer_rows(sheet)
    if not blank:
        sheet[f"C{rows['organisatie']}"] = organisation
        sheet[f"C{rows['niveau']}"] = LEVEL_LABELS[level] if level else None
        for question_id, answer in answers.items():
            sheet[f"C{rows[question_id]}"] = option_text(question_id, answer)
    for address, value in (extra or {}).items():
        sheet[address] = value
    book.save(path)


def forms_folder(tmp_path: Path, people=PEOPLE) -> Path:
    folder = tmp_path / "antwoorden"
    folder.mkdir()
    for name, organisation, level, answers in people:
        fill(folder / f"{name}.xlsx", organisation, level, answers)
    return folder


def as_ids_csv(path: Path, people=PEOPLE) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file, delimiter=";")
        writer.writerow(["respondent", "organisatie", "niveau", *(q.id for q in CORE.vragen)])
        for name, organisation, level, answers in people:
            writer.writerow([name, organisation, level, *(answers[q.id] for q in CORE.vragen)])
    return path


def batch(source: Path, out: Path, *more: str):
    arguments = ["batch", str(source), "-o", str(out), "--samenwerkingsverband", "ZVH Waalmonde", "--datum", "2026-10-20", *more]
    return CliRunner().invoke(cli, arguments, env={"COLUMNS": "200"})


def documents(out: Path) -> dict[str, object]:
    return {path.name: json.loads(path.read_text(encoding="utf-8")) for path in sorted(out.glob("*/*.json"))}


def test_a_folder_of_filled_forms_scores_as_the_same_answers_with_ids(tmp_path):
    folder = forms_folder(tmp_path)
    from_forms = batch(folder, tmp_path / "uit-formulieren")
    assert from_forms.exit_code == 0, from_forms.output
    from_csv = batch(as_ids_csv(tmp_path / "ids.csv"), tmp_path / "uit-csv")
    assert from_csv.exit_code == 0, from_csv.output
    assert documents(tmp_path / "uit-formulieren") == documents(tmp_path / "uit-csv")
    assert len(documents(tmp_path / "uit-formulieren")) == 2  # scores.json and advies.json
    assert f"4 formulieren gelezen uit map {folder}" in from_forms.output
    # the options pasted with curly apostrophes were read (rol2 option 2 has one), and 'Weet ik niet' too
    assert any(answers["rol2"] == 2 for *_, answers in PEOPLE) and any("wn" in answers.values() for *_, answers in PEOPLE)


def test_three_forms_at_two_three_and_four_score_three(tmp_path):
    """doel1..doel5 at phase 2, 3 and 4 (one partner each), the rest weet niet: doel scores (2+3+4)/3 = 3.0."""
    people = [
        (f"p{phase}", organisation, "tactisch", {q.id: (phase if q.id.startswith("doel") else "wn") for q in CORE.vragen})
        for phase, organisation in zip((2, 3, 4), ORGANISATIONS, strict=True)
    ]
    result = batch(forms_folder(tmp_path, people), tmp_path / "uit")
    assert result.exit_code == 0, result.output
    scores = documents(tmp_path / "uit")["scores.json"]
    doel = next(d for d in scores["dimensies"] if d["id"] == "doel")
    assert doel["score"] == 3.0 and doel["n"] == 3


def test_rows_sorted_by_the_respondent_are_still_read_by_their_codes(tmp_path):
    folder = forms_folder(tmp_path)
    book = load_workbook(folder / "r01.xlsx")
    sheet = book["Vragenlijst"]
    rows = answer_rows(sheet)
    first, second = rows["doel1"], rows["rel1"]
    for column in "ABC":  # the two question rows swapped, as sorting would
        upper, lower = sheet[f"{column}{first}"], sheet[f"{column}{second}"]
        upper.value, lower.value = lower.value, upper.value
    book.save(folder / "r01.xlsx")
    assert batch(folder, tmp_path / "uit").exit_code == 0
    assert batch(as_ids_csv(tmp_path / "ids.csv"), tmp_path / "uit-csv").exit_code == 0
    assert documents(tmp_path / "uit") == documents(tmp_path / "uit-csv")


def test_a_bad_answer_is_named_by_file_and_cell(tmp_path):
    folder = forms_folder(tmp_path)
    book = load_workbook(folder / "r02.xlsx")
    sheet = book["Vragenlijst"]
    assert sheet["A15"].value == "doel1"  # title, 3 paragraphs, how to answer, a blank row, header, Over u (2 questions), doel
    sheet["C15"] = "Soms"  # pasted over the dropdown: Excel does not check a paste
    book.save(folder / "r02.xlsx")
    result = batch(folder, tmp_path / "uit")
    assert result.exit_code == 1
    assert f"{folder}/r02.xlsx, C15: onbekend antwoord 'Soms'" in result.output
    assert "rij 3" not in result.output  # the synthetic table's row is never shown
    assert not (tmp_path / "uit").exists()


def test_a_level_that_is_not_a_level_is_named_by_its_cell(tmp_path):
    folder = forms_folder(tmp_path)
    fill(folder / "r05.xlsx", "Politie", None, answers_for(5), extra={"C11": "Directie"})
    result = batch(folder, tmp_path / "uit")
    assert result.exit_code == 1
    assert f"{folder}/r05.xlsx, C11: onbekend niveau 'Directie'" in result.output


def test_files_that_are_not_filled_forms_are_named(tmp_path):
    folder = forms_folder(tmp_path)
    (folder / "~$r01.xlsx").write_bytes(b"lock")  # Excel's lock file of an open form
    (folder / ".DS_Store").write_bytes(b"")
    (folder / "notities.txt").write_text("niet lezen", encoding="utf-8")
    (folder / "oud").mkdir()
    fill(folder / "leeg.xlsx", None, None, {}, blank=True)
    other = question_set_of("quickscan@2.0")
    (folder / "quickscan.xlsx").write_bytes(excel_form(survey_form(other)))
    book = load_workbook(folder / "quickscan.xlsx")
    book["Vragenlijst"]["C9"] = "Politie"
    book.save(folder / "quickscan.xlsx")
    from openpyxl import Workbook

    export = Workbook()
    export.active.append(["Id", "Naam"])
    export.save(folder / "export.xlsx")
    (folder / "kapot.xlsx").write_bytes(b"geen zip")

    result = batch(folder, tmp_path / "uit")
    assert result.exit_code == 1
    text = " ".join(result.output.split())
    assert f"{folder}/leeg.xlsx: leeg formulier: er is niets ingevuld" in text
    assert f"{folder}/quickscan.xlsx: geen van de 11 vraagcodes in kolom A hoort bij deze vragenlijst" in text
    assert f"{folder}/export.xlsx: geen ingevuld formulier van volwassenheid" in text
    assert f"{folder}/kapot.xlsx: geen leesbaar Excel-bestand" in text
    assert "~$" not in text and "DS_Store" not in text

    result = batch(folder, tmp_path / "uit", "--overslaan")
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    assert "niet gelezen (geen .xlsx-formulier): 'notities.txt', 'oud/'" in text
    assert "4 rijen afgewezen" in text or "4 afgewezen" in text
    rejected = (tmp_path / "uit" / "afgewezen.csv").read_text(encoding="utf-8-sig").splitlines()
    assert rejected[0] == "bestand en cel;kolom;probleem" and len(rejected) == 5


def test_a_form_with_only_weet_niet_is_listed_as_not_counted_by_its_file(tmp_path):
    people = [*PEOPLE, ("r09", "Politie", "tactisch", dict.fromkeys((q.id for q in CORE.vragen), "wn"))]
    folder = forms_folder(tmp_path, people)
    result = batch(folder, tmp_path / "uit")
    assert result.exit_code == 0, result.output
    assert f"Let op, ZVH Waalmonde: {folder}/r09.xlsx telt niet mee: geen enkele vraag met een fase beantwoord" in " ".join(result.output.split())


def test_an_empty_folder_or_one_without_forms_is_a_clear_error(tmp_path):
    folder = tmp_path / "antwoorden"
    folder.mkdir()
    result = batch(folder, tmp_path / "uit")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"{folder}: de map bevat geen ingevulde Excel-formulieren (.xlsx)." in result.output
    (folder / "antwoorden.csv").write_text("x", encoding="utf-8")
    result = batch(folder, tmp_path / "uit")
    assert result.exit_code == 1 and "Er staat wel in: 'antwoorden.csv'." in result.output


def test_nothing_typed_outside_the_answer_cells_reaches_the_output(tmp_path):
    folder = forms_folder(tmp_path)
    book = load_workbook(folder / "r03.xlsx")
    sheet = book["Vragenlijst"]
    sheet.protection.sheet = False  # a respondent who switched the protection off
    sheet["D15"] = "Piet Geheimnaam, 06-12345678"
    sheet["B15"] = "Geheimnaam vindt deze vraag raar"
    sheet["C16"] = "Geheimnaam: opmerking onder een optie"
    sheet["A200"] = "geheimnaam"  # looks like a code, is none of the set's
    book.save(folder / "r03.xlsx")
    result = batch(folder, tmp_path / "uit", "--overslaan")
    written = " ".join(path.read_text(encoding="utf-8-sig") for path in (tmp_path / "uit").rglob("*") if path.is_file())
    assert "geheimnaam" not in (result.output + written).lower()


def test_importeer_takes_a_folder_of_forms(tmp_path):
    import shutil

    traject = tmp_path / "traject"
    shutil.copytree(ROOT / "voorbeelden" / "zorg-en-veiligheidshuis", traject)
    folder = forms_folder(tmp_path, PEOPLE[:2])
    result = CliRunner().invoke(cli, ["importeer", str(traject), str(folder)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "2 respondenten toegevoegd" in result.output
    again = CliRunner().invoke(cli, ["importeer", str(traject), str(folder)], env={"COLUMNS": "200"})
    assert again.exit_code == 1 and f"{folder}/r01.xlsx: al eerder geïmporteerd" in " ".join(again.output.split())


@pytest.mark.parametrize("name", ["r01.XLSX"])
def test_the_suffix_is_matched_in_any_case_and_the_name_is_the_respondent(tmp_path, name):
    folder = tmp_path / "antwoorden"
    folder.mkdir()
    fill(folder / name, "Politie", "tactisch", answers_for(1))
    from volwassenheid import read_survey

    survey = read_survey(folder, CORE, partnership="ZVH")
    assert survey.rows.respondent_ids == ["r01"]
