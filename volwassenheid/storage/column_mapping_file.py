"""A saved column mapping (`--koppeling KOPPELING.yaml`): which header of a survey export is which
respondent column, question, or not to be read, and what codes in the organisatie and niveau columns
stand for. Read with every problem naming the file, line and key; written as such a file holds it."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, model_validator

from volwassenheid.core.questionset import QuestionSet
from volwassenheid.core.survey_matching import SavedMapping, mapping_problems
from volwassenheid.storage.yamlfile import invalid_file, read_model

INVALID = "ongeldige koppeling"


class MappingFile(BaseModel):
    """The file's shape: `kolommen` maps each header, as the export writes it, to its meaning;
    `antwoorden` maps, per role, a code in its cells to what it stands for."""

    model_config = ConfigDict(extra="forbid", strict=True)

    vragenlijst: str | None = None
    """For the reader: the set the mapping was made for (not checked)."""
    kolommen: dict[str, str] = Field(default_factory=dict)
    antwoorden: dict[str, dict[str, str]] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _says_something(self) -> MappingFile:
        if not self.kolommen and not self.antwoorden:
            raise ValueError("de koppeling is leeg: geef kolommen, antwoorden of allebei")
        return self


def load_column_mapping(path: str | Path, question_set: QuestionSet) -> SavedMapping:
    """The mapping in the file at `path`, checked against `question_set`."""
    path = Path(path)
    read, document = read_model(path, MappingFile, INVALID, "verwacht de sleutel kolommen, met per kolomkop een betekenis")
    mapping = SavedMapping(read.kolommen, read.antwoorden)
    problems = mapping_problems(mapping, question_set)
    if problems:
        raise invalid_file(path, document, INVALID, problems)
    return mapping


def mapping_yaml(
    columns: Sequence[tuple[str, str]],
    answers: Mapping[str, Mapping[str, str]] | None = None,
    question_set: str | None = None,
    comment: Sequence[str] = (),
) -> str:
    """The YAML `load_column_mapping` reads: every header with its meaning ('negeren' for those not read)
    and the answer codes per role, after the `comment` lines. Every text is written as a JSON string,
    which is a YAML string."""

    def text(value: str) -> str:
        return json.dumps(value, ensure_ascii=False)

    lines = [f"# {' '.join(line.split())}" for line in comment]  # one line each, whatever a title holds
    if question_set:
        lines.append(f"vragenlijst: {text(question_set)}")
    if columns:
        lines.append("kolommen:")
        lines += [f"  {text(header)}: {text(meaning)}" for header, meaning in columns if header]  # an id may be 'yes' or 'null'
    if answers:
        lines.append("antwoorden:")
        for role, codes in answers.items():
            lines.append(f"  {role}:")
            lines += [f"    {text(code)}: {text(meaning)}" for code, meaning in codes.items()]
    return "\n".join(lines) + "\n"
