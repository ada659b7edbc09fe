"""volwassenheid vergelijk OUD NIEUW: what changed between two measurements of one partnership."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from volwassenheid.cli.common import console, print_json

if TYPE_CHECKING:
    from volwassenheid.app.traject import Traject
    from volwassenheid.core.comparison import Comparison, DimensionChange

FOLDER = click.Path(file_okay=False, path_type=Path)


@click.command()
@click.argument("earlier", metavar="OUD", type=FOLDER)
@click.argument("later", metavar="NIEUW", type=FOLDER)
@click.option("--json", "as_json", is_flag=True, help="Druk de vergelijking af als JSON (vaste sleutels; zie 'vragen schema --soort vergelijking').")
def vergelijk(earlier: Path, later: Path, as_json: bool) -> None:
    """Wat er veranderde tussen twee metingen van hetzelfde samenwerkingsverband (trajectmappen OUD en
    NIEUW): per dimensie de score toen en nu, de verandering met haar 95%-interval en of die echt is
    (het interval bevat 0 niet), fase en doelfase toen en nu; daaronder wie er gehoord is."""
    from volwassenheid.app.comparison import compare_trajects

    comparison = compare_trajects(earlier, later)
    if as_json:
        print_json(comparison.model_dump(mode="json"))
        return
    _print(comparison)


def _print(comparison: Comparison) -> None:
    from rich.table import Table
    from rich.text import Text

    from volwassenheid.core.comparison import interval_text, shown_change
    from volwassenheid.core.dutch import number, plural

    then, now = comparison.vorige, comparison.huidige
    out = console()
    table = Table(title=Text(f"Van {then.meting} ({then.datum}) naar {now.meting} ({now.datum})"), title_justify="left")
    table.add_column("Dimensie", overflow="fold")
    for header in ("Toen", "Nu", "Verandering", "95%-interval", "Echt?", "Fase", "Doelfase"):
        table.add_column(header, justify="right" if header in ("Toen", "Nu", "Verandering") else "left", no_wrap=True)
    for change in comparison.dimensies:
        table.add_row(
            Text(change.naam + (" *" if change.indicatief else "")),
            number(change.score_vorige),
            number(change.score),
            shown_change(change),
            interval_text(change.interval),
            _real(change),
            f"{_or_dash(change.fase_vorige)} → {_or_dash(change.fase)}",
            f"{_or_dash(change.doelfase_vorige)} → {_or_dash(change.doelfase)}",
        )
    out.print(table)
    real = [c for c in comparison.dimensies if c.echt]
    out.print(
        f"{plural(len(real), 'echte verandering', 'echte veranderingen')} (het interval bevat 0 niet); "
        "het interval behandelt de metingen als onafhankelijk, en is dus eerder te breed dan te smal."
    )
    if any(c.indicatief for c in comparison.dimensies):
        out.print("* indicatief: in een van beide metingen te weinig respondenten.")
    out.print(
        Text(
            f"Respondenten: {then.respondenten} toen, {now.respondenten} nu"
            + (f"; respons {number(then.respons * 100, 0)}% toen, {number(now.respons * 100, 0)}% nu" if then.respons and now.respons else "")
            + "."
        )
    )
    if comparison.vragen_niet_vergeleken:
        out.print(Text(f"Niet vergeleken (in één van beide metingen): {', '.join(comparison.vragen_niet_vergeleken)}."))
    for warning in comparison.waarschuwingen:
        out.print(Text(f"Let op: {warning}.", style="yellow"))


def _real(change: DimensionChange) -> str:
    if change.echt is None:
        return "–"
    return "ja" if change.echt else "nee"


def _or_dash(value: int | None) -> str:
    return "–" if value is None else str(value)


def print_since_previous(folder: Path, traject: Traject) -> None:
    """Under `score` and `advies`: what changed since `vorige_meting`, and the command that shows more."""
    import os
    import shlex

    from rich.text import Text

    from volwassenheid.core.comparison import summary_sentence

    comparison = traject.comparison()
    if comparison is None:
        return
    earlier = os.path.normpath(folder / (traject.engagement.vorige_meting or ""))
    command = f"volwassenheid vergelijk {shlex.quote(earlier)} {shlex.quote(str(folder))}"
    console().print(Text(f"{summary_sentence(comparison)} Meer: {command}"), soft_wrap=True)
