"""Surveys from Python: read an export, score it in memory, or write batch results.

    survey = read_survey("enquete.csv")
    result = write_batch(survey, "uit", with_pdf=True)

The `batch` command is these functions plus printing; `importeer` is survey_import.import_survey.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from os import PathLike
from pathlib import Path

from volwassenheid.app.batch_workers import Progress, WorkerContext, collector_paused, run_jobs
from volwassenheid.core.dutch import plural
from volwassenheid.core.errors import UserError, os_error_reason
from volwassenheid.core.partnerships import PartnershipJob, PartnershipOutcome, PartnershipSummary, partnership_jobs, score_partnership
from volwassenheid.core.questionset import QuestionSet
from volwassenheid.core.survey import Survey
from volwassenheid.core.survey import read_survey as read_rows
from volwassenheid.core.survey_ambition import ambition_from_table
from volwassenheid.core.survey_table import Problem, Table, problems_text
from volwassenheid.storage import batch_folder
from volwassenheid.storage.question_sets import find_question_set

__all__ = [
    "Ambition",
    "BatchResult",
    "SurveyFile",
    "read_ambition",
    "read_survey",
    "score_survey",
    "write_batch",
]

DEFAULT_SET = "samenwerking"

Ambition = dict[str, dict[str, int]]
"""{partnership name, or '*' for all: {dimension id: phase}}."""


@dataclass(frozen=True)
class SurveyFile:
    """A survey export as read: its accepted rows (`rows`) and what was wrong with the others."""

    path: Path
    question_set: QuestionSet
    rows: Survey

    def __len__(self) -> int:
        return len(self.rows)

    @property
    def partnerships(self) -> list[str]:
        """The partnerships' names, as grouped (in file order)."""
        return list(self.rows.partnerships())

    @property
    def problems(self) -> list[Problem]:
        """Why rows were rejected (only with skip_invalid; otherwise reading stops)."""
        return self.rows.problems

    @property
    def notes(self) -> list[str]:
        """Remarks on the file that did not stop it (ignored columns, blank rows, ...), in Dutch."""
        return self.rows.notes


@dataclass(frozen=True)
class BatchResult:
    output: Path
    summaries: list[PartnershipSummary]
    """One per partnership, in the order of the summary CSV."""
    replaced_earlier: bool
    """Whether `output` held the results of an earlier batch, now replaced."""
    rejected_file: Path | None
    """The list of rejected rows, when rows were rejected."""

    @property
    def summary_file(self) -> Path:
        return self.output / batch_folder.SUMMARY_FILE


def question_set_of(reference: str | QuestionSet | None) -> QuestionSet:
    """A QuestionSet as given, or found by a shipped set's id or a YAML path (None: the default set)."""
    if isinstance(reference, QuestionSet):
        return reference
    return find_question_set(reference or DEFAULT_SET)


def read_table(path: Path, value_columns: Sequence[str] = ()) -> Table:
    """A CSV or spreadsheet as a table of text cells; an unreadable file is a UserError naming it."""
    from volwassenheid.storage.survey_files import read_table as read_file

    try:
        return read_file(path, value_columns)
    except OSError as error:
        raise UserError(f"{path}: kan het bestand niet lezen: {os_error_reason(error)}.") from error


def read_survey(
    path: str | PathLike[str],
    question_set: str | QuestionSet = DEFAULT_SET,
    *,
    partnership: str | None = None,
    skip_invalid: bool = False,
) -> SurveyFile:
    """Read a survey export (CSV or Excel). `question_set` is a shipped set's id, a YAML path or a
    QuestionSet; `partnership` names the rows when the file has no column samenwerkingsverband
    (default: the file name). Any bad row is a UserError listing every problem, unless
    `skip_invalid`: then the bad rows are left out and listed in `.problems`."""
    path = Path(path)
    questions = question_set_of(question_set)
    with collector_paused():
        survey, source = _read_rows(path, questions, partnership or path.stem)
    if survey.problems and (not skip_invalid or not len(survey)):
        hint = "" if skip_invalid else " Met --overslaan gaan de geldige rijen door."
        raise UserError(
            f"{source}: {plural(len(survey.problems), 'probleem', 'problemen')}; er is niets geschreven.{hint}",
            problems_text(survey.problems),
        )
    return SurveyFile(path, questions, survey)


def _read_rows(path: Path, question_set: QuestionSet, partnership: str) -> tuple[Survey, str]:
    """The survey and how to name its file (with the sheet). The table of text cells, millions of
    objects, is freed on return: still inside collector_paused, so the collector never scans it."""
    table = read_table(path, question_set.question_ids())
    return read_rows(table, question_set, partnership), table.source


def read_ambition(path: str | PathLike[str], question_set: str | QuestionSet = DEFAULT_SET) -> Ambition:
    """An ambition file (samenwerkingsverband;dimensie;fase, the first column optional) as
    {partnership or '*': {dimension: phase}}; a bad row is a UserError naming it."""
    table = read_table(Path(path))
    ambition, problems = ambition_from_table(table, question_set_of(question_set))
    if problems:
        raise UserError(f"{table.source}: ongeldige ambitie; er is niets geschreven.", problems_text(problems))
    return ambition


def _jobs(survey: SurveyFile, ambition: Ambition | None, measured_on: dt.date | None) -> list[PartnershipJob]:
    return partnership_jobs(survey.rows, survey.question_set, ambition or {}, measured_on=measured_on or dt.date.today())


def score_survey(survey: SurveyFile, *, ambition: Ambition | None = None, measured_on: dt.date | None = None) -> list[PartnershipOutcome]:
    """Every partnership scored and advised, in memory: nothing is written.
    `outcome.documents()` are the scores.json and advies.json that write_batch writes."""
    with collector_paused():
        return [score_partnership(job, survey.question_set) for job in _jobs(survey, ambition, measured_on)]


def check_batch_folder(output: str | PathLike[str]) -> None:
    """Refuses, before anything is read, a folder write_batch would refuse: one in a traject,
    or one holding anything but an earlier batch's results. A large survey is then not read in vain."""
    batch_folder.check_output_folder(Path(output))


def write_batch(
    survey: SurveyFile,
    output: str | PathLike[str],
    *,
    ambition: Ambition | None = None,
    measured_on: dt.date | None = None,
    with_pdf: bool = False,
    on_progress: Progress | None = None,
) -> BatchResult:
    """Per partnership a folder in `output` with scores.json, advies.json (and rapport.pdf with
    `with_pdf`), plus samenvatting.csv and, for rejected rows, afgewezen.csv. `output` must be new,
    empty, or hold an earlier batch's results (replaced as a whole); it appears only when all is written.
    `on_progress(name, done, total)` is called after each partnership."""
    output = Path(output)
    earlier = batch_folder.check_output_folder(output)
    with collector_paused():
        jobs = _jobs(survey, ambition, measured_on)
        with batch_folder.staged(output, earlier) as staging:
            context = WorkerContext(survey.question_set, staging, output, with_pdf)
            summaries = run_jobs(jobs, context, rows=len(survey), on_progress=on_progress)
            batch_folder.write_lists(staging, output, summaries, survey.problems)
    rejected = output / batch_folder.REJECTED_FILE if survey.problems else None
    return BatchResult(output, summaries, earlier, rejected)
