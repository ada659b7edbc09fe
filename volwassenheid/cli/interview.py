"""volwassenheid interview MAP."""

from __future__ import annotations

import sys
from contextlib import ExitStack
from pathlib import Path

import click

from volwassenheid.cli.common import engagement_argument

NOT_A_TERMINAL = (
    "Een interview vraagt een terminal waarin u kunt typen. Voor antwoorden uit een enquête "
    "(CSV of Excel): gebruik 'volwassenheid importeer MAP BESTAND' of 'volwassenheid batch BESTAND -o MAP'."
)
NEW = "nieuw"
OTHER = "__andere__"


def require_terminal() -> None:
    from volwassenheid.core.errors import UserError

    if not sys.stdin.isatty():
        raise UserError(NOT_A_TERMINAL)


@click.command()
@engagement_argument
@click.option("--hervat", "resume_code", metavar="CODE", help="Hervat dit interview (bijv. R03) zonder te vragen.")
@click.option(
    "--voorvoegsel",
    "prefix",
    default="R",
    show_default=True,
    help="Begin van nieuwe respondentcodes; geef iedere adviseur een eigen (A, B) als u op twee laptops interviewt.",
)
def interview(folder: Path, resume_code: str | None, prefix: str) -> None:
    """Neem een interview af in de terminal. Elk antwoord wordt direct bewaard;
    een onderbroken interview wordt hervat bij de eerste open vraag."""
    from volwassenheid.app.traject import Traject
    from volwassenheid.cli.prompts import TerminalPrompter
    from volwassenheid.core.respondent_codes import check_prefix

    check_prefix(prefix)
    require_terminal()
    traject = Traject.open(folder)

    prompter = TerminalPrompter()
    with ExitStack() as held:  # the chosen interview is held by this session until it ends
        try:
            chosen = _choose_interview(traject, prompter, resume_code, held) or _intake(traject, prompter, prefix, held)
        except (KeyboardInterrupt, EOFError):
            prompter.console.print("\nAfgebroken; er is geen nieuw interview aangemaakt.")
            sys.exit(130)
        try:
            _interview(traject, prompter, chosen)
        except (KeyboardInterrupt, EOFError):
            _say_saved(prompter.console, traject.folder, chosen.code)
            sys.exit(130)


def _interview(traject, prompter, chosen) -> None:
    """Ask the questions; every answer is saved through the app the moment it is given."""
    from volwassenheid.app.interviews import save_interview
    from volwassenheid.cli.prompts import KEYS_EXPLAINED
    from volwassenheid.core.interview_flow import InterviewFlow, Outcome
    from volwassenheid.core.respondent_codes import first_unanswered

    out = prompter.console
    out.print(f"[dim]{KEYS_EXPLAINED}[/dim]")
    start = first_unanswered(chosen, traject.question_set)
    if start is None:
        out.print(f"{chosen.code} is helemaal beantwoord; u loopt de vragen opnieuw langs. Enter houdt een antwoord.")
    elif chosen.antwoorden:
        out.print(f"{chosen.code}: verder bij vraag {start + 1}, dan de andere open vragen; eerdere antwoorden zijn bewaard.")

    flow = InterviewFlow(
        traject.question_set,
        chosen,
        prompter,
        lambda interview: save_interview(traject, interview),
        settings=traject.engagement.instellingen,
    )
    try:
        outcome = flow.run()
    except (KeyboardInterrupt, EOFError):
        _say_saved(out, traject.folder, chosen.code, remark_lost=flow.typing_remark)
        sys.exit(130)
    if outcome is Outcome.STOPPED:
        _say_saved(out, traject.folder, chosen.code)
        return
    _show_respondent_scores(out, traject, chosen)


def _choose_interview(traject, prompter, resume_code: str | None, held: ExitStack):
    """The interview to resume, held on `held` before any question is asked; None for a new one."""
    from volwassenheid.app.interviews import interview_in_use, interview_session, respondent_overview
    from volwassenheid.core.interview_flow import Choice

    if resume_code:
        return held.enter_context(interview_session(traject, resume_code))
    unfinished = [line for line in respondent_overview(traject) if not line.finished]
    if not unfinished:
        return None
    in_use = {line.code for line in unfinished if interview_in_use(traject, line.code)}
    choices = [
        Choice(
            f"Hervat {line.code} · {line.organisatie} · {line.niveau} · {line.answered}/{line.questions} beantwoord"
            + (" · wordt nu afgenomen" if line.code in in_use else ""),
            line.code,
        )
        for line in unfinished
    ]
    choices.append(Choice("Nieuw interview beginnen", NEW, "n"))
    # Choosing which interview records no answer, so the most recent one no one else has may be preselected.
    free = [line.code for line in unfinished if line.code not in in_use]
    picked = prompter.select("Er zijn onafgeronde interviews. Welke?", choices, default=free[-1] if free else None)
    return None if picked == NEW else held.enter_context(interview_session(traject, str(picked)))


def _intake(traject, prompter, prefix: str, held: ExitStack):
    from volwassenheid.app.interviews import known_organisations, new_interview_session
    from volwassenheid.cli.prompts import required
    from volwassenheid.core.interview_flow import Choice
    from volwassenheid.core.questionset import LEVEL_LABELS

    choices = [Choice(name, name) for name in known_organisations(traject)] + [Choice("Andere organisatie…", OTHER, "a")]
    organisation = prompter.select("Organisatie van de respondent:", choices)
    if organisation == OTHER:
        organisation = prompter.text("Naam van de organisatie:", validate=required).strip()
    level = prompter.select("Niveau:", [Choice(label, level, label[0].lower()) for level, label in LEVEL_LABELS.items()])
    role = prompter.text("Rol of functie (optioneel):").strip()
    name = prompter.text("Naam (optioneel; wordt apart bewaard, nooit in rapport of export):").strip()

    interview = held.enter_context(new_interview_session(traject, organisation, level, rol=role or None, naam=name or None, prefix=prefix))
    prompter.console.print(f"Respondentcode [bold]{interview.code}[/bold]" + (" (naam apart bewaard in vertrouwelijk/)." if name else "."))
    return interview


REMARK_LOST = (
    "De toelichting die u aan het typen was, is niet bewaard (een eerder bewaarde toelichting bij deze "
    "vraag blijft staan); alle gekozen antwoorden wel."
)


def _say_saved(out, folder: Path, code: str, remark_lost: bool = False) -> None:
    """What an interruption kept. An unconfirmed remark is not saved: only Enter confirms."""
    from rich.text import Text

    kept = REMARK_LOST if remark_lost else "Alle gegeven antwoorden zijn bewaard."
    out.print(Text.assemble("\n", ("Interview onderbroken.", "bold"), " ", kept))
    from volwassenheid.app.interviews import resume_command

    out.print(Text(f"Hervatten: {resume_command(folder, code)}"), soft_wrap=True)


def _show_respondent_scores(out, traject, interview) -> None:
    from rich.table import Table
    from rich.text import Text

    from volwassenheid.core.dutch import number, percentage
    from volwassenheid.core.scoring import counts_as_respondent, interview_phases

    question_set, settings = traject.question_set, traject.engagement.instellingen
    scores = interview_phases(question_set, interview, settings)
    table = Table(
        title=Text(f"Scores van {interview.code} ({interview.organisatie}, {interview.niveau})"),
        title_justify="left",
    )
    table.add_column("Dimensie", ratio=1)
    table.add_column("Score", justify="right", no_wrap=True)
    table.add_column("Fase", no_wrap=True)
    for dimension in question_set.dimensies:
        score, phase = scores[dimension.id]
        phase_text = f"{phase} {question_set.phase_name(phase)}" if phase else "te weinig antwoorden"
        table.add_row(Text(dimension.label), number(score), Text(phase_text))
    out.print(table)
    rule = settings.fase_regel or question_set.fase_regel
    if rule == "drempel":
        threshold = percentage(settings.drempel if settings.drempel is not None else question_set.drempel)
        out.print(
            f"Fase: de hoogste fase waarop of waarboven ten minste {threshold} van de antwoorden van deze "
            "respondent ligt (de fase-regel van het traject); de score is het gemiddelde."
        )
    else:
        out.print("Fase: het hele getal onder de score (de fase-regel van het traject).")
    if not counts_as_respondent(question_set, interview, settings):
        out.print("Dit interview telt niet mee als respondent: het geeft op geen enkele dimensie een score.")
    out.print(f"Interview {interview.code} is afgerond en bewaard.")
