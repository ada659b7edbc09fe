"""Respondent codes and an interview's progress: pure rules, no files."""

from __future__ import annotations

import re
from collections.abc import Sequence

from volwassenheid.core.errors import UserError
from volwassenheid.core.models import Interview
from volwassenheid.core.questionset import QuestionSet

PREFIX_PATTERN = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{0,29}$")


def check_prefix(prefix: str) -> None:
    """A prefix must make valid codes (and file names): letters, digits, - and _, starting with a letter."""
    if not PREFIX_PATTERN.match(prefix):
        raise UserError(
            f"--voorvoegsel '{prefix}' kan niet: een voorvoegsel begint met een letter en bevat alleen letters, "
            "cijfers, - en _ (hoogstens 30 tekens), bijv. R, A of B."
        )


def find_code(codes: Sequence[str], wanted: str) -> str | None:
    """The code meant by what the user typed: exact, or else the one that differs only in case."""
    if wanted in codes:
        return wanted
    matches = [code for code in codes if code.casefold() == wanted.strip().casefold()]
    return matches[0] if len(matches) == 1 else None


def answered_count(interview: Interview, question_set: QuestionSet) -> int:
    """Questions with any answer (a phase, weet niet or n.v.t.)."""
    known = set(question_set.question_ids())
    return sum(1 for question_id in interview.antwoorden if question_id in known)


def first_unanswered(interview: Interview, question_set: QuestionSet) -> int | None:
    """The index of the first open question, or None when every question has an answer."""
    for index, question in enumerate(question_set.vragen):
        if question.id not in interview.antwoorden:
            return index
    return None
