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

    from volwassenheid.core.dutch import plural
    from volwassenheid.core.scoring import counts_as_respondent
    from volwassenheid.storage.respondents import answered_count
    from volwassenheid.storage.traject_folder import load_engagement

    loaded = load_engagement(folder)
    out = console()
    if not loaded.interviews:
        out.print(Text(f"Nog geen interviews in {folder}. Begin met 'volwassenheid interview {folder}'."), soft_wrap=True)
        return
    total = len(loaded.question_set.vragen)
    settings = loaded.engagement.instellingen
    table = Table(title=Text(f"Respondenten · {loaded.engagement.samenwerkingsverband}"), title_justify="left")
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
    counted = [i for i in loaded.interviews if counts_as_respondent(loaded.question_set, i, settings)]
    counted_codes = {i.code for i in counted}
    for interview in loaded.interviews:
        status = "afgerond" if interview.afgerond else "[yellow]onvolledig[/yellow]"
        if interview.code not in counted_codes:
            status += " · [yellow]telt niet mee[/yellow]"
        table.add_row(
            Text(interview.code),
            Text(interview.organisatie),
            Text(interview.niveau),
            status,
            f"{answered_count(interview, loaded.question_set)}/{total}",
            Text(interview.bron),
        )
    out.print(table)
    finished = sum(1 for i in counted if i.afgerond)
    summary = f"{plural(len(counted), 'respondent', 'respondenten')}, {finished} afgerond."
    not_counted = len(loaded.interviews) - len(counted)
    if not_counted:
        summary += (
            f" {plural(not_counted, 'interview telt', 'interviews tellen')} niet mee: op geen enkele dimensie genoeg antwoorden voor een score."
        )
    out.print(summary)
