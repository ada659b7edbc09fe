"""Interviews of a traject: start one under a fresh code, resume one, save each answer, and
the overview of who was interviewed. What `interview` and `respondenten` do, without the
prompts and the printing (the questions themselves are asked by core.interview_flow).

An interview is taken by one session at a time: a second window or colleague resuming the same
code would otherwise overwrite the answers of the first with its own older copy.

    traject = Traject.open("mijn-traject")
    with new_interview_session(traject, "Politie", "tactisch", naam="Jan") as interview:  # R01
        save_answer(traject, interview, "v1", 3, "goed overleg")   # saved at once
    with interview_session(traject, "R01") as interview:   # refused while another session has R01
        save_answer(traject, interview, "v2", 2)
"""

from __future__ import annotations

import datetime as dt
import shlex
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

from volwassenheid.app.traject import Traject
from volwassenheid.app.traject_setup import checked_input, known_spelling
from volwassenheid.core.errors import UserError, os_error_reason
from volwassenheid.core.interview_flow import is_answer_to, now, with_answer
from volwassenheid.core.models import Answer, Interview, QuestionSetRef, name_key
from volwassenheid.core.questionset import Level
from volwassenheid.core.respondent_codes import answered_count, check_prefix, find_code
from volwassenheid.core.response import invited_figures
from volwassenheid.core.scoring import counted_interviews
from volwassenheid.core.vocabulary import DONT_KNOW, NOT_APPLICABLE, Given
from volwassenheid.storage import respondents, traject_folder

DEFAULT_PREFIX = respondents.DEFAULT_PREFIX


@dataclass(frozen=True)
class RespondentLine:
    """One interview in the overview: never a name."""

    code: str
    organisatie: str
    niveau: str
    bron: str
    finished: bool
    counts: bool
    """Whether it counts as a respondent: a score on at least one dimension, as `score` decides."""
    answered: int
    questions: int


class InterviewNotSaved(UserError):
    """An answer could not be written; every answer given before it is kept."""

    def __init__(self, error: OSError, folder: Path, code: str) -> None:
        where = error.filename or Path(folder) / traject_folder.INTERVIEW_DIR / f"{code}.json"
        super().__init__(
            f"Kan {where} niet schrijven: {os_error_reason(error)}. Alle antwoorden die vóór deze fout zijn gegeven, "
            f"zijn bewaard; alleen het laatste antwoord niet. Los het op (ruimte vrijmaken, schrijfrechten) en hervat met: "
            f"{resume_command(folder, code)}"
        )
        self.folder = Path(folder)
        self.code = code


def resume_command(folder: Path, code: str) -> str:
    """The command that resumes this interview."""
    return f"volwassenheid interview {shlex.quote(str(folder))} --hervat {code}"


def known_organisations(traject: Traject) -> list[str]:
    """The partner organisations of traject.yaml, then any other one an interview names."""
    return list(dict.fromkeys([*traject.engagement.organisaties, *(i.organisatie for i in traject.interviews)]))


def start_interview(
    traject: Traject,
    organisatie: str,
    niveau: Level,
    *,
    rol: str | None = None,
    naam: str | None = None,
    prefix: str = DEFAULT_PREFIX,
    clock: Callable[[], dt.datetime] = now,
) -> Interview:
    """A new interview, written at once under the next free code (R01, R02, ...), claimed exclusively
    so two laptops or processes never get the same one. The name goes only to vertrouwelijk/CODE.json.
    It is held only while it is made; `new_interview_session` keeps holding it."""
    with ExitStack() as held:
        return _start(traject, organisatie, niveau, rol, naam, prefix, clock, held)


@contextmanager
def new_interview_session(
    traject: Traject,
    organisatie: str,
    niveau: Level,
    *,
    rol: str | None = None,
    naam: str | None = None,
    prefix: str = DEFAULT_PREFIX,
    clock: Callable[[], dt.datetime] = now,
) -> Iterator[Interview]:
    """As `start_interview`, and the interview is held from the moment its code is claimed until
    the block ends: no other session can resume it meanwhile."""
    with ExitStack() as held:
        interview = _start(traject, organisatie, niveau, rol, naam, prefix, clock, held)
        with _registered(traject, interview):
            yield interview


def _start(
    traject: Traject,
    organisatie: str,
    niveau: Level,
    rol: str | None,
    naam: str | None,
    prefix: str,
    clock: Callable[[], dt.datetime],
    held: ExitStack,
) -> Interview:
    check_prefix(prefix)
    if isinstance(organisatie, str):  # 'politie ' is the traject's 'Politie'
        organisatie = known_spelling(organisatie.strip(), known_organisations(traject))
    question_set = traject.question_set
    started = clock()

    def make(code: str) -> Interview:
        return Interview(
            code=code,
            organisatie=organisatie,
            niveau=niveau,
            rol=rol or None,
            vragenlijst=QuestionSetRef(id=question_set.id, versie=question_set.versie),
            gestart=started,
            bijgewerkt=started,
        )

    checked_input(lambda: make(f"{prefix}01"), "Interview")  # every value refused before a code is claimed
    try:
        interview = respondents.claim_new_interview(traject.folder, prefix, make, held)
    except OSError as error:
        raise UserError(
            f"Kan geen interviewbestand aanmaken in {traject.folder / traject_folder.INTERVIEW_DIR}: {os_error_reason(error)}. "
            "Er is nog niets bewaard; los het op en begin het interview opnieuw."
        ) from error
    # The name is written only now, for the code this process actually claimed.
    if naam:
        try:
            respondents.save_name(traject.folder, interview.code, naam)
        except OSError as error:
            raise InterviewNotSaved(error, traject.folder, interview.code) from error
    return interview


def resume_interview(traject: Traject, code: str) -> Interview:
    """The interview with this code (case does not matter), as a copy to go on with. Without a
    session nothing stops a second copy; `interview_session` holds it."""
    by_code = {i.code: i for i in traject.interviews}
    return by_code[_known_code(traject, by_code, code)].model_copy(deep=True)


@contextmanager
def interview_session(traject: Traject, code: str) -> Iterator[Interview]:
    """Resume the interview with this code and hold it until the block ends (also when it ends in
    an error, or the process dies). A second session on the same code gets a UserError at once,
    before anything is asked or written. The copy is read from disk after it is held, so it has
    every answer a session before this one saved."""
    path = _interview_path(traject, code)
    with ExitStack() as held:
        _hold(traject, path.stem, held)
        interview = traject_folder.read_interview(path, traject.question_set)
        with _registered(traject, interview):
            yield interview


def interview_in_use(traject: Traject, code: str) -> bool:
    """Whether another session holds this interview right now."""
    try:
        with respondents.interview_lock(traject.folder, code):
            return False
    except respondents.LockHeld:
        return True
    except OSError:
        return False  # resuming it will say what is wrong


def _interview_path(traject: Traject, code: str) -> Path:
    """The file of this interview as it is now on disk: also one added after the traject was opened."""
    paths = {path.stem: path for path in traject_folder.interview_paths(traject.folder)}
    return paths[_known_code(traject, paths, code)]


def _known_code(traject: Traject, codes: Iterable[str], code: str) -> str:
    """The code as it is written among `codes` (case does not matter), or a Dutch UserError listing them."""
    found = find_code(list(codes), code)
    if found is None:
        known = ", ".join(codes) or "(nog geen)"
        raise UserError(f"Geen interview '{code}' in {traject.folder}. Bekend: {known}.")
    return found


# The interview objects the sessions of this process hold: only their saves pass without taking the lock.
_HELD: dict[tuple[Path, str], Interview] = {}


def _key(traject: Traject, code: str) -> tuple[Path, str]:
    return (Path(traject.folder).resolve(), code.casefold())


@contextmanager
def _registered(traject: Traject, interview: Interview) -> Iterator[None]:
    key = _key(traject, interview.code)
    _HELD[key] = interview
    try:
        yield
    finally:
        _HELD.pop(key, None)


def _hold(traject: Traject, code: str, held: ExitStack, consequence: str = "") -> None:
    """Take the interview's lock on `held`, or a Dutch UserError saying it is in use."""
    try:
        held.enter_context(respondents.interview_lock(traject.folder, code))
    except respondents.LockHeld as error:
        stale = f" Is er zeker geen ander venster of collega mee bezig, verwijder dan {error.path}." if error.may_be_stale else ""
        raise UserError(
            f"Interview {code} wordt op dit moment al afgenomen (in een ander venster of door een collega). "
            f"Kies een ander interview, of wacht tot dat klaar is.{consequence}{stale}"
        ) from error
    except OSError as error:
        raise UserError(
            f"Kan {error.filename or respondents.interview_lock_path(traject.folder, code)} niet gebruiken om interview {code} "
            f"vast te houden: {os_error_reason(error)}.{consequence}"
        ) from error


def save_interview(traject: Traject, interview: Interview) -> Path:
    """Write the interview file atomically: a crash leaves the previous answers or the new ones.
    Outside a session the interview is held just for this write, so it is refused (and nothing is
    written) while a session, here or in another process, has it."""
    if _HELD.get(_key(traject, interview.code)) is interview:
        return _write(traject, interview)
    with ExitStack() as held:
        _hold(traject, interview.code, held, " Er is niets bewaard.")
        return _write(traject, interview)


def _write(traject: Traject, interview: Interview) -> Path:
    try:
        return traject_folder.write_interview(traject.folder, interview)
    except OSError as error:
        raise InterviewNotSaved(error, traject.folder, interview.code) from error


def save_answer(
    traject: Traject,
    interview: Interview,
    question_id: str,
    waarde: Given,
    toelichting: str | None = None,
    *,
    clock: Callable[[], dt.datetime] = now,
) -> Interview:
    """Record one answer (a phase number, "weet_niet" or "nvt") and save the interview at once.
    Anything else is refused before it is recorded. Saved as `save_interview` does: outside a
    session it is refused while another session holds the interview."""
    question_set = traject.question_set
    question = next((q for q in question_set.vragen if q.id == question_id), None)
    if question is None:
        raise UserError(f"Vraag '{question_id}' staat niet in vragenlijst '{question_set.id}' versie {question_set.versie}.")
    if not is_answer_to(waarde, question):
        raise UserError(f"Vraag {question_id}: {waarde!r} is geen antwoord; kies 1 t/m {len(question.opties)}, '{DONT_KNOW}' of '{NOT_APPLICABLE}'.")
    before = (interview.antwoorden, interview.bijgewerkt)
    interview.antwoorden = with_answer(interview.antwoorden, question_id, Answer(waarde=waarde, toelichting=toelichting or None), question_set.vragen)
    interview.bijgewerkt = clock()
    try:
        save_interview(traject, interview)
    except BaseException:
        interview.antwoorden, interview.bijgewerkt = before  # the copy says what the file says
        raise
    return interview


def respondent_overview(traject: Traject) -> list[RespondentLine]:
    """Every interview with its progress, and whether it counts as a respondent (as in the scores)."""
    question_set = traject.question_set
    counted = {i.code for i in counted_interviews(question_set, traject.engagement.instellingen, traject.interviews)}
    total = len(question_set.vragen)
    return [
        RespondentLine(
            code=i.code,
            organisatie=i.organisatie,
            niveau=i.niveau,
            bron=i.bron,
            finished=i.afgerond,
            counts=i.code in counted,
            answered=answered_count(i, question_set),
            questions=total,
        )
        for i in traject.interviews
    ]


@dataclass(frozen=True)
class ResponseLine:
    """The response of one organisation or level against the people invited (`uitgenodigd`)."""

    groep: str
    soort: str
    """'organisatie' or 'niveau'."""
    respondenten: int
    """Interviews that count as a respondent, as in the scores."""
    afgerond: int
    uitgenodigd: int
    respons: float
    """respondenten / uitgenodigd; above 1 when the invited count is too low (never capped)."""


def response_overview(traject: Traject, lines: Iterable[RespondentLine] | None = None) -> list[ResponseLine]:
    """Per organisation with an invited count, and per level when every count is given per level: the
    respondents and finished interviews against the people invited. Empty when nobody's count is known."""
    counted = [line for line in (respondent_overview(traject) if lines is None else lines) if line.counts]
    engagement = traject.engagement
    per_organisation: dict[str, int] = {}
    per_level: dict[str, int] = {}
    for line in counted:
        per_organisation[line.organisatie] = per_organisation.get(line.organisatie, 0) + 1
        per_level[line.niveau] = per_level.get(line.niveau, 0) + 1
    figures = invited_figures(engagement.uitgenodigd, engagement.organisaties, per_organisation, per_level)

    def lines_of(kind: str, name: str) -> list[RespondentLine]:
        if kind == "organisatie":
            return [line for line in counted if name_key(line.organisatie) == name_key(name)]
        return [line for line in counted if line.niveau == name]

    groups = [("organisatie", name, invited, share) for name, (invited, share) in figures.per_organisation.items()]
    groups += [("niveau", level, invited, share) for level, (invited, share) in figures.per_level.items()]
    rows = []
    for kind, name, invited, share in groups:
        found = lines_of(kind, name)
        rows.append(ResponseLine(name, kind, len(found), sum(1 for line in found if line.finished), invited, share))
    return rows
