"""Rich tables and summaries of scores, shared by score, advies, demo and interview."""

from __future__ import annotations

import math

from rich import box
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from volwassenheid.cli.common import console, heading
from volwassenheid.cli.format import plain
from volwassenheid.core.agreement import LOW_AGREEMENT
from volwassenheid.core.dutch import (
    NO_DATA,
    borderline_label,
    gap,
    interval,
    number,
    percentage,
    phase_cell,
    plural,
    shares_apart,
    shown,
)
from volwassenheid.core.item_nonresponse import HIGH_SHARE
from volwassenheid.core.models import Engagement
from volwassenheid.core.questionset import QuestionSet
from volwassenheid.core.results import DimensionResult, EngagementResult
from volwassenheid.core.scoring import BORDERLINE_CERTAINTY
from volwassenheid.core.uncertainty import ANALYTIC_FROM, MIN_STRATUM, RESAMPLES

WEIGHTING = {"organisatie": "elke organisatie even zwaar", "respondent": "elke respondent even zwaar"}


def score_table(result: EngagementResult, title: str | None = None, with_sd: bool = True) -> Table:
    """Only the dimension cell may wrap (its name, then its flags); numbers stay on one line at 80 columns.

    The spread shows as the standard deviation (min and max are never published: each is one person);
    without `with_sd` it is left out (see `sd_line`). Names come from the question set, so they go in as
    plain text, never markup.
    """
    total = result.totaal
    table = Table(title=plain(title) if title else None, title_justify="left", show_footer=True, box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("Dimensie", footer="Totaal", ratio=1, min_width=_longest_word(result), overflow="fold")
    columns: list[tuple[str, str | Text]] = [
        ("Score", number(total.score)),
        ("Interval", ""),
        ("Fase", ""),  # no overall phase: see the profile
        ("Doelfase", number(total.doelfase)),
        ("Verschil", gap(total.doelfase, total.score)),
        ("n", str(total.respondenten_met_score)),
    ]
    if with_sd:
        columns.append(("sd", ""))
    for header, footer in columns:
        table.add_column(header, footer=footer, no_wrap=True, justify="left" if header == "Fase" else "right")
    for d in result.dimensies:
        table.add_row(
            dimension_cell(d),
            number(d.score),
            interval(d.interval),
            plain(phase_text(d)),
            str(d.doelfase) if d.doelfase is not None else "–",
            gap(d.doelfase, d.score, reached=d.doelfase_bereikt),
            str(d.n),
            *([number(d.sd)] if with_sd else []),
        )
    return table


def _longest_word(result: EngagementResult) -> int:
    """The dimension column's minimum width: its longest word, so a name breaks between words (10 to 20)."""
    words = [len(word) for d in result.dimensies for word in d.kort.split()]
    return min(max([10, *words]), 20)


def fitting_score_table(out: Console, result: EngagementResult) -> tuple[Table, bool]:
    """The score table with the sd column when it fits the terminal, else without; (table, with sd)."""
    table = score_table(result)
    lines = ["".join(segment.text for segment in line).strip() for line in out.render_lines(table, out.options, pad=False)]
    if any(line.startswith("Dimensie") and line.endswith(" sd") for line in lines):  # rich squeezes a column out rather than widen the table
        return table, True
    return score_table(result, with_sd=False), False


def sd_line(result: EngagementResult) -> str | None:
    """The standard deviations in one line, for a terminal too narrow for the sd column."""
    spreads = [f"{d.kort} {number(d.sd)}" for d in result.dimensies if d.sd is not None]
    return f"Spreiding (sd) per dimensie: {'; '.join(spreads)}." if spreads else None


def dimension_cell(d: DimensionResult) -> Text:
    """The dimension's short name, with its flags on the next line."""
    cell = plain(d.kort)
    found = flags(d)
    if found:
        cell.append("\n")
        cell.append(", ".join(found), style="yellow")
    return cell


def flags(d: DimensionResult) -> list[str]:
    """Short Dutch warnings that apply to a dimension with a score: few respondents, little agreement,
    many 'weet niet' or 'n.v.t.' answers."""
    if d.score is None:
        return []
    found = []
    if d.indicatief:
        found.append("indicatief")
    if d.overeenstemming is not None and d.overeenstemming.laag:
        found.append("lage overeenstemming")
    if d.weet_niet_hoog and d.weet_niet_aandeel is not None:
        found.append(f"weet niet {shares_apart(d.weet_niet_aandeel, HIGH_SHARE)[0]}")
    if d.nvt_hoog and d.nvt_aandeel is not None:
        found.append(f"n.v.t. {shares_apart(d.nvt_aandeel, HIGH_SHARE)[0]}")
    return found


def flags_legend(result: EngagementResult) -> str | None:
    """What the flags in the table mean, for the flags that appear; None when none does."""
    shown_flags = {flag.split(" ")[0] for d in result.dimensies for flag in flags(d)}
    limit = percentage(HIGH_SHARE)
    parts = []
    if "indicatief" in shown_flags:
        parts.append(f"indicatief = minder dan {result.minimale_n} respondenten (minimale n); patronen gebruiken de dimensie niet")
    if "lage" in shown_flags:
        parts.append(f"lage overeenstemming = rwg onder {number(LOW_AGREEMENT, 2)}: de respondenten zien de dimensie verschillend")
    if "weet" in shown_flags:
        parts.append(f"weet niet = meer dan {limit} van de antwoorden was 'weet niet'")
    if "n.v.t." in shown_flags:
        parts.append(f"n.v.t. = meer dan {limit} van de antwoorden was 'n.v.t.'")
    return "Vlaggen: " + "; ".join(parts) + "." if parts else None


def print_score_summary(engagement: Engagement, question_set: QuestionSet, result: EngagementResult) -> None:
    out = console()
    out.print(heading(engagement))
    out.print(
        f"Vragenlijst {escape(question_set.id)} {escape(question_set.versie)} · {plural(result.respons.respondenten, 'respondent', 'respondenten')}"
    )
    if not result.respons.respondenten:
        out.print("Nog geen interviews in dit traject.")
        print_coverage(out, result)
        return
    table, with_sd = fitting_score_table(out, result)
    out.print(table)
    out.print(plain(profile_line(result)))
    missing = result.totaal.respondenten - result.totaal.respondenten_met_score
    if missing:
        out.print(f"{plural(missing, 'respondent', 'respondenten')} zonder score: te weinig vragen beantwoord.")
    print_small_n_warnings(out, result)
    print_dimensions_without_data(out, result)
    legend = flags_legend(result)
    if legend:
        out.print(plain(legend, "yellow"))
    for line in phase_explanations(result):
        out.print(plain(line))
    spread = None if with_sd else sd_line(result)
    if spread:
        out.print(plain(spread))
    print_coverage(out, result)
    out.print(plain(method_line(result)))
    out.print(plain(footer_text(result)))


def phase_text(d: DimensionResult) -> str:
    """The phase column: '2 Afstemmen', 'grensgeval 2/3', or 'geen gegevens' for a dimension without a score."""
    if d.score is None:
        return NO_DATA
    return phase_cell(d.fase, d.fase_naam, d.buurfase if d.grensgeval else None)


def profile_line(result: EngagementResult) -> str:
    """The total as a profile, not as one phase: 'Profiel: laagste fase 2 (Afstemmen); 7 dimensies in fase 2, ...'."""
    profile = result.totaal.profiel
    if profile.laagste_fase is None:
        return "Profiel: geen dimensie met een score."
    counts = [(phase, count) for phase, count in sorted(profile.per_fase.items()) if count]
    spread = ", ".join(f"{plural(count, 'dimensie', 'dimensies') if i == 0 else count} in fase {phase}" for i, (phase, count) in enumerate(counts))
    parts = [
        f"Profiel: laagste fase {profile.laagste_fase} ({profile.laagste_fase_naam})",
        spread,
        plural(profile.grensgevallen, "grensgeval", "grensgevallen"),
    ]
    if profile.indicatief:
        parts.append(f"{profile.indicatief} indicatief")
    return "; ".join(parts)


def phase_explanations(result: EngagementResult, when: str = "whole") -> list[str]:
    """Why a phase differs from the score shown beside it, from the answer distribution, and what a
    borderline case means. `when` (see `phase_explanation`): 'whole', 'half' or 'all'."""
    lines = []
    for d in result.dimensies:
        line = phase_explanation(result, d, when)
        if line:
            lines.append(line)
        if d.grensgeval and d.fase is not None and d.buurfase is not None and d.fase_zekerheid is not None:
            lines.append(
                f"{d.kort}: {borderline_label(d.fase, d.buurfase)}: fase {d.fase} in {percentage(d.fase_zekerheid)} "
                f"van de trekkingen, anders meestal fase {d.buurfase}."
            )
    return lines


def phase_explanation(result: EngagementResult, d: DimensionResult, when: str = "whole") -> str | None:
    """'Vertrouwen: score 3,8, maar 65% van de antwoorden op fase 4 of hoger (drempel 75%): fase 3.'

    Under the threshold rule only (under the mean rule the phase is the score's whole number). Said when
    the phase is not the whole number of the score as shown ('whole'), also when the score is half a
    phase or more above the phase ('half'), or for every dimension with a score ('all')."""
    if d.score is None or d.fase is None or result.fase_regel != "drempel":
        return None
    score = shown(d.score)
    whole = min(max(math.floor(score + 1e-9), 1), result.aantal_fasen)
    below = whole < d.fase
    above = d.fase < result.aantal_fasen and (whole > d.fase or (when == "half" and score >= d.fase + 0.5))
    if not (below or above or when == "all"):
        return None
    start = f"{d.kort}: score {number(d.score)}"
    if below or d.fase == result.aantal_fasen:
        needed = [d.fase]
    elif above:
        needed = [d.fase + 1]
    else:
        needed = [d.fase, d.fase + 1]
    if any(k not in d.aandeel_vanaf for k in needed if k > 1):  # at phase 1 or higher: every answer
        return f"{start}, fase {d.fase}; de aandelen per fase blijven verborgen: te weinig mensen erachter."
    reached = _share_from(d, d.fase, result.drempel)
    if below:
        return f"{start}, en toch fase {d.fase}: {reached[0]} van de antwoorden op fase {d.fase} of hoger (drempel {reached[1]})."
    if d.fase == result.aantal_fasen:
        return f"{start}, fase {d.fase}: {reached[0]} van de antwoorden op fase {d.fase} (drempel {reached[1]})."
    missed = _share_from(d, d.fase + 1, result.drempel)
    if above:
        return f"{start}, maar {missed[0]} van de antwoorden op fase {d.fase + 1} of hoger (drempel {missed[1]}): fase {d.fase}."
    threshold = max(reached[1], missed[1], key=len)
    return (
        f"{start}, fase {d.fase}: {reached[0]} van de antwoorden op fase {d.fase} of hoger, "
        f"{missed[0]} op fase {d.fase + 1} of hoger (drempel {threshold})."
    )


def _share_from(d: DimensionResult, phase: int, threshold: float) -> tuple[str, str]:
    """The share of the dimension's answers at `phase` or higher, and the threshold, as percentages."""
    return shares_apart(d.aandeel_vanaf.get(phase, 1.0), threshold)  # phase 1: every answer


def method_line(result: EngagementResult) -> str:
    """The phase rule, the weighting and the interval method, in words."""
    if result.fase_regel == "drempel":
        threshold = percentage(result.drempel)
        rule = (
            f"Fase-regel: drempel {threshold} (een fase telt als bereikt als ten minste {threshold} van de "
            "gewogen antwoorden op die fase of hoger ligt)"
        )
    else:
        rule = "Fase-regel: gemiddelde (de fase is het hele getal onder de score zoals getoond)"
    methods = {d.interval_methode for d in result.dimensies if d.interval_methode}
    ways = []
    if "bootstrap" in methods:
        ways.append(f"bootstrap, {RESAMPLES} trekkingen")
    if "analytisch" in methods:
        ways.append(f"normale benadering (vanaf {ANALYTIC_FROM} respondenten, minstens {MIN_STRATUM} per organisatie)")
    spread = "; ".join(ways) if ways else f"geen (minder dan {result.minimale_groep} respondenten)"
    return f"{rule}; weging: {WEIGHTING.get(result.weging, result.weging)}; interval: {spread}."


def footer_text(result: EngagementResult) -> str:
    """What the columns mean."""
    if result.fase_regel == "drempel":
        phase = "Fase = de hoogste fase die de drempel haalt, dus een score van 3,8 kan bij fase 3 horen."
    else:
        phase = "Fase = het hele getal onder de score zoals getoond."
    return (
        f"Score = gewogen gemiddelde van de antwoorden; interval = 95%-interval van de score. {phase} "
        f"Grensgeval 2/3 = minder dan {percentage(BORDERLINE_CERTAINTY)} van de trekkingen gaf dezelfde fase. "
        "Verschil = doelfase min score (zoals getoond); 'bereikt' als de fase de doelfase haalt. "
        f"Een groep wordt alleen apart getoond als niets over minder dan {result.minimale_groep} "
        "respondenten uit de cijfers terug te rekenen is."
    )


def print_coverage(out: Console, result: EngagementResult) -> None:
    """Who was not heard, and the response rate where the number invited is known."""
    for line in coverage_lines(result):
        out.print(plain(line, "yellow"))
    for line, warn in response_lines(result):
        out.print(plain(line, "yellow" if warn else ""))


def coverage_lines(result: EngagementResult) -> list[str]:
    lines = []
    if result.dekking.niet_gehoord:
        lines.append(f"Niet gehoord: {', '.join(result.dekking.niet_gehoord)}.")
    if result.dekking.niveaus_ontbreken:
        lines.append(f"Geen respondenten op niveau: {', '.join(result.dekking.niveaus_ontbreken)}.")
    return lines


def response_lines(result: EngagementResult) -> list[tuple[str, bool]]:
    """(line, is a warning): the response rate, and every group with more respondents than invited."""
    response = result.respons
    lines: list[tuple[str, bool]] = []
    if response.uitgenodigd is not None and response.percentage is not None:
        lines.append((f"Respons: {response.respondenten} van {response.uitgenodigd} uitgenodigden ({percentage(response.percentage)}).", False))
    groups = [(name, invited, response.per_organisatie.get(name, 0)) for name, invited in response.uitgenodigd_per_organisatie.items()] + [
        (f"niveau {name}", invited, response.per_niveau.get(name, 0)) for name, invited in response.uitgenodigd_per_niveau.items()
    ]
    for name, invited, count in groups:
        if invited.percentage > 1:
            lines.append(
                (
                    f"Let op, {name}: {plural(count, 'respondent', 'respondenten')} en {invited.uitgenodigd} uitgenodigd "
                    f"({percentage(invited.percentage)}); is het aantal uitgenodigden in traject.yaml goed getypt?",
                    True,
                )
            )
    return lines


def print_dimensions_without_data(out: Console, result: EngagementResult) -> None:
    """Name the dimensions without a score: they are neither below nor at their ambition."""
    missing = [d.kort for d in result.dimensies if d.score is None]
    if missing and result.respons.respondenten:
        names = " en ".join([", ".join(missing[:-1]), missing[-1]] if len(missing) > 1 else missing)
        out.print(
            f"[yellow]Geen gegevens voor {escape(names)}: niemand gaf daar genoeg antwoorden met een fase, "
            "dus geen score en geen oordeel over de doelfase.[/yellow]"
        )


def print_small_n_warnings(out: Console, result: EngagementResult) -> None:
    """Say plainly which results rest on fewer respondents than the threshold."""
    if result.waarschuwing:
        out.print(f"[yellow]Let op: {escape(result.waarschuwing)}[/yellow]")
        return
    for d in result.dimensies:
        if d.waarschuwing:
            out.print(f"[yellow]Let op, {escape(d.kort)}: {escape(d.waarschuwing)}[/yellow]")
