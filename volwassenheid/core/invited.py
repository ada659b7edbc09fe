"""The people invited per organisation (`uitgenodigd`): typed as ORG=N or at a prompt, checked
against the traject's organisations. Organisations compare by name_key."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from volwassenheid.core.key_value_pairs import parse_pairs
from volwassenheid.core.models import MAX_INVITED, name_key
from volwassenheid.core.validation import printable


def count_problem(text: str) -> str | None:
    """Why a typed number of invited people is refused (in Dutch), or None when it is a whole number 1..MAX_INVITED."""
    typed = text.strip()
    if not (typed.isascii() and typed.isdigit()) or not 1 <= int(typed) <= MAX_INVITED:
        return f"geef het aantal als geheel getal van 1 t/m {MAX_INVITED}, zonder punt of komma"
    return None


def parse_invited_pairs(pairs: Iterable[str], organisations: Sequence[str] | None) -> dict[str, int]:
    """{'Politie': 40, ...} from ['Politie=40', ...], named as `organisations` spells them; every bad pair is reported at once.
    With `organisations` None (not known yet), only the form and the counts are checked."""

    def read(name: str, value: str) -> tuple[str, int] | str:
        known = name if organisations is None else traject_spelling(name, organisations)
        if known is None:
            return unknown_organisation(organisations or [], "met --organisatie")
        return count_problem(value) or (known, int(value))

    return parse_pairs(pairs, "--uitgenodigd", "schrijf ORGANISATIE=AANTAL, bijvoorbeeld Politie=40", read)


def traject_spelling(name: str, organisations: Sequence[str]) -> str | None:
    """`name` as `organisations` spells it, or None when it is not one of them."""
    return next((known for known in organisations if name_key(known) == name_key(name)), None)


def unknown_organisation(organisations: Sequence[str], where: str = "onder 'organisaties'") -> str:
    """The Dutch reason an invited count names no organisation of the traject; `where` says where organisations are named."""
    if not organisations:
        return f"onbekende organisatie; het traject noemt nog geen organisaties (noem ze {where})"
    return f"onbekende organisatie; de organisaties van dit traject zijn: {printable(', '.join(organisations))}"


def invited_key_problems(invited: Iterable[str], organisations: Sequence[str], where: str = "onder 'organisaties'") -> list[tuple[str, str]]:
    """(key, Dutch reason) for every key of `uitgenodigd` that is not one of `organisations`,
    or a second spelling of one already counted (its respondents would be counted twice)."""
    problems = []
    first_spelling: dict[str, str] = {}
    for key in invited:
        first = first_spelling.setdefault(name_key(key), key)
        if traject_spelling(key, organisations) is None:
            problems.append((key, unknown_organisation(organisations, where)))
        elif first != key:
            problems.append((key, f"dezelfde organisatie als '{printable(first)}'; noem elke organisatie één keer"))
    return problems
