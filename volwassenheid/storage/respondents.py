"""New respondent codes claimed on disk, and names kept apart from the answers."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from volwassenheid.core.errors import UserError, os_error_message
from volwassenheid.core.models import Interview
from volwassenheid.storage.atomic import write_text_atomic
from volwassenheid.storage.input_files import read_text
from volwassenheid.storage.traject_folder import INTERVIEW_DIR, claim_interview

# Names live here, one file per respondent, so two laptops merge without
# conflicts. Scores, exports and reports never read this folder.
NAMES_DIR = "vertrouwelijk"
DEFAULT_PREFIX = "R"


CLAIM_ATTEMPTS = 1000


def _numbers_taken(folder: Path, prefix: str) -> list[int]:
    pattern = re.compile(rf"^{re.escape(prefix)}(\d+)$", re.IGNORECASE)
    taken = [path.stem for path in (Path(folder) / INTERVIEW_DIR).glob("*.json")]
    taken += [path.stem for path in (Path(folder) / NAMES_DIR).glob("*.json")]
    return [int(m.group(1)) for m in map(pattern.match, taken) if m]


def next_code(folder: Path, prefix: str = DEFAULT_PREFIX) -> str:
    """The next free code with this prefix: R01, R02, ... (R100 after R99). Only a
    suggestion: `claim_new_interview` makes it one's own."""
    return f"{prefix}{max(_numbers_taken(folder, prefix), default=0) + 1:02d}"


def claim_new_interview(folder: Path, prefix: str, make: Callable[[str], Interview]) -> Interview:
    """Write a new interview under the next free code, claimed exclusively: when another
    process took that code a moment earlier, the next number is tried."""
    number = max(_numbers_taken(folder, prefix), default=0) + 1
    for _ in range(CLAIM_ATTEMPTS):
        code = f"{prefix}{number:02d}"
        number += 1
        if (Path(folder) / NAMES_DIR / f"{code}.json").exists():
            continue  # a private file without its interview: leave that code alone
        interview = make(code)
        if claim_interview(folder, interview):
            return interview
    raise UserError(f"{Path(folder) / INTERVIEW_DIR}: geen vrije respondentcode met voorvoegsel '{prefix}' gevonden.")


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


IMPORT_LOCK = ".importeer.lock"
"""In vertrouwelijk/: held by one import at a time, from its check for earlier imports to its last write."""

_lock_exclusively: Callable[[int], None] | None
try:
    import fcntl

    def _lock_exclusively(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX)

except ImportError:  # Windows: no flock
    _lock_exclusively = None


@contextmanager
def import_lock(folder: Path) -> Iterator[None]:
    """Exclusive while an import checks for earlier imports and writes its respondents: a second
    import waits, then sees the ids the first added. The operating system releases the lock when
    the process ends, however it ends; without flock an exclusively created file stands in."""
    directory = Path(folder) / NAMES_DIR
    path = directory / IMPORT_LOCK
    try:
        directory.mkdir(exist_ok=True)
        if _lock_exclusively is None:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        else:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
            try:
                _lock_exclusively(fd)  # waits while another import holds it
            except BaseException:
                os.close(fd)
                raise
    except FileExistsError as error:
        raise UserError(
            f"{path}: er loopt al een import in dit traject, of een eerdere import is afgebroken. Wacht tot die klaar is; "
            "loopt er geen import meer, verwijder dan dit bestand en importeer opnieuw. Er is niets ingelezen."
        ) from error
    except OSError as error:
        raise UserError(f"Kan '{path}' niet schrijven: {os_error_message(error)} Er is niets ingelezen.") from error
    try:
        yield
    finally:
        os.close(fd)  # releases the flock
        if _lock_exclusively is None:
            path.unlink(missing_ok=True)


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
