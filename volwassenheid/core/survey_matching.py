"""How the headers and cells of a survey export as it comes (Microsoft Forms, LimeSurvey, a spreadsheet)
are matched to the question set. Pure.

A header is a question when it is the question's id, starts with it ('amb1. Hoe …', LimeSurvey's
'code. text'), or is the question's text, with or without a number before it ('3. Hoe …'). Texts are
compared `loose`: curly quotes as straight ones, any kind of space as one space, case folded, and a
trailing full stop, question mark or colon dropped. The respondent, organisation, level,
partnership and measurement columns are also found by their usual labels (ROLE_LABELS).
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from volwassenheid.core.question_codes import question_codes
from volwassenheid.core.questionset import LEVEL_LABELS, LEVELS, QuestionSet

SIMILAR_ENOUGH = 0.80
"""A header that is no question's text as such is taken for the question it resembles this much
(`similarity`), when it resembles no other question within SIMILAR_MARGIN: a text edited in Forms."""
SIMILAR_MARGIN = 0.10
WORTH_NAMING = 0.55
"""A header left over that resembles a question this much is reported with its closest questions."""

_STRAIGHT = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u00a0": " ",
        "\u2007": " ",
        "\u202f": " ",
        "\ufeff": "",
    }
)

ROLE_LABELS: dict[str, tuple[str, ...]] = {
    "respondent": ("respondent", "id", "antwoord id", "response id", "respondentnummer"),
    "organisatie": ("organisatie", "organisation", "bij welke organisatie werkt u", "voor welke organisatie werkt u", "uw organisatie"),
    "niveau": ("niveau", "level", "op welk niveau werkt u", "op welk niveau werkt u vooral"),
    "samenwerkingsverband": ("samenwerkingsverband",),
    "meting": ("meting", "jaar", "meetmoment"),
}
"""The labels a role's column goes by in exports, compared `loose`; the first is the template's own."""


def loose(text: str) -> str:
    """Text as compared: curly quotes straight, any kind of space one space, case folded, and a
    trailing '.', '?' or ':' dropped. 'Weet ik niet.' is 'weet ik niet'; 'dilemma’s' is "dilemma's"."""
    if "&" in text:  # LimeSurvey may give a text as it stored it: 'A &amp; B'
        text = html.unescape(text)
    text = re.sub(r"\s+", " ", text.translate(_STRAIGHT)).strip().casefold()
    return text.rstrip(" .?:").strip()


def _spaced(name: str) -> str:
    """A header with underscores for its spaces (LimeSurvey's option 'spaces to underscores') spaced
    again ('antwoord_id'); a header with a space in it is left as it is. (An id such as 'qs_doel' is
    looked up before.)"""
    return name.replace("_", " ") if " " not in name else name


_CODE = re.compile(r"^\[?([^\s.:)\]]+)[.:)\]]?\s")
"""The code before a header's text, as LimeSurvey writes it: 'amb1. Hoe …', '[amb1] …', 'niveau: Op welk …'."""
_NUMBER = re.compile(r"^\d+[.)]?\s+")
"""A form's own number before a question's text: '3. Hoe …', '12) Hoe …'."""


def role_of(header: str) -> str | None:
    """The role a header names by one of its usual labels, alone or as the code before a text."""
    name = _spaced(loose(header))
    code = _CODE.match(name)
    for role, labels in ROLE_LABELS.items():
        if name in labels or (code and code.group(1) in labels):
            return role
    return None


def level_names() -> dict[str, str]:
    """Level as written (`loose`) to level: 'strategisch' and the interview's own 'Strategisch (bestuur, directie)'."""
    names: dict[str, str] = {loose(level): level for level in LEVELS}
    names.update({loose(label): level for level, label in LEVEL_LABELS.items()})
    return names


class QuestionHeaders:
    """Finds the question a header stands for, by id, 'id. text', or text (numbered or not)."""

    def __init__(self, question_set: QuestionSet):
        self.ids = {q.id.lower(): q.id for q in question_set.vragen}
        for question_id, code in question_codes(list(self.ids.values())).items():
            self.ids.setdefault(code.lower(), question_id)  # LimeSurvey's code: 'qsamb' for 'qs_amb'
        texts: dict[str, list[str]] = {}
        for q in question_set.vragen:
            texts.setdefault(loose(q.tekst), []).append(q.id)
        # a text two questions share names neither of them
        self.texts = {text: ids[0] for text, ids in texts.items() if len(ids) == 1}

    def find(self, header: str) -> str | None:
        name = loose(header)
        if name in self.ids:
            return self.ids[name]
        code = _CODE.match(name)
        if code and code.group(1) in self.ids:  # 'amb1. Hoe …', 'amb1: …', '[amb1] …'
            return self.ids[code.group(1)]
        name = _spaced(name)
        if name in self.texts:
            return self.texts[name]
        unnumbered = _NUMBER.sub("", name)  # '3. Hoe …': the number is the form's, not the set's
        return self.texts.get(unnumbered) if unnumbered != name else None

    def abbreviated(self, header: str) -> bool:
        """A question text cut short as LimeSurvey's 'abbreviated' headings are ('Hoe gebruiken p..'):
        it can be no question for sure."""
        raw = header.strip()
        start = _NUMBER.sub("", _spaced(loose(raw)))
        return raw.endswith(("..", "…")) and len(start) >= 5 and any(text.startswith(start) for text in self.texts)

    def closest(self, header: str, free: set[str]) -> list[tuple[float, str]]:
        """The questions in `free` by their `similarity` to the header, the closest first."""
        text = _NUMBER.sub("", loose(header))
        scores = [(similarity(text, question_text), question) for question_text, question in self.texts.items() if question in free]
        return sorted(scores, key=lambda pair: (-pair[0], pair[1]))


def similarity(a: str, b: str) -> float:
    """How alike two `loose` texts are, 0 to 1: the mean of difflib's ratio over their characters and
    over their words (punctuation left out), which tells edited texts from other questions best."""
    words_a, words_b = re.sub(r"[^\w\s]", " ", a).split(), re.sub(r"[^\w\s]", " ", b).split()
    by_characters = SequenceMatcher(None, a, b, autojunk=False).ratio()
    by_words = SequenceMatcher(None, words_a, words_b, autojunk=False).ratio()
    return (by_characters + by_words) / 2


IGNORE = "negeren"
"""What a saved mapping (`--koppeling`) says of a column that is not to be read."""


@dataclass(frozen=True)
class SavedMapping:
    """A saved mapping (`--koppeling`): what each header is (a role, a question id in any case, or
    'negeren'), and for the organisatie and niveau columns what a code in their cells stands for."""

    columns: Mapping[str, str]
    answers: Mapping[str, Mapping[str, str]] = field(default_factory=dict)

    def answer_of(self, role: str) -> dict[str, str]:
        """Code as compared (`loose`) -> what it stands for, for a role's cells."""
        return {loose(code): text for code, text in self.answers.get(role, {}).items()}


CODED_ROLES = ("organisatie", "niveau")
"""The roles whose cells a saved mapping may give codes for."""


def mapping_problems(mapping: SavedMapping, question_set: QuestionSet) -> list[tuple[tuple[str, ...], str]]:
    """(key path in the mapping file, why it cannot be used, in Dutch) for every meaning that is not a
    role, a question id in any case, or 'negeren', and every answer code of a role that cannot have them
    or of a level that does not exist; empty when all is well."""
    ids = {q.id.lower() for q in question_set.vragen}
    choices = f"kies respondent, organisatie, niveau, samenwerkingsverband, meting, {IGNORE} of een vraag-id (zoals {question_set.vragen[0].id})"
    problems: list[tuple[tuple[str, ...], str]] = [
        (("kolommen", header), f"onbekende betekenis '{meaning}'; {choices}")
        for header, meaning in mapping.columns.items()
        if meaning.lower() not in (*ROLE_LABELS, IGNORE) and meaning.lower() not in ids
    ]
    levels = level_names()
    for role, codes in mapping.answers.items():
        if role not in CODED_ROLES:
            problems.append((("antwoorden", role), f"alleen organisatie en niveau hebben antwoordcodes, niet '{role}'"))
            continue
        names = {loose(text) for text in codes.values()}
        for code, text in codes.items():
            if not code.strip() or not text.strip():
                problems.append((("antwoorden", role, code), "een code en wat hij betekent mogen niet leeg zijn"))
            elif loose(code) in names and loose(code) != loose(text):
                problems.append((("antwoorden", role, code), f"'{code}' is ook een {role} in deze lijst; een cel moet één ding betekenen"))
            elif role == "niveau" and loose(text) not in levels:
                problems.append((("antwoorden", role, code), f"onbekend niveau '{text}'; kies strategisch, tactisch of operationeel"))
    return problems
