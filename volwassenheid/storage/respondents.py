"""New respondent codes claimed on disk, and names kept apart from the answers."""

from __future__ import annotations

import errno
import json
import os
import re
import stat
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager, suppress
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


def claim_new_interview(folder: Path, prefix: str, make: Callable[[str], Interview], held: ExitStack | None = None) -> Interview:
    """Write a new interview under the next free code, claimed exclusively: when another
    process took that code a moment earlier, the next number is tried. With `held`, the
    interview's lock is taken before its file is claimed and kept open on that stack."""
    number = max(_numbers_taken(folder, prefix), default=0) + 1
    for _ in range(CLAIM_ATTEMPTS):
        code = f"{prefix}{number:02d}"
        number += 1
        if (Path(folder) / NAMES_DIR / f"{code}.json").exists():
            continue  # a private file without its interview: leave that code alone
        with ExitStack() as attempt:
            if held is not None:
                try:
                    attempt.enter_context(interview_lock(folder, code))
                except LockHeld:
                    continue  # someone is busy with this code
            interview = make(code)
            if claim_interview(folder, interview):
                if held is not None:
                    held.push(attempt.pop_all())
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


def interview_lock_path(folder: Path, code: str) -> Path:
    """In vertrouwelijk/, not interviews/: the traject loader refuses any other file there."""
    return Path(folder) / NAMES_DIR / f".interview-{code}.lock"


_lock_exclusively: Callable[[int, bool], None] | None
try:
    import fcntl

    def _lock_exclusively(fd: int, wait: bool) -> None:
        """Raises BlockingIOError when another holds it and we do not wait."""
        fcntl.flock(fd, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)

except ImportError:  # Windows: no flock
    _lock_exclusively = None


class LockHeld(Exception):
    """Another process or session holds this lock (without flock: its file exists)."""

    def __init__(self, path: Path) -> None:
        super().__init__(str(path))
        self.path = path
        self.may_be_stale = _lock_exclusively is None
        """Without flock a lock file left by a process that died stays until someone removes it."""


def _open_lock_file(path: Path) -> int:
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    if _lock_exclusively is None:
        flags |= os.O_EXCL
    fd = os.open(path, flags, 0o600)
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise OSError(errno.EINVAL, "geen gewoon bestand", str(path))
    return fd


@contextmanager
def exclusive_lock(path: Path, *, wait: bool) -> Iterator[None]:
    """Held by one process at a time until the block ends. With flock the operating system releases
    it when the process ends, however it ends; without flock an exclusively created file stands in.
    LockHeld when taken (without waiting); OSError when it cannot be made. A symbolic link or
    anything but a regular file at `path` is refused. The file is removed at the end, while still
    held; a process that locked the removed file sees that and takes the new one."""
    created_folder = not path.parent.exists()
    fd = _take(path, wait)
    try:
        yield
    finally:
        path.unlink(missing_ok=True)
        os.close(fd)  # releases the flock
        if created_folder:
            with suppress(OSError):
                path.parent.rmdir()  # only when empty: nothing else was written there


def _take(path: Path, wait: bool) -> int:
    while True:
        path.parent.mkdir(exist_ok=True)
        try:
            fd = _open_lock_file(path)
        except FileExistsError as error:  # only without flock
            raise LockHeld(path) from error
        except FileNotFoundError:
            continue  # its folder was removed meanwhile by the last holder
        except OSError as error:
            error.filename = error.filename or str(path)
            raise
        if _lock_exclusively is None:
            return fd
        try:
            _lock_exclusively(fd, wait)
        except BlockingIOError as error:
            os.close(fd)
            raise LockHeld(path) from error
        except BaseException:
            os.close(fd)
            raise
        if _is_file_at(fd, path):
            return fd
        os.close(fd)  # locked a file its holder had just removed


def _is_file_at(fd: int, path: Path) -> bool:
    try:
        current = os.stat(path, follow_symlinks=False)
    except FileNotFoundError:
        return False
    opened = os.fstat(fd)
    return (current.st_dev, current.st_ino) == (opened.st_dev, opened.st_ino)


@contextmanager
def interview_lock(folder: Path, code: str) -> Iterator[None]:
    """One session per interview: LockHeld at once when another process or session has it."""
    with exclusive_lock(interview_lock_path(folder, code), wait=False):
        yield


@contextmanager
def import_lock(folder: Path) -> Iterator[None]:
    """Exclusive while an import checks for earlier imports and writes its respondents: a second
    import waits, then sees the ids the first added."""
    path = Path(folder) / NAMES_DIR / IMPORT_LOCK
    held = ExitStack()
    try:
        held.enter_context(exclusive_lock(path, wait=True))
    except LockHeld as error:
        raise UserError(
            f"{path}: er loopt al een import in dit traject, of een eerdere import is afgebroken. Wacht tot die klaar is; "
            "loopt er geen import meer, verwijder dan dit bestand en importeer opnieuw. Er is niets ingelezen."
        ) from error
    except OSError as error:
        raise UserError(f"Kan '{error.filename or path}' niet schrijven: {os_error_message(error)} Er is niets ingelezen.") from error
    with held:
        yield


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
