"""volwassenheid vergelijk OUD NIEUW: what changed between two measurements of one partnership."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from volwassenheid.cli.common import console, print_json

if TYPE_CHECKING:
    from volwassenheid.app.traject import Traject
    from volwassenheid.core.comparison import Comparison, DimensionChange

FOLDER = click.Path(file_okay=False, path_type=Path)


@click.command()
@click.argument("earlier", metavar="OUD", type=FOLDER)
@click.argument("later", metavar="NIEUW", type=FOLDER)
@click.option("--vragen", "per_question", is_flag=True, help="Toon ook de verandering per vraag.")
@click.option("--json", "as_json", is_flag=True, help="Druk de vergelijking af als JSON (vaste sleutels; zie 'vragen schema --soort vergelijking').")
def vergelijk(earlier: Path, later: Path, per_question: bool, as_json: bool) -> None:
    """Wat er veranderde tussen twee metingen van hetzelfde samenwerkingsverband (trajectmappen OUD en
    NIEUW): per dimensie de score toen en nu, de verandering met haar 95%-interval en of die echt is
    (het interval bevat 0 niet), fase en doelfase toen en nu; per niveau en per organisatie de
    verandering waar beide metingen de groep tonen; met --vragen ook per vraag; daaronder wie er
    gehoord is."""
    from volwassenheid.app.comparison import compare_trajects
    from volwassenheid.app.traject import Traject

    now = Traject.open(later)
    comparison = compare_trajects(earlier, now)
    if as_json:
        from volwassenheid.core.json_documents import comparison_document

        print_json(comparison_document(comparison))
        return
    _print(comparison)
    _print_groups(comparison)
    if per_question:
        _print_questions(comparison, {q.id: q.tekst for q in now.question_set.vragen})
    _print_who(comparison, per_question)


def _print(comparison: Comparison) -> None:
    from rich.table import Table
    from rich.text import Text

    from volwassenheid.core.comparison import interval_text, shown_change
    from volwassenheid.core.dutch import number, plural

    then, now = comparison.vorige, comparison.huidige
    out = console()
    table = Table(title=Text(f"Van {then.meting} ({then.datum}) naar {now.meting} ({now.datum})"), title_justify="left")
    table.add_column("Dimensie", overflow="fold")
    for header in ("Toen", "Nu", "Verandering", "95%-interval", "Echt?", "Fase", "Doelfase"):
        table.add_column(header, justify="right" if header in ("Toen", "Nu", "Verandering") else "left", no_wrap=True)
    for change in comparison.dimensies:
        table.add_row(
            Text(change.naam + (" *" if change.indicatief else "")),
            number(change.score_vorige),
            number(change.score),
            shown_change(change),
            interval_text(change.interval),
            _real(change),
            f"{_or_dash(change.fase_vorige)} → {_or_dash(change.fase)}",
            f"{_or_dash(change.doelfase_vorige)} → {_or_dash(change.doelfase)}",
        )
    out.print(table)
    real = [c for c in comparison.dimensies if c.echt]
    out.print(
        f"{plural(len(real), 'echte verandering', 'echte veranderingen')} (het interval bevat 0 niet); "
        "het interval behandelt de metingen als onafhankelijk, en is dus eerder te breed dan te smal."
    )
    if any(c.indicatief for c in comparison.dimensies):
        out.print("* indicatief: in een van beide metingen te weinig respondenten.")


def _print_groups(comparison: Comparison) -> None:
    """Per level and per organisation the change on each dimension, where both measurements show the group."""
    from rich.table import Table
    from rich.text import Text

    from volwassenheid.core.comparison import shown_change

    out = console()
    names = {c.id: c.naam for c in comparison.dimensies}
    for title, changes in (("Per niveau", comparison.per_niveau), ("Per organisatie", comparison.per_organisatie)):
        groups = list(dict.fromkeys(change.id for change in changes))
        if not groups:
            out.print(Text(f"{title}: geen groep die beide metingen apart tonen."))
            continue
        cell = {(change.dimensie, change.id): shown_change(change) for change in changes}
        table = Table(title=Text(f"{title}: verandering"), title_justify="left")
        table.add_column("Dimensie", overflow="fold")
        for group in groups:
            table.add_column(group, justify="right", overflow="fold")
        for dimension, name in names.items():
            table.add_row(Text(name), *(cell.get((dimension, group), "–") for group in groups))
        out.print(table)
    out.print(
        Text(
            "Alleen groepen die beide metingen apart tonen; '–' waar een van beide de groep op die dimensie niet toont. "
            "Een groep telt minder mensen dan het geheel: lees haar verandering als aanwijzing, zonder interval."
        )
    )


def _print_questions(comparison: Comparison, texts: dict[str, str]) -> None:
    from rich.table import Table
    from rich.text import Text

    from volwassenheid.core.comparison import shown_change
    from volwassenheid.core.dutch import number

    names = {c.id: c.naam for c in comparison.dimensies}
    table = Table(title=Text("Per vraag: verandering"), title_justify="left")
    table.add_column("Vraag", overflow="fold")
    for header in ("Toen", "Nu", "Verandering"):
        table.add_column(header, justify="right", no_wrap=True)
    dimension = None
    for change in comparison.vragen:
        if change.dimensie != dimension:
            dimension = change.dimensie
            table.add_row(Text(names.get(dimension, dimension), style="bold"), "", "", "")
        table.add_row(
            Text(f"{change.id}  {texts.get(change.id, '')}".rstrip()), number(change.score_vorige), number(change.score), shown_change(change)
        )
    console().print(table)


def _print_who(comparison: Comparison, per_question: bool) -> None:
    from rich.table import Table
    from rich.text import Text

    from volwassenheid.core.comparison import heard_side_by_side
    from volwassenheid.core.dutch import number, plural

    then, now = comparison.vorige, comparison.huidige
    out = console()
    table = Table(title=Text("Gehoord: respondenten"), title_justify="left")
    table.add_column("Organisatie / niveau", overflow="fold")
    table.add_column("Toen", justify="right")
    table.add_column("Nu", justify="right")
    kind = None
    for row in heard_side_by_side(comparison):
        if kind is not None and row.soort != kind:
            table.add_section()
        kind = row.soort
        table.add_row(Text(row.naam), str(row.toen), str(row.nu))
    out.print(table)
    out.print(
        Text(
            f"Respondenten: {then.respondenten} toen, {now.respondenten} nu"
            + (f"; respons {number(then.respons * 100, 0)}% toen, {number(now.respons * 100, 0)}% nu" if then.respons and now.respons else "")
            + "."
        )
    )
    compared = plural(len(comparison.vragen), "vraag", "vragen")
    out.print(Text(f"Per vraag vergeleken: {compared}" + ("." if per_question else " (zie --vragen).")))
    if comparison.vragen_zonder_score:
        out.print(
            Text(
                "Niet vergeleken, want zonder score in een van beide metingen (daar niet getoond om kleine groepen te beschermen, "
                f"te weinig respondenten, of niet beantwoord): {', '.join(comparison.vragen_zonder_score)}."
            )
        )
    if comparison.vragen_niet_vergeleken:
        out.print(Text(f"Niet vergeleken (in één van beide metingen): {', '.join(comparison.vragen_niet_vergeleken)}."))
    for warning in comparison.waarschuwingen:
        out.print(Text(f"Let op: {warning}.", style="yellow"))


def _real(change: DimensionChange) -> str:
    if change.echt is None:
        return "–"
    return "ja" if change.echt else "nee"


def _or_dash(value: int | None) -> str:
    return "–" if value is None else str(value)


def print_since_previous(folder: Path, traject: Traject) -> None:
    """Under `score` and `advies`: what changed since `vorige_meting`, and the command that shows more;
    or, when `vorige_meting` does not lead to a comparable measurement, why not (the scores stand)."""
    import os
    import shlex

    from rich.text import Text

    from volwassenheid.core.comparison import summary_sentence
    from volwassenheid.core.errors import UserError

    try:
        comparison = traject.comparison()
    except UserError as error:  # the scores above stand; say why the change since then is missing
        console().print(Text(f"Let op: geen vergelijking met de vorige meting. {error}", style="yellow"), soft_wrap=True)
        return
    if comparison is None:
        return
    earlier = os.path.normpath(folder / (traject.engagement.vorige_meting or ""))
    command = f"volwassenheid vergelijk {shlex.quote(earlier)} {shlex.quote(str(folder))}"
    console().print(Text(f"{summary_sentence(comparison)} Meer: {command}"), soft_wrap=True)
