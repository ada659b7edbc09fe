"""volwassenheid respondenten MAP: who was interviewed, by code, never by name."""

from __future__ import annotations

from pathlib import Path

import click

from volwassenheid.cli.common import console, engagement_argument


@click.command()
@engagement_argument
def respondenten(folder: Path) -> None:
    """Wie er geïnterviewd is: code, organisatie, niveau, afgerond of niet. Nooit namen."""
    from rich.console import JustifyMethod
    from rich.table import Table
    from rich.text import Text

    from volwassenheid.app.interviews import respondent_overview, response_overview
    from volwassenheid.app.traject import Traject
    from volwassenheid.core.dutch import plural

    traject = Traject.open(folder)
    lines = respondent_overview(traject)
    out = console()
    if not lines:
        out.print(Text(f"Nog geen interviews in {folder}. Begin met 'volwassenheid interview {folder}'."), soft_wrap=True)
        return
    table = Table(title=Text(f"Respondenten · {traject.engagement.samenwerkingsverband}"), title_justify="left")
    columns: list[tuple[str, JustifyMethod]] = [
        ("Code", "left"),
        ("Organisatie", "left"),
        ("Niveau", "left"),
        ("Status", "left"),
        ("Beantwoord", "right"),
        ("Bron", "left"),
    ]
    for header, justify in columns:
        table.add_column(header, justify=justify, overflow="fold")  # a long name is folded, never cut off
    for line in lines:
        status = "afgerond" if line.finished else "[yellow]onvolledig[/yellow]"
        if not line.counts:
            status += " · [yellow]telt niet mee[/yellow]"
        table.add_row(Text(line.code), Text(line.organisatie), Text(line.niveau), status, f"{line.answered}/{line.questions}", Text(line.bron))
    out.print(table)
    counted = sum(1 for line in lines if line.counts)
    finished = sum(1 for line in lines if line.counts and line.finished)
    summary = f"{plural(counted, 'respondent', 'respondenten')}, {finished} afgerond."
    not_counted = len(lines) - counted
    if not_counted:
        summary += (
            f" {plural(not_counted, 'interview telt', 'interviews tellen')} niet mee: op geen enkele dimensie genoeg antwoorden voor een score."
        )
    out.print(summary)
    _print_response(out, response_overview(traject, lines))


def _print_response(out, rows) -> None:
    """Per organisation (and level) the respondents against the people invited, when traject.yaml names them."""
    from rich.table import Table
    from rich.text import Text

    from volwassenheid.core.dutch import percentage

    if not rows:
        return
    table = Table(title=Text("Respons (uitgenodigd uit traject.yaml)"), title_justify="left")
    table.add_column("Organisatie of niveau", overflow="fold")
    for header in ("Respondenten", "Afgerond", "Uitgenodigd", "Respons"):
        table.add_column(header, justify="right")
    for row in rows:
        share = percentage(row.respons) + (" [yellow](meer dan uitgenodigd)[/yellow]" if row.respons > 1 else "")
        table.add_row(Text(row.groep), str(row.respondenten), str(row.afgerond), str(row.uitgenodigd), share)
    out.print(table)
