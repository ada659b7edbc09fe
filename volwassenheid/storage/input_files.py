"""Read an input file safely: only a regular file, up to a size limit, as text in UTF-8 or with a byte-order mark.

A FIFO, a device (a symlink to /dev/zero) or a folder where a file is expected
is named, never waited on or read without end. Every refusal is a Dutch
UserError naming the file, in the caller's wording where it has its own.
"""

from __future__ import annotations

import codecs
import os
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from volwassenheid.core.errors import UserError, os_error_message

MEGABYTE = 1024 * 1024


MAX_TEXT_BYTES = MEGABYTE
"""An interview file or a file in vertrouwelijk/ (40 answers with a 1000-character remark each: about 80 kB)."""


BYTE_ORDER_MARKS = (  # UTF-32 first: its little-endian mark begins with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
"""The one table of byte-order marks, for every text file the program reads."""


def encoding_by_mark(data: bytes) -> str | None:
    """The encoding the byte-order mark at the start of `data` names, or None without one."""
    return next((encoding for mark, encoding in BYTE_ORDER_MARKS if data.startswith(mark)), None)


def read_text(path: Path, limit: int = MAX_TEXT_BYTES, wording: FileWording | None = None) -> str:
    """A UTF-8 text file (a byte-order mark is allowed), or UTF-16 or UTF-32 with a byte-order mark."""
    data = read_regular_file(path, limit, wording)
    try:
        encoding = encoding_by_mark(data)
        if encoding not in (None, "utf-8-sig"):
            return data.decode(encoding)
        if b"\x00" in data:  # never in UTF-8 text; every other byte in UTF-16, three of four in UTF-32
            raise UserError(
                f"{path}: geen UTF-8-tekst: het bestand bevat nul-bytes en lijkt UTF-16 of UTF-32 zonder "
                "byte-order mark. Sla het bestand op als UTF-8."
            )
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UserError(f"{path}: geen UTF-8-tekst (byte {error.start}); sla het bestand op als UTF-8.") from error


def _say_os_error(path: Path, error: OSError) -> str:
    return f"{path}: {os_error_message(error, reading=True)}"


def _say_not_regular(path: Path, mode: int) -> str:
    return f"{path}: {_not_regular(path, mode)}"


def _say_too_large(path: Path, size: int, limit: int) -> str:
    return f"{path}: het bestand is groter dan {limit // MEGABYTE} MB en wordt niet gelezen; is het wel het goede bestand?"


@dataclass(frozen=True)
class FileWording:
    """The Dutch sentences in which read_regular_file refuses a file; the defaults suit any input file.

    A caller with its own wording (the logo, a question set) passes its own. `size` in too_large
    is what the file holds (or, when it grew while being read, what was read)."""

    missing: Callable[[Path, OSError], str] = _say_os_error
    unreadable: Callable[[Path, OSError], str] = _say_os_error
    not_regular: Callable[[Path, int], str] = _say_not_regular
    too_large: Callable[[Path, int, int], str] = _say_too_large
    more_than_one_name: Callable[[Path], str] | None = None
    """Set, a file with more than one name (a hard link could bring in any file) is refused so."""


def read_regular_file(path: Path, limit: int, wording: FileWording | None = None) -> bytes:
    """The bytes of a regular file of at most `limit` bytes; anything else is a UserError naming it.

    The file is opened without blocking (a FIFO would otherwise wait for a
    writer forever) and checked with fstat on the open descriptor, so it cannot
    be swapped between the check and the read.
    """
    say = wording or FileWording()
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    try:
        _refuse_special(path, os.stat(path).st_mode, say)  # before opening: opening a device can itself do something
        fd = os.open(path, flags)
    except OSError as error:
        raise UserError(_os_refusal(path, error, say)) from error
    try:
        info = os.fstat(fd)
        _refuse_special(path, info.st_mode, say)  # again on what was opened: it may have been swapped meanwhile
        if info.st_size > limit:
            raise UserError(say.too_large(path, info.st_size, limit))
        if say.more_than_one_name is not None and info.st_nlink > 1:
            raise UserError(say.more_than_one_name(path))
        chunks = []
        size = 0
        while size <= limit:
            chunk = os.read(fd, limit + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:  # it grew while we read
            raise UserError(say.too_large(path, size, limit))
        return b"".join(chunks)
    except OSError as error:
        raise UserError(_os_refusal(path, error, say)) from error
    finally:
        os.close(fd)


def _os_refusal(path: Path, error: OSError, say: FileWording) -> str:
    return say.missing(path, error) if isinstance(error, FileNotFoundError) else say.unreadable(path, error)


def _refuse_special(path: Path, mode: int, say: FileWording) -> None:
    if not stat.S_ISREG(mode):
        raise UserError(say.not_regular(path, mode))


def _not_regular(path: Path, mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "is een map, geen bestand."
    kind = {
        stat.S_ISFIFO(mode): "een named pipe (FIFO)",
        stat.S_ISCHR(mode): "een apparaat (zoals /dev/zero)",
        stat.S_ISBLK(mode): "een apparaat (schijf)",
        stat.S_ISSOCK(mode): "een socket",
    }.get(True, "een speciaal bestand")
    via = " via een symbolische koppeling" if Path(path).is_symlink() else ""
    return f"is geen gewoon bestand maar {kind}{via}; alleen gewone bestanden worden gelezen. Haal het uit de map."
