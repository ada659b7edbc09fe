"""Writes tests/fixtures/enquete.xls and enquete.ods: the same small survey as an
old Excel (97-2003) and a LibreOffice file, for the reading tests.

Needs xlwt and odfpy, which the tool itself does not use:
    pip install xlwt odfpy && python scripts/make_spreadsheet_fixtures.py
"""

from __future__ import annotations

from pathlib import Path

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures"
# Two blank rows above the header, as some exports have: row numbers in messages must still match.
ROWS = [
    ["respondent", "organisatie", "niveau", "v1", "v2", "t1", "t2", "t3", "i1"],
    ["r1", "Politie", "tactisch", 4.0, 2.0, "a", "B", "weet niet", ""],
    ["r2", "Gemeente Súdwest", "Operationeel", 2, 2, 3, 3, 3, 5],
    ["r3", "OM", "strategisch", 7, 2, 3, 3, 3, 5],
]
FIRST_ROW = 2  # zero-based: the header is on row 3


def write_xls(path: Path) -> None:
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("Antwoorden")
    for r, row in enumerate(ROWS, start=FIRST_ROW):
        for c, value in enumerate(row):
            if value != "":
                sheet.write(r, c, value)
    book.save(str(path))


def write_ods(path: Path) -> None:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    document = OpenDocumentSpreadsheet()
    table = Table(name="Antwoorden")
    for _ in range(FIRST_ROW):
        table.addElement(TableRow())
    for row in ROWS:
        table_row = TableRow()
        for value in row:
            if isinstance(value, (int, float)):
                cell = TableCell(valuetype="float", value=value)
            else:
                cell = TableCell(valuetype="string")
            cell.addElement(P(text=str(value)))
            table_row.addElement(cell)
        table.addElement(table_row)
    document.spreadsheet.addElement(table)
    document.save(str(path))


if __name__ == "__main__":
    write_xls(FIXTURES / "enquete.xls")
    write_ods(FIXTURES / "enquete.ods")
