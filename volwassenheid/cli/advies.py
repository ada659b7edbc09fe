"""volwassenheid advies MAP: gap analysis and the prioritised improvement agenda."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from volwassenheid.cli.common import (
    console,
    engagement_argument,
    heading,
    print_json,
    question_set_option,
)

if TYPE_CHECKING:
    from rich.table import Table

    from volwassenheid.core.advice import AdviceReport
    from volwassenheid.core.models import Engagement
    from volwassenheid.core.results import EngagementResult

REALISM_LABEL = {"te_hoog": "ambitie te ver vooruit", "onder_huidig": "ambitie onder huidig niveau"}


@click.command()
@engagement_argument
@question_set_option
@click.option("--json", "as_json", is_flag=True, help="Druk de analyse en de agenda af als JSON (vaste sleutels).")
@click.option("--uitgebreid", is_flag=True, help="Toon bij elk advies ook de toelichting.")
def advies(folder: Path, question_set_ref: str | None, as_json: bool, uitgebreid: bool) -> None:
    """Kloof tot de ambitie, patronen, knelpunten, gespreksonderwerpen en de
    verbeteragenda van het traject in MAP."""
    from volwassenheid.app.traject import Traject

    traject = Traject.open(folder, question_set_ref)
    if as_json:
        print_json(traject.advice_document())
        return
    _print_report(traject.engagement, traject.score(), traject.advise(), uitgebreid)


def _print_report(engagement: Engagement, result: EngagementResult, report: AdviceReport, detailed: bool) -> None:
    from rich import box
    from rich.markup import escape as e
    from rich.table import Table

    from volwassenheid.cli.tables import phase_text, print_dimensions_without_data, print_small_n_warnings
    from volwassenheid.core.dutch import difference, gap, number

    out = console()
    out.print(heading(engagement))
    if not result.respons.respondenten:
        out.print("Nog geen interviews: er is niets te adviseren.")
        return

    table = Table(title="Kloof tot de ambitie", title_justify="left", box=box.SIMPLE_HEAD)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("Dimensie", ratio=1, min_width=18)
    for header in ("Score", "Fase", "Ambitie", "Verschil", "Prio"):
        table.add_column(header, justify="left" if header == "Fase" else "right", no_wrap=True)
    labels = {d.id: e(d.kort) for d in result.dimensies}
    for g in report.kloven:
        flag = " [yellow]![/yellow]" if g.realisme else ""
        table.add_row(
            str(g.rang or "–"),
            labels[g.dimensie] + flag,
            number(g.score),
            e(phase_text(g.score, g.fase, g.fase_naam)),
            str(g.ambitie or "–"),
            gap(g.ambitie, g.score),
            number(g.prioriteit) if g.score is not None and g.ambitie is not None else "–",
        )
    out.print(table)
    print_small_n_warnings(out, result)
    print_dimensions_without_data(out, result)
    for g in report.kloven:
        if g.realisme:
            out.print(f"[yellow]! {labels[g.dimensie]} ({REALISM_LABEL[g.realisme]}):[/yellow] {e(g.realisme_toelichting or '')}")

    if report.patronen:
        out.rule("[bold]Patronen[/bold]", align="left")
        for p in report.patronen:
            out.print(f"[bold]{e(p.naam)}[/bold]\n{e(p.uitleg)}")
            rows = _indented_grid()
            for evidence in p.onderbouwing:
                rows.add_row("•", e(evidence.omschrijving))
            rows.add_row("→", f"[bold]{e(p.advies.titel)}[/bold]")
            out.print(rows)
            out.print()

    if report.knelpunten:
        out.rule("[bold]Waar het vastzit[/bold]", align="left")
        for point in report.knelpunten:
            out.print(f"[bold]{labels[point.dimensie]}[/bold] (score {number(point.dimensiescore)})")
            rows = _indented_grid()
            for q in point.vragen:
                rows.add_row(number(q.score), f"{e(q.tekst)} [dim]({e(q.id)}, n={q.n})[/dim]")
            out.print(rows)

    if report.gespreksonderwerpen:
        out.rule("[bold]Gespreksonderwerpen[/bold]", align="left")
        rows = _indented_grid()
        for topic in report.gespreksonderwerpen:
            rows.add_row(
                "•",
                f"{e(topic.tekst)} [dim]({e(topic.vraag)})[/dim]\n"
                f"{e(topic.hoogste.groep)} {number(topic.hoogste.score)} (n={topic.hoogste.n}) tegenover "
                f"{e(topic.laagste.groep)} {number(topic.laagste.score)} (n={topic.laagste.n}), "
                f"verschil {difference(topic.hoogste.score, topic.laagste.score)}",
            )
        out.print(rows)

    out.rule("[bold]Verbeteragenda[/bold]", align="left")
    if not report.agenda:
        below = any(g.rang is not None for g in report.kloven)
        out.print("Geen stapadviezen." if below else "Geen dimensie met een score ligt onder de ambitie; geen stapadviezen.")
    agenda = Table(box=box.SIMPLE_HEAD, show_lines=detailed)
    agenda.add_column("#", justify="right", no_wrap=True)
    agenda.add_column("Advies", ratio=1)
    agenda.add_column("Horizon", no_wrap=True)
    agenda.add_column("Wie", no_wrap=True)
    for item in report.agenda:
        text = f"[bold]{e(item.titel)}[/bold]\n[dim]{e(item.aanleiding)}[/dim]"
        if detailed:
            text += f"\n{e(item.toelichting)}"
        agenda.add_row(str(item.nummer), text, e(item.horizon), e(item.actor))
    if report.agenda:
        out.print(agenda)
    out.print(
        f"[dim]Groepen worden alleen apart getoond of gebruikt als niets over minder dan {result.minimale_groep} "
        "respondenten uit de cijfers terug te rekenen is. Met --uitgebreid ziet u de toelichting bij elk advies.[/dim]"
    )


def _indented_grid() -> Table:
    """Two columns: a short marker, then text that wraps under itself."""
    from rich.table import Table

    grid = Table.grid(padding=(0, 1))
    grid.add_column(justify="right", no_wrap=True)
    grid.add_column()
    return grid
