"""volwassenheid interview MAP."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

import click

from volwassenheid.cli.common import engagement_argument
from volwassenheid.core.errors import os_error_reason

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


def resume_command(folder: Path, code: str) -> str:
    return f"volwassenheid interview {shlex.quote(str(folder))} --hervat {code}"


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
    from volwassenheid.storage.respondents import check_prefix
    from volwassenheid.storage.traject_folder import load_engagement

    check_prefix(prefix)
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
    except OSError as error:
        raise _not_saved(error, loaded.folder, chosen.code) from error


def _not_saved(error: OSError, folder: Path, code: str):
    """The interview-specific message for a failed write: what is safe, and how to go on."""
    from volwassenheid.core.errors import UserError

    where = error.filename or Path(folder) / "interviews" / f"{code}.json"
    return UserError(
        f"Kan {where} niet schrijven: {os_error_reason(error)}. Alle antwoorden die vóór deze fout zijn gegeven, "
        f"zijn bewaard; alleen het laatste antwoord niet. Los het op (ruimte vrijmaken, schrijfrechten) en hervat met: "
        f"{resume_command(folder, code)}"
    )


def _interview(loaded, prompter, chosen) -> None:
    from volwassenheid.cli.prompts import KEYS_EXPLAINED
    from volwassenheid.core.interview_flow import InterviewFlow, Outcome
    from volwassenheid.storage.respondents import first_unanswered
    from volwassenheid.storage.traject_folder import write_interview

    out = prompter.console
    out.print(f"[dim]{KEYS_EXPLAINED}[/dim]")
    start = first_unanswered(chosen, loaded.question_set)
    if start is None:
        out.print(f"{chosen.code} is helemaal beantwoord; u loopt de vragen opnieuw langs. Enter houdt een antwoord.")
    elif chosen.antwoorden:
        out.print(f"{chosen.code}: verder bij vraag {start + 1}, dan de andere open vragen; eerdere antwoorden zijn bewaard.")

    flow = InterviewFlow(
        loaded.question_set,
        chosen,
        prompter,
        lambda i: write_interview(loaded.folder, i),
        settings=loaded.engagement.instellingen,
    )
    try:
        outcome = flow.run()
    except (KeyboardInterrupt, EOFError):
        _say_saved(out, loaded.folder, chosen.code, remark_lost=flow.typing_remark)
        sys.exit(130)
    if outcome is Outcome.STOPPED:
        _say_saved(out, loaded.folder, chosen.code)
        return
    _show_respondent_scores(out, loaded, chosen)


def _choose_interview(loaded, prompter, resume_code: str | None):
    from volwassenheid.core.errors import UserError
    from volwassenheid.core.interview_flow import Choice
    from volwassenheid.storage.respondents import answered_count, find_code

    by_code = {i.code: i for i in loaded.interviews}
    if resume_code:
        code = find_code(list(by_code), resume_code)
        if code is None:
            known = ", ".join(by_code) or "(nog geen)"
            raise UserError(f"Geen interview '{resume_code}' in {loaded.folder}. Bekend: {known}.")
        return by_code[code]
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
    # Choosing which interview records no answer, so the most recent one may be preselected.
    picked = prompter.select("Er zijn onafgeronde interviews. Welke?", choices, default=unfinished[-1].code)
    return None if picked == NEW else by_code[picked]


def _intake(loaded, prompter, prefix: str):
    from volwassenheid.cli.prompts import required
    from volwassenheid.core.errors import UserError
    from volwassenheid.core.interview_flow import Choice, now
    from volwassenheid.core.models import Interview, QuestionSetRef
    from volwassenheid.core.questionset import LEVEL_LABELS
    from volwassenheid.storage.respondents import claim_new_interview, save_name

    organisations = list(dict.fromkeys([*loaded.engagement.organisaties, *(i.organisatie for i in loaded.interviews)]))
    choices = [Choice(name, name) for name in organisations] + [Choice("Andere organisatie…", OTHER, "a")]
    organisation = prompter.select("Organisatie van de respondent:", choices)
    if organisation == OTHER:
        organisation = prompter.text("Naam van de organisatie:", validate=required).strip()
    level = prompter.select("Niveau:", [Choice(label, level, label[0].lower()) for level, label in LEVEL_LABELS.items()])
    role = prompter.text("Rol of functie (optioneel):").strip()
    name = prompter.text("Naam (optioneel; wordt apart bewaard, nooit in rapport of export):").strip()

    question_set = loaded.question_set
    started = now()

    def make(code: str) -> Interview:
        return Interview(
            code=code,
            organisatie=organisation,
            niveau=level,
            rol=role or None,
            vragenlijst=QuestionSetRef(id=question_set.id, versie=question_set.versie),
            gestart=started,
            bijgewerkt=started,
        )

    try:
        interview = claim_new_interview(loaded.folder, prefix, make)
    except OSError as error:
        raise UserError(
            f"Kan geen interviewbestand aanmaken in {Path(loaded.folder) / 'interviews'}: {os_error_reason(error)}. "
            "Er is nog niets bewaard; los het op en begin het interview opnieuw."
        ) from error
    # The name is written only now, for the code this process actually claimed.
    if name:
        try:
            save_name(loaded.folder, interview.code, name)
        except OSError as error:
            raise _not_saved(error, loaded.folder, interview.code) from error
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
    out.print(Text(f"Hervatten: {resume_command(folder, code)}"), soft_wrap=True)


def _show_respondent_scores(out, loaded, interview) -> None:
    from rich.table import Table
    from rich.text import Text

    from volwassenheid.core.dutch import number
    from volwassenheid.core.scoring import (
        counts_as_respondent,
        interview_scores,
        phase_reached,
    )

    settings = loaded.engagement.instellingen
    scores = interview_scores(loaded.question_set, interview, settings)
    table = Table(
        title=Text(f"Scores van {interview.code} ({interview.organisatie}, {interview.niveau})"),
        title_justify="left",
    )
    table.add_column("Dimensie", ratio=1)
    table.add_column("Score", justify="right", no_wrap=True)
    table.add_column("Fase", no_wrap=True)
    for dimension in loaded.question_set.dimensies:
        score = scores[dimension.id]
        phase = phase_reached(score, loaded.question_set.phase_count)
        phase_text = f"{phase} {loaded.question_set.phase_name(phase)}" if phase else "te weinig antwoorden"
        table.add_row(Text(dimension.label), number(score), Text(phase_text))
    out.print(table)
    if not counts_as_respondent(loaded.question_set, interview, settings):
        out.print("Dit interview telt niet mee als respondent: het geeft op geen enkele dimensie een score.")
    out.print(f"Interview {interview.code} is afgerond en bewaard.")
