"""Read a survey export into a Table, whatever its form: a CSV (survey_csv), the first sheet
of a spreadsheet (spreadsheets), or a folder of filled Excel forms (filled_forms). Every problem
names the file, and the row and column (in a folder of forms: the file and the cell)."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from pathlib import Path

from volwassenheid.core.errors import UserError
from volwassenheid.core.survey import LEVEL, MEASUREMENT, ORGANISATION, PARTNERSHIP, RESPONDENT
from volwassenheid.core.survey_table import Table, header_name
from volwassenheid.storage.input_files import FileWording
from volwassenheid.storage.spreadsheets import SPREADSHEETS, read_spreadsheet
from volwassenheid.storage.survey_csv import read_csv

VALUE_COLUMNS = (RESPONDENT, ORGANISATION, LEVEL, PARTNERSHIP, MEASUREMENT, "dimensie", "fase")
"""Columns whose cells are values: a line break in one is always a quote gone wrong."""


def read_table(path: Path, value_columns: Iterable[str] = ()) -> Table:
    """`value_columns`: header names (any case), such as question ids, whose
    cells hold a value and never a line break; in a CSV, a quoted cell over
    several lines is believed only in the other columns (see survey_csv._Shape).
    respondent, organisatie, niveau, samenwerkingsverband, meting, dimensie and fase
    always hold values."""
    path = Path(path)
    if path.is_dir():
        from volwassenheid.storage.filled_forms import read_form_folder

        return read_form_folder(path, value_columns)
    _refuse_all_but_a_file(path)
    if path.suffix.lower() in SPREADSHEETS:
        return read_spreadsheet(path)
    answers = frozenset(map(header_name, value_columns))  # the question ids: read into codes straight from the text
    return read_csv(path, answers | frozenset(map(header_name, VALUE_COLUMNS)), answers)


def _refuse_all_but_a_file(path: Path) -> None:
    """A missing file, a folder, or a FIFO or device (which would be waited on or read without end)."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError as error:
        raise UserError(f"{path}: bestand bestaat niet.") from error
    if not stat.S_ISREG(mode):
        raise UserError(FileWording().not_regular(path, mode))
