"""Read and write a traject folder. Every problem names the file it is in."""

from __future__ import annotations

import errno
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import ValidationError

from volwassenheid.atomic import write_text_atomic
from volwassenheid.engagement import Engagement, Interview
from volwassenheid.errors import UserError
from volwassenheid.questionset import QuestionSet
from volwassenheid.questionset_loader import find_question_set
from volwassenheid.validation import key_path, pydantic_problems
from volwassenheid.yamlfile import read_text, read_yaml

ENGAGEMENT_FILE = "traject.yaml"
INTERVIEW_DIR = "interviews"


@dataclass
class LoadedEngagement:
    folder: Path
    engagement: Engagement
    question_set: QuestionSet
    interviews: list[Interview]


def load_engagement(folder: Path, question_set_override: str | None = None) -> LoadedEngagement:
    """Load traject.yaml, its question set and every interview; stop at the first bad file."""
    folder = Path(folder)
    if not folder.is_dir():
        raise UserError(f"Map '{folder}' bestaat niet.")
    engagement = read_engagement(folder)
    question_set = engagement_question_set(folder, engagement, question_set_override)
    interviews = [read_interview(path, question_set) for path in interview_paths(folder)]
    _check_unique_codes(interviews, folder)
    return LoadedEngagement(folder, engagement, question_set, interviews)


def read_engagement(folder: Path) -> Engagement:
    path = Path(folder) / ENGAGEMENT_FILE
    if not os.path.lexists(path):  # anything else there (a folder, a FIFO) is named by read_yaml
        raise UserError(f"'{folder}' is geen traject: {ENGAGEMENT_FILE} ontbreekt. Begin er een met 'volwassenheid nieuw {folder}'.")
    document = read_yaml(path)
    if not isinstance(document.data, dict):
        raise UserError(f"{path}: verwacht sleutels als samenwerkingsverband, datum, vragenlijst.")
    try:
        return Engagement.model_validate(document.data)
    except ValidationError as error:
        lines = []
        for loc, message in pydantic_problems(error):
            line = document.line_of(loc)
            lines.append(f"{'regel %d, ' % line if line else ''}{key_path(loc, document.data)}: {message}")
        raise UserError(f"{path}: ongeldig traject:", lines) from error


def engagement_question_set(folder: Path, engagement: Engagement, override: str | None = None) -> QuestionSet:
    """The set the traject names (or `override`), checked against the recorded id and version."""
    ref = engagement.vragenlijst
    question_set = find_question_set(override or ref.pad or ref.id, relative_to=Path(folder))
    if (question_set.id, question_set.versie) != (ref.id, ref.versie):
        raise UserError(
            f"{Path(folder) / ENGAGEMENT_FILE}: het traject is gemeten met vragenlijst '{ref.id}' versie {ref.versie}, "
            f"maar gevonden is '{question_set.id}' versie {question_set.versie}. "
            "Scores van verschillende versies zijn niet vergelijkbaar; geef de juiste lijst met --vragenlijst PAD."
        )
    check_ambition(engagement, question_set, Path(folder) / ENGAGEMENT_FILE)
    return question_set


def check_ambition(engagement: Engagement, question_set: QuestionSet, source: Path) -> None:
    dimension_ids = [d.id for d in question_set.dimensies]
    problems = []
    for dimension_id, phase in engagement.ambitie.items():
        if dimension_id not in dimension_ids:
            problems.append(f"ambitie.{dimension_id}: onbekende dimensie; bekend zijn: {', '.join(dimension_ids)}")
        elif phase > question_set.phase_count:
            problems.append(f"ambitie.{dimension_id}: fase {phase} bestaat niet; kies 1 t/m {question_set.phase_count}")
    if problems:
        raise UserError(f"{source}: ongeldige ambitie:", problems)


def interview_paths(folder: Path) -> list[Path]:
    """Every interview file: *.json in any case (R02.JSON from another system too), hidden files left out."""
    directory = Path(folder) / INTERVIEW_DIR
    if not os.path.lexists(directory):
        return []
    if not directory.is_dir():
        raise UserError(f"{directory}: is geen map; hier horen de interviewbestanden in te staan.")
    return sorted(p for p in directory.iterdir() if p.suffix.lower() == ".json" and not p.name.startswith("."))


def read_interview(path: Path, question_set: QuestionSet) -> Interview:
    """One interview file, checked against the set; a bad file stops the load with its name."""
    raw = parse_interview_json(read_text(path), path)
    try:
        interview = Interview.model_validate(raw)
    except ValidationError as error:
        lines = [f"{key_path(loc, raw)}: {message}" for loc, message in pydantic_problems(error)]
        raise UserError(f"{path}: geen geldig interviewbestand van volwassenheid:", lines) from error
    problems = interview_problems(interview, question_set)
    if problems:
        raise UserError(f"{path}: past niet bij de vragenlijst van dit traject:", problems)
    return interview


def parse_interview_json(text: str, path: Path) -> object:
    """The JSON of an interview file. Two equal keys are refused: JSON would keep only the last one."""
    try:
        return json.loads(text, object_pairs_hook=_refuse_duplicate_keys)
    except json.JSONDecodeError as error:
        raise UserError(
            f"{path}: beschadigd interviewbestand (geen geldige JSON, regel {error.lineno}, kolom {error.colno}). "
            "Herstel het bestand of haal het uit de map; er is niets overgeslagen."
        ) from error
    except _DuplicateKey as error:
        raise UserError(
            f"{path}: de sleutel '{error.key}' staat twee keer in hetzelfde object; welke geldt is niet te zeggen. "
            "Herstel het bestand; er is niets overgeslagen."
        ) from error
    except (ValueError, RecursionError) as error:  # a number of thousands of digits, nesting without end
        raise UserError(
            f"{path}: beschadigd interviewbestand (een getal of nesting die geen interview kan zijn). "
            "Herstel het bestand of haal het uit de map; er is niets overgeslagen."
        ) from error


class _DuplicateKey(ValueError):
    def __init__(self, key: str):
        super().__init__(key)
        self.key = key


def _refuse_duplicate_keys(pairs: list[tuple[str, object]]) -> dict:
    result: dict = {}
    for key, value in pairs:
        if key in result:
            raise _DuplicateKey(key)
        result[key] = value
    return result


def interview_problems(interview: Interview, question_set: QuestionSet) -> list[str]:
    problems = []
    ref = interview.vragenlijst
    if (ref.id, ref.versie) != (question_set.id, question_set.versie):
        problems.append(
            f"vragenlijst: afgenomen met '{ref.id}' versie {ref.versie}, het traject gebruikt '{question_set.id}' versie {question_set.versie}"
        )
    known = set(question_set.question_ids())
    for question_id, answer in interview.antwoorden.items():
        if question_id not in known:
            problems.append(f"antwoorden.{question_id}: onbekende vraag-id")
        elif isinstance(answer.waarde, int) and answer.waarde > question_set.phase_count:
            problems.append(f"antwoorden.{question_id}: fase {answer.waarde} bestaat niet (1 t/m {question_set.phase_count})")
    return problems


def _check_unique_codes(interviews: list[Interview], folder: Path) -> None:
    seen: set[str] = set()
    for interview in interviews:
        if interview.code in seen:
            raise UserError(f"{Path(folder) / INTERVIEW_DIR}: respondentcode '{interview.code}' komt in twee bestanden voor.")
        seen.add(interview.code)


def write_engagement(folder: Path, engagement: Engagement) -> Path:
    path = Path(folder) / ENGAGEMENT_FILE
    # Python mode keeps the date a date, so the YAML says 2026-10-12, not '2026-10-12'.
    data = engagement.model_dump(mode="python", exclude_none=True)
    write_text_atomic(path, yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    return path


def write_interview(folder: Path, interview: Interview) -> Path:
    directory = Path(folder) / INTERVIEW_DIR
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{interview.code}.json"
    text = json.dumps(interview.model_dump(mode="json", exclude_none=True), ensure_ascii=False, indent=2)
    write_text_atomic(path, text + "\n")
    return path


def claim_interview(folder: Path, interview: Interview) -> bool:
    """Create the interview file for a new code, only if no file has that code yet.

    The whole file is written beside it first and then hard-linked into place, which
    fails when the name exists: two processes can never both claim a code, and no
    reader ever sees a half-written file. Returns False when the code was taken."""
    directory = Path(folder) / INTERVIEW_DIR
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{interview.code}.json"
    data = (json.dumps(interview.model_dump(mode="json", exclude_none=True), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".claim", dir=directory)
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(fd, 0o666 & ~umask)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(tmp_name, path)
        except FileExistsError:
            return False
        except OSError as error:
            if error.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EMLINK):
                raise
            return _claim_without_links(path, data)
    finally:
        os.unlink(tmp_name)
    _fsync_directory(directory)
    return True


def _fsync_directory(directory: Path) -> None:
    """Make the new name durable (not possible on every platform)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _claim_without_links(path: Path, data: bytes) -> bool:
    """For file systems without hard links: create exclusively (O_EXCL), then write."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except FileExistsError:
        return False
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    return True
