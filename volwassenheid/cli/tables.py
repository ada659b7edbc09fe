"""Rich tables for scores, shared by score, demo and interview."""

from __future__ import annotations

from rich import box
from rich.table import Table
from rich.text import Text

from volwassenheid.cli.format import plain
from volwassenheid.core.dutch import gap, number, phase_label
from volwassenheid.core.scoring import EngagementResult


def score_table(result: EngagementResult, title: str | None = None) -> Table:
    """Only the dimension name may wrap; numbers stay on one line at 80 columns.

    The spread shows as the standard deviation (min and max are never published: each is one person).
    Names come from the question set, so they go in as plain text, never markup.
    """
    total = result.totaal
    table = Table(title=plain(title) if title else None, title_justify="left", show_footer=True, box=box.SIMPLE_HEAD)
    table.add_column("Dimensie", footer="Totaal", ratio=1, min_width=18)
    footers: list[tuple[str, str | Text]] = [
        ("Score", number(total.score)),
        ("Fase", plain(phase_label(total.fase, total.fase_naam))),
        ("Ambitie", number(total.ambitie)),
        ("Verschil", gap(total.verschil)),
        ("n", str(total.respondenten_met_score)),
        ("sd", ""),
    ]
    for header, footer in footers:
        table.add_column(header, footer=footer, no_wrap=True, justify="left" if header == "Fase" else "right")
    for d in result.dimensies:
        table.add_row(
            plain(d.kort),
            number(d.score),
            plain(phase_label(d.fase, d.fase_naam)),
            str(d.ambitie) if d.ambitie is not None else "–",
            gap(d.verschil),
            str(d.n),
            number(d.sd),
        )
    return table
