"""volwassenheid demo: the whole pipeline on the bundled example traject."""

from __future__ import annotations

import shutil
from pathlib import Path

import click

from volwassenheid.cli.common import console

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
    help="Waar het voorbeeldtraject komt. Een bestaand traject daar wordt gebruikt, niet overschreven.",
)
def demo(folder: Path) -> None:
    """Zet het voorbeeldtraject (een fictief Zorg- en Veiligheidshuis) in MAP,
    scoor het, toon de samenvatting en schrijf het adviesrapport (MAP/rapport.pdf)."""
    from volwassenheid.cli.rapport import produce_report
    from volwassenheid.cli.score import print_score_summary
    from volwassenheid.engagement_store import ENGAGEMENT_FILE, load_engagement
    from volwassenheid.errors import UserError
    from volwassenheid.resources import data_dir
    from volwassenheid.scoring import score_interviews

    out = console()
    if (folder / ENGAGEMENT_FILE).is_file():
        out.print(f"Bestaand traject in {folder} gebruikt (niets overschreven).")
    elif folder.exists() and any(folder.iterdir()):
        raise UserError(f"Map '{folder}' bestaat al en is geen traject; kies een andere met --map.")
    else:
        shutil.copytree(data_dir("voorbeelden") / EXAMPLE_NAME, folder, dirs_exist_ok=True)
        out.print(f"Voorbeeldtraject gekopieerd naar {folder}.", soft_wrap=True)
    loaded = load_engagement(folder)
    result = score_interviews(loaded.question_set, loaded.engagement, loaded.interviews)
    print_score_summary(loaded, result)
    report = folder / REPORT_NAME
    pages = produce_report(loaded, report)
    out.print(f"\n[bold]Adviesrapport:[/bold] {report} ({pages} pagina's)", soft_wrap=True)
    out.print("\n[bold]Verder met dit traject[/bold]")
    for command, purpose in [
        (f"volwassenheid advies {folder}", "de kloof tot de ambitie en de verbeteragenda in de terminal"),
        (f"volwassenheid respondenten {folder}", "wie er geïnterviewd is"),
        (f"volwassenheid score {folder} --json", "de scores als JSON, met uitsplitsingen"),
        (f"volwassenheid vragen toon {loaded.question_set.id}", "de vragenlijst met alle antwoordopties"),
    ]:
        out.print(f"  {command}\n      {purpose}", soft_wrap=True)
