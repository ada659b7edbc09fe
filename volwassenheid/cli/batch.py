"""volwassenheid batch FILE -o DIR and volwassenheid importeer MAP FILE."""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from pathlib import Path

import click

from volwassenheid.cli.common import DATE_FORMATS, console, question_set_option

DEFAULT_SET = "samenwerking"
SUMMARY_FILE = "samenvatting.csv"
REJECTED_FILE = "afgewezen.csv"
SKIP_HELP = "Scoor de geldige rijen en meld de afgewezen rijen, in plaats van te stoppen."


def _read_survey(file: Path, question_set, default_partnership: str, skip_invalid: bool):
    from volwassenheid.dutch import plural
    from volwassenheid.errors import UserError
    from volwassenheid.survey import problems_text, read_survey
    from volwassenheid.survey_io import read_table

    table = read_table(file)
    survey = read_survey(table, question_set, default_partnership)
    if survey.problems and (not skip_invalid or not survey.rows):
        hint = "" if skip_invalid else " Met --overslaan gaan de geldige rijen door."
        raise UserError(
            f"{table.source}: {plural(len(survey.problems), 'probleem', 'problemen')}; er is niets geschreven.{hint}",
            problems_text(survey.problems),
        )
    return survey


@click.command()
@click.argument("file", metavar="BESTAND", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--uitvoer", "output", required=True, type=click.Path(file_okay=False, path_type=Path), help="Map voor de resultaten.")
@question_set_option
@click.option("--ambitie", "ambition_file", type=click.Path(dir_okay=False, path_type=Path), help="CSV met samenwerkingsverband;dimensie;fase.")
@click.option("--pdf", "with_pdf", is_flag=True, help="Schrijf ook per samenwerkingsverband het rapport (parallel over alle kernen).")
@click.option("--overslaan", "skip_invalid", is_flag=True, help=SKIP_HELP)
@click.option("--samenwerkingsverband", "default_partnership", help="Naam als het bestand geen kolom samenwerkingsverband heeft (standaard: de bestandsnaam).")
@click.option("--datum", "date", type=click.DateTime(DATE_FORMATS), help="Datum van de meting (standaard vandaag).")
def batch(file, output, question_set_ref, ambition_file, with_pdf, skip_invalid, default_partnership, date):
    """Scoor een enquête-export (CSV of Excel) met één of veel samenwerkingsverbanden:
    per samenwerkingsverband scores en advies als JSON, plus één samenvatting als CSV."""
    from volwassenheid.atomic import write_text_atomic
    from volwassenheid.batch import SUMMARY_HEADER, score_partnerships, summary_rows
    from volwassenheid.csv_safe import csv_text
    from volwassenheid.errors import UserError
    from volwassenheid.questionset_loader import find_question_set
    from volwassenheid.survey import ambition_from_table, problems_text
    from volwassenheid.survey_io import read_table

    question_set = find_question_set(question_set_ref or DEFAULT_SET)
    ambition: dict = {}
    if ambition_file:
        table = read_table(ambition_file)
        ambition, problems = ambition_from_table(table, question_set)
        if problems:
            raise UserError(f"{table.source}: ongeldige ambitie; er is niets geschreven.", problems_text(problems))
    survey = _read_survey(file, question_set, default_partnership or file.stem, skip_invalid)
    measured_on = date.date() if date else dt.date.today()
    outcomes = _score_in_parallel(survey, question_set, ambition, measured_on)

    try:
        output.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise UserError(f"Kan map '{output}' niet maken ({error.strerror}).") from error
    for outcome in outcomes:
        folder = output / outcome.slug
        folder.mkdir(exist_ok=True)
        scores, advice = outcome.documents()
        write_text_atomic(folder / "scores.json", json.dumps(scores, ensure_ascii=False, indent=2) + "\n")
        write_text_atomic(folder / "advies.json", json.dumps(advice, ensure_ascii=False, indent=2) + "\n")
    write_text_atomic(output / SUMMARY_FILE, csv_text(SUMMARY_HEADER, summary_rows(outcomes)))
    if survey.problems:
        rows = [[p.row, p.column, p.message] for p in survey.problems]
        write_text_atomic(output / REJECTED_FILE, csv_text(["rij", "kolom", "probleem"], rows))

    out = console()
    for note in survey.notes:
        out.print(f"[dim]Let op: {note}.[/dim]")
    _print_overview(out, outcomes)
    if with_pdf:
        _write_reports(out, outcomes, question_set, output)
    out.print(f"Resultaten in {output}: {len(outcomes)} map(pen) met scores.json en advies.json, en {SUMMARY_FILE}.", soft_wrap=True)
    if survey.problems:
        out.print(f"[yellow]{len(survey.rejected_rows)} rij(en) afgewezen (zie {output / REJECTED_FILE}):[/yellow]", soft_wrap=True)
        for line in problems_text(survey.problems, limit=20):
            out.print(f"  {line}")


PARALLEL_FROM_ROWS = 5_000


def _score_in_parallel(survey, question_set, ambition, measured_on):
    """Large exports with several partnerships use every core; small ones stay in-process."""
    from volwassenheid.batch import score_partnerships

    workers = min(os.cpu_count() or 1, len(survey.partnerships()))
    if workers < 2 or len(survey.rows) < PARALLEL_FROM_ROWS:
        return score_partnerships(survey, question_set, ambition, measured_on)
    return score_partnerships(survey, question_set, ambition, measured_on, mapper=lambda f, jobs: _shared_map(f, jobs, workers))


_SHARED: tuple = ()


def _shared_map(function, jobs: list, workers: int) -> list:
    """Map over processes that inherit the jobs by fork, instead of pickling
    every respondent out to them (where fork exists)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    global _SHARED
    _SHARED = (function, jobs)
    try:
        context = multiprocessing.get_context("fork")
    except ValueError:  # pragma: no cover (no fork on this platform)
        return list(map(function, jobs))
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            return list(pool.map(_run_shared, range(len(jobs)), chunksize=max(1, len(jobs) // (4 * workers))))
    finally:
        _SHARED = ()


def _run_shared(index: int):
    function, jobs = _SHARED
    return function(jobs[index])


def _print_overview(out, outcomes) -> None:
    from rich import box
    from rich.table import Table

    from volwassenheid.dutch import number, phase_label

    table = Table(box=box.SIMPLE_HEAD, title="Samenwerkingsverbanden", title_justify="left")
    table.add_column("Samenwerkingsverband", ratio=1)
    for header in ("n", "Score", "Fase", "Onder ambitie"):
        table.add_column(header, justify="left" if header == "Fase" else "right", no_wrap=True)
    for o in outcomes:
        below = sum(1 for g in o.advice.kloven if g.rang is not None)
        total = o.result.totaal
        table.add_row(o.name, str(total.respondenten), number(total.score), phase_label(total.fase, total.fase_naam), str(below))
    out.print(table)


def _write_reports(out, outcomes, question_set, output: Path) -> None:
    """One PDF per partnership, in parallel over the machine's cores."""
    from concurrent.futures import ProcessPoolExecutor, as_completed

    jobs = [(o.engagement, question_set, o.respondents, o.result, o.advice, str(output / o.slug / "rapport.pdf")) for o in outcomes]
    workers = max(1, min(len(jobs), os.cpu_count() or 1))
    done = 0
    with ProcessPoolExecutor(max_workers=workers) as pool, _progress(out, len(jobs)) as advance:
        futures = {pool.submit(render_partnership_report, job): job[0].samenwerkingsverband for job in jobs}
        for future in as_completed(futures):
            future.result()
            done += 1
            advance(futures[future], done)


class _progress:
    """A rich progress bar in a terminal, plain lines otherwise (logs, CI)."""

    def __init__(self, out, total: int):
        self.out, self.total, self.bar = out, total, None

    def __enter__(self):
        if sys.stdout.isatty():
            from rich.progress import Progress

            self.bar = Progress(console=self.out)
            self.bar.start()
            self.task = self.bar.add_task("Rapporten", total=self.total)
        return self.advance

    def advance(self, name: str, done: int) -> None:
        if self.bar is not None:
            self.bar.update(self.task, advance=1, description=f"Rapport {name}")
        else:
            self.out.print(f"rapport {done}/{self.total}: {name}", soft_wrap=True)

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.stop()


def render_partnership_report(job) -> str:
    """Runs in a worker process: one partnership's PDF, written atomically."""
    from volwassenheid.atomic import write_bytes_atomic
    from volwassenheid.batch import interviews_from_respondents
    from volwassenheid.report_data import build_report
    from volwassenheid.report_render import default_template_dir, render_pdf

    engagement, question_set, respondents, result, advice, target = job
    interviews = interviews_from_respondents(respondents, question_set)
    data = build_report(engagement, question_set, result, advice, interviews)
    write_bytes_atomic(Path(target), render_pdf(data, default_template_dir()).pdf)
    return target


@click.command()
@click.argument("folder", metavar="MAP", type=click.Path(file_okay=False, path_type=Path))
@click.argument("file", metavar="BESTAND", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--overslaan", "skip_invalid", is_flag=True, help=SKIP_HELP)
def importeer(folder: Path, file: Path, skip_invalid: bool):
    """Voeg de rijen van een enquête-export (CSV of Excel) als respondenten toe aan
    het traject in MAP, zodat enquête en interviews in één rapport komen."""
    from volwassenheid.batch import interviews_from_respondents
    from volwassenheid.engagement_store import load_engagement, write_interview
    from volwassenheid.errors import UserError
    from volwassenheid.respondents import SOURCE_IDS, imported_ids, next_code, save_source_id
    from volwassenheid.survey import Problem, problems_text

    loaded = load_engagement(folder)
    name = loaded.engagement.samenwerkingsverband
    survey = _read_survey(file, loaded.question_set, name, skip_invalid)
    groups = survey.partnerships()
    if name not in groups:
        raise UserError(f"{file}: geen rijen voor '{name}'. In het bestand staan: {', '.join(sorted(groups))}.")
    rows = groups[name]
    already = imported_ids(folder)
    duplicates = [row for row in rows if row.respondent_id in already]
    if duplicates:
        problems = [Problem(row.row, "respondent", f"al eerder geïmporteerd (als {already[row.respondent_id]})") for row in duplicates]
        if not skip_invalid or len(duplicates) == len(rows):
            raise UserError(f"{file}: {len(duplicates)} rij(en) al geïmporteerd; er is niets geschreven.", problems_text(problems))
        survey.problems.extend(problems)
        rows = [row for row in rows if row.respondent_id not in already]

    first = int(next_code(folder, "E")[1:])
    interviews = interviews_from_respondents([row.respondent for row in rows], loaded.question_set, first)
    codes = []
    for row, interview in zip(rows, interviews):
        # Answers first: a crash in between then shows up as a duplicate, never as a lost row.
        write_interview(folder, interview)
        save_source_id(folder, interview.code, row.respondent_id)
        codes.append(interview.code)
    out = console()
    for note in survey.notes:
        out.print(f"[dim]Let op: {note}.[/dim]")
    skipped = len(survey.partnerships()) - 1
    other = f" ({skipped} ander(e) samenwerkingsverband(en) in het bestand overgeslagen)" if skipped else ""
    out.print(f"{len(codes)} respondent(en) toegevoegd aan {folder}: {codes[0]} t/m {codes[-1]}{other}.", soft_wrap=True)
    out.print(f"[dim]De oorspronkelijke respondent-id's staan alleen in {SOURCE_IDS}/.[/dim]")
    if survey.problems:
        out.print(f"[yellow]Afgewezen rijen ({len(survey.problems)} problemen):[/yellow]")
        for line in problems_text(survey.problems, limit=20):
            out.print(f"  {line}")
