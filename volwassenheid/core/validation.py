"""Pydantic validation errors as Dutch sentences with a readable key path."""

from __future__ import annotations

import unicodedata

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from volwassenheid.core.dutch import plural

_BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
"""Invisible marks that reorder the text around them on screen."""


def is_control(character: str) -> bool:
    """A character that steers a terminal or the reading order instead of showing: ESC, BEL, NUL, DEL, C1, bidi marks."""
    return unicodedata.category(character) == "Cc" or character in _BIDI_CONTROLS


def control_characters(text: str, allowed: str = "") -> list[str]:
    """The distinct control characters in `text` (not counting `allowed`), in order of appearance."""
    return list(dict.fromkeys(ch for ch in text if is_control(ch) and ch not in allowed))


def escaped(character: str) -> str:
    """'\\x1b' for ESC: how a control character is shown in a message."""
    code = ord(character)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str, keep: str = "") -> str:
    """`text` with every control character (except those in `keep`) written out as \\x1b,
    so a message about a file cannot clear the screen or plant a link."""
    if not control_characters(text, keep):
        return text
    return "".join(escaped(ch) if is_control(ch) and ch not in keep else ch for ch in text)


def key_path(loc: tuple, data: object = None) -> str:
    """('vragen', 3, 'opties', 2) -> "vragen[3] (id 'amb4').opties[2]"; control characters escaped."""
    text = ""
    node = data
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
            node = node[part] if isinstance(node, list) and 0 <= part < len(node) else None
            if isinstance(node, dict) and isinstance(node.get("id"), str):
                text += f" (id '{printable(node['id'])}')"
        else:
            text += f".{printable(str(part))}" if text else printable(str(part))
            node = node.get(part) if isinstance(node, dict) else None
    return text or "(bovenste niveau)"


def pydantic_problems(error: ValidationError) -> list[tuple[tuple, str]]:
    """Each error as (location, Dutch message); tagged-union noise left out of the path."""
    problems = []
    for detail in error.errors(include_url=False):
        loc = tuple(part for part in detail["loc"] if not _is_union_tag(part, detail) and part != _DICT_KEY)
        problems.append((loc, dutch_message(detail)))
    return problems


_DICT_KEY = "[key]"
"""Pydantic's marker after a dict key that is itself refused; the key is already in the path."""


def _is_union_tag(part: object, detail: ErrorDetails) -> bool:
    # Discriminated unions add the tag ("score", "verschil", ...) to the location.
    return isinstance(part, str) and detail["type"] != "missing" and part in _UNION_TAGS


_UNION_TAGS = {
    "score",
    "verschil",
    "spreiding",
    "overeenstemming",
    "niveauverschil",
    "organisatieverschil",
    "aantal_kloven",
    "int",
    "per_niveau",
    "str",
    "literal['weet_niet','nvt']",
}


PATTERN_MESSAGES = {
    r"^[A-Za-z][A-Za-z0-9_]*$": "moet een id zijn: beginnen met een letter en verder alleen letters, cijfers en _",
    r"^#(?:[0-9a-fA-F]{3}){1,2}$": 'moet een kleur zijn als #rrggbb of #rgb, bijv. "#2e7d32" (met aanhalingstekens in YAML)',
    r"^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$": (
        "moet een respondentcode zijn: beginnen met een letter of cijfer, verder alleen letters, cijfers, - en _, hoogstens 40 tekens"
    ),
    r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$": "moet een module-id zijn: kleine letters en cijfers, woorden verbonden met -, bijv. zorg-en-veiligheid",
}
"""What each pattern of the models expects, in words; tests check every pattern in the schemas is here."""


_DATE = "moet een datum zijn (JJJJ-MM-DD), bijv. 2026-10-12, en die datum moet bestaan"
_TIMESTAMP = "moet een tijdstip zijn (JJJJ-MM-DDTUU:MM:SS), bijv. 2026-10-12T14:30:00, en dat tijdstip moet bestaan"
_DATE_AND_TIME_MESSAGES = {
    "date_type": _DATE,
    "date_parsing": _DATE,
    "date_from_datetime_parsing": _DATE,
    "date_from_datetime_inexact": "moet een datum zijn zonder tijd (JJJJ-MM-DD)",
    "date_past": "moet een datum in het verleden zijn",
    "date_future": "moet een datum in de toekomst zijn",
    "datetime_type": _TIMESTAMP,
    "datetime_parsing": _TIMESTAMP,
    "datetime_from_date_parsing": _TIMESTAMP,
    "datetime_object_invalid": _TIMESTAMP,
    "datetime_past": "moet een tijdstip in het verleden zijn",
    "datetime_future": "moet een tijdstip in de toekomst zijn",
    "timezone_naive": "moet een tijdstip zonder tijdzone zijn",
    "timezone_aware": "moet een tijdstip met tijdzone zijn (bijv. +01:00)",
    "timezone_offset": "heeft een onmogelijke tijdzone; gebruik bijv. +01:00 (hoogstens 23:59 uur verschil)",
    "time_type": "moet een tijd zijn (UU:MM:SS)",
    "time_parsing": "moet een bestaande tijd zijn (UU:MM:SS)",
    "time_delta_type": "moet een tijdsduur zijn",
    "time_delta_parsing": "moet een tijdsduur zijn",
}
"""Every date and time error pydantic knows, in Dutch."""


def dutch_message(detail: ErrorDetails) -> str:
    kind = detail["type"]
    ctx = detail.get("ctx") or {}
    given = detail.get("input")
    templates = {
        "missing": "ontbreekt (verplicht)",
        "extra_forbidden": "onbekende sleutel; controleer de spelling",
        "int_type": "moet een geheel getal zijn",
        "int_parsing": "moet een geheel getal zijn",
        "int_from_float": "moet een geheel getal zijn",
        "float_type": "moet een getal zijn",
        "float_parsing": "moet een getal zijn",
        "finite_number": "moet een eindig getal zijn (geen .inf of .nan)",
        "bool_type": "moet ja of nee (true/false) zijn",
        "bool_parsing": "moet ja of nee (true/false) zijn",
        "list_type": "moet een lijst zijn",
        "dict_type": "moet een verzameling sleutels en waarden zijn",
        "model_type": "moet een verzameling sleutels en waarden zijn",
        "model_attributes_type": "moet een verzameling sleutels en waarden zijn",
        **_DATE_AND_TIME_MESSAGES,
        "union_tag_not_found": "'soort' ontbreekt",
    }
    if kind in templates:
        message = templates[kind]
    elif kind == "string_type" and given is None:
        message = "is leeg; let op: in YAML begint alles na een # een opmerking, dus zet zo'n waarde tussen aanhalingstekens"
    elif kind == "string_type":
        message = "moet tekst zijn"
        if isinstance(given, (int, float)) and not isinstance(given, bool):
            message += '; zet een getal dat tekst moet zijn tussen aanhalingstekens, bijv. "1.0"'
    elif kind == "string_too_short":
        message = "mag niet leeg zijn"
    elif kind == "string_too_long":
        message = f"mag hoogstens {ctx.get('max_length')} tekens lang zijn"
    elif kind == "too_short":
        message = f"moet minstens {_items(ctx.get('min_length'))} bevatten"
    elif kind == "too_long":
        message = f"mag hoogstens {_items(ctx.get('max_length'))} bevatten"
    elif kind == "string_pattern_mismatch":
        message = PATTERN_MESSAGES.get(str(ctx.get("pattern")), "heeft niet de verwachte vorm")
    elif kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        words = {
            "greater_than_equal": "minstens",
            "greater_than": "groter dan",
            "less_than_equal": "hoogstens",
            "less_than": "kleiner dan",
        }
        limit = next(iter(ctx.values()), "?")
        message = f"moet {words[kind]} {_plain_number(limit)} zijn"
    elif kind == "literal_error":
        message = f"moet een van deze waarden zijn: {_dutch_or(ctx.get('expected', ''))}"
    elif kind == "union_tag_invalid":
        message = f"onbekende soort '{ctx.get('tag')}'; mogelijk: {_dutch_or(ctx.get('expected_tags', ''))}"
    elif kind in ("value_error", "assertion_error"):
        message = str(ctx.get("error", "heeft een ongeldige waarde"))
    else:
        message = f"heeft een ongeldige waarde ({kind})"  # never pydantic's English text
    if kind not in ("missing", "extra_forbidden") and _is_shown(given):
        message += f" (gegeven: {given!r})"
    return message


def _plain_number(value: object) -> str:
    """100.0 -> '100', 0.01 -> '0,01': a limit as a Dutch reader writes it."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, float):
        return repr(value).replace(".", ",")
    return str(value)


def _dutch_or(expected: str) -> str:
    return expected.replace(" or ", " of ")


def _is_shown(value: object) -> bool:
    return isinstance(value, (str, int, float, bool)) and len(repr(value)) <= 60


def _items(count: object) -> str:
    """'1 item', '3 items': a list length from pydantic's error context."""
    return plural(count, "item", "items") if isinstance(count, int) else f"{count} items"
