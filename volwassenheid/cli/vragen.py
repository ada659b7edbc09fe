"""volwassenheid vragen lijst|toon|valideer|schema|sjabloon|exporteer."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import click

from volwassenheid.cli.common import (
    console,
    module_option,
    print_json,
    question_set_option,
    write_output,
)
from volwassenheid.cli.format import plain
from volwassenheid.core.dutch import plural

if TYPE_CHECKING:
    from volwassenheid.core.questionset import QuestionSet

DEFAULT_SET = "samenwerking"


@click.group()
def vragen() -> None:
    """Vragenlijsten: welke er zijn, inhoud, controle, schema, CSV-sjabloon en enquête."""


@vragen.command(short_help="Meegeleverde vragenlijsten.")
def lijst() -> None:
    """De meegeleverde vragenlijsten: id, versie, aantal vragen, bestand en naam."""
    from rich.table import Table

    from volwassenheid.app.question_sets import shipped_set_folder, shipped_sets

    shipped = shipped_sets()
    table = Table(title=plain(f"Vragenlijsten in {shipped_set_folder()}"), title_justify="left")
    ids = [found.question_set.id for found in shipped if found.question_set is not None]
    table.add_column("Id", min_width=max(map(len, ids), default=2), no_wrap=True)
    table.add_column("Versie")
    table.add_column("Vragen", justify="right", no_wrap=True)
    table.add_column("Bestand", min_width=max((len(found.path.name) for found in shipped), default=7), no_wrap=True)
    table.add_column("Naam")
    for found in shipped:
        qs, file_name = found.question_set, plain(found.path.name)
        if qs is None:
            table.add_row("?", "", "", file_name, plain("ongeldig: zie 'volwassenheid vragen valideer'", "red"))
        else:
            table.add_row(plain(qs.id), plain(qs.versie), _core_and_modules(qs), file_name, plain(qs.naam))
    out = console()
    out.print(table)
    if any(found.question_set is not None and found.question_set.modules for found in shipped):
        out.print(plain("Vragen als 'kern + modules'; een traject kiest zijn modules met --module."))
    out.print(plain("Een oudere versie kiest u met ID@VERSIE, bijv. --vragenlijst samenwerking@1.0; zonder versie geldt de nieuwste."))


def _core_and_modules(question_set: QuestionSet) -> str:
    """'45 + 15': the questions of the core and of the modules; '40' for a set without modules."""
    from volwassenheid.core.modules import module_of_question

    extra = len(module_of_question(question_set))
    return f"{len(question_set.vragen) - extra} + {extra}" if extra else str(len(question_set.vragen))


@vragen.command(short_help="Een vragenlijst leesbaar of als JSON.")
@click.argument("reference", metavar="ID|PAD", default=DEFAULT_SET)
@click.option("--json", "as_json", is_flag=True, help="Druk de gevalideerde vragenlijst af als JSON.")
def toon(reference: str, as_json: bool) -> None:
    """Toon een vragenlijst leesbaar: fasen, dimensies, vragen en antwoordopties."""
    from volwassenheid.app.question_sets import open_question_set

    question_set = open_question_set(reference)
    if as_json:
        print_json(question_set.model_dump(mode="json", exclude_none=True))
        return
    _print_question_set(question_set)


def _print_question_set(question_set) -> None:
    """Every text of the set is user text: it goes to rich as plain Text, never as markup."""
    from rich.padding import Padding
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    out = console()
    out.print(Text.assemble(plain(question_set.naam, "bold"), f"  ({question_set.id}, versie ", plain(question_set.versie), ")"))
    if question_set.beschrijving:
        out.print(plain(question_set.beschrijving))
    phases = Table(title="Fasen", title_justify="left", show_lines=False)
    phases.add_column("#", justify="right")
    phases.add_column("Fase")
    phases.add_column("Beschrijving")
    for phase in question_set.fasen:
        phases.add_row(str(phase.nummer), plain(phase.naam), plain(phase.beschrijving))
    out.print(phases)
    number = 0
    for dimension in question_set.dimensies:
        module = f", module {dimension.module}" if dimension.module else ""
        title = Text.assemble(plain(dimension.naam, "bold"), plain(f" ({dimension.id}{module})"))
        out.print(Panel(plain(dimension.beschrijving), title=title, title_align="left"))
        for question in question_set.questions_of(dimension.id):
            number += 1
            heading = Text.assemble(plain(f"{number}. {question.tekst}", "bold"), "  ", plain(f"({question.id})", "dim"))
            out.print(Padding(heading, (0, 0, 0, 2)))
            options = Table.grid(padding=(0, 1))
            options.add_column(no_wrap=True, style="dim")
            options.add_column()
            for phase, option in zip(question_set.fasen, question.opties, strict=True):
                options.add_row(plain(f"{phase.nummer} {phase.naam}"), plain(option))
            out.print(Padding(options, (0, 0, 0 if question.nvt_als else 1, 5)))
            if question.nvt_als:
                out.print(Padding(plain(f"N.v.t. als: {question.nvt_als}", "dim"), (0, 0, 1, 5)))
    if question_set.begrippen:
        terms = Table(title="Begrippen", title_justify="left", show_header=False)
        terms.add_column(no_wrap=True, style="bold")
        terms.add_column()
        for term in question_set.begrippen:
            terms.add_row(plain(term.term), plain(term.uitleg))
        out.print(terms)
    for line in _module_lines(question_set):
        out.print(plain(line))
    out.print(f"{_counted(question_set, 'vragen', 'adviezen', 'patronen', *(('begrippen',) if question_set.begrippen else ()))}.")


@vragen.command(short_help="Controleer een vragenlijst.")
@click.argument("reference", metavar="PAD|ID")
@click.option("--leesbaarheid", "readability", is_flag=True, help="Toon ook per vraag de Flesch-Douma-score (B1 vanaf 60).")
def valideer(reference: str, readability: bool) -> None:
    """Controleer een vragenlijst; meldt alle problemen tegelijk, met regel en sleutel.
    Met --leesbaarheid ook hoe makkelijk elke vraag met haar antwoordopties te lezen is."""
    from volwassenheid.app.question_sets import open_question_set

    qs = open_question_set(reference)
    parts = ("fasen", "dimensies", "vragen", "adviezen", "patronen", *(("begrippen",) if qs.begrippen else ()))
    click.echo(f"In orde: {reference} ({qs.id} versie {qs.versie}: {_counted(qs, *parts)}).")
    for line in _module_lines(qs):
        click.echo(line)
    if readability:
        _print_readability(qs)


def _print_readability(question_set: QuestionSet) -> None:
    """Per question its Flesch-Douma score, the hardest text of those below B1, and the mean."""
    from rich.table import Table

    from volwassenheid.core.dutch import number
    from volwassenheid.core.readability import B1_FROM, set_readability

    found = set_readability(question_set)
    table = Table(title="Leesbaarheid (Flesch-Douma; B1 vanaf 60)", title_justify="left")
    table.add_column("Vraag")
    table.add_column("Score", justify="right")
    table.add_column("Moeilijkst te lezen (onder B1)")
    for question in found:
        hard = question.score < B1_FROM
        table.add_row(plain(question.id), plain(number(question.score), "red" if hard else ""), plain(question.lowest) if hard else "")
    out = console()
    out.print(table)
    if found:
        below = sum(1 for question in found if question.score < B1_FROM)
        mean = sum(question.score for question in found) / len(found)
        out.print(f"Gemiddeld {number(mean)}; {plural(below, 'vraag', 'vragen')} onder B1 (60).")


SCHEMA_KINDS = ("vragenlijst", "traject", "interview", "scores", "vergelijking")
"""As app.question_sets.SCHEMA_KINDS (a test checks), without importing the app for --help."""


@vragen.command(short_help="JSON Schema van de bestandsformaten.")
@click.option(
    "--soort",
    type=click.Choice(SCHEMA_KINDS),
    default="vragenlijst",
    show_default=True,
    help="Van welk bestand het schema.",
)
def schema(soort: str) -> None:
    """JSON Schema van het bestandsformaat, voor editors (stdout)."""
    from volwassenheid.app.question_sets import question_set_schema

    click.echo(json.dumps(question_set_schema(soort), ensure_ascii=False, indent=2))


@vragen.command(short_help="CSV-kopregel voor batchscoring.")
@question_set_option
@module_option
@click.option("-o", "--uitvoer", "output", type=click.Path(dir_okay=False, path_type=Path), help="Schrijf naar dit bestand in plaats van stdout.")
@click.option(
    "--scheidingsteken",
    "delimiter",
    type=click.Choice([";", ","]),
    default=";",
    show_default=True,
    help="Scheidingsteken (';' opent direct goed in Nederlandse Excel).",
)
def sjabloon(question_set_ref: str | None, modules: tuple[str, ...], output: Path | None, delimiter: str) -> None:
    """De CSV-kopregel voor batchscoring: respondent, organisatie, niveau en één kolom per vraag-id
    (de kern van de vragenlijst, plus de vragen van elke --module)."""
    from volwassenheid.app.question_sets import csv_template
    from volwassenheid.app.survey import question_set_of

    question_set = question_set_of(question_set_ref or DEFAULT_SET, modules)
    header = csv_template(question_set, delimiter)
    if output is None:
        click.echo(header, nl=False)
        return
    write_output(output, header)
    click.echo(f"Sjabloon geschreven: {output} ({plural(len(question_set.vragen), 'vraagkolom', 'vraagkolommen')}).", err=True)


EXPORT_FORMATS = {"limesurvey": ".lss", "word": ".docx", "excel": ".xlsx", "csv": ".csv"}
"""As app.survey_forms.FORMATS (a test checks), without importing the app for --help."""


@vragen.command(short_help="De vragenlijst als enquête: LimeSurvey, Word (Forms), Excel of CSV.")
@click.argument("reference", metavar="[ID|PAD]", required=False)
@click.option("-o", "--uitvoer", "output", required=True, type=click.Path(dir_okay=False, path_type=Path), help="Het bestand dat gemaakt wordt.")
@click.option(
    "--formaat",
    "format_name",
    type=click.Choice(list(EXPORT_FORMATS)),
    help="limesurvey (.lss), word (.docx, voor Forms' snel importeren en op papier), excel (.xlsx, een invulformulier) of csv (de kopregel); zonder: naar de extensie van -o.",
)
@module_option
@click.option(
    "--traject",
    "traject",
    metavar="MAP",
    type=click.Path(file_okay=False, path_type=Path),
    help="Neem vragenlijst, modules, organisaties en naam van dit traject.",
)
@click.option("--scheidingsteken", "delimiter", type=click.Choice([";", ","]), default=";", show_default=True, help="Alleen voor csv.")
def exporteer(reference: str | None, output: Path, format_name: str | None, modules: tuple[str, ...], traject: Path | None, delimiter: str) -> None:
    """Maak van een vragenlijst een enquête om elders af te nemen: een LimeSurvey-bestand (.lss, met een
    koppeling om de antwoorden terug te lezen), een Word-bestand voor Microsoft Forms (snel importeren),
    een Excel-invulformulier voor één respondent, of de CSV-kopregel. Zie 'Enquête afnemen' in de README."""
    from volwassenheid.app.survey_forms import export_form

    format_name = format_name or _format_of(output)
    exported = export_form(output, format_name, reference, modules=modules, traject=traject, delimiter=delimiter)
    click.echo(f"Geschreven: {exported.path} ({format_name}, {plural(exported.questions, 'vraag', 'vragen')}).")
    if exported.mapping is not None:
        click.echo(f"Geschreven: {exported.mapping}: lees de antwoorden van LimeSurvey terug met --koppeling {exported.mapping}.")


def _format_of(output: Path) -> str:
    from volwassenheid.core.errors import UserError

    for name, suffix in EXPORT_FORMATS.items():
        if output.suffix.lower() == suffix:
            return name
    raise UserError(f"Welk formaat? '{output.name}' eindigt niet op {', '.join(EXPORT_FORMATS.values())}; geef --formaat.")


def _module_lines(question_set: QuestionSet) -> list[str]:
    """Per module what it adds to the core; nothing for a set without modules."""
    from collections import Counter

    from volwassenheid.core.modules import module_of_question

    if not question_set.modules:
        return []
    questions = Counter(module_of_question(question_set).values())
    dimensions = Counter(d.module for d in question_set.dimensies if d.module)
    core = len(question_set.vragen) - questions.total()
    lines = [f"Kern: {plural(core, 'vraag', 'vragen')}; elk traject kiest daarnaast nul of meer modules (--module):"]
    for module in question_set.modules:
        lines.append(
            f"  {module.id}: {module.naam}, {plural(dimensions[module.id], 'dimensie', 'dimensies')}, "
            f"{plural(questions[module.id], 'vraag', 'vragen')}"
        )
    return lines


_FORMS = {
    "fasen": ("fase", "fasen"),
    "dimensies": ("dimensie", "dimensies"),
    "vragen": ("vraag", "vragen"),
    "adviezen": ("advies", "adviezen"),
    "patronen": ("patroon", "patronen"),
    "begrippen": ("begrip", "begrippen"),
}


def _counted(question_set: QuestionSet, *parts: str) -> str:
    """'5 fasen, 1 dimensie, 12 vragen': the set's lists counted, each with its own plural."""
    return ", ".join(plural(len(getattr(question_set, part)), *_FORMS[part]) for part in parts)
