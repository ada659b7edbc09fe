"""volwassenheid nieuw MAP: start a traject, by prompts or entirely by options."""

from __future__ import annotations

import datetime as dt
import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING, cast

import click

from volwassenheid.cli.common import (
    MEASUREMENT_DATE,
    console,
    measurement_date,
    module_option,
    question_set_option,
)

if TYPE_CHECKING:
    from volwassenheid.app.traject_setup import FollowUp

DEFAULT_SET = "samenwerking"
NO_AMBITION = 0
OWN_FILE = "__eigen__"
SKIP_ACTION = "__overslaan__"


@click.command()
@click.argument("folder", metavar="MAP", type=click.Path(file_okay=False, path_type=Path))
@click.option("--samenwerkingsverband", "partnership", help="Naam van het samenwerkingsverband.")
@click.option("--opdrachtgever", "client", help="De opdrachtgever.")
@click.option("--adviseur", "consultant", help="De adviseur of het adviesbureau.")
@click.option("--datum", "date", type=MEASUREMENT_DATE, help="Datum van de meting (JJJJ-MM-DD); standaard vandaag.")
@click.option("--meting", "measurement", help="Welke meting, bijv. '0-meting' (standaard) of '1-meting'.")
@question_set_option
@module_option
@click.option("--organisatie", "organisations", multiple=True, help="Een partnerorganisatie; herhaal voor elke partner.")
@click.option(
    "--doelfase",
    "--ambitie",
    "ambitions",
    multiple=True,
    metavar="DIMENSIE=FASE",
    help="Doelfase per dimensie, bijv. tvb=4; herhaalbaar (--ambitie is de oude naam).",
)
@click.option(
    "--uitgenodigd",
    "invitations",
    multiple=True,
    metavar="ORGANISATIE=AANTAL",
    help="Hoeveel mensen van een organisatie zijn uitgenodigd, bijv. Politie=40 (voor het responspercentage); herhaalbaar.",
)
@click.option(
    "--vervolg",
    "previous",
    metavar="OUDE_MAP",
    type=click.Path(file_okay=False, path_type=Path),
    help="Een vervolgmeting van het traject in OUDE_MAP: neemt samenwerkingsverband, opdrachtgever, adviseur, organisaties, doelfase, modules, vragenlijst en instellingen over.",
)
@click.option("--niet-interactief", "batch_mode", is_flag=True, help="Vraag niets; wat niet als optie is gegeven krijgt de standaardwaarde.")
def nieuw(
    folder, partnership, client, consultant, date, measurement, question_set_ref, modules, organisations, ambitions, invitations, previous, batch_mode
):
    """Begin een nieuw traject in MAP. Wat niet als optie is gegeven, wordt in de
    terminal gevraagd; een bestaand traject wordt nooit overschreven. Met --vervolg
    is het een vervolgmeting: wat niet als optie is gegeven, komt van de vorige."""
    from rich.text import Text

    from volwassenheid.app.question_sets import open_question_set
    from volwassenheid.app.traject_setup import ENGAGEMENT_FILE, follow_up_of, refuse_existing
    from volwassenheid.core.ambition import parse_ambition_pairs
    from volwassenheid.core.errors import UserError
    from volwassenheid.core.invited import parse_invited_pairs
    from volwassenheid.core.models import distinct_names
    from volwassenheid.core.modules import with_checked_modules

    refuse_existing(folder)
    interactive = not batch_mode and sys.stdin.isatty()
    follow = follow_up_of(previous) if previous is not None else None
    if follow:
        partnership = partnership or follow.samenwerkingsverband
        client = client or follow.opdrachtgever
        consultant = consultant or follow.adviseur
        organisations = organisations or tuple(follow.organisaties)
        modules = modules or tuple(follow.modules)
        measurement = measurement or (None if interactive else follow.meting)
        given_day = date.date() if isinstance(date, dt.datetime) else date
        if given_day is not None and (problem := follow.date_problem(given_day)):
            raise UserError(f"--datum {given_day.isoformat()}: {problem}.")
    # A bad count is refused before anything is asked; the organisations are known unless they will be asked.
    parse_invited_pairs(invitations, organisations if organisations or not interactive else None)
    prompter = _prompter() if interactive else None
    ambition: dict[str, int] = {}
    invited: dict[str, int] = {}
    reviews: list[dict[str, str]] = []
    carried: dict[str, int] = {}
    """A follow-up's previous targets."""
    try:
        if prompter:
            from volwassenheid.cli.prompts import required

            partnership = partnership or prompter.text("Naam van het samenwerkingsverband:", validate=required).strip()
            client = client or prompter.text("Opdrachtgever (optioneel):").strip() or None
            consultant = consultant or prompter.text("Adviseur (optioneel):").strip() or None
            date = date or _ask_date(prompter, follow)
            measurement = measurement or prompter.text("Meting:", default=follow.meting if follow else "0-meting").strip()
            if follow and not question_set_ref:
                question_set_ref = _ask_follow_up_set(prompter, follow)
            question_set_ref = question_set_ref or _ask_question_set(prompter)
        elif follow and not question_set_ref:
            question_set_ref = follow.question_set
        if not partnership:
            raise UserError("Geef de naam van het samenwerkingsverband met --samenwerkingsverband (of draai 'nieuw' in een terminal).")

        reference = question_set_ref or DEFAULT_SET
        question_set = open_question_set(reference)
        modules = list(dict.fromkeys(modules))
        with_checked_modules(question_set, modules, "--module")
        if prompter and not modules:
            modules = _ask_modules(prompter, question_set)
        question_set = with_checked_modules(question_set, modules)
        if follow:  # the previous targets, for the dimensions this set still has
            dimensions = {d.id for d in question_set.dimensies}
            carried = {key: phase for key, phase in follow.doelfase.items() if key in dimensions}
            ambition.update(carried)
        given = parse_ambition_pairs(ambitions, question_set)
        ambition.update(given)
        if prompter and not organisations:
            typed = prompter.text("Partnerorganisaties, gescheiden door komma's (optioneel):")
            organisations = [name.strip() for name in typed.split(",") if name.strip()]
        organisations = distinct_names(name.strip() for name in organisations)
        invited.update(parse_invited_pairs(invitations, organisations))
        if prompter:
            _ask_invited(prompter, organisations, invited)
            previous_targets = {key: phase for key, phase in carried.items() if key not in given}
            _offer_to_change_targets(prompter, question_set, ambition, previous_targets)
            _ask_ambition(prompter, question_set, ambition, suggested=previous_targets)
            if follow:
                _ask_previous_agenda(prompter, previous, reviews)
    except (KeyboardInterrupt, EOFError):
        entered = {
            "samenwerkingsverband": partnership,
            "opdrachtgever": client,
            "adviseur": consultant,
            "datum": date,
            "meting": measurement,
            "vragenlijst": question_set_ref,
            "module": list(modules),
            "organisatie": list(organisations),
            "uitgenodigd": [f"{k}={v}" for k, v in invited.items()] or list(invitations),
            "doelfase": [f"{k}={v}" for k, v in ambition.items()] or list(ambitions),
            "vervolg": str(previous) if previous is not None else None,
        }
        _say_how_to_repeat(console(), folder, entered, reviewed=len(reviews))
        sys.exit(130)
    from volwassenheid.app.traject import Traject  # only now: the prompts come up without scoring's imports

    traject = Traject.create(
        folder,
        samenwerkingsverband=partnership,
        datum=(date.date() if isinstance(date, dt.datetime) else date) or dt.date.today(),
        question_set=reference,
        opdrachtgever=client,
        adviseur=consultant,
        meting=measurement or "0-meting",
        organisaties=organisations,
        doelfase=ambition,
        uitgenodigd=invited,
        modules=modules,
        vorige_meting=previous,
        vorige_agenda=reviews,
        instellingen=follow.instellingen if follow else None,
    )
    question_set, ambition = traject.question_set, traject.engagement.doelfase
    out = console()
    # Paths and commands never wrap (soft_wrap), so they can be copied whole.
    out.print(
        Text.assemble(
            "Traject aangemaakt in ",
            (str(folder), "bold"),
            f": {partnership}, vragenlijst {question_set.id} {question_set.versie}"
            + (
                f" met {'module' if len(question_set.modules) == 1 else 'modules'} {', '.join(m.id for m in question_set.modules)}."
                if question_set.modules
                else "."
            ),
        ),
        soft_wrap=True,
    )
    if follow:
        out.print(
            Text(
                f"Vervolgmeting van {previous}; vergelijk straks met: volwassenheid vergelijk {shlex.quote(str(previous))} {shlex.quote(str(folder))}"
            ),
            soft_wrap=True,
        )
        if follow.newer_version and not interactive and question_set_ref == follow.question_set:
            out.print(
                Text(f"Er is een nieuwere versie van de vragenlijst ({follow.newer_version}); kies die met --vragenlijst {follow.newer_version}.")
            )
    missing = [d.label for d in question_set.dimensies if d.id not in ambition]
    if missing:
        out.print(Text(f"Nog geen doelfase voor: {', '.join(missing)}. Vul die aan in {folder / ENGAGEMENT_FILE}."))
    out.print(Text(f"Volgende stap: volwassenheid interview {shlex.quote(str(folder))}"), soft_wrap=True)


def _prompter():
    from volwassenheid.cli.prompts import TerminalPrompter

    return TerminalPrompter()


def _ask_date(prompter, follow: FollowUp | None = None) -> dt.date:
    """Asked until it is a valid measurement date, for a follow-up not before the previous one: the
    prompt's check can be bypassed (a scripted prompter, a pasted line), and a refused date must not
    silently become today's."""
    from rich.text import Text

    today = dt.date.today()
    suggested = max(today, follow.datum) if follow else today

    def problem(text: str) -> str | None:
        found = measurement_date(text)
        if isinstance(found, str):
            return found  # not a date, or outside the traject's range
        reason = follow.date_problem(found) if follow else None
        return f"{reason[0].upper()}{reason[1:]}." if reason else None

    while True:
        typed = prompter.text(
            "Datum van de meting (JJJJ-MM-DD of DD-MM-JJJJ):", default=suggested.isoformat(), validate=lambda text: problem(text) or True
        )
        refused = problem(typed)
        if refused is None:
            return cast(dt.date, measurement_date(typed))
        console().print(Text(refused))


def _ask_previous_agenda(prompter, previous: Path, reviews: list[dict[str, str]]) -> None:
    """Per action of the previous roadmap, whether it was carried out; skipped ones are not recorded."""
    from volwassenheid.app.comparison import roadmap_of
    from volwassenheid.core.interview_flow import Choice

    actions = roadmap_of(previous)
    choices = [
        Choice("Uitgevoerd", "uitgevoerd", "u"),
        Choice("Deels uitgevoerd", "deels", "d"),
        Choice("Niet uitgevoerd", "niet", "n"),
        Choice("Weet ik niet", "onbekend", "w"),
        Choice("Overslaan (niets vastleggen)", SKIP_ACTION, "o"),
    ]
    for index, action in enumerate(actions, start=1):
        prompter.show(f"Vorige agenda {index}/{len(actions)}: wat kwam ervan?")
        status = prompter.select(f"{action.titel}:", choices)
        if status != SKIP_ACTION:
            reviews.append({"actie": action.titel, "status": status})


def _ask_follow_up_set(prompter, follow) -> str:
    """The previous measurement's set, or its newer version when there is one: the same version
    compares every question, a newer one only those both share."""
    from volwassenheid.core.interview_flow import Choice

    if not follow.newer_version:
        return follow.question_set
    choices = [
        Choice(f"Dezelfde als de vorige meting ({follow.question_set}): alles vergelijkbaar", follow.question_set, "d"),
        Choice(f"De nieuwere versie ({follow.newer_version}): alleen gedeelde vragen vergelijkbaar", follow.newer_version, "n"),
    ]
    return prompter.select("Vragenlijst:", choices, default=follow.question_set)


def _ask_question_set(prompter) -> str:
    from volwassenheid.app.question_sets import shipped_sets
    from volwassenheid.core.dutch import plural
    from volwassenheid.core.interview_flow import Choice
    from volwassenheid.core.questionset import version_order

    sets = [qs for qs in (shipped.question_set for shipped in shipped_sets()) if qs is not None]
    choices = [Choice(f"{qs.naam} ({qs.id} {qs.versie}, {plural(len(qs.vragen), 'vraag', 'vragen')})", f"{qs.id}@{qs.versie}") for qs in sets]
    choices.append(Choice("Eigen vragenlijst (pad naar YAML-bestand)…", OWN_FILE, "e"))
    newest_default = max((qs for qs in sets if qs.id == DEFAULT_SET), key=lambda qs: version_order(qs.versie), default=None)
    default = f"{newest_default.id}@{newest_default.versie}" if newest_default else None
    picked = prompter.select("Vragenlijst:", choices, default=default)
    if picked == OWN_FILE:
        return prompter.text("Pad naar de vragenlijst:", validate=lambda v: Path(v).is_file() or "Dat bestand bestaat niet.")
    return picked


def _ask_modules(prompter, question_set) -> list[str]:
    """Ask, module by module, whether the traject uses it; each is answered, none is assumed."""
    from volwassenheid.core.interview_flow import Choice

    chosen = []
    for index, module in enumerate(question_set.modules, start=1):
        prompter.show(f"Module {index}/{len(question_set.modules)}: {module.naam}", module.beschrijving)
        choices = [Choice("Ja, deze module hoort bij dit traject", True, "j"), Choice("Nee", False, "n")]
        if prompter.select(f"Module '{module.id}' gebruiken?", choices) is True:
            chosen.append(module.id)
    return chosen


def first_sentence(text: str) -> str:
    """The first sentence, to describe a phase in one or two lines beside its number."""
    head, dot, _ = text.strip().partition(". ")
    return head + "." if dot else text.strip()


def _offer_to_change_targets(prompter, question_set, ambition: dict[str, int], previous: dict[str, int]) -> None:
    """A follow-up takes over the previous targets; show them and, if they are to change, take them out
    of `ambition` so that each is asked again (with the previous one as the suggestion)."""
    from rich.text import Text

    if not previous:
        return
    shown = ", ".join(f"{d.label} {previous[d.id]}" for d in question_set.dimensies if d.id in previous)
    prompter.console.print(Text(f"Doelfasen van de vorige meting: {shown}."))
    if prompter.confirm("Deze doelfasen aanhouden?", default=True):
        return
    for key in previous:
        ambition.pop(key, None)


def _ask_ambition(prompter, question_set, ambition: dict[str, int], suggested: dict[str, int] | None = None) -> None:
    """Ask the target phase for every dimension not given as an option, filling `ambition` as it goes
    (so an interruption keeps what was chosen). Every ambition is chosen or explicitly skipped;
    `suggested` (a follow-up's previous targets) are offered first."""
    from rich.table import Table
    from rich.text import Text

    from volwassenheid.core.interview_flow import Choice

    todo = [d for d in question_set.dimensies if d.id not in ambition]
    if not todo:
        return
    phases = Table(title="Fasen van samenwerking", title_justify="left", show_lines=True)
    phases.add_column("Fase", no_wrap=True)
    phases.add_column("Hoe de samenwerking er dan uitziet")
    for phase in question_set.fasen:
        phases.add_row(Text(f"{phase.nummer} {phase.naam}"), Text(phase.beschrijving))
    prompter.console.print(phases)
    # The table scrolls away; every menu repeats each phase in short.
    choices = [Choice(f"{p.naam}: {first_sentence(p.beschrijving)}", p.nummer, str(p.nummer)) for p in question_set.fasen]
    choices.append(Choice("Nog geen doelfase opgeven", NO_AMBITION, "g"))
    for index, dimension in enumerate(todo, start=1):
        prompter.show(f"Doelfase {index}/{len(todo)}: {dimension.naam}", dimension.beschrijving)
        phase = prompter.select(
            f"Welke fase wil het samenwerkingsverband bereiken op '{dimension.label}'?", choices, default=(suggested or {}).get(dimension.id)
        )
        if phase != NO_AMBITION:
            ambition[dimension.id] = phase


def _ask_invited(prompter, organisations: list[str], invited: dict[str, int]) -> None:
    """Ask how many people of each organisation are invited (Enter: unknown), filling `invited` as it goes."""
    from rich.text import Text

    from volwassenheid.core.invited import count_problem
    from volwassenheid.core.validation import printable

    def check(typed: str) -> bool | str:
        return not typed.strip() or count_problem(typed) or True

    for organisation in organisations:
        if organisation in invited:
            continue
        while True:
            typed = prompter.text(f"Hoeveel mensen van {printable(organisation)} worden uitgenodigd? (Enter = onbekend)", validate=check).strip()
            problem = count_problem(typed) if typed else None
            if problem is None:
                break
            prompter.console.print(Text(problem))  # the prompt's check can be bypassed (a scripted prompter)
        if typed:
            invited[organisation] = int(typed)


def repeat_command(folder: Path, entered: dict, batch: bool) -> str:
    """The command line that gives again everything entered so far."""
    words = ["volwassenheid", "nieuw", str(folder)]
    for option, value in entered.items():
        values = value if isinstance(value, list) else [value]
        for item in values:
            if item:
                text = item.strftime("%Y-%m-%d") if isinstance(item, (dt.date, dt.datetime)) else str(item)
                words += [f"--{option}", text]
    if batch:
        words.append("--niet-interactief")
    return shlex.join(words)


def _say_how_to_repeat(out, folder: Path, entered: dict, reviewed: int = 0) -> None:
    from rich.text import Text

    out.print("\nAfgebroken; er is nog geen traject aangemaakt.")
    if not any(entered.values()):
        return
    out.print("Wat u al invulde, staat in deze opdracht. Verder waar u was (de rest wordt gevraagd):")
    out.print(Text(repeat_command(folder, entered, batch=False)), soft_wrap=True)
    out.print("Of meteen aanmaken, zonder verdere vragen:")
    out.print(Text(repeat_command(folder, entered, batch=True)), soft_wrap=True)
    if reviewed:
        out.print(
            f"Wat u over {'de actie' if reviewed == 1 else f'{reviewed} acties'} van de vorige agenda zei, staat niet in die opdrachten: "
            "de eerste vraagt het opnieuw; na de tweede zet u het onder vorige_agenda in traject.yaml."
        )
