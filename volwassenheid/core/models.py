"""The traject on disk: traject.yaml and one interview file per respondent (models only).

The models are strict: a value must already have its documented type. `true`,
`"3"` or `4.0` is never read as a phase, `"0.5"` never as a share, `"ja"`
never as done. Only dates and times may be text, as JSON has no date type.
Text never holds a control character (ESC, BEL, NUL, ...): it would steer the
terminal that shows it. A remark (`toelichting`) may hold newlines and tabs.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Annotated, Final, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Discriminator, Field, Tag, model_validator

from volwassenheid.core.questionset import LEVELS, MAX_PHASES, Identifier, Level, ModuleId, PhaseRule, Threshold
from volwassenheid.core.validation import control_characters, escaped
from volwassenheid.core.vocabulary import DONT_KNOW, NOT_APPLICABLE, NonScore

INTERVIEW_FORMAT: Final = "volwassenheid-interview/1"
RESPONDENT_CODE_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$"


EARLIEST_DATE = dt.date(1990, 1, 1)
LATEST_DATE = dt.date(2099, 12, 31)
"""Measurement dates outside this range are typing errors (and the report's fonts cannot carry a date before 1904)."""
MAX_GROUP = 1000
"""The largest sensible `minimale_groep`; above it no group could ever be shown."""


def date_problem(value: dt.date) -> str | None:
    """Why a measurement date is refused (in Dutch), or None when it is fine."""
    if EARLIEST_DATE <= value <= LATEST_DATE:
        return None
    return f"de datum moet tussen {EARLIEST_DATE:%d-%m-%Y} en {LATEST_DATE:%d-%m-%Y} liggen (gegeven: {value:%d-%m-%Y})"


def _date_or_text(value: object) -> object:
    # Pydantic would read a number as seconds since 1970, and a date-time as a date.
    if isinstance(value, dt.datetime) or not isinstance(value, (dt.date, str)):
        raise ValueError("moet een datum zijn, geschreven als 2026-10-12 (JJJJ-MM-DD)")  # pydantic turns only ValueError into a validation message
    if isinstance(value, str) and re.fullmatch(r"\d{1,2}-\d{1,2}-\d{4}", value.strip()):
        return _day_month_year(value.strip())  # 12-10-2026, as the command line also accepts
    return value


def _day_month_year(text: str) -> dt.date:
    day, month, year = (int(part) for part in text.split("-"))
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueError("is geen bestaande datum; schrijf de datum als JJJJ-MM-DD of DD-MM-JJJJ") from None


def _no_control_characters(allowed: str):
    def check(value: str) -> str:
        found = control_characters(value, allowed)
        if found:
            shown = ", ".join(escaped(ch) for ch in found)
            raise ValueError(f"bevat een onzichtbaar stuurteken ({shown}) dat een terminal kan besturen; haal het weg")
        return value

    return check


def repeated_name_problems(names: list[str]) -> list[str]:
    """Two spellings of one organisation (`Politie`, ` politie `) in traject.yaml would split its respondents.
    (A survey's organisations are taken as they come; this is for the list a consultant writes.)"""
    seen: dict[str, str] = {}
    problems = []
    for name in names:
        key = name_key(name)
        if key in seen:
            problems.append(f"'{name}' staat er twee keer in (ook als '{seen[key]}'); noem elke organisatie één keer")
        seen.setdefault(key, name)
    return problems


def distinct_names(names) -> list[str]:
    """`names` without later spellings of a name given before (`Politie`, `politie`)."""
    kept: dict[str, str] = {}
    for name in names:
        kept.setdefault(name_key(name), name)
    return list(kept.values())


def name_key(name: str) -> str:
    """How two names compare: case, and spaces around and between words, left out."""
    return " ".join(name.split()).casefold()


def _date_in_range(value: dt.date) -> dt.date:
    problem = date_problem(value)
    if problem:
        raise ValueError(problem)
    return value


def _timestamp_or_text(value: object) -> object:
    if not isinstance(value, (dt.datetime, str)):
        raise ValueError("moet een tijdstip zijn, geschreven als 2026-10-12T14:30:00")  # pydantic turns only ValueError into a validation message
    return value


def _finite(value: object) -> object:
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError("moet een gewoon getal zijn, geen oneindig (.inf) of 'geen getal' (.nan)")
    return value


def _phase_or_non_score(value: object) -> object:
    # `type(...) is int` leaves out True and False, which Python counts as 1 and 0.
    if (type(value) is int and 1 <= value <= MAX_PHASES) or value in (DONT_KNOW, NOT_APPLICABLE):
        return value
    raise ValueError(
        f"moet een fasenummer zijn (een geheel getal van 1 t/m {MAX_PHASES}, zonder aanhalingstekens), '{DONT_KNOW}' of '{NOT_APPLICABLE}'"
    )


Text = Annotated[str, Field(min_length=1), AfterValidator(_no_control_characters(""))]
"""One line of text from a file: no control characters, no line breaks or tabs."""
Line = Annotated[str, AfterValidator(_no_control_characters(""))]
"""Like Text, but may be empty."""
Remark = Annotated[str, AfterValidator(_no_control_characters("\n\t"))]
"""A remark of several lines: newlines and tabs allowed, other control characters not."""

MeasurementDate = Annotated[dt.date, Field(strict=False), BeforeValidator(_date_or_text), AfterValidator(_date_in_range)]
Timestamp = Annotated[dt.datetime, Field(strict=False), BeforeValidator(_timestamp_or_text)]
PhaseNumber = Annotated[int, Field(ge=1, le=MAX_PHASES)]
AnswerValue = Annotated[PhaseNumber | NonScore, BeforeValidator(_phase_or_non_score)]
Share = Annotated[float, Field(gt=0, le=1), BeforeValidator(_finite)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class QuestionSetRef(_Strict):
    """Which set a traject or interview uses: a shipped id, or a path beside traject.yaml."""

    id: Identifier
    versie: Text
    pad: Text | None = None


Weighting = Literal["organisatie", "respondent"]
MAX_INVITED = 1_000_000
PEOPLE_COUNT = f"moet een aantal mensen zijn: een geheel getal van 1 t/m {MAX_INVITED}, zonder aanhalingstekens"
INVITED_SHAPE = f"{PEOPLE_COUNT}; of een aantal per niveau, bijv. {{strategisch: 4, operationeel: 20}} (niveaus: {', '.join(LEVELS)})"


def _whole_number(message: str):
    def check(value: object) -> object:
        # `type(...) is int` leaves out True and False, which Python counts as 1 and 0.
        if type(value) is int:
            return value
        raise ValueError(message)  # pydantic turns only ValueError into a validation message

    return check


def _invited_shape(value: object) -> str:
    return "per_niveau" if isinstance(value, dict) else "int"


Invited = Annotated[int, Field(ge=1, le=MAX_INVITED), BeforeValidator(_whole_number(PEOPLE_COUNT))]
InvitedCount = Annotated[
    Annotated[int, Field(ge=1, le=MAX_INVITED), BeforeValidator(_whole_number(INVITED_SHAPE)), Tag("int")]
    | Annotated[dict[Level, Invited], Field(min_length=1), Tag("per_niveau")],
    Discriminator(_invited_shape),
]
"""People invited from one organisation: one number, or one per level (levels not named: nobody invited there)."""


class ScoringSettings(_Strict):
    minimaal_aandeel: Share = 0.5
    """Share of a dimension's questions a respondent must answer with a phase."""
    minimale_groep: int = Field(default=3, ge=1, le=MAX_GROUP)
    """Smallest group (organisation, level) whose scores are shown apart."""
    minimale_n: int = Field(default=5, ge=1, le=MAX_GROUP)
    """Below this many respondents a dimension's result is only indicative (indicatief)."""
    weging: Weighting = "organisatie"
    """Each organisation weighs the same in a dimension's score, or each respondent does."""
    fase_regel: PhaseRule | None = None
    """Overrides the question set's phase rule for this traject."""
    drempel: Threshold | None = None
    """Overrides the question set's threshold for this traject."""


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


OLD_TARGET_KEY = "ambitie"
OLD_KEYS = {OLD_TARGET_KEY: "doelfase", "ambitie_bron": "doelfase_bron"}


def _no_repeats(items: list[str]) -> list[str]:
    if len(set(items)) != len(items):
        raise ValueError("noemt een module meer dan eens")  # pydantic turns only ValueError into a validation message
    return items


DEFAULT_MEASUREMENT = "0-meting"
TargetSource = Annotated[Remark, Field(min_length=1, max_length=2000)]
"""How and by whom the doelfase was set (a steering-group session, a covenant): in the report's appendix."""


AgendaStatus = Literal["uitgevoerd", "deels", "niet", "onbekend"]


class AgendaReview(_Strict):
    """What became of one action of the previous measurement's roadmap, as the consultant recorded it."""

    actie: Text
    """The action's title, as the previous report's roadmap gave it."""
    status: AgendaStatus
    toelichting: Text | None = None


class Engagement(_Strict):
    """traject.yaml: one assessment of one partnership."""

    @model_validator(mode="before")
    @classmethod
    def _old_target_key(cls, data: object) -> object:
        """`ambitie` is the old name of `doelfase` (and `ambitie_bron` of `doelfase_bron`): still read, never written."""
        for old, new in OLD_KEYS.items():
            if isinstance(data, dict) and old in data:
                if new in data:
                    raise ValueError(f"geef '{new}' of de oude naam '{old}', niet allebei")  # pydantic turns only ValueError into a message
                data = {(new if key == old else key): value for key, value in data.items()}
        return data

    samenwerkingsverband: Text
    opdrachtgever: Text | None = None
    adviseur: Text | None = None
    datum: MeasurementDate
    meting: Text = DEFAULT_MEASUREMENT
    vragenlijst: QuestionSetRef
    organisaties: list[Text] = Field(default_factory=list)
    modules: Annotated[list[ModuleId], AfterValidator(_no_repeats)] = Field(default_factory=list)
    """Context modules of the question set this traject uses besides its core."""
    doelfase: dict[str, PhaseNumber] = Field(default_factory=dict)
    """The phase the partnership aims for, per dimension (written `ambitie` before version 2.0 of the set)."""
    doelfase_bron: TargetSource | None = None
    instellingen: ScoringSettings = Field(default_factory=ScoringSettings)
    uitgenodigd: dict[str, InvitedCount] = Field(default_factory=dict)
    """People invited per organisation (optionally per level), for the response rate."""
    huisstijl: Branding | None = None
    vorige_meting: Text | None = None
    """The folder of the previous measurement's traject, relative to this one (`nieuw --vervolg`)."""
    vorige_agenda: list[AgendaReview] = Field(default_factory=list)
    """What became of the previous roadmap's actions (`nieuw --vervolg` asks it)."""


class EngagementTemplate(_Strict):
    """A traject template (`batch --traject-sjabloon`): the keys of traject.yaml that hold for every
    partnership of one batch: one client, one consultant, one round of measurement, one house style.
    Each key means what it means in traject.yaml; a key not given keeps traject.yaml's default."""

    opdrachtgever: Text | None = None
    adviseur: Text | None = None
    meting: Text = DEFAULT_MEASUREMENT
    datum: MeasurementDate | None = None
    """None: the day the batch names, or today."""
    doelfase_bron: TargetSource | None = None
    huisstijl: Branding | None = None
    """Its logo is a path relative to the template's folder."""


PER_PARTNERSHIP_KEYS: Final = {
    "samenwerkingsverband": "de naam komt per samenwerkingsverband uit de enquête",
    "organisaties": "de organisaties komen per samenwerkingsverband uit de enquête",
    "doelfase": "de doelfase geldt per samenwerkingsverband en komt uit een doelfasebestand (samenwerkingsverband;dimensie;fase)",
    OLD_TARGET_KEY: "de doelfase geldt per samenwerkingsverband en komt uit een doelfasebestand (samenwerkingsverband;dimensie;fase)",
    "vragenlijst": "de vragenlijst wordt bij de batch zelf gekozen",
    "modules": "de modules worden bij de batch zelf gekozen",
    "uitgenodigd": "het aantal uitgenodigden geldt per samenwerkingsverband",
    "instellingen": "een batch scoort met de standaardinstellingen en de faseregel van de vragenlijst",
    "vorige_meting": "de vorige meting hoort bij één samenwerkingsverband; vergelijk twee batches per samenwerkingsverband",
    "vorige_agenda": "de vorige agenda hoort bij één samenwerkingsverband",
}
"""Keys of traject.yaml that an EngagementTemplate does not take, with the Dutch reason: said instead of
'unknown key' when a whole traject.yaml is given as a template."""


class Answer(_Strict):
    waarde: AnswerValue
    toelichting: Remark | None = None


class Interview(_Strict):
    """interviews/CODE.json: one respondent's answers; never holds a name."""

    formaat: Literal["volwassenheid-interview/1"] = INTERVIEW_FORMAT
    code: Annotated[str, Field(pattern=RESPONDENT_CODE_PATTERN)]
    organisatie: Text
    niveau: Level
    rol: Line | None = None
    vragenlijst: QuestionSetRef
    bron: Literal["interview", "enquete"] = "interview"
    gestart: Timestamp | None = None
    bijgewerkt: Timestamp | None = None
    afgerond: bool = False
    antwoorden: dict[str, Answer] = Field(default_factory=dict)
