"""A new traject folder: traject.yaml and, for a set from elsewhere, its own copy of the question set.

What `volwassenheid nieuw` does once everything is asked; `Traject.create` in the Python API.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from pydantic import ValidationError

from volwassenheid.core.errors import UserError, os_error_message
from volwassenheid.core.invited import invited_key_problems
from volwassenheid.core.models import Engagement, QuestionSetRef, ScoringSettings, distinct_names, name_key
from volwassenheid.core.modules import with_checked_modules
from volwassenheid.core.questionset import QuestionSet, version_order
from volwassenheid.core.validation import key_path, printable, pydantic_problems
from volwassenheid.storage import traject_folder
from volwassenheid.storage.question_sets import find_question_set
from volwassenheid.storage.respondents import NAMES_DIR

ENGAGEMENT_FILE = traject_folder.ENGAGEMENT_FILE
DEFAULT_SET = "samenwerking"
DEFAULT_MEASUREMENT = "0-meting"


PRIVATE_FOLDERS = (traject_folder.INTERVIEW_DIR, NAMES_DIR)
"""The folders of a traject that hold only its own files: never a traject in them."""

Model = TypeVar("Model")


def refuse_existing(folder: Path) -> None:
    """A traject is never overwritten, nor made inside another traject's interviews/ or
    vertrouwelijk/ (that traject would no longer open): refused before anything is asked or written."""
    if os.path.lexists(Path(folder) / ENGAGEMENT_FILE):
        raise _exists(folder)
    absolute = Path(os.path.abspath(folder))
    for inner, outer in zip([absolute, *absolute.parents], absolute.parents, strict=False):
        if inner.name in PRIVATE_FOLDERS and os.path.lexists(outer / ENGAGEMENT_FILE):
            raise UserError(
                f"'{printable(str(folder))}' ligt in de map {inner.name}/ van het traject in '{printable(str(outer))}'; "
                f"daar horen alleen de bestanden van dat traject. Er is niets geschreven. Kies een map buiten {inner.name}/."
            )


def known_spelling(name: str, known: Iterable[str]) -> str:
    """`name` as the traject already spells it (the first of `known` that is the same name, as a
    survey groups names: case and spaces do not matter), else `name` itself."""
    spellings: dict[str, str] = {}
    for spelling in known:
        spellings.setdefault(name_key(spelling), spelling)
    return spellings.get(name_key(name), name)


def checked_input(build: Callable[[], Model], what: str) -> Model:
    """`build()`, with a refusal of the models turned into a Dutch UserError that names each argument."""
    try:
        return build()
    except ValidationError as error:
        lines = [f"{key_path(loc)}: {message}" for loc, message in pydantic_problems(error)]
        raise UserError(f"{what}: ongeldige invoer:", lines) from error


def _organisation_list(names: Iterable[str]) -> list[str]:
    """Each name once, without spaces around it; anything that is not text is left for the model to name."""
    given = [name.strip() if isinstance(name, str) else name for name in names]
    return distinct_names(given) if all(isinstance(name, str) for name in given) else given


def _check_invited(engagement: Engagement) -> None:
    """Every count names an organisation of the traject; stored as the traject spells it."""
    problems = invited_key_problems(engagement.uitgenodigd, engagement.organisaties, where="in organisaties")
    if problems:
        raise UserError("Nieuw traject: ongeldige invoer:", [f"uitgenodigd.{printable(key)}: {problem}" for key, problem in problems])
    engagement.uitgenodigd = {known_spelling(key, engagement.organisaties): count for key, count in engagement.uitgenodigd.items()}


def _exists(folder: Path) -> UserError:
    return UserError(f"In '{folder}' staat al een traject ({ENGAGEMENT_FILE}); er is niets overschreven. Kies een andere map.")


def create_traject(
    folder: Path,
    *,
    samenwerkingsverband: str,
    datum: dt.date,
    question_set: str | os.PathLike[str] = DEFAULT_SET,
    opdrachtgever: str | None = None,
    adviseur: str | None = None,
    meting: str = DEFAULT_MEASUREMENT,
    organisaties: Iterable[str] = (),
    doelfase: Mapping[str, int] | None = None,
    uitgenodigd: Mapping[str, int | Mapping[str, int]] | None = None,
    modules: Iterable[str] = (),
    vorige_meting: str | os.PathLike[str] | None = None,
    vorige_agenda: Iterable[Mapping[str, str]] = (),
    instellingen: ScoringSettings | None = None,
) -> tuple[Engagement, QuestionSet]:
    """Write traject.yaml in `folder` (made when missing), claimed exclusively.

    `question_set` is the id of a shipped set or a path; a file outside the folder is
    copied in, so the traject carries its own set. Everything is checked before
    anything is written; an existing traject is refused and left as it is."""
    folder = Path(folder)
    refuse_existing(folder)
    if isinstance(organisaties, (str, bytes)) or not isinstance(organisaties, Iterable):
        raise UserError(f"organisaties: geef een lijst van namen, geen losse tekst (gegeven: {organisaties!r}); bijv. ['Politie', 'Gemeente'].")
    if doelfase is not None and not isinstance(doelfase, Mapping):
        raise UserError(f"doelfase: geef een dict van dimensie naar fase, bijv. {{'tvb': 4}} (gegeven: {printable(repr(doelfase))}).")
    if isinstance(modules, (str, bytes)) or not isinstance(modules, Iterable):
        raise UserError(f"modules: geef een lijst van module-ids, geen losse tekst (gegeven: {printable(repr(modules))}); bijv. ['ondermijning'].")
    if uitgenodigd is not None and not isinstance(uitgenodigd, Mapping):
        raise UserError(f"uitgenodigd: geef een dict van organisatie naar aantal, bijv. {{'Politie': 40}} (gegeven: {printable(repr(uitgenodigd))}).")
    previous, previous_day = _previous_measurement(folder, vorige_meting, samenwerkingsverband) if vorige_meting is not None else (None, None)
    reference = os.fspath(question_set)
    complete = find_question_set(reference)
    chosen = list(dict.fromkeys(modules))
    found = with_checked_modules(complete, chosen, "Nieuw traject: modules")
    engagement = checked_input(
        lambda: Engagement(
            samenwerkingsverband=samenwerkingsverband,
            opdrachtgever=opdrachtgever or None,
            adviseur=adviseur or None,
            datum=datum,
            meting=meting or DEFAULT_MEASUREMENT,
            vragenlijst=QuestionSetRef(id=found.id, versie=found.versie),
            organisaties=_organisation_list(organisaties),
            modules=chosen,
            doelfase=dict(doelfase or {}),
            uitgenodigd=dict(uitgenodigd or {}),  # type: ignore[arg-type]  # the model checks each count
            vorige_meting=previous,
            vorige_agenda=list(vorige_agenda),  # type: ignore[arg-type]  # the model checks each review
            instellingen=instellingen or ScoringSettings(),
        ),
        "Nieuw traject",
    )
    _check_invited(engagement)
    if previous_day is not None and previous_day > engagement.datum:  # compared backwards, every rise would read as a fall
        raise UserError(
            f"De vorige meting in '{printable(os.fspath(vorige_meting or ''))}' is van {previous_day.isoformat()}, na de datum van deze "
            f"meting ({engagement.datum.isoformat()}); geef de datum van de vervolgmeting (bij 'nieuw': --datum JJJJ-MM-DD)."
        )
    try:
        traject_folder.check_ambition(engagement, found, folder / ENGAGEMENT_FILE)
    except UserError as error:  # traject.yaml is not written yet: name the argument, not the file
        raise UserError("Ongeldige doelfase:", error.details) from None
    engagement.doelfase = {d.id: engagement.doelfase[d.id] for d in found.dimensies if d.id in engagement.doelfase}
    try:
        (folder / traject_folder.INTERVIEW_DIR).mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise UserError(f"Kan map '{folder}' niet maken: {os_error_message(error)}") from error
    if Path(reference).is_file():  # a set from elsewhere is copied in: the traject carries its own set
        engagement.vragenlijst.pad = traject_folder.keep_set_in_traject(folder, Path(reference), complete)
    if not traject_folder.write_engagement(folder, engagement, new=True):
        raise _exists(folder)
    return engagement, found


def _previous_measurement(folder: Path, previous: str | os.PathLike[str], partnership: str) -> tuple[str, dt.date]:
    """The previous measurement's folder as written in traject.yaml (relative to `folder`), after
    checking that it is a traject of the same partnership and not `folder` itself; and its date."""
    earlier = Path(previous)
    if not os.path.lexists(earlier / ENGAGEMENT_FILE):
        raise UserError(f"'{printable(str(earlier))}' is geen traject ({ENGAGEMENT_FILE} ontbreekt): geef de map van de vorige meting.")
    if os.path.abspath(earlier) == os.path.abspath(folder):
        raise UserError("Een vervolgmeting komt in een eigen map, niet in die van de vorige meting.")
    engagement = traject_folder.read_engagement(earlier)
    if name_key(engagement.samenwerkingsverband) != name_key(partnership):
        raise UserError(
            f"De vorige meting in '{printable(str(earlier))}' is van '{printable(engagement.samenwerkingsverband)}', niet van '{printable(partnership)}'."
        )
    return Path(os.path.relpath(os.path.abspath(earlier), os.path.abspath(folder))).as_posix(), engagement.datum


@dataclass(frozen=True)
class FollowUp:
    """What a follow-up measurement takes over from the previous one (`nieuw --vervolg`)."""

    folder: Path
    samenwerkingsverband: str
    opdrachtgever: str | None
    adviseur: str | None
    organisaties: list[str]
    doelfase: dict[str, int]
    modules: list[str]
    question_set: str
    """The previous measurement's set: 'id@versie', or the path of the traject's own copy."""
    newer_version: str | None
    """'id@versie' of a newer shipped version of that set, when there is one."""
    meting: str
    """The next measurement's name: '1-meting' after '0-meting'."""
    instellingen: ScoringSettings
    """The previous scoring settings: the same ones keep the two comparable."""
    datum: dt.date
    """The previous measurement's date: the follow-up's is not earlier."""

    def date_problem(self, date: dt.date) -> str | None:
        """Why `date` cannot be the follow-up's, in Dutch; None when it can."""
        if date >= self.datum:
            return None
        return f"de vorige meting is van {self.datum.isoformat()}: een vervolgmeting kan niet eerder zijn"


def follow_up_of(previous: str | os.PathLike[str]) -> FollowUp:
    """The previous measurement's partnership, client, consultant, organisations, targets, modules and
    question set, for a follow-up; its interviews and invitation counts stay behind."""
    from volwassenheid.storage.question_sets import shipped_versions

    folder = Path(previous)
    if not os.path.lexists(folder / ENGAGEMENT_FILE):  # not the general advice to start a traject there
        raise UserError(f"'{printable(str(folder))}' is geen traject ({ENGAGEMENT_FILE} ontbreekt): geef de map van de vorige meting.")
    engagement = traject_folder.read_engagement(folder)
    ref = engagement.vragenlijst
    newer = None
    if ref.pad:
        reference = os.fspath(traject_folder.set_path_in_traject(folder, ref.pad))
    else:
        reference = f"{ref.id}@{ref.versie}"
        versions = [version for version, _ in shipped_versions(ref.id)]
        if versions and version_order(versions[-1]) > version_order(ref.versie):
            newer = f"{ref.id}@{versions[-1]}"
    number = re.fullmatch(r"(\d+)-meting", engagement.meting.strip())
    return FollowUp(
        folder=folder,
        samenwerkingsverband=engagement.samenwerkingsverband,
        opdrachtgever=engagement.opdrachtgever,
        adviseur=engagement.adviseur,
        organisaties=list(engagement.organisaties),
        doelfase=dict(engagement.doelfase),
        modules=list(engagement.modules),
        question_set=reference,
        newer_version=newer,
        meting=f"{int(number.group(1)) + 1}-meting" if number else "vervolgmeting",
        instellingen=engagement.instellingen,
        datum=engagement.datum,
    )
