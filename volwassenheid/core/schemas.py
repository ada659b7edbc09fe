"""JSON Schemas of the file formats, generated from the models."""

from __future__ import annotations

from pydantic import BaseModel

from volwassenheid.core.models import Engagement, Interview
from volwassenheid.core.questionset import QuestionSet

_MODELS: dict[str, type[BaseModel]] = {"vragenlijst": QuestionSet, "traject": Engagement, "interview": Interview}
_TITLES = {
    "vragenlijst": "Vragenlijst voor volwassenheid (vragen/*.yaml)",
    "traject": "Traject (traject.yaml)",
    "interview": "Interview (interviews/*.json)",
}


def json_schema(kind: str) -> dict:
    schema = _MODELS[kind].model_json_schema()
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema, "title": _TITLES[kind]}
