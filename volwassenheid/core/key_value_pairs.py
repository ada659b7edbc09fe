"""Command-line pairs KEY=NUMBER (--doelfase tvb=4, --uitgenodigd Politie=40), every bad one reported at once. Pure."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from volwassenheid.core.errors import UserError
from volwassenheid.core.validation import printable

Read = Callable[[str, str], "tuple[str, int] | str"]
"""(key, value as typed, both stripped) -> (the key as known, the number), or why the pair is refused."""


def parse_pairs(pairs: Iterable[str], option: str, form: str, read: Read, given: Callable[[int], str] = str) -> dict[str, int]:
    """{key: number} in the order given. `form` says how to write a pair, `given` how an earlier number
    for the same key is named when a pair contradicts it. The key is what precedes the last '='."""
    found: dict[str, int] = {}
    problems = []
    for pair in pairs:
        key, separator, value = pair.rpartition("=")
        key, value = key.strip(), value.strip()
        read_as = read(key, value) if separator and key and value else form
        if isinstance(read_as, str):
            # control characters written out: the pair (and a key quoted in the reason) reaches the terminal
            problems.append(printable(f"'{pair}': {read_as}"))
            continue
        known, number = read_as
        if known in found and found[known] != number:
            problems.append(printable(f"'{pair}': voor '{known}' is al {given(found[known])} opgegeven"))
        else:
            found[known] = number
    if problems:
        raise UserError(f"Ongeldige {option}:", problems)
    return found
