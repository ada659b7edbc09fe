"""Read a saved column mapping (`--koppeling KOPPELING.yaml`): which header of a survey export is
which respondent column, question, or not to be read. Every problem names the file, line and key."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from volwassenheid.core.questionset import QuestionSet
from volwassenheid.core.survey_matching import mapping_problems
from volwassenheid.storage.yamlfile import invalid_file, read_model

INVALID = "ongeldige koppeling"


class MappingFile(BaseModel):
    """The file's shape: `kolommen` maps each header, as the export writes it, to its meaning."""

    model_config = ConfigDict(extra="forbid", strict=True)

    vragenlijst: str | None = None
    """For the reader: the set the mapping was made for (not checked)."""
    kolommen: dict[str, str] = Field(min_length=1)


def load_column_mapping(path: str | Path, question_set: QuestionSet) -> dict[str, str]:
    """Header -> meaning from the file at `path`, checked against `question_set`."""
    path = Path(path)
    mapping, document = read_model(path, MappingFile, INVALID, "verwacht de sleutel kolommen, met per kolomkop een betekenis")
    problems = mapping_problems(mapping.kolommen, question_set)
    if problems:
        raise invalid_file(path, document, INVALID, [(("kolommen", header), reason) for header, reason in problems.items()])
    return mapping.kolommen
