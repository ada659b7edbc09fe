"""The one exception type that carries a Dutch message for the user, and OS errors in Dutch."""

from __future__ import annotations

import errno


class UserError(Exception):
    """Bad input or a refused action; the CLI prints the message and exits 1."""

    def __init__(self, message: str, details: list[str] | None = None):
        super().__init__(message)
        self.message = message
        self.details = details or []

    def __str__(self) -> str:
        return "\n".join([self.message, *(f"  - {d}" for d in self.details)])


_OS_PROBLEMS_BY_NAME = {
    "ENOSPC": "de schijf is vol; maak ruimte vrij en probeer het opnieuw",
    "EDQUOT": "uw schijfruimte (quotum) is op; maak ruimte vrij en probeer het opnieuw",
    "EACCES": "geen toestemming; controleer de rechten op het bestand en de map",
    "EPERM": "geen toestemming; controleer de rechten op het bestand en de map",
    "EROFS": "de schijf of map is alleen-lezen; kies een plek waar geschreven mag worden",
    "ENOENT": "bestaat niet (of de map erboven bestaat niet)",
    "EISDIR": "is een map, geen bestand",
    "ENOTDIR": "een deel van het pad is geen map",
    "EEXIST": "bestaat al",
    "ENOTEMPTY": "de map is niet leeg",
    "ENAMETOOLONG": "de naam of het pad is te lang",
    "ELOOP": "te veel symbolische koppelingen achter elkaar (een kring?)",
    "EMFILE": "te veel bestanden tegelijk open",
    "ENFILE": "te veel bestanden tegelijk open op deze computer",
    "EIO": "lees- of schrijffout van de schijf",
    "EBUSY": "het bestand of de map is in gebruik",
    "ETXTBSY": "het bestand is in gebruik",
    "EFBIG": "het bestand wordt te groot",
    "EXDEV": "kan niet tussen twee schijven verplaatst worden",
}
# Not every platform knows every name (Windows has no EDQUOT).
_OS_PROBLEMS = {getattr(errno, name): text for name, text in _OS_PROBLEMS_BY_NAME.items() if hasattr(errno, name)}


def os_error_message(error: OSError, reading: bool = False) -> str:
    """What went wrong, in Dutch and without the file name (the caller names it).

    Based on the error number: Python's own text (`strerror`) is English.
    """
    problem = _OS_PROBLEMS.get(error.errno)
    if problem is None:
        code = errno.errorcode.get(error.errno, str(error.errno)) if error.errno is not None else "onbekend"
        problem = f"fout van het besturingssysteem ({code})"
    if reading and error.errno not in (errno.ENOENT, errno.EISDIR, errno.ENOTDIR):
        problem = f"kan niet gelezen worden: {problem}"
    return f"{problem}."


def os_error_sentence(error: OSError) -> str:
    """The whole sentence for an OS error that reached the top: the file(s) it concerns and what went wrong."""
    names = [f"'{name}'" for name in (error.filename, error.filename2) if name is not None]
    subject = " en ".join(names) if names else "Een bestand of map"
    return f"{subject}: {os_error_message(error)}"
