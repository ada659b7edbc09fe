"""volwassenheid demo: the whole pipeline on the bundled example traject."""

from __future__ import annotations

import os
import shlex
import shutil
from pathlib import Path

import click

from volwassenheid.cli.common import activation_hint, console, tool_command

EXAMPLE_NAME = "zorg-en-veiligheidshuis"
DEFAULT_FOLDER = Path("volwassenheid-demo")
REPORT_NAME = "rapport.pdf"


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
    scoor het, toon de samenvatting en schrijf het adviesrapport (MAP/rapport.pdf)."""
    from rich.markup import escape

    from volwassenheid.cli.rapport import produce_report
    from volwassenheid.cli.score import print_score_summary
    from volwassenheid.core.errors import UserError
    from volwassenheid.core.scoring import score_interviews
    from volwassenheid.storage.resources import data_dir
    from volwassenheid.storage.traject_folder import ENGAGEMENT_FILE, load_engagement

    out = console()
    example = data_dir("voorbeelden") / EXAMPLE_NAME
    if os.path.lexists(folder / ENGAGEMENT_FILE):
        _refuse_other_traject(folder, example)
        out.print(f"Bestaand voorbeeldtraject in {folder} gebruikt (niets overschreven).", soft_wrap=True, markup=False)
    elif folder.exists() and any(folder.iterdir()):
        raise UserError(f"Map '{folder}' bestaat al en is geen traject; kies een andere met --map.")
    else:
        shutil.copytree(example, folder, dirs_exist_ok=True)
        out.print(f"Voorbeeldtraject gekopieerd naar {folder}.", soft_wrap=True, markup=False)
    loaded = load_engagement(folder)
    result = score_interviews(loaded.question_set, loaded.engagement, loaded.interviews)
    print_score_summary(loaded, result)
    report = folder / REPORT_NAME
    pages = produce_report(loaded, report)
    out.print(f"\n[bold]Adviesrapport:[/bold] {escape(str(report))} ({pages} pagina's)", soft_wrap=True)
    _print_next_steps(out, folder, loaded.question_set.id)


def _refuse_other_traject(folder: Path, example: Path) -> None:
    """The demo writes rapport.pdf into its own example traject only, never into a consultant's real one."""
    from volwassenheid.core.errors import UserError
    from volwassenheid.storage.traject_folder import read_engagement

    found = read_engagement(folder)
    if _identity(found) != _identity(read_engagement(example)):
        raise UserError(
            f"In '{folder}' staat een ander traject ('{found.samenwerkingsverband}') dan het voorbeeld; de demo "
            "schrijft daar niets in. Kies een nieuwe map met --map, of maak het rapport van dit traject met "
            f"'{tool_command()} rapport {shlex.quote(str(folder))} -o RAPPORT.pdf'."
        )


def _identity(engagement) -> tuple:
    return (engagement.samenwerkingsverband, engagement.opdrachtgever, engagement.datum, engagement.vragenlijst.id)


def _print_next_steps(out, folder: Path, question_set_id: str) -> None:
    """Commands to go on with, written the way this shell can start the tool."""
    tool = tool_command()
    where = shlex.quote(str(folder))
    out.print("\n[bold]Verder met dit traject[/bold]")
    for command, purpose in [
        (f"{tool} advies {where}", "de kloof tot de ambitie en de verbeteragenda in de terminal"),
        (f"{tool} respondenten {where}", "wie er geïnterviewd is"),
        (f"{tool} score {where} --json", "de scores als JSON, met uitsplitsingen"),
        (f"{tool} vragen toon {question_set_id}", "de vragenlijst met alle antwoordopties"),
    ]:
        out.print(f"  {command}\n      {purpose}", soft_wrap=True, markup=False)
    hint = activation_hint() if tool != "volwassenheid" else None
    if hint:
        out.print(f"\n{hint}", soft_wrap=True, markup=False)
