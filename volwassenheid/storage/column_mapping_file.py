"""Read a saved column mapping (`--koppeling KOPPELING.yaml`): which header of a survey export is
which respondent column, question, or not to be read. Every problem names the file, line and key."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from volwassenheid.core.errors import UserError
from volwassenheid.core.questionset import QuestionSet
from volwassenheid.core.survey_matching import mapping_problems
from volwassenheid.core.validation import pydantic_problems
from volwassenheid.storage.yamlfile import located_problems, read_yaml


class MappingFile(BaseModel):
    """The file's shape: `kolommen` maps each header, as the export writes it, to its meaning."""

    model_config = ConfigDict(extra="forbid", strict=True)

    vragenlijst: str | None = None
    """For the reader: the set the mapping was made for (not checked)."""
    kolommen: dict[str, str] = Field(min_length=1)


def load_column_mapping(path: str | Path, question_set: QuestionSet) -> dict[str, str]:
    """Header -> meaning from the file at `path`, checked against `question_set`."""
    path = Path(path)
    document = read_yaml(path)
    data = document.data if document.data is not None else {}
    if not isinstance(data, dict):
        raise UserError(f"{path}: ongeldige koppeling: verwacht de sleutel kolommen, met per kolomkop een betekenis.")
    try:
        mapping = MappingFile.model_validate(data)
    except ValidationError as error:
        raise UserError(f"{path}: ongeldige koppeling:", located_problems(document, pydantic_problems(error))) from error
    problems = mapping_problems(mapping.kolommen, question_set)
    if problems:
        located = [(("kolommen", header), reason) for header, reason in problems.items()]
        raise UserError(f"{path}: ongeldige koppeling:", located_problems(document, located))
    return mapping.kolommen
