"""Read the first sheet of a spreadsheet export (.xlsx, .xlsm, .xls, .ods) into a Table.

A spreadsheet is a zip: its unpacked size and packing ratio are checked before
it is opened (MAX_UNPACKED_MB, MAX_RATIO). A formula cell saved without its
result would read as empty, so it is refused with the cell's address.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree

from volwassenheid.core.errors import UserError
from volwassenheid.core.survey_table import Problem, Table

SPREADSHEETS = (".xlsx", ".xlsm", ".xlsb", ".xls", ".ods")


ZIPPED = (".xlsx", ".xlsm", ".xlsb", ".ods")


WITH_SHEET_XML = (".xlsx", ".xlsm")


MAX_UNPACKED_MB = 250
"""A spreadsheet is a zip; unpacked, 250 MB is about 150,000 rows of 40 questions
(reading it takes about four times as much memory)."""


MAX_RATIO = 100
"""Real spreadsheets pack 5 to 20 times; a zip bomb a thousand times."""


def read_spreadsheet(path: Path) -> Table:
    """The first sheet, from its first filled row (the header) on; row numbers as Excel shows them."""
    from python_calamine import CalamineError, CalamineWorkbook, PasswordError

    if path.suffix.lower() in ZIPPED:
        _check_unpacked_size(path)
    try:
        workbook = CalamineWorkbook.from_path(str(path))
        sheet = workbook.get_sheet_by_index(0)
        rows = sheet.to_python()  # leading empty rows and columns left out; sheet.start says where it begins
    except PasswordError as error:
        raise UserError(f"{path}: het bestand is met een wachtwoord beveiligd; sla het zonder wachtwoord op.") from error
    except CalamineError as error:
        raise UserError(f"{path}: geen leesbaar Excel- of OpenDocument-bestand.") from error
    if not rows or all(cell == "" for cell in rows[0]):
        raise UserError(f"{path}: het eerste werkblad ('{sheet.name}') is leeg.")
    start = sheet.start or (0, 0)  # None only for an empty sheet, refused above
    header_row, first_column = start[0] + 1, start[1]
    cells = [[_cell_text(value) for value in row] for row in rows]
    problems = []
    if path.suffix.lower() in WITH_SHEET_XML:
        header = cells[0]
        for address, row, column in formulas_without_value(path):
            if row <= header_row:
                raise UserError(f"{path}: cel {address} in de kopregel bevat een formule zonder opgeslagen uitkomst. {_RECALCULATE}")
            index = column - first_column
            name = header[index] if 0 <= index < len(header) and header[index] else None
            problems.append(Problem(row, name, f"cel {address} bevat een formule zonder opgeslagen uitkomst. {_RECALCULATE}"))
    table = Table.from_rows(f"{path} (werkblad '{sheet.name}')", cells, first_row=header_row + 1, problems=problems)
    table.notes = _sheet_notes(workbook, sheet.name)
    return table


def _sheet_notes(workbook, read: str) -> list[str]:
    """Which sheet was read, and a warning when it is hidden or when other sheets hold data too:
    only the first sheet is read, whatever Excel shows when the file is opened."""
    from python_calamine import CalamineError

    try:
        sheets = workbook.sheets_metadata
    except (CalamineError, AttributeError):
        return [f"werkblad '{read}' gelezen"]
    hidden = {sheet.name for sheet in sheets if str(sheet.visible).rsplit(".", 1)[-1] != "Visible"}
    notes = [f"werkblad '{read}' gelezen (het eerste van {len(sheets)})" if len(sheets) > 1 else f"werkblad '{read}' gelezen"]
    if read in hidden:
        notes.append(
            f"het gelezen werkblad '{read}' is verborgen in Excel (wie het bestand opent, ziet het niet); controleer of dit de antwoorden zijn"
        )
    others = [sheet.name for sheet in sheets[1:] if sheet.name != read and _holds_data(workbook, sheet.name)]
    if others:
        listed = ", ".join(f"'{name}'" + (" (verborgen)" if name in hidden else "") for name in others[:5])
        more = f" en {len(others) - 5} meer" if len(others) > 5 else ""
        notes.append(
            f"werkblad {listed}{more} bevat ook gegevens, maar is niet gelezen: alleen het eerste werkblad telt. "
            "Zet het werkblad met de antwoorden vooraan"
        )
    return notes


def _holds_data(workbook, name: str) -> bool:
    from python_calamine import CalamineError

    try:
        rows = workbook.get_sheet_by_name(name).to_python()
    except (CalamineError, ValueError, TypeError):
        return False  # a chart sheet or another sheet without cells
    return any(cell not in ("", None) for row in rows for cell in row)


_RECALCULATE = "Open het bestand in Excel of LibreOffice en sla het opnieuw op, dan wordt de uitkomst bewaard"


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))  # 3.0 as 3; 1e308 stays 1e+308, not 309 digits
    return str(value)


def _check_unpacked_size(path: Path) -> None:
    """Refuse a spreadsheet whose parts, as the zip declares them, unpack to too
    much, or pack suspiciously well: before any of it is unpacked."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError):
        return  # not a zip after all: the spreadsheet reader says the file is unreadable
    megabytes = sum(member.file_size for member in members) / 2**20
    if megabytes > MAX_UNPACKED_MB:
        raise UserError(
            f"{path}: uitgepakt is dit werkboek {megabytes:,.0f} MB; de grens is {MAX_UNPACKED_MB} MB "
            "(ongeveer 150.000 rijen van 40 vragen). Splits de export, of sla hem op als CSV.".replace(",", ".")
        )
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > 2**20 and ratio > MAX_RATIO:
            raise UserError(
                f"{path}: onderdeel '{member.filename}' is {ratio:.0f} keer samengeperst (de grens is {MAX_RATIO} keer); "
                "zo'n bestand kan het geheugen vullen en wordt niet geopend."
            )


_FORMULA = re.compile(rb"<(?:\w+:)?f[\s/>]")


_CELL = re.compile(rb"<(?:\w+:)?c\s([^>]*?)(?<!/)>(.*?)</(?:\w+:)?c>", re.DOTALL)


_VALUE = re.compile(rb"<(?:\w+:)?v(?:\s[^>]*)?>[^<]")  # a stored result, not an empty <v/>


_ADDRESS = re.compile(rb'\br="([A-Z]{1,3})(\d+)"')


def formulas_without_value(path: Path) -> list[tuple[str, int, int]]:
    """(address, row, 0-based column) of every formula cell in the first sheet
    that has no stored result, or an empty one (<v/>, as openpyxl writes it):
    the spreadsheet reader shows those as blank."""
    try:
        with zipfile.ZipFile(path) as archive:
            part = _first_sheet_part(archive)
            if part is None:
                return []
            with archive.open(part) as stream:
                if not _contains(stream, _FORMULA):
                    return []
            xml = archive.read(part)
    except (zipfile.BadZipFile, OSError, KeyError, ElementTree.ParseError) as error:
        raise UserError(f"{path}: geen leesbaar Excel-bestand.") from error
    found = []
    for formula in _FORMULA.finditer(xml):
        cell = _CELL.match(xml, _cell_start(xml, formula.start()))
        if cell is None:
            continue
        address = _ADDRESS.search(cell.group(1))
        if address and not _VALUE.search(cell.group(2)):
            letters, row = address.group(1).decode(), int(address.group(2))
            found.append((f"{letters}{row}", row, _column_index(letters)))
    return found


def _cell_start(xml: bytes, position: int) -> int:
    """Where the cell element around `position` opens ('<c ' or, with a namespace prefix, '<x:c ')."""
    tag = max(xml.rfind(b"<c ", 0, position), xml.rfind(b":c ", 0, position))
    return xml.rfind(b"<", 0, tag + 1) if tag >= 0 else 0


def _contains(stream, pattern: re.Pattern) -> bool:
    """Whether an unpacked part holds the pattern, read a megabyte at a time.
    A plain search for '<f' or ':f' (namespaced) picks the chunks worth the pattern."""
    tail = b""
    while chunk := stream.read(2**20):
        for text in (tail + chunk[:16], chunk):
            if (b"<f" in text or b":f" in text) and pattern.search(text):
                return True
        tail = chunk[-16:]
    return False


def _first_sheet_part(archive: zipfile.ZipFile) -> str | None:
    """The file inside the workbook that holds its first sheet (the one the reader reads)."""
    relations = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    sheets = [element for element in workbook.iter() if element.tag.endswith("}sheet")]
    if not sheets:
        return None
    targets = {
        element.get("Id"): element.get("Target", "")
        for element in ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels")).iter()
        if element.tag.endswith("}Relationship")
    }
    target = targets.get(sheets[0].get(relations), "")
    return target.lstrip("/") if target.startswith("/") else f"xl/{target}"


def _column_index(letters: str) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - ord("A") + 1
    return index - 1
