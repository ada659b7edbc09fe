"""volwassenheid demo: the whole pipeline on the bundled example traject."""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import TYPE_CHECKING

import click

from volwassenheid.cli.common import activation_hint, console, tool_command

if TYPE_CHECKING:
    from rich.console import Console

DEFAULT_FOLDER = Path("volwassenheid-demo")


@click.command()
@click.option(
    "--map",
    "folder",
    type=click.Path(file_okay=False, path_type=Path),
    default=DEFAULT_FOLDER,
    show_default=True,
    help="Waar het voorbeeldtraject komt. Een eerder neergezet voorbeeldtraject daar wordt gebruikt, "
    "niet overschreven; in een ander traject schrijft de demo niets.",
)
def demo(folder: Path) -> None:
    """Zet het voorbeeldtraject (een fictief Zorg- en Veiligheidshuis) in MAP,
    scoor het, toon de samenvatting en schrijf het adviesrapport (MAP/rapport.pdf).
    Daarnaast de vervolgmeting een jaar later (MAP-1-meting), met haar rapport."""
    from rich.markup import escape

    from volwassenheid.app.traject import Traject
    from volwassenheid.cli.tables import print_score_summary

    out = console()
    placed = _place_example(folder)
    if placed:
        out.print(f"Voorbeeldtraject gekopieerd naar {folder}.", soft_wrap=True, markup=False)
    else:
        out.print(f"Bestaand voorbeeldtraject in {folder} gebruikt (niets overschreven).", soft_wrap=True, markup=False)
    traject = Traject.open(folder)
    print_score_summary(traject.engagement, traject.question_set, traject.score())
    report = traject.report()
    out.print(f"\n[bold]Adviesrapport:[/bold] {escape(str(report.pdf))} ({report.pages} pagina's)", soft_wrap=True)
    later = _follow_up(out, folder)
    _print_next_steps(out, folder, traject.question_set.id, later)


def _follow_up(out: Console, folder: Path) -> Path:
    """The same partnership a year later, beside the example: its report has the chapter on development."""
    from rich.markup import escape
    from rich.text import Text

    from volwassenheid.app.demo import follow_up_folder, place_follow_up
    from volwassenheid.app.traject import Traject
    from volwassenheid.core.comparison import summary_sentence
    from volwassenheid.core.errors import UserError

    later = follow_up_folder(folder)
    try:
        copied = place_follow_up(folder).copied
    except UserError as refused:
        raise UserError(f"{refused} (De demo zet de vervolgmeting in '{later}'; kies een andere map met --map.)") from refused
    traject = Traject.open(later)
    comparison = traject.comparison()
    what = "gekopieerd naar" if copied else "gebruikt uit"
    out.print(Text(f"\nVervolgmeting een jaar later {what} {later}."), soft_wrap=True)
    if comparison is not None:
        out.print(Text(summary_sentence(comparison)))
    report = traject.report()
    out.print(f"[bold]Adviesrapport van de vervolgmeting:[/bold] {escape(str(report.pdf))} ({report.pages} pagina's)", soft_wrap=True)
    return later


def _place_example(folder: Path) -> bool:
    """Whether the example was copied (else an earlier copy is used); refusals in the CLI's words."""
    from volwassenheid.app.demo import FolderInUse, NotTheExample, place_example
    from volwassenheid.core.errors import UserError

    try:
        return place_example(folder).copied
    except FolderInUse as refused:
        raise UserError(f"Map '{folder}' bestaat al en is geen traject; kies een andere met --map.") from refused
    except NotTheExample as refused:
        raise UserError(
            f"In '{folder}' staat een ander traject ('{refused.partnership}') dan het voorbeeld; de demo "
            "schrijft daar niets in. Kies een nieuwe map met --map, of maak het rapport van dit traject met "
            f"'{tool_command()} rapport {shlex.quote(str(folder))} -o RAPPORT.pdf'."
        ) from refused


def _print_next_steps(out: Console, folder: Path, question_set_id: str, later: Path) -> None:
    """Commands to go on with, written the way this shell can start the tool."""
    tool = tool_command()
    where = shlex.quote(str(folder))
    out.print("\n[bold]Verder met dit traject[/bold]")
    for command, purpose in [
        (f"{tool} vergelijk {where} {shlex.quote(str(later))}", "wat er veranderde in een jaar, met intervallen"),
        (f"{tool} advies {where}", "de kloof tot de doelfase en de verbeteragenda in de terminal"),
        (f"{tool} respondenten {where}", "wie er geïnterviewd is"),
        (f"{tool} score {where} --json", "de scores als JSON, met uitsplitsingen"),
        (f"{tool} vragen toon {question_set_id}", "de vragenlijst met alle antwoordopties"),
    ]:
        out.print(f"  {command}\n      {purpose}", soft_wrap=True, markup=False)
    hint = activation_hint() if tool != "volwassenheid" else None
    if hint:
        out.print(f"\n{hint}", soft_wrap=True, markup=False)
