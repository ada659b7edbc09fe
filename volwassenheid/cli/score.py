"""volwassenheid score MAP: the partnership's scores per dimension."""

from __future__ import annotations

from pathlib import Path

import click

from volwassenheid.cli.common import (
    console,
    engagement_argument,
    heading,
    print_json,
    question_set_option,
)


@click.command()
@engagement_argument
@question_set_option
@click.option("--json", "as_json", is_flag=True, help="Druk de scores af als JSON (vaste sleutels).")
def score(folder: Path, question_set_ref: str | None, as_json: bool) -> None:
    """Scores per dimensie van het traject in MAP: score, fase, ambitie, verschil, n en spreiding."""
    from volwassenheid.core.json_documents import score_document
    from volwassenheid.core.scoring import score_interviews
    from volwassenheid.storage.traject_folder import load_engagement

    loaded = load_engagement(folder, question_set_ref)
    result = score_interviews(loaded.question_set, loaded.engagement, loaded.interviews)
    if as_json:
        print_json(score_document(loaded.engagement, result))
        return
    print_score_summary(loaded, result)


def print_score_summary(loaded, result) -> None:
    from rich.markup import escape

    from volwassenheid.cli.tables import score_table

    out = console()
    engagement = loaded.engagement
    out.print(heading(engagement))
    out.print(
        f"Vragenlijst {escape(loaded.question_set.id)} {escape(loaded.question_set.versie)} · "
        f"{result.respons.respondenten} respondenten"
    )
    if not result.respons.respondenten:
        out.print("Nog geen interviews in dit traject.")
        return
    out.print(score_table(result))
    missing = result.totaal.respondenten - result.totaal.respondenten_met_score
    if missing:
        out.print(f"{missing} respondent(en) zonder score: te weinig vragen beantwoord.")
    print_small_n_warnings(out, result)
    out.print(
        "Fase = het hele getal onder de score. Verschil = ambitie min score. "
        f"Een groep wordt alleen apart getoond als niets over minder dan {result.minimale_groep} "
        "respondenten uit de cijfers terug te rekenen is."
    )


def print_small_n_warnings(out, result) -> None:
    """Say plainly which results rest on fewer respondents than the threshold."""
    from rich.markup import escape

    if result.waarschuwing:
        out.print(f"[yellow]Let op: {escape(result.waarschuwing)}[/yellow]")
        return
    for d in result.dimensies:
        if d.waarschuwing:
            out.print(f"[yellow]Let op, {escape(d.kort)}: {escape(d.waarschuwing)}[/yellow]")
