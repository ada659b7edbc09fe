"""A question set as an Excel form that one respondent fills in offline and mails back.

One sheet, read from top to bottom: the title and the introduction, then per question a row with its
code (column A, grey), its text (B) and the answer cell (C) with a dropdown of the options. Under each
question its options are written out in full, one row each: Excel's dropdown is as wide as the answer
column and cuts a long option text off, so the respondent reads the options there and picks one in the
dropdown. The lists come from a hidden sheet through a defined name (an inline list holds at most 255
characters; one question's options hold about 700). The sheet is protected without a password, only
against slips: the answer cells are the only unlocked cells.

The form is read back by storage.filled_forms, by the codes in column A (whatever the row order);
what a respondent typed anywhere else is never read.
"""

from __future__ import annotations

import io
import math
from typing import TYPE_CHECKING

from volwassenheid.core.survey_form import FormQuestion, SurveyForm

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.cell.cell import Cell, MergedCell
    from openpyxl.worksheet.datavalidation import DataValidation
    from openpyxl.worksheet.worksheet import Worksheet

SHEET = "Vragenlijst"
LIST_SHEET = "Keuzes"
CODE_COLUMN, TEXT_COLUMN, ANSWER_COLUMN = 1, 2, 3
"""Column A holds a question's id (or organisatie, niveau): what the reader finds the answer by;
the answer is in column C of that row."""
CODE_HEADER, TEXT_HEADER, ANSWER_HEADER = "code", "Vraag", "Uw antwoord"
WIDTHS = {"A": 11, "B": 72, "C": 48}
LINE_HEIGHT = 15.0
"""Points per line of 11-point text: openpyxl cannot measure text, so wrapped rows get their height from here."""

HOW_TO_ANSWER = (
    "Zo vult u het in: klik in de gele cel naast een vraag (kolom C) en kies uw antwoord uit de lijst achter het pijltje. "
    "Onder elke vraag staan de antwoorden voluit; in de lijst ziet u ze misschien ingekort. Alleen de gele cellen kunt u invullen."
)
CLOSING = "Klaar? Sla het bestand op en stuur het terug naar wie het u gestuurd heeft. Dank u wel voor het invullen."


def excel_form(form: SurveyForm) -> bytes:
    """The .xlsx for `form`: a vertical, printable form with a dropdown per answer cell."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill, Protection
    from openpyxl.worksheet.properties import PageSetupProperties

    book = Workbook()
    sheet = book.worksheets[0]
    sheet.title = SHEET
    lists = book.create_sheet(LIST_SHEET)
    lists.sheet_state = "hidden"
    book.properties.title = form.title
    for letter, width in WIDTHS.items():
        sheet.column_dimensions[letter].width = width

    wrap = Alignment(wrap_text=True, vertical="top")
    grey = Font(color="808080", size=9)
    answer_fill = PatternFill("solid", fgColor="FFF2CC")
    group_fill = PatternFill("solid", fgColor="D9E1F2")
    row = 1

    def text(column: int, value: str, font: Font | None = None, alignment: Alignment = wrap) -> None:
        cell = sheet.cell(row=row, column=column)
        _set_text(cell, value)
        cell.alignment = alignment
        if font is not None:
            cell.font = font

    def paragraph(value: str, width: float, font: Font | None = None) -> None:
        """A text over columns B and C (merged), with the row as high as the text."""
        nonlocal row
        text(TEXT_COLUMN, value, font)
        sheet.merge_cells(start_row=row, start_column=TEXT_COLUMN, end_row=row, end_column=ANSWER_COLUMN)
        sheet.row_dimensions[row].height = _height(value, width)
        row += 1

    text(TEXT_COLUMN, form.title, font=Font(bold=True, size=14), alignment=Alignment(vertical="top"))
    sheet.row_dimensions[row].height = 22
    row += 1
    both = WIDTHS["B"] + WIDTHS["C"]
    for value in (*form.intro, HOW_TO_ANSWER):
        paragraph(value, both)
    row += 1
    header_row = row
    for column, value in ((CODE_COLUMN, CODE_HEADER), (TEXT_COLUMN, TEXT_HEADER), (ANSWER_COLUMN, ANSWER_HEADER)):
        text(column, value, font=Font(bold=True, color="808080" if column == CODE_COLUMN else None))
    row += 1

    validations: list[DataValidation] = []
    list_column = 0
    for group in form.groups:
        for column in (CODE_COLUMN, TEXT_COLUMN, ANSWER_COLUMN):
            sheet.cell(row=row, column=column).fill = group_fill
        text(TEXT_COLUMN, group.title, font=Font(bold=True, size=12))
        row += 1
        if group.description:
            paragraph(group.description, both, font=Font(italic=True))
        for question in group.questions:
            text(CODE_COLUMN, question.id, font=grey)
            text(TEXT_COLUMN, question.text, font=Font(bold=True))
            answer = sheet.cell(row=row, column=ANSWER_COLUMN)
            answer.protection = Protection(locked=False)
            answer.fill = answer_fill
            answer.alignment = wrap
            longest = max([question.text, *(option.text for option in question.options)], key=len)
            sheet.row_dimensions[row].height = max(_height(question.text, WIDTHS["B"]), _height(longest, WIDTHS["C"]))
            if question.options:
                list_column += 1
                validations.append(_dropdown(book, lists, list_column, question))
                validations[-1].add(answer.coordinate)
            row += 1
            if question.note:
                text(TEXT_COLUMN, question.note, font=Font(italic=True, color="595959"))
                sheet.row_dimensions[row].height = _height(question.note, WIDTHS["B"])
                row += 1
            if group is not form.groups[0]:  # organisation and level: short, whole in the dropdown
                for option in question.options:
                    text(TEXT_COLUMN, f"• {option.text}", font=Font(color="404040"), alignment=Alignment(wrap_text=True, vertical="top", indent=1))
                    sheet.row_dimensions[row].height = _height(option.text, WIDTHS["B"] - 3)
                    row += 1
            row += 1  # a blank row between questions
    paragraph(CLOSING, both, font=Font(italic=True))
    for validation in validations:
        sheet.add_data_validation(validation)

    sheet.freeze_panes = f"A{header_row + 1}"
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.page_setup.orientation = "portrait"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.print_area = f"A1:C{row}"
    sheet.protection.sheet = True  # no password: it guards against slips, not against anyone
    sheet.protection.formatColumns = False  # widening a column stays allowed (openpyxl's flags say "protected")
    sheet.protection.formatRows = False
    sheet.sheet_view.selection[0].activeCell = sheet.cell(row=header_row + 2, column=ANSWER_COLUMN).coordinate
    sheet.sheet_view.selection[0].sqref = sheet.sheet_view.selection[0].activeCell
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def list_name(question: FormQuestion) -> str:
    """The defined name of a question's list of options: 'keuzes_' and its code (letters and digits only)."""
    return f"keuzes_{question.code}"


def _dropdown(book: Workbook, lists: Worksheet, column: int, question: FormQuestion) -> DataValidation:
    """The question's options in a column of the hidden sheet, named, and a list validation on that name."""
    from openpyxl.utils import get_column_letter
    from openpyxl.workbook.defined_name import DefinedName
    from openpyxl.worksheet.datavalidation import DataValidation

    for position, option in enumerate(question.options, start=1):
        _set_text(lists.cell(row=position, column=column), option.text)
    letter = get_column_letter(column)
    name = list_name(question)
    book.defined_names[name] = DefinedName(name, attr_text=f"{LIST_SHEET}!${letter}$1:${letter}${len(question.options)}")
    return DataValidation(
        type="list",
        formula1=name,
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Ongeldig antwoord",
        error="Kies een antwoord uit de lijst.",
        showInputMessage=False,
    )


def _set_text(cell: Cell | MergedCell, value: str) -> None:
    """The value as text, always: a text starting with '=' would otherwise be written as a formula."""
    cell.value = value
    cell.data_type = "s"


def _height(value: str, width: float) -> float:
    """Points for `value` wrapped in a column `width` characters wide (an estimate: 11-point text
    fits about width × 1.1 characters to a line, less with a bold font)."""
    per_line = max(width * 1.05, 10)
    lines = sum(max(1, math.ceil(len(part) / per_line)) for part in value.split("\n"))
    return lines * LINE_HEIGHT + 3
