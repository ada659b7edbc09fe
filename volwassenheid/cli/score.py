"""volwassenheid score MAP: the partnership's scores per dimension."""

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

    from volwassenheid.core.models import Engagement
    from volwassenheid.core.questionset import QuestionSet
    from volwassenheid.core.scoring import EngagementResult


@click.command()
@engagement_argument
@question_set_option
@click.option("--json", "as_json", is_flag=True, help="Druk de scores af als JSON (vaste sleutels).")
def score(folder: Path, question_set_ref: str | None, as_json: bool) -> None:
    """Scores per dimensie van het traject in MAP: score, fase, ambitie, verschil, n en spreiding."""
    from volwassenheid.app.traject import Traject

    traject = Traject.open(folder, question_set_ref)
    if as_json:
        print_json(traject.score_document())
        return
    print_score_summary(traject.engagement, traject.question_set, traject.score())


def print_score_summary(engagement: Engagement, question_set: QuestionSet, result: EngagementResult) -> None:
    from rich.markup import escape

    from volwassenheid.cli.tables import score_table
    from volwassenheid.core.dutch import plural

    out = console()
    out.print(heading(engagement))
    out.print(
        f"Vragenlijst {escape(question_set.id)} {escape(question_set.versie)} · "
        f"{plural(result.respons.respondenten, 'respondent', 'respondenten')}"
    )
    if not result.respons.respondenten:
        out.print("Nog geen interviews in dit traject.")
        return
    out.print(score_table(result))
    missing = result.totaal.respondenten - result.totaal.respondenten_met_score
    if missing:
        out.print(f"{plural(missing, 'respondent', 'respondenten')} zonder score: te weinig vragen beantwoord.")
    print_small_n_warnings(out, result)
    out.print(
        "Fase = het hele getal onder de score. Verschil = ambitie min score. "
        f"Een groep wordt alleen apart getoond als niets over minder dan {result.minimale_groep} "
        "respondenten uit de cijfers terug te rekenen is."
    )


def print_small_n_warnings(out: Console, result: EngagementResult) -> None:
    """Say plainly which results rest on fewer respondents than the threshold."""
    from rich.markup import escape

    if result.waarschuwing:
        out.print(f"[yellow]Let op: {escape(result.waarschuwing)}[/yellow]")
        return
    for d in result.dimensies:
        if d.waarschuwing:
            out.print(f"[yellow]Let op, {escape(d.kort)}: {escape(d.waarschuwing)}[/yellow]")
