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
    from rich.console import Console
    from rich.table import Table

    from volwassenheid.core.advice import AdviceReport
    from volwassenheid.core.models import Engagement
    from volwassenheid.core.results import EngagementResult

REALISM_LABEL = {"te_hoog": "doelfase te ver vooruit", "onder_huidig": "doelfase onder huidig niveau"}


@click.command()
@engagement_argument
@question_set_option
@click.option("--json", "as_json", is_flag=True, help="Druk de analyse en de agenda af als JSON (vaste sleutels).")
@click.option("--uitgebreid", is_flag=True, help="Toon bij elk advies ook de toelichting.")
def advies(folder: Path, question_set_ref: str | None, as_json: bool, uitgebreid: bool) -> None:
    """Kloof tot de doelfase, patronen, knelpunten, gespreksonderwerpen en de
    verbeteragenda van het traject in MAP."""
    from volwassenheid.app.traject import Traject

    traject = Traject.open(folder, question_set_ref)
    if as_json:
        print_json(traject.advice_document())
        return
    _print_report(traject.engagement, traject.score(), traject.advise(), uitgebreid)
    from volwassenheid.cli.vergelijk import print_since_previous

    print_since_previous(folder, traject)


def _print_report(engagement: Engagement, result: EngagementResult, report: AdviceReport, detailed: bool) -> None:
    from rich.markup import escape as e

    from volwassenheid.cli.tables import (
        flags_legend,
        phase_explanations,
        print_coverage,
        print_dimensions_without_data,
        print_small_n_warnings,
    )

    out = console()
    out.print(heading(engagement))
    if not result.respons.respondenten:
        out.print("Nog geen interviews: er is niets te adviseren.")
        print_coverage(out, result)
        return

    labels = {d.id: e(d.kort) for d in result.dimensies}
    out.print(_gap_table(result, report, labels))
    print_small_n_warnings(out, result)
    print_dimensions_without_data(out, result)
    legend = flags_legend(result)
    if legend:
        out.print(f"[yellow]{e(legend)}[/yellow]")
    for g in report.kloven:
        if g.realisme:
            out.print(f"[yellow]! {labels[g.dimensie]} ({REALISM_LABEL[g.realisme]}):[/yellow] {e(g.realisme_toelichting or '')}")
    explanations = phase_explanations(result, "all" if detailed else "half")
    if explanations:
        out.rule("[bold]Waarom deze fase[/bold]", align="left")
        for line in explanations:
            out.print(e(line))
    print_coverage(out, result)
    if detailed:
        _print_reliability(out, result)

    _print_patterns(out, report)
    _print_sticking_points(out, report, labels)
    _print_discussion_points(out, report)
    _print_agenda(out, report, detailed)
    out.print(
        f"[dim]Groepen worden alleen apart getoond of gebruikt als niets over minder dan {result.minimale_groep} "
        "respondenten uit de cijfers terug te rekenen is. Met --uitgebreid ziet u de toelichting bij elk advies"
        + (".[/dim]" if detailed else ", de verdeling per dimensie, de betrouwbaarheid en de overeenstemming.[/dim]")
    )


def _gap_table(result: EngagementResult, report: AdviceReport, labels: dict[str, str]) -> Table:
    """The gaps, ranked: the phase and the gap as the score table shows them, with the same flags."""
    from rich import box
    from rich.markup import escape as e
    from rich.table import Table

    from volwassenheid.cli.tables import flags, phase_text
    from volwassenheid.core.dutch import gap, number

    dimensions = {d.id: d for d in result.dimensies}
    table = Table(title="Kloof tot de doelfase", title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("Dimensie", ratio=1, min_width=12)
    for header in ("Score", "Fase", "Doelfase", "Verschil", "Prio"):
        table.add_column(header, justify="left" if header == "Fase" else "right", no_wrap=True)
    for g in report.kloven:
        d = dimensions[g.dimensie]
        name = labels[g.dimensie] + (" [yellow]![/yellow]" if g.realisme else "")
        found = flags(d)
        if found:
            name += f"\n[yellow]{e(', '.join(found))}[/yellow]"
        table.add_row(
            str(g.rang or "–"),
            name,
            number(g.score),
            e(phase_text(d)),
            str(g.doelfase or "–"),
            gap(g.doelfase, g.score, reached=d.doelfase_bereikt),
            number(g.prioriteit) if g.score is not None and g.doelfase is not None else "–",
        )
    return table


def _print_reliability(out: Console, result: EngagementResult) -> None:
    """Per dimension: reliability (alpha or why not), agreement, non-response and weak questions."""
    from rich.markup import escape as e

    from volwassenheid.core.dutch import number, percentage

    out.rule("[bold]Betrouwbaarheid en overeenstemming[/bold]", align="left")
    for d in result.dimensies:
        if d.score is None:
            continue
        parts = [f"α {number(d.alfa, 2)}" if d.alfa is not None else f"α: {d.alfa_toelichting or 'niet te berekenen'}"]
        if d.overeenstemming is not None:
            low = " (laag)" if d.overeenstemming.laag else ""
            parts.append(f"rwg {number(d.overeenstemming.rwg, 2)}{low}, AD {number(d.overeenstemming.ad, 2)}")
        for label, share, high in (("weet niet", d.weet_niet_aandeel, d.weet_niet_hoog), ("n.v.t.", d.nvt_aandeel, d.nvt_hoog)):
            if share is not None:
                parts.append(f"{label} {percentage(share)}" + (" (hoog)" if high else ""))
        weak = [f"{q.id} ({number(q.item_rest, 2)})" for q in d.vragen if q.item_rest_laag and q.item_rest is not None]
        if weak:
            parts.append("vragen die weinig samenhangen met de rest (item-rest onder 0,30): " + ", ".join(weak))
        if d.score_andere_weging is not None and abs(d.score - d.score_andere_weging) > 0.25:
            other = "elke respondent" if result.weging == "organisatie" else "elke organisatie"
            parts.append(f"met {other} even zwaar: score {number(d.score_andere_weging)}")
        out.print(f"[bold]{e(d.kort)}[/bold]: {e('; '.join(parts))}")
    levels = result.respons.item_nonrespons_per_niveau
    for label, key in (("Weet niet", "weet_niet_aandeel"), ("N.v.t.", "nvt_aandeel")):
        shares = [f"{level} {percentage(getattr(figures, key))}" for level, figures in levels.items() if getattr(figures, key) is not None]
        if shares:
            out.print(f"{label} per niveau: {e(', '.join(shares))}")


def _print_patterns(out: Console, report: AdviceReport) -> None:
    from rich.markup import escape as e

    if not report.patronen:
        return
    out.rule("[bold]Patronen[/bold]", align="left")
    for p in report.patronen:
        out.print(f"[bold]{e(p.naam)}[/bold]\n{e(p.uitleg)}")
        rows = _indented_grid()
        for evidence in p.onderbouwing:
            rows.add_row("•", e(evidence.omschrijving))
        if p.grensgevallen:
            rows.add_row(
                "[yellow]![/yellow]",
                f"[yellow]Grensgeval bij {e(', '.join(p.grensgevallen))}: de fase is daar onzeker; "
                "toets in het gesprek of het patroon standhoudt.[/yellow]",
            )
        rows.add_row("→", f"[bold]{e(p.advies.titel)}[/bold]")
        out.print(rows)
        out.print()


def _print_sticking_points(out: Console, report: AdviceReport, labels: dict[str, str]) -> None:
    from rich.markup import escape as e

    from volwassenheid.core.dutch import number

    if not report.knelpunten:
        return
    out.rule("[bold]Waar het vastzit[/bold]", align="left")
    for point in report.knelpunten:
        out.print(f"[bold]{labels[point.dimensie]}[/bold] (score {number(point.dimensiescore)})")
        rows = _indented_grid()
        for q in point.vragen:
            rows.add_row(number(q.score), f"{e(q.tekst)} [dim]({e(q.id)}, n={q.n})[/dim]")
        out.print(rows)


def _print_discussion_points(out: Console, report: AdviceReport) -> None:
    from rich.markup import escape as e

    from volwassenheid.core.dutch import difference, number

    if not report.gespreksonderwerpen:
        return
    out.rule("[bold]Gespreksonderwerpen[/bold]", align="left")
    rows = _indented_grid()
    for topic in report.gespreksonderwerpen:
        low_agreement = "\n[yellow]lage overeenstemming: de groepen zien dit stelselmatig anders[/yellow]" if topic.lage_overeenstemming else ""
        rows.add_row(
            "•",
            f"{e(topic.tekst)} [dim]({e(topic.vraag)})[/dim]\n"
            f"{e(topic.hoogste.groep)} {number(topic.hoogste.score)} (n={topic.hoogste.n}) tegenover "
            f"{e(topic.laagste.groep)} {number(topic.laagste.score)} (n={topic.laagste.n}), "
            f"verschil {difference(topic.hoogste.score, topic.laagste.score)}{low_agreement}",
        )
    out.print(rows)


def _print_agenda(out: Console, report: AdviceReport, detailed: bool) -> None:
    from rich import box
    from rich.markup import escape as e
    from rich.table import Table

    out.rule("[bold]Verbeteragenda[/bold]", align="left")
    if not report.agenda:
        below = any(g.rang is not None for g in report.kloven)
        out.print("Geen stapadviezen." if below else "Geen dimensie met een score ligt onder de doelfase; geen stapadviezen.")
        return
    remarks = {step.dimensie: step.opmerking for step in report.stapadviezen if step.opmerking}
    agenda = Table(box=box.SIMPLE_HEAD, show_lines=detailed, pad_edge=False)
    agenda.add_column("#", justify="right", no_wrap=True)
    agenda.add_column("Advies", ratio=1)
    agenda.add_column("Horizon", no_wrap=True)
    agenda.add_column("Wie", no_wrap=True)
    for item in report.agenda:
        reason = item.aanleiding
        remark = remarks.get(item.dimensies[0]) if item.bron == "stap" else None
        if remark and reason.endswith(f". {remark}"):
            reason = reason[: -len(remark) - 2]
        text = f"[bold]{e(item.titel)}[/bold]\n[dim]{e(reason)}[/dim]"
        if item.vraag and item.volgende_optie:
            text += f"\n[dim]Gericht op vraag {e(item.vraag)}, volgende stap: {e(item.volgende_optie)}[/dim]"
        if remark:
            text += f"\n[yellow]Let op: {e(remark.rstrip('.'))}.[/yellow]"
        if detailed:
            text += f"\n{e(item.toelichting)}"
        agenda.add_row(str(item.nummer), text, e(item.horizon), e(item.actor))
    out.print(agenda)


def _indented_grid() -> Table:
    """Two columns: a short marker, then text that wraps under itself."""
    from rich.table import Table

    grid = Table.grid(padding=(0, 1))
    grid.add_column(justify="right", no_wrap=True)
    grid.add_column()
    return grid
