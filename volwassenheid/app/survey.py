"""Surveys from Python: read an export, score it in memory, or write batch results.

    survey = read_survey("enquete.csv")
    result = write_batch(survey, "uit", with_pdf=True, traject_template=read_traject_template("sjabloon.yaml"))

The `batch` command is these functions plus printing; `importeer` is survey_import.import_survey.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from os import PathLike
from pathlib import Path

from pydantic import ValidationError

from volwassenheid.app.batch_workers import Progress, WorkerContext, run_jobs
from volwassenheid.app.collector import collector_paused
from volwassenheid.app.question_sets import open_question_set
from volwassenheid.core.dutch import plural
from volwassenheid.core.errors import UserError, os_error_reason
from volwassenheid.core.models import name_key
from volwassenheid.core.modules import with_checked_modules
from volwassenheid.core.partnerships import (
    MeasuredJob,
    PartnershipJob,
    PartnershipOutcome,
    PartnershipSummary,
    partnership_jobs,
    score_partnership,
)
from volwassenheid.core.questionset import QuestionSet
from volwassenheid.core.survey import PARTNERSHIP, ColumnMapping, Survey, column_mapping
from volwassenheid.core.survey import read_survey as read_rows
from volwassenheid.core.survey_ambition import ambition_from_table
from volwassenheid.core.survey_matching import SavedMapping, mapping_problems
from volwassenheid.core.survey_table import Places, Problem, Table, header_name, problems_text, row_ranges
from volwassenheid.core.validation import key_path, pydantic_problems
from volwassenheid.storage import batch_folder
from volwassenheid.storage.engagement_template import LoadedTemplate, load_engagement_template

__all__ = [
    "Ambition",
    "BatchResult",
    "RowsRefused",
    "SurveyFile",
    "TrajectTemplate",
    "read_ambition",
    "read_survey",
    "read_traject_template",
    "score_survey",
    "write_batch",
]

DEFAULT_SET = "samenwerking"

Ambition = dict[str, dict[str, int]]
"""{partnership name, or '*' for all: {dimension id: phase}}."""

TrajectTemplate = LoadedTemplate
"""A traject template as read_traject_template gives it: `.template` (the keys) and `.logo` (checked and read)."""


@dataclass(frozen=True)
class SurveyFile:
    """A survey export as read: its accepted rows (`rows`) and what was wrong with the others."""

    path: Path
    question_set: QuestionSet
    rows: Survey
    source: str = ""
    """How messages name the file (with the sheet of a spreadsheet)."""
    rejected_partnerships: dict[int, str] = field(default_factory=dict)
    """The partnership each rejected row names (by row number), where its cell can be trusted:
    not for a row that could not be split into cells, nor one with a problem in that column."""
    places: Places | None = None
    """For a folder of filled forms: the file of each row, and the cell of each answer."""

    def __len__(self) -> int:
        return len(self.rows)

    def rows_text(self, numbers: Iterable[int]) -> str:
        """Rows as messages name them: 'rijen 5, 8–10', or for a folder of forms the files."""
        return row_ranges(numbers) if self.places is None else self.places.rows_text(numbers)

    def located(self, problems: Iterable[Problem]) -> list[Problem]:
        """Problems found after reading, with their file and cell for a folder of forms."""
        return list(problems) if self.places is None else list(map(self.places.locate, problems))

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
    notes: list[str] = field(default_factory=list)
    """Remarks that did not stop the batch (an ambition for a partnership not in the survey), in Dutch."""

    @property
    def summary_file(self) -> Path:
        return self.output / batch_folder.SUMMARY_FILE


def question_set_of(reference: str | PathLike[str] | QuestionSet | None, modules: Iterable[str] = ()) -> QuestionSet:
    """A QuestionSet as given (used as it is when no `modules` are named), or found by a shipped set's id
    or a YAML path (None: the default set) with its core and the context `modules` named; an unknown
    module is a UserError."""
    if isinstance(reference, QuestionSet) and not modules:
        return reference
    if isinstance(reference, QuestionSet):
        return with_checked_modules(reference, modules)
    return open_question_set(os.fspath(reference) if reference is not None else DEFAULT_SET, modules)


def read_table(path: Path, value_columns: Sequence[str] = ()) -> Table:
    """A CSV or spreadsheet as a table of text cells; an unreadable file is a UserError naming it."""
    from volwassenheid.storage.survey_files import read_table as read_file

    try:
        return read_file(path, value_columns)
    except OSError as error:
        raise UserError(f"{path}: kan het bestand niet lezen: {os_error_reason(error)}.") from error


SKIP_HINT = "Met skip_invalid=True gaan de geldige rijen door."


class RowsRefused(UserError):
    """Rows are refused that `skip_invalid=True` would leave out; a command line names its own option instead (`hinted`)."""

    def __init__(self, message: str, details: list[str], skippable: bool):
        super().__init__(f"{message} {SKIP_HINT}" if skippable else message, details)
        self.plain, self.skippable = message, skippable

    def hinted(self, hint: str) -> UserError:
        """The same refusal with another hint (such as the option of a command)."""
        return UserError(f"{self.plain} {hint}" if self.skippable else self.plain, self.details)


class PartnershipUnnamed(UserError):
    """The file has no partnership column and no name was given: the caller asks for one."""

    def __init__(self, path: Path, hint: str = "geef de naam met partnership='…'"):
        super().__init__(f"{path}: het bestand heeft geen kolom samenwerkingsverband; {hint}.")
        self.path = path

    def hinted(self, hint: str) -> UserError:
        return PartnershipUnnamed(self.path, hint)


def read_survey(
    path: str | PathLike[str],
    question_set: str | PathLike[str] | QuestionSet = DEFAULT_SET,
    *,
    partnership: str | None = None,
    skip_invalid: bool = False,
    mapping: ColumnMappingRef = None,
) -> SurveyFile:
    """Read a survey export (CSV or Excel). `question_set` is a shipped set's id, a YAML path or a
    QuestionSet; `partnership` names the rows when the file has no column samenwerkingsverband
    (without it, such a file is a PartnershipUnnamed). Any bad row is a RowsRefused (a UserError) listing every problem, unless
    `skip_invalid`: then the bad rows are left out and listed in `.problems`. `mapping` is a saved
    column mapping (`--koppeling`): a YAML path, or {header: meaning} as such a file holds."""
    path = Path(path)
    if partnership is not None and not partnership.strip():
        raise UserError("De naam van het samenwerkingsverband is leeg.")
    chosen = question_set_of(question_set)
    survey = load_survey(path, chosen, partnership.strip() if partnership else "", column_mapping_of(mapping, chosen))
    if survey.rows.unnamed:
        raise PartnershipUnnamed(path)
    refuse_problems(survey, survey.problems, skip_invalid)
    if partnership is not None and not any(name_key(name) == name_key(partnership) for name in survey.partnerships):
        survey.notes.append(f"de naam '{partnership}' is niet gebruikt: het bestand heeft een kolom samenwerkingsverband, en die geldt")
    return survey


def read_column_mapping(
    path: str | PathLike[str], question_set: str | PathLike[str] | QuestionSet = DEFAULT_SET, mapping: ColumnMappingRef = None
) -> ColumnMapping:
    """How each column of a survey export would be read (respondent, organisatie, niveau, a question,
    or ignored), with the notes and header problems; the rows are not read and nothing is written."""
    chosen = question_set_of(question_set)
    return column_mapping(read_table(Path(path)), chosen, column_mapping_of(mapping, chosen))


ColumnMappingRef = str | PathLike[str] | Mapping[str, str] | SavedMapping | None


def column_mapping_of(mapping: ColumnMappingRef, question_set: QuestionSet) -> SavedMapping | None:
    """A saved column mapping: read from its YAML file, or checked as given ({header: meaning} alone,
    or a SavedMapping with answer codes too)."""
    from volwassenheid.storage.column_mapping_file import load_column_mapping

    if mapping is None:
        return None
    if isinstance(mapping, Mapping | SavedMapping):
        given = mapping if isinstance(mapping, SavedMapping) else SavedMapping(dict(mapping))
        problems = mapping_problems(given, question_set)
        if problems:
            raise UserError("ongeldige koppeling:", [f"{'.'.join(path)}: {reason}" for path, reason in problems])
        return given
    return load_column_mapping(Path(mapping), question_set)


def load_survey(path: Path, question_set: QuestionSet, default_partnership: str, mapping: SavedMapping | None = None) -> SurveyFile:
    """A survey file with every row read: the bad ones in `.problems`, nothing refused yet."""
    with collector_paused():
        return _read_rows(path, question_set, default_partnership, mapping)


def refuse_problems(survey: SurveyFile, problems: Sequence[Problem], skip_invalid: bool) -> None:
    """Refuses the file when these rows are bad and not to be skipped, or when no good row is left."""
    if problems and (not skip_invalid or not len(survey)):
        message = f"{survey.source}: {plural(len(problems), 'probleem', 'problemen')}; er is niets geschreven."
        raise RowsRefused(message, problems_text(problems), skippable=not skip_invalid and bool(len(survey)))


def _read_rows(path: Path, question_set: QuestionSet, partnership: str, mapping: SavedMapping | None = None) -> SurveyFile:
    """The survey as read. The table of text cells, millions of objects, is freed on return:
    still inside collector_paused, so the collector never scans it."""
    table = read_table(path, question_set.question_ids())
    survey = read_rows(table, question_set, partnership, mapping)
    return SurveyFile(path, question_set, survey, table.source, _rejected_partnerships(table, survey, partnership), table.places)


def _rejected_partnerships(table: Table, survey: Survey, default: str) -> dict[int, str]:
    """Row number -> the partnership a rejected row names (see SurveyFile.rejected_partnerships)."""
    headers = [header_name(h) for h in table.header]
    column = headers.index(PARTNERSHIP) if PARTNERSHIP in headers else None
    column_name = table.header[column] if column is not None else None
    untrusted = {p.row for p in survey.problems if p.column == column_name and column_name is not None}
    untrusted |= {p.row for p in table.problems if p.column is None or p.column == column_name}
    wanted = set(survey.rejected_rows) - untrusted
    if not wanted:
        return {}
    found = {}
    for offset, number in enumerate(table.row_numbers):
        if number in wanted:
            cell = table.columns[column][offset].strip() if column is not None else ""
            found[number] = cell or default
    return found


def read_ambition(path: str | PathLike[str], question_set: str | PathLike[str] | QuestionSet = DEFAULT_SET) -> Ambition:
    """An ambition file (samenwerkingsverband;dimensie;fase, the first column optional) as
    {partnership or '*': {dimension: phase}}; a bad row is a UserError naming it."""
    table = read_table(Path(path))
    ambition, problems = ambition_from_table(table, question_set_of(question_set))
    if problems:
        raise UserError(f"{table.source}: ongeldige doelfase; er is niets geschreven.", problems_text(problems))
    return ambition


def _jobs(
    survey: SurveyFile, ambition: Mapping[str, Mapping[str, int]] | None, measured_on: dt.date | None, template: TrajectTemplate | None
) -> list[PartnershipJob | MeasuredJob]:
    goals = checked_ambition(ambition or {}, survey.question_set)
    day = measurement_day(measured_on if measured_on is not None or template is None else template.template.datum)
    try:
        return partnership_jobs(survey.rows, survey.question_set, goals, measured_on=day, template=template.template if template else None)
    except ValidationError as error:  # a value no reader checked (a date far out of range, say)
        raise UserError(
            f"{survey.source}: kan niet gescoord worden.", [f"{key_path(loc)}: {text}" for loc, text in pydantic_problems(error)]
        ) from error


def read_traject_template(path: str | PathLike[str]) -> TrajectTemplate:
    """A traject template (YAML with opdrachtgever, adviseur, meting, datum, doelfase_bron and huisstijl,
    each as in traject.yaml) for every partnership of a batch. Its logo, relative to the file's folder
    and inside it, is read and checked now. Any problem is a UserError naming the file, line and key."""
    return load_engagement_template(Path(path))


def traject_template_of(template: object) -> TrajectTemplate | None:
    """A template as given to score_survey or write_batch: read (a path), or as it is."""
    if template is None or isinstance(template, LoadedTemplate):
        return template
    if isinstance(template, (str, PathLike)):
        return read_traject_template(template)
    raise UserError(f"traject_template moet een pad naar een YAML-bestand zijn of wat read_traject_template geeft, niet {type(template).__name__}.")


def _date_notes(template: TrajectTemplate | None, measured_on: object) -> list[str]:
    """A note when the day given overrides another day in the template."""
    if template is None or template.template.datum is None or measured_on is None:
        return []
    given, written = measurement_day(measured_on), template.template.datum
    if given == written:
        return []
    return [f"de datum {written:%d-%m-%Y} uit {template.path} is niet gebruikt: de opgegeven datum {given:%d-%m-%Y} geldt"]


def measurement_day(measured_on: object) -> dt.date:
    """The day of measurement: today when not given, the date of a datetime."""
    if measured_on is None:
        return dt.date.today()
    if isinstance(measured_on, dt.datetime):
        return measured_on.date()
    if isinstance(measured_on, dt.date):
        return measured_on
    raise UserError(f"measured_on moet een datum zijn (datetime.date), niet {type(measured_on).__name__} {measured_on!r}.")


def checked_ambition(ambition: Mapping[str, object], question_set: QuestionSet) -> Ambition:
    """An ambition as `read_ambition` gives it, checked as it checks a file: known dimensions
    (any case) and whole phases 1 to the set's number of phases. Every fault is named."""
    dimension_ids = {d.id.lower(): d.id for d in question_set.dimensies}
    checked: Ambition = {}
    faults = []
    for name, phases in ambition.items():
        whose = "alle samenwerkingsverbanden ('*')" if name == "*" else f"'{name}'"
        if not isinstance(name, str) or not isinstance(phases, Mapping):
            faults.append(f"{whose}: verwacht {{dimensie: fase}}, gegeven: {phases!r}")
            continue
        for dimension, phase in phases.items():
            known = dimension_ids.get(dimension.lower()) if isinstance(dimension, str) else None
            if known is None:
                faults.append(f"{whose}: onbekende dimensie {dimension!r}; bekend zijn: {', '.join(d.id for d in question_set.dimensies)}")
            elif type(phase) is not int or not 1 <= phase <= question_set.phase_count:
                faults.append(f"{whose}, dimensie '{known}': fase moet een geheel getal 1 t/m {question_set.phase_count} zijn (gegeven: {phase!r})")
            else:
                checked.setdefault(name, {})[known] = phase
    if faults:
        raise UserError("Ongeldige doelfase; er is niets geschreven.", faults)
    return checked


def _unknown_in_ambition(survey: SurveyFile, ambition: Mapping[str, object] | None) -> list[str]:
    """A note naming the partnerships of the ambition that the survey does not hold (a typo, say)."""
    present = {name_key(name) for name in survey.partnerships}
    unknown = [f"'{name}'" for name in (ambition or {}) if name != "*" and name_key(name) not in present]
    if not unknown:
        return []
    if len(unknown) == 1:
        return [f"de doelfase voor {unknown[0]} is niet gebruikt: dat samenwerkingsverband staat niet in de enquête"]
    return [f"de doelfase voor {', '.join(unknown[:-1])} en {unknown[-1]} is niet gebruikt: die samenwerkingsverbanden staan niet in de enquête"]


def score_survey(
    survey: SurveyFile,
    *,
    ambition: Mapping[str, Mapping[str, int]] | None = None,
    measured_on: dt.date | None = None,
    traject_template: TrajectTemplate | str | PathLike[str] | None = None,
) -> list[PartnershipOutcome]:
    """Every partnership scored and advised, in memory: nothing is written.
    `outcome.documents()` are the scores.json and advies.json that write_batch writes. With a column
    meting, one outcome per measurement (`outcome.job.measurement`), oldest first per partnership.
    `traject_template` (see read_traject_template) gives client, consultant, round and house style."""
    template = traject_template_of(traject_template)
    with collector_paused():
        jobs = _jobs(survey, ambition, measured_on, template)
        return [score_partnership(one, survey.question_set) for job in jobs for one in _measurements(job)]


def _measurements(job: PartnershipJob | MeasuredJob) -> list[PartnershipJob]:
    return job.measurements if isinstance(job, MeasuredJob) else [job]


def check_batch_folder(output: str | PathLike[str]) -> None:
    """Refuses, before anything is read, a folder write_batch would refuse: one in a traject,
    or one holding anything but an earlier batch's results. A large survey is then not read in vain."""
    batch_folder.check_output_folder(Path(output))


def write_batch(
    survey: SurveyFile,
    output: str | PathLike[str],
    *,
    ambition: Mapping[str, Mapping[str, int]] | None = None,
    measured_on: dt.date | None = None,
    with_pdf: bool = False,
    on_progress: Progress | None = None,
    traject_template: TrajectTemplate | str | PathLike[str] | None = None,
) -> BatchResult:
    """Per partnership a folder in `output` with scores.json, advies.json (and rapport.pdf with
    `with_pdf`), plus samenvatting.csv and, for rejected rows, afgewezen.csv. With a column meting,
    the partnership's folder holds a folder per measurement with those files, and vergelijking.json:
    the last measurement compared with the one before. `output` must be new,
    empty, or hold an earlier batch's results (replaced as a whole); it appears only when all is written.
    `on_progress(name, done, total)` is called after each partnership. `traject_template` (a path, or
    what read_traject_template gives) holds for every partnership: client, consultant, round
    (`meting`), day (unless `measured_on` is given), doelfase_bron and house style."""
    output = Path(output)
    earlier = batch_folder.check_output_folder(output)
    template = traject_template_of(traject_template)
    with collector_paused():
        jobs = _jobs(survey, ambition, measured_on, template)
        with batch_folder.staged(output, earlier) as staging:
            logo = template.logo if template and with_pdf else None
            context = WorkerContext(survey.question_set, staging, output, with_pdf, logo)
            summaries = run_jobs(jobs, context, rows=len(survey), on_progress=on_progress)
            batch_folder.write_lists(staging, output, summaries, survey.problems)
    rejected = output / batch_folder.REJECTED_FILE if survey.problems else None
    order_notes = [job.note for job in jobs if isinstance(job, MeasuredJob) and job.note]
    notes = [*_date_notes(template, measured_on), *_unknown_in_ambition(survey, ambition), *order_notes]
    return BatchResult(output, summaries, earlier, rejected, notes)
