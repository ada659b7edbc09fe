"""A new traject folder: traject.yaml and, for a set from elsewhere, its own copy of the question set.

What `volwassenheid nieuw` does once everything is asked; `Traject.create` in the Python API.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Mapping
from pathlib import Path

from volwassenheid.core.errors import UserError, os_error_message
from volwassenheid.core.models import Engagement, QuestionSetRef, distinct_names
from volwassenheid.core.questionset import QuestionSet
from volwassenheid.storage import traject_folder
from volwassenheid.storage.question_sets import find_question_set

ENGAGEMENT_FILE = traject_folder.ENGAGEMENT_FILE
DEFAULT_SET = "samenwerking"
DEFAULT_MEASUREMENT = "0-meting"


def refuse_existing(folder: Path) -> None:
    """A traject is never overwritten: refused before anything is asked or written."""
    if os.path.lexists(Path(folder) / ENGAGEMENT_FILE):
        raise _exists(folder)


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
    ambitie: Mapping[str, int] | None = None,
) -> tuple[Engagement, QuestionSet]:
    """Write traject.yaml in `folder` (made when missing), claimed exclusively.

    `question_set` is the id of a shipped set or a path; a file outside the folder is
    copied in, so the traject carries its own set. Everything is checked before
    anything is written; an existing traject is refused and left as it is."""
    folder = Path(folder)
    refuse_existing(folder)
    reference = os.fspath(question_set)
    found = find_question_set(reference)
    engagement = Engagement(
        samenwerkingsverband=samenwerkingsverband,
        opdrachtgever=opdrachtgever or None,
        adviseur=adviseur or None,
        datum=datum,
        meting=meting or DEFAULT_MEASUREMENT,
        vragenlijst=QuestionSetRef(id=found.id, versie=found.versie),
        organisaties=distinct_names(organisaties),
        ambitie=dict(ambitie or {}),
    )
    traject_folder.check_ambition(engagement, found, folder / ENGAGEMENT_FILE)
    engagement.ambitie = {d.id: engagement.ambitie[d.id] for d in found.dimensies if d.id in engagement.ambitie}
    try:
        (folder / traject_folder.INTERVIEW_DIR).mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise UserError(f"Kan map '{folder}' niet maken: {os_error_message(error)}") from error
    if Path(reference).is_file():  # a set from elsewhere is copied in: the traject carries its own set
        engagement.vragenlijst.pad = traject_folder.keep_set_in_traject(folder, Path(reference), found)
    if not traject_folder.write_engagement(folder, engagement, new=True):
        raise _exists(folder)
    return engagement, found
