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


_FREE_SPACE = "maak ruimte vrij en probeer het opnieuw"
_CHECK_RIGHTS = "controleer de rechten op het bestand en de map"
_OS_PROBLEMS_BY_NAME = {
    # name: (what went wrong, what to do about it or None)
    "ENOSPC": ("de schijf is vol", _FREE_SPACE),
    "EDQUOT": ("uw schijfruimte (quotum) is op", _FREE_SPACE),
    "EACCES": ("geen toestemming", _CHECK_RIGHTS),
    "EPERM": ("geen toestemming", _CHECK_RIGHTS),
    "EROFS": ("de map is alleen-lezen (of de hele schijf)", "kies een plek waar geschreven mag worden"),
    "ENOENT": ("bestaat niet (of de map erboven bestaat niet)", None),
    "EISDIR": ("is een map, geen bestand", None),
    "ENOTDIR": ("een deel van het pad is geen map", None),
    "EEXIST": ("bestaat al", None),
    "ENOTEMPTY": ("de map is niet leeg", None),
    "ENAMETOOLONG": ("de naam of het pad is te lang", None),
    "ELOOP": ("te veel symbolische koppelingen achter elkaar (een kring?)", None),
    "EMFILE": ("te veel bestanden tegelijk open", None),
    "ENFILE": ("te veel bestanden tegelijk open op deze computer", None),
    "EIO": ("lees- of schrijffout van de schijf", None),
    "EBUSY": ("het bestand of de map is in gebruik", None),
    "ETXTBSY": ("het bestand is in gebruik", None),
    "EFBIG": ("het bestand wordt te groot", None),
    "EXDEV": ("kan niet tussen twee schijven verplaatst worden", None),
}
# Not every platform knows every name (Windows has no EDQUOT).
_OS_PROBLEMS = {getattr(errno, name): text for name, text in _OS_PROBLEMS_BY_NAME.items() if hasattr(errno, name)}


def os_error_reason(error: OSError) -> str:
    """What went wrong, in a few Dutch words, for inside a sentence ('Kan X niet schrijven: <reason>.').

    Based on the error number: Python's own text (`strerror`) is English.
    """
    known = _OS_PROBLEMS.get(error.errno)
    if known is not None:
        return known[0]
    code = errno.errorcode.get(error.errno, str(error.errno)) if error.errno is not None else "onbekend"
    return f"fout van het besturingssysteem ({code})"


def os_error_message(error: OSError, reading: bool = False) -> str:
    """What went wrong and what to do, in Dutch and without the file name (the caller names it)."""
    problem = os_error_reason(error)
    advice = _OS_PROBLEMS.get(error.errno, (None, None))[1]
    if advice:
        problem = f"{problem}; {advice}"
    if reading and error.errno not in (errno.ENOENT, errno.EISDIR, errno.ENOTDIR):
        problem = f"kan niet gelezen worden: {problem}"
    return f"{problem}."


def os_error_sentence(error: OSError) -> str:
    """The whole sentence for an OS error that reached the top: the file(s) it concerns and what went wrong."""
    names = [f"'{name}'" for name in (error.filename, error.filename2) if name is not None]
    subject = " en ".join(names) if names else "Een bestand of map"
    return f"{subject}: {os_error_message(error)}"
