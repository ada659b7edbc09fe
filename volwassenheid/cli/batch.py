"""volwassenheid batch FILE -o DIR: the options, the progress and the overview; the work is app.survey."""

from __future__ import annotations

import sys
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Self

import click

from volwassenheid.cli.common import MEASUREMENT_DATE, console, module_option, question_set_option

if TYPE_CHECKING:
    import datetime as dt

    from rich.console import Console
    from rich.progress import Progress, TaskID

    from volwassenheid.app.survey import BatchResult, PartnershipUnnamed, SurveyFile
    from volwassenheid.core.partnerships import PartnershipSummary
    from volwassenheid.core.questionset import QuestionSet

SKIP_HELP = "Scoor de geldige rijen en meld de afgewezen rijen, in plaats van te stoppen."
SKIP_HINT = "Met --overslaan gaan de geldige rijen door."
"""Said when rows are refused that --overslaan would leave out (the API names skip_invalid=True)."""
SHOW_MAPPING_HELP = "Toon hoe elke kolom gelezen wordt (respondent, organisatie, niveau, welke vraag, genegeerd) en stop: er wordt niets geschreven."
MAPPING_HELP = "YAML met per kolomkop wat die kolom is (kolommen: {kop: respondent|organisatie|niveau|samenwerkingsverband|meting|negeren|vraag-id}); gaat voor elke andere regel."


def print_mapping(file: Path, question_set: QuestionSet, mapping_file: Path | None = None) -> None:
    """The columns of a survey export and what each is read as, with the notes and header problems."""
    from rich.markup import escape
    from rich.table import Table
    from rich.text import Text

    from volwassenheid.app.survey import read_column_mapping
    from volwassenheid.core.survey_matching import IGNORE, ROLE_LABELS
    from volwassenheid.core.survey_table import problems_text
    from volwassenheid.storage.column_mapping_file import mapping_yaml

    mapping = read_column_mapping(file, question_set, mapping_file)
    out = console()
    table = Table(title=Text(f"Koppeling van de kolommen · {file.name}"), title_justify="left")
    table.add_column("Kolom", overflow="fold")
    table.add_column("Gelezen als", overflow="fold")
    for header, meaning in mapping.columns:
        if meaning == IGNORE:
            table.add_row(Text(header), Text("genegeerd", style="dim"))
        else:
            table.add_row(Text(header), Text(meaning if meaning in ROLE_LABELS else f"vraag {meaning}"))
    out.print(table)
    for note in mapping.notes:
        out.print(f"[dim]Let op: {escape(note)}.[/dim]")
    for line in problems_text(mapping.problems):
        out.print(f"[yellow]{escape(line)}[/yellow]", soft_wrap=True)
    out.print("Om deze koppeling vast te leggen en aan te passen: zet dit in een bestand en geef het mee met --koppeling.")
    out.print(Text(mapping_yaml(mapping.columns).rstrip("\n")), soft_wrap=True)
    out.print("Er is niets geschreven (--toon-koppeling).")


@click.command()
@click.argument("file", metavar="BESTAND|MAP", type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--uitvoer",
    "output",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Map voor de resultaten: nieuw, leeg, of met de resultaten van een eerdere batch (die worden vervangen).",
)
@question_set_option
@module_option
@click.option(
    "--doelfase",
    "--ambitie",
    "ambition_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="CSV met samenwerkingsverband;dimensie;fase (--ambitie is de oude naam).",
)
@click.option("--pdf", "with_pdf", is_flag=True, help="Schrijf ook per samenwerkingsverband het rapport (parallel over alle kernen).")
@click.option("--overslaan", "skip_invalid", is_flag=True, help=SKIP_HELP)
@click.option(
    "--samenwerkingsverband",
    "default_partnership",
    help="Naam als het bestand geen kolom samenwerkingsverband heeft (anders gevraagd, of in een script een fout).",
)
@click.option("--datum", "date", type=MEASUREMENT_DATE, help="Datum van de meting (standaard de datum uit het trajectsjabloon, anders vandaag).")
@click.option(
    "--traject-sjabloon",
    "template_file",
    metavar="YAML",
    type=click.Path(dir_okay=False, path_type=Path),
    help="YAML met opdrachtgever, adviseur, meting, datum, doelfase_bron en huisstijl, zoals in traject.yaml; geldt voor elk samenwerkingsverband.",
)
@click.option("--toon-koppeling", "show_mapping", is_flag=True, help=SHOW_MAPPING_HELP)
@click.option("--koppeling", "mapping_file", metavar="KOPPELING.yaml", type=click.Path(dir_okay=False, path_type=Path), help=MAPPING_HELP)
def batch(
    file: Path,
    output: Path,
    question_set_ref: str | None,
    modules: tuple[str, ...],
    ambition_file: Path | None,
    with_pdf: bool,
    skip_invalid: bool,
    default_partnership: str | None,
    date: dt.datetime | None,
    template_file: Path | None,
    show_mapping: bool,
    mapping_file: Path | None,
) -> None:
    """Scoor een enquête-export (CSV of Excel) met één of veel samenwerkingsverbanden:
    per samenwerkingsverband scores en advies als JSON, plus één samenvatting als CSV.
    Of een MAP met ingevulde Excel-formulieren ('vragen exporteer --formaat excel'): elk bestand is één respondent."""
    from volwassenheid.app.collector import collector_paused

    # A survey is many small objects without cycles: the cycle collector would only scan them,
    # and the modules imported for them, over and over.
    with collector_paused():
        from volwassenheid.app.survey import (
            PartnershipUnnamed,
            RowsRefused,
            check_batch_folder,
            question_set_of,
            read_ambition,
            read_survey,
            read_traject_template,
            write_batch,
        )

        question_set = question_set_of(question_set_ref, modules)
        if show_mapping:
            print_mapping(file, question_set, mapping_file)
            return
        ambition = read_ambition(ambition_file, question_set) if ambition_file else None
        template = read_traject_template(template_file) if template_file else None
        check_batch_folder(output)
        try:
            try:
                survey = read_survey(file, question_set, partnership=default_partnership, skip_invalid=skip_invalid, mapping=mapping_file)
            except PartnershipUnnamed as unnamed:
                name = _ask_partnership(unnamed)
                survey = read_survey(file, question_set, partnership=name, skip_invalid=skip_invalid, mapping=mapping_file)
        except RowsRefused as refused:
            raise refused.hinted(SKIP_HINT) from refused
        out = console()
        with _ReportProgress(out) as progress:
            result = write_batch(
                survey,
                output,
                ambition=ambition,
                measured_on=date.date() if date else None,
                with_pdf=with_pdf,
                on_progress=progress.advance if with_pdf else None,
                traject_template=template,
            )
        _print_result(out, survey, result, with_pdf)


def _ask_partnership(unnamed: PartnershipUnnamed) -> str:
    """The name of the one partnership in a file without that column: asked in a terminal; in a
    script (no terminal) the refusal names the option, as a file name is no partnership's name."""
    import sys

    from volwassenheid.cli.prompts import TerminalPrompter, required

    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise unnamed.hinted('geef de naam met --samenwerkingsverband "…"') from None
    console().print(f"{unnamed.path} heeft geen kolom samenwerkingsverband.", highlight=False)
    return TerminalPrompter().text("Naam van het samenwerkingsverband:", validate=required).strip()


def _print_result(out: Console, survey: SurveyFile, result: BatchResult, with_pdf: bool) -> None:
    from rich.markup import escape

    from volwassenheid.core.dutch import plural
    from volwassenheid.core.survey_table import problems_text

    for note in [*survey.notes, *result.notes]:
        out.print(f"[dim]Let op: {escape(note)}.[/dim]", soft_wrap=True)  # a path in it stays whole
    _print_overview(out, result.summaries, survey)
    files = "scores.json, advies.json en rapport.pdf" if with_pdf else "scores.json en advies.json"
    replaced = " De resultaten van de eerdere batch in deze map zijn vervangen." if result.replaced_earlier else ""
    if any(s.measurement is not None for s in result.summaries):
        partnerships = plural(len({s.slug.split("/")[0] for s in result.summaries}), "map", "mappen")
        where = f"{partnerships} met per meting een map met {files}, en vergelijking.json waar er twee metingen of meer zijn"
    else:
        where = f"{plural(len(result.summaries), 'map', 'mappen')} met {files}"
    out.print(f"Resultaten in {escape(str(result.output))}: {where}, en {result.summary_file.name}.{replaced}", soft_wrap=True)
    if result.rejected_file is not None:
        rejected = plural(len(survey.rows.rejected_rows), "rij", "rijen")
        out.print(f"[yellow]{rejected} afgewezen (zie {escape(str(result.rejected_file))}):[/yellow]", soft_wrap=True)
        for line in problems_text(survey.problems, limit=20):
            out.print(f"  {escape(line)}", soft_wrap=True)


def _print_overview(out: Console, summaries: list[PartnershipSummary], survey: SurveyFile) -> None:
    from rich import box
    from rich.markup import escape
    from rich.table import Table

    from volwassenheid.core.dutch import number, phase_label
    from volwassenheid.core.partnerships import plain_slug

    table = Table(box=box.SIMPLE_HEAD, title="Samenwerkingsverbanden", title_justify="left", pad_edge=False)
    table.add_column("Samenwerkingsverband", ratio=1)
    for header in ("n", "Score", "Laagste fase", "Onder doelfase"):
        table.add_column(header, justify="left" if header == "Laagste fase" else "right", no_wrap=True)
    for s in summaries:
        below = str(s.below_ambition) if s.has_ambition else "geen doelfase"
        folder = f" [dim](map {escape(s.slug)})[/dim]" if s.slug.split("/")[0] != plain_slug(s.name) else ""
        table.add_row(escape(_who(s)) + folder, str(s.respondents), number(s.score), escape(phase_label(s.phase, s.phase_name)), below)
    out.print(table)
    out.print(
        "[dim]Score = gemiddelde van de dimensiescores; een samenwerkingsverband heeft geen totale fase, "
        "dus staat hier de laagste fase over de dimensies.[/dim]"
    )
    for s in summaries:
        caution = _caution(s)
        if caution and s.too_few != "alle uitkomsten":  # with too few respondents overall, all is indicative anyway
            out.print(f"[yellow]{escape(_who(s))}: {caution} (zie samenvatting.csv).[/yellow]", soft_wrap=True)
        if s.too_few:
            out.print(
                f"[yellow]Let op, {escape(_who(s))}: gebaseerd op te weinig respondenten ({escape(s.too_few)}); "
                "spreiding en scores per vraag staan er niet bij.[/yellow]",
                soft_wrap=True,
            )
    _print_not_counted(out, summaries, survey)


def _who(summary: PartnershipSummary) -> str:
    """The partnership's name, with the measurement when the survey has a column meting: 'Noord (2026)'."""
    return summary.name if summary.measurement is None else f"{summary.name} ({summary.measurement})"


def _caution(summary: PartnershipSummary) -> str:
    """'1 dimensie is een grensgeval en 2 dimensies zijn indicatief' from the dimension lines of the summary; '' when none."""
    from volwassenheid.core.dutch import plural
    from volwassenheid.core.partnerships import SUMMARY_HEADER

    score, borderline, indicative = (SUMMARY_HEADER.index(key) for key in ("score", "grensgeval", "indicatief"))
    scored = [row for row in summary.rows if row[score] is not None]  # a dimension without data is not indicative
    counts = [
        plural(sum(row[borderline] == "ja" for row in scored), "dimensie is een grensgeval", "dimensies zijn een grensgeval"),
        plural(sum(row[indicative] == "ja" for row in scored), "dimensie is indicatief", "dimensies zijn indicatief"),
    ]
    return " en ".join(count for count in counts if not count.startswith("0 "))


def _print_not_counted(out: Console, summaries: list[PartnershipSummary], survey: SurveyFile) -> None:
    """Every survey row (or filled form) that does not count as a respondent, named: none dropped without being listed."""
    from rich.markup import escape

    for s in summaries:
        for reason, rows in s.not_counted.items():
            verb = "telt" if len(rows) == 1 else "tellen"
            out.print(
                f"[yellow]Let op, {escape(_who(s))}: {escape(survey.rows_text(rows))} {verb} niet mee: {escape(reason)}.[/yellow]", soft_wrap=True
            )


class _ReportProgress:
    """Progress of the reports: a rich bar in a terminal, plain lines otherwise (logs, CI).
    The bar starts at the first report done, so after the worker processes started:
    a forked worker must not inherit the bar's thread."""

    def __init__(self, out: Console):
        self.out = out
        self.bar: Progress | None = None
        self.task: TaskID | None = None

    def __enter__(self) -> Self:
        return self

    def advance(self, name: str, done: int, total: int) -> None:
        from rich.markup import escape

        if self.bar is None and sys.stdout.isatty():
            from rich.progress import Progress

            self.bar = Progress(console=self.out)
            self.bar.start()
            self.task = self.bar.add_task("Rapporten", total=total)
        if self.bar is not None and self.task is not None:
            self.bar.update(self.task, advance=1, description=f"Rapport {escape(name)}")
        else:
            self.out.print(f"rapport {done}/{total}: {escape(name)}", soft_wrap=True)

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None) -> None:
        if self.bar is not None:
            self.bar.stop()
