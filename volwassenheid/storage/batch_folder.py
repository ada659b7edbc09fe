"""The output folder of a batch: checked before anything is written, filled in a
hidden folder beside it, and swapped in whole; every file written atomically."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from volwassenheid.core.errors import UserError, os_error_reason
from volwassenheid.core.partnerships import MEASUREMENT_HEADER, SUMMARY_HEADER, PartnershipSummary
from volwassenheid.core.survey_table import Problem
from volwassenheid.storage import atomic
from volwassenheid.storage.csv_safe import csv_text
from volwassenheid.storage.traject_folder import ENGAGEMENT_FILE

SUMMARY_FILE = "samenvatting.csv"
REJECTED_FILE = "afgewezen.csv"
SCORES_FILE = "scores.json"
ADVICE_FILE = "advies.json"
REPORT_FILE = "rapport.pdf"
COMPARISON_FILE = "vergelijking.json"
RESULT_FILES = frozenset({SCORES_FILE, ADVICE_FILE, REPORT_FILE})
"""What batch writes in the folder of each partnership, or (with a column meting) of each measurement."""
MEASURED_FILES = frozenset({COMPARISON_FILE})
"""What batch writes beside the measurements' folders in a partnership's folder (with a column meting)."""


def check_output_folder(output: Path) -> bool:
    """Refuses a folder that is, or lies in, a traject, and a folder holding
    anything but results of an earlier batch. True when it holds such results."""
    _refuse_a_file_on_the_way(output)
    resolved = output.resolve()
    for folder in (resolved, *resolved.parents):
        if (folder / ENGAGEMENT_FILE).is_file():
            where = "is het traject" if folder == resolved else f"ligt in het traject {folder}"
            raise UserError(f"{output}: deze map {where}; kies voor de resultaten van batch een map buiten elk traject. Er is niets geschreven.")
    if not output.is_dir():
        return False
    entries = list(output.iterdir())
    if not entries:
        return False
    if any(entry.name == SUMMARY_FILE for entry in entries) and all(map(_is_batch_result, entries)):
        return True
    raise UserError(
        f"{output}: de map is niet leeg en bevat geen resultaten van een eerdere batch; kies een nieuwe of lege map. Er is niets geschreven."
    )


def _refuse_a_file_on_the_way(output: Path) -> None:
    """`output`, or the nearest of its folders that exists, must be a folder and not a file."""
    for path in (output, *output.parents):
        if not os.path.lexists(path):
            continue
        if path.is_dir():
            return
        if path == output:
            raise UserError(f"{output}: is een bestand, geen map; kies voor de resultaten van batch een nieuwe of lege map. Er is niets geschreven.")
        raise UserError(f"Kan map '{output}' niet maken: '{path}' is een bestand, geen map. Er is niets geschreven.")


def _is_batch_result(entry: Path) -> bool:
    if entry.is_symlink():
        return False
    if entry.is_file():
        return entry.name in (SUMMARY_FILE, REJECTED_FILE) or _leftover(entry)
    return entry.is_dir() and all(
        not part.is_symlink()
        and (
            (part.is_file() and (part.name in RESULT_FILES or part.name in MEASURED_FILES or _leftover(part)))
            or (part.is_dir() and _holds_results(part))
        )
        for part in entry.iterdir()
    )


def _holds_results(folder: Path) -> bool:
    """The folder of one measurement inside a partnership's: result files only."""
    return all(not part.is_symlink() and part.is_file() and (part.name in RESULT_FILES or _leftover(part)) for part in folder.iterdir())


def _leftover(entry: Path) -> bool:
    """A temporary file of an atomic write that was interrupted."""
    return entry.name.startswith(".") and entry.name.endswith(".tmp")


@contextmanager
def staged(output: Path, earlier: bool) -> Iterator[Path]:
    """A hidden folder beside `output` to write into; renamed to `output` when
    all went well (replacing the results of an earlier batch), removed if not."""
    target = output.absolute()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent))
    except OSError as error:
        raise UserError(f"Kan map '{output}' niet maken: {os_error_reason(error)}. Er is niets geschreven.") from error
    try:
        yield staging
        if earlier:
            _replace_earlier(staging, target)
        else:
            os.replace(staging, target)  # a new folder, or over an empty one
    except OSError as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise UserError(f"Kan '{output}' niet schrijven: {os_error_reason(error)}. Er is niets in {output} gezet.") from error
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _replace_earlier(staging: Path, target: Path) -> None:
    """The earlier results moved aside, the new ones put in their place, the earlier ones removed.
    When a rename fails, the earlier results stay (or are put back) in `target`, and nothing is left aside."""
    previous = Path(tempfile.mkdtemp(prefix=f".{target.name}.vorige.", suffix=".tmp", dir=target.parent))
    try:
        os.replace(target, previous)
    except OSError:
        previous.rmdir()  # still the empty folder mkdtemp made
        raise
    try:
        os.replace(staging, target)
    except OSError:
        os.replace(previous, target)
        raise
    shutil.rmtree(previous, ignore_errors=True)


def json_text(document: dict) -> str:
    """A JSON document exactly as `score --json` and `advies --json` print it."""
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def make_folder(folder: Path, shown: Path) -> None:
    """The folder of one partnership inside the staging folder; `shown` is where it will end up."""
    try:
        folder.mkdir(exist_ok=True)
    except OSError as error:
        raise UserError(f"Kan map '{shown}' niet maken: {os_error_reason(error)}. Er is niets in {shown.parent} gezet.") from error


def write_lists(folder: Path, shown: Path, summaries: Sequence[PartnershipSummary], problems: Sequence[Problem]) -> None:
    """The summary of every partnership, and the rejected rows (when there are any)."""
    # The folder of each partnership after the figures: 'groot-2' says which name it holds, 'groot/2026'
    # which measurement. With a column meting, the change since the previous measurement follows.
    measured = any(s.changes is not None for s in summaries)
    header = [*SUMMARY_HEADER, "map", *(MEASUREMENT_HEADER if measured else [])]
    rows = [[*row, s.slug, *(s.changes[line] if s.changes is not None else [])] for s in summaries for line, row in enumerate(s.rows)]
    atomic.write_or_refuse(folder / SUMMARY_FILE, csv_text(header, rows, bom=True), shown / SUMMARY_FILE, untouched=shown)
    if problems:
        # from a folder of filled forms, a row of the table means nothing: the file and cell say where
        placed = any(p.place is not None for p in problems)
        rejected = [[p.place if placed else p.row, p.column, p.message] for p in problems]
        header = ["bestand en cel" if placed else "rij", "kolom", "probleem"]
        atomic.write_or_refuse(folder / REJECTED_FILE, csv_text(header, rejected, bom=True), shown / REJECTED_FILE, untouched=shown)
