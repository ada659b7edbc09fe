"""The question set (vragenlijst): phases, dimensions, questions and advice, as data.

The models check types and single values. Checks that span the whole set
(unique ids, references, one option per phase) live in `consistency_problems`,
so the loader can report every problem of a file at once.
"""

from __future__ import annotations

from collections import Counter
from typing import Annotated, Literal, Union

from pydantic import BaseModel, ConfigDict, Field

ID_PATTERN = r"^[A-Za-z][A-Za-z0-9_]*$"
MAX_PHASES = 9
"""One key per phase in the interview (1-9), and answers fit one byte in scoring."""
MAX_QUESTIONS_PER_DIMENSION = 24
"""Scoring packs a respondent's phase total and answer count into one byte per answer."""

Level = Literal["strategisch", "tactisch", "operationeel"]
LEVELS: tuple[Level, ...] = ("strategisch", "tactisch", "operationeel")
LEVEL_LABELS = {
    "strategisch": "Strategisch (bestuur, directie)",
    "tactisch": "Tactisch (management, ketenregie)",
    "operationeel": "Operationeel (uitvoering)",
}
Horizon = Literal["kort", "middellang", "lang"]
Actor = Literal["bestuur", "ketenregisseur", "management", "professionals"]
Operator = Literal[">=", ">", "<=", "<"]

Text = Annotated[str, Field(min_length=1)]
Identifier = Annotated[str, Field(pattern=ID_PATTERN)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Phase(_Strict):
    nummer: int = Field(ge=1)
    naam: Text
    beschrijving: Text


class Dimension(_Strict):
    id: Identifier
    naam: Text
    kort: Annotated[str, Field(min_length=1, max_length=24)] | None = None
    """Short label for tables and charts; the full name when absent."""
    beschrijving: Text
    gewicht: float = Field(default=1.0, gt=0)
    themas: list[Text] = Field(default_factory=list)
    bronnen: list[Text] = Field(default_factory=list)


    @property
    def label(self) -> str:
        return self.kort or self.naam


class InterviewerHelp(_Strict):
    luisteren: Text | None = None
    doorvragen: Text | None = None


class Question(_Strict):
    id: Identifier
    dimensie: Identifier
    tekst: Text
    opties: list[Text]
    hulp: InterviewerHelp | None = None


class Advice(_Strict):
    titel: Text
    toelichting: Text
    horizon: Horizon
    actor: Actor


class Recommendation(Advice):
    """Advice for one dimension, for the step from phase `van_fase` to the next."""

    dimensie: Identifier
    van_fase: int = Field(ge=1)


# --- pattern rules: structured conditions, never code -----------------------


class ScoreCondition(_Strict):
    soort: Literal["score"]
    dimensie: Identifier
    operator: Operator
    waarde: float


class DifferenceCondition(_Strict):
    """score(dimensie) - score(ten_opzichte_van)."""

    soort: Literal["verschil"]
    dimensie: Identifier
    ten_opzichte_van: Identifier
    operator: Operator
    waarde: float


class SpreadCondition(_Strict):
    """Standard deviation of the respondents' scores on one dimension."""

    soort: Literal["spreiding"]
    dimensie: Identifier
    operator: Operator
    waarde: float = Field(ge=0)


class LevelDifferenceCondition(_Strict):
    """Mean score of level `hoog` minus that of `laag`; all dimensions when none given."""

    soort: Literal["niveauverschil"]
    hoog: Level
    laag: Level
    dimensie: Identifier | None = None
    operator: Operator
    waarde: float


class OrganisationDifferenceCondition(_Strict):
    """Highest minus lowest organisation score; all dimensions when none given."""

    soort: Literal["organisatieverschil"]
    dimensie: Identifier | None = None
    operator: Operator
    waarde: float


class GapCountCondition(_Strict):
    """How many dimensions lie at least `minimale_kloof` below their ambition."""

    soort: Literal["aantal_kloven"]
    minimale_kloof: float = Field(gt=0)
    operator: Operator
    waarde: int = Field(ge=0)


Condition = Annotated[
    Union[
        ScoreCondition,
        DifferenceCondition,
        SpreadCondition,
        LevelDifferenceCondition,
        OrganisationDifferenceCondition,
        GapCountCondition,
    ],
    Field(discriminator="soort"),
]


class PatternRule(_Strict):
    id: Identifier
    naam: Text
    uitleg: Text
    voorwaarden: list[Condition] = Field(min_length=1)
    advies: Advice


class QuestionSet(_Strict):
    id: Identifier
    naam: Text
    versie: Text
    beschrijving: Text | None = None
    erft_van: Text | None = None
    """Id of a shipped set, or a path relative to this file: phases, dimensions and advice come from there."""
    fasen: list[Phase] = Field(min_length=2, max_length=MAX_PHASES)
    dimensies: list[Dimension] = Field(min_length=1)
    vragen: list[Question] = Field(min_length=1)
    adviezen: list[Recommendation] = Field(default_factory=list)
    patronen: list[PatternRule] = Field(default_factory=list)

    @property
    def phase_count(self) -> int:
        return len(self.fasen)

    def phase_name(self, number: int) -> str:
        return self.fasen[number - 1].naam

    def dimension(self, dimension_id: str) -> Dimension:
        for dimension in self.dimensies:
            if dimension.id == dimension_id:
                return dimension
        raise KeyError(dimension_id)

    def questions_of(self, dimension_id: str) -> list[Question]:
        return [q for q in self.vragen if q.dimensie == dimension_id]

    def question_ids(self) -> list[str]:
        return [q.id for q in self.vragen]


# --- checks across the whole set --------------------------------------------


def consistency_problems(data: object) -> list[tuple[tuple, str]]:
    """Problems that span the set, as (key path, Dutch message).

    Works on the raw mapping and skips whatever has the wrong type (the model
    reports that), so a file with type errors still gets these checks too.
    """
    if not isinstance(data, dict):
        return []
    problems: list[tuple[tuple, str]] = []
    phases = _dict_items(data, "fasen")
    dimensions = _dict_items(data, "dimensies")
    questions = _dict_items(data, "vragen")

    for position, (index, phase) in enumerate(phases, start=1):
        number = phase.get("nummer")
        if isinstance(number, int) and number != position:
            problems.append(
                (("fasen", index, "nummer"), f"is {number}, verwacht {position}: fasen worden genummerd 1, 2, 3, ... in volgorde")
            )

    problems += _duplicate_ids(dimensions, "dimensies", "dimensie")
    problems += _duplicate_ids(questions, "vragen", "vraag")
    problems += _duplicate_ids(_dict_items(data, "patronen"), "patronen", "patroon")

    dimension_ids = {d.get("id") for _, d in dimensions if isinstance(d.get("id"), str)}
    known = ", ".join(sorted(dimension_ids)) or "(geen)"
    phase_count = len(phases)

    def check_dimension(path: tuple, value: object) -> None:
        if isinstance(value, str) and dimension_ids and value not in dimension_ids:
            problems.append((path, f"onbekende dimensie '{value}'; bekend zijn: {known}"))

    for index, question in questions:
        check_dimension(("vragen", index, "dimensie"), question.get("dimensie"))
        options = question.get("opties")
        if isinstance(options, list) and phase_count and len(options) != phase_count:
            problems.append(
                (("vragen", index, "opties"), f"heeft {len(options)} antwoordopties, verwacht {phase_count} (één per fase)")
            )

    for index, advice in _dict_items(data, "adviezen"):
        check_dimension(("adviezen", index, "dimensie"), advice.get("dimensie"))
        step = advice.get("van_fase")
        if isinstance(step, int) and phase_count and not 1 <= step < phase_count:
            problems.append(
                (("adviezen", index, "van_fase"), f"is {step}, verwacht 1 t/m {phase_count - 1} (de stap van fase k naar k+1)")
            )

    for index, rule in _dict_items(data, "patronen"):
        conditions = rule.get("voorwaarden")
        for c_index, condition in enumerate(conditions if isinstance(conditions, list) else []):
            if not isinstance(condition, dict):
                continue
            for key in ("dimensie", "ten_opzichte_van"):
                check_dimension(("patronen", index, "voorwaarden", c_index, key), condition.get(key))
            if condition.get("soort") == "niveauverschil" and condition.get("hoog") == condition.get("laag"):
                problems.append(
                    (("patronen", index, "voorwaarden", c_index), "'hoog' en 'laag' zijn hetzelfde niveau")
                )

    per_dimension = Counter(q.get("dimensie") for _, q in questions)
    for index, dimension in dimensions:
        count = per_dimension.get(dimension.get("id"), 0)
        if dimension.get("id") in dimension_ids and questions and not count:
            problems.append((("dimensies", index), f"dimensie '{dimension.get('id')}' heeft geen vragen"))
        elif count > MAX_QUESTIONS_PER_DIMENSION:
            problems.append(
                (("dimensies", index), f"dimensie '{dimension.get('id')}' heeft {count} vragen; hoogstens {MAX_QUESTIONS_PER_DIMENSION}")
            )
    return problems


def _dict_items(data: dict, key: str) -> list[tuple[int, dict]]:
    items = data.get(key)
    if not isinstance(items, list):
        return []
    return [(i, item) for i, item in enumerate(items) if isinstance(item, dict)]


def _duplicate_ids(items: list[tuple[int, dict]], key: str, noun: str) -> list[tuple[tuple, str]]:
    first_seen: dict[str, int] = {}
    problems = []
    for index, item in items:
        item_id = item.get("id")
        if not isinstance(item_id, str):
            continue
        if item_id in first_seen:
            problems.append(
                ((key, index, "id"), f"{noun}-id '{item_id}' komt dubbel voor (ook bij {key}[{first_seen[item_id]}])")
            )
        else:
            first_seen[item_id] = index
    return problems
