"""Respondent codes, progress, and names kept apart from the answers."""

from __future__ import annotations

import json
import re
from pathlib import Path

from volwassenheid.atomic import write_text_atomic
from volwassenheid.engagement import Interview
from volwassenheid.engagement_store import INTERVIEW_DIR
from volwassenheid.errors import UserError
from volwassenheid.questionset import QuestionSet
from volwassenheid.yamlfile import read_text

# Names live here, one file per respondent, so two laptops merge without
# conflicts. Scores, exports and reports never read this folder.
NAMES_DIR = "vertrouwelijk"
DEFAULT_PREFIX = "R"


def next_code(folder: Path, prefix: str = DEFAULT_PREFIX) -> str:
    """The next free code with this prefix: R01, R02, ... (R100 after R99)."""
    pattern = re.compile(rf"^{re.escape(prefix)}(\d+)$")
    taken = [path.stem for path in (Path(folder) / INTERVIEW_DIR).glob("*.json")]
    taken += [path.stem for path in (Path(folder) / NAMES_DIR).glob("*.json")]
    numbers = [int(m.group(1)) for m in map(pattern.match, taken) if m]
    return f"{prefix}{max(numbers, default=0) + 1:02d}"


SOURCE_IDS = NAMES_DIR
"""Survey respondent ids (often an e-mail or a name) are kept in the same private folder."""


def save_name(folder: Path, code: str, name: str) -> Path:
    return _save_private(folder, code, {"code": code, "naam": name})


def save_source_id(folder: Path, code: str, source_id: str) -> Path:
    return _save_private(folder, code, {"code": code, "bron_id": source_id})


def _save_private(folder: Path, code: str, data: dict) -> Path:
    directory = Path(folder) / NAMES_DIR
    directory.mkdir(exist_ok=True)
    path = directory / f"{code}.json"
    write_text_atomic(path, json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    return path


def imported_ids(folder: Path) -> dict[str, str]:
    """Survey ids imported before, with the code each got."""
    found = {}
    for path in sorted((Path(folder) / NAMES_DIR).glob("*.json")):
        try:
            data = json.loads(read_text(path))  # a regular file within the size limit, or a UserError naming it
        except (json.JSONDecodeError, RecursionError, ValueError) as error:
            # Skipping it would import the person it names a second time.
            raise UserError(
                f"{path}: beschadigd bestand (geen geldige JSON); welke enquête-id hier al is ingelezen, is niet te "
                "zeggen. Herstel het bestand; er is niets ingelezen."
            ) from error
        if isinstance(data, dict) and isinstance(data.get("bron_id"), str):
            found[data["bron_id"]] = data.get("code", path.stem)
    return found


def answered_count(interview: Interview, question_set: QuestionSet) -> int:
    """Questions with any answer (a phase, weet niet or n.v.t.)."""
    known = set(question_set.question_ids())
    return sum(1 for question_id in interview.antwoorden if question_id in known)


def first_unanswered(interview: Interview, question_set: QuestionSet) -> int | None:
    for index, question in enumerate(question_set.vragen):
        if question.id not in interview.antwoorden:
            return index
    return None
