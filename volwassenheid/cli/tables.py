"""Rich tables and summaries of scores, shared by score, advies, demo and interview."""

from __future__ import annotations

from rich import box
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from volwassenheid.cli.common import console, heading
from volwassenheid.cli.format import plain
from volwassenheid.core.dutch import NO_DATA, gap, number, phase_label, plural
from volwassenheid.core.models import Engagement
from volwassenheid.core.questionset import QuestionSet
from volwassenheid.core.results import EngagementResult


def score_table(result: EngagementResult, title: str | None = None) -> Table:
    """Only the dimension name may wrap; numbers stay on one line at 80 columns.

    The spread shows as the standard deviation (min and max are never published: each is one person).
    Names come from the question set, so they go in as plain text, never markup.
    """
    total = result.totaal
    table = Table(title=plain(title) if title else None, title_justify="left", show_footer=True, box=box.SIMPLE_HEAD)
    table.add_column("Dimensie", footer="Totaal", ratio=1, min_width=18)
    columns: list[tuple[str, str | Text]] = [
        ("Score", number(total.score)),
        ("Fase", ""),  # no overall phase: see the profile
        ("Ambitie", number(total.ambitie)),
        ("Verschil", gap(total.ambitie, total.score)),
        ("n", str(total.respondenten_met_score)),
        ("sd", ""),
    ]
    for header, footer in columns:
        table.add_column(header, footer=footer, no_wrap=True, justify="left" if header == "Fase" else "right")
    for d in result.dimensies:
        table.add_row(
            plain(d.kort),
            number(d.score),
            plain(phase_text(d.score, d.fase, d.fase_naam)),
            str(d.ambitie) if d.ambitie is not None else "–",
            gap(d.ambitie, d.score, reached=d.ambitie_bereikt),
            str(d.n),
            number(d.sd),
        )
    return table


def print_score_summary(engagement: Engagement, question_set: QuestionSet, result: EngagementResult) -> None:
    out = console()
    out.print(heading(engagement))
    out.print(
        f"Vragenlijst {escape(question_set.id)} {escape(question_set.versie)} · {plural(result.respons.respondenten, 'respondent', 'respondenten')}"
    )
    if not result.respons.respondenten:
        out.print("Nog geen interviews in dit traject.")
        return
    out.print(score_table(result))
    missing = result.totaal.respondenten - result.totaal.respondenten_met_score
    if missing:
        out.print(f"{plural(missing, 'respondent', 'respondenten')} zonder score: te weinig vragen beantwoord.")
    print_small_n_warnings(out, result)
    print_dimensions_without_data(out, result)
    out.print(
        "Fase = het hele getal onder de score. Verschil = ambitie min score (zoals getoond). "
        f"Een groep wordt alleen apart getoond als niets over minder dan {result.minimale_groep} "
        "respondenten uit de cijfers terug te rekenen is."
    )


def phase_text(score: float | None, phase: int | None, phase_name: str | None) -> str:
    """The phase column: '2 Afstemmen', or 'geen gegevens' for a dimension without a score."""
    return NO_DATA if score is None else phase_label(phase, phase_name)


def print_dimensions_without_data(out: Console, result: EngagementResult) -> None:
    """Name the dimensions without a score: they are neither below nor at their ambition."""
    missing = [d.kort for d in result.dimensies if d.score is None]
    if missing and result.respons.respondenten:
        names = " en ".join([", ".join(missing[:-1]), missing[-1]] if len(missing) > 1 else missing)
        out.print(
            f"[yellow]Geen gegevens voor {escape(names)}: niemand gaf daar genoeg antwoorden met een fase, "
            "dus geen score en geen oordeel over de ambitie.[/yellow]"
        )


def print_small_n_warnings(out: Console, result: EngagementResult) -> None:
    """Say plainly which results rest on fewer respondents than the threshold."""
    if result.waarschuwing:
        out.print(f"[yellow]Let op: {escape(result.waarschuwing)}[/yellow]")
        return
    for d in result.dimensies:
        if d.waarschuwing:
            out.print(f"[yellow]Let op, {escape(d.kort)}: {escape(d.waarschuwing)}[/yellow]")
