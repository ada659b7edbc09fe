"""CSV for Excel that can never run a formula, with Dutch decimals and ';'."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from volwassenheid.core.dutch import number

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    """Numbers we computed stay numbers (Dutch decimal comma); any text that could
    start a formula gets a leading apostrophe, so Excel shows it as text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return number(value, 2)
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


EXCEL_BOM = "\ufeff"
"""Written first, it makes Excel read the file as UTF-8 (else it guesses Windows-1252 and garbles accents)."""


def csv_text(header: Sequence[str], rows: Iterable[Sequence[object]], delimiter: str = ";", bom: bool = False) -> str:
    buffer = io.StringIO()
    if bom:
        buffer.write(EXCEL_BOM)
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow([safe_cell(h) for h in header])
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])
    return buffer.getvalue()
