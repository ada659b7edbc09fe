"""Read survey exports into a Table: CSV in any common Dutch form (UTF-8,
Windows-1252 or Excel's UTF-16 'Unicode text'; ';', ',' or tab), or the first
sheet of a spreadsheet (.xlsx, .xlsm, .xls, .ods).

A CSV is read record by record (RFC 4180), each numbered by the line it starts
on, as a text editor numbers it. A record spans several lines only through a
quoted cell with line breaks (a remark in a Google Forms, LimeSurvey or
Microsoft Forms export), and only if it closes before the end of the file, has
as many cells as the header and holds its line breaks in free-text columns.
Any other record that does not fit on its line (a stray quote) is a problem of
its first line, and the next line is read on its own: one stray quote never
swallows the rows after it.
"""

from __future__ import annotations

import csv
import re
import zipfile
from collections.abc import Iterable, Iterator
from itertools import repeat
from pathlib import Path
from xml.etree import ElementTree

from volwassenheid.core.errors import UserError
from volwassenheid.core.survey import LEVEL, ORGANISATION, PARTNERSHIP, RESPONDENT
from volwassenheid.core.survey_table import Problem, Table, header_name
from volwassenheid.storage.yamlfile import encoding_by_mark

DELIMITERS = ";,\t"
VALUE_COLUMNS = (RESPONDENT, ORGANISATION, LEVEL, PARTNERSHIP, "dimensie", "fase")
"""Columns whose cells are values: a line break in one is always a quote gone wrong."""
SPREADSHEETS = (".xlsx", ".xlsm", ".xlsb", ".xls", ".ods")
ZIPPED = (".xlsx", ".xlsm", ".xlsb", ".ods")
WITH_SHEET_XML = (".xlsx", ".xlsm")

MAX_UNPACKED_MB = 250
"""A spreadsheet is a zip; unpacked, 250 MB is about 150,000 rows of 40 questions
(reading it takes about four times as much memory)."""
MAX_RATIO = 100
"""Real spreadsheets pack 5 to 20 times; a zip bomb a thousand times."""

_LINE_END = re.compile(r"\r\n|\r|\n")
_NOT_TEXT = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_UNKNOWN_ENCODING = (
    "{source}: de tekencodering is niet herkend (geen UTF-8, UTF-16 met BOM of Windows-1252). "
    "Sla het bestand op als 'CSV UTF-8' of als 'Unicode-tekst'."
)


def read_table(path: Path, value_columns: Iterable[str] = ()) -> Table:
    """`value_columns`: header names (any case), such as question ids, whose
    cells hold a value and never a line break; in a CSV, a quoted cell over
    several lines is believed only in the other columns (see _Shape).
    respondent, organisatie, niveau, samenwerkingsverband, dimensie and fase
    always hold values."""
    path = Path(path)
    if not path.is_file():
        raise UserError(f"{path}: bestand bestaat niet.")
    if path.suffix.lower() in SPREADSHEETS:
        return _read_spreadsheet(path)
    return _read_csv(path, frozenset(map(header_name, [*VALUE_COLUMNS, *value_columns])))


def decode(data: bytes, source: str) -> str:
    """By its byte-order mark (UTF-8, UTF-16 or UTF-32); without one UTF-8, else
    Windows-1252 as Dutch Excel writes it. Zero bytes (UTF-16 without its mark),
    or control characters where Windows-1252 would be guessed, are not guessed at."""
    marked = encoding_by_mark(data)
    encodings = [marked] if marked else ["utf-8", "cp1252"]
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text and encoding != "cp1252" and text.count("\x00") * 4 < len(text):
            raise UserError(_stray_nul_bytes(text, source))
        if "\x00" in text or (encoding == "cp1252" and _NOT_TEXT.search(text)):
            break  # zero bytes: UTF-16 without its mark; other control characters: not text at all
        return text
    raise UserError(_UNKNOWN_ENCODING.format(source=source))


def _stray_nul_bytes(text: str, source: str) -> str:
    """A few NUL bytes in otherwise readable text (UTF-16 without its mark has one in every two
    characters): named with their rows, as an editor numbers them."""
    rows = sorted({number for number, line in enumerate(_lines(text), start=1) if "\x00" in line})
    shown = ", ".join(map(str, rows[:5])) + (f" en {len(rows) - 5} meer" if len(rows) > 5 else "")
    where = f"rij {shown}" if len(rows) == 1 else f"rijen {shown}"
    return (
        f"{source}: {where} bevat een nul-byte (NUL, \\x00), een teken dat in tekst niet voorkomt; "
        "haal het weg in een teksteditor of sla het bestand opnieuw op als 'CSV UTF-8'."
    )


def _read_csv(path: Path, value_columns: frozenset[str]) -> Table:
    text = decode(path.read_bytes(), str(path))
    first_line = _LINE_END.split(text, 1)[0]
    delimiter = max(DELIMITERS, key=first_line.count)
    if not text.strip():
        raise UserError(f"{path}: het bestand is leeg.")
    if first_line.count(delimiter) == 0:
        raise UserError(f"{path}: geen scheidingsteken (; , of tab) in de kopregel (rij 1) gevonden.")
    table = _split_plain(text, delimiter, str(path))
    if table is not None:
        return table
    return _split_lines(_lines(text), delimiter, str(path), value_columns)


def _split_plain(text: str, delimiter: str, source: str) -> Table | None:
    """Most exports have no quotes and the same number of cells on every line:
    then one split of the whole text gives every cell, and every width-th cell
    is a column (5x faster than csv.reader on 100,000 rows). None when the
    file needs the full CSV rules."""
    if '"' in text:
        return None
    lines = text.replace("\r\n", "\n").split("\n")
    while lines and not lines[-1]:
        lines.pop()
    if len(lines) < 2 or text.count("\r") != text.count("\r\n"):
        return None  # a lone carriage return ends a line too
    separators = lines[0].count(delimiter)
    if any(count != separators for count in map(str.count, lines, repeat(delimiter))):
        return None
    cells = delimiter.join(lines[1:]).split(delimiter)
    width = separators + 1
    return Table(source, lines[0].split(delimiter), [cells[k::width] for k in range(width)])


def _lines(text: str) -> list[str]:
    """The lines as an editor shows them: CR LF, a lone CR and LF each end one."""
    if text.count("\r") == text.count("\r\n"):
        return text.replace("\r\n", "\n").split("\n")  # 4x faster than the regular expression
    return _LINE_END.split(text)


def _blank(line: str, delimiter: str) -> bool:
    """Nothing but delimiters, quotes and spaces. (Stripping the usual ones first
    is 10x faster than removing them all, and decides nearly every line.)"""
    rest = line.strip(delimiter + '" \t')
    if not rest:
        return True
    if not rest[0].isspace():
        return False
    return not rest.replace(delimiter, "").replace('"', "").strip()


def _split_lines(lines: list[str], delimiter: str, source: str, value_columns: frozenset[str]) -> Table:
    """Every record its own row, numbered by the line it starts on (row 1 the
    header). Blank lines, holding nothing but delimiters, quotes and spaces,
    are no rows; a record that cannot be read is a problem of its first line."""
    header, problem = _cells(lines[0], delimiter)
    if problem:
        raise UserError(f"{source}: rij 1 (de kopregel): {problem}.")
    shape = _Shape(header, value_columns)
    rows, row_numbers, problems = [header], [], []
    blank: list[int] = []
    for index, cells, problem in _records(lines, delimiter, shape):
        if problem:
            problems.append(Problem(index + 1, None, problem))
        elif cells is None:
            blank.append(index + 1)
        else:
            rows.append(cells)
            row_numbers.append(index + 1)
    table = Table.from_rows(source, rows, row_numbers=row_numbers, problems=problems)
    table.blank_rows = blank
    return table


class _Shape:
    """What a record spanning several lines must look like to be believed: as
    many cells as the header (empty ones beyond it aside), and line breaks only
    in free-text columns, never in a column whose cells are values."""

    def __init__(self, header: list[str], value_columns: frozenset[str]):
        self.header = header
        self.values = {index for index, name in enumerate(header) if header_name(name) in value_columns}

    def objection(self, cells: list[str]) -> str | None:
        """Why these cells (of a record over several lines) are not a row, in Dutch; None if they are."""
        width = len(self.header)
        if len(cells) < width or any(cell.strip() for cell in cells[width:]):
            return f"heeft dan {len(cells)} cellen in plaats van {width}"
        broken = [self.header[index].strip() for index in sorted(self.values) if "\n" in cells[index]]
        if broken:
            return f"heeft dan een regeleinde in kolom '{broken[0]}', waar alleen een waarde kan staan"
        return None


def _records(lines: list[str], delimiter: str, shape: _Shape) -> Iterator[tuple[int, list[str] | None, str | None]]:
    """(index of the first line, cells, problem) of each record after the header;
    cells None for a blank line.

    One csv.reader reads them all (a reader per line costs a fifth more). A
    record may run over several lines only through a quoted cell (RFC 4180)
    that closes before the end of the file, and only if the row it makes has
    a plausible shape (_Shape). Otherwise its first line is a problem of its
    own, and a fresh reader starts on the line after it: one stray quote never
    swallows the rows after it."""
    feed = _Feed(lines, 1)
    while feed.position < len(lines):
        start = feed.position
        try:
            for cells in csv.reader(feed, delimiter=delimiter, strict=True):
                if feed.position != start + 1:
                    break
                yield (start, None, None) if _blank(lines[start], delimiter) else (start, cells, None)
                start = feed.position
            else:
                return
            error = None
        except csv.Error as raised:
            error = str(raised)
        end = feed.position  # the line after the record, or after the line where reading failed
        if _blank(lines[start], delimiter):
            yield start, None, None
            feed.position = start + 1
            continue
        cells, problem = _record_over_lines(lines, start, end, error, delimiter, shape)
        yield start, cells, problem
        feed.position = start + 1 if problem else end


def _record_over_lines(lines: list[str], start: int, end: int, error: str | None, delimiter: str, shape: _Shape) -> tuple[list[str], str | None]:
    """The cells of the record on lines start..end-1 (0-based), its line breaks
    kept, if it is believable; otherwise why its first line is rejected."""
    problem = _wrong_on_its_own(lines[start], delimiter)
    if problem:
        return [], problem
    first, last = start + 1, end
    opens = f'aanhalingsteken (") opent een cel over meerdere regels, begint in rij {first}'
    if error is None:
        try:  # again, as one text: csv.reader drops the line breaks between the lines it is given
            cells = next(csv.reader(["\n".join(lines[start:end])], delimiter=delimiter, strict=True))
        except csv.Error as raised:  # the line breaks made a cell too long
            cells, error = [], str(raised)
    if error is None:
        objection = shape.objection(cells)
        if objection is None:
            return cells, None
        problem = f"{opens}, maar rij {first}–{last} {objection}"
    elif "field larger" in error:
        limit = f"{csv.field_size_limit():,}".replace(",", ".")
        problem = f"{opens}, maar die cel wordt langer dan {limit} tekens"
    elif "expected after" in error:
        problem = f"{opens}, maar in rij {last} staat tekst direct na het sluitende aanhalingsteken"
    else:
        problem = f'aanhalingsteken (") wordt niet gesloten vóór het einde van het bestand, begint in rij {first}'
    return [], f"{problem}; de regels erna zijn los gelezen"


class _Feed:
    """The lines for csv.reader, from a position that can be set back."""

    def __init__(self, lines: list[str], position: int = 0):
        self.lines, self.position = lines, position

    def __iter__(self) -> _Feed:
        return self

    def __next__(self) -> str:
        if self.position >= len(self.lines):
            raise StopIteration
        self.position += 1
        return self.lines[self.position - 1]


def _cells(line: str, delimiter: str) -> tuple[list[str], str | None]:
    """The cells of one line by the CSV rules, or a Dutch reason why it cannot be split."""
    if '"' not in line:
        return line.split(delimiter), None
    try:
        return next(csv.reader((line,), delimiter=delimiter, strict=True)), None
    except csv.Error as error:
        return [], _quote_problem(str(error))


def _wrong_on_its_own(line: str, delimiter: str) -> str | None:
    """Why one line breaks the CSV rules by itself (text after a closing quote,
    say); None if it is fine, or only leaves a quoted cell open at its end."""
    try:
        next(csv.reader((line,), delimiter=delimiter, strict=True))
    except csv.Error as error:
        return None if "unexpected end of data" in str(error) else _quote_problem(str(error))
    return None


def _quote_problem(reason: str) -> str:
    if "field larger" in reason:
        return f"een cel is langer dan {csv.field_size_limit():,} tekens".replace(",", ".")
    if "expected after" in reason:
        return (
            'aanhalingsteken: er staat tekst direct na het sluitende aanhalingsteken ("); '
            'zet de hele cel tussen aanhalingstekens en verdubbel de aanhalingstekens erin ("")'
        )
    return 'aanhalingsteken (") wordt op deze regel niet gesloten'


def _read_spreadsheet(path: Path) -> Table:
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
        for address, row, column in _formulas_without_value(path):
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


def _formulas_without_value(path: Path) -> list[tuple[str, int, int]]:
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
