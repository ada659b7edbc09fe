"""volwassenheid interview MAP and volwassenheid respondenten MAP."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from volwassenheid.cli.common import console, engagement_argument

NOT_A_TERMINAL = (
    "Een interview vraagt een terminal waarin u kunt typen. Voor antwoorden uit een enquête "
    "(CSV of Excel): gebruik 'volwassenheid importeer MAP BESTAND' of 'volwassenheid batch BESTAND -o MAP'."
)
NEW = "nieuw"
OTHER = "__andere__"


def require_terminal() -> None:
    from volwassenheid.errors import UserError

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
    from volwassenheid.engagement_store import load_engagement

    require_terminal()
    loaded = load_engagement(folder)
    from volwassenheid.cli.prompts import TerminalPrompter

    prompter = TerminalPrompter()
    try:
        chosen = _choose_interview(loaded, prompter, resume_code) or _intake(loaded, prompter, prefix)
    except (KeyboardInterrupt, EOFError):
        prompter.console.print("\nAfgebroken; er is geen nieuw interview aangemaakt.")
        sys.exit(130)
    try:
        _interview(loaded, prompter, chosen)
    except (KeyboardInterrupt, EOFError):
        _say_saved(prompter.console, loaded.folder, chosen.code)
        sys.exit(130)


def _interview(loaded, prompter, chosen) -> None:
    from volwassenheid.cli.prompts import KEYS_EXPLAINED
    from volwassenheid.engagement_store import write_interview
    from volwassenheid.interview_flow import InterviewFlow, Outcome
    from volwassenheid.respondents import first_unanswered

    out = prompter.console
    out.print(f"[dim]{KEYS_EXPLAINED}[/dim]")
    start = first_unanswered(chosen, loaded.question_set)
    if start is None:
        start = 0
        out.print(f"{chosen.code} is helemaal beantwoord; u loopt de vragen opnieuw langs. Enter houdt een antwoord.")
    elif chosen.antwoorden:
        out.print(f"{chosen.code}: verder bij vraag {start + 1}; eerdere antwoorden zijn bewaard.")

    flow = InterviewFlow(loaded.question_set, chosen, prompter, lambda i: write_interview(loaded.folder, i))
    outcome = flow.run(start)
    if outcome is Outcome.STOPPED:
        _say_saved(out, loaded.folder, chosen.code)
        return
    _show_respondent_scores(out, loaded, chosen)


def _choose_interview(loaded, prompter, resume_code: str | None):
    from volwassenheid.errors import UserError
    from volwassenheid.interview_flow import Choice
    from volwassenheid.respondents import answered_count

    by_code = {i.code: i for i in loaded.interviews}
    if resume_code:
        if resume_code not in by_code:
            known = ", ".join(by_code) or "(nog geen)"
            raise UserError(f"Geen interview '{resume_code}' in {loaded.folder}. Bekend: {known}.")
        return by_code[resume_code]
    unfinished = [i for i in loaded.interviews if not i.afgerond]
    if not unfinished:
        return None
    total = len(loaded.question_set.vragen)
    choices = [
        Choice(
            f"Hervat {i.code} · {i.organisatie} · {i.niveau} · {answered_count(i, loaded.question_set)}/{total} beantwoord",
            i.code,
        )
        for i in unfinished
    ]
    choices.append(Choice("Nieuw interview beginnen", NEW, "n"))
    picked = prompter.select("Er zijn onafgeronde interviews. Welke?", choices, default=unfinished[-1].code)
    return None if picked == NEW else by_code[picked]


def _intake(loaded, prompter, prefix: str):
    from volwassenheid.cli.prompts import required
    from volwassenheid.engagement import Interview, QuestionSetRef
    from volwassenheid.engagement_store import write_interview
    from volwassenheid.interview_flow import Choice, now
    from volwassenheid.questionset import LEVEL_LABELS
    from volwassenheid.respondents import next_code, save_name

    organisations = list(dict.fromkeys([*loaded.engagement.organisaties, *(i.organisatie for i in loaded.interviews)]))
    choices = [Choice(name, name) for name in organisations] + [Choice("Andere organisatie…", OTHER, "a")]
    organisation = prompter.select("Organisatie van de respondent:", choices)
    if organisation == OTHER:
        organisation = prompter.text("Naam van de organisatie:", validate=required).strip()
    level = prompter.select("Niveau:", [Choice(label, level, label[0].lower()) for level, label in LEVEL_LABELS.items()])
    role = prompter.text("Rol of functie (optioneel):").strip()
    name = prompter.text("Naam (optioneel; wordt apart bewaard, nooit in rapport of export):").strip()

    code = next_code(loaded.folder, prefix)
    question_set = loaded.question_set
    started = now()
    interview = Interview(
        code=code,
        organisatie=organisation,
        niveau=level,
        rol=role or None,
        vragenlijst=QuestionSetRef(id=question_set.id, versie=question_set.versie),
        gestart=started,
        bijgewerkt=started,
    )
    if name:
        save_name(loaded.folder, code, name)
    write_interview(loaded.folder, interview)
    prompter.console.print(f"Respondentcode [bold]{code}[/bold]" + (" (naam apart bewaard in vertrouwelijk/)." if name else "."))
    return interview


def _say_saved(out, folder: Path, code: str) -> None:
    out.print("\n[bold]Interview onderbroken.[/bold] Alle gegeven antwoorden zijn bewaard.")
    out.print(f"Hervatten: volwassenheid interview {folder} --hervat {code}", soft_wrap=True)


def _show_respondent_scores(out, loaded, interview) -> None:
    from rich.table import Table

    from volwassenheid.cli.format import number
    from volwassenheid.scoring import phase_reached, respondent_from_interview, score_respondent

    scores = score_respondent(loaded.question_set, respondent_from_interview(interview), loaded.engagement.instellingen)
    table = Table(title=f"Scores van {interview.code} ({interview.organisatie}, {interview.niveau})", title_justify="left")
    table.add_column("Dimensie", ratio=1)
    table.add_column("Score", justify="right", no_wrap=True)
    table.add_column("Fase", no_wrap=True)
    for dimension in loaded.question_set.dimensies:
        score = scores[dimension.id]
        phase = phase_reached(score, loaded.question_set.phase_count)
        table.add_row(dimension.label, number(score), f"{phase} {loaded.question_set.phase_name(phase)}" if phase else "te weinig antwoorden")
    out.print(table)
    out.print(f"Interview {interview.code} is afgerond en bewaard.")


@click.command()
@engagement_argument
def respondenten(folder: Path) -> None:
    """Wie er geïnterviewd is: code, organisatie, niveau, afgerond of niet. Nooit namen."""
    from rich.table import Table

    from volwassenheid.engagement_store import load_engagement
    from volwassenheid.respondents import answered_count

    loaded = load_engagement(folder)
    total = len(loaded.question_set.vragen)
    table = Table(title=f"Respondenten · {loaded.engagement.samenwerkingsverband}", title_justify="left")
    for header, justify in [("Code", "left"), ("Organisatie", "left"), ("Niveau", "left"), ("Status", "left"), ("Beantwoord", "right"), ("Bron", "left")]:
        table.add_column(header, justify=justify)
    for interview in loaded.interviews:
        table.add_row(
            interview.code,
            interview.organisatie,
            interview.niveau,
            "afgerond" if interview.afgerond else "[yellow]onvolledig[/yellow]",
            f"{answered_count(interview, loaded.question_set)}/{total}",
            interview.bron,
        )
    out = console()
    if not loaded.interviews:
        out.print(f"Nog geen interviews in {folder}. Begin met 'volwassenheid interview {folder}'.", soft_wrap=True)
        return
    out.print(table)
    finished = sum(1 for i in loaded.interviews if i.afgerond)
    out.print(f"{len(loaded.interviews)} respondenten, {finished} afgerond.")
