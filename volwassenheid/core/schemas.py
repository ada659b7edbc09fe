"""JSON Schemas of the file formats, generated from the models."""

from __future__ import annotations

from pydantic import BaseModel

from volwassenheid.core.comparison import Comparison
from volwassenheid.core.models import Engagement, Interview
from volwassenheid.core.questionset import QuestionSet
from volwassenheid.core.results import EngagementResult


class _Heading(BaseModel):
    samenwerkingsverband: str
    meting: str
    datum: str


class ScoreDocument(EngagementResult):
    """What `score --json` prints and batch writes as scores.json (see core.json_documents)."""

    traject: _Heading


_MODELS: dict[str, type[BaseModel]] = {
    "vragenlijst": QuestionSet,
    "traject": Engagement,
    "interview": Interview,
    "scores": ScoreDocument,
    "vergelijking": Comparison,
}
_TITLES = {
    "vragenlijst": "Vragenlijst voor volwassenheid (vragen/*.yaml)",
    "traject": "Traject (traject.yaml)",
    "interview": "Interview (interviews/*.json)",
    "scores": "Scores (uitvoer van score --json en scores.json van batch)",
    "vergelijking": "Vergelijking van twee metingen (uitvoer van vergelijk --json)",
}


def json_schema(kind: str) -> dict:
    schema = _MODELS[kind].model_json_schema()
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema, "title": _TITLES[kind]}
