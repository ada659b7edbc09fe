"""How easy a question set's Dutch is to read: the Flesch-Douma score. Pure.

Flesch-Douma (Douma 1960, Flesch's reading ease fitted to Dutch):

    206.84 - 0.77 x (syllables per 100 words) - 0.93 x (words per sentence)

Higher is easier; 60 and above is about language level B1, which a survey for
police officers, social workers and municipal staff alike should meet.

Counting, kept simple and documented so anyone can redo it by hand:
- a word is a run of letters (digits and punctuation are no words);
- a syllable is a group of consecutive vowels (a, e, i, o, u, y, with or
  without accent), so "ou" in "vertrouwen" and "ie" in "politie" are one; a
  vowel with a diaeresis (ë, ï, ...) starts a new group, as in "ideeën"; a
  word has at least one syllable;
- a sentence ends at '.', '!', '?' or ';' (one of the options' clauses); a
  text without such a mark, such as an answer option, is one sentence.

A question's score is the mean of the scores of its text and of each of its
answer options, each read as a text of its own: a respondent reads them one by
one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from statistics import fmean

from volwassenheid.core.questionset import Question, QuestionSet

B1_FROM = 60.0
"""The Flesch-Douma score from which a text counts as B1."""

_WORD = re.compile(r"[^\W\d_]+")
_VOWEL_GROUP = re.compile(r"[aeiouyáéíóúàèìòùâêîôû]+|[äëïöü][aeiouyáéíóúàèìòùâêîôû]*")
_SENTENCE_END = re.compile(r"[.!?;]+")


@dataclass(frozen=True)
class TextCounts:
    words: int
    syllables: int
    sentences: int


def syllables(word: str) -> int:
    """Vowel groups in the word (see the module's rules); at least one."""
    return max(1, len(_VOWEL_GROUP.findall(word.lower())))


def counts(text: str) -> TextCounts:
    words = _WORD.findall(text)
    # a sentence is a piece between end marks that holds a word
    sentences = sum(1 for piece in _SENTENCE_END.split(text) if _WORD.search(piece))
    return TextCounts(words=len(words), syllables=sum(map(syllables, words)), sentences=max(1, sentences))


def flesch_douma(text: str) -> float | None:
    """The text's Flesch-Douma score; None for a text without words."""
    found = counts(text)
    if not found.words:
        return None
    return 206.84 - 77 * found.syllables / found.words - 0.93 * found.words / found.sentences


@dataclass(frozen=True)
class QuestionReadability:
    id: str
    score: float
    """The mean of the question text's score and each option's."""
    lowest: str
    """The text of the question (or option) that reads hardest."""


def question_readability(question: Question) -> QuestionReadability | None:
    scored = [(score, text) for text in (question.tekst, *question.opties) if (score := flesch_douma(text)) is not None]
    if not scored:
        return None
    return QuestionReadability(id=question.id, score=fmean(score for score, _ in scored), lowest=min(scored)[1])


def set_readability(question_set: QuestionSet) -> list[QuestionReadability]:
    """Every question of the set that has words, in the set's order."""
    return [found for question in question_set.vragen if (found := question_readability(question)) is not None]
