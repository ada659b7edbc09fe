"""Which terms of a set's begrippenlijst a text uses, so the interview can explain them. Pure."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from volwassenheid.core.questionset import Question, QuestionSet, Term

MAX_TERMS_SHOWN = 4
"""Terms explained beside one question: the help box stays readable on a 24-line screen."""


@lru_cache(maxsize=512)
def _pattern(term: str) -> re.Pattern[str]:
    """The term as a word of its own, or with a Dutch plural ending (casus -> casussen). A term
    written with a capital (OM, RIEC, Landelijk Kader) matches only as written: "OM" is not "om";
    one in lower case also at the start of a sentence."""
    flags = 0 if any(character.isupper() for character in term) else re.IGNORECASE
    return re.compile(rf"(?<![\w-]){re.escape(term)}(?:s|en|sen|n)?(?![\w-])", flags)


def terms_in(terms: Iterable[Term], texts: Iterable[str]) -> list[Term]:
    """The terms that occur in any of `texts`, in the order of the begrippenlijst."""
    joined = "\n".join(texts)
    lowered = joined.lower()
    if len(lowered) != len(joined):  # a character whose lower case is longer: positions would not match
        return [term for term in terms if _pattern(term.term).search(joined)]
    return [term for term in terms if _occurs(term.term, joined, lowered)]


def _occurs(term: str, joined: str, lowered: str) -> bool:
    """Whether the term's pattern matches in `joined`, tried only where the term's letters stand: a
    plain substring search finds those places far faster than the pattern's search through the text."""
    pattern = _pattern(term)
    needle = term.lower()
    start = lowered.find(needle)
    while start != -1:
        if pattern.match(joined, start):
            return True
        start = lowered.find(needle, start + 1)
    return False


def question_terms(question_set: QuestionSet, question: Question) -> list[Term]:
    """The terms a respondent meets in this question: its text, its options and when n.v.t. applies."""
    texts = [question.tekst, *question.opties, question.nvt_als or ""]
    return terms_in(question_set.begrippen, texts)[:MAX_TERMS_SHOWN]
