"""Read and write a traject folder. Every problem names the file it is in.

The question set of a traject is a shipped set (by id) or a file inside the
traject folder (`vragenlijst.pad`, relative, no `..` or symlink out of it), the
rule `erft_van` also follows: a traject carries its own set, and reads nothing
from elsewhere. A file there that is not a question set is called so, without
echoing anything from it.
"""

from __future__ import annotations

import errno
import functools
import json
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import ValidationError

from volwassenheid.core.errors import UserError
from volwassenheid.core.invited import invited_key_problems
from volwassenheid.core.models import OLD_TARGET_KEY, Engagement, Interview, repeated_name_problems
from volwassenheid.core.modules import left_out_note, with_checked_modules
from volwassenheid.core.questionset import ID_PATTERN, QuestionSet
from volwassenheid.core.validation import key_path, printable, pydantic_problems
from volwassenheid.storage.atomic import (
    fsync_directory,
    write_bytes_atomic,
    write_new_file,
    write_text_atomic,
)
from volwassenheid.storage.input_files import read_regular_file, read_text
from volwassenheid.storage.question_sets import (
    MAX_SET_BYTES,
    NOT_A_SET,
    find_question_set,
    load_question_set,
    looks_like_a_set,
    read_set_file,
    set_file_inside,
    shipped_path,
    split_reference,
)
from volwassenheid.storage.yamlfile import located_problems, read_yaml

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
    old_key = OLD_TARGET_KEY in document.data and "doelfase" not in document.data
    try:
        engagement = Engagement.model_validate(document.data)
    except ValidationError as error:
        problems = pydantic_problems(error)
        if old_key:  # name the key as the file writes it
            problems = [((OLD_TARGET_KEY, *loc[1:]) if loc[:1] == ("doelfase",) else loc, message) for loc, message in problems]
        raise _located_error(path, document, problems) from error
    repeated = [(("organisaties",), problem) for problem in repeated_name_problems(engagement.organisaties)]
    if repeated:
        raise _located_error(path, document, repeated)
    invited = [(("uitgenodigd", key), problem) for key, problem in invited_key_problems(engagement.uitgenodigd, engagement.organisaties)]
    if invited:
        raise _located_error(path, document, invited)
    return engagement


def _located_error(path: Path, document, problems: list[tuple[tuple, str]]) -> UserError:
    return UserError(f"{path}: ongeldig traject:", located_problems(document, problems))


def engagement_question_set(folder: Path, engagement: Engagement, override: str | None = None) -> QuestionSet:
    """The set the traject names (or `override`), checked against the recorded id and version."""
    ref = engagement.vragenlijst
    if override:
        question_set = find_question_set(override, relative_to=Path(folder))  # the user's own choice on the command line
    elif ref.pad:
        question_set = load_set_in_traject(Path(folder), ref.pad)
    else:
        question_set = _shipped_set(_shipped_set_of(folder, ref.id, ref.versie))
    if (question_set.id, question_set.versie) != (ref.id, ref.versie):
        raise UserError(
            f"{Path(folder) / ENGAGEMENT_FILE}: het traject is gemeten met vragenlijst '{ref.id}' versie {ref.versie}, "
            f"maar gevonden is '{question_set.id}' versie {question_set.versie}. "
            "Scores van verschillende versies zijn niet vergelijkbaar; geef de juiste lijst met --vragenlijst PAD."
        )
    question_set = with_checked_modules(question_set, engagement.modules, f"{Path(folder) / ENGAGEMENT_FILE}: modules")
    check_ambition(engagement, question_set, Path(folder) / ENGAGEMENT_FILE)
    return question_set


def _shipped_set(path: Path) -> QuestionSet:
    """A shipped set, read once per process and file version: a follow-up measurement, its previous
    one and the one before that mostly share it (the set is frozen, so one copy serves them all)."""
    status = path.stat()
    return _read_shipped_set(path, status.st_mtime_ns, status.st_size)


@functools.lru_cache(maxsize=8)
def _read_shipped_set(path: Path, modified: int, size: int) -> QuestionSet:
    return load_question_set(path)


def _shipped_set_of(folder: Path, set_id: str, version: str) -> Path:
    try:
        return shipped_path(set_id, version)
    except UserError as error:
        raise UserError(
            f"{Path(folder) / ENGAGEMENT_FILE}: het traject is gemeten met vragenlijst '{set_id}' versie {version}. {error.message}"
        ) from error


def load_set_in_traject(folder: Path, pad: str) -> QuestionSet:
    """The set at `vragenlijst.pad`: a file inside the traject folder that looks like a question set."""
    path = set_path_in_traject(folder, pad)
    if not looks_like_a_set(read_set_file(path, is_base=True).data, strict=True):
        raise UserError(f"{folder / ENGAGEMENT_FILE}: vragenlijst.pad '{printable(pad)}' is {NOT_A_SET}.")
    return load_question_set(path)


def set_path_in_traject(folder: Path, pad: str) -> Path:
    """The resolved file `pad` names; refused when absolute, not YAML, or (via .. or a symlink) outside `folder`."""
    return set_file_inside(
        folder,
        pad,
        f"{folder / ENGAGEMENT_FILE}: vragenlijst.pad '{printable(pad)}'",
        absolute="geef een pad relatief aan de trajectmap, naar een bestand in die map.",
        outside=(
            "ligt buiten de trajectmap {folder} (via .. of een koppeling). Een traject draagt zijn eigen "
            "vragenlijst: zet het bestand in de trajectmap, of noem een meegeleverde lijst alleen bij id."
        ),
    )


def keep_set_in_traject(folder: Path, source: Path, question_set: QuestionSet) -> str:
    """The `pad` for a set file given by the user: the file itself when it lies in the traject folder,
    else a copy placed there. A set inheriting from a file (`erft_van: pad`) is copied whole, with
    what it inherits, so the copy stands on its own."""
    root = Path(folder).resolve()
    source = Path(source).resolve()
    is_yaml = source.suffix.lower() in (".yaml", ".yml")
    if source.is_relative_to(root) and is_yaml:
        return source.relative_to(root).as_posix()
    if question_set.erft_van and not re.fullmatch(ID_PATTERN, split_reference(question_set.erft_van)[0]):
        data = question_set.model_dump(mode="json", exclude_none=True, exclude={"erft_van"})
        content = yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode("utf-8")
    else:
        content = read_regular_file(source, MAX_SET_BYTES)
    target = _free_name(root, source.name if is_yaml else f"{source.stem}.yaml", content)
    write_bytes_atomic(target, content)
    return target.name


def _free_name(folder: Path, name: str, content: bytes) -> Path:
    """`name` in `folder`, or name-2.yaml, ... when another file of that name is already there."""
    stem, suffix = Path(name).stem, Path(name).suffix
    for number in range(1, 1000):
        candidate = folder / (name if number == 1 else f"{stem}-{number}{suffix}")
        if not os.path.lexists(candidate) or (candidate.is_file() and candidate.read_bytes() == content):
            return candidate
    raise UserError(f"{folder}: geen vrije bestandsnaam voor de vragenlijst {name}.")


def _target_key(source: Path) -> str:
    """The key traject.yaml gives the target level under, for messages: `doelfase`, or the old `ambitie`."""
    try:
        data = read_yaml(source).data if source.is_file() else None
    except UserError:
        data = None
    return OLD_TARGET_KEY if isinstance(data, dict) and OLD_TARGET_KEY in data and "doelfase" not in data else "doelfase"


def check_ambition(engagement: Engagement, question_set: QuestionSet, source: Path) -> None:
    dimension_ids = [d.id for d in question_set.dimensies]
    problems = []
    key = _target_key(source)
    for dimension_id, phase in engagement.doelfase.items():
        if dimension_id not in dimension_ids:
            problems.append(
                f"{key}.{printable(dimension_id)}: onbekende dimensie{left_out_note(question_set, dimension_id)}; bekend zijn: {', '.join(dimension_ids)}"
            )
        elif phase > question_set.phase_count:
            problems.append(f"{key}.{dimension_id}: fase {phase} bestaat niet; kies 1 t/m {question_set.phase_count}")
    if problems:
        raise UserError(f"{source}: ongeldige {key}:", problems)


def interview_paths(folder: Path) -> list[Path]:
    """Every interview file: *.json in any case (R02.JSON from another system too).

    Anything else is named, never skipped in silence (`R09.json.txt`, `R10.jsn`, a subfolder),
    except what no one put there on purpose: hidden files (.DS_Store, .R01.json.swp) and
    editor or Office leftovers (`R01.json~`, `#R01.json#`, `~$lijst.xlsx`).
    """
    directory = Path(folder) / INTERVIEW_DIR
    if not os.path.lexists(directory):
        return []
    if not directory.is_dir():
        raise UserError(f"{directory}: is geen map; hier horen de interviewbestanden in te staan.")
    entries = [p for p in directory.iterdir() if not _is_leftover(p.name)]
    others = sorted(p.name + ("/" if p.is_dir() else "") for p in entries if p.suffix.lower() != ".json")
    if others:
        raise UserError(
            f"{directory}: hier horen alleen interviewbestanden (CODE.json) te staan, maar er staat ook iets anders; "
            "niets wordt stilzwijgend overgeslagen. Hernoem een interview naar CODE.json, of haal het uit de map:",
            [printable(name) for name in others],
        )
    return sorted(p for p in entries if p.suffix.lower() == ".json")


def _is_leftover(name: str) -> bool:
    """A hidden file, or a temporary file of an editor or Office, in a folder of interviews."""
    return name.startswith((".", "~$")) or name.endswith("~") or (name.startswith("#") and name.endswith("#"))


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
            f"{path}: de sleutel '{printable(error.key)}' staat twee keer in hetzelfde object; welke geldt is niet te zeggen. "
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
            problems.append(f"antwoorden.{printable(question_id)}: onbekende vraag-id{left_out_note(question_set, question_id)}")
        elif isinstance(answer.waarde, int) and answer.waarde > question_set.phase_count:
            problems.append(f"antwoorden.{question_id}: fase {answer.waarde} bestaat niet (1 t/m {question_set.phase_count})")
    return problems


def _check_unique_codes(interviews: list[Interview], folder: Path) -> None:
    seen: set[str] = set()
    for interview in interviews:
        if interview.code in seen:
            raise UserError(f"{Path(folder) / INTERVIEW_DIR}: respondentcode '{interview.code}' komt in twee bestanden voor.")
        seen.add(interview.code)


def write_engagement(folder: Path, engagement: Engagement, *, new: bool = False) -> bool:
    """Write traject.yaml atomically. With `new`, only when there is no traject.yaml yet (claimed
    exclusively, so two processes never both start a traject there); returns False when there was one."""
    path = Path(folder) / ENGAGEMENT_FILE
    # Python mode keeps the date a date, so the YAML says 2026-10-12, not '2026-10-12'.
    data = engagement.model_dump(mode="python", exclude_none=True)
    if not data["modules"]:
        del data["modules"]  # a traject of a set without modules says nothing about them
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    if new:
        return claim_file(path, text.encode("utf-8"))
    write_text_atomic(path, text)
    return True


def write_interview(folder: Path, interview: Interview) -> Path:
    directory = Path(folder) / INTERVIEW_DIR
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{interview.code}.json"
    text = json.dumps(interview.model_dump(mode="json", exclude_none=True), ensure_ascii=False, indent=2)
    write_text_atomic(path, text + "\n")
    return path


def claim_interview(folder: Path, interview: Interview) -> bool:
    """Create the interview file for a new code, only if no file has that code yet.
    Returns False when the code was taken."""
    directory = Path(folder) / INTERVIEW_DIR
    directory.mkdir(parents=True, exist_ok=True)
    data = json.dumps(interview.model_dump(mode="json", exclude_none=True), ensure_ascii=False, indent=2) + "\n"
    return claim_file(directory / f"{interview.code}.json", data.encode("utf-8"))


def claim_file(path: Path, data: bytes) -> bool:
    """Create `path` with `data`, only if nothing has that name yet; False when something had.

    The whole file is written beside it first and then hard-linked into place, which
    fails when the name exists: two processes can never both claim a name, and no
    reader ever sees a half-written file. An OSError names `path`, not the file beside it."""
    try:
        return _claim(path, data)
    except OSError as error:
        if error.filename == str(path) or error.errno is None:
            raise
        raise OSError(error.errno, error.strerror, str(path)) from error


def _claim(path: Path, data: bytes) -> bool:
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".claim", dir=path.parent)
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
    fsync_directory(path.parent)
    return True


def _claim_without_links(path: Path, data: bytes) -> bool:
    """For file systems without hard links: create exclusively (O_EXCL), then write."""
    try:
        write_new_file(path, data)
    except FileExistsError:
        return False
    return True
