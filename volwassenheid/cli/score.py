"""volwassenheid score MAP: the partnership's scores per dimension."""

from __future__ import annotations

from pathlib import Path

import click

from volwassenheid.cli.common import (
    engagement_argument,
    print_json,
    question_set_option,
)


@click.command()
@engagement_argument
@question_set_option
@click.option("--json", "as_json", is_flag=True, help="Druk de scores af als JSON (vaste sleutels).")
def score(folder: Path, question_set_ref: str | None, as_json: bool) -> None:
    """Scores per dimensie van het traject in MAP: score, fase, doelfase, verschil, n en spreiding."""
    from volwassenheid.app.traject import Traject

    traject = Traject.open(folder, question_set_ref)
    if as_json:
        print_json(traject.score_document())
        return
    from volwassenheid.cli.tables import print_score_summary  # rich, only for the table
    from volwassenheid.cli.vergelijk import print_since_previous

    print_score_summary(traject.engagement, traject.question_set, traject.score())
    print_since_previous(folder, traject)
