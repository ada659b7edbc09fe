"""Read a survey CSV into a Table: UTF-8, Windows-1252 or Excel's UTF-16 'Unicode text'; ';', ',' or tab.

A CSV is read record by record (RFC 4180), each numbered by the line it starts
on, as a text editor numbers it. A record spans several lines only through a
quoted cell with line breaks (a remark in a Google Forms, LimeSurvey or
Microsoft Forms export), and only if it closes before the end of the file, has
as many cells as the header and holds its line breaks in free-text columns.
Any other record that does not fit on its line (a stray quote) is a problem of
its first line, and the next line is read on its own: one stray quote never
swallows the rows after it. A file without quotes takes a fast path.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np

from volwassenheid.core.cell_column import CellColumn, CellText
from volwassenheid.core.dutch import plural
from volwassenheid.core.errors import UserError
from volwassenheid.core.survey_table import Problem, Table, header_name
from volwassenheid.storage.input_files import encoding_by_mark

DELIMITERS = ";,\t"


_LINE_END = re.compile(r"\r\n|\r|\n")


_NOT_TEXT = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


_UNKNOWN_ENCODING = (
    "{source}: de tekencodering is niet herkend (geen UTF-8, UTF-16 met BOM of Windows-1252). "
    "Sla het bestand op als 'CSV UTF-8' of als 'Unicode-tekst'."
)


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


def read_csv(path: Path, value_columns: frozenset[str], answer_columns: frozenset[str] = frozenset()) -> Table:
    text = decode(path.read_bytes(), str(path))
    first_line = _LINE_END.split(text, 1)[0]
    delimiter = max(DELIMITERS, key=first_line.count)
    if not text.strip():
        raise UserError(f"{path}: het bestand is leeg.")
    if first_line.count(delimiter) == 0:
        raise UserError(f"{path}: geen scheidingsteken (; , of tab) in de kopregel (rij 1) gevonden.")
    table = split_plain(text, delimiter, str(path), answer_columns)
    if table is not None:
        return table
    return _split_lines(_lines(text), delimiter, str(path), value_columns)


def split_plain(text: str, delimiter: str, source: str, answer_columns: frozenset[str] = frozenset()) -> Table | None:
    """Most exports have no quotes and the same number of cells on every line: then
    every cell boundary is a delimiter or a line end, found in numpy in one pass.
    The columns of `answer_columns` (header names) stay offsets into the text
    (core.cell_column), read into answer codes without a string per cell; the
    others become lists of strings. None when the file needs the full CSV rules."""
    if '"' in text or text.count("\r") != text.count("\r\n"):
        return None  # a quote needs the CSV rules; a lone carriage return ends a line too
    text = text.replace("\r\n", "\n").rstrip("\n")
    header_end = text.find("\n")
    if header_end == -1:
        return None
    header = text[:header_end].split(delimiter)
    width, lines = len(header), text.count("\n") + 1
    cells = CellText(text)
    characters = cells.characters
    boundaries = np.flatnonzero((characters == ord(delimiter)) | (characters == ord("\n")))
    if len(boundaries) != lines * width - 1 or not (characters[boundaries[width - 1 :: width]] == ord("\n")).all():
        return None  # a line with another number of cells
    rows = lines - 1

    # Cell k of row r is cell r * width + k of the text: it starts after the boundary before it and
    # ends at its own (the last cell at the end of the text).
    def starts(index: int) -> np.ndarray:
        return boundaries[width + index - 1 :: width][:rows] + 1

    def ends(index: int) -> np.ndarray:
        end = boundaries[width + index :: width]
        return end if len(end) == rows else np.append(end, len(text))

    columns: list[Sequence[str]] = []
    for index, name in enumerate(header):
        if header_name(name) in answer_columns:
            columns.append(CellColumn(cells, starts(index), ends(index)))
        elif index == 0 or header_name(header[index - 1]) in answer_columns:
            # a run of other columns (respondent, organisatie, ...): per row one slice holding the run, split once
            last = index
            while last + 1 < width and header_name(header[last + 1]) not in answer_columns:
                last += 1
            run = delimiter.join(map(text.__getitem__, map(slice, starts(index).tolist(), ends(last).tolist()))).split(delimiter)
            columns.extend(run[offset :: last - index + 1] for offset in range(last - index + 1))
    return Table(source, header, columns)


def _lines(text: str) -> list[str]:
    """The lines as an editor shows them: CR LF, a lone CR and LF each end one."""
    if text.count("\r") == text.count("\r\n"):
        return text.replace("\r\n", "\n").split("\n")  # 4x faster than the regular expression
    return _LINE_END.split(text)


def blank(line: str, delimiter: str) -> bool:
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
            return f"heeft dan {plural(len(cells), 'cel', 'cellen')} in plaats van {width}"
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
                yield (start, None, None) if blank(lines[start], delimiter) else (start, cells, None)
                start = feed.position
            else:
                return
            error = None
        except csv.Error as raised:
            error = str(raised)
        end = feed.position  # the line after the record, or after the line where reading failed
        if blank(lines[start], delimiter):
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
