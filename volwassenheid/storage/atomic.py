"""Atomic file writes: a killed process leaves the old file or the new one, never half."""

import contextlib
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

from volwassenheid.core.errors import UserError, os_error_message


def write_text_atomic(path: Path, text: str) -> None:
    write_bytes_atomic(path, text.encode("utf-8"))


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Write to a temporary file beside `path`, fsync it, then rename over `path`.

    An OSError names `path` (not the temporary file), so a message can say which file could not be written.
    """
    path = Path(path)
    try:
        _write_and_rename(path, data)
    except OSError as error:
        if error.filename == str(path) or error.errno is None:
            raise
        raise OSError(error.errno, error.strerror, str(path)) from error


def write_or_refuse(path: Path, data: str | bytes, shown: Path | None = None, *, untouched: Path | None = None) -> None:
    """Written atomically (text as UTF-8); an OS error is a Dutch UserError naming the file as the
    user knows it (`shown`, by default `path`) and, with `untouched`, the folder nothing was put in."""
    try:
        if isinstance(data, str):
            write_text_atomic(path, data)
        else:
            write_bytes_atomic(path, data)
    except OSError as error:
        raise not_written(shown or path, error, untouched) from error


def write_new_files(folder: Path, files: Mapping[str, str | bytes], shown: Path, *, untouched: Path) -> None:
    """Files in a folder nobody sees yet (a batch's staging folder, renamed into place as a whole
    once all is written): each created exclusively and synced, then the folder once. A temporary
    file and rename per file would protect nothing more. Errors as in `write_or_refuse`."""
    for name, data in files.items():
        try:
            write_new_file(folder / name, data.encode("utf-8") if isinstance(data, str) else data)
        except OSError as error:
            raise not_written(shown / name, error, untouched) from error
    fsync_directory(folder)


def not_written(shown: Path, error: OSError, untouched: Path | None) -> UserError:
    """The Dutch refusal naming the file as the user knows it and, with `untouched`, the folder nothing was put in."""
    nothing = f" Er is niets in {untouched} gezet." if untouched is not None else ""
    return UserError(f"Kan '{shown}' niet schrijven: {os_error_message(error)}{nothing}")


def write_new_file(path: Path, data: bytes) -> None:
    """A new file (never over an existing one: FileExistsError), synced to disk."""
    # O_BINARY: on Windows a descriptor is in text mode otherwise, and every newline written becomes CR LF
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def _write_and_rename(path: Path, data: bytes) -> None:
    mode = _mode_for(path)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, mode)  # mkstemp makes 0600; the file should look like any other
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)
        raise
    fsync_directory(path.parent)


def _mode_for(path: Path) -> int:
    """Keep an existing file's permissions; a new file gets the usual ones (umask applied)."""
    try:
        return path.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def fsync_directory(directory: Path) -> None:
    """Make a rename or a new name durable (not possible on every platform)."""
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
