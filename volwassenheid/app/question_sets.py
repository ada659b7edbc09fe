"""Question sets: the shipped ones, one set checked and read, its JSON Schema and CSV template.

What `volwassenheid vragen` shows, without the printing.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from volwassenheid.core.errors import UserError
from volwassenheid.core.modules import with_checked_modules
from volwassenheid.core.questionset import QuestionSet
from volwassenheid.core.schemas import json_schema
from volwassenheid.storage import question_sets as set_files

SCHEMA_KINDS = ("vragenlijst", "traject", "interview", "scores", "vergelijking")
"""The file formats `question_set_schema` describes: a question set, traject.yaml, an interview file."""
TEMPLATE_COLUMNS = ("respondent", "organisatie", "niveau")
"""The columns before the question ids in a survey file."""


@dataclass(frozen=True)
class ShippedSet:
    """A question set shipped with the program; `question_set` is None when its file is invalid."""

    path: Path
    question_set: QuestionSet | None


def shipped_set_folder() -> Path:
    return set_files.shipped_set_dir()


def shipped_sets() -> list[ShippedSet]:
    """Every shipped set, in file order; an invalid file is listed too, without its set."""
    found = []
    for path in set_files.shipped_set_paths():
        try:
            question_set: QuestionSet | None = set_files.load_question_set(path)
        except UserError:
            question_set = None
        found.append(ShippedSet(path, question_set))
    return found


def open_question_set(reference: str | os.PathLike[str], modules: Iterable[str] | None = None) -> QuestionSet:
    """A set by the id of a shipped set (`samenwerking` the newest version, `samenwerking@1.0` that
    version) or by path, checked: a UserError lists every problem with its line and key. Without
    `modules` the whole set, every module included; with them its core and those modules only,
    as a traject or a survey with those modules uses it (an unknown module is a UserError)."""
    found = set_files.find_question_set(os.fspath(reference))
    if modules is None:
        return found
    return with_checked_modules(found, modules)


def question_set_schema(kind: str = "vragenlijst") -> dict[str, Any]:
    """The JSON Schema of a file format (one of SCHEMA_KINDS), for editors."""
    if kind not in SCHEMA_KINDS:
        raise UserError(f"Schema '{kind}' bestaat niet; kies {', '.join(SCHEMA_KINDS)}.")
    return json_schema(kind)


def csv_template(question_set: QuestionSet, delimiter: str = ";") -> str:
    """The header line of a survey file for this set: respondent, organisatie, niveau, one column per question."""
    columns: Sequence[str] = [*TEMPLATE_COLUMNS, *question_set.question_ids()]
    return delimiter.join(columns) + "\n"
