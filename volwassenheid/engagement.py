"""The traject on disk: traject.yaml and one interview file per respondent (models only)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal, Union

from pydantic import BaseModel, ConfigDict, Field

from volwassenheid.questionset import Identifier, Level, Text

INTERVIEW_FORMAT = "volwassenheid-interview/1"
RESPONDENT_CODE_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$"

DONT_KNOW = "weet_niet"
NOT_APPLICABLE = "nvt"
NonScore = Literal["weet_niet", "nvt"]
AnswerValue = Union[Annotated[int, Field(ge=1)], NonScore]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class QuestionSetRef(_Strict):
    """Which set a traject or interview uses: a shipped id, or a path beside traject.yaml."""

    id: Identifier
    versie: Text
    pad: Text | None = None


class ScoringSettings(_Strict):
    minimaal_aandeel: float = Field(default=0.5, gt=0, le=1)
    """Share of a dimension's questions a respondent must answer with a phase."""
    minimale_groep: int = Field(default=3, ge=1)
    """Smallest group (organisation, level) whose scores are shown apart."""


HexColour = Annotated[str, Field(pattern=r"^#(?:[0-9a-fA-F]{3}){1,2}$")]


class Colours(_Strict):
    primair: HexColour = "#1f4e79"
    accent: HexColour = "#c0504d"


class Branding(_Strict):
    """The consultancy's house style in the report (huisstijl)."""

    bureau: Text | None = None
    logo: Text | None = None
    """PNG, JPEG or SVG; a path relative to the file that names it."""
    kleuren: Colours = Field(default_factory=Colours)


class Engagement(_Strict):
    """traject.yaml: one assessment of one partnership."""

    samenwerkingsverband: Text
    opdrachtgever: Text | None = None
    adviseur: Text | None = None
    datum: dt.date
    meting: Text = "0-meting"
    vragenlijst: QuestionSetRef
    organisaties: list[Text] = Field(default_factory=list)
    ambitie: dict[str, Annotated[int, Field(ge=1)]] = Field(default_factory=dict)
    instellingen: ScoringSettings = Field(default_factory=ScoringSettings)
    huisstijl: Branding | None = None


class Answer(_Strict):
    waarde: AnswerValue
    toelichting: str | None = None


class Interview(_Strict):
    """interviews/CODE.json: one respondent's answers; never holds a name."""

    formaat: Literal["volwassenheid-interview/1"] = INTERVIEW_FORMAT
    code: Annotated[str, Field(pattern=RESPONDENT_CODE_PATTERN)]
    organisatie: Text
    niveau: Level
    rol: str | None = None
    vragenlijst: QuestionSetRef
    bron: Literal["interview", "enquete"] = "interview"
    gestart: dt.datetime | None = None
    bijgewerkt: dt.datetime | None = None
    afgerond: bool = False
    antwoorden: dict[str, Answer] = Field(default_factory=dict)
