"""volwassenheid batch FILE -o DIR and volwassenheid importeer MAP FILE."""

from __future__ import annotations

import datetime as dt
import gc
import json
import os
import sys
from contextlib import contextmanager
from pathlib import Path

import click

from volwassenheid.cli.common import MEASUREMENT_DATE, console, question_set_option
from volwassenheid.core.errors import os_error_reason

DEFAULT_SET = "samenwerking"
SUMMARY_FILE = "samenvatting.csv"
REJECTED_FILE = "afgewezen.csv"
SKIP_HELP = "Scoor de geldige rijen en meld de afgewezen rijen, in plaats van te stoppen."


def _read_survey(file: Path, question_set, default_partnership: str, skip_invalid: bool):
    from volwassenheid.core.dutch import plural
    from volwassenheid.core.errors import UserError
    from volwassenheid.core.survey import problems_text, read_survey

    table = _read_table(file, question_set.question_ids())
    survey = read_survey(table, question_set, default_partnership)
    if survey.problems and (not skip_invalid or not len(survey)):
        hint = "" if skip_invalid else " Met --overslaan gaan de geldige rijen door."
        raise UserError(
            f"{table.source}: {plural(len(survey.problems), 'probleem', 'problemen')}; er is niets geschreven.{hint}",
            problems_text(survey.problems),
        )
    return survey


def _read_table(path: Path, value_columns: list[str] | tuple = ()):
    from volwassenheid.core.errors import UserError
    from volwassenheid.storage.survey_files import read_table

    try:
        return read_table(path, value_columns)
    except OSError as error:
        raise UserError(f"{path}: kan het bestand niet lezen: {os_error_reason(error)}.") from error


@click.command()
@click.argument("file", metavar="BESTAND", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--uitvoer", "output", required=True, type=click.Path(file_okay=False, path_type=Path), help="Map voor de resultaten: nieuw, leeg, of met de resultaten van een eerdere batch (die worden vervangen).")
@question_set_option
@click.option("--ambitie", "ambition_file", type=click.Path(dir_okay=False, path_type=Path), help="CSV met samenwerkingsverband;dimensie;fase.")
@click.option("--pdf", "with_pdf", is_flag=True, help="Schrijf ook per samenwerkingsverband het rapport (parallel over alle kernen).")
@click.option("--overslaan", "skip_invalid", is_flag=True, help=SKIP_HELP)
@click.option("--samenwerkingsverband", "default_partnership", help="Naam als het bestand geen kolom samenwerkingsverband heeft (standaard: de bestandsnaam).")
@click.option("--datum", "date", type=MEASUREMENT_DATE, help="Datum van de meting (standaard vandaag).")
def batch(file, output, question_set_ref, ambition_file, with_pdf, skip_invalid, default_partnership, date):
    """Scoor een enquête-export (CSV of Excel) met één of veel samenwerkingsverbanden:
    per samenwerkingsverband scores en advies als JSON, plus één samenvatting als CSV."""
    from rich.markup import escape

    from volwassenheid.core.errors import UserError
    from volwassenheid.core.partnerships import partnership_jobs
    from volwassenheid.core.survey import ambition_from_table, problems_text
    from volwassenheid.storage.question_sets import find_question_set

    question_set = find_question_set(question_set_ref or DEFAULT_SET)
    ambition: dict = {}
    if ambition_file:
        table = _read_table(ambition_file)
        ambition, problems = ambition_from_table(table, question_set)
        if problems:
            raise UserError(f"{table.source}: ongeldige ambitie; er is niets geschreven.", problems_text(problems))
    earlier = _check_output_folder(output)
    with _collector_paused():
        survey = _read_survey(file, question_set, default_partnership or file.stem, skip_invalid)
        jobs = partnership_jobs(survey, question_set, ambition, measured_on=date.date() if date else dt.date.today())
        out = console()
        with _staged(output, earlier) as staging:
            summaries = _process_all(out, jobs, question_set, staging, output, with_pdf, large=len(survey) >= PARALLEL_FROM_ROWS)
            _write_lists(staging, output, survey, summaries)

    for note in survey.notes:
        out.print(f"[dim]Let op: {escape(note)}.[/dim]")
    _print_overview(out, summaries)
    files = "scores.json, advies.json en rapport.pdf" if with_pdf else "scores.json en advies.json"
    replaced = " De resultaten van de eerdere batch in deze map zijn vervangen." if earlier else ""
    out.print(f"Resultaten in {escape(str(output))}: {len(summaries)} map(pen) met {files}, en {SUMMARY_FILE}.{replaced}", soft_wrap=True)
    if survey.problems:
        out.print(f"[yellow]{len(survey.rejected_rows)} rij(en) afgewezen (zie {escape(str(output / REJECTED_FILE))}):[/yellow]", soft_wrap=True)
        for line in problems_text(survey.problems, limit=20):
            out.print(f"  {escape(line)}", soft_wrap=True)


def _write_lists(folder: Path, shown: Path, survey, summaries) -> None:
    """The summary of every partnership, and the rejected rows (when there are any)."""
    from volwassenheid.core.partnerships import SUMMARY_HEADER
    from volwassenheid.storage.csv_safe import csv_text

    # The folder of each partnership as the last column: 'groot-2' says which name it holds.
    rows = [[*row, s.slug] for s in summaries for row in s.rows]
    _write(folder / SUMMARY_FILE, shown / SUMMARY_FILE, csv_text([*SUMMARY_HEADER, "map"], rows, bom=True))
    if survey.problems:
        rows = [[p.row, p.column, p.message] for p in survey.problems]
        _write(folder / REJECTED_FILE, shown / REJECTED_FILE, csv_text(["rij", "kolom", "probleem"], rows, bom=True))


# --- the output folder: never a traject, never half-written ---------------------

RESULT_FILES = {"scores.json", "advies.json", "rapport.pdf"}


def _check_output_folder(output: Path) -> bool:
    """Refuses a folder that is, or lies in, a traject, and a folder holding
    anything but results of an earlier batch. True when it holds such results."""
    from volwassenheid.core.errors import UserError
    from volwassenheid.storage.traject_folder import ENGAGEMENT_FILE

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
        f"{output}: de map is niet leeg en bevat geen resultaten van een eerdere batch; "
        "kies een nieuwe of lege map. Er is niets geschreven."
    )


def _is_batch_result(entry: Path) -> bool:
    if entry.is_symlink():
        return False
    if entry.is_file():
        return entry.name in (SUMMARY_FILE, REJECTED_FILE) or _leftover(entry)
    return entry.is_dir() and all(
        not part.is_symlink() and part.is_file() and (part.name in RESULT_FILES or _leftover(part)) for part in entry.iterdir()
    )


def _leftover(entry: Path) -> bool:
    """A temporary file of an atomic write that was interrupted."""
    return entry.name.startswith(".") and entry.name.endswith(".tmp")


@contextmanager
def _staged(output: Path, earlier: bool):
    """A hidden folder beside `output` to write into; renamed to `output` when
    all went well (replacing the results of an earlier batch), removed if not."""
    import shutil
    import tempfile

    from volwassenheid.core.errors import UserError

    target = output.absolute()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent))
    except OSError as error:
        raise UserError(f"Kan map '{output}' niet maken: {os_error_reason(error)}. Er is niets geschreven.") from error
    try:
        yield staging
        if earlier:
            previous = Path(tempfile.mkdtemp(prefix=f".{target.name}.vorige.", suffix=".tmp", dir=target.parent))
            os.replace(target, previous)
            os.replace(staging, target)
            shutil.rmtree(previous, ignore_errors=True)
        else:
            os.replace(staging, target)  # a new folder, or over an empty one
    except OSError as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise UserError(f"Kan '{output}' niet schrijven: {os_error_reason(error)}. Er is niets in {output} gezet.") from error
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _write(path: Path, shown: Path, text: str) -> None:
    """Written atomically; an OS error names the file as the user will know it."""
    from volwassenheid.core.errors import UserError
    from volwassenheid.storage.atomic import write_text_atomic

    try:
        write_text_atomic(path, text)
    except OSError as error:
        raise UserError(f"Kan '{shown}' niet schrijven: {os_error_reason(error)}. Er is niets in {shown.parent} gezet.") from error




PARALLEL_FROM_ROWS = 5_000


@contextmanager
def _collector_paused():
    """A survey is millions of small objects without reference cycles; Python's
    cycle collector would scan them over and over (a third of the run time at
    100,000 rows). Memory is freed by reference counting all the same."""
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _process_all(out, jobs, question_set, output: Path, shown: Path, with_pdf: bool, large: bool):
    """Every partnership scored, written and (with --pdf) rendered. Reports and
    large surveys are spread over the cores; only small summaries travel back."""
    from concurrent.futures import ProcessPoolExecutor, as_completed

    workers = min(os.cpu_count() or 1, len(jobs))
    summaries: list = [None] * len(jobs)
    if workers < 2 or not (with_pdf or large):
        _start_worker(question_set, output, with_pdf, shown)
        with _progress(out, len(jobs) if with_pdf else 0) as advance:
            for index, job in enumerate(jobs):
                summaries[index] = _process(job)
                advance(job.name, index + 1)
        return summaries
    with ProcessPoolExecutor(workers, initializer=_start_worker, initargs=(question_set, output, with_pdf, shown)) as pool:
        # All jobs are submitted, and so the workers started, before the progress bar starts its thread.
        futures = {pool.submit(_process, job): index for index, job in enumerate(jobs)}
        with _progress(out, len(jobs) if with_pdf else 0) as advance:
            for done, future in enumerate(as_completed(futures), start=1):
                summaries[futures[future]] = future.result()
                advance(jobs[futures[future]].name, done)
    return summaries


_WORKER: dict = {}


def _start_worker(question_set, output: Path, with_pdf: bool, shown: Path | None = None) -> None:
    """Sets what every job of this process shares, so it is sent once per process, not once per job.
    Files go into `output`; messages name them as they will be in `shown`."""
    _WORKER.update(question_set=question_set, output=output, with_pdf=with_pdf, shown=shown or output)
    if with_pdf:
        gc.enable()  # a rendered report leaves cycles behind; without the collector memory grows per report


def _process(job):
    """One partnership: scores and advice as JSON, the report as PDF when asked, written atomically."""
    from volwassenheid.core.errors import UserError
    from volwassenheid.core.partnerships import score_partnership

    question_set, output, shown = _WORKER["question_set"], _WORKER["output"], _WORKER["shown"] / job.slug
    outcome = score_partnership(job, question_set)
    folder = output / job.slug
    try:
        folder.mkdir(exist_ok=True)
    except OSError as error:
        raise UserError(f"Kan map '{shown}' niet maken: {os_error_reason(error)}. Er is niets in {shown.parent} gezet.") from error
    scores, advice = outcome.documents()
    _write(folder / "scores.json", shown / "scores.json", json.dumps(scores, ensure_ascii=False, indent=2) + "\n")
    _write(folder / "advies.json", shown / "advies.json", json.dumps(advice, ensure_ascii=False, indent=2) + "\n")
    if _WORKER["with_pdf"]:
        _write_report(outcome, question_set, folder / "rapport.pdf", shown / "rapport.pdf")
    return outcome.summary()


def _print_overview(out, summaries) -> None:
    from rich import box
    from rich.markup import escape
    from rich.table import Table

    from volwassenheid.core.dutch import number, phase_label
    from volwassenheid.core.partnerships import plain_slug

    table = Table(box=box.SIMPLE_HEAD, title="Samenwerkingsverbanden", title_justify="left")
    table.add_column("Samenwerkingsverband", ratio=1)
    for header in ("n", "Score", "Fase", "Onder ambitie"):
        table.add_column(header, justify="left" if header == "Fase" else "right", no_wrap=True)
    for s in summaries:
        below = str(s.below_ambition) if s.has_ambition else "geen ambitie"
        folder = f" [dim](map {escape(s.slug)})[/dim]" if s.slug != plain_slug(s.name) else ""
        table.add_row(escape(s.name) + folder, str(s.respondents), number(s.score), escape(phase_label(s.phase, s.phase_name)), below)
    out.print(table)
    for s in summaries:
        if s.too_few:
            out.print(f"[yellow]Let op, {escape(s.name)}: gebaseerd op te weinig respondenten ({escape(s.too_few)}); "
                      "spreiding en scores per vraag staan er niet bij.[/yellow]", soft_wrap=True)


class _progress:
    """Progress of the reports: a rich bar in a terminal, plain lines otherwise
    (logs, CI); nothing when there are no reports (total 0)."""

    def __init__(self, out, total: int):
        self.out, self.total, self.bar = out, total, None

    def __enter__(self):
        if self.total and sys.stdout.isatty():
            from rich.progress import Progress

            self.bar = Progress(console=self.out)
            self.bar.start()
            self.task = self.bar.add_task("Rapporten", total=self.total)
        return self.advance

    def advance(self, name: str, done: int) -> None:
        from rich.markup import escape

        if self.bar is not None:
            self.bar.update(self.task, advance=1, description=f"Rapport {escape(name)}")
        elif self.total:
            self.out.print(f"rapport {done}/{self.total}: {escape(name)}", soft_wrap=True)

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.stop()


def _write_report(outcome, question_set, target: Path, shown: Path) -> None:
    from volwassenheid.core.errors import UserError
    from volwassenheid.report.data import build_report
    from volwassenheid.report.render import default_template_dir, render_pdf
    from volwassenheid.storage.atomic import write_bytes_atomic

    data = build_report(outcome.assessment)
    pdf = render_pdf(data, default_template_dir()).pdf
    try:
        write_bytes_atomic(target, pdf)
    except OSError as error:
        raise UserError(f"Kan '{shown}' niet schrijven: {os_error_reason(error)}. Er is niets in {shown.parent.parent} gezet.") from error


@click.command()
@click.argument("folder", metavar="MAP", type=click.Path(file_okay=False, path_type=Path))
@click.argument("file", metavar="BESTAND", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--overslaan", "skip_invalid", is_flag=True, help=SKIP_HELP)
def importeer(folder: Path, file: Path, skip_invalid: bool):
    """Voeg de rijen van een enquête-export (CSV of Excel) als respondenten toe aan
    het traject in MAP, zodat enquête en interviews in één rapport komen."""
    from rich.markup import escape

    from volwassenheid.core.errors import UserError
    from volwassenheid.core.partnerships import interviews_from_answers
    from volwassenheid.core.survey import (
        Problem,
        problems_text,
        same_partnership,
        same_person,
    )
    from volwassenheid.storage.respondents import (
        SOURCE_IDS,
        claim_new_interview,
        imported_ids,
        next_code,
        save_source_id,
    )
    from volwassenheid.storage.traject_folder import load_engagement

    loaded = load_engagement(folder)
    name = loaded.engagement.samenwerkingsverband
    survey = _read_survey(file, loaded.question_set, name, skip_invalid)
    groups = survey.partnerships()
    # Names match as batch groups them: 'veiligheidshuis  Noord' is 'Veiligheidshuis Noord'.
    ours = [group for group in groups if same_partnership(group) == same_partnership(name)]
    if not ours:
        raise UserError(f"{file}: geen rijen voor '{name}'. In het bestand staan: {', '.join(sorted(groups))}.")
    positions = groups[ours[0]]
    # 'A.Jansen@x.nl' imported before is 'a.jansen@x.nl ' now: case and spaces do not count
    already = {same_person(source_id): code for source_id, code in imported_ids(folder).items()}
    duplicates = [p for p in positions if same_person(survey.respondent_ids[p]) in already]
    if duplicates:
        problems = [
            Problem(survey.row_numbers[p], "respondent", f"al eerder geïmporteerd (als {already[same_person(survey.respondent_ids[p])]})")
            for p in duplicates
        ]
        if not skip_invalid or len(duplicates) == len(positions):
            raise UserError(f"{file}: {len(duplicates)} rij(en) al geïmporteerd; er is niets geschreven.", problems_text(problems))
        survey.problems.extend(problems)
        refused = set(duplicates)
        positions = [p for p in positions if p not in refused]

    first = int(next_code(folder, "E")[1:])
    interviews = interviews_from_answers(survey.answers.take(positions), loaded.question_set, first)
    codes = []
    for position, interview in zip(positions, interviews):
        # Answers first: a crash in between then shows up as a duplicate, never as a lost row.
        # The code is claimed exclusively: an interview started meanwhile keeps its own file.
        try:
            interview = claim_new_interview(folder, "E", lambda code, new=interview: new.model_copy(update={"code": code}))
            save_source_id(folder, interview.code, survey.respondent_ids[position])
        except OSError as error:
            done = f"{codes[0]} t/m {codes[-1]} zijn toegevoegd" if codes else "er is niets toegevoegd"
            raise UserError(
                f"Kan '{error.filename or folder}' niet schrijven: {os_error_reason(error)}. Van {file}: {done}; "
                "importeer opnieuw als het weer kan (al geïmporteerde rijen worden dan herkend)."
            ) from error
        codes.append(interview.code)
    out = console()
    for note in survey.notes:
        out.print(f"[dim]Let op: {escape(note)}.[/dim]")
    skipped = len(survey.partnerships()) - 1
    other = f" ({skipped} ander(e) samenwerkingsverband(en) in het bestand overgeslagen)" if skipped else ""
    out.print(f"{len(codes)} respondent(en) toegevoegd aan {escape(str(folder))}: {codes[0]} t/m {codes[-1]}{other}.", soft_wrap=True)
    out.print(f"[dim]De oorspronkelijke respondent-id's staan alleen in {SOURCE_IDS}/.[/dim]")
    if survey.problems:
        out.print(f"[yellow]Afgewezen rijen ({len(survey.problems)} problemen):[/yellow]")
        for line in problems_text(survey.problems, limit=20):
            out.print(f"  {escape(line)}", soft_wrap=True)
