"""volwassenheid importeer MAP FILE: the options and what is said; the work is app.survey_import."""

from __future__ import annotations

from pathlib import Path

import click

from volwassenheid.cli.batch import MAPPING_HELP, SHOW_MAPPING_HELP, SKIP_HELP, SKIP_HINT, print_mapping
from volwassenheid.cli.common import console


@click.command()
@click.argument("folder", metavar="MAP", type=click.Path(file_okay=False, path_type=Path))
@click.argument("file", metavar="BESTAND|MAP", type=click.Path(path_type=Path))
@click.option("--overslaan", "skip_invalid", is_flag=True, help=SKIP_HELP)
@click.option("--toon-koppeling", "show_mapping", is_flag=True, help=SHOW_MAPPING_HELP)
@click.option("--koppeling", "mapping_file", metavar="KOPPELING.yaml", type=click.Path(dir_okay=False, path_type=Path), help=MAPPING_HELP)
def importeer(folder: Path, file: Path, skip_invalid: bool, show_mapping: bool, mapping_file: Path | None) -> None:
    """Voeg de rijen van een enquête-export (CSV of Excel) als respondenten toe aan
    het traject in MAP, zodat enquête en interviews in één rapport komen. In plaats van
    een export kan het een map met ingevulde Excel-formulieren zijn: elk bestand is één respondent."""
    from rich.markup import escape

    from volwassenheid.app.survey import RowsRefused
    from volwassenheid.app.survey_import import import_survey
    from volwassenheid.core.dutch import plural
    from volwassenheid.core.survey_table import problems_text

    if show_mapping:
        from volwassenheid.app.traject import Traject

        print_mapping(file, Traject.open(folder).question_set, mapping_file)
        return
    try:
        result = import_survey(folder, file, skip_invalid=skip_invalid, mapping=mapping_file)
    except RowsRefused as refused:
        raise refused.hinted(SKIP_HINT) from refused
    out = console()
    for note in result.notes:
        out.print(f"[dim]Let op: {escape(note)}.[/dim]")
    skipped = result.skipped_partnerships
    other = f" ({plural(skipped, 'ander samenwerkingsverband', 'andere samenwerkingsverbanden')} in het bestand overgeslagen)" if skipped else ""
    added = plural(len(result.codes), "respondent", "respondenten")
    codes = result.codes[0] if len(result.codes) == 1 else f"{result.codes[0]} t/m {result.codes[-1]}"
    out.print(f"{added} toegevoegd aan {escape(str(folder))}: {codes}{other}.", soft_wrap=True)
    for reason, left_out in result.not_counted.items():
        verb = "telt" if len(left_out) == 1 else "tellen"
        out.print(f"[yellow]Let op: {', '.join(left_out)} {verb} niet mee: {escape(reason)}.[/yellow]", soft_wrap=True)
    out.print(f"[dim]De oorspronkelijke respondent-id's staan alleen in {escape(result.source_id_folder.name)}/.[/dim]")
    if result.problems:
        out.print(f"[yellow]Afgewezen rijen ({plural(len(result.problems), 'probleem', 'problemen')}):[/yellow]")
        for line in problems_text(result.problems, limit=20):
            out.print(f"  {escape(line)}", soft_wrap=True)
